import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { updateJson, updateText } from '../../src/consumer/report.ts';
import type { GroupSource } from '../../src/consumer/sources.ts';
import { runUpdate, type UpdateReport, type UpdateSettings } from '../../src/consumer/update.ts';
import type { PinSet } from '../../src/model/pins.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import type { GeneratedKey } from '../helpers/gpg.ts';
import { policyYaml, revokedCopy } from '../helpers/rotation.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeCert, type Peer, serviceFile, World } from './peers.ts';

const DAY = 86_400_000;
let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

const pinsRenderer = (_format: string, pins: PinSet) => `${JSON.stringify(pins)}\n`;

/** One update run against a state dir, with an empty operator keyring (keys come from keys/). */
async function update(
  groups: GroupSource[],
  state: string | undefined,
  opts: Partial<UpdateSettings> = {},
): Promise<{ report: UpdateReport; domains: string[] }> {
  const out = join(tempDir(), 'pins.json');
  const report = await runUpdate({
    groups,
    baseDir: process.cwd(),
    outputs: [{ service: 'smtp', format: 'json', path: out }],
    stateDir: state,
    keyring: Keyring.empty(),
    now: Date.now(),
    sourceTtl: 7 * DAY,
    rolloverWindow: DAY,
    fetchTimeout: 20_000,
    jobs: 2,
    diff: false,
    onChange: undefined,
    render: pinsRenderer,
    renderOptions: { generator: 'smtpfp test', torTransport: 'smtptor' },
    env: process.env,
    cwd: process.cwd(),
    ...opts,
  });
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const pins = text.startsWith('{') ? (JSON.parse(text) as PinSet) : undefined;
  return { report, domains: pins?.domains.map((d) => d.domain) ?? [] };
}

const armored = async (k: GeneratedKey) => readFileSync(await world.keyringFile([k.fingerprint]), 'utf8');
const service = (...domains: string[]) =>
  serviceFile([
    { validAfter: '2020-01-01', domains: domains.map((domain) => ({ domain, cert: makeCert() })) },
  ]).files;

interface Rotating {
  peer: Peer;
  oldKey: GeneratedKey;
  newKey: GeneratedKey;
  /** The group as the consumer's meta configuration has it: the old key only. */
  source: GroupSource;
  first: string;
}

/** A peer signing with its old key, whose policy names it and whose keys/ holds it. */
async function rotatingPeer(name: string): Promise<Rotating> {
  const peer = await world.peer(name);
  const oldKey = peer.key;
  const newKey = await world.key(`${name}-new`);
  const first = await peer.publish({
    ...service(`${name}.example`),
    '.smtpfp.yml': policyYaml([oldKey.fingerprint]),
    'keys/old.asc': await armored(oldKey),
  });
  const source = { name, urls: [peer.url], fingerprints: [oldKey.fingerprint], ref: null };
  return { peer, oldKey, newKey, source, first };
}

/** The rotation commit: signed by the old key, naming the new one and adding its public key. */
async function rotate(r: Rotating): Promise<string> {
  return r.peer.publish(
    { '.smtpfp.yml': policyYaml([r.newKey.fingerprint]), 'keys/new.asc': await armored(r.newKey) },
    { signWith: r.oldKey.fingerprint },
  );
}

const group = (r: UpdateReport) => r.groups[0]!;

describe('a consumer whose meta configuration lists only the old key', () => {
  it('follows the peer through a rotation, over several runs and commits', async () => {
    const state = tempDir();
    const r = await rotatingPeer('rot-follow');
    const run1 = await update([r.source], state);
    assert.equal(group(run1.report).status, 'updated');
    assert.equal(group(run1.report).via, 'meta');

    const rotation = await rotate(r);
    await r.peer.publish(service('rot-follow.example', 'mx2.rot-follow.example'), {
      signWith: r.newKey.fingerprint,
    });
    const tip2 = await r.peer.publish(
      { README: 'signed by the new key\n' },
      { signWith: r.newKey.fingerprint },
    );
    const run2 = await update([r.source], state);
    const g2 = group(run2.report);
    assert.equal(g2.status, 'updated', g2.error ?? '');
    assert.equal(g2.commit, tip2);
    assert.equal(g2.via, 'history');
    assert.deepEqual(run2.domains, ['mx2.rot-follow.example', 'rot-follow.example']);
    assert.ok(
      g2.notes.some((n) => n.includes(rotation.slice(0, 12)) && n.includes(r.newKey.fingerprint)),
      `the report names the commit where the signers changed: ${g2.notes.join(' | ')}`,
    );
    assert.ok(
      g2.warnings.some((w) => w.includes(r.oldKey.fingerprint) && w.includes('no longer among')),
      `a warning about the retired meta fingerprint: ${g2.warnings.join(' | ')}`,
    );
    const json = JSON.parse(updateJson(run2.report)) as { groups: Array<{ via: string; commit: string }> };
    assert.deepEqual(json.groups[0], {
      group: 'rot-follow',
      status: 'updated',
      commit: tip2,
      error: null,
      via: 'history',
    });
    assert.match(
      updateText(run2.report, { color: false, quiet: false }),
      /note: accepted through the peer's history: the signers changed at/,
    );

    // The next run starts from the tip accepted through history: following goes on.
    await r.peer.publish(service('rot-follow.example', 'mx3.rot-follow.example'), {
      signWith: r.newKey.fingerprint,
    });
    const tip3 = await r.peer.publish({ README: 'again\n' }, { signWith: r.newKey.fingerprint });
    const run3 = await update([r.source], state);
    assert.equal(group(run3.report).status, 'updated', group(run3.report).error ?? '');
    assert.equal(group(run3.report).commit, tip3);
    assert.equal(group(run3.report).via, 'history');
    assert.deepEqual(run3.domains, ['mx3.rot-follow.example', 'rot-follow.example']);

    // Nothing new: unchanged, still through history.
    const run4 = await update([r.source], state);
    assert.equal(group(run4.report).status, 'unchanged');
    assert.equal(group(run4.report).via, 'history');
  });

  it('accepts a merge whose parents carry different policies when one parent has its signer in force', async () => {
    const state = tempDir();
    const r = await rotatingPeer('rot-merge');
    await update([r.source], state);
    const repo = r.peer.repo;
    await repo.git(['branch', 'side']);
    await rotate(r);
    await repo.git(['checkout', '-q', 'side']);
    await repo.commit({ signWith: r.oldKey.fingerprint, files: { 'side.txt': 'side\n' } });
    await repo.git(['checkout', '-q', 'main']);
    const merged = await repo.merge('side', { signWith: r.newKey.fingerprint });
    await repo.git(['push', '-q', r.peer.bare, 'HEAD:refs/heads/main']);
    const run = await update([r.source], state);
    assert.equal(group(run.report).status, 'updated', group(run.report).error ?? '');
    assert.equal(group(run.report).commit, merged);
    assert.equal(group(run.report).via, 'history');
  });
});

describe('a retired key still listed in the meta configuration', () => {
  it('keeps its power through the meta path, with a warning, until the meta configuration drops it', async () => {
    const state = tempDir();
    const r = await rotatingPeer('retired-meta');
    await update([r.source], state);
    await rotate(r);
    await r.peer.publish({ README: 'x\n' }, { signWith: r.newKey.fingerprint });
    assert.equal(group((await update([r.source], state)).report).via, 'history');
    // Whoever holds the retired (unrevoked) key signs a tip: the meta configuration still lists it.
    const byOld = await r.peer.publish(service('evil.example'), { signWith: r.oldKey.fingerprint });
    const kept = group((await update([r.source], state)).report);
    assert.equal(kept.status, 'updated');
    assert.equal(kept.commit, byOld);
    assert.equal(kept.via, 'meta');
    assert.ok(kept.warnings.some((w) => w.includes(r.oldKey.fingerprint) && w.includes('no longer among')));
    // With the meta configuration moved to the new key, the same kind of commit is refused.
    const moved = { ...r.source, fingerprints: [r.newKey.fingerprint] };
    await r.peer.publish({ README: 'y\n' }, { signWith: r.oldKey.fingerprint });
    const refused = group((await update([moved], state)).report);
    assert.equal(refused.status, 'stale');
    assert.match(refused.error!, /not-allowed/);
  });
});

describe('forged chains are refused', () => {
  /** A consumer that accepted the first commit; returns the state dir. */
  async function accepted(r: Rotating): Promise<string> {
    const state = tempDir();
    const run = await update([r.source], state);
    assert.equal(group(run.report).status, 'updated');
    return state;
  }

  it('a commit that adds its own signer', async () => {
    const r = await rotatingPeer('forge-self');
    const state = await accepted(r);
    await r.peer.publish(
      {
        ...service('evil.example'),
        '.smtpfp.yml': policyYaml([r.newKey.fingerprint]),
        'keys/new.asc': await armored(r.newKey),
      },
      { signWith: r.newKey.fingerprint },
    );
    const run = await update([r.source], state);
    const g = group(run.report);
    assert.equal(g.status, 'stale');
    assert.equal(g.commit, r.first, 'the last accepted pins stay');
    assert.match(g.error!, /nor does its history .* authorize it: commit \w+ is not-allowed/);
    assert.deepEqual(run.domains, ['forge-self.example']);
  });

  it('a chain broken by an unsigned commit', async () => {
    const r = await rotatingPeer('forge-unsigned');
    const state = await accepted(r);
    await rotate(r);
    const unsigned = await r.peer.publish(service('evil.example'), { signWith: null });
    await r.peer.publish({ README: 'x\n' }, { signWith: r.newKey.fingerprint });
    const g = group((await update([r.source], state)).report);
    assert.equal(g.status, 'stale');
    assert.match(g.error!, new RegExp(`commit ${unsigned.slice(0, 12)} is unsigned`));
  });

  it('a chain broken by a key not yet in force', async () => {
    const r = await rotatingPeer('forge-early');
    const state = await accepted(r);
    const early = await r.peer.publish(
      { ...service('evil.example'), 'keys/new.asc': await armored(r.newKey) },
      { signWith: r.newKey.fingerprint },
    );
    await rotate(r);
    await r.peer.publish({ README: 'x\n' }, { signWith: r.newKey.fingerprint });
    const g = group((await update([r.source], state)).report);
    assert.equal(g.status, 'stale');
    assert.match(g.error!, new RegExp(`commit ${early.slice(0, 12)} is not-allowed`));
  });

  it('a revoked retired key that comes back through a merge with old history', async () => {
    const r = await rotatingPeer('forge-revoked');
    const state = await accepted(r);
    const late = await accepted(r);
    const rotation = await rotate(r);
    await r.peer.publish({ README: 'x\n' }, { signWith: r.newKey.fingerprint });
    assert.equal(group((await update([r.source], state)).report).via, 'history');
    // Then the publisher revokes the old key as compromised (a hard revocation).
    const revoked = await r.peer.publish(
      { 'keys/old.asc': await revokedCopy(world.home, r.oldKey.fingerprint, 2) },
      { signWith: r.newKey.fingerprint },
    );
    const followed = group((await update([r.source], state)).report);
    assert.equal(followed.commit, revoked, followed.error ?? '');
    assert.equal(followed.via, 'history');
    // A hard revocation voids every signature of the key, the rotation's too: a consumer that had
    // not followed before it cannot follow now, and is told where the peer's signers went.
    const stuck = group((await update([r.source], late)).report);
    assert.equal(stuck.status, 'stale');
    assert.match(stuck.error!, new RegExp(`commit ${rotation.slice(0, 12)} is revoked-key`));
    assert.match(stuck.error!, new RegExp(`names the signers ${r.newKey.fingerprint}`));

    // The old key's holder merges the accepted tip with the first commit (where the old key was in
    // force), drops the revocation from the tree, signs with the old key, and serves it.
    const repo = r.peer.repo;
    await repo.commit({ files: { 'keys/old.asc': await armored(r.oldKey), ...service('evil.example') } });
    const tree = (await repo.git(['rev-parse', 'HEAD^{tree}'])).stdout.toString().trim();
    const forged = (
      await repo.git(
        [
          '-c',
          `gpg.program=${world.home.program}`,
          'commit-tree',
          `-S${r.oldKey.fingerprint}`,
          '-p',
          revoked,
          '-p',
          r.first,
          '-m',
          'forged',
          tree,
        ],
        { env: world.home.env },
      )
    ).stdout
      .toString()
      .trim();
    await repo.git(['push', '-q', '--force', r.peer.bare, `${forged}:refs/heads/main`]);
    const run = await update([r.source], state);
    const g = group(run.report);
    assert.equal(g.status, 'stale');
    assert.equal(g.commit, revoked);
    // Signed by a meta fingerprint, but the revocation at the last accepted tip counts.
    assert.match(g.error!, /is revoked-key/);
    assert.ok(!run.domains.includes('evil.example'));
  });

  it('a fresh consumer (no state) after a rotation fails, naming the signers the peer moved to', async () => {
    const r = await rotatingPeer('fresh');
    await rotate(r);
    await r.peer.publish({ README: 'x\n' }, { signWith: r.newKey.fingerprint });
    for (const state of [undefined, tempDir()]) {
      const run = await update([r.source], state);
      const g = group(run.report);
      assert.equal(g.status, 'failed');
      assert.equal(run.report.exitCode, 1);
      assert.match(g.error!, new RegExp(`names the signers ${r.newKey.fingerprint}`));
      assert.match(g.error!, /a first run trusts only the meta fingerprints/);
    }
  });
});
