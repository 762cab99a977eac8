import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  CLI_TRUST_HINTS,
  requestFromOptions,
  run
} from "./chunk-JCXZIUSZ.js";
import "./chunk-PSFSPG56.js";
import "./chunk-26VUJ6UP.js";
import "./chunk-DOLYYDC4.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-L4AZONXL.js";
import "./chunk-JUYU6Q66.js";
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
  CLI_TRUST_HINTS,
  requestFromOptions,
  run
};
