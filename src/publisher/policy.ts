import type { Finding } from '../model/finding.ts';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import { schemaFindings } from './schema.ts';
import { loadYaml } from './yaml-load.ts';

/** The publisher policy `.smtpfp.yml` (SPEC §2.2). */
export interface Policy {
  signers: string[];
  /** Repository path of a key file or folder. */
  keyring?: string;
}

/** Parses a policy file; findings explain what is wrong when it cannot be used. */
export function parsePolicy(file: string, bytes: Uint8Array): { policy?: Policy; findings: Finding[] } {
  const findings: Finding[] = [];
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return { findings };
  findings.push(...schemaFindings('policy', file, loaded.data, loaded.source));
  if (findings.length > 0) return { findings };
  const data = loaded.data as { signers?: string[]; keyring?: string };
  const policy: Policy = { signers: (data.signers ?? []).map((s) => normalizeFingerprint(s)!) };
  if (data.keyring !== undefined) policy.keyring = data.keyring;
  return { policy, findings };
}
