#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findCommand,
  runProcess
} from "./chunks/chunk-7RK7H43J.js";
import "./chunks/chunk-N4I3IYUS.js";
import "./chunks/chunk-GS4DNTWD.js";
import "./chunks/chunk-3P6CRWMY.js";

// src/cli/bin-smtpfp-check.ts
var argv = process.argv.slice(2);
var firstWord = argv.find((a) => !a.startsWith("-"));
await runProcess(firstWord !== void 0 && findCommand(firstWord) ? argv : ["check", ...argv]);
