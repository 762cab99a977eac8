/**
 * The hostile-input harness: runs the shipped CLI on a repository someone else controls and checks
 * what SPEC §5 promises for every input: a clear answer (a rule id, a commit status or exit 2), no
 * stack trace, no control character reaching the terminal, bounded time, nothing written.
 *
 * Each corpus file is a table of cases; a case is one row (a name, how to build the input, what
 * smtpfp must answer). `HOSTILE_SHOW=1` prints every case's outcome, to review the table.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.ts';

/** Per-case budget: every case is a small input or a bounded one, so seconds are plenty. */
export const CASE_TIMEOUT_MS = 8_000;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Raw bytes, for the control-character check (a decoded string could hide a stray byte). */
  rawOut: Buffer;
  rawErr: Buffer;
  ms: number;
}

/** Runs the built CLI with the per-case time limit. */
export function runCli(
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {},
): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...(opts.env ?? process.env), NO_COLOR: '' },
    input: opts.input ?? '',
    timeout: CASE_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rawOut = r.stdout ?? Buffer.alloc(0);
  const rawErr = r.stderr ?? Buffer.alloc(0);
  return {
    code: r.status,
    signal: r.signal,
    stdout: rawOut.toString('utf8'),
    stderr: rawErr.toString('utf8'),
    rawOut,
    rawErr,
    ms,
  };
}

/**
 * Control characters that must never reach a terminal: C0 except TAB and LF, a CR that does not
 * end a line, DEL, and C1 (as UTF-8 code points U+0080..U+009F).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/u;

export function controlCharacter(text: string): string | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const at = m.index;
  return `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`;
}

/** What SPEC §5 asks of every run, whatever the input. */
export function assertWellBehaved(run: Run, label: string): void {
  assert.equal(
    run.signal,
    null,
    `${label}: killed by ${run.signal} after ${Math.round(run.ms)} ms (time bound is ${CASE_TIMEOUT_MS} ms)`,
  );
  assert.ok(run.code === 0 || run.code === 1 || run.code === 2, `${label}: exit ${run.code}\n${run.stderr}`);
  for (const [name, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    assert.doesNotMatch(
      text,
      /^\s+at .+[:(]/m,
      `${label}: a stack frame in ${name}:\n${text.slice(0, 2000)}`,
    );
    assert.doesNotMatch(
      text,
      /node:internal|internal error|RangeError|TypeError/,
      `${label}: ${name}:\n${text.slice(0, 2000)}`,
    );
    // A process warning (deprecation, YAML's "keys will be stringified"…) is noise on a terminal.
    assert.doesNotMatch(
      text,
      /\(node:\d+\) \w*Warning/,
      `${label}: a process warning in ${name}:\n${text.slice(0, 2000)}`,
    );
    const bad = controlCharacter(text);
    assert.equal(bad, null, `${label}: a raw control character in ${name}: ${bad}`);
  }
  // A well-formed UTF-8 decode (no replacement for broken bytes the tool printed itself).
  assert.equal(
    Buffer.from(run.stdout, 'utf8').equals(run.rawOut),
    true,
    `${label}: stdout is not valid UTF-8`,
  );
  assert.equal(
    Buffer.from(run.stderr, 'utf8').equals(run.rawErr),
    true,
    `${label}: stderr is not valid UTF-8`,
  );
}

/**
 * Everything in a folder, the repository's .git included: path -> kind and content digest. Files
 * git itself may refresh on a read (the index's stat cache) are compared by presence only.
 */
export function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  const walk = (rel: string) => {
    const full = join(dir, rel);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) {
      seen.set(rel, `link ${readlinkSync(full)}`);
    } else if (st.isDirectory()) {
      seen.set(rel, 'dir');
      for (const name of readdirSync(full)) walk(rel ? join(rel, name) : name);
    } else if (st.isFile()) {
      const volatile = rel === join('.git', 'index');
      seen.set(
        rel,
        volatile ? 'file' : `file ${createHash('sha256').update(readFileSync(full)).digest('hex')}`,
      );
    } else {
      seen.set(rel, 'special');
    }
  };
  walk('');
  return seen;
}

export function assertUnchanged(
  before: Map<string, string>,
  after: Map<string, string>,
  label: string,
): void {
  const changes: string[] = [];
  for (const [path, what] of after) {
    if (!before.has(path)) changes.push(`new ${path}`);
    else if (before.get(path) !== what) changes.push(`changed ${path}`);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`removed ${path}`);
  assert.deepEqual(changes, [], `${label}: the run wrote to the repository`);
}

export const show = Boolean(process.env.HOSTILE_SHOW);

/** Runs a command on a repository and checks the §5 invariants; returns the run for the case's own assertions. */
export function runHostile(
  label: string,
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; input?: string | Buffer; root?: string } = {},
): Run {
  const root = opts.root ?? cwd;
  const before = snapshot(root);
  const run = runCli(args, cwd, opts);
  if (show) {
    process.stderr.write(
      `--- ${label} [exit ${run.code}${run.signal ? ` ${run.signal}` : ''}, ${Math.round(run.ms)} ms]\n${run.stdout.slice(0, 600)}${run.stderr.slice(0, 600)}\n`,
    );
  }
  assertWellBehaved(run, label);
  assertUnchanged(before, snapshot(root), label);
  return run;
}

export interface JsonFinding {
  file: string;
  line: number | null;
  column: number | null;
  severity: string;
  rule: string;
  message: string;
}

export function parseFindings(run: Run, label: string): JsonFinding[] {
  try {
    return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
  } catch {
    assert.fail(
      `${label}: check printed no JSON (exit ${run.code}): ${run.stdout.slice(0, 500)}\n${run.stderr.slice(0, 500)}`,
    );
  }
}

export const ruleSet = (findings: JsonFinding[]): string[] =>
  [...new Set(findings.map((f) => f.rule))].sort();

/** A case of the `check` corpus: one row. */
export interface CheckCase {
  name: string;
  /** Files of the committed tree besides a good certificate at certs/mail.pem (path -> content). */
  files: Record<string, string | Uint8Array>;
  /** Symbolic links to commit (path -> target). */
  links?: Record<string, string>;
  /** Expected exit status of `check`. */
  exit: 0 | 1 | 2;
  /** Exactly the set of rule ids reported (empty: a clean check). */
  rules: string[];
  /** Further assertions on the JSON findings and the text run. */
  also?: (findings: JsonFinding[], text: Run) => void;
}
