import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  requestFromOptions,
  run,
  verifyRequest
} from "./chunk-YZQX6GRC.js";
import "./chunk-TAMUZHRA.js";
import "./chunk-7JBLXCWT.js";
import "./chunk-YAJETZFS.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  requestFromOptions,
  run,
  verifyRequest
};
