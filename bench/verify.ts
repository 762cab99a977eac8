// Benchmark: `smtpfp verify-commits` against `git log --format=%G?` (git runs gpg per commit) on the
// same repositories, in one run. SPEC §6: at least 10x for 2,000 Ed25519-signed commits, 3x for
// 500 RSA-4096-signed ones.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median, OUT, sh, timeCommand, timeSmtpfp } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Case {
  name: string;
  algo: 'ed25519' | 'rsa4096';
  commits: number;
  budget: number;
}

const CASES: Case[] = [
  { name: 'Ed25519', algo: 'ed25519', commits: Number(process.env.BENCH_ED25519 ?? 2000), budget: 10 },
  { name: 'RSA-4096', algo: 'rsa4096', commits: Number(process.env.BENCH_RSA ?? 500), budget: 3 },
];

function prepare(c: Case): { repo: string; env: NodeJS.ProcessEnv; fingerprint: string; keyring: string } {
  const base = join(OUT, `verify-${c.algo}-${c.commits}`);
  const home = join(base, 'gnupg');
  const repo = join(base, 'repo');
  const keyring = join(base, 'signer.asc');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GNUPGHOME: home,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.org',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.org',
  };
  const done = join(base, '.complete');
  if (!existsSync(done)) {
    console.log(`making ${c.commits} ${c.name}-signed commits with git and gpg (once; kept in ${base})…`);
    rmSync(base, { recursive: true, force: true });
    mkdirSync(home, { recursive: true, mode: 0o700 });
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(home, 'gpg.conf'), 'personal-digest-preferences SHA256\n');
    sh(`gpg --batch --passphrase '' --quick-gen-key 'Bench <bench@example.org>' ${c.algo} sign 0`, base, env);
    sh(`gpg --batch --armor --export > ${JSON.stringify(keyring)}`, base, env);
    // One shell loop: `git commit-tree -S` runs gpg for every commit, as a publisher's git does.
    sh(
      [
        'git init -q -b main',
        'tree=$(git mktree </dev/null)',
        'parent=',
        'i=0',
        `while [ $i -lt ${c.commits} ]; do`,
        '  if [ -n "$parent" ]; then p="-p $parent"; else p=; fi',
        '  parent=$(git commit-tree -S $p -m "commit $i" "$tree") || exit 1',
        '  i=$((i+1))',
        'done',
        'git update-ref refs/heads/main "$parent"',
      ].join('\n'),
      repo,
      env,
    );
    writeFileSync(done, '');
  }
  const fingerprint = sh('gpg --batch --with-colons --list-keys', base, env)
    .split('\n')
    .find((l) => l.startsWith('fpr:'))!
    .split(':')[9]!;
  return { repo, env, fingerprint, keyring };
}

console.log(`smtpfp verify-commits vs git log --format=%G? (medians of ${RUNS} runs)\n`);
let ok = true;
for (const c of CASES) {
  const { repo, env, fingerprint, keyring } = prepare(c);
  // Warm gpg-agent and the page cache so that git is measured at its best.
  await timeCommand('git', ['log', '--format=%G?', 'main'], repo, env);
  const gitRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await timeCommand('git', ['log', '--format=%G?', 'main'], repo, env);
    const good = r.stdout.split('\n').filter((l) => l === 'G' || l === 'U').length;
    if (good !== c.commits) throw new Error(`git log saw ${good} good signatures of ${c.commits}`);
    gitRuns.push(r.ms);
  }
  const ours: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await timeSmtpfp(
      ['verify-commits', '--all', '--format', 'json', '--fingerprint', fingerprint, '--keyring', keyring],
      repo,
    );
    const summary = JSON.parse(r.stdout).summary as { total: number; good: number };
    if (summary.good !== c.commits) throw new Error(`smtpfp found ${summary.good} good of ${summary.total}`);
    ours.push(r.ms);
  }
  const g = median(gitRuns);
  const o = median(ours);
  const ratio = g / o;
  ok &&= ratio >= c.budget;
  console.log(`${c.name}, ${c.commits} commits`);
  console.log(
    `  git log --format=%G?    ${fmt(g).padStart(9)}  (${((c.commits / g) * 1000).toFixed(0)} commits/s)`,
  );
  console.log(
    `  smtpfp verify-commits   ${fmt(o).padStart(9)}  (${((c.commits / o) * 1000).toFixed(0)} commits/s)`,
  );
  console.log(
    `  ratio                   ${ratio.toFixed(1)}x   (budget ${c.budget}x: ${ratio >= c.budget ? 'met' : 'MISSED'})\n`,
  );
}
process.exitCode = ok ? 0 : 1;
