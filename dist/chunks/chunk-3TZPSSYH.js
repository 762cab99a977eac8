import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/report/style.ts
var wrap = (open, close) => (s) => `\x1B[${open}m${s}\x1B[${close}m`;
function makeStyle(color) {
  if (!color) {
    const id = (s) => s;
    return { red: id, yellow: id, green: id, dim: id, bold: id };
  }
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22)
  };
}

export {
  makeStyle
};
