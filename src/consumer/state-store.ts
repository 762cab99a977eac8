/**
 * The state dir (docs/state.md): per group its state and the contribution at its accepted commit
 * (the verdict cache), the last run's record, the mirrors and the lock. Every write is atomic.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { jsonStringify } from '../model/json.ts';
import type { GroupState, RunRecord } from '../model/state.ts';
import type { Contribution } from './contribution.ts';
import { ConsumerError } from './errors.ts';

export const STATE_VERSION = 1;

/** Group names become file names: the meta schema's own pattern, checked again here. */
export const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface GroupRecord {
  state: GroupState;
  /** What the group contributes at `state.accepted.commit`; null when nothing was accepted. */
  contribution: Contribution | null;
}

const groupsDir = (stateDir: string) => join(stateDir, 'groups');
const groupFile = (stateDir: string, group: string) => join(groupsDir(stateDir), `${group}.json`);
export const mirrorDir = (stateDir: string, group: string) => join(stateDir, 'mirrors', `${group}.git`);
const runFile = (stateDir: string) => join(stateDir, 'run.json');

function checkName(group: string): void {
  if (!GROUP_NAME.test(group))
    throw new ConsumerError(`group name '${group}' cannot name a state file`, 'STATE');
}

async function readVersioned(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConsumerError(`cannot read the state file ${path}: ${(e as Error).message}`, 'STATE');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConsumerError(
      `the state file ${path} is not JSON: remove it to start that part afresh`,
      'STATE',
    );
  }
  if (!data || typeof data !== 'object' || (data as { version?: unknown }).version !== STATE_VERSION) {
    throw new ConsumerError(
      `the state file ${path} is not of state format version ${STATE_VERSION}: expected {"version": ${STATE_VERSION}, ...}`,
      'STATE',
    );
  }
  return data as Record<string, unknown>;
}

export async function prepareStateDir(stateDir: string): Promise<void> {
  try {
    await mkdir(groupsDir(stateDir), { recursive: true, mode: 0o700 });
    await mkdir(join(stateDir, 'mirrors'), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new ConsumerError(`cannot use the state dir ${stateDir}: ${(e as Error).message}`, 'STATE');
  }
}

export async function readGroupRecord(stateDir: string, group: string): Promise<GroupRecord | undefined> {
  checkName(group);
  const data = await readVersioned(groupFile(stateDir, group));
  if (!data) return undefined;
  return {
    state: data.state as GroupState,
    contribution: (data.contribution as Contribution | null) ?? null,
  };
}

export async function writeGroupRecord(stateDir: string, record: GroupRecord): Promise<void> {
  checkName(record.state.group);
  const body = `${jsonStringify({ version: STATE_VERSION, state: record.state, contribution: record.contribution })}\n`;
  await writeFileAtomic(groupFile(stateDir, record.state.group), body, 0o600);
}

/** Every group's state, sorted by group name (for `status` and the metrics). */
export async function readGroupStates(stateDir: string): Promise<GroupState[]> {
  let names: string[];
  try {
    names = await readdir(groupsDir(stateDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConsumerError(`cannot read the state dir ${stateDir}: ${(e as Error).message}`, 'STATE');
  }
  const out: GroupState[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const group = name.slice(0, -'.json'.length);
    if (!GROUP_NAME.test(group)) continue;
    const record = await readGroupRecord(stateDir, group);
    if (record) out.push(record.state);
  }
  return out;
}

export async function readRunRecord(stateDir: string): Promise<RunRecord | undefined> {
  const data = await readVersioned(runFile(stateDir));
  return data ? (data.run as RunRecord) : undefined;
}

export async function writeRunRecord(stateDir: string, run: RunRecord): Promise<void> {
  await writeFileAtomic(runFile(stateDir), `${jsonStringify({ version: STATE_VERSION, run })}\n`, 0o600);
}
