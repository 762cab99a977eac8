import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { BIN } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';

/** A reader that stops early (`smtpfp check --format json | head`) must not make smtpfp print a trace. */
test('a reader that closes the pipe early: no trace, the check still ends with its own status', async () => {
  const lines = ['version: 1', 'config:', '  - valid_after: 2020-01-01', '    domains:'];
  for (let i = 0; i < 3000; i++) lines.push(`      - domain: d${i}.example`, `        cert: none${i}.pem`);
  const repo = new TestRepo();
  repo.write('smtp.yml', `${lines.join('\n')}\n`);
  repo.commit('many findings');
  const child = spawn(process.execPath, [BIN, 'check', '--format', 'json'], {
    cwd: repo.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  // Read one chunk, then close the pipe, as `head -c` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 1, 'cert-missing findings fail the check');
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at |node:internal/);
});
