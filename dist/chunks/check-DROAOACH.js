import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-6B4CRVRD.js";
import "./chunk-LYYKWATT.js";
import "./chunk-7JBLXCWT.js";
import "./chunk-YAJETZFS.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
