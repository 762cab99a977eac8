import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCommand } from '../../src/consumer/outputs.ts';
import { tempDir } from '../helpers/tmp.ts';

test('--on-change: a command killed by a signal is reported by its signal; a failure by its status', async () => {
  const cwd = tempDir();
  const killed = await runCommand(['sh', '-c', 'kill -TERM $$'], process.env, cwd);
  assert.equal(killed.error, 'was killed by SIGTERM');
  const failed = await runCommand(['sh', '-c', 'exit 3'], process.env, cwd);
  assert.equal(failed.error, 'exited with status 3');
  const ok = await runCommand(['true'], process.env, cwd);
  assert.equal(ok.error, null);
  const missing = await runCommand(['/nonexistent/smtpfp-no-such-program'], process.env, cwd);
  assert.match(missing.error ?? '', /ENOENT/);
});
