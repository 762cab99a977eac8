import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  requestFromOptions,
  run,
  verifyRequest
} from "./chunk-7H26GR7U.js";
import "./chunk-VYUGFJP6.js";
import "./chunk-ORGIFBYD.js";
import "./chunk-GS4DNTWD.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  requestFromOptions,
  run,
  verifyRequest
};
