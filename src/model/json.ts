/**
 * JSON text for everything smtpfp prints or writes as JSON. JSON.stringify escapes C0 controls but
 * leaves DEL, the C1 controls (U+007F–U+009F) and U+2028/U+2029 raw; a C1 CSI (U+009B) drives many
 * terminals as ESC [ does. They can only occur inside strings, where \uXXXX means the same.
 */
export function jsonStringify(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  return text === undefined ? 'null' : text.replace(/[\u007f-\u009f\u2028\u2029]/g, escapeChar);
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
