import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult } from '../../src/model/finding.ts';
import { findingsReporter } from '../../src/report/findings.ts';
import { render } from '../../src/report/reporter.ts';
import { verdictsReporter } from '../../src/report/verdicts.ts';

const check: CheckResult = {
  findings: [
    { file: 'a.yml', line: 3, column: 1, severity: 'error', rule: 'schema', message: 'expected a list' },
    { file: 'a.yml', line: 3, column: 1, severity: 'error', rule: 'schema', message: 'expected a list' },
  ],
  summary: { files: 1, domains: 0, certificates: 0, errors: 2, warnings: 0 },
};

describe('report/reporter', () => {
  it('json is the value of the reporter, printed once; gitlab issues carry distinct fingerprints', () => {
    const json = render(findingsReporter, check, 'json', { color: false, quiet: false });
    assert.deepEqual(JSON.parse(json.stdout), findingsReporter.json(check));
    const gitlab = render(findingsReporter, check, 'gitlab', {
      color: false,
      quiet: false,
      pathPrefix: 'site/',
    });
    const issues = JSON.parse(gitlab.stdout) as Array<{ fingerprint: string; location: { path: string } }>;
    assert.equal(issues.length, 2);
    assert.notEqual(issues[0]!.fingerprint, issues[1]!.fingerprint);
    assert.equal(issues[0]!.location.path, 'site/a.yml');
    assert.match(gitlab.stderr, /2 errors/);
  });

  it('verdict warnings go to stderr beside JSON and become annotations on GitHub', () => {
    const r = {
      verdicts: [{ oid: 'a'.repeat(40), status: 'unsigned' as const, signer: null, message: 'no signature' }],
      warnings: ['read at the tip'],
    };
    const json = render(verdictsReporter, r, 'json', { color: false, quiet: false });
    assert.equal(json.stderr, 'smtpfp: warning: read at the tip\n');
    assert.equal((JSON.parse(json.stdout) as { summary: { bad: number } }).summary.bad, 1);
    const gh = render(verdictsReporter, r, 'github', { color: false, quiet: false });
    assert.match(gh.stdout, /^::warning title=smtpfp::read at the tip$/m);
    assert.match(gh.stdout, /^::error title=smtpfp unsigned::commit a{40}: no signature$/m);
  });
});
