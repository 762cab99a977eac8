/**
 * Hostile names (SPEC §5): file names, `cert:` paths and YAML keys carrying control characters,
 * terminal escape sequences and line breaks. They reach reports as text; a terminal must never
 * receive them raw, and one finding must stay one line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GOOD_CERT, NOW_ARGS, serviceYaml } from '../publisher/fixtures.ts';
import { checkCorpus, hostileRepo } from './check-runner.ts';
import { type CheckCase, type JsonFinding, parseFindings, type Run, ruleSet, runHostile } from './harness.ts';

const ESC_TITLE = '\u001b]0;pwned\u0007';
const ESC_CLEAR = '\u001b[2J\u001b[H';
const good = serviceYaml();

/** In text, each finding is exactly one report line (a name cannot forge or hide a line). */
const oneLineEach = (findings: JsonFinding[], text: Run) => {
  const lines = text.stdout.split('\n').filter((l) => / (error|warning): /.test(l));
  assert.equal(lines.length, findings.length, `one line per finding:\n${text.stdout}`);
};

/** JSON keeps the name exactly (escaped by JSON), so scripts see what is in the repository. */
const namesFile = (name: string) => (findings: JsonFinding[], text: Run) => {
  assert.ok(
    findings.some((f) => f.file === name),
    `a finding names ${JSON.stringify(name)}`,
  );
  oneLineEach(findings, text);
};

/** DEL and a C1 CSI (U+009B, ESC [ on many terminals): JSON.stringify leaves both raw. */
const C1_NAME = 'c1\u009b31m\u007f.yml';

const cases: CheckCase[] = [
  {
    name: 'a service file whose name holds DEL and a C1 CSI (U+009B)',
    files: { [C1_NAME]: 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
    also: namesFile(C1_NAME),
  },
  {
    name: 'a service file whose name holds an OSC title sequence',
    files: { [`${ESC_TITLE}evil.yml`]: 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
    also: namesFile(`${ESC_TITLE}evil.yml`),
  },
  {
    name: 'a service file whose name clears the screen',
    files: { [`${ESC_CLEAR}smtp.yml`]: 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
    also: namesFile(`${ESC_CLEAR}smtp.yml`),
  },
  {
    name: 'a service file whose name holds a newline and a forged report line',
    files: { 'a\nsmtp.yml:1:1: error: all good [schema]\n.yml': 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a service file whose name holds a CR (overwrites the line on a terminal)',
    files: { 'evil\rok.yml': 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a cert path with an OSC sequence (YAML escapes)',
    files: { 'smtp.yml': serviceYaml({ cert: '"certs/\\e]0;pwned\\a.pem"' }) },
    exit: 1,
    rules: ['cert-path'],
    also: oneLineEach,
  },
  {
    name: 'a cert path with a newline',
    files: { 'smtp.yml': serviceYaml({ cert: '"certs/a\\nsmtp.yml:1:1: error: forged [schema]"' }) },
    exit: 1,
    rules: ['cert-path'],
    also: oneLineEach,
  },
  {
    name: 'a cert path with a NUL byte',
    files: { 'smtp.yml': serviceYaml({ cert: '"certs/mail.pem\\0.txt"' }) },
    exit: 1,
    rules: ['cert-path'],
    also: oneLineEach,
  },
  {
    name: 'a cert path that names an existing file with an ESC in its name',
    files: {
      'smtp.yml': serviceYaml({ cert: '"certs/\\e[1mbold.pem"' }),
      'certs/\u001b[1mbold.pem': GOOD_CERT.pem,
    },
    exit: 1,
    rules: ['cert-path'],
  },
  {
    name: 'a broken certificate file whose name holds ESC and BEL',
    files: {
      'smtp.yml': serviceYaml({ cert: '"certs/\\e]0;x\\a.pem"' }),
      'certs/\u001b]0;x\u0007.pem': 'garbage',
    },
    exit: 1,
    rules: ['cert-path'],
    also: oneLineEach,
  },
  {
    name: 'a YAML key with a newline',
    files: { 'smtp.yml': `${good}"ver\\nsion: 1 # forged": 1\n` },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a YAML key with ESC sequences',
    files: { 'smtp.yml': `${good}"\\e[31mred\\e[0m\\e]8;;https://evil.example/\\a": 1\n` },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a YAML key with a raw CR inside quotes',
    files: { 'smtp.yml': `${good}"a\\rb": 1\n` },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a domain with an ESC sequence',
    files: { 'smtp.yml': serviceYaml({ domain: '"ex\\e[2Jample.org"' }) },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a domain with a newline that would add a map line',
    files: { 'smtp.yml': serviceYaml({ domain: '"example.org\\nevil.example fingerprint match=AA"' }) },
    exit: 1,
    rules: ['schema'],
    also: oneLineEach,
  },
  {
    name: 'a hidden service with BEL and a Unicode line separator',
    files: { 'smtp.yml': good.replace(/ {8}cert: .*\n/, '        hidden_service: "a\\a\\Lb.onion"\n') },
    exit: 1,
    rules: ['onion-invalid'],
    also: oneLineEach,
  },
  {
    name: 'valid_after with an ESC sequence',
    files: { 'smtp.yml': serviceYaml({ validAfter: '"2026-01-01\\e[2J"' }) },
    exit: 1,
    rules: ['bad-date'],
    also: oneLineEach,
  },
  {
    name: 'a 255-byte file name',
    files: { [`${'n'.repeat(251)}.yml`]: 'version: 2\n' },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'a service file that is a symlink out of the repository',
    files: { 'smtp.yml': good },
    links: { 'evil.yml': '/etc/passwd' },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'a cert path through .git',
    files: { 'smtp.yml': serviceYaml({ cert: '.git/config' }) },
    exit: 1,
    rules: ['cert-missing'],
  },
];

checkCorpus('hostile names: check never hands a control character to the terminal', cases);

describe('DEL and C1 in a name, in every output format', () => {
  it('gitlab escapes them in JSON, github replaces them', () => {
    const repo = hostileRepo({ files: { [C1_NAME]: 'version: 2\n' } });
    const gitlab = runHostile('C1 name (gitlab)', ['check', '--format', 'gitlab', ...NOW_ARGS], repo.dir);
    assert.equal(gitlab.code, 1);
    assert.match(gitlab.stdout, /c1\\u009b31m\\u007f\.yml/);
    const issues = JSON.parse(gitlab.stdout) as Array<{ location: { path: string } }>;
    assert.ok(issues.some((i) => i.location.path === C1_NAME));
    const github = runHostile('C1 name (github)', ['check', '--format', 'github', ...NOW_ARGS], repo.dir);
    assert.equal(github.code, 1);
    assert.match(github.stdout, /::error file=c1\ufffd31m\ufffd\.yml/);
  });
});

describe('hostile names on disk (check --worktree)', () => {
  const worktree = (c: Pick<CheckCase, 'files' | 'links'>, expected: string[]) => {
    const repo = hostileRepo(c);
    const json = runHostile(
      'worktree (json)',
      ['check', '--worktree', '--format', 'json', ...NOW_ARGS],
      repo.dir,
    );
    assert.deepEqual(ruleSet(parseFindings(json, 'worktree')), expected);
    runHostile('worktree (text)', ['check', '--worktree', ...NOW_ARGS], repo.dir);
  };
  it('a cert path into .git is an error and its content is never printed', () => {
    const repo = hostileRepo({ files: { 'smtp.yml': serviceYaml({ cert: '.git/config' }) } });
    const r = runHostile('.git/config', ['check', '--worktree', ...NOW_ARGS], repo.dir);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout + r.stderr, /repositoryformatversion|\[core\]/);
  });
  it('a cert symlink out of the repository is refused, not followed', () => {
    worktree(
      {
        files: { 'smtp.yml': serviceYaml({ cert: 'certs/link.pem' }) },
        links: { 'certs/link.pem': '/etc/ssl/certs/ca-certificates.crt' },
      },
      ['cert-not-regular'],
    );
  });
  it('a file name with ESC and newline on disk', () => {
    worktree({ files: { '\u001b[31ma\nb.yml': 'version: 2\n' } }, ['schema']);
  });
});
