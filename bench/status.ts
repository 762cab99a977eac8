// Benchmark: `smtpfp status` on a state dir of 50 groups of 200 pinned domains each (SPEC §6's
// update figures; §3.8 wants status under 0.3 s wall, Node's start included).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { prepareStateDir, writeGroupRecord, writeRunRecord } from '../src/consumer/state-store.ts';
import { fmt, median, OUT, timeCommand, timeSmtpfp } from './lib.ts';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 50);
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const DAY = 86_400_000;
const now = Date.now();
const digest = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(
  ':',
);
const dir = join(OUT, `status-${GROUPS}x${DOMAINS}`);
mkdirSync(dir, { recursive: true });
await prepareStateDir(dir);
for (let g = 0; g < GROUPS; g++) {
  await writeGroupRecord(dir, {
    state: {
      group: `peer${g}`,
      accepted: {
        commit: g.toString(16).padStart(40, '0'),
        commitTime: now - 3 * DAY,
        acceptedAt: now - DAY,
        via: 'meta',
      },
      lastSuccess: now - 3_600_000,
      lastAttempt: {
        at: now - 3_600_000,
        status: g % 10 === 0 ? 'stale' : 'unchanged',
        error: g % 10 === 0 ? 'fetch failed' : null,
      },
      pins: Array.from({ length: DOMAINS }, (_, i) => ({
        service: 'smtp',
        domain: `d${i}.peer${g}.example.org`,
        notAfter: now + (30 + ((g * DOMAINS + i) % 300)) * DAY,
      })),
    },
    // A contribution as big as a real one: the state file holds it beside the state.
    contribution: {
      commit: g.toString(16).padStart(40, '0'),
      commitTime: now - 3 * DAY,
      services: [
        {
          service: 'smtp',
          file: 'smtp.yml',
          configurations: [
            {
              validAfter: now - 30 * DAY,
              entries: Array.from({ length: DOMAINS }, (_, i) => ({
                domain: `d${i}.peer${g}.example.org`,
                certificate: {
                  path: `certs/d${i}.pem`,
                  fingerprint: digest,
                  spki: digest,
                  subject: `CN=mx.d${i}.peer${g}.example.org`,
                  notAfter: now + (30 + ((g * DOMAINS + i) % 300)) * DAY,
                },
                hiddenService: null,
              })),
            },
          ],
        },
      ],
      problems: [],
    },
  });
}
await writeRunRecord(dir, {
  startedAt: now - 3_600_000 - 4000,
  finishedAt: now - 3_600_000,
  conflicts: [],
  sourceTtl: 7 * DAY,
});

const text: number[] = [];
const json: number[] = [];
let rss = 0;
for (let i = 0; i < RUNS; i++) {
  const t = await timeSmtpfp(['status', '--state-dir', dir], dir);
  if (t.code !== 0) throw new Error(`status exited ${t.code}`);
  text.push(t.ms);
  rss = Math.max(rss, t.maxRssMiB);
  const j = await timeCommand(
    process.execPath,
    [join(import.meta.dirname, '..', 'dist', 'smtpfp.js'), 'status', '--state-dir', dir, '--format', 'json'],
    dir,
  );
  if (JSON.parse(j.stdout).groups.length !== GROUPS) throw new Error('unexpected JSON');
  json.push(j.ms);
}
const node = await timeCommand(process.execPath, ['-e', ''], dir);
const ours = median(text);
console.log(`\nsmtpfp status, ${GROUPS} groups x ${DOMAINS} pinned domains, ${RUNS} runs`);
console.log(`  median wall (text) ${fmt(ours)}   (budget 0.3 s: ${ours < 300 ? 'met' : 'MISSED'})`);
console.log(`  median wall (json) ${fmt(median(json))}`);
console.log(`  peak memory        ${rss.toFixed(0)} MiB`);
console.log(`  node -e ''         ${fmt(node.ms)} (the start-up floor)`);
