import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { onionAddressOf, onionProblem } from '../../src/format/onion.ts';
import type { DomainPin, PinnedCertificate, PinSet } from '../../src/model/pins.ts';
import { RENDER_FORMATS } from '../../src/model/pins.ts';
import { RenderError, renderPins } from '../../src/render/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { OPTS } from './pins-fixtures.ts';

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DIGEST = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;
const isDomain = (s: string) => s.length <= 253 && DOMAIN.test(s);
const isOnion = (s: string) => onionProblem(s) === undefined;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// Valid input, as the consumer builds it from validated service files and analysed certificates.
const label = fc.oneof(
  { weight: 9, arbitrary: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{61}[a-z0-9]$/) },
);
const domain = fc
  .array(label, { minLength: 2, maxLength: 4 })
  .map((ls) => ls.join('.'))
  .filter((d) => d.length <= 253);
const digest = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => hex(b).toUpperCase().match(/../g)!.join(':'));
const onion = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => onionAddressOf(b));
const ms = fc
  .integer({ min: Date.parse('2000-01-01'), max: Date.parse('2099-01-01') })
  .map((t) => t - (t % 1000));
const certificate: fc.Arbitrary<PinnedCertificate> = fc.record({
  fingerprint: digest,
  spki: digest,
  subject: fc.constant('CN=mail.example.org'),
  notAfter: ms,
  validAfter: ms,
  path: fc.constant('certs/mail.pem'),
});
const domainPin = (d: string): fc.Arbitrary<DomainPin> =>
  fc
    .record({
      group: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/),
      commit: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(hex),
      certificates: fc.array(certificate, { maxLength: 3 }),
      hiddenService: fc.option(onion, { freq: 3 }),
    })
    .filter((p) => p.certificates.length > 0 || p.hiddenService !== null)
    .map((p) => ({ domain: d, ...p }));
const pinSetArb: fc.Arbitrary<PinSet> = fc
  .uniqueArray(domain, { maxLength: 8 })
  .chain((ds) => fc.tuple(...ds.map(domainPin)))
  .map((domains) => ({ service: 'smtp', domains: domains as DomainPin[] }));

/** The certificates as a renderer must see them: by validAfter then fingerprint, no repeats. */
function certsOf(p: DomainPin): PinnedCertificate[] {
  const first = new Map<string, PinnedCertificate>();
  for (const c of [...p.certificates].sort(
    (a, b) =>
      a.validAfter - b.validAfter ||
      (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0),
  )) {
    if (!first.has(c.fingerprint)) first.set(c.fingerprint, c);
  }
  return [...first.values()];
}
const uniq = (xs: string[]) => [...new Set(xs)];

/** Body lines (no comment, no blank), and a check that their keys are strictly increasing in byte order. */
function bodyLines(text: string, prefix: RegExp): string[] {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  const header = lines.findIndex((l) => !prefix.test(l));
  const body = header < 0 ? [] : lines.slice(header);
  assert.ok(lines.length > 0 && prefix.test(lines[0]!), 'starts with a comment header');
  for (const l of body) assert.ok(!prefix.test(l) && l.trim() !== '', `no comment inside the body: ${l}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for them
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\uffff]/, 'printable ASCII only');
  return body;
}
function assertSorted(keys: string[]) {
  for (let i = 1; i < keys.length; i++)
    assert.ok(
      Buffer.compare(Buffer.from(keys[i - 1]!), Buffer.from(keys[i]!)) < 0,
      `${keys[i - 1]} < ${keys[i]}`,
    );
}

function parsePostfix(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of bodyLines(text, /^#/)) {
    const m = /^(\S+) fingerprint match=(\S+)$/.exec(line);
    assert.ok(m, line);
    const key = m[1]!;
    const onionKey = /^\[(.*)\]$/.exec(key);
    assert.ok(onionKey ? isOnion(onionKey[1]!) : isDomain(key), key);
    const values = m[2]!.split('|');
    for (const v of values) assert.match(v, DIGEST);
    assert.equal(new Set(values).size, values.length, 'no repeated value');
    out.set(key, values);
  }
  assertSorted([...out.keys()]);
  return out;
}

function parseTransport(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of bodyLines(text, /^#/)) {
    const m = /^(\S+) smtptor:\[(\S+)\]$/.exec(line);
    assert.ok(m && isDomain(m[1]!) && isOnion(m[2]!), line);
    out.set(m[1]!, m[2]!);
  }
  assertSorted([...out.keys()]);
  return out;
}

function parseExim(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of bodyLines(text, /^#/)) {
    const m = /^([^\s:]+): ([0-9A-F]{64}(?: : [0-9A-F]{64})*)$/.exec(line);
    assert.ok(m && isDomain(m[1]!), line);
    out.set(m[1]!, m[2]!.split(' : '));
  }
  assertSorted([...out.keys()]);
  return out;
}

const luaUnescape = (s: string) =>
  Buffer.from(
    s.replace(/\\(\d{3})/g, (_, d) => String.fromCharCode(Number(d))),
    'latin1',
  ).toString('utf8');
function parseProsody(text: string): { trusted: Map<string, string[]>; secure: string[] } {
  const body = bodyLines(text, /^--/);
  assert.equal(body[0], 's2s_auth_fingerprint_digest = "sha256"');
  assert.equal(body[1], 's2s_trusted_fingerprints = {');
  const trusted = new Map<string, string[]>();
  let i = 2;
  for (; body[i] !== '}'; i++) {
    const m = /^ {2}\["((?:[^"\\]|\\\d{3})*)"\] = \{ ((?:"(?:[^"\\]|\\\d{3})*"; ?)+)\};$/.exec(body[i]!);
    assert.ok(m, body[i]);
    const d = luaUnescape(m[1]!);
    assert.ok(isDomain(d), d);
    const fps = [...m[2]!.matchAll(/"((?:[^"\\]|\\\d{3})*)"/g)].map((x) => luaUnescape(x[1]!));
    for (const f of fps) assert.match(f, DIGEST);
    trusted.set(d, fps);
  }
  assert.equal(body[++i], 's2s_secure_domains = {');
  const secure: string[] = [];
  for (i++; body[i] !== '}'; i++) {
    const m = /^ {2}"((?:[^"\\]|\\\d{3})*)";$/.exec(body[i]!);
    assert.ok(m, body[i]);
    secure.push(luaUnescape(m[1]!));
  }
  assert.equal(i, body.length - 1, 'nothing after the last table');
  assertSorted([...trusted.keys()]);
  assertSorted(secure);
  return { trusted, secure };
}

describe('renderers: properties over any valid pin set (fast-check)', () => {
  it('every line of every format parses back to a valid key and the input digests; sorted; deterministic', () => {
    fc.assert(
      fc.property(pinSetArb, (pins) => {
        const sorted = [...pins.domains].sort((a, b) => (a.domain < b.domain ? -1 : 1));
        const withCerts = sorted.filter((p) => p.certificates.length > 0);
        const texts = Object.fromEntries(RENDER_FORMATS.map((f) => [f, renderPins(f, pins, OPTS)]));
        // Determinism: same bytes again, and from the domains and certificates in reverse order.
        const reversed: PinSet = {
          service: pins.service,
          domains: [...pins.domains]
            .reverse()
            .map((p) => ({ ...p, certificates: [...p.certificates].reverse() })),
        };
        for (const f of RENDER_FORMATS) {
          assert.equal(renderPins(f, pins, OPTS), texts[f]);
          assert.equal(renderPins(f, reversed, OPTS), texts[f]);
        }

        const expectedPostfix = new Map<string, string[]>();
        const addTo = (key: string, vs: string[]) =>
          expectedPostfix.set(key, uniq([...(expectedPostfix.get(key) ?? []), ...vs]));
        for (const p of withCerts) {
          const vs = uniq(certsOf(p).flatMap((c) => [c.fingerprint, c.spki]));
          addTo(p.domain, vs);
          if (p.hiddenService) addTo(`[${p.hiddenService}]`, vs);
        }
        assert.deepEqual(
          parsePostfix(texts.postfix!),
          new Map([...expectedPostfix].sort(([a], [b]) => (a < b ? -1 : 1))),
        );

        assert.deepEqual(
          parseTransport(texts['postfix-transport']!),
          new Map(sorted.filter((p) => p.hiddenService).map((p) => [p.domain, p.hiddenService!])),
        );
        assert.deepEqual(
          parseExim(texts.exim!),
          new Map(withCerts.map((p) => [p.domain, certsOf(p).map((c) => c.fingerprint.replace(/:/g, ''))])),
        );
        const prosody = parseProsody(texts.prosody!);
        assert.deepEqual(
          prosody.trusted,
          new Map(withCerts.map((p) => [p.domain, certsOf(p).map((c) => c.fingerprint)])),
        );
        assert.deepEqual(
          prosody.secure,
          withCerts.map((p) => p.domain),
        );

        const json = JSON.parse(texts.json!);
        assert.equal(json.generated, OPTS.generator);
        assert.deepEqual(
          Object.keys(json.domains),
          sorted.map((p) => p.domain),
        );
        for (const p of sorted) {
          const certs = certsOf(p);
          assert.deepEqual(json.domains[p.domain], {
            group: p.group,
            commit: p.commit,
            fingerprints: certs.map((c) => c.fingerprint),
            spki: certs.map((c) => c.spki),
            hidden_service: p.hiddenService,
            not_after: certs.length
              ? new Date(Math.min(...certs.map((c) => c.notAfter))).toISOString().replace('.000Z', 'Z')
              : null,
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the Prosody output of any valid pin set is Lua that luac accepts and lua loads to the same tables', () => {
    const dir = tempDir('smtpfp-prosody-');
    let n = 0;
    fc.assert(
      fc.property(pinSetArb, (pins) => {
        const text = renderPins('prosody', pins, OPTS);
        const file = join(dir, `p${n++}.lua`);
        writeFileSync(file, text);
        execFileSync('luac5.4', ['-p', file]);
        const script =
          'local env = {} assert(loadfile(arg[1], "t", env))() ' +
          'local ks = {} for k in pairs(env.s2s_trusted_fingerprints) do ks[#ks + 1] = k end table.sort(ks) ' +
          'for _, k in ipairs(ks) do print(k .. "=" .. table.concat(env.s2s_trusted_fingerprints[k], ",")) end';
        const out = execFileSync('lua5.4', ['-e', script, '-', file], { input: '', encoding: 'utf8' });
        const expected = pins.domains
          .filter((p) => p.certificates.length > 0)
          .sort((a, b) => (a.domain < b.domain ? -1 : 1))
          .map(
            (p) =>
              `${p.domain}=${certsOf(p)
                .map((c) => c.fingerprint)
                .join(',')}\n`,
          )
          .join('');
        assert.equal(out, expected);
      }),
      { numRuns: 25 },
    );
  });

  it('any string as a domain, onion, digest or group is either valid or refused with a RenderError', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ maxLength: 70 }),
      domain,
    );
    const base: DomainPin = {
      domain: 'potager.org',
      group: 'potager',
      commit: 'b'.repeat(40),
      certificates: [
        {
          fingerprint: `${'AB:'.repeat(31)}AB`,
          spki: `${'CD:'.repeat(31)}CD`,
          subject: '',
          notAfter: 0,
          validAfter: 0,
          path: 'c.pem',
        },
      ],
      hiddenService: onionAddressOf(new Uint8Array(32)),
    };
    fc.assert(
      fc.property(
        anyText,
        fc.constantFrom('domain', 'onion', 'digest', 'group'),
        fc.constantFrom(...RENDER_FORMATS),
        (s, where, format) => {
          const p: DomainPin = structuredClone(base);
          if (where === 'domain') p.domain = s;
          else if (where === 'onion') p.hiddenService = s;
          else if (where === 'digest') p.certificates[0]!.spki = s;
          else p.group = s;
          const valid =
            where === 'domain'
              ? isDomain(s)
              : where === 'onion'
                ? isOnion(s)
                : where === 'digest'
                  ? DIGEST.test(s)
                  : /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s);
          let text: string | undefined;
          try {
            text = renderPins(format, { service: 'smtp', domains: [p] }, OPTS);
          } catch (e) {
            assert.ok(e instanceof RenderError, String(e));
            assert.ok(!valid, `refused a valid ${where}: ${JSON.stringify(s)}`);
            // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for them
            assert.doesNotMatch(e.message, /[\u0000-\u001f\u007f-\u009f]/);
            return;
          }
          assert.ok(valid, `rendered an invalid ${where}: ${JSON.stringify(s)}`);
          assert.ok(text.length > 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
