import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServiceFile } from '../../src/format/service-file.ts';
import { appendConfiguration, configIndexAt, setDomainCert } from '../../src/ops/service-edit.ts';

const read = (text: string) => {
  const parsed = parseServiceFile('smtp.yml', new TextEncoder().encode(text));
  assert.deepEqual(
    parsed.findings.filter((f) => f.rule === 'yaml-syntax' || f.rule === 'schema'),
    [],
  );
  return parsed.service!.configurations.map((c) => [c.validAfterText, c.domains.map((d) => d.cert ?? null)]);
};

describe('service file edits keep what a person wrote', () => {
  it('sequences not indented under their key: the new item follows the same style', () => {
    const text =
      'version: 1\nconfig:\n- valid_after: 2020-01-01\n  domains:\n  - domain: a.example.org\n    cert: a.pem\n';
    const out = appendConfiguration(text, 0, '2099-01-01 00:00', 'a.example.org', 'b.pem');
    assert.equal(
      out,
      `${text}- valid_after: 2099-01-01 00:00\n  domains:\n  - domain: a.example.org\n    cert: b.pem\n`,
    );
  });

  it('blank lines between configurations are kept, and a missing final newline is mended', () => {
    const text =
      'version: 1\nconfig:\n  - valid_after: 2020-01-01\n    domains:\n      - domain: a.example.org\n        cert: a.pem\n\n  - valid_after: 2021-01-01\n    domains:\n      - domain: a.example.org\n        cert: a2.pem';
    const out = appendConfiguration(text, 1, '2099-01-01 00:00', 'a.example.org', 'b.pem');
    assert.ok(out.startsWith(`${text}\n\n  - valid_after: 2099-01-01 00:00\n`), out);
    assert.deepEqual(read(out), [
      ['2020-01-01', ['a.pem']],
      ['2021-01-01', ['a2.pem']],
      ['2099-01-01 00:00', ['b.pem']],
    ]);
  });

  it('a flow-style list is rendered by the Document API and still reads back right', () => {
    const text =
      'version: 1\nconfig: [{valid_after: 2020-01-01, domains: [{domain: a.example.org, cert: a.pem}]}]\n';
    const out = appendConfiguration(text, 0, '2099-01-01 00:00', 'a.example.org', 'b.pem');
    assert.deepEqual(read(out), [
      ['2020-01-01', ['a.pem']],
      ['2099-01-01 00:00', ['b.pem']],
    ]);
  });

  it('changes one cert value in place, in its own quoting, and finds configurations by instant', () => {
    const text =
      'version: 1\nconfig:\n  - valid_after: "2020-01-01T00:00:00+02:00"  # note\n    domains:\n      - domain: a.example.org\n        cert: "a.pem" # keep\n      - domain: c.example.org\n        cert: c.pem\n';
    const i = configIndexAt(text, Date.UTC(2019, 11, 31, 22));
    assert.equal(i, 0);
    const out = setDomainCert(text, i, 'a.example.org', 'certs/new.pem');
    assert.equal(out, text.replace('"a.pem" # keep', '"certs/new.pem" # keep'));
    assert.throws(
      () => setDomainCert(text, 0, 'zz.example.org', 'x.pem'),
      /expected domain 'zz\.example\.org'/,
    );
    assert.throws(() => configIndexAt(text, 0), /expected the configuration/);
  });
});
