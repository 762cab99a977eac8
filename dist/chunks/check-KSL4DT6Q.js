import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-FOMZVV24.js";
import "./chunk-A2UB33PM.js";
import "./chunk-HOLR3ISY.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-XS4NACP3.js";
import "./chunk-Y2T34S2R.js";
import "./chunk-L3JPEFSX.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import "./chunk-DUYTJGPC.js";
import "./chunk-FWEKEFTV.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
