import { homedir } from 'node:os';
import { join } from 'node:path';
import { type ConfigEntry, gitBoolean, readGitConfig } from '../git/config.ts';
import { type TrustedPolicy, trustedPolicy } from '../trust/policy.ts';
import { type GpgKey, lookUpSigningKey, secretKeys, usable } from './gpg-keys.ts';

/** One missing piece of the signing set-up, with the command that fixes it. */
export interface SetupProblem {
  setting: 'commit.gpgsign' | 'user.signingkey' | 'gpg.format' | 'gpg.program';
  message: string;
  fix: string;
}

export interface SigningSetup {
  problems: SetupProblem[];
  notes: string[];
  /** The key the next commit will be signed with, when it resolved to exactly one. */
  signer?: { fingerprint: string; uid: string | null; allowed: boolean | null };
  policy?: TrustedPolicy;
}

/** git reads gpg.program and gpg.openpgp.program as one setting: the last one read wins. */
export function gpgProgram(cfg: Map<string, ConfigEntry>): string {
  const candidates = [cfg.get('gpg.program'), cfg.get('gpg.openpgp.program')].filter(
    (e): e is ConfigEntry => e?.value !== undefined && e.value !== null && e.value.trim() !== '',
  );
  candidates.sort((a, b) => a.order - b.order);
  const program = candidates.at(-1)?.value?.trim() ?? 'gpg';
  return program.startsWith('~/') ? join(homedir(), program.slice(2)) : program;
}

const describeKey = (k: GpgKey) => (k.uid ? `${k.primary} (${k.uid})` : k.primary);

function unusableReason(k: GpgKey): string {
  if (k.validity === 'r') return 'is revoked';
  if (k.validity === 'e') return 'has expired';
  if (k.disabled) return 'is disabled';
  if (!k.canSign) return 'has no signing capability';
  return 'is not valid';
}

/**
 * Checks that the next commit will be signed in a way verify-commits accepts (SPEC §3.3):
 * commit.gpgsign true, gpg.format unset or openpgp, user.signingkey naming one usable secret key
 * that belongs to an allowed signer of the trusted policy.
 */
export async function checkSigningSetup(repo: string): Promise<SigningSetup> {
  const policyLookup = trustedPolicy(repo);
  const cfg = await readGitConfig(repo);
  const program = gpgProgram(cfg);
  const spec = cfg.get('user.signingkey')?.value?.trim();
  // gpg runs while the policy is read: a hook's time is mostly waiting for processes.
  const keyLookup = spec ? lookUpSigningKey(program, spec, repo) : undefined;
  keyLookup?.catch(() => {});
  const lookup = await policyLookup;
  const problems: SetupProblem[] = [];
  const notes = [...lookup.notes];
  const policy = lookup.policy;

  const gpgsign = cfg.get('commit.gpgsign');
  const sign = gitBoolean(gpgsign);
  if (sign !== true) {
    const now =
      gpgsign === undefined
        ? 'is not set'
        : sign === false
          ? `is '${gpgsign.value ?? ''}' (${gpgsign.scope} configuration)`
          : `is '${gpgsign.value ?? ''}', not a boolean`;
    problems.push({
      setting: 'commit.gpgsign',
      message: `commit.gpgsign ${now}: git would make this commit unsigned`,
      fix: 'git config commit.gpgsign true',
    });
  }

  const format = cfg.get('gpg.format');
  const formatValue = format?.value?.trim().toLowerCase();
  if (format && formatValue !== 'openpgp') {
    const fix =
      format.scope === 'local'
        ? 'git config --unset gpg.format'
        : format.scope === 'worktree'
          ? 'git config --worktree --unset gpg.format'
          : format.scope === 'command'
            ? "run git without '-c gpg.format=...' (GIT_CONFIG_PARAMETERS)"
            : 'git config gpg.format openpgp';
    problems.push({
      setting: 'gpg.format',
      message: `gpg.format is '${format.value ?? ''}' (${format.scope} configuration): only OpenPGP signatures are accepted, an ${format.value ?? ''} signature is 'unsupported'`,
      fix,
    });
  }

  const suggestion = async (): Promise<string> => {
    const keys = await secretKeys(program, repo, policy?.signers ?? []);
    const primaries = [...new Set(keys.map((k) => k.primary))];
    if (primaries.length === 1 || (policy && primaries.length > 0)) return primaries[0]!;
    return '<FPR>';
  };
  const allowedHint = policy ? ` (allowed signers in ${policy.where}: ${policy.signers.join(', ')})` : '';

  let signer: SigningSetup['signer'];
  if (!spec || !keyLookup) {
    problems.push({
      setting: 'user.signingkey',
      message: `user.signingkey is not set: git would let gpg pick a key by the committer's e-mail${allowedHint}`,
      fix: `git config user.signingkey ${await suggestion()}`,
    });
  } else {
    const found = await keyLookup;
    switch (found.kind) {
      case 'gpg-missing':
        problems.push({
          setting: 'gpg.program',
          message: `the OpenPGP program '${program}' is not installed or not on PATH: git cannot sign commits`,
          fix:
            program === 'gpg'
              ? 'install GnuPG (e.g. apt-get install gnupg), or git config gpg.program <path to gpg>'
              : 'git config gpg.program <path to gpg>',
        });
        break;
      case 'gpg-failed':
        problems.push({
          setting: 'gpg.program',
          message: `'${program} --list-secret-keys' failed (${found.message}): cannot tell whether git can sign with user.signingkey '${spec}'`,
          fix: `${program} --list-secret-keys -- '${spec}'`,
        });
        break;
      case 'none':
        problems.push({
          setting: 'user.signingkey',
          message: `user.signingkey '${spec}' names no key that ${program} knows${allowedHint}`,
          fix: `git config user.signingkey ${await suggestion()}`,
        });
        break;
      case 'public-only':
        problems.push({
          setting: 'user.signingkey',
          message: `${program} has the public key ${found.keys.map(describeKey).join(', ')} for user.signingkey '${spec}' but not its secret key: git cannot sign with it`,
          fix: `git config user.signingkey ${await suggestion()}`,
        });
        break;
      case 'secret': {
        const keys = found.keys.filter(usable);
        const primaries = [...new Set(keys.map((k) => k.primary))];
        if (keys.length === 0) {
          const k = found.keys[0]!;
          problems.push({
            setting: 'user.signingkey',
            message: `the key ${describeKey(k)} named by user.signingkey '${spec}' ${unusableReason(k)}`,
            fix: `git config user.signingkey ${await suggestion()}`,
          });
        } else if (primaries.length > 1) {
          problems.push({
            setting: 'user.signingkey',
            message: `user.signingkey '${spec}' matches ${primaries.length} keys (${primaries.join(', ')}): name one by its fingerprint`,
            fix: `git config user.signingkey ${
              primaries.find((p) => policy?.signers.includes(p)) ?? (await suggestion())
            }`,
          });
        } else {
          const k = keys[0]!;
          const allowed = policy ? policy.signers.includes(k.primary) : null;
          signer = { fingerprint: k.primary, uid: k.uid, allowed };
          if (allowed === false) {
            problems.push({
              setting: 'user.signingkey',
              message: `the signing key ${describeKey(k)} is not an allowed signer${allowedHint}; its commits would be 'not-allowed'`,
              fix: `git config user.signingkey ${await suggestion()}`,
            });
          }
        }
        break;
      }
    }
  }
  return { problems, notes, ...(signer ? { signer } : {}), ...(policy ? { policy } : {}) };
}
