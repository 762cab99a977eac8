// Benchmark: `smtpfp update` of 50 local peers with 200 domains each (SPEC §6: under 15 s cold,
// under 3 s for a re-run with nothing new), printed beside the floor: a bare `git fetch` of the
// same 50 repositories, with the same parallelism (4) as the update's default --jobs.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median, OUT, sh, timeCommand, timeSmtpfp } from './lib.ts';

const PEERS = Number(process.env.BENCH_PEERS ?? 50);
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const POOL = 10; // distinct certificates, copied under each domain's own path

const base = join(OUT, `update-${PEERS}x${DOMAINS}`);
const home = join(base, 'gnupg');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  GNUPGHOME: home,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.org',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.org',
};

function prepare(): { fingerprint: string } {
  const done = join(base, '.complete');
  if (!existsSync(done)) {
    console.log(
      `making ${PEERS} signed peers of ${DOMAINS} domains with git, gpg and openssl (once; kept in ${base})…`,
    );
    rmSync(base, { recursive: true, force: true });
    mkdirSync(home, { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'gpg.conf'), 'personal-digest-preferences SHA256\n');
    sh("gpg --batch --passphrase '' --quick-gen-key 'Bench <bench@example.org>' ed25519 sign 0", base, env);
    sh(`gpg --batch --armor --export > keyring`, base, env);
    mkdirSync(join(base, 'pool'));
    for (let i = 0; i < POOL; i++) {
      sh(
        `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -out pool/${i}.pem -subj /CN=bench${i} -days 3650 2>/dev/null`,
        base,
        env,
      );
    }
    const meta: string[] = [];
    for (let p = 0; p < PEERS; p++) {
      const repo = join(base, 'peers', `p${p}`);
      mkdirSync(join(repo, 'certs'), { recursive: true });
      const lines = ['version: 1', 'config:', '  - valid_after: 2020-01-01', '    domains:'];
      const copies: string[] = [];
      for (let d = 0; d < DOMAINS; d++) {
        const domain = `d${d}.peer${p}.example`;
        copies.push(`cp ../../pool/${d % POOL}.pem certs/${domain}.pem`);
        lines.push(`      - domain: ${domain}`, `        cert: certs/${domain}.pem`);
      }
      sh(copies.join('\n'), repo, env);
      writeFileSync(join(repo, 'smtp.yml'), `${lines.join('\n')}\n`);
      sh('git init -q -b main && git add -A && git commit -q -S -m publish', repo, env);
      meta.push(`peer${p}:`, '  urls:', `    - file://${repo}`, '  fingerprints:', '    - FPR');
    }
    const fpr = sh('gpg --batch --with-colons --list-keys', base, env)
      .split('\n')
      .find((l) => l.startsWith('fpr:'))!
      .split(':')[9]!;
    writeFileSync(join(base, 'meta.yml'), `${meta.join('\n').replaceAll('FPR', fpr)}\n`);
    writeFileSync(join(base, 'layout.yml'), `smtp:\n  spec: postfix:${join(base, 'tls_policy')}\n`);
    writeFileSync(done, '');
  }
  const fingerprint = sh('gpg --batch --with-colons --list-keys', base, env)
    .split('\n')
    .find((l) => l.startsWith('fpr:'))!
    .split(':')[9]!;
  return { fingerprint };
}

/** The floor: `git fetch` of every peer into a fresh bare repository, 4 at a time. */
async function gitFloor(): Promise<number> {
  const dir = join(base, 'floor');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < PEERS) {
      const p = next++;
      const bare = join(dir, `p${p}.git`);
      sh(`git init -q --bare ${bare}`, dir, env);
      const r = await timeCommand(
        'git',
        ['-C', bare, 'fetch', '-q', '--no-tags', `file://${join(base, 'peers', `p${p}`)}`, 'HEAD:refs/x'],
        dir,
        env,
      );
      if (r.code !== 0) throw new Error(`git fetch of peer ${p} failed`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return performance.now() - t0;
}

prepare();
const args = (state: string) => [
  '--config',
  join(base, 'meta.yml'),
  'update',
  '--layout',
  join(base, 'layout.yml'),
  '--state-dir',
  state,
  '--format',
  'json',
];
const floors: number[] = [];
const colds: number[] = [];
const reruns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  floors.push(await gitFloor());
  const state = join(base, 'state');
  rmSync(state, { recursive: true, force: true });
  rmSync(join(base, 'tls_policy'), { force: true });
  const cold = await timeSmtpfp(args(state), base);
  const report = JSON.parse(cold.stdout) as { groups: Array<{ status: string }> };
  const updated = report.groups.filter((g) => g.status === 'updated').length;
  if (cold.code !== 0 || updated !== PEERS)
    throw new Error(`cold run: ${updated} of ${PEERS} groups updated`);
  colds.push(cold.ms);
  const again = await timeSmtpfp(args(state), base);
  const second = JSON.parse(again.stdout) as {
    groups: Array<{ status: string }>;
    outputs: Array<{ changed: boolean }>;
  };
  if (second.groups.some((g) => g.status !== 'unchanged') || second.outputs.some((o) => o.changed))
    throw new Error('the re-run found something new');
  reruns.push(again.ms);
}
const floor = median(floors);
const cold = median(colds);
const rerun = median(reruns);
console.log(`smtpfp update, ${PEERS} peers x ${DOMAINS} domains (medians of ${RUNS} runs)\n`);
console.log(`  git fetch floor (4 at once)  ${fmt(floor).padStart(9)}`);
console.log(
  `  update, cold                 ${fmt(cold).padStart(9)}  (${(cold / floor).toFixed(1)}x the floor; budget 15 s: ${cold < 15_000 ? 'met' : 'MISSED'})`,
);
console.log(
  `  update, nothing new          ${fmt(rerun).padStart(9)}  (${(rerun / floor).toFixed(1)}x the floor; budget 3 s: ${rerun < 3_000 ? 'met' : 'MISSED'})`,
);
process.exitCode = cold < 15_000 && rerun < 3_000 ? 0 : 1;
