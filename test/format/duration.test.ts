import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../src/format/duration.ts';

describe('durations (SPEC §2.4)', () => {
  it('reads the forms of the SPEC and 0', () => {
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration('24h'), 24 * 3_600_000);
    assert.equal(parseDuration('7d'), 7 * 86_400_000);
    assert.equal(parseDuration('2w'), 14 * 86_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('0h'), 0);
  });
  it('refuses anything else', () => {
    for (const bad of [
      '',
      '7',
      '-1d',
      '1.5h',
      '7D',
      ' 7d',
      '7d ',
      '7 d',
      '07d',
      '1y',
      '1ms',
      '1h30m',
      '1e3s',
      '1234567d',
      '٣d',
      'Infinityd',
    ]) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });
  it('formatDuration gives back a text that parses to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom('s', 'm', 'h', 'd', 'w'), (n, u) => {
        const ms = parseDuration(`${n}${u}`)!;
        assert.equal(parseDuration(formatDuration(ms)), ms);
      }),
    );
    assert.equal(formatDuration(36 * 3_600_000), '36h');
    assert.equal(formatDuration(14 * 86_400_000), '2w');
  });
});
