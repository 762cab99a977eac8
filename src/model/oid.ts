/** An object id shortened for messages: the 12 hex digits git's own output tends to show. */
export const short = (oid: string): string => oid.slice(0, 12);
