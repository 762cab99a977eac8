#!/usr/bin/env node
import { findCommand } from './commands/registry.ts';
import { runProcess } from './main.ts';

// `smtpfp-check ARGS` is `smtpfp check ARGS`; `smtpfp-check <command> …` reaches every command.
const argv = process.argv.slice(2);
const firstWord = argv.find((a) => !a.startsWith('-'));
await runProcess(firstWord !== undefined && findCommand(firstWord) ? argv : ['check', ...argv]);
