import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  openTree,
  run,
  runCheck
} from "./chunk-QAHK5NN2.js";
import "./chunk-RXOBKKQ6.js";
import "./chunk-LXWVEDC7.js";
import "./chunk-QQD7T7ZK.js";
import "./chunk-DQHTCUGL.js";
import "./chunk-3P6CRWMY.js";
export {
  checkSettings,
  openTree,
  run,
  runCheck
};
