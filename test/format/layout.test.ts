import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLayout, parseOutputSpec } from '../../src/format/layout.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const layout = (s: string) => parseLayout('layout.yml', enc(s));

function problemOf(text: string) {
  const r = layout(text);
  assert.ok('problem' in r, `expected a problem for ${JSON.stringify(text)}`);
  for (const g of r.findings) assert.doesNotMatch(g.message, /\p{Cc}/u, 'no control character');
  const f = r.findings[0]!;
  return { problem: r.problem, at: [f.line, f.column], message: f.message };
}

describe('layout (SPEC §2.4)', () => {
  it('reads services in file order, a spec or a list of them', () => {
    const r = layout(
      [
        'smtp:',
        '  spec:',
        '    - postfix:/etc/postfix/tls_policy',
        '    - postfix-transport:/etc/postfix/tor_transport',
        '    - json:/var/lib/smtpfp/pins.json',
        'xmpp:',
        '  spec: prosody:/etc/prosody/conf.d/tls_pins.cfg.lua',
        'smtp-exim:',
        '  spec: [ "exim:/etc/exim4/smtpfp_pins" ]',
      ].join('\n'),
    );
    assert.ok('layout' in r, 'problem' in r ? r.problem : '');
    assert.deepEqual(r.layout, {
      services: [
        {
          service: 'smtp',
          outputs: [
            { format: 'postfix', path: '/etc/postfix/tls_policy' },
            { format: 'postfix-transport', path: '/etc/postfix/tor_transport' },
            { format: 'json', path: '/var/lib/smtpfp/pins.json' },
          ],
        },
        { service: 'xmpp', outputs: [{ format: 'prosody', path: '/etc/prosody/conf.d/tls_pins.cfg.lua' }] },
        { service: 'smtp-exim', outputs: [{ format: 'exim', path: '/etc/exim4/smtpfp_pins' }] },
      ],
    });
  });

  it('errors name file:line:column and what was expected', () => {
    const cases: Array<[string, [number, number], RegExp]> = [
      ['smtp:\n  spec: sendmail:/etc/x\n', [2, 9], /the format 'sendmail' is unknown/],
      [
        'smtp:\n  spec:\n    - postfix:/etc/a\n    - postfix:etc/b\n',
        [4, 7],
        /the path 'etc\/b' is relative/,
      ],
      ['smtp:\n  spec: "postfix:"\n', [2, 9], /the path is empty/],
      ['smtp:\n  spec: /etc/postfix/tls_policy\n', [2, 9], /has no ':'/],
      ['smtp:\n  spec: ":/etc/x"\n', [2, 9], /the format '' is unknown/],
      ['smtp:\n  spec: postfix\n', [2, 9], /has no ':'/],
      ['smtp:\n  spec: "postfix:/etc/a\\nb"\n', [2, 9], /control character/],
      ['smtp:\n  spec: postfix:/etc/postfix/\n', [2, 9], /names a folder/],
      ['smtp:\n  spec: []\n', [2, 9], /expected 1 to 16/],
      ['smtp:\n  spec: [postfix:/a, 12]\n', [2, 22], /expected FORMAT:PATH.*got the number 12/],
      ['smtp:\n  spec: {postfix: /a}\n', [2, 9], /expected FORMAT:PATH.*got a mapping/],
      [
        'smtp:\n  spec: postfix:/etc/a\nxmpp:\n  spec: json:/etc/a\n',
        [4, 9],
        /'\/etc\/a' is already written by smtp's postfix output/,
      ],
      ['smtp:\n  spec: postfix:/etc/a\n  specs: x\n', [3, 3], /unknown key 'specs'; expected one of: spec/],
      ['smtp: {}\n', [1, 7], /missing key 'spec'/],
      ['../smtp:\n  spec: postfix:/etc/a\n', [1, 1], /invalid name '..\/smtp'; expected a service name/],
      ['"smtp\\e[2J":\n  spec: postfix:/etc/a\n', [1, 1], /invalid name 'smtp\\u001b\[2J'/],
      ['', [1, 1], /empty file/],
      ['{}\n', [1, 1], /at least one service/],
      ['smtp: &a\n  spec: postfix:/etc/a\nxmpp: *a\n', [2, 9], /already written/],
    ];
    for (const [text, at, message] of cases) {
      const p = problemOf(text);
      assert.match(p.message, message, text);
      assert.deepEqual(p.at, at, `${text} -> ${p.problem}`);
      assert.ok(p.problem.startsWith(`layout.yml:${at[0]}:${at[1]}: `), p.problem);
    }
  });

  it('parseOutputSpec, for --output', () => {
    assert.deepEqual(parseOutputSpec('json:/tmp/pins.json'), {
      ok: true,
      output: { format: 'json', path: '/tmp/pins.json' },
    });
    assert.deepEqual(parseOutputSpec('postfix:/a:b'), {
      ok: true,
      output: { format: 'postfix', path: '/a:b' },
    });
    for (const bad of ['json', 'json:', 'json:rel', 'Postfix:/a', ':/a', 'json:/a\u0000b']) {
      const r = parseOutputSpec(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok)
        assert.match(
          r.reason,
          /^expected FORMAT:PATH with FORMAT one of postfix, postfix-transport, exim, prosody, json/,
        );
    }
  });
});
