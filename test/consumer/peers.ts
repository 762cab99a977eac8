/**
 * Real peers for consumer tests: a publisher repository whose commits are signed by a real gpg
 * key, pushed to a bare repository that the consumer reaches by a file:// URL.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '../../src/signing/keyring.ts';
import { type MadeCert, makeCert } from '../helpers/certs.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';

export interface Peer {
  name: string;
  key: GeneratedKey;
  repo: TestRepo;
  bare: string;
  url: string;
  /** Commits with these files (signed by the peer's key unless signWith says otherwise), pushes. */
  publish(files: Record<string, string>, opts?: { signWith?: string | null }): Promise<string>;
  /** Force-pushes an older commit: a rollback. */
  forcePush(commit: string): Promise<void>;
}

export interface DomainSpec {
  domain: string;
  cert?: MadeCert;
  onion?: string;
}

/** A service file with one configuration per entry of `configs`. */
export function serviceFile(configs: Array<{ validAfter: string; domains: DomainSpec[] }>): {
  files: Record<string, string>;
} {
  const files: Record<string, string> = {};
  const lines = ['version: 1', 'config:'];
  let n = 0;
  for (const c of configs) {
    lines.push(`  - valid_after: ${c.validAfter}`, '    domains:');
    for (const d of c.domains) {
      lines.push(`      - domain: ${d.domain}`);
      if (d.cert) {
        const path = `certs/${d.domain}-${n++}.pem`;
        files[path] = d.cert.pem;
        lines.push(`        cert: ${path}`);
      }
      if (d.onion) lines.push(`        hidden_service: ${d.onion}`);
    }
  }
  files['smtp.yml'] = `${lines.join('\n')}\n`;
  return { files };
}

export class World {
  home!: GnupgHome;
  readonly dir = tempDir('smtpfp-world-');

  static async create(): Promise<World> {
    const w = new World();
    w.home = await createGnupgHome();
    return w;
  }

  async peer(name: string, key?: GeneratedKey): Promise<Peer> {
    const k = key ?? (await generateKey(this.home, { uid: `${name} <${name}@example.org>` }));
    const repo = await createRepo(this.home);
    const bare = join(this.dir, `${name}.git`);
    await repo.git(['init', '-q', '--bare', '-b', 'main', bare]);
    const push = async (args: string[]) => {
      await repo.git(['push', '-q', ...args, bare, 'HEAD:refs/heads/main']);
    };
    return {
      name,
      key: k,
      repo,
      bare,
      url: `file://${bare}`,
      async publish(files, opts = {}) {
        const signWith = opts.signWith === undefined ? k.fingerprint : opts.signWith;
        const oid = await repo.commit({ files, signWith });
        await push([]);
        return oid;
      },
      async forcePush(commit) {
        await repo.git(['reset', '-q', '--hard', commit]);
        await push(['--force']);
      },
    };
  }

  async key(name: string): Promise<GeneratedKey> {
    return generateKey(this.home, { uid: `${name} <${name}@example.org>` });
  }

  /** An armored keyring file with these keys. */
  async keyringFile(fingerprints: string[]): Promise<string> {
    const path = join(this.dir, `keyring-${fingerprints.length}-${Math.random().toString(36).slice(2)}`);
    await writeFile(path, await exportKeys(this.home, fingerprints, { armor: true }));
    return path;
  }

  async keyring(fingerprints: string[]): Promise<Keyring> {
    return Keyring.fromFiles([{ name: 'test', data: await exportKeys(this.home, fingerprints) }]);
  }

  close(): Promise<void> {
    return this.home.close();
  }
}

export { makeCert };
