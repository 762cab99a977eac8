/**
 * The group names of a meta configuration (SPEC §2.3): its top-level keys. `status --config` needs
 * only these; the full meta parser belongs to the consumer.
 */
import { loadYaml } from '../format/yaml-load.ts';
import type { Finding } from '../model/finding.ts';
import { findingLocation } from '../model/finding.ts';

export function metaGroupNames(file: string, bytes: Uint8Array): { groups: string[] } | { problem: string } {
  const findings: Finding[] = [];
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) {
    const f = findings[0];
    return { problem: f ? `${findingLocation(f)}: ${f.message}` : `${file}: unreadable` };
  }
  const data = loaded.data;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { problem: `${file}: expected a mapping of group names to their sources` };
  return { groups: Object.keys(data).sort() };
}
