import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { World as Federation } from '../consumer/peers.ts';
import { type MadeCert, makeCert, renewCert, spkiDigest } from '../helpers/certs.ts';
import { smtpfpAsync } from '../helpers/cli.ts';
import { type PostfixInstance, postfixInstalled, startPostfix } from '../helpers/postfix.ts';
import { SmtpTestServer } from '../helpers/smtp-server.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * A real Postfix delivers through the map smtpfp renders (SPEC §4; NOTES.md "Postfix", "Public-key
 * pins"): its own config, queue and data folders under a temp folder, no listener, its own log,
 * delivering to a STARTTLS server on 127.0.0.1 whose certificate each scenario chooses. What
 * Postfix decided is read from Postfix's log; what reached the server, from the server's inbox.
 *
 * The pins come from the consumer itself: a peer's repository signed by a real gpg key (its
 * smtp.yml and certificates made by openssl), fetched, verified and rendered by
 * `smtpfp update-service` exactly as an operator runs it.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SENDER = 'sender@smtpfp-test.invalid';

const CI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const isRoot = process.getuid?.() === 0;
const missing = !postfixInstalled()
  ? 'postfix is not installed (.ci/run installs it from Debian)'
  : !isRoot
    ? 'a Postfix instance of its own must be started as root'
    : undefined;

const pad = (n: number) => String(n).padStart(2, '0');
function yamlDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

interface World {
  pinned: MadeCert;
  other: MadeCert;
  oldCert: MadeCert;
  newCert: MadeCert;
  kept: MadeCert;
  keptRenewal: MadeCert;
  /** The Postfix map `smtpfp update-service` wrote. */
  map: string;
  /** The same pins rendered as json by the same run, for `smtpfp probe --pins`. */
  jsonPins: string;
  federation: Federation;
}

/**
 * A peer whose signed repository has a configuration in force since yesterday and the next one an
 * hour ahead, reached by a file:// URL; the consumer (`smtpfp update-service`, as an operator runs
 * it) fetches it, verifies its signed tip, selects the active configuration plus those within the
 * rollover window, and renders the Postfix map and the json pins.
 */
async function buildWorld(now: number): Promise<World> {
  const pinned = makeCert({ cn: 'mail.pinned.example' });
  const other = makeCert({ cn: 'mail.pinned.example' });
  const oldCert = makeCert({ cn: 'mail.rollover.example' });
  const newCert = makeCert({ cn: 'mail.rollover.example' });
  const kept = makeCert({ cn: 'mail.renewed.example' });
  const keptRenewal = renewCert(kept, { cn: 'mail.renewed.example' });
  const federation = await Federation.create();
  const peer = await federation.peer('peer');
  await peer.publish({
    'certs/pinned.pem': pinned.pem,
    'certs/rollover-old.pem': oldCert.pem,
    'certs/rollover-new.pem': newCert.pem,
    'certs/renewed.pem': kept.pem,
    'smtp.yml': [
      'version: 1',
      'config:',
      `  - valid_after: ${yamlDate(now - DAY)}`,
      '    domains:',
      '      - domain: pinned.example',
      '        cert: certs/pinned.pem',
      '      - domain: rollover.example',
      '        cert: certs/rollover-old.pem',
      '      - domain: renewed.example',
      '        cert: certs/renewed.pem',
      `  - valid_after: ${yamlDate(now + HOUR)}`,
      '    domains:',
      '      - domain: pinned.example',
      '        cert: certs/pinned.pem',
      '      - domain: rollover.example',
      '        cert: certs/rollover-new.pem',
      '      - domain: renewed.example',
      '        cert: certs/renewed.pem',
      '',
    ].join('\n'),
  });
  const dir = tempDir();
  const meta = join(dir, 'meta.yml');
  writeFileSync(meta, `peer:\n  urls:\n    - ${peer.url}\n  fingerprints:\n    - ${peer.key.fingerprint}\n`);
  const map = join(dir, 'tls_policy');
  const jsonPins = join(dir, 'pins.json');
  const run = await smtpfpAsync(
    [
      '--config',
      meta,
      '--now',
      new Date(now).toISOString(),
      'update-service',
      '--service',
      'smtp',
      '--output',
      `postfix:${map}`,
      '--output',
      `json:${jsonPins}`,
      '--keyring',
      await federation.keyringFile([peer.key.fingerprint]),
      '--rollover-window',
      '24h',
      '--state-dir',
      join(dir, 'state'),
    ],
    { cwd: dir },
  );
  assert.equal(run.code, 0, `update-service: ${run.stdout}${run.stderr}`);
  return {
    pinned,
    other,
    oldCert,
    newCert,
    kept,
    keptRenewal,
    map: readFileSync(map, 'utf8'),
    jsonPins,
    federation,
  };
}

describe('a real Postfix delivers through the rendered pins', {
  skip: missing && !CI ? missing : false,
}, () => {
  let world: World;
  let server: SmtpTestServer;
  let postfix: PostfixInstance | undefined;

  before(async () => {
    // In CI a missing Postfix is a failure, never a silent skip.
    if (missing) throw new Error(`cannot run the real-Postfix test: ${missing}`);
    world = await buildWorld(Date.now());
    server = await SmtpTestServer.start(world.pinned);
    postfix = await startPostfix({
      port: server.port,
      localNames: ['pinned.example', 'rollover.example', 'renewed.example'],
      policyMap: world.map,
    });
  });

  after(async () => {
    postfix?.stopSync();
    await server?.close();
    await world?.federation.close();
  });

  /** Submits one message and waits for Postfix's verdict on its first delivery attempt. */
  async function deliver(to: string, subject: string) {
    const inboxBefore = server.inbox.length;
    const sessionsBefore = server.sessions.length;
    const id = postfix!.send(SENDER, to, subject);
    const outcome = await postfix!.outcome(id, to);
    return {
      outcome,
      received: server.inbox.slice(inboxBefore),
      sessions: server.sessions.slice(sessionsBefore),
    };
  }

  it('runs on its own: no listener, the rendered map built by postmap, sha256 digests', () => {
    const pf = postfix!;
    const services = execFileSync('/usr/sbin/postconf', ['-c', pf.configDir, '-M'], { encoding: 'utf8' });
    assert.doesNotMatch(services, /\binet\b/, 'no service listens on the network');
    const q = (key: string) =>
      execFileSync('/usr/sbin/postmap', ['-q', key, `hash:${join(pf.configDir, 'tls_policy')}`], {
        encoding: 'utf8',
      }).trim();
    assert.equal(
      q('pinned.example'),
      `fingerprint match=${world.pinned.fingerprint}|${spkiDigest(world.pinned.pem)}`,
    );
    const digest = execFileSync(
      '/usr/sbin/postconf',
      ['-c', pf.configDir, '-h', 'smtp_tls_fingerprint_digest'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(digest.trim(), 'sha256');
  });

  it('delivers when the server presents the pinned certificate, looked up by the recipient domain', async () => {
    server.setCertificate(world.pinned);
    const { outcome, received } = await deliver('user@pinned.example', 'pinned');
    assert.equal(outcome.status, 'sent', outcome.line);
    // The next hop is the recipient domain (the policy lookup key); the connection went to loopback.
    assert.match(outcome.line, new RegExp(`relay=pinned\\.example\\[127\\.0\\.0\\.1\\]:${server.port}`));
    assert.match(postfix!.log(), /Verified TLS connection established to pinned\.example\[127\.0\.0\.1\]/);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.tls, true);
    assert.match(received[0]!.data, /Subject: pinned/);
  });

  it('defers, and sends nothing in clear, when the server presents another certificate; delivers once it presents the pinned one', async () => {
    server.setCertificate(world.other);
    const { outcome, received, sessions } = await deliver('user@pinned.example', 'mismatch');
    assert.equal(outcome.status, 'deferred', outcome.line);
    assert.match(outcome.line, /Server certificate not verified/);
    assert.deepEqual(received, [], 'nothing reached the server');
    assert.ok(sessions.length >= 1);
    for (const s of sessions) {
      assert.deepEqual(
        s.clear.map((l) => l.split(' ')[0]),
        ['EHLO', 'STARTTLS'],
        'no MAIL, RCPT or DATA in clear',
      );
      assert.ok(!s.tls.some((l) => /^(MAIL|RCPT|DATA)/i.test(l)), 'no envelope inside the unverified TLS');
    }
    // The mail waits in the queue; with the pinned certificate back, a flush delivers it in TLS.
    server.setCertificate(world.pinned);
    const offset = postfix!.logSize();
    postfix!.flush();
    const retry = await postfix!.nextOutcome(outcome.queueId, 'user@pinned.example', offset);
    assert.equal(retry.status, 'sent', retry.line);
    const last = server.inbox.at(-1)!;
    assert.equal(last.tls, true);
    assert.match(last.data, /Subject: mismatch/);
  });

  it('delivers on both sides of a timed rollover: old and new certificates are pinned within the window', async () => {
    const line = world.map.split('\n').find((l) => l.startsWith('rollover.example '))!;
    assert.ok(line.includes(world.oldCert.fingerprint) && line.includes(world.newCert.fingerprint), line);
    server.setCertificate(world.oldCert);
    const before = await deliver('user@rollover.example', 'before rollover');
    assert.equal(before.outcome.status, 'sent', before.outcome.line);
    assert.equal(before.received[0]?.tls, true);
    server.setCertificate(world.newCert);
    const afterSwitch = await deliver('user@rollover.example', 'after rollover');
    assert.equal(afterSwitch.outcome.status, 'sent', afterSwitch.outcome.line);
    assert.equal(afterSwitch.received[0]?.tls, true);
  });

  /** What `smtpfp probe` says about the server, against the same pins rendered as json. */
  async function probeMatch(domain: string): Promise<string | null> {
    const r = await smtpfpAsync(
      ['probe', `127.0.0.1:${server.port}`, '--domain', domain, '--pins', world.jsonPins, '--format', 'json'],
      { cwd: tmpdir() },
    );
    return (JSON.parse(r.stdout) as { match: string | null }).match;
  }

  it('delivers to a renewal that kept its key and was never published (public-key pin); probe agrees', async () => {
    assert.ok(!world.map.includes(world.keptRenewal.fingerprint), 'the renewal is not in the map');
    assert.equal(spkiDigest(world.keptRenewal.pem), spkiDigest(world.kept.pem));
    server.setCertificate(world.keptRenewal);
    const { outcome, received } = await deliver('user@renewed.example', 'renewed');
    assert.equal(outcome.status, 'sent', outcome.line);
    assert.equal(received[0]?.tls, true);
    assert.match(received[0]!.data, /Subject: renewed/);
    assert.equal(await probeMatch('renewed.example'), 'public-key');
  });

  it('defers a renewal with a new key that was not published yet; probe agrees', async () => {
    server.setCertificate(world.other);
    const { outcome, received } = await deliver('user@renewed.example', 'new key');
    assert.equal(outcome.status, 'deferred', outcome.line);
    assert.deepEqual(received, []);
    postfix!.dropDeferred();
    assert.equal(await probeMatch('renewed.example'), 'none');
  });

  it('stops: no Postfix process outlives the test', async () => {
    const pf = postfix!;
    assert.ok(pf.alive);
    pf.stopSync();
    for (let i = 0; i < 100 && pf.alive; i++) await sleep(100);
    assert.equal(pf.alive, false);
  });
});
