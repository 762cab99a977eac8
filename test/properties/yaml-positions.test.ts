/**
 * Property: for generated service documents, written in many YAML styles, the SourceMap
 * (src/format/yaml-source.ts) puts every key and every value at the line and column where the
 * generator wrote it — the position a finding names is the node it is about.
 *
 * Seeded and bounded: set SMTPFP_PROPERTY_SEED to replay a failure (the seed is printed).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadYaml } from '../../src/format/yaml-load.ts';
import type { PathSegment } from '../../src/format/yaml-source.ts';
import type { Finding } from '../../src/model/finding.ts';

const SEED = Number(process.env.SMTPFP_PROPERTY_SEED ?? 0x5eed_c0de);

type Quote = 'plain' | 'single' | 'double';
interface Scalar {
  text: string;
  quote: Quote;
}
interface Domain {
  domain: Scalar;
  cert?: Scalar;
  hidden?: Scalar;
}
interface Config {
  validAfter: Scalar;
  domains: Domain[];
  flow: boolean;
}
interface Style {
  indent: number;
  /** Sequence items indented under their key (true) or level with it (false). */
  indentSequences: boolean;
  crlf: boolean;
  /** Spaces after `key:`. */
  gap: number;
  comments: boolean[];
}

interface Expected {
  path: PathSegment[];
  key: boolean;
  line: number;
  column: number;
}

const quoted = (s: Scalar): string =>
  s.quote === 'plain' ? s.text : s.quote === 'single' ? `'${s.text}'` : `"${s.text}"`;

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const scalar = (text: fc.Arbitrary<string>) =>
  fc.record({ text, quote: fc.constantFrom<Quote>('plain', 'single', 'double') });
const domainName = fc.tuple(label, label).map(([a, b]) => `${a}.${b}`);
const certPath = fc.tuple(label, label).map(([a, b]) => `certs/${a}/${b}.pem`);
const date = fc
  .record({
    y: fc.integer({ min: 2000, max: 2099 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
  })
  .map(
    ({ y, m, d, h }) =>
      `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:00`,
  );
const onion = fc.stringMatching(/^[a-z2-7]{56}$/).map((s) => `${s}.onion`);

const domainArb: fc.Arbitrary<Domain> = fc.record(
  { domain: scalar(domainName), cert: scalar(certPath), hidden: scalar(onion) },
  { requiredKeys: ['domain'] },
);
const configArb: fc.Arbitrary<Config> = fc.record({
  validAfter: scalar(date),
  domains: fc.array(domainArb, { minLength: 1, maxLength: 4 }),
  flow: fc.boolean(),
});
const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSequences: fc.boolean(),
  crlf: fc.boolean(),
  gap: fc.integer({ min: 1, max: 3 }),
  comments: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
});

/** Writes the document line by line, noting where each key and value starts. */
function render(configs: Config[], style: Style): { text: string; expected: Expected[] } {
  const lines: string[] = [];
  const expected: Expected[] = [];
  let comment = 0;
  const maybeComment = (indent: number) => {
    const c = style.comments[comment++ % style.comments.length];
    if (c) lines.push(comment % 3 === 0 ? '' : `${' '.repeat(indent)}# note ${comment}: not: a [key]`);
  };
  const gap = ' '.repeat(style.gap);
  /** `prefix` is what stands before the key on its line (indent, or indent and "- "). */
  const pair = (prefix: string, key: string, value: Scalar, path: PathSegment[]) => {
    const line = lines.length + 1;
    expected.push({ path, key: true, line, column: prefix.length + 1 });
    expected.push({ path, key: false, line, column: prefix.length + key.length + 1 + style.gap + 1 });
    lines.push(`${prefix}${key}:${gap}${quoted(value)}${style.comments[line % 64] ? '  # trailing' : ''}`);
  };
  pair('', 'version', { text: '1', quote: 'plain' }, ['version']);
  maybeComment(0);
  lines.push('config:');
  const itemIndent = style.indentSequences ? style.indent : 0;
  configs.forEach((config, i) => {
    maybeComment(itemIndent);
    pair(`${' '.repeat(itemIndent)}- `, 'valid_after', config.validAfter, ['config', i, 'valid_after']);
    const inner = ' '.repeat(itemIndent + 2);
    if (config.flow) {
      // domains: [{domain: a.b, cert: c}, {domain: ...}]
      let text = `${inner}domains:${gap}[`;
      const line = lines.length + 1;
      config.domains.forEach((d, j) => {
        if (j > 0) text += ', ';
        text += '{';
        const entries = [
          ['domain', d.domain],
          ['cert', d.cert],
          ['hidden_service', d.hidden],
        ] as const;
        let first = true;
        for (const [key, value] of entries) {
          if (!value) continue;
          if (!first) text += ', ';
          first = false;
          expected.push({ path: ['config', i, 'domains', j, key], key: true, line, column: text.length + 1 });
          text += `${key}: `;
          expected.push({
            path: ['config', i, 'domains', j, key],
            key: false,
            line,
            column: text.length + 1,
          });
          text += quoted(value);
        }
        text += '}';
      });
      lines.push(`${text}]`);
      return;
    }
    lines.push(`${inner}domains:`);
    const domainIndent = itemIndent + 2 + (style.indentSequences ? style.indent : 0);
    config.domains.forEach((d, j) => {
      maybeComment(domainIndent);
      pair(`${' '.repeat(domainIndent)}- `, 'domain', d.domain, ['config', i, 'domains', j, 'domain']);
      const rest = ' '.repeat(domainIndent + 2);
      if (d.cert) pair(rest, 'cert', d.cert, ['config', i, 'domains', j, 'cert']);
      maybeComment(domainIndent + 2);
      if (d.hidden) pair(rest, 'hidden_service', d.hidden, ['config', i, 'domains', j, 'hidden_service']);
    });
  });
  return { text: `${lines.join(style.crlf ? '\r\n' : '\n')}${style.crlf ? '\r\n' : '\n'}`, expected };
}

describe(`YAML position mapping (seed ${SEED})`, () => {
  it('every key and value is located where it was written', () => {
    fc.assert(
      fc.property(fc.array(configArb, { minLength: 1, maxLength: 4 }), styleArb, (configs, style) => {
        const { text, expected } = render(configs, style);
        const findings: Finding[] = [];
        const loaded = loadYaml('smtp.yml', new TextEncoder().encode(text), findings);
        assert.deepEqual(findings, [], text);
        assert.ok(loaded, text);
        for (const e of expected) {
          const at = loaded.source.locate(e.path, e.key);
          assert.deepEqual(
            [at.line, at.column],
            [e.line, e.column],
            `${e.key ? 'key' : 'value'} at ${e.path.join('.')}:\n${text}`,
          );
        }
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });

  it('a path that goes past the document falls back to its nearest ancestor', () => {
    fc.assert(
      fc.property(
        fc.array(configArb, { minLength: 1, maxLength: 3 }),
        styleArb,
        fc.nat(10),
        (configs, style, extra) => {
          const { text, expected } = render(configs, style);
          const loaded = loadYaml('smtp.yml', new TextEncoder().encode(text), []);
          assert.ok(loaded);
          const va = expected.find((e) => e.path.join('.') === 'config.0.valid_after' && !e.key)!;
          // A missing key under the first configuration points into that configuration, never 1:1.
          const at = loaded.source.locate(['config', 0, `missing${extra}`]);
          assert.ok(
            at.line >= va.line - 1 && at.line <= va.line,
            `${at.line}:${at.column} vs ${va.line}\n${text}`,
          );
        },
      ),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
  });
});
