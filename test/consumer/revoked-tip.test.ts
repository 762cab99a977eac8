import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runUpdate } from '../../src/consumer/update.ts';
import type { PinSet } from '../../src/model/pins.ts';
import type { Keyring } from '../../src/signing/keyring.ts';
import { revokeKey } from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeCert, serviceFile, World } from './peers.ts';

let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

// The operator's remedy for a stolen signing key is its revocation: a tip the thief pushed and
// the consumer accepted must not stay pinned because the peer's tip has not moved since.
test('an accepted tip whose signing key is revoked since is no longer pinned, though unchanged', async () => {
  const peer = await world.peer('stolen');
  const tip = await peer.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'stolen.example', cert: makeCert() }] }])
      .files,
  );
  const state = tempDir();
  const run = (keyring: Keyring) =>
    runUpdate({
      groups: [{ name: 'stolen', urls: [peer.url], fingerprints: [peer.key.fingerprint], ref: null }],
      baseDir: process.cwd(),
      outputs: [{ service: 'smtp', format: 'json', path: join(state, 'pins.json') }],
      stateDir: state,
      keyring,
      now: Date.now(),
      sourceTtl: 7 * 86_400_000,
      rolloverWindow: 86_400_000,
      fetchTimeout: 20_000,
      jobs: 1,
      diff: false,
      onChange: undefined,
      render: (_format: string, pins: PinSet) => `${JSON.stringify(pins)}\n`,
      renderOptions: { generator: 'smtpfp test', torTransport: 'smtptor' },
      env: process.env,
      cwd: process.cwd(),
    });
  const first = await run(await world.keyring([peer.key.fingerprint]));
  assert.equal(first.groups[0]!.status, 'updated');
  assert.equal(first.pins[0]!.domains.length, 1);

  await revokeKey(world.home, peer.key.fingerprint, 2); // RFC 4880 code 2: compromised
  const revoked = await world.keyring([peer.key.fingerprint]);
  for (const attempt of [1, 2]) {
    const r = await run(revoked);
    const g = r.groups[0]!;
    assert.equal(g.status, 'failed', `run ${attempt}`);
    assert.match(
      g.error ?? '',
      new RegExp(`accepted commit ${tip.slice(0, 12)} is signed by a key revoked since`),
    );
    assert.equal(r.pins.flatMap((p) => p.domains).length, 0, `run ${attempt}: still pinned`);
  }
});
