/**
 * The settings of a CI job, built once per entry point (`smtpfp ci`, the GitHub Action) from what
 * that entry point was given and the job's environment, by the same rules: explicit values first,
 * then the SMTPFP_FINGERPRINTS and SMTPFP_KEYS variables; keyring paths relative to the checked
 * folder.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../model/errors.ts';
import type { TrustHints } from '../trust/load.ts';
import type { CiContext, Env } from './detect.ts';
import type { CiJobInputs } from './job.ts';

export interface CiSettings extends CiJobInputs {
  /** Where the CI system put the checkout: report paths are relative to it. */
  workspace: string | undefined;
}

export interface CiEntryInputs {
  ci: CiContext;
  env: Env;
  /** The folder to check, absolute. */
  folder: string;
  /** Allowed signers given to the entry point; empty: SMTPFP_FINGERPRINTS. */
  fingerprints: readonly string[];
  /** Key files or folders as given: a relative path is taken in the checked folder. */
  keyrings: readonly string[];
  /** Armored keys given to the entry point; blank: SMTPFP_KEYS. */
  keys?: string;
  strict: boolean;
  now: number;
  expiryWarningDays: number;
  hints: TrustHints;
  log?: (line: string) => void;
}

/** Splits a list of fingerprints given as one value: newlines and commas separate, spaces do not. */
export function splitFingerprints(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * SMTPFP_KEYS holds armored keys; a GitLab variable of type "file" holds the path of a file with
 * them instead.
 */
function keysFromEnv(value: string | undefined): { armored?: string; keyring?: string } {
  if (value === undefined || value.trim() === '') return {};
  if (value.includes('-----BEGIN PGP')) return { armored: value };
  const path = value.trim();
  if (!path.includes('\n') && existsSync(path) && statSync(path).isFile()) return { keyring: path };
  throw usageError(
    'SMTPFP_KEYS: expected armored OpenPGP public keys (-----BEGIN PGP PUBLIC KEY BLOCK-----) or the path of a file holding them',
  );
}

/** Where a CI system puts the checkout. */
function workspaceOf(ci: CiContext, env: Env): string | undefined {
  const root = ci.provider === 'github' ? env.GITHUB_WORKSPACE : env.CI_PROJECT_DIR;
  return root ? root : undefined;
}

export function ciSettings(input: CiEntryInputs): CiSettings {
  const { env } = input;
  const fingerprints =
    input.fingerprints.length > 0 ? [...input.fingerprints] : splitFingerprints(env.SMTPFP_FINGERPRINTS);
  const keys = input.keys?.trim() ? { armored: input.keys } : keysFromEnv(env.SMTPFP_KEYS);
  const keyrings = input.keyrings.map((p) => resolve(input.folder, p));
  if (keys.keyring) keyrings.push(keys.keyring);
  return {
    ci: input.ci,
    path: input.folder,
    fingerprints,
    keyrings,
    ...(keys.armored ? { armoredKeys: keys.armored } : {}),
    hints: input.hints,
    strict: input.strict,
    now: input.now,
    expiryWarningDays: input.expiryWarningDays,
    ...(input.log ? { log: input.log } : {}),
    workspace: workspaceOf(input.ci, env),
  };
}
