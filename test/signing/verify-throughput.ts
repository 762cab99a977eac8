/**
 * Micro-benchmark: verification throughput of the signature engine against `git log --format=%G?`
 * (git runs gpg once per commit). Usage:
 *   node --import tsx test/signing/verify-throughput.ts [commits=300] [ed25519|rsa4096]
 */
import { performance } from 'node:perf_hooks';
import { Keyring } from '../../src/signing/keyring.ts';
import { verifyObjects } from '../../src/signing/verify.ts';
import { createGnupgHome, createRepo, exportKeys, generateKey, type KeyAlgorithm } from '../helpers/gpg.ts';

const count = Number(process.argv[2] ?? 300);
const algo = (process.argv[3] ?? 'ed25519') as KeyAlgorithm;

const home = await createGnupgHome();
const repo = await createRepo(home);
try {
  const key = await generateKey(home, { algo });
  const start = performance.now();
  // One signed commit per `git commit -S`: slow to build, so a few hundred are enough to measure.
  for (let i = 0; i < count; i++) await repo.commit({ signWith: key.fingerprint, message: `commit ${i}\n` });
  console.log(`built ${count} signed commits in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  const oids = (await repo.git(['rev-list', 'HEAD'])).stdout.toString().trim().split('\n');
  const objects = await Promise.all(
    oids.map(async (oid) => ({ oid, raw: await repo.catFile(oid), kind: 'commit' as const })),
  );
  const keyring = await Keyring.fromFiles([
    { name: 'key.asc', data: await exportKeys(home, [key.fingerprint]) },
  ]);
  const trust = { keyring, allowed: new Set([key.fingerprint]) };

  await verifyObjects(objects.slice(0, 5), trust); // warm-up: key analysis, JIT
  const rounds = 5;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    const verdicts = await verifyObjects(objects, trust);
    if (verdicts.some((v) => v.status !== 'good')) throw new Error('a commit did not verify');
  }
  const ours = (performance.now() - t0) / (rounds * objects.length);

  const t1 = performance.now();
  const log = await repo.git(['log', '--format=%G?']);
  const theirs = (performance.now() - t1) / objects.length;
  if (!/^G/.test(log.stdout.toString()))
    throw new Error(`git log says ${log.stdout.toString().slice(0, 10)}`);

  console.log(`${algo}: ${(ours * 1000).toFixed(0)} µs per commit (${Math.round(1000 / ours)}/s)`);
  console.log(
    `git log --format=%G?: ${(theirs * 1000).toFixed(0)} µs per commit; ratio ${(theirs / ours).toFixed(1)}x`,
  );
} finally {
  await repo.close();
  await home.close();
}
