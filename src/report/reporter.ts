/**
 * One reporter shape for every result type (check-jsonschema's): a result is turned into a human
 * text, a JSON value, GitHub workflow output or GitLab Code Quality issues, and `print` picks the
 * one the format asks for. JSON reporters return values, so results are merged, never re-parsed.
 */

import { jsonStringify } from '../model/json.ts';
import type { CodeQualityIssue } from './gitlab.ts';

export type OutputFormat = 'text' | 'json' | 'github' | 'gitlab';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'gitlab'];

export interface ReportOptions {
  color: boolean;
  quiet: boolean;
  /** Prepended to file names where the consumer of the report expects repository-root paths (CI annotations). */
  pathPrefix?: string;
}

/** Printed output: `stdout` is the machine-readable part in json/gitlab formats; `stderr` the human part. */
export interface Printed {
  stdout: string;
  stderr: string;
}

export interface Reporter<R> {
  /** The human report. */
  text(r: R, opts: ReportOptions): string;
  /** The value `--format json` prints. */
  json(r: R): unknown;
  /** What a JSON report leaves out that a person should still see (warnings), for stderr. */
  jsonNotes?(r: R): string;
  /** GitHub workflow output: annotations, and the log text made inert. */
  github(r: R, opts: ReportOptions): string;
  /** GitLab Code Quality issues. */
  gitlab(r: R, opts: ReportOptions): CodeQualityIssue[];
  /** The human report beside the Code Quality JSON (stderr), when it is not `text` without color. */
  gitlabLog?(r: R, opts: ReportOptions): string;
}

export const jsonText = (value: unknown): string => `${jsonStringify(value, 2)}\n`;

/** Renders a result in the chosen format. */
export function render<R>(reporter: Reporter<R>, r: R, format: OutputFormat, opts: ReportOptions): Printed {
  switch (format) {
    case 'json':
      return { stdout: jsonText(reporter.json(r)), stderr: reporter.jsonNotes?.(r) ?? '' };
    case 'github':
      return { stdout: reporter.github(r, opts), stderr: '' };
    case 'gitlab': {
      const plain = { ...opts, color: false };
      return {
        stdout: jsonText(reporter.gitlab(r, opts)),
        stderr: reporter.gitlabLog ? reporter.gitlabLog(r, plain) : reporter.text(r, plain),
      };
    }
    default:
      return { stdout: reporter.text(r, opts), stderr: '' };
  }
}

/** Where printed output goes. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Renders a result and writes it out: the one print of every command. */
export function print<R>(
  io: Output,
  reporter: Reporter<R>,
  r: R,
  format: OutputFormat,
  opts: ReportOptions,
): void {
  const printed = render(reporter, r, format, opts);
  if (printed.stdout) io.out(printed.stdout);
  if (printed.stderr) io.err(printed.stderr);
}
