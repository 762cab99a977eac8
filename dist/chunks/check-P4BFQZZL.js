import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-CZFOMJXO.js";
import "./chunk-LYYKWATT.js";
import "./chunk-TEGQQQYX.js";
import "./chunk-YAJETZFS.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
