import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN_CHECK, checkJson, ROOT, smtpfp } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, goodPublisher, NOW_ARGS, serviceYaml } from './fixtures.ts';

const rules = (fs: Array<{ rule: string }>) => fs.map((f) => f.rule).sort();

describe('check: which tree it reads', () => {
  it('reads HEAD by default, ignoring uncommitted and staged changes', () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ domain: 'BAD.example' })).add('smtp.yml');
    repo.write('certs/mail.pem', 'garbage');
    assert.deepEqual(checkJson(repo.dir, NOW_ARGS).findings, []);
  });

  it('--staged reads the index, as a pre-commit hook must', () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ domain: 'BAD.example' })).add('smtp.yml');
    repo.write('certs/mail.pem', 'garbage'); // not staged: must not be seen
    assert.deepEqual(rules(checkJson(repo.dir, ['--staged', ...NOW_ARGS]).findings), ['schema']);
  });

  it('--staged honours GIT_INDEX_FILE (git commit -a / partial commits use a temporary index)', () => {
    const repo = goodPublisher();
    repo.write('certs/mail.pem', 'garbage');
    const env = { ...repo.env, GIT_INDEX_FILE: join(repo.dir, '.git', 'other-index') };
    const other = new TestRepo({ dir: repo.dir, env });
    other.git('read-tree', 'HEAD');
    other.git('add', 'certs/mail.pem');
    assert.deepEqual(rules(checkJson(repo.dir, ['--staged', ...NOW_ARGS], env).findings), ['cert-parse']);
    assert.deepEqual(checkJson(repo.dir, ['--staged', ...NOW_ARGS]).findings, []);
  });

  it('--worktree reads files on disk', () => {
    const repo = goodPublisher();
    repo.write('certs/mail.pem', 'garbage');
    assert.deepEqual(rules(checkJson(repo.dir, ['--worktree', ...NOW_ARGS]).findings), ['cert-parse']);
  });

  it('--worktree refuses a symlinked certificate without reading it', () => {
    const repo = goodPublisher();
    repo.git('rm', '-q', '--cached', 'certs/mail.pem');
    const outside = join(tempDir(), 'secret.pem');
    writeFileSync(outside, GOOD_CERT.pem);
    repo.write('smtp.yml', serviceYaml({ cert: 'certs/link.pem' })).symlink('certs/link.pem', outside);
    assert.deepEqual(rules(checkJson(repo.dir, ['--worktree', ...NOW_ARGS]).findings), ['cert-not-regular']);
  });

  it('reads a plain folder outside git', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'smtp.yml'), serviceYaml());
    writeFileSync(join(dir, 'certs', 'mail.pem'), GOOD_CERT.pem);
    const r = checkJson(dir, NOW_ARGS);
    assert.deepEqual(r.findings, []);
    assert.equal(r.summary.certificates, 1);
    writeFileSync(join(dir, 'xmpp.yml'), 'version: 1\nconfig: []\n');
    assert.deepEqual(rules(checkJson(dir, NOW_ARGS).findings), ['schema']);
  });

  it('checks a sub-folder of a repository with paths relative to that folder', () => {
    const repo = new TestRepo();
    repo
      .write('pins/smtp.yml', serviceYaml({ cert: 'certs/nope.pem' }))
      .write('pins/certs/mail.pem', GOOD_CERT.pem);
    repo.commit('nested');
    const r = checkJson(join(repo.dir, 'pins'), NOW_ARGS);
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.rule]),
      [['smtp.yml', 'cert-missing']],
    );
    // Annotations, however, name the path from the repository root.
    const gh = smtpfp(['check', '--format', 'github', ...NOW_ARGS], { cwd: join(repo.dir, 'pins') });
    assert.match(gh.stdout, /^::error file=pins\/smtp\.yml,line=6,col=15,title=smtpfp cert-missing::/m);
  });

  it('treats dot files as not service files, and any other root YAML as one', () => {
    const repo = goodPublisher();
    repo
      .write('.gitlab-ci.yml', 'stages: [test]\n')
      .write('notes.yaml', 'hello: world\n')
      .commit('more yaml');
    const r = checkJson(repo.dir, NOW_ARGS);
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.rule]),
      [
        ['notes.yaml', 'schema'],
        ['notes.yaml', 'schema'],
        ['notes.yaml', 'schema'],
      ],
    );
    assert.equal(r.summary.files, 2);
  });

  it('validates .smtpfp.yml against the policy schema', () => {
    const repo = goodPublisher();
    repo.write('.smtpfp.yml', 'version: 1\nsigners:\n  - NOTAFINGERPRINT\n').commit('policy');
    const r = checkJson(repo.dir, NOW_ARGS);
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.rule, f.line, f.column]),
      [['.smtpfp.yml', 'schema', 3, 5]],
    );
  });
});

describe('check: exit codes and options (SPEC §3)', () => {
  it('exits 2 on an unknown option, a bad --now, a bad --format, or two sources', () => {
    const dir = goodPublisher().dir;
    for (const args of [
      ['--bogus'],
      ['--now', 'yesterday'],
      ['--format', 'xml'],
      ['--staged', '--worktree'],
    ]) {
      const r = smtpfp(['check', ...args], { cwd: dir });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^smtpfp: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('exits 2 when the folder does not exist, or HEAD has no commit', () => {
    assert.equal(smtpfp(['check', '/nonexistent/folder'], { cwd: ROOT }).code, 2);
    const empty = new TestRepo();
    const r = smtpfp(['check'], { cwd: empty.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--staged/);
  });

  it('--strict fails on warnings; without it warnings pass', () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ validAfter: '2020-01-01' })).commit('early');
    assert.equal(smtpfp(['check', ...NOW_ARGS], { cwd: repo.dir }).code, 0);
    assert.equal(smtpfp(['check', '--strict', ...NOW_ARGS], { cwd: repo.dir }).code, 1);
  });

  it('--expiry-warning moves the expiry threshold', () => {
    const dir = goodPublisher().dir; // 365 days left
    assert.deepEqual(rules(checkJson(dir, [...NOW_ARGS, '--expiry-warning', '400']).findings), [
      'cert-expires-soon',
    ]);
    assert.deepEqual(checkJson(dir, [...NOW_ARGS, '--expiry-warning', '300']).findings, []);
    assert.equal(smtpfp(['check', '--expiry-warning', 'soon'], { cwd: dir }).code, 2);
  });

  it('global options may stand before the command', () => {
    const dir = goodPublisher().dir;
    const r = smtpfp(['--format', 'json', ...NOW_ARGS, 'check'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).findings, []);
  });

  it('smtpfp-check ARGS is smtpfp check ARGS', () => {
    const repo = goodPublisher();
    repo.write('certs/mail.pem', 'garbage').commit('broken');
    const a = smtpfp(['check', '--format', 'json', ...NOW_ARGS], { cwd: repo.dir });
    const b = smtpfp(['--format', 'json', ...NOW_ARGS], { cwd: repo.dir, bin: BIN_CHECK });
    assert.equal(b.code, 1);
    assert.deepEqual(JSON.parse(b.stdout), JSON.parse(a.stdout));
    const version = smtpfp(['--version'], { cwd: repo.dir, bin: BIN_CHECK });
    assert.equal(version.code, 0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });
});

describe('check: reporters', () => {
  const broken = () => {
    const repo = goodPublisher();
    repo.write('smtp.yml', serviceYaml({ domain: 'Example.org', validAfter: '2020-01-01' })).commit('broken');
    return repo.dir;
  };

  it('text: file:line:col, severity, message and rule; no color when not a TTY', () => {
    const r = smtpfp(['check', ...NOW_ARGS], { cwd: broken() });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^smtp\.yml:5:17: error: expected a lowercase DNS name.*, got 'Example\.org' \[schema\]$/m,
    );
    assert.match(r.stdout, /^smtp\.yml:6:15: warning: .* \[cert-not-yet-valid\]$/m);
    assert.match(r.stdout, /1 error, 1 warning in 1 service file/);
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI escapes');
  });

  it('github: workflow commands with file, line, col and title', () => {
    const r = smtpfp(['check', '--format', 'github', ...NOW_ARGS], { cwd: broken() });
    assert.match(
      r.stdout,
      /^::error file=smtp\.yml,line=5,col=17,title=smtpfp schema::expected a lowercase/m,
    );
    assert.match(r.stdout, /^::warning file=smtp\.yml,line=6,col=15,title=smtpfp cert-not-yet-valid::/m);
  });

  it('gitlab: a Code Quality array on stdout with unique fingerprints, text on stderr', () => {
    const repo = goodPublisher();
    // Two identical findings at different places must still get distinct fingerprints.
    repo
      .write(
        'smtp.yml',
        serviceYaml({ domain: 'A.org', extra: '      - domain: B.org\n        cert: certs/mail.pem' }),
      )
      .commit('two');
    const r = smtpfp(['check', '--format', 'gitlab', ...NOW_ARGS], { cwd: repo.dir });
    const report = JSON.parse(r.stdout) as Array<{
      fingerprint: string;
      severity: string;
      check_name: string;
      location: { path: string; lines: { begin: number } };
    }>;
    assert.equal(report.length, 2);
    assert.equal(new Set(report.map((i) => i.fingerprint)).size, 2);
    assert.deepEqual(
      report.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
      [
        ['schema', 'major', 'smtp.yml', 5],
        ['schema', 'major', 'smtp.yml', 7],
      ],
    );
    assert.match(r.stderr, /2 errors/);
  });

  it('github: repository text cannot issue workflow commands (file names, values)', () => {
    const repo = goodPublisher();
    repo.write('a\n::error file=x.yml,line=1::INJECTED\n.yml', 'version: 1\nconfig: []\n');
    repo.write(
      'smtp.yml',
      serviceYaml({ extra: '        hidden_service: "zz\\n::warning::forged by value"' }),
    );
    repo.commit('hostile');
    const r = smtpfp(['check', '--format', 'github', ...NOW_ARGS], { cwd: repo.dir });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /^::error file=x\.yml/m);
    assert.doesNotMatch(r.stdout, /^::warning::forged/m);
    // The text report after the annotations is fenced off from the runner.
    assert.match(r.stdout, /^::stop-commands::[0-9a-f-]{36}$/m);
    const text = smtpfp(['check', ...NOW_ARGS], { cwd: repo.dir });
    assert.doesNotMatch(text.stdout, /^::/m, 'no line of the text report starts with ::');
  });

  it('json: the documented shape', () => {
    const r = checkJson(broken(), NOW_ARGS);
    assert.deepEqual(Object.keys(r.findings[0]!).sort(), [
      'column',
      'file',
      'line',
      'message',
      'rule',
      'severity',
    ]);
    assert.deepEqual(Object.keys(r.summary).sort(), [
      'certificates',
      'domains',
      'errors',
      'files',
      'warnings',
    ]);
  });
});

describe('the bundled example', () => {
  it('checks clean', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'examples', 'publisher'), dir, { recursive: true });
    const r = checkJson(dir, ['--now', '2026-12-01']);
    assert.deepEqual(r.findings, []);
    assert.equal(r.summary.files, 2);
  });
});
