import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  loadLayoutFile,
  loadMetaFile
} from "./chunk-SRVF7XG2.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-HOVORFGY.js";
import "./chunk-FWEKEFTV.js";
export {
  loadLayoutFile,
  loadMetaFile
};
