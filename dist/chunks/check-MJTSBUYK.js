import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-VI5QV7XY.js";
import "./chunk-N4I3IYUS.js";
import "./chunk-ORGIFBYD.js";
import "./chunk-GS4DNTWD.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
