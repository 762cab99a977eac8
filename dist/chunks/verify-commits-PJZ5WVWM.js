import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  requestFromOptions,
  run,
  verifyRequest
} from "./chunk-JMQ3K5QK.js";
import "./chunk-5QE2Y772.js";
import "./chunk-TEGQQQYX.js";
import "./chunk-YAJETZFS.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  requestFromOptions,
  run,
  verifyRequest
};
