#!/usr/bin/env node
import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  runProcess
} from "./chunks/chunk-2YD37T7E.js";
import "./chunks/chunk-AOQ2GNVF.js";
import "./chunks/chunk-4SWWH2FM.js";
import "./chunks/chunk-DUYTJGPC.js";
import "./chunks/chunk-SJKHWHK4.js";

// src/cli/bin-smtpfp.ts
await runProcess(process.argv.slice(2));
