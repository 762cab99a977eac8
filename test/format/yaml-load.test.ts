import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_YAML_DEPTH } from '../../src/format/yaml-depth.ts';
import { loadYaml } from '../../src/format/yaml-load.ts';
import type { Finding } from '../../src/model/finding.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function load(text: string): { findings: Finding[]; loaded: ReturnType<typeof loadYaml> } {
  const findings: Finding[] = [];
  return { loaded: loadYaml('smtp.yml', enc(text), findings), findings };
}

/** `levels` block mappings, each one key deeper than the last, under `config:` (line 2). */
function deepMaps(levels: number): string {
  let s = 'version: 1\nconfig:\n';
  for (let i = 0; i < levels; i++) s += `${' '.repeat(2 + i)}k${i}:\n`;
  return `${s}${' '.repeat(2 + levels)}x\n`;
}

describe('loadYaml: nesting depth', () => {
  it('refuses 900 nested block mappings as too deep, at the first level past the limit', () => {
    const { loaded, findings } = load(deepMaps(900));
    assert.equal(loaded, undefined);
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.rule, 'yaml-syntax');
    assert.match(f.message, /nesting too deep/);
    assert.match(f.message, new RegExp(`at most ${MAX_YAML_DEPTH} levels`));
    assert.doesNotMatch(f.message, /call stack/);
    // The root mapping is level 1, config's mapping level 2 (keys from line 3 on).
    assert.equal(f.line, MAX_YAML_DEPTH + 2);
  });

  it('refuses deep flow and block sequences the same way, without exhausting the stack', () => {
    for (const text of [
      `config: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
      `config:\n  ${'- '.repeat(100_000)}x\n`,
      `config: ${'{a: '.repeat(100_000)}\n`,
    ]) {
      const { findings } = load(text);
      assert.ok(findings.length > 0, text.slice(0, 30));
      for (const f of findings) {
        assert.equal(f.rule, 'yaml-syntax');
        assert.doesNotMatch(f.message, /call stack/);
      }
    }
  });

  it('reads nesting up to the limit', () => {
    // deepMaps(n) holds n + 1 mappings, the root one included.
    const { loaded, findings } = load(deepMaps(MAX_YAML_DEPTH - 1));
    assert.deepEqual(findings, []);
    assert.ok(loaded);
    const over = load(deepMaps(MAX_YAML_DEPTH));
    assert.match(over.findings[0]?.message ?? '', /nesting too deep/);
  });
});

describe('loadYaml: duplicate keys', () => {
  const duplicateAt = (text: string) => {
    const { loaded, findings } = load(text);
    assert.equal(loaded, undefined, text);
    assert.equal(findings.length, 1, text);
    assert.equal(findings[0]!.rule, 'yaml-syntax');
    assert.equal(findings[0]!.message, 'invalid YAML: Map keys must be unique');
    return [findings[0]!.line, findings[0]!.column];
  };

  it('reports the duplicate at its own line, nested or at the top', () => {
    assert.deepEqual(duplicateAt('a: 1\nb:\n  c: 1\n  c: 2\n'), [4, 3]);
    assert.deepEqual(duplicateAt('version: 1\nx: 2\n"version": 1\n'), [3, 1]);
    assert.deepEqual(duplicateAt('l:\n  - {a: 1, b: 2, a: 3}\n'), [2, 18]);
  });

  it('counts keys that become the same object key as duplicates (1 and "1", ~ and null, aliases)', () => {
    assert.deepEqual(duplicateAt('a: 1\n1: x\n"1": y\n'), [3, 1]);
    assert.deepEqual(duplicateAt('? ~\n: 1\nnull: 2\n'), [3, 1]);
    assert.deepEqual(duplicateAt('x: &k a\ny:\n  ? *k\n  : 1\n  ? *k\n  : 2\n'), [5, 5]);
  });

  it('keeps equal keys in different mappings apart', () => {
    const { loaded, findings } = load('a: {k: 1}\nb: {k: 2}\nl:\n  - k: 1\n  - k: 2\n');
    assert.deepEqual(findings, []);
    assert.deepEqual(loaded?.data, { a: { k: 1 }, b: { k: 2 }, l: [{ k: 1 }, { k: 2 }] });
  });

  it('refuses a second document', () => {
    const { loaded, findings } = load('a: 1\n---\nb: 2\n');
    assert.equal(loaded, undefined);
    assert.equal(findings[0]?.rule, 'yaml-syntax');
    assert.equal(findings[0]?.line, 2);
  });
});

describe('loadYaml: time linear in the number of keys', () => {
  it('reads 50,000 keys and locates every one of them in well under a few seconds', () => {
    const n = 50_000;
    const text = Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = performance.now();
    const { loaded, findings } = load(text);
    assert.deepEqual(findings, []);
    assert.ok(loaded);
    for (let i = 0; i < n; i += 1) {
      const pos = loaded.source.locate([`k${i}`], true);
      if (pos.line !== i + 1) assert.fail(`k${i} at line ${pos.line}`);
    }
    assert.equal(loaded.source.scalarSource([`k${n - 1}`]), String(n - 1));
    const ms = performance.now() - started;
    // Quadratic before: about 40 s for 20,000 keys. Linear now: about one second on a busy machine.
    assert.ok(ms < 6_000, `50,000 keys took ${Math.round(ms)} ms`);
  });
});
