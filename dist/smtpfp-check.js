#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findCommand,
  runProcess
} from "./chunks/chunk-KNVXGKJQ.js";
import "./chunks/chunk-LYYKWATT.js";
import "./chunks/chunk-YAJETZFS.js";
import "./chunks/chunk-3P6CRWMY.js";

// src/cli/bin-smtpfp-check.ts
var argv = process.argv.slice(2);
var firstWord = argv.find((a) => !a.startsWith("-"));
await runProcess(firstWord !== void 0 && findCommand(firstWord) ? argv : ["check", ...argv]);
