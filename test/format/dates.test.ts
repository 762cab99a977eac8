import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseValidAfter } from '../../src/format/dates.ts';
import { onionAddressOf, onionProblem } from '../../src/format/onion.ts';

describe('valid_after forms (SPEC §2.1)', () => {
  const utc = (s: string) => Date.parse(s);
  it('accepts the four forms, UTC without an offset', () => {
    assert.equal(parseValidAfter('2013-08-04 12:00'), utc('2013-08-04T12:00:00Z'));
    assert.equal(parseValidAfter('2013-08-04 12:00:30'), utc('2013-08-04T12:00:30Z'));
    assert.equal(parseValidAfter('2013-08-04'), utc('2013-08-04T00:00:00Z'));
    assert.equal(parseValidAfter('2013-08-04T12:00:00Z'), utc('2013-08-04T12:00:00Z'));
    assert.equal(parseValidAfter('2013-08-04T14:30:00+02:30'), utc('2013-08-04T12:00:00Z'));
    assert.equal(parseValidAfter('2013-08-04T12:00:00.250-01:00'), utc('2013-08-04T13:00:00.250Z'));
  });
  it('refuses impossible dates and other forms', () => {
    for (const bad of [
      '2013-02-29',
      '2012-02-30',
      '2013-08-04 24:00',
      '2013-08-04 12:60',
      '2013-08-04T12:00:00', // RFC 3339 needs an offset
      '2013-08-04T12:00:00+24:00',
      '13-08-04',
      '2013-8-4',
      ' 2013-08-04',
      '2013-08-04 12:00 ',
      'tomorrow',
    ]) {
      assert.equal(parseValidAfter(bad), undefined, bad);
    }
    assert.ok(parseValidAfter('2012-02-29') !== undefined, 'leap day');
  });
});

describe('onion addresses', () => {
  it('accepts real v3 addresses and any address built from a key', () => {
    assert.equal(onionProblem('2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion'), undefined);
    for (let i = 0; i < 20; i++) assert.equal(onionProblem(onionAddressOf(randomBytes(32))), undefined);
  });
  it('refuses v2, wrong shape, wrong checksum or version', () => {
    assert.match(onionProblem('expyuzz4wqqyqhjn.onion')!, /v2/);
    assert.match(onionProblem('2GZYXA5IHM7NSGGFXNU52RCK2VV4RVMDLKIU3ZZUI5DU4XYCLEN53WID.onion')!, /v3/);
    assert.match(
      onionProblem('2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wia.onion')!,
      /version|checksum/,
    );
    assert.match(onionProblem('3gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion')!, /checksum/);
  });
});
