import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { vetUrl } from '../../src/format/git-url.ts';
import { MAX_SIGNED_OBJECT_BYTES } from '../../src/git/commits.ts';
import { ACCEPTED_REF, committerTime, Mirror, urlKind, urlProblem } from '../../src/git/mirror.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

test('urlProblem refuses options, helper transports and unknown schemes, and allows the five', () => {
  for (const bad of [
    '-uhelp',
    '--upload-pack=touch /tmp/x',
    'ext::sh -c touch% /tmp/pwned',
    'fd::3',
    'ftp://x/y',
    'a\nb',
    '',
  ])
    assert.ok(urlProblem(bad), bad);
  for (const good of [
    'https://git.example.org/r.git',
    'http://x/y',
    'ssh://git@x/y',
    'git://x/y',
    'file:///srv/r.git',
    'git@host:r.git',
    '../peer.bundle',
    '/srv/r.git',
  ])
    assert.equal(urlProblem(good), undefined, good);
  assert.equal(urlKind('git@host:r.git'), 'scp');
  assert.equal(urlKind('./a:b/c'), 'path');
  assert.equal(urlKind('file:///x'), 'url');
});

test('fetches the remote HEAD or a named branch into a private ref, incrementally, from URLs and bundles', async () => {
  const peer = new TestRepo();
  peer.write('a.txt', '1');
  const first = peer.commit('one');
  peer.git('branch', 'other');
  peer.write('a.txt', '2');
  const second = peer.commit('two');
  const mirror = await Mirror.open(join(tempDir(), 'm.git'));
  assert.equal((await mirror.fetch(`file://${peer.dir}`, undefined, 10_000)).tip, second);
  assert.equal((await mirror.fetch(`file://${peer.dir}`, 'other', 10_000)).tip, first);
  assert.equal(await mirror.isAncestor(first, second), true);
  assert.equal(await mirror.isAncestor(second, first), false);
  assert.equal(
    committerTime(await mirror.rawCommit(second)),
    Number(peer.git('show', '-s', '--format=%ct', second)) * 1000,
  );
  await mirror.markAccepted(second);
  assert.equal(await mirror.resolve(ACCEPTED_REF), second);
  // No peer branch or tag is created in the mirror: only the private namespace.
  const refs = execGit(mirror.dir, 'for-each-ref', '--format=%(refname)');
  assert.deepEqual(refs.split('\n').sort(), ['refs/smtpfp/accepted', 'refs/smtpfp/fetched']);

  const bundle = join(tempDir(), 'peer.bundle');
  peer.git('bundle', 'create', bundle, 'HEAD', 'main');
  const fromBundle = await Mirror.open(join(tempDir(), 'b.git'));
  assert.equal((await fromBundle.fetch(bundle, undefined, 10_000)).tip, second);
  assert.equal((await fromBundle.fetch(bundle, 'main', 10_000)).tip, second);
});

test('a tip commit over the size cap is refused by its size, never read', async () => {
  const peer = new TestRepo();
  peer.write('a.txt', '1');
  peer.commit('small');
  // A 17 MiB commit message: over the 16 MiB cap on commits and tags.
  const message = join(tempDir(), 'message');
  writeFileSync(message, `big\n\n${'x'.repeat(17 * 1024 * 1024)}\n`);
  const big = peer.git('commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-F', message);
  peer.git('update-ref', 'refs/heads/main', big);
  const size = Number(peer.git('cat-file', '-s', big));
  assert.ok(size > MAX_SIGNED_OBJECT_BYTES);
  const mirror = await Mirror.open(join(tempDir(), 'm.git'));
  const { tip } = await mirror.fetch(`file://${peer.dir}`, undefined, 30_000);
  assert.equal(tip, big);
  await assert.rejects(mirror.rawCommit(tip), (e: Error) => {
    assert.match(e.message, new RegExp(`is ${size} bytes, over the cap of ${MAX_SIGNED_OBJECT_BYTES} bytes`));
    return true;
  });
  // Under the cap it reads as before, through the same reader.
  const small = peer.git('rev-parse', 'HEAD^');
  assert.equal(
    (await mirror.rawCommit(small)).toString('latin1'),
    execFileSync('git', ['cat-file', 'commit', small], { cwd: peer.dir, encoding: 'latin1' }),
  );
});

test('hostile URLs are refused before git runs; dead ones fail; no command is executed', async () => {
  const marker = join(tempDir(), 'pwned');
  const mirror = await Mirror.open(join(tempDir(), 'm.git'));
  // vetUrl's verdict, the one rule: a C1 control, an ssh host read as an option, over-long text.
  for (const url of [
    `ext::sh -c touch% ${marker}`,
    '-uhelp',
    `--upload-pack=touch ${marker}`,
    'file:///srv/a\u0085b.git',
    'ssh://-oProxyCommand=touch%20x/r.git',
    `https://example.org/${'a'.repeat(5000)}`,
  ]) {
    assert.equal(urlProblem(url), (vetUrl(url) as { reason: string }).reason, url);
    await assert.rejects(mirror.fetch(url, undefined, 5_000), /refused/);
  }
  await assert.rejects(mirror.fetch('file:///nonexistent/repo.git', undefined, 5_000), /git fetch failed/);
  await assert.rejects(mirror.fetch(join(tempDir(), 'missing.bundle'), undefined, 5_000), /git fetch failed/);
  assert.equal(existsSync(marker), false);
});

test('a fetch that hangs is killed after the timeout', async () => {
  // An ssh "server" that never answers: core.sshCommand is fixed, so reach it through GIT_SSH_VARIANT-free
  // means: a git:// daemon that is not there would fail fast, so use a listening socket that never speaks.
  const net = await import('node:net');
  const server = net.createServer(() => {
    /* accept and stay silent */
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const mirror = await Mirror.open(join(tempDir(), 'm.git'));
  const started = Date.now();
  await assert.rejects(mirror.fetch(`git://127.0.0.1:${port}/r.git`, undefined, 1_000), /timed out/);
  assert.ok(Date.now() - started < 5_000);
  server.close();
});

import { execFileSync } from 'node:child_process';

function execGit(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}
