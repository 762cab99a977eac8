import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPin } from '../../src/probe/match.ts';
import { parseTarget } from '../../src/probe/target.ts';

describe('probe targets: HOST[:PORT]', () => {
  it('reads names, IPv4, bracketed and bare IPv6, with the SMTP port by default', () => {
    assert.deepEqual(parseTarget('Mail.Example.org'), {
      host: 'mail.example.org',
      port: 25,
      servername: 'mail.example.org',
      display: 'mail.example.org:25',
    });
    assert.deepEqual(parseTarget('192.0.2.1:2525'), {
      host: '192.0.2.1',
      port: 2525,
      display: '192.0.2.1:2525',
    });
    assert.deepEqual(parseTarget('[2001:db8::1]:587'), {
      host: '2001:db8::1',
      port: 587,
      display: '[2001:db8::1]:587',
    });
    assert.deepEqual(parseTarget('[::1]'), { host: '::1', port: 25, display: '[::1]:25' });
    assert.deepEqual(parseTarget('2001:db8::25'), {
      host: '2001:db8::25',
      port: 25,
      display: '[2001:db8::25]:25',
    });
    assert.equal((parseTarget('mx.example.org.') as { servername?: string }).servername, 'mx.example.org');
  });

  it('refuses what is not a host and port', () => {
    for (const bad of [
      '',
      ':25',
      'host:0',
      'host:65536',
      'host:2x',
      '[192.0.2.1]:25',
      '[::1',
      'a b',
      'ex\u001bample.org',
      `${'a'.repeat(64)}.org`,
      '-x.org:25',
    ]) {
      assert.ok('problem' in parseTarget(bad), bad);
    }
  });
});

describe('matching a presented leaf with a pin, as Postfix does', () => {
  const pin = { fingerprints: ['AA:01', 'BB:02'], spki: ['CC:03', 'DD:04'], source: 'test' };
  it('the certificate first, then its public key, else none', () => {
    assert.equal(matchPin({ fingerprint: 'BB:02', spki: 'CC:03' }, pin), 'certificate');
    assert.equal(matchPin({ fingerprint: 'EE:05', spki: 'dd:04' }, pin), 'public-key');
    assert.equal(matchPin({ fingerprint: 'CC:03', spki: 'AA:01' }, pin), 'none');
  });
});
