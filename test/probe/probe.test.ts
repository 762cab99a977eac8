import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Io } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { renderPins } from '../../src/render/index.ts';
import { analyzeCertificateFile } from '../../src/x509/certificate.ts';
import { makeCert, renewCert, spkiDigest } from '../helpers/certs.ts';
import { smtpfpAsync } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { type ServerMode, SmtpTestServer } from '../helpers/smtp-server.ts';
import { tempDir } from '../helpers/tmp.ts';

const probe = (args: string[], cwd = tempDir()) => smtpfpAsync(['probe', ...args], { cwd });

/** The same command run by this process's own CLI entry point, for timing. */
async function probeInProcess(args: string[]): Promise<{ code: number; ms: number; err: string }> {
  let err = '';
  const io: Io = {
    out: () => {},
    err: (t) => {
      err += t;
    },
    stdoutIsTTY: false,
    env: {},
    cwd: tempDir(),
    stdin: process.stdin,
  };
  const started = Date.now();
  const code = await main(['probe', ...args], io);
  return { code, ms: Date.now() - started, err };
}

const PINNED = makeCert({ cn: 'mail.example.org' });
const RENEWED = renewCert(PINNED, { cn: 'mail.example.org' });
const OTHER = makeCert({ cn: 'mail.example.org' });

/** A committed publisher repository whose active smtp configuration pins PINNED for example.org. */
function publisher(): TestRepo {
  const repo = new TestRepo();
  repo.write(
    'smtp.yml',
    [
      'version: 1',
      'config:',
      '  - valid_after: 2020-01-01',
      '    domains:',
      '      - domain: example.org',
      '        cert: certs/mail.pem',
      '',
    ].join('\n'),
  );
  repo.write('certs/mail.pem', PINNED.pem);
  repo.commit('pin mail.example.org');
  return repo;
}

/** A consumer's output rendered by the real json renderer (SPEC §4), pinning PINNED for example.org. */
function pinsFile(): string {
  const leaf = analyzeCertificateFile(Buffer.from(PINNED.pem)).leaf!;
  const rendered = renderPins(
    'json',
    {
      service: 'smtp',
      domains: [
        {
          domain: 'example.org',
          group: 'peer',
          commit: 'a'.repeat(40),
          certificates: [
            {
              fingerprint: leaf.fingerprint,
              spki: leaf.spki,
              subject: leaf.subject,
              notAfter: leaf.notAfter,
              validAfter: 0,
              path: 'certs/mail.pem',
            },
          ],
          hiddenService: null,
        },
      ],
    },
    { generator: 'smtpfp test', torTransport: 'smtptor' },
  );
  const file = join(tempDir(), 'pins.json');
  writeFileSync(file, rendered);
  return file;
}

const servers: SmtpTestServer[] = [];
async function serve(
  cert: { pem: string; keyPem: string },
  mode: ServerMode = 'normal',
  greeting?: string,
): Promise<SmtpTestServer> {
  const s = await SmtpTestServer.start(cert, mode, greeting);
  servers.push(s);
  return s;
}
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface ProbeJson {
  host: string;
  port: number;
  starttls: boolean;
  fingerprint: string | null;
  spki: string | null;
  domain: string | null;
  expected: { fingerprints: string[]; spki: string[] } | null;
  match: string | null;
}

describe('probe: what the server presents', () => {
  it('prints the leaf certificate digest and its public-key digest, as openssl computes them', async () => {
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`certificate +${PINNED.fingerprint}`));
    assert.match(r.stdout, new RegExp(`public key +${spkiDigest(PINNED.pem)}`));
    assert.deepEqual(
      s.sessions[0]?.clear.map((l) => l.split(' ')[0]),
      ['EHLO', 'STARTTLS'],
    );
    assert.equal(s.sessions[0]?.secured, true);
  });

  it('--format json prints exactly the fields of SPEC §3.6', async () => {
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as ProbeJson;
    assert.deepEqual(j, {
      host: '127.0.0.1',
      port: s.port,
      starttls: true,
      fingerprint: PINNED.fingerprint,
      spki: spkiDigest(PINNED.pem),
      domain: null,
      expected: null,
      match: null,
    });
  });
});

describe('probe --domain: the publisher side (service file at HEAD)', () => {
  let repo: TestRepo;
  before(() => {
    repo = publisher();
  });

  it('matches when the server presents the pinned certificate (exit 0)', async () => {
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`, '--domain', 'example.org', '--format', 'json'], repo.dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as ProbeJson;
    assert.equal(j.match, 'certificate');
    assert.deepEqual(j.expected, { fingerprints: [PINNED.fingerprint], spki: [spkiDigest(PINNED.pem)] });
    assert.equal(j.domain, 'example.org');
  });

  it('a renewal that kept its key matches by public key, with a warning to commit it (exit 0)', async () => {
    assert.notEqual(RENEWED.fingerprint, PINNED.fingerprint);
    assert.equal(spkiDigest(RENEWED.pem), spkiDigest(PINNED.pem));
    const s = await serve(RENEWED);
    const text = await probe([`127.0.0.1:${s.port}`, '--domain', 'example.org'], repo.dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /match: public-key/);
    assert.match(text.stdout, /warning: .*the publisher should commit the renewed certificate/);
    const json = await probe(
      [`127.0.0.1:${s.port}`, '--domain', 'example.org', '--format', 'json'],
      repo.dir,
    );
    assert.equal(json.code, 0);
    const j = JSON.parse(json.stdout) as ProbeJson;
    assert.equal(j.match, 'public-key');
    assert.equal(j.fingerprint, RENEWED.fingerprint);
    assert.match(json.stderr, /commit the renewed certificate/);
  });

  it('a certificate with another key is a mismatch (exit 1): the classic mistake', async () => {
    const s = await serve(OTHER);
    const r = await probe([`127.0.0.1:${s.port}`, '--domain', 'example.org'], repo.dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /match: none/);
    assert.match(r.stdout, new RegExp(OTHER.fingerprint));
  });

  it('reads HEAD, not the working tree', async () => {
    const r0 = publisher();
    r0.write('certs/mail.pem', OTHER.pem); // not committed
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`, '--domain', 'example.org', '--format', 'json'], r0.dir);
    assert.equal((JSON.parse(r.stdout) as ProbeJson).match, 'certificate');
  });

  it('a domain the active configuration does not list is an environment error, before connecting', async () => {
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`, '--domain', 'other.example'], repo.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /does not list 'other\.example'/);
    assert.equal(s.sessions.length, 0);
  });

  it('outside a git repository, without --pins, is an environment error', async () => {
    const s = await serve(PINNED);
    const r = await probe([`127.0.0.1:${s.port}`, '--domain', 'example.org']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not in one/);
  });
});

describe('probe --pins: the consumer side (a rendered json output)', () => {
  it('matches the pinned certificate, and fails on another one', async () => {
    const file = pinsFile();
    const good = await serve(PINNED);
    const r = await probe([`127.0.0.1:${good.port}`, '--domain', 'example.org', '--pins', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /match: certificate/);
    const bad = await serve(OTHER);
    const r2 = await probe([`127.0.0.1:${bad.port}`, '--domain', 'example.org', '--pins', file]);
    assert.equal(r2.code, 1);
  });

  it('a renewal with the same key matches by public key', async () => {
    const s = await serve(RENEWED);
    const r = await probe([
      `127.0.0.1:${s.port}`,
      '--domain',
      'example.org',
      '--pins',
      pinsFile(),
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as ProbeJson).match, 'public-key');
  });

  it('a domain the file does not pin, a broken file, a FIFO: exit 2 naming the file', async () => {
    const s = await serve(PINNED);
    const target = `127.0.0.1:${s.port}`;
    const missing = await probe([target, '--domain', 'absent.example', '--pins', pinsFile()]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /pins\.json' pins no domain 'absent\.example'/);
    const broken = join(tempDir(), 'broken.json');
    writeFileSync(broken, '{"domains": {"example.org": {"fingerprints": ["AA"], "spki": []}}}');
    const b = await probe([target, '--domain', 'example.org', '--pins', broken]);
    assert.equal(b.code, 2);
    assert.match(
      b.stderr,
      /broken\.json': expected domains\.example\.org\.fingerprints to be a list of SHA-256/,
    );
    const notJson = join(tempDir(), 'pins.yml');
    writeFileSync(notJson, 'domains: {}\n');
    const n = await probe([target, '--domain', 'example.org', '--pins', notJson]);
    assert.equal(n.code, 2);
    assert.match(n.stderr, /pins\.yml' is not valid JSON/);
    const fifoDir = tempDir();
    const fifo = join(fifoDir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const f = await probe([target, '--domain', 'example.org', '--pins', fifo]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /to be a regular file/);
    assert.equal(s.sessions.length, 0, 'nothing is probed when the pin cannot be read');
  });
});

describe('probe: servers that fail, in bounded time', () => {
  it('a closed port fails at once (exit 1)', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const r = await probe([`127.0.0.1:${port}`, '--format', 'json', '--timeout', '5s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /connection refused/);
    const j = JSON.parse(r.stdout) as ProbeJson;
    assert.equal(j.starttls, false);
    assert.equal(j.fingerprint, null);
  });

  it('a server that never greets fails within --timeout (exit 1)', async () => {
    const s = await serve(PINNED, 'never-greets');
    const r = await probe([`127.0.0.1:${s.port}`, '--timeout', '1s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no answer within 1 s \(waiting for the greeting\)/);
    // Timed in this process, so that Node's start-up on a loaded machine is not part of the measure.
    const inProcess = await probeInProcess([`127.0.0.1:${s.port}`, '--timeout', '1s']);
    assert.equal(inProcess.code, 1);
    assert.ok(inProcess.ms >= 900 && inProcess.ms < 3_000, `took ${inProcess.ms} ms`);
  });

  it('a server that refuses STARTTLS, or does not offer it, fails (exit 1) and nothing is sent in clear', async () => {
    const refuses = await serve(PINNED, 'refuses-starttls');
    const r = await probe([`127.0.0.1:${refuses.port}`, '--domain', 'example.org', '--pins', pinsFile()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refused STARTTLS: 454 4\.7\.0 TLS not available/);
    assert.deepEqual(
      refuses.sessions[0]?.clear.map((l) => l.split(' ')[0]),
      ['EHLO', 'STARTTLS'],
    );
    const silent = await serve(PINNED, 'no-starttls');
    const r2 = await probe([`127.0.0.1:${silent.port}`, '--format', 'json']);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /does not offer STARTTLS/);
    assert.equal((JSON.parse(r2.stdout) as ProbeJson).starttls, false);
  });

  it('a reply smuggled behind the 220 to STARTTLS is refused (it would be read as if inside TLS)', async () => {
    const s = await serve(PINNED, 'injects-after-starttls');
    const r = await probe([`127.0.0.1:${s.port}`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /sent data after its STARTTLS reply/);
  });

  it('a server that says 220 to STARTTLS and never speaks TLS fails within --timeout', async () => {
    const s = await serve(PINNED, 'no-handshake');
    const r = await probe([`127.0.0.1:${s.port}`, '--timeout', '1s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no answer within 1 s \(in the TLS handshake\)/);
  });

  it('a server that sends endless lines is cut off (bounded reads)', async () => {
    const s = await serve(PINNED, 'endless-greeting');
    const r = await probe([`127.0.0.1:${s.port}`, '--timeout', '20s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /more than 100 lines/);
    const long = await serve(PINNED, 'normal', `220 ${'x'.repeat(100_000)}`);
    const r2 = await probe([`127.0.0.1:${long.port}`, '--timeout', '20s']);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /reply line longer than 1000 bytes/);
  });

  it('server text reaches the terminal without control characters, shortened', async () => {
    const hostile = `554-\x1b[2J\x1b]0;owned\x07${'A'.repeat(600)}\r\n554 go away\x1b[31m\r\n`;
    const s = await serve(PINNED, 'normal', hostile);
    const r = await probe([`127.0.0.1:${s.port}`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refuses service: 554/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that none gets through
    assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/);
    assert.ok(!r.stderr.includes('A'.repeat(300)), 'long server text is shortened');
  });
});

describe('probe: usage', () => {
  it('refuses a bad target, a bad timeout, --pins without --domain (exit 2)', async () => {
    for (const args of [
      ['mail.example.org:99999'],
      ['[not-v6]:25'],
      ['bad host'],
      ['127.0.0.1', '--timeout', '10'],
      ['127.0.0.1', '--timeout', '9999w'],
      ['127.0.0.1', '--pins', 'x.json'],
      ['127.0.0.1', '--domain', 'Bad_Domain'],
      [],
    ]) {
      const r = await probe(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});
