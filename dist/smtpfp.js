#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  runProcess
} from "./chunks/chunk-PWFS7Q77.js";
import "./chunks/chunk-FE4UCQFH.js";
import "./chunks/chunk-CRUGFJYM.js";
import "./chunks/chunk-DUYTJGPC.js";
import "./chunks/chunk-FWEKEFTV.js";

// src/cli/bin-smtpfp.ts
await runProcess(process.argv.slice(2));
