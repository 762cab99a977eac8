import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  printUpdate,
  run,
  runConsumerUpdate
} from "./chunk-CIVZIX5L.js";
import "./chunk-ZC6MKFV5.js";
import "./chunk-YBXNEB7G.js";
import "./chunk-SRVF7XG2.js";
import "./chunk-YSLGEC7P.js";
import "./chunk-DBTHZ4UX.js";
import "./chunk-U475BOLU.js";
import "./chunk-DOLYYDC4.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-OTTJLMFO.js";
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
  printUpdate,
  run,
  runConsumerUpdate
};
