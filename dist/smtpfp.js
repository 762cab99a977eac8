#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  runProcess
} from "./chunks/chunk-D2GRICPW.js";
import "./chunks/chunk-EQOHMHOC.js";
import "./chunks/chunk-LNU2FWWB.js";
import "./chunks/chunk-DUYTJGPC.js";
import "./chunks/chunk-6MLRA7IF.js";
import "./chunks/chunk-ZTPYZK37.js";
import "./chunks/chunk-3TZPSSYH.js";
import "./chunks/chunk-2K3YEACT.js";

// src/cli/bin-smtpfp.ts
await runProcess(process.argv.slice(2));
