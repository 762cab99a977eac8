import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  jsonStringify
} from "./chunk-FWEKEFTV.js";

// src/report/reporter.ts
var OUTPUT_FORMATS = ["text", "json", "github", "gitlab"];
var jsonText = (value) => `${jsonStringify(value, 2)}
`;
function render(reporter, r, format, opts) {
  switch (format) {
    case "json":
      return { stdout: jsonText(reporter.json(r)), stderr: reporter.jsonNotes?.(r) ?? "" };
    case "github":
      return { stdout: reporter.github(r, opts), stderr: "" };
    case "gitlab": {
      const plain = { ...opts, color: false };
      return {
        stdout: jsonText(reporter.gitlab(r, opts)),
        stderr: reporter.gitlabLog ? reporter.gitlabLog(r, plain) : reporter.text(r, plain)
      };
    }
    default:
      return { stdout: reporter.text(r, opts), stderr: "" };
  }
}
function print(io, reporter, r, format, opts) {
  const printed = render(reporter, r, format, opts);
  if (printed.stdout) io.out(printed.stdout);
  if (printed.stderr) io.err(printed.stderr);
}

export {
  OUTPUT_FORMATS,
  print
};
