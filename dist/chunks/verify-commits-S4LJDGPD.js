import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  requestFromOptions,
  run,
  verifyRequest
} from "./chunk-QGYUTVGN.js";
import "./chunk-RB5RXAWA.js";
import "./chunk-LXWVEDC7.js";
import "./chunk-QQD7T7ZK.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  requestFromOptions,
  run,
  verifyRequest
};
