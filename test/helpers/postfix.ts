import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from './tmp.ts';

/**
 * A real Postfix instance of its own: config, queue and data folders and its log under a temp
 * folder; no listener at all (mail is submitted with `sendmail -C`), delivery through the `smtp`
 * client only.
 *
 * How the recipient domain stays the next hop while the connection goes to a local test server:
 * DNS is off (`smtp_dns_support_level = disabled`), names are resolved the native way
 * (`smtp_host_lookup = native`), and the `smtp` client runs chrooted in this instance's queue
 * folder, as Debian runs it, so the `/etc/hosts` it reads is the queue folder's `etc/hosts`, which
 * this helper writes. The default port (`smtp_tcp_port`) is the test server's. Nothing of the
 * machine's own configuration is touched, and the policy-map lookup key is the plain recipient
 * domain, as in production.
 */

export const POSTFIX_SBIN = '/usr/sbin';
const POSTFIX = join(POSTFIX_SBIN, 'postfix');

export function postfixInstalled(): boolean {
  return existsSync(POSTFIX) && existsSync(join(POSTFIX_SBIN, 'sendmail'));
}

export interface PostfixOptions {
  /** Port the smtp client connects to (the test server's). */
  port: number;
  /** Names that resolve to 127.0.0.1 inside the smtp client's chroot. */
  localNames: string[];
  /** The rendered `smtp_tls_policy_maps` table (built with the real postmap). */
  policyMap: string;
}

export interface Delivery {
  queueId: string;
  status: 'sent' | 'deferred' | 'bounced';
  /** The whole log line of the outcome. */
  line: string;
}

const MASTER_CF = `# service type  private unpriv  chroot  wakeup  maxproc command
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       y       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

function run(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(join(POSTFIX_SBIN, cmd), args, {
    input: input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}${r.stdout}`,
    );
  }
  return r.stdout;
}

export class PostfixInstance {
  readonly dir: string;
  readonly configDir: string;
  readonly queueDir: string;
  readonly logFile: string;
  private running = false;
  /** The master daemon's process id, once started. */
  masterPid = 0;

  private constructor(dir: string) {
    this.dir = dir;
    this.configDir = join(dir, 'config');
    this.queueDir = join(dir, 'queue');
    this.logFile = join(dir, 'maillog');
  }

  /** Writes the configuration, builds the policy map with postmap and starts the master. */
  static async start(opts: PostfixOptions): Promise<PostfixInstance> {
    const dir = tempDir('smtpfp-postfix-');
    // Postfix's unprivileged processes (user postfix) must reach the queue and data folders.
    chmodSync(dir, 0o755);
    const pf = new PostfixInstance(dir);
    const data = join(dir, 'data');
    mkdirSync(pf.configDir);
    mkdirSync(pf.queueDir);
    mkdirSync(data);
    execFileSync('chown', ['postfix', data]);
    const policy = join(pf.configDir, 'tls_policy');
    writeFileSync(policy, opts.policyMap);
    run('postmap', [`hash:${policy}`]);
    writeFileSync(
      join(pf.configDir, 'main.cf'),
      [
        'compatibility_level = 3.6',
        `queue_directory = ${pf.queueDir}`,
        `data_directory = ${data}`,
        `maillog_file = ${pf.logFile}`,
        // A safety list of where maillog_file may be (default /var and /dev/stdout).
        `maillog_file_prefixes = ${dir}`,
        'mail_owner = postfix',
        'setgid_group = postdrop',
        'myhostname = sender.smtpfp-test.invalid',
        'mydomain = smtpfp-test.invalid',
        'myorigin = $myhostname',
        'mydestination =',
        'relayhost =',
        'inet_interfaces = loopback-only',
        'inet_protocols = ipv4',
        'alias_maps =',
        'alias_database =',
        'biff = no',
        // Next hop = the recipient domain, resolved through the chroot's etc/hosts only.
        'smtp_dns_support_level = disabled',
        'smtp_host_lookup = native',
        `smtp_tcp_port = ${opts.port}`,
        // The pins under test. No other TLS policy: a domain without a line would go in clear.
        `smtp_tls_policy_maps = hash:${policy}`,
        'smtp_tls_fingerprint_digest = sha256',
        'smtp_tls_loglevel = 1',
        // One TLS session per delivery: no connection or session reuse across certificates.
        'smtp_connection_cache_on_demand = no',
        'smtp_tls_connection_reuse = no',
        'smtp_tls_session_cache_database =',
        'smtp_connect_timeout = 5s',
        'smtp_helo_timeout = 10s',
        'smtp_starttls_timeout = 10s',
        // Deferred mail is retried only when a test flushes the queue (postqueue -f), never on
        // its own in the middle of another scenario.
        'minimal_backoff_time = 1h',
        'maximal_backoff_time = 2h',
        'queue_run_delay = 1h',
        '',
      ].join('\n'),
    );
    writeFileSync(join(pf.configDir, 'master.cf'), MASTER_CF);
    const etc = join(pf.queueDir, 'etc');
    mkdirSync(etc);
    writeFileSync(join(etc, 'hosts'), `127.0.0.1 localhost ${opts.localNames.join(' ')}\n`);
    writeFileSync(join(etc, 'nsswitch.conf'), 'hosts: files\n');
    pf.running = true;
    try {
      run('postfix', ['-c', pf.configDir, 'start']);
      pf.masterPid = Number(readFileSync(join(pf.queueDir, 'pid', 'master.pid'), 'utf8').trim());
    } catch (e) {
      pf.stopSync();
      throw e;
    }
    return pf;
  }

  /** Submits a message through the real sendmail; returns its Message-ID. */
  send(from: string, to: string, subject: string): string {
    const id = `${Date.now()}.${Math.random().toString(36).slice(2)}@smtpfp-test.invalid`;
    const message = [
      `From: <${from}>`,
      `To: <${to}>`,
      `Subject: ${subject}`,
      `Message-ID: <${id}>`,
      '',
      `${subject}: body`,
      '',
    ].join('\n');
    run('sendmail', ['-C', this.configDir, '-f', from, '--', to], message);
    return id;
  }

  /** Asks the queue manager to retry every deferred message now. */
  flush(): void {
    run('postqueue', ['-c', this.configDir, '-f']);
  }

  /** Removes every deferred message (so an old attempt cannot be retried into a later scenario). */
  dropDeferred(): void {
    run('postsuper', ['-c', this.configDir, '-d', 'ALL', 'deferred']);
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** Polls Postfix's own log until `pattern` matches a line, or fails after `timeoutMs`. */
  async waitForLog(pattern: RegExp, timeoutMs = 15_000, after = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.log().slice(after);
      for (const line of text.split('\n')) {
        const m = line.match(pattern);
        if (m) return m;
      }
      if (Date.now() > deadline)
        throw new Error(`no log line matching ${pattern} within ${timeoutMs} ms; the log:\n${this.log()}`);
      await sleep(100);
    }
  }

  /** The queue id of a submitted message, then the outcome of its next delivery attempt. */
  async outcome(messageId: string, recipient: string, after = 0): Promise<Delivery> {
    const escaped = messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const [, queueId] = await this.waitForLog(new RegExp(`\\b([0-9A-F]{6,}): message-id=<${escaped}>`));
    return this.nextOutcome(queueId!, recipient, after);
  }

  /** The first delivery outcome of a queue id logged after byte offset `after`. */
  async nextOutcome(queueId: string, recipient: string, after = 0): Promise<Delivery> {
    const rcpt = recipient.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = await this.waitForLog(
      new RegExp(`postfix/smtp\\[\\d+\\]: ${queueId}: to=<${rcpt}>.* status=(sent|deferred|bounced)\\b.*`),
      15_000,
      after,
    );
    return { queueId, status: m[1] as Delivery['status'], line: m[0] };
  }

  logSize(): number {
    return Buffer.byteLength(this.log(), 'utf8');
  }

  stopSync(): void {
    if (!this.running) return;
    this.running = false;
    if (existsSync(this.configDir))
      spawnSync(POSTFIX, ['-c', this.configDir, 'stop'], { stdio: 'ignore', timeout: 20_000 });
    // A master still there (stop timed out, or the folders are gone) is terminated: SIGTERM makes
    // it stop its children and exit. Nothing may outlive the test.
    if (this.masterPid > 1 && isAlive(this.masterPid)) {
      try {
        process.kill(this.masterPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }

  /** Whether the master daemon is still running. */
  get alive(): boolean {
    return this.masterPid > 1 && isAlive(this.masterPid);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const live = new Set<PostfixInstance>();
process.on('exit', () => {
  for (const pf of live) pf.stopSync();
});

/** Starts an instance that is stopped at process exit whatever happens. */
export async function startPostfix(opts: PostfixOptions): Promise<PostfixInstance> {
  const pf = await PostfixInstance.start(opts);
  live.add(pf);
  return pf;
}
