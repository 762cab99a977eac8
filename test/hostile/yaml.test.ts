/**
 * Hostile YAML in a publisher repository (SPEC §3.1, §5): service files and the signing policy,
 * generated here, committed to a real repository, checked by the shipped CLI.
 */
import assert from 'node:assert/strict';
import { serviceYaml } from '../publisher/fixtures.ts';
import { checkCorpus } from './check-runner.ts';
import type { CheckCase } from './harness.ts';

const MIB = 1024 * 1024;
const good = serviceYaml();

/** The classic "billion laughs": 9 levels of 9 aliases each, under 1 KiB. */
function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++) {
    const prev = `*a${i - 1}`;
    lines.push(`a${i}: &a${i} [${Array(9).fill(prev).join(', ')}]`);
  }
  return `${good}${lines.map((l) => l.replace(/^/, '')).join('\n')}\n`
    .replace(/^version: 1\n/, 'version: 1\nx:\n  ')
    .replace(/\na(\d)/g, '\n  a$1');
}

/** A deterministic stream of bytes (xorshift), so a failing case can be replayed. */
function pseudoRandomBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const bytes = (...parts: Array<string | number[] | Uint8Array>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const messagesShort = (max: number) => (findings: Array<{ message: string }>) => {
  for (const f of findings)
    assert.ok(f.message.length <= max, `a message of ${f.message.length} characters echoes the input`);
};

/** The one finding says the nesting is too deep and names the limit, at a line of the file. */
const tooDeep = (findings: Array<{ message: string; line: number | null }>) => {
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /nesting too deep, expected at most 64 levels/);
  assert.ok((findings[0]!.line ?? 0) > 0, 'at a line');
};

const cases: CheckCase[] = [
  { name: 'baseline: a good service file', files: { 'smtp.yml': good }, exit: 0, rules: [] },
  {
    name: 'alias bomb (billion laughs, 9x9 levels)',
    files: { 'smtp.yml': aliasBomb() },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'aliases in key position, 200 times',
    files: {
      'smtp.yml': `${good}x: &k a\ny:\n${Array.from({ length: 200 }, (_, i) => `  ? *k\n  : ${i}`).join('\n')}\n`,
    },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'deep flow nesting: 50,000 [',
    files: { 'smtp.yml': `version: 1\nconfig: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'deep flow nesting left open',
    files: { 'smtp.yml': `version: 1\nconfig: ${'{a: ['.repeat(20_000)}\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'deep block sequence nesting: 20,000 "- " on one line',
    files: { 'smtp.yml': `version: 1\nconfig:\n  ${'- '.repeat(20_000)}x\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'deep block mapping nesting: 1,000 levels',
    files: {
      'smtp.yml': `version: 1\nconfig:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 + i)}k${i}:`).join('\n')} x\n`,
    },
    exit: 1,
    rules: ['yaml-syntax'],
    also: tooDeep,
  },
  {
    name: 'deep block mapping nesting: 882 levels, each on its own line',
    files: {
      'smtp.yml': `version: 1\nconfig:\n${Array.from({ length: 882 }, (_, i) => `${' '.repeat(2 + i)}k${i}:\n`).join('')}${' '.repeat(884)}x\n`,
    },
    exit: 1,
    rules: ['yaml-syntax'],
    also: tooDeep,
  },
  {
    name: 'huge scalar: a 1,000,000-character domain',
    files: { 'smtp.yml': serviceYaml({ domain: 'a'.repeat(1_000_000) }) },
    exit: 1,
    rules: ['schema'],
    also: messagesShort(2000),
  },
  {
    name: 'exactly 1 MiB is parsed',
    files: { 'smtp.yml': `${good}#${'x'.repeat(MIB - good.length - 2)}\n` },
    exit: 0,
    rules: [],
  },
  {
    name: '1 MiB + 1 byte is file-too-large, not parsed',
    files: { 'smtp.yml': `${good}#${'x'.repeat(MIB - good.length - 1)}\n` },
    exit: 1,
    rules: ['file-too-large'],
  },
  {
    // Time linear in the number of keys: 50,000 fit in 1 MiB and take about a second.
    name: '50,000 unknown keys',
    files: { 'smtp.yml': `${good}${Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n` },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'duplicate key spelled as a number and a string (1 and "1")',
    files: { 'smtp.yml': `${good}1: a\n"1": b\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'a second document after ---',
    files: { 'smtp.yml': `${good}---\nversion: 1\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'duplicate key at the top',
    files: { 'smtp.yml': `${good}version: 1\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'duplicate key spelled two ways ("version" and version)',
    files: { 'smtp.yml': `"version": 1\n${good.replace('version: 1\n', '')}version: 1\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'duplicate key nested (cert twice in one entry)',
    files: { 'smtp.yml': serviceYaml({ extra: '        cert: certs/other.pem' }) },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'tag !!js/function',
    files: { 'smtp.yml': `${good}x: !!js/function "function () { return process.exit(3) }"\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'tag !!js/undefined and !!js/regexp',
    files: { 'smtp.yml': `${good}x: !!js/undefined ''\ny: !!js/regexp /a+$/\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'tag !!python/object/apply',
    files: { 'smtp.yml': `${good}x: !!python/object/apply:os.system ["touch pwned"]\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'verbatim tag !<tag:yaml.org,2002:js/function>',
    files: { 'smtp.yml': `${good}x: !<tag:yaml.org,2002:js/function> "function(){}"\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'a %TAG directive and a local tag',
    files: { 'smtp.yml': `%TAG !e! tag:evil.example,2026:\n---\n${good}x: !e!thing 1\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'tags of YAML 1.1 (!!binary, !!set, !!omap, !!timestamp) on values',
    files: { 'smtp.yml': serviceYaml().replace(/valid_after: /, 'valid_after: !!timestamp ') },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: '%YAML 1.1 directive does not bring back merge keys',
    files: {
      'smtp.yml': `%YAML 1.1\n---\nversion: 1\nbase: &b {domain: example.org, cert: certs/mail.pem}\nconfig:\n  - valid_after: 2020-01-01\n    domains:\n      - <<: *b\n`,
    },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'merge key << is an unknown key, never a merge',
    files: {
      'smtp.yml': serviceYaml().replace(
        '      - domain: example.org\n',
        '      - <<: {domain: example.org}\n        domain: example.org\n',
      ),
    },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'a few aliases reused within limits are fine',
    files: {
      'smtp.yml': serviceYaml({ cert: '&c certs/mail.pem' }).replace(
        /\n$/,
        '\n      - domain: example.net\n        cert: *c\n',
      ),
    },
    exit: 0,
    rules: [],
  },
  {
    name: 'a NUL byte in a value',
    files: { 'smtp.yml': bytes('version: 1\u0000\n', good.slice(11)) },
    exit: 1,
    rules: ['schema'],
    also: (findings) => assert.match(findings[0]!.message, /\\u0000/),
  },
  {
    name: '4 KiB of random bytes',
    files: { 'smtp.yml': pseudoRandomBytes(4096) },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'bytes that are not UTF-8 (Latin-1 é)',
    files: { 'smtp.yml': bytes(good, [0x23, 0xe9, 0x0a]) },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'an overlong UTF-8 encoding of "/" (0xC0 0xAF)',
    files: { 'smtp.yml': bytes(good.replace('certs/mail.pem', 'certs'), [0xc0, 0xaf], 'mail.pem\n') },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'UTF-8 BOM is accepted',
    files: { 'smtp.yml': bytes([0xef, 0xbb, 0xbf], good) },
    exit: 0,
    rules: [],
  },
  {
    name: 'UTF-16LE with its BOM is not UTF-8',
    files: { 'smtp.yml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]) },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'two BOMs',
    files: { 'smtp.yml': bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], good) },
    exit: 0,
    rules: [],
  },
  {
    name: 'CRLF line ends are accepted',
    files: { 'smtp.yml': good.replace(/\n/g, '\r\n') },
    exit: 0,
    rules: [],
  },
  {
    name: 'CRLF: a finding still names the right line and column',
    files: { 'smtp.yml': serviceYaml({ domain: 'Example.org' }).replace(/\n/g, '\r\n') },
    exit: 1,
    rules: ['schema'],
    also: (findings) => assert.deepEqual([findings[0]!.line, findings[0]!.column], [5, 17]),
  },
  {
    name: 'lone CR line ends',
    files: { 'smtp.yml': good.replace(/\n/g, '\r') },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  { name: 'two documents', files: { 'smtp.yml': `${good}---\n${good}` }, exit: 1, rules: ['yaml-syntax'] },
  {
    name: 'tab indentation',
    files: { 'smtp.yml': good.replace('  - valid_after', '\t- valid_after') },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  { name: 'an empty file', files: { 'smtp.yml': '' }, exit: 1, rules: ['schema'] },
  { name: 'only a comment', files: { 'smtp.yml': '# nothing\n' }, exit: 1, rules: ['schema'] },
  { name: 'a bare scalar document', files: { 'smtp.yml': 'hello\n' }, exit: 1, rules: ['schema'] },
  {
    name: 'version as a string',
    files: { 'smtp.yml': good.replace('version: 1', 'version: "1"') },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'version as a 30-digit integer',
    files: { 'smtp.yml': good.replace('version: 1', `version: ${'9'.repeat(30)}`) },
    exit: 1,
    rules: ['schema'],
  },
  {
    name: 'a 200,000-character key',
    files: { 'smtp.yml': `${good}${'k'.repeat(200_000)}: 1\n` },
    exit: 1,
    rules: ['yaml-syntax'],
    also: messagesShort(2000),
  },
  {
    name: 'policy: an alias bomb in .smtpfp.yml',
    files: {
      'smtp.yml': good,
      '.smtpfp.yml': aliasBomb().replace(
        /^version: 1\n(x:[\s\S]*?)\nconfig:[\s\S]*?\n( {2}a0)/,
        'version: 1\n$1\n$2',
      ),
    },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'policy: random bytes in .smtpfp.yml',
    files: { 'smtp.yml': good, '.smtpfp.yml': pseudoRandomBytes(2048, 7) },
    exit: 1,
    rules: ['yaml-syntax'],
  },
  {
    name: 'policy: duplicate signers key',
    files: { 'smtp.yml': good, '.smtpfp.yml': `version: 1\nsigners: ['${'A'.repeat(40)}']\nsigners: []\n` },
    exit: 1,
    rules: ['yaml-syntax'],
  },
];

checkCorpus('hostile YAML: check answers with a rule, in bounded time, writing nothing', cases);
