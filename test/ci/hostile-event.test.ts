/** `smtpfp ci` with GITHUB_EVENT_PATH naming a FIFO (SPEC §5): refused at once, never opened. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BIN } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { jobEnv } from './world.ts';

describe('smtpfp ci: a special file as the event payload', () => {
  test('a FIFO is an environment error naming it, not a hang', () => {
    const repo = new TestRepo();
    repo.write('README', 'hello\n').commit('first');
    const fifo = join(tempDir(), 'event.json');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const r = spawnSync(process.execPath, [BIN, 'ci'], {
      cwd: repo.dir,
      env: {
        ...jobEnv(),
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: fifo,
        GITHUB_SHA: repo.git('rev-parse', 'HEAD'),
        GITHUB_REF: 'refs/heads/main',
        GITHUB_WORKSPACE: repo.dir,
        NO_COLOR: '',
      },
      encoding: 'utf8',
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
    assert.equal(r.status, 2, `status ${r.status} (${r.signal ?? 'no signal'}): ${r.stderr}`);
    assert.match(r.stderr, /GITHUB_EVENT_PATH/);
    assert.ok(r.stderr.includes(fifo), r.stderr);
  });
});
