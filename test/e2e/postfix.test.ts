import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { activeAndFuture } from '../../src/format/service-file.ts';
import { CommitTree } from '../../src/git/tree.ts';
import type { DomainPin, PinnedCertificate, PinSet } from '../../src/model/pins.ts';
import { checkTree } from '../../src/publisher/check.ts';
import { renderPins } from '../../src/render/index.ts';
import { type MadeCert, makeCert, renewCert, spkiDigest } from '../helpers/certs.ts';
import { smtpfpAsync } from '../helpers/cli.ts';
import { type PostfixInstance, postfixInstalled, startPostfix } from '../helpers/postfix.ts';
import { TestRepo } from '../helpers/repo.ts';
import { SmtpTestServer } from '../helpers/smtp-server.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * A real Postfix delivers through the map smtpfp renders (SPEC §4; NOTES.md "Postfix", "Public-key
 * pins"): its own config, queue and data folders under a temp folder, no listener, its own log,
 * delivering to a STARTTLS server on 127.0.0.1 whose certificate each scenario chooses. What
 * Postfix decided is read from Postfix's log; what reached the server, from the server's inbox.
 *
 * The pins come from a real publisher repository (a commit, its smtp.yml and certificates made by
 * openssl) read by smtpfp's own parser and X.509 code, selected as of now with a rollover window,
 * and rendered by the real `postfix` renderer.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROLLOVER_WINDOW = DAY;
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
  map: string;
  /** The same pins rendered as json, for `smtpfp probe --pins`. */
  jsonPins: string;
  pins: PinSet;
}

/**
 * A publisher repository with a configuration in force since yesterday and the next one an hour
 * ahead; the consumer's selection at now takes the active one plus those within the rollover
 * window, as `update` does (SPEC §3.5).
 */
async function buildWorld(now: number): Promise<World> {
  const pinned = makeCert({ cn: 'mail.pinned.example' });
  const other = makeCert({ cn: 'mail.pinned.example' });
  const oldCert = makeCert({ cn: 'mail.rollover.example' });
  const newCert = makeCert({ cn: 'mail.rollover.example' });
  const kept = makeCert({ cn: 'mail.renewed.example' });
  const keptRenewal = renewCert(kept, { cn: 'mail.renewed.example' });
  const repo = new TestRepo();
  repo
    .write('certs/pinned.pem', pinned.pem)
    .write('certs/rollover-old.pem', oldCert.pem)
    .write('certs/rollover-new.pem', newCert.pem)
    .write('certs/renewed.pem', kept.pem)
    .write(
      'smtp.yml',
      [
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
    );
  const commit = repo.commit('pins');
  const tree = await CommitTree.open(repo.dir, commit, `commit ${commit.slice(0, 12)}`);
  let pins: PinSet;
  try {
    const outcome = await checkTree(tree, { now, expiryWarningDays: 30 });
    const errors = outcome.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], 'the publisher repository is sound');
    const service = outcome.services.find((s) => s.service === 'smtp')!;
    const { active, future } = activeAndFuture(service.configurations, now);
    const selected = [active!, ...future.filter((c) => c.validAfter <= now + ROLLOVER_WINDOW)];
    const byDomain = new Map<string, PinnedCertificate[]>();
    for (const config of selected) {
      for (const entry of config.domains) {
        const leaf = outcome.leaves.get(entry.cert!)!;
        const list = byDomain.get(entry.domain) ?? [];
        if (!list.some((c) => c.fingerprint === leaf.fingerprint)) {
          list.push({
            fingerprint: leaf.fingerprint,
            spki: leaf.spki,
            subject: leaf.subject,
            notAfter: leaf.notAfter,
            validAfter: config.validAfter,
            path: entry.cert!,
          });
        }
        byDomain.set(entry.domain, list);
      }
    }
    const domains: DomainPin[] = [...byDomain.keys()].sort().map((domain) => ({
      domain,
      group: 'peer',
      commit,
      certificates: byDomain.get(domain)!,
      hiddenService: null,
    }));
    pins = { service: 'smtp', domains };
  } finally {
    tree.close();
  }
  const opts = { generator: 'smtpfp e2e', torTransport: 'smtptor' };
  const map = renderPins('postfix', pins, opts);
  const jsonPins = join(tempDir(), 'pins.json');
  writeFileSync(jsonPins, renderPins('json', pins, opts));
  return { pinned, other, oldCert, newCert, kept, keptRenewal, map, jsonPins, pins };
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
