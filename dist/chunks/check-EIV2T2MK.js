import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-2DZ4ESYG.js";
import "./chunk-A2UB33PM.js";
import "./chunk-HOLR3ISY.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-RLY47TAR.js";
import "./chunk-37STXGQA.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-PYZNU4NS.js";
import "./chunk-DUYTJGPC.js";
import "./chunk-FWEKEFTV.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
