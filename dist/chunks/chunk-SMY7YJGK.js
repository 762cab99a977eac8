import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/model/finding.ts
function findingLocation(f, prefix = "") {
  const file = `${prefix}${f.file}`;
  return f.line === null ? file : `${file}:${f.line}:${f.column ?? 1}`;
}
function firstProblem(file, findings) {
  const first = findings[0];
  return first ? `${findingLocation(first)}: ${first.message}` : file;
}

export {
  findingLocation,
  firstProblem
};
