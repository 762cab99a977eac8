#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findCommand,
  runProcess
} from "./chunks/chunk-2YD37T7E.js";
import "./chunks/chunk-AOQ2GNVF.js";
import "./chunks/chunk-4SWWH2FM.js";
import "./chunks/chunk-DUYTJGPC.js";
import "./chunks/chunk-SJKHWHK4.js";

// src/cli/bin-smtpfp-check.ts
var argv = process.argv.slice(2);
var firstWord = argv.find((a) => !a.startsWith("-"));
await runProcess(firstWord !== void 0 && findCommand(firstWord) ? argv : ["check", ...argv]);
