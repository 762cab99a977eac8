import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { OutputSpec } from '../../src/consumer/outputs.ts';
import { runUpdate } from '../../src/consumer/update.ts';
import { renderPins } from '../../src/render/index.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeCert, serviceFile, World } from './peers.ts';

const POSTMAP = '/usr/sbin/postmap';
const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';
let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', ...(input ? { input } : {}) });
}
/** SHA-256 of the certificate and of its public key, as openssl computes them (uppercase, colons). */
function digests(pem: string): { cert: string; spki: string } {
  const cert = openssl(['x509', '-noout', '-fingerprint', '-sha256'], pem).trim().replace(/^.*=/, '');
  const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: pem });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pub });
  const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' })
    .trim()
    .replace(/^.*= /, '')
    .toUpperCase();
  return { cert, spki: hex.match(/../g)!.join(':') };
}

test('real peers to Postfix, Exim and Prosody outputs that postmap, openssl and luac agree with', async () => {
  const peer = await world.peer('potager');
  const mail = makeCert({ cn: 'mail.potager.example' });
  const tor = makeCert({ cn: 'mx.anargeek.example' });
  await peer.publish(
    serviceFile([
      {
        validAfter: '2020-01-01',
        domains: [
          { domain: 'potager.example', cert: mail },
          { domain: 'anargeek.example', cert: tor, onion: ONION },
        ],
      },
    ]).files,
  );
  const dir = tempDir();
  const outputs: OutputSpec[] = [
    { service: 'smtp', format: 'postfix', path: join(dir, 'tls_policy') },
    { service: 'smtp', format: 'postfix-transport', path: join(dir, 'transport') },
    { service: 'smtp', format: 'exim', path: join(dir, 'exim_pins') },
    { service: 'smtp', format: 'prosody', path: join(dir, 'pins.cfg.lua') },
  ];
  writeFileSync(join(dir, 'tls_policy'), '# old\n');
  chmodSync(join(dir, 'tls_policy'), 0o640);
  const settings = {
    groups: [{ name: 'potager', urls: [peer.url], fingerprints: [peer.key.fingerprint], ref: null }],
    baseDir: dir,
    outputs,
    stateDir: undefined,
    keyring: await world.keyring([peer.key.fingerprint]),
    now: Date.now(),
    sourceTtl: 7 * 86_400_000,
    rolloverWindow: 86_400_000,
    fetchTimeout: 20_000,
    jobs: 2,
    diff: false,
    onChange: undefined,
    render: renderPins,
    renderOptions: { generator: 'smtpfp test', torTransport: 'smtptor' },
    env: process.env,
    cwd: dir,
  };
  const report = await runUpdate(settings);
  assert.equal(report.exitCode, 0, JSON.stringify(report.groups));
  assert.equal(statSync(join(dir, 'tls_policy')).mode & 0o777, 0o640, 'the mode is kept');

  execFileSync(POSTMAP, [`hash:${join(dir, 'tls_policy')}`]);
  const q = (key: string, map = 'tls_policy') =>
    execFileSync(POSTMAP, ['-q', key, `hash:${join(dir, map)}`], { encoding: 'utf8' }).trim();
  for (const [key, pem] of [
    ['potager.example', mail.pem],
    ['anargeek.example', tor.pem],
    [`[${ONION}]`, tor.pem],
  ] as const) {
    const { cert, spki } = digests(pem);
    const value = q(key);
    assert.match(value, /^fingerprint match=/);
    const listed = value.replace(/^fingerprint match=/, '').split('|');
    assert.ok(listed.includes(cert), `${key}: certificate digest`);
    assert.ok(listed.includes(spki), `${key}: public key digest`);
  }
  execFileSync(POSTMAP, [`hash:${join(dir, 'transport')}`]);
  assert.equal(q('anargeek.example', 'transport'), `smtptor:[${ONION}]`);
  execFileSync('luac5.4', ['-p', join(dir, 'pins.cfg.lua')]);
  assert.match(
    readFileSync(join(dir, 'exim_pins'), 'utf8'),
    new RegExp(`^potager.example: ${digests(mail.pem).cert.replaceAll(':', '')}`, 'm'),
  );

  // A second run renders the same bytes and writes nothing.
  const again = await runUpdate(settings);
  assert.deepEqual(
    again.outputs.map((o) => o.changed),
    [false, false, false, false],
  );
});
