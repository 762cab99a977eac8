#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  runProcess
} from "./chunks/chunk-KNVXGKJQ.js";
import "./chunks/chunk-LYYKWATT.js";
import "./chunks/chunk-YAJETZFS.js";
import "./chunks/chunk-3P6CRWMY.js";

// src/cli/bin-smtpfp.ts
await runProcess(process.argv.slice(2));
