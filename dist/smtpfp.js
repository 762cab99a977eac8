#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  runProcess
} from "./chunks/chunk-7RK7H43J.js";
import "./chunks/chunk-N4I3IYUS.js";
import "./chunks/chunk-GS4DNTWD.js";
import "./chunks/chunk-3P6CRWMY.js";

// src/cli/bin-smtpfp.ts
await runProcess(process.argv.slice(2));
