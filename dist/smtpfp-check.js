#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findCommand,
  runProcess
} from "./chunks/chunk-D2GRICPW.js";
import "./chunks/chunk-EQOHMHOC.js";
import "./chunks/chunk-LNU2FWWB.js";
import "./chunks/chunk-DUYTJGPC.js";
import "./chunks/chunk-6MLRA7IF.js";
import "./chunks/chunk-ZTPYZK37.js";
import "./chunks/chunk-3TZPSSYH.js";
import "./chunks/chunk-2K3YEACT.js";

// src/cli/bin-smtpfp-check.ts
var argv = process.argv.slice(2);
var firstWord = argv.find((a) => !a.startsWith("-"));
await runProcess(firstWord !== void 0 && findCommand(firstWord) ? argv : ["check", ...argv]);
