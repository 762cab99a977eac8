/** Object ids: SHA-1 (40 hex digits) or SHA-256 (64) repositories. */

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const ZERO_ID = /^(?:0{40}|0{64})$/;

/** A full object id of either hash size, as git and CI systems write them. */
export function isObjectId(text: string): boolean {
  return OBJECT_ID.test(text);
}

/** The all-zero id git and CI systems use for "no commit" / "no such ref" (either hash size). */
export function isZeroOid(oid: string): boolean {
  return ZERO_ID.test(oid);
}

/** An object id shortened for messages: by default 12 hex digits, unambiguous in practice. */
export const short = (oid: string, digits = 12): string => oid.slice(0, digits);
