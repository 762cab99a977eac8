import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  CLI_TRUST_HINTS,
  requestFromOptions,
  run
} from "./chunk-26DQ26N6.js";
import "./chunk-MQSWHHWJ.js";
import "./chunk-U475BOLU.js";
import "./chunk-DOLYYDC4.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-GWFDKVEW.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-RLY47TAR.js";
import "./chunk-37STXGQA.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-PYZNU4NS.js";
import "./chunk-DUYTJGPC.js";
import "./chunk-FWEKEFTV.js";
export {
  CLI_TRUST_HINTS,
  requestFromOptions,
  run
};
