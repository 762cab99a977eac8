/**
 * `check` (the built CLI) against hostile repositories (SPEC §3.1, §5): deep trees and absurd
 * paths in linear time, objects read as stored, control characters kept out of annotations, YAML
 * that the yaml library would warn about, special files named in words, a corrupt repository.
 * Repositories are made by the real git, certificates by the real openssl.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BIN, type CliRun, type JsonFinding } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { GOOD_CERT, goodPublisher, NOW_ARGS, serviceYaml } from './fixtures.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** The built CLI with a time limit: a run that stalls is a failure, not a stuck test. */
function smtpfpTimed(args: string[], cwd: string, timeoutMs = 20_000): CliRun & { ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '' },
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

function findings(r: CliRun): JsonFinding[] {
  try {
    return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  } catch {
    throw new Error(`check printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

const checkJson = (dir: string, extra: string[] = [], timeoutMs?: number) =>
  smtpfpTimed(['check', '--format', 'json', ...NOW_ARGS, ...extra], dir, timeoutMs);

describe('depth: time linear in the size of trees and paths (SPEC §5)', () => {
  test('a cert: path of 100,000 segments is a cert-path finding, in seconds', () => {
    const repo = goodPublisher();
    const deep = `${'a/'.repeat(100_000)}c.pem`;
    repo.write('smtp.yml', serviceYaml({ cert: deep })).commit('absurd path');
    const r = checkJson(repo.dir);
    assert.equal(r.code, 1, `exit ${r.code} after ${r.ms} ms: ${r.stderr}`);
    const found = findings(r).filter((f) => f.rule === 'cert-path');
    assert.equal(found.length, 1, JSON.stringify(findings(r)).slice(0, 500));
    assert.equal(found[0]!.line, 6);
    assert.match(found[0]!.message, /at most 4096 bytes, got 200005 bytes/);
  });

  test('an unrelated file 3,000 folders deep does not stall check of HEAD', () => {
    const repo = new TestRepo();
    // fast-import writes the deep path in one process (no file system allows it on disk).
    const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`;
    const deep = `${'d/'.repeat(3000)}notes.txt`;
    const stream = [
      'commit refs/heads/main',
      'committer T <t@example.org> 1700000000 +0000',
      blob('deep tree'),
      'M 100644 inline smtp.yml',
      blob(serviceYaml()),
      'M 100644 inline certs/mail.pem',
      blob(GOOD_CERT.pem),
      `M 100644 inline ${deep}`,
      blob('far down'),
      '',
    ].join('\n');
    const imported = spawnSync('git', ['fast-import', '--quiet'], {
      cwd: repo.dir,
      env: repo.env,
      input: stream,
      encoding: 'utf8',
    });
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(repo.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').length, 3);
    const r = checkJson(repo.dir);
    assert.equal(r.code, 0, `exit ${r.code} after ${r.ms} ms: ${r.stderr}`);
    assert.deepEqual(findings(r), []);
  });
});

describe('objects are read as stored (SPEC §3.2, §5)', () => {
  test("check reads HEAD's real service file, not a refs/replace/ substitute", () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ domain: 'Example.ORG' })).commit('uppercase domain');
    const real = repo.git('rev-parse', 'HEAD:smtp.yml');
    const substitute = repo.git('rev-parse', 'HEAD~1:smtp.yml');
    repo.git('replace', real, substitute);
    assert.equal(repo.git('cat-file', 'blob', 'HEAD:smtp.yml'), serviceYaml().trimEnd(), 'git substitutes');
    const r = checkJson(repo.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      findings(r).map((f) => [f.rule, f.line]),
      [['schema', 5]],
    );
  });
});

describe('no control character in annotations (SPEC §5)', () => {
  test('--format github: file names and YAML keys with ESC, OSC and BEL', () => {
    const repo = goodPublisher();
    repo
      .write('\u001b[31mred\u0007.yml', `${serviceYaml()}"\\e]8;;https://evil.example\\a\\e[2J": 1\n`)
      .commit('hostile names');
    const r = smtpfpTimed(['check', '--format', 'github', ...NOW_ARGS], repo.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^::error file=.*red.*\.yml,line=7,/m);
    assert.doesNotMatch(r.stdout, CONTROL);
    assert.doesNotMatch(r.stderr, CONTROL);
  });
});

describe('YAML the yaml library would warn about (SPEC §5)', () => {
  test('a list as a mapping key is a finding at its own line, with no process warning', () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ extra: '    ? [a, b]\n    : 1' })).commit('complex key');
    const r = checkJson(repo.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      findings(r).map((f) => [f.rule, f.line]),
      [['yaml-syntax', 7]],
    );
    assert.match(findings(r)[0]!.message, /a mapping or list as a key/);
  });
});

describe('special files under --worktree (SPEC §5)', () => {
  test('a FIFO service file is named in words and never opened', () => {
    const repo = goodPublisher();
    rmSync(join(repo.dir, 'smtp.yml'));
    const fifo = spawnSync('mkfifo', [join(repo.dir, 'smtp.yml')]);
    assert.equal(fifo.status, 0);
    const r = checkJson(repo.dir, ['--worktree'], 10_000);
    assert.equal(r.code, 1, `exit ${r.code} after ${r.ms} ms: ${r.stderr}`);
    const [finding] = findings(r);
    assert.equal(finding?.file, 'smtp.yml');
    assert.match(finding!.message, /special file \(FIFO, socket or device\)/);
    assert.doesNotMatch(finding!.message, /a other/);
  });
});

describe('a corrupt repository (SPEC §3: environment errors exit 2)', () => {
  test('a blob missing from the object store names the object and the path', () => {
    const repo = goodPublisher();
    const oid = repo.git('rev-parse', 'HEAD:certs/mail.pem');
    rmSync(join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    const r = checkJson(repo.dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`certs/mail\\.pem.*${oid}`));
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.equal(r.stdout, '', 'nothing half-written');
  });
});
