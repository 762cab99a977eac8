import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  SmtpfpError
} from "./chunk-FWEKEFTV.js";

// src/consumer/errors.ts
var ConsumerError = class extends SmtpfpError {
  name = "ConsumerError";
  constructor(message, code) {
    super(code, message);
  }
};

export {
  ConsumerError
};
