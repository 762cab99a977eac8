/**
 * The update run (SPEC §3.5): every group in turn (`jobs` at once), selection, rendering, writing
 * or diffing, the `--on-change` command, then the state. Returns a typed report; prints nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mirror } from '../git/mirror.ts';
import type { PinSet, RenderOptions } from '../model/pins.ts';
import type { GroupState, GroupStatus, PinnedDomain } from '../model/state.ts';
import type { Keyring } from '../signing/keyring.ts';
import type { Contribution } from './contribution.ts';
import { ConsumerError } from './errors.ts';
import { type GroupOutcome, runGroup } from './group.ts';
import { acquireLock } from './lock.ts';
import {
  type CommandResult,
  type OutputSpec,
  type RenderedOutput,
  type Renderer,
  renderOutputs,
  runCommand,
  unifiedDiff,
  writeOutputs,
} from './outputs.ts';
import { type Conflict, selectPins } from './select.ts';
import type { GroupSource } from './sources.ts';
import {
  type GroupRecord,
  mirrorDir,
  prepareStateDir,
  readGroupRecord,
  writeGroupRecord,
  writeRunRecord,
} from './state-store.ts';

export interface UpdateSettings {
  groups: readonly GroupSource[];
  /** The meta configuration's folder: relative local-path URLs are read from it. */
  baseDir: string;
  outputs: readonly OutputSpec[];
  /** Undefined: a temporary folder removed at the end of the run. */
  stateDir: string | undefined;
  keyring: Keyring;
  now: number;
  sourceTtl: number;
  rolloverWindow: number;
  fetchTimeout: number;
  jobs: number;
  /** Compute the diff, write nothing (neither outputs nor state). */
  diff: boolean;
  /** The `--on-change` argument vector. */
  onChange: string[] | undefined;
  render: Renderer;
  renderOptions: RenderOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How long a second run waits for the lock (default 5 s). */
  lockWaitMs?: number;
}

export interface GroupReport {
  group: string;
  status: GroupStatus;
  commit: string | null;
  error: string | null;
  via: 'meta' | 'history' | null;
  /** Taken from the verdict cache: nothing re-verified or re-parsed. */
  cached: boolean;
  /** Entries and files left out, and certificates expired at `now` (peer text: print with care). */
  problems: string[];
  warnings: string[];
  /** What the operator should know that is not a problem (where a peer's signers changed). */
  notes: string[];
  /** Domains pinned from this group this run. */
  domains: number;
}

export interface OutputReport {
  service: string;
  format: string;
  path: string;
  changed: boolean;
  /** Set with `--diff`. */
  diff?: string;
}

export interface DomainExpiry {
  service: string;
  domain: string;
  group: string;
  /** The earliest expiry among its pinned certificates; null for a hidden service only. */
  notAfter: number | null;
}

export interface UpdateReport {
  /** Wall-clock times of the run (ms since the epoch). */
  startedAt: number;
  finishedAt: number;
  /** The evaluation instant (`--now`). */
  now: number;
  groups: GroupReport[];
  outputs: OutputReport[];
  conflicts: Conflict[];
  domainExpiry: DomainExpiry[];
  /** What was selected, by service (for `explain`). */
  pins: PinSet[];
  /** Rendering or writing failed (nothing written when rendering failed). */
  outputError: string | null;
  onChange: CommandResult | null;
  /** SPEC §3: 0, 1 when no group ended updated or unchanged, 2 when outputs could not be made. */
  exitCode: 0 | 1 | 2;
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const succeeded = (s: GroupStatus) => s === 'updated' || s === 'unchanged';

export async function runUpdate(settings: UpdateSettings): Promise<UpdateReport> {
  const startedAt = Date.now();
  const persistent = settings.stateDir !== undefined;
  const stateDir = settings.stateDir ?? (await mkdtemp(join(tmpdir(), 'smtpfp-state-')));
  let release: (() => Promise<void>) | undefined;
  try {
    await prepareStateDir(stateDir);
    if (persistent) release = await acquireLock(stateDir, settings.lockWaitMs ?? 5000);
    return await runLocked(settings, stateDir, persistent, startedAt);
  } finally {
    await release?.();
    if (!persistent) await rm(stateDir, { recursive: true, force: true });
  }
}

async function runLocked(
  settings: UpdateSettings,
  stateDir: string,
  persistent: boolean,
  startedAt: number,
): Promise<UpdateReport> {
  const { now } = settings;
  // Read every group's record first: a damaged state file stops the run before anything is
  // fetched, rather than being replaced by a record that forgot the accepted tip.
  const previous = new Map<string, GroupRecord | undefined>();
  for (const g of settings.groups) previous.set(g.name, await readGroupRecord(stateDir, g.name));
  const outcomes = await pool(settings.groups, settings.jobs, (g) =>
    runGroup(
      g,
      {
        stateDir,
        baseDir: settings.baseDir,
        keyring: settings.keyring,
        now,
        sourceTtl: settings.sourceTtl,
        fetchTimeout: settings.fetchTimeout,
        env: settings.env,
      },
      previous.get(g.name),
    ),
  );

  const contributions = new Map<string, Contribution>();
  for (const o of outcomes) if (o.contribution) contributions.set(o.group, o.contribution);
  const services = [
    ...new Set([
      ...settings.outputs.map((o) => o.service),
      ...[...contributions.values()].flatMap((c) => c.services.map((s) => s.service)),
    ]),
  ].sort();
  const selection = selectPins(contributions, services, now, settings.rolloverWindow);

  const domainExpiry: DomainExpiry[] = [];
  for (const set of selection.pinSets.values()) {
    for (const d of set.domains) {
      const times = d.certificates.map((c) => c.notAfter);
      domainExpiry.push({
        service: set.service,
        domain: d.domain,
        group: d.group,
        notAfter: times.length ? Math.min(...times) : null,
      });
    }
  }

  let outputError: string | null = null;
  let rendered: RenderedOutput[] = [];
  try {
    rendered = await renderOutputs(
      settings.outputs,
      selection.pinSets,
      settings.render,
      settings.renderOptions,
    );
  } catch (e) {
    if (!(e instanceof ConsumerError)) throw e;
    outputError = e.message;
  }
  let onChange: CommandResult | null = null;
  if (!outputError && !settings.diff) {
    const failures = await writeOutputs(rendered);
    if (failures.length > 0) outputError = failures.join('; ');
    const wrote =
      rendered.some((r) => r.changed) && failures.length < rendered.filter((r) => r.changed).length;
    if (wrote && settings.onChange)
      onChange = await runCommand(settings.onChange, settings.env, settings.cwd);
  }
  const outputs: OutputReport[] = rendered.map((r) => ({
    service: r.spec.service,
    format: r.spec.format,
    path: r.spec.path,
    changed: r.changed,
    ...(settings.diff ? { diff: unifiedDiff(r) } : {}),
  }));

  const finishedAt = Date.now();
  if (persistent && !settings.diff) {
    for (const o of outcomes) await saveGroup(stateDir, o, now, domainExpiry);
    await writeRunRecord(stateDir, {
      startedAt,
      finishedAt,
      conflicts: selection.conflicts,
      sourceTtl: settings.sourceTtl,
    });
  }

  const groups: GroupReport[] = outcomes.map((o) => ({
    group: o.group,
    status: o.status,
    commit: o.commit,
    error: o.error,
    via: o.via,
    cached: o.cached,
    problems: [...(o.contribution?.problems ?? []), ...(selection.notes.get(o.group) ?? [])],
    warnings: o.warnings,
    notes: o.notes,
    domains: new Set(domainExpiry.filter((d) => d.group === o.group).map((d) => d.domain)).size,
  }));
  let exitCode: 0 | 1 | 2 = 0;
  if (outputError || onChange?.error) exitCode = 2;
  else if (groups.length > 0 && !groups.some((g) => succeeded(g.status))) exitCode = 1;
  return {
    startedAt,
    finishedAt,
    now,
    groups,
    outputs,
    conflicts: selection.conflicts,
    domainExpiry,
    pins: [...selection.pinSets.values()],
    outputError,
    onChange,
    exitCode,
  };
}

async function saveGroup(
  stateDir: string,
  o: GroupOutcome,
  now: number,
  expiry: DomainExpiry[],
): Promise<void> {
  const ok = succeeded(o.status);
  const prev = o.previous?.state;
  const pins: PinnedDomain[] = expiry
    .filter((d) => d.group === o.group)
    .map((d) => ({ service: d.service, domain: d.domain, notAfter: d.notAfter }));
  const state: GroupState = {
    group: o.group,
    accepted: ok ? o.accepted : (prev?.accepted ?? null),
    lastSuccess: ok ? now : (prev?.lastSuccess ?? null),
    lastAttempt: { at: now, status: o.status, error: o.error },
    pins,
  };
  const contribution = ok ? o.contribution : (o.previous?.contribution ?? null);
  if (ok && o.accepted && o.status === 'updated') {
    const mirror = await Mirror.open(mirrorDir(stateDir, o.group));
    await mirror.markAccepted(o.accepted.commit);
  }
  try {
    await writeGroupRecord(stateDir, { state, contribution });
  } catch (e) {
    throw new ConsumerError(`cannot write the state of group ${o.group}: ${(e as Error).message}`, 'STATE');
  }
}
