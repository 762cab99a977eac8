/** `update-keyring` (SPEC §3.5): the listed fingerprints exported from the user's GnuPG. */
import { spawn } from 'node:child_process';
import { writeFileAtomic } from '../io/atomic.ts';
import { Keyring } from '../signing/keyring.ts';
import { ConsumerError } from './errors.ts';

export interface KeyringExport {
  /** Primary fingerprints written, sorted. */
  exported: string[];
  /** Listed fingerprints gpg does not have, sorted. */
  missing: string[];
}

function gpgExport(fingerprints: readonly string[], env: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', ['--batch', '--no-tty', '--armor', '--export', '--', ...fingerprints], {
      env: { ...env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ConsumerError(e.code === 'ENOENT' ? 'gpg is not installed or not on PATH' : e.message, 'KEYRING'),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new ConsumerError(`gpg --export failed: ${Buffer.concat(err).toString('utf8').trim()}`, 'KEYRING'),
        );
    });
  });
}

/** Exports the keys and writes them atomically to `path`; nothing is written when gpg has none. */
export async function exportKeyring(
  fingerprints: readonly string[],
  path: string,
  env: NodeJS.ProcessEnv,
): Promise<KeyringExport> {
  const wanted = [...new Set(fingerprints)].sort();
  const data = wanted.length ? await gpgExport(wanted, env) : Buffer.alloc(0);
  // gpg also exports keys whose subkey matched: keep the report to the primaries it really has.
  const ring = data.length ? await Keyring.fromFiles([{ name: 'gpg --export', data }]) : Keyring.empty();
  const exported = wanted.filter((f) => ring.has(f));
  const missing = wanted.filter((f) => !ring.has(f));
  if (exported.length > 0) {
    try {
      await writeFileAtomic(path, data);
    } catch (e) {
      throw new ConsumerError(`cannot write the keyring ${path}: ${(e as Error).message}`, 'KEYRING');
    }
  }
  return { exported, missing };
}
