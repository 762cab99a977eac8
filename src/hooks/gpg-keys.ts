import { spawn } from 'node:child_process';

/** One OpenPGP key as `gpg --with-colons` lists it. */
export interface GpgKey {
  /** Primary-key fingerprint, uppercase hex. */
  primary: string;
  /** The first user id, or null. */
  uid: string | null;
  /** gpg's validity letter for the primary key ('r' revoked, 'e' expired, 'i' invalid, ...). */
  validity: string;
  /** Whether the key as a whole can sign (a capable primary or subkey). */
  canSign: boolean;
  disabled: boolean;
  subkeys: string[];
}

export type KeyLookup =
  | { kind: 'secret'; keys: GpgKey[] }
  | { kind: 'public-only'; keys: GpgKey[] }
  | { kind: 'none' }
  | { kind: 'gpg-missing' }
  | { kind: 'gpg-failed'; message: string };

interface GpgRun {
  code: number;
  stdout: string;
  stderr: string;
}

const GPG_TIMEOUT_MS = 15_000;

function runGpg(program: string, args: string[], cwd: string): Promise<GpgRun | 'missing'> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd,
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: GPG_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'EACCES') resolve('missing');
      else reject(e);
    });
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** gpg escapes ':' and control characters in colon listings as \xNN. */
const unescapeColons = (s: string): string =>
  s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

export function parseColonListing(text: string): GpgKey[] {
  const keys: GpgKey[] = [];
  let current: GpgKey | undefined;
  let expectFpr: 'primary' | 'subkey' | undefined;
  for (const line of text.split('\n')) {
    const f = line.split(':');
    const type = f[0];
    if (type === 'sec' || type === 'pub') {
      const caps = f[11] ?? '';
      current = {
        primary: '',
        uid: null,
        validity: f[1] ?? '',
        canSign: caps.includes('S'),
        disabled: caps.includes('D'),
        subkeys: [],
      };
      keys.push(current);
      expectFpr = 'primary';
    } else if (type === 'ssb' || type === 'sub') {
      expectFpr = 'subkey';
    } else if (type === 'fpr' && current && expectFpr) {
      const fpr = (f[9] ?? '').toUpperCase();
      if (expectFpr === 'primary') current.primary = fpr;
      else current.subkeys.push(fpr);
      expectFpr = undefined;
    } else if (type === 'uid' && current && current.uid === null) {
      current.uid = unescapeColons(f[9] ?? '');
    }
  }
  return keys.filter((k) => k.primary !== '');
}

async function list(
  program: string,
  which: '--list-secret-keys' | '--list-keys',
  specs: readonly string[],
  cwd: string,
): Promise<{ keys: GpgKey[] } | 'missing' | { failed: string }> {
  const r = await runGpg(
    program,
    ['--batch', '--no-tty', '--with-colons', '--fixed-list-mode', which, '--', ...specs],
    cwd,
  );
  if (r === 'missing') return 'missing';
  const keys = parseColonListing(r.stdout);
  // gpg exits 2 when a name matches no key; anything else without a listing is a real failure.
  if (r.code !== 0 && keys.length === 0 && r.code !== 2) {
    const first = r.stderr.trim().split('\n').pop() ?? '';
    return { failed: `exit ${r.code}${first ? `: ${first}` : ''}` };
  }
  return { keys };
}

/**
 * What gpg makes of a `user.signingkey` value (a fingerprint, key id, subkey fingerprint, e-mail
 * or user id): the keys whose secret part is available to sign with, else the public keys only.
 */
export async function lookUpSigningKey(program: string, spec: string, cwd: string): Promise<KeyLookup> {
  const secret = await list(program, '--list-secret-keys', [spec], cwd);
  if (secret === 'missing') return { kind: 'gpg-missing' };
  if ('failed' in secret) return { kind: 'gpg-failed', message: secret.failed };
  if (secret.keys.length > 0) return { kind: 'secret', keys: secret.keys };
  const pub = await list(program, '--list-keys', [spec], cwd);
  if (pub === 'missing') return { kind: 'gpg-missing' };
  if ('failed' in pub) return { kind: 'gpg-failed', message: pub.failed };
  return pub.keys.length > 0 ? { kind: 'public-only', keys: pub.keys } : { kind: 'none' };
}

/** Secret keys available for signing, optionally only among `fingerprints`. */
export async function secretKeys(
  program: string,
  cwd: string,
  fingerprints: readonly string[] = [],
): Promise<GpgKey[]> {
  const r = await list(program, '--list-secret-keys', fingerprints, cwd);
  if (r === 'missing' || 'failed' in r) return [];
  return r.keys.filter(usable);
}

export function usable(k: GpgKey): boolean {
  return k.canSign && !k.disabled && !['r', 'e', 'i', 'd'].includes(k.validity);
}

/** `gpg --export --armor` of one key; undefined when gpg exports nothing (or is missing). */
export async function exportArmoredKey(
  program: string,
  fingerprint: string,
  cwd: string,
): Promise<string | undefined> {
  const r = await runGpg(program, ['--batch', '--no-tty', '--export', '--armor', '--', fingerprint], cwd);
  if (r === 'missing' || r.code !== 0) return undefined;
  return r.stdout.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? r.stdout : undefined;
}
