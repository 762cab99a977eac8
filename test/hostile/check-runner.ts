import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestRepo } from '../helpers/repo.ts';
import { GOOD_CERT, NOW_ARGS } from '../publisher/fixtures.ts';
import { type CheckCase, parseFindings, ruleSet, runHostile } from './harness.ts';

/** A committed publisher repository holding a good certificate and the case's files. */
export function hostileRepo(c: Pick<CheckCase, 'files' | 'links'>): TestRepo {
  const repo = new TestRepo();
  repo.write('certs/mail.pem', GOOD_CERT.pem);
  for (const [path, content] of Object.entries(c.files)) repo.write(path, content);
  for (const [path, target] of Object.entries(c.links ?? {})) repo.symlink(path, target);
  repo.commit('hostile input');
  return repo;
}

/**
 * One test per row: `check` on HEAD's tree in JSON (the answer) and in text (what a terminal
 * sees), both under the §5 invariants.
 */
export function checkCorpus(title: string, cases: readonly CheckCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        const repo = hostileRepo(c);
        const json = runHostile(`${c.name} (json)`, ['check', '--format', 'json', ...NOW_ARGS], repo.dir);
        const findings = parseFindings(json, c.name);
        assert.deepEqual(
          ruleSet(findings),
          [...c.rules].sort(),
          `${c.name}: ${JSON.stringify(findings).slice(0, 1500)}`,
        );
        assert.equal(json.code, c.exit, `${c.name}: exit`);
        for (const f of findings) {
          assert.ok(
            f.file.length > 0 && f.message.length > 0,
            `${c.name}: a finding names its file and says what is wrong`,
          );
        }
        const text = runHostile(`${c.name} (text)`, ['check', ...NOW_ARGS], repo.dir);
        assert.equal(text.code, c.exit, `${c.name}: text exit`);
        c.also?.(findings, text);
      });
    }
  });
}
