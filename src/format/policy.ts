import { type Finding, firstProblem } from '../model/finding.ts';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import { schemaFindings } from './schema.ts';
import { loadYaml } from './yaml-load.ts';

/** The publisher policy `.smtpfp.yml` (SPEC §2.2). */
export interface Policy {
  signers: string[];
  /** Repository path of a key file or folder. */
  keyring?: string;
}

export type ParsedPolicy = { policy: Policy; findings: Finding[] } | { problem: string; findings: Finding[] };

/** Parses a policy file; when it cannot be used, `problem` says why in one line (the first finding). */
export function parsePolicy(file: string, bytes: Uint8Array): ParsedPolicy {
  const findings: Finding[] = [];
  const unusable = (): ParsedPolicy => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  findings.push(...schemaFindings('policy', file, loaded.data, loaded.source));
  if (findings.length > 0) return unusable();
  const data = loaded.data as { signers?: string[]; keyring?: string };
  const policy: Policy = { signers: (data.signers ?? []).map((s) => normalizeFingerprint(s)!) };
  if (data.keyring !== undefined) policy.keyring = data.keyring;
  return { policy, findings };
}
