import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/model/oid.ts
var OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
var ZERO_ID = /^(?:0{40}|0{64})$/;
function isObjectId(text) {
  return OBJECT_ID.test(text);
}
function isZeroOid(oid) {
  return ZERO_ID.test(oid);
}
var short = (oid, digits = 12) => oid.slice(0, digits);

export {
  isObjectId,
  isZeroOid,
  short
};
