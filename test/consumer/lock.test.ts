import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireLock } from '../../src/consumer/lock.ts';
import { tempDir } from '../helpers/tmp.ts';

/** A pid no process has: above the kernel's pid_max (at most 2^22). */
const DEAD_PID = 999_999_999;

test('a lock left by a dead run is taken over by exactly one of the runs that find it', async () => {
  let doubled = 0;
  for (let i = 0; i < 200; i++) {
    const dir = tempDir();
    writeFileSync(join(dir, 'lock'), `${DEAD_PID}\n`);
    const runs = await Promise.allSettled([acquireLock(dir, 0), acquireLock(dir, 0), acquireLock(dir, 0)]);
    const holders = runs.filter((r) => r.status === 'fulfilled');
    if (holders.length !== 1) doubled++;
    for (const r of runs)
      if (r.status === 'rejected') assert.match(String(r.reason), /another update is running/);
    assert.deepEqual(readdirSync(dir), ['lock'], 'no takeover token is left behind');
  }
  assert.equal(doubled, 0, `${doubled} of 200 stale locks were held by more than one run (or none)`);
});
