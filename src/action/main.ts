/**
 * The GitHub Action (action.yml runs this bundle as dist/action.js): inputs from INPUT_* variables,
 * the range from the event payload, annotations and a job summary out, outputs commits/good/bad.
 */
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { detectCi } from '../ci/detect.ts';
import { readEventFile } from '../ci/event.ts';
import { type CiJobResult, runCiJob } from '../ci/job.ts';
import { ciReporter, outcomeLine, reportPrefix } from '../ci/report.ts';
import { ciSettings, splitFingerprints } from '../ci/settings.ts';
import { reportError, usageError } from '../model/errors.ts';
import { findingLocation } from '../model/finding.ts';
import { jsonStringify } from '../model/json.ts';
import { short } from '../model/oid.ts';
import { printableText } from '../model/text.ts';

/** How the Action's inputs give trust explicitly, for the messages of the trust layer. */
const ACTION_TRUST_HINTS = {
  fingerprint: "the 'fingerprints' input",
  signers: "the 'fingerprints' input",
  keys: "the 'keys' or 'keyring' input",
};

/** Rows beyond this go uncounted in the summary table (the summary is capped at 1 MiB). */
const MAX_ROWS = 300;

function booleanInput(name: string): boolean {
  const value = core.getInput(name);
  if (value === '' || /^(false|False|FALSE)$/.test(value)) return false;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  throw usageError(`input '${name}': expected true or false, got ${jsonStringify(value.slice(0, 40))}`);
}

const html = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

async function writeSummary(r: CiJobResult, prefix: string): Promise<void> {
  // core.summary throws when the runner gives no summary file (older runners, local runs).
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const s = core.summary;
  s.addHeading('smtpfp', 2);
  s.addRaw(`<p>${html(r.description)}</p>`, true);
  s.addRaw(`<p>${r.exit === 0 ? '✅' : '❌'} ${html(outcomeLine(r))}</p>`, true);
  const problems = [...r.failures, ...r.warnings.map((w) => `warning: ${w}`), ...r.notices];
  if (problems.length > 0) s.addList(problems.map(html));

  if (r.range) {
    s.addHeading('Commits', 3);
    if (r.verdicts.length === 0) s.addRaw('<p>no commits to verify</p>', true);
    else {
      const rows = r.verdicts
        .slice(0, MAX_ROWS)
        .map((v) => [
          `<code>${short(v.oid)}</code>${v.subject ? ` ${html(v.subject.slice(0, 80))}` : ''}`,
          v.status === 'good' ? '✅ good' : `❌ ${v.status}`,
          v.signer ? `<code>${v.signer}</code>` : '—',
        ]);
      s.addTable([
        [
          { data: 'commit', header: true },
          { data: 'status', header: true },
          { data: 'signer', header: true },
        ],
        ...rows,
      ]);
      if (r.verdicts.length > MAX_ROWS) s.addRaw(`<p>and ${r.verdicts.length - MAX_ROWS} more</p>`, true);
    }
  }
  if (r.check) {
    s.addHeading('Check', 3);
    const { summary, findings } = r.check;
    s.addRaw(
      `<p>${summary.files} service file(s), ${summary.domains} domain(s), ${summary.certificates} certificate(s): ${summary.errors} error(s), ${summary.warnings} warning(s)</p>`,
      true,
    );
    if (findings.length > 0) {
      s.addTable([
        [
          { data: 'where', header: true },
          { data: 'severity', header: true },
          { data: 'rule', header: true },
          { data: 'message', header: true },
        ],
        ...findings
          .slice(0, MAX_ROWS)
          .map((f) => [
            `<code>${html(findingLocation(f, prefix))}</code>`,
            f.severity,
            f.rule,
            html(f.message),
          ]),
      ]);
    }
  }
  await s.write();
}

async function main(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const folder = resolve(workspace, core.getInput('path') || '.');
  const keyring = core.getInput('keyring');
  const ci = detectCi(process.env, readEventFile);
  if (ci?.provider !== 'github') {
    core.setFailed('smtpfp: this action runs in GitHub Actions only (GITHUB_ACTIONS=true)');
    return;
  }
  const settings = ciSettings({
    ci,
    env: process.env,
    folder,
    fingerprints: splitFingerprints(core.getInput('fingerprints')),
    keyrings: keyring ? [keyring] : [],
    keys: core.getInput('keys'),
    strict: booleanInput('strict'),
    now: Date.now(),
    expiryWarningDays: 30,
    hints: ACTION_TRUST_HINTS,
    log: (line) => core.info(`smtpfp: ${printableText(line)}`),
  });
  const result = await runCiJob(settings);

  const prefix = reportPrefix(settings.workspace ?? workspace, folder, result.prefix);
  process.stdout.write(ciReporter.github(result, { color: false, quiet: false, pathPrefix: prefix }));
  core.setOutput('commits', result.verification.total);
  core.setOutput('good', result.verification.good);
  core.setOutput('bad', result.verification.bad);
  try {
    await writeSummary(result, prefix);
  } catch (e) {
    core.warning(
      `smtpfp: could not write the job summary: ${printableText(e instanceof Error ? e.message : String(e))}`,
    );
  }
  if (result.exit !== 0) core.setFailed(`smtpfp ${outcomeLine(result)}`);
}

main().catch((e: unknown) => {
  // The Action fails its step (exit 1) whatever the status: GitHub knows no other.
  const report = reportError(e);
  if (!report.internal) {
    core.setFailed(`smtpfp: ${printableText(report.message)}`);
  } else {
    core.setFailed(`smtpfp: internal error: ${printableText(report.message)}`);
    if (e instanceof Error && e.stack) core.debug(e.stack);
  }
});
