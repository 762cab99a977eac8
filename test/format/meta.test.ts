import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseMeta, refProblem } from '../../src/format/meta.ts';

const FP = '8A1494D27609C257660081D47F68D8988F8F06FB';
const enc = (s: string) => new TextEncoder().encode(s);
const meta = (s: string) => parseMeta('conf/meta.yml', enc(s));

function problemOf(text: string): {
  problem: string;
  line: number | null;
  column: number | null;
  message: string;
} {
  const r = meta(text);
  assert.ok('problem' in r, `expected a problem for ${JSON.stringify(text)}`);
  const f = r.findings[0]!;
  for (const g of r.findings) assert.doesNotMatch(g.message, /\p{Cc}/u, 'no control character');
  return { problem: r.problem, line: f.line, column: f.column, message: f.message };
}

describe('meta configuration (SPEC §2.3)', () => {
  it('reads groups in file order, normalizes fingerprints, keeps urls as written, ref or null', () => {
    const r = meta(
      [
        'potager:',
        '  urls:',
        '    - https://git.potager.org/smtp-fp.git',
        '    - ../peers/potager.bundle',
        '  fingerprints:',
        `    - ${FP.toLowerCase()
          .replace(/(.{4})/g, '$1 ')
          .trim()}`,
        `    - ${FP}`,
        '  ref: main',
        'anar.geek_2:',
        '  urls: [ "git@git.anargeek.net:smtp-fp.git", "-oProxyCommand=evil" ]',
        `  fingerprints: ["${'ab'.repeat(32)}"]`,
        '',
      ].join('\n'),
    );
    assert.ok('meta' in r, 'problem' in r ? r.problem : '');
    assert.deepEqual(r.meta, {
      baseDir: resolve('conf'),
      groups: [
        {
          name: 'potager',
          urls: ['https://git.potager.org/smtp-fp.git', '../peers/potager.bundle'],
          fingerprints: [FP],
          ref: 'main',
        },
        // A hostile URL is not an error of the file: it is refused when fetching, and the next tried.
        {
          name: 'anar.geek_2',
          urls: ['git@git.anargeek.net:smtp-fp.git', '-oProxyCommand=evil'],
          fingerprints: ['AB'.repeat(32)],
          ref: null,
        },
      ],
    });
  });

  it('an unquoted all-digit fingerprint (the SPEC example) is taken as written, not as a number', () => {
    const digits = '1234567890123456789012345678901234567890';
    const r = meta(`potager:\n  urls: [x]\n  fingerprints:\n    - ${digits}\n`);
    assert.ok('meta' in r, 'problem' in r ? r.problem : '');
    assert.deepEqual(r.meta.groups[0]!.fingerprints, [digits]);
    const float = problemOf('potager:\n  urls: [x]\n  fingerprints: [1.5e3]\n');
    assert.match(float.message, /expected a string, got the number 1500/);
  });

  it('errors name file:line:column and what was expected', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      [
        `potager:\n  urls: [x]\n  fingerprints: [${FP}]\n  branch: main\n`,
        4,
        3,
        /unknown key 'branch'; expected one of: urls, fingerprints, ref/,
      ],
      [`potager:\n  urls: [x]\n`, 2, 3, /missing key 'fingerprints'/],
      [`potager:\n  urls: []\n  fingerprints: [${FP}]\n`, 2, 9, /non-empty list/],
      [
        `potager:\n  urls: [x]\n  fingerprints: [1234]\n`,
        3,
        18,
        /expected an OpenPGP primary-key fingerprint: 40 or 64 hex digits.*got '1234'/,
      ],
      [
        `potager:\n  urls: [x]\n  fingerprints: [${FP}]\n  ref: -upload-pack\n`,
        4,
        8,
        /branch name.*starts with '-'/,
      ],
      [`potager:\n  urls: [x]\n  fingerprints: [${FP}]\n  ref: refs/tags/v1\n`, 4, 8, /only branches/],
      [`potager:\n  urls: [x]\n  fingerprints: [${FP}]\n  ref: a..b\n`, 4, 8, /'\.\.'/],
      [
        `potager:\n  urls: [x]\n  fingerprints: [${FP}]\n  ref: 12\n`,
        4,
        8,
        /expected a branch name, got the number 12/,
      ],
      [
        `potager:\n  urls: [${'x, '.repeat(33)}]\n  fingerprints: [${FP}]\n`,
        2,
        9,
        /expected at most 32 items, got 33/,
      ],
      ['potager: [1, 2]\n', 1, 10, /expected a mapping, got a list/],
      ['', 1, 1, /expected a mapping of group names.*empty file/],
      ['{}\n', 1, 1, /at least one group/],
      ['- a\n', 1, 1, /expected a mapping at the top of the file/],
      ['potager:\n  urls: [x]\n  urls: [y]\n', 3, 3, /invalid YAML/],
    ];
    for (const [text, line, column, message] of cases) {
      const p = problemOf(text);
      assert.match(p.message, message, text);
      assert.deepEqual([p.line, p.column], [line, column], `${text} -> ${p.problem}`);
      assert.ok(p.problem.startsWith(`conf/meta.yml:${line}:${column}: `), p.problem);
    }
  });

  it('group names: safe as a file name component and in a terminal, distinct ignoring case', () => {
    const group = (name: string) => `${name}:\n  urls: [x]\n  fingerprints: [${FP}]\n`;
    for (const bad of [
      '"../etc"',
      '"a/b"',
      '".hidden"',
      '"-rf"',
      '"a b"',
      '"evil\\e[31m"',
      '"tab\\there"',
      '"é"',
      `"${'a'.repeat(65)}"`,
      '""',
      '"a\\u0000"',
    ]) {
      const p = problemOf(group(bad));
      assert.match(p.message, /^invalid name '.*'; expected a group name: 1 to 64 ASCII letters/, bad);
      assert.deepEqual([p.line, p.column], [1, 1], bad);
    }
    for (const good of ['potager', 'Potager.ORG', 'a', '0day', 'a-b_c.d', 'a'.repeat(64)]) {
      assert.ok('meta' in meta(group(good)), good);
    }
    const p = problemOf(group('Potager') + group('potager'));
    assert.match(p.message, /'Potager' and 'potager' differ only in case/);
    assert.deepEqual([p.line, p.column], [4, 1]);
  });

  it('refProblem follows git check-ref-format --branch', () => {
    for (const ok of ['main', 'release/2026', 'refs/heads/main', 'feature-x', 'v1.2'])
      assert.equal(refProblem(ok), undefined, ok);
    for (const bad of [
      '-x',
      'a b',
      'a..b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[',
      'a\\b',
      '/a',
      'a/',
      'a//b',
      'a.',
      '.a',
      'a/.b',
      'a.lock',
      '@',
      'a@{1}',
      'refs/tags/x',
      'a\nb',
    ]) {
      assert.notEqual(refProblem(bad), undefined, bad);
    }
  });

  it('bounds: a huge file and an alias bomb are refused without being expanded', () => {
    const huge = meta(`potager:\n  urls: [${'x'.repeat(1024 * 1024)}]\n`);
    assert.ok('problem' in huge && /at most 1 MiB/.test(huge.problem));
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const t = Date.now();
    const r = meta(bomb);
    assert.ok('problem' in r);
    assert.ok(Date.now() - t < 2000);
  });
});
