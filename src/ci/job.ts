/**
 * The CI job shared by `smtpfp ci` and the GitHub Action: make sure every commit of the pushed or
 * proposed range is in the (often shallow) clone, check the tip's committed tree, and verify the
 * range's signatures with trust read from the range's base.
 *
 * A range is only ever verified once it has been read whole: a shallow boundary inside it could hide
 * unsigned commits, so a range that stays incomplete after fetching is a failure, never a pass.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { verifyRequest } from '../cli/commands/verify-commits.ts';
import {
  hasCommit,
  listCommits,
  newBranchBase,
  otherRemoteBranches,
  type RangeSpec,
} from '../git/commits.ts';
import { locateRepository } from '../git/repo.ts';
import { GitError, git, gitText } from '../git/run.ts';
import { CommitTree } from '../git/tree.ts';
import { environmentError } from '../model/errors.ts';
import type { CheckResult } from '../model/finding.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { checkTree } from '../publisher/check.ts';
import { findingsGithub, findingsGitlab, findingsText } from '../report/findings.ts';
import { makeStyle, printable } from '../report/style.ts';
import {
  summarize,
  type VerdictSummary,
  verdictsGithub,
  verdictsGitlab,
  verdictsText,
} from '../report/verdicts.ts';
import { workflowCommand } from '../report/workflow.ts';
import type { KeyFile } from '../signing/keyring.ts';
import { keyFilesInCommit } from '../trust/load.ts';
import type { CiContext } from './detect.ts';

const REMOTE = 'origin';
const BRANCHES_REFSPEC = `+refs/heads/*:refs/remotes/${REMOTE}/*`;
/** `git fetch --deepen` steps before giving up on depth and fetching the whole history. */
const DEEPEN_STEPS = [50, 100, 200, 400, 800];

export interface CiJobInputs {
  ci: CiContext;
  /** The folder to check (absolute): a publisher repository, or a folder inside one. */
  path: string;
  /** Allowed signers as written (spaces and case allowed); empty: from the policy. */
  fingerprints: readonly string[];
  /**
   * Key files or folders (absolute paths). One inside the repository is read at the trusted
   * commit, not from the checkout, which the commits under test wrote.
   */
  keyrings: readonly string[];
  /** Armored public keys as text (a CI variable or input). */
  armoredKeys?: string;
  strict: boolean;
  /** Evaluation instant for `check`, epoch ms. */
  now: number;
  expiryWarningDays: number;
  /** Progress for the job log (history fetched, ...). */
  log?: (line: string) => void;
}

export interface CiRange {
  /** `between`: base..head; `new-branch`: the commits of head that the trusted refs lack. */
  kind: 'between' | 'new-branch';
  base: string | null;
  head: string;
  /** `new-branch`: the remote-tracking refs whose commits are already trusted (the default branch). */
  trusted: string[];
  /** A push replaced history: its `before` is not an ancestor of its `after`. */
  rewritten: boolean;
  /** The trusted commit the policy and repository keyrings are read at; null: the tip. */
  policyCommit: string | null;
}

export interface CiJobResult {
  ci: CiContext;
  description: string;
  /** The repository's top folder. */
  repo: string;
  /** The checked folder relative to the repository top, '/'-terminated, or ''. */
  prefix: string;
  range: CiRange | null;
  /** The check of the tip's committed tree; null when it did not run. */
  check: CheckResult | null;
  verdicts: CommitVerdict[];
  verification: VerdictSummary;
  warnings: string[];
  /** Information for the log that fails nothing, even with `strict`. */
  notices: string[];
  /** Problems of the job itself, such as a range it could not read. */
  failures: string[];
  exit: 0 | 1;
}

/** Splits a list of fingerprints given as one value: newlines and commas separate, spaces do not. */
export function splitFingerprints(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const short = (oid: string) => oid.slice(0, 12);

/** How to give CI the whole history, for messages about a range that could not be read. */
function checkoutAdvice(ci: CiContext): string {
  return ci.provider === 'github'
    ? 'give actions/checkout `fetch-depth: 0` (the whole history), or make the remote reachable so missing commits can be fetched'
    : 'set the CI/CD variable `GIT_DEPTH: 0` (the whole history) for this job, or make the remote reachable so missing commits can be fetched';
}

// ---------------------------------------------------------------------------------------------
// History

class History {
  private remote: boolean | undefined;
  private deepened = 0;
  private branchesFetched = false;

  constructor(
    readonly repo: string,
    private readonly log: (line: string) => void,
  ) {}

  async hasRemote(): Promise<boolean> {
    if (this.remote === undefined) {
      const r = await git(['config', '--get', `remote.${REMOTE}.url`], { cwd: this.repo, okCodes: [1] });
      this.remote = r.code === 0 && r.stdout.length > 0;
    }
    return this.remote;
  }

  async isShallow(): Promise<boolean> {
    return (await gitText(['rev-parse', '--is-shallow-repository'], { cwd: this.repo })) === 'true';
  }

  /** The commits whose parents a shallow clone cut off. */
  async shallowCommits(): Promise<Set<string>> {
    const file = await gitText(['rev-parse', '--git-path', 'shallow'], { cwd: this.repo });
    const text = await readFile(resolve(this.repo, file), 'latin1').catch(() => '');
    return new Set(text.split('\n').filter(Boolean));
  }

  /** Runs `git fetch` from the remote; returns git's complaint, or null when it worked. */
  private async fetch(args: string[], what: string): Promise<string | null> {
    if (!(await this.hasRemote())) return `no remote '${REMOTE}' to fetch ${what} from`;
    this.log(`fetching ${what}`);
    try {
      await git(['fetch', '--quiet', '--no-tags', '--recurse-submodules=no', ...args], { cwd: this.repo });
      return null;
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      const reason = e.stderr.trim().split('\n').pop() || e.message;
      this.log(`could not fetch ${what}: ${reason}`);
      return reason;
    }
  }

  /** Fetches one commit by id (a `before` a force push left out, a pull request's head and base). */
  async fetchCommit(oid: string): Promise<boolean> {
    if (await hasCommit(this.repo, oid)) return true;
    await this.fetch([REMOTE, oid], `commit ${short(oid)}`);
    return hasCommit(this.repo, oid);
  }

  /** The remote's branches as remote-tracking refs: what "on another branch" is measured against. */
  async fetchBranches(): Promise<void> {
    if (this.branchesFetched) return;
    this.branchesFetched = true;
    await this.fetch([REMOTE, BRANCHES_REFSPEC], "the remote's branches");
  }

  /** Fetches more history below `tip`; false when there is no more to get. */
  async deepen(tip: string): Promise<boolean> {
    if (!(await this.isShallow()) || !(await this.hasRemote())) return false;
    const step = DEEPEN_STEPS[this.deepened];
    if (step === undefined) {
      if (this.deepened > DEEPEN_STEPS.length) return false;
      this.deepened += 1;
      return (await this.fetch(['--unshallow', REMOTE, tip], 'the whole history')) === null;
    }
    this.deepened += 1;
    return (await this.fetch([`--deepen=${step}`, REMOTE, tip], `${step} more commits of history`)) === null;
  }

  /**
   * Whether rev-list read the range whole: no listed commit is a shallow boundary (whose parents,
   * possibly also in the range, are missing).
   */
  async isComplete(range: RangeSpec): Promise<boolean> {
    const shallow = await this.shallowCommits();
    if (shallow.size === 0) return true;
    const listed = await listCommits(this.repo, range);
    return !listed.some((c) => shallow.has(c));
  }

  /** Deepens until the range is complete (and `need` present); false when history ran out first. */
  async complete(range: RangeSpec, tip: string, need?: string): Promise<boolean> {
    for (;;) {
      const present = need === undefined || (await hasCommit(this.repo, need));
      if (present && (await this.isComplete(range))) return true;
      if (!(await this.deepen(tip))) return false;
    }
  }

  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    const r = await git(['merge-base', '--is-ancestor', ancestor, of], { cwd: this.repo, okCodes: [1] });
    return r.code === 0;
  }
}

type Prepared = { range: CiRange; notices: string[] } | { failure: string };

/** Fetches what the range needs and decides which commits it holds (SPEC §3.4). */
async function prepareRange(ci: CiContext, history: History): Promise<Prepared> {
  const advice = checkoutAdvice(ci);
  const notices: string[] = [];
  if (!(await history.fetchCommit(ci.head))) {
    return {
      failure: `the commit under test ${ci.head} is not in the clone and could not be fetched: ${advice}`,
    };
  }

  let rewritten = false;
  if (ci.base !== null) {
    const base = ci.base;
    await history.fetchCommit(base);
    const between: RangeSpec = { kind: 'between', base, tip: ci.head };
    const complete = await history.complete(between, ci.head, base);
    const basePresent = await hasCommit(history.repo, base);
    if (complete && basePresent) {
      if (ci.event !== 'push' || (await history.isAncestor(base, ci.head))) {
        return {
          range: { kind: 'between', base, head: ci.head, trusted: [], rewritten: false, policyCommit: base },
          notices,
        };
      }
      // A push whose `before` is not an ancestor rewrote history. `before` was the trusted tip:
      // what `after` holds beyond it is exactly what must be verified, ancestor or not. (A pull or
      // merge request's base may simply have moved on: base..head is still the proposed commits.)
      return {
        range: { kind: 'between', base, head: ci.head, trusted: [], rewritten: true, policyCommit: base },
        notices: [
          `history was rewritten: the previous tip ${short(base)} is not an ancestor of ${short(ci.head)} (a force push); verifying every commit of ${short(ci.head)} that ${short(base)} did not have`,
        ],
      };
    } else if (!basePresent && ci.event === 'push' && !(await history.isShallow())) {
      // The whole history of head is here and `before` is not in it: not an ancestor.
      rewritten = true;
      notices.push(
        `history was rewritten: the previous tip ${short(base)} is not in the history of ${short(ci.head)} and could not be fetched (a force push); verifying every commit of ${short(ci.head)} that the default branch does not have`,
      );
    } else if (!basePresent) {
      return {
        failure: `the range base ${base} is not in the clone and could not be fetched, so the range ${short(base)}..${short(ci.head)} cannot be read: ${advice}`,
      };
    } else {
      return {
        failure: `the clone is shallow and its history could not be deepened to read the whole range ${short(base)}..${short(ci.head)}: ${advice}`,
      };
    }
  }

  // A new branch, a rewritten branch whose previous tip is gone, or a run with no previous tip
  // (scheduled, manual): the commits of head that the default branch does not have. Other
  // branches are not trusted: anyone who may push can create one, whatever its CI said.
  await history.fetchBranches();
  const self = ci.remoteRef?.startsWith('refs/heads/')
    ? `refs/remotes/${REMOTE}/${ci.remoteRef.slice('refs/heads/'.length)}`
    : null;
  const defaultRef = ci.defaultBranch ? `refs/remotes/${REMOTE}/${ci.defaultBranch}` : null;
  const trusted =
    defaultRef && defaultRef !== self && (await otherRemoteBranches(history.repo)).includes(defaultRef)
      ? [defaultRef]
      : [];
  if (trusted.length === 0) {
    notices.push(
      ci.defaultBranch
        ? `${short(ci.head)} is on the default branch ${ci.defaultBranch} itself, whose previous tip is unknown: verifying its whole history`
        : `the default branch is not known: verifying the whole history of ${short(ci.head)}`,
    );
  }
  const spec: RangeSpec = { kind: 'new-branch', tip: ci.head, trusted };
  if (!(await history.complete(spec, ci.head))) {
    return {
      failure: `the clone is shallow and its history could not be deepened to find which commits of ${short(ci.head)} the default branch lacks: ${advice}`,
    };
  }
  return {
    range: {
      kind: 'new-branch',
      base: null,
      head: ci.head,
      trusted,
      rewritten,
      policyCommit: await newBranchBase(history.repo, ci.head, trusted),
    },
    notices,
  };
}

// ---------------------------------------------------------------------------------------------
// Keyrings inside the repository

interface ResolvedKeyrings {
  /** Keyrings outside the repository, read from disk. */
  paths: string[];
  /** Keyrings inside it, read from the trusted commit. */
  files: KeyFile[];
  warnings: string[];
}

/**
 * A keyring inside the repository is read from git, as the trusted commit has it, so the commits
 * under test cannot change the keys they are verified with (strip a revocation, swap a folder for
 * a symlink). The checkout on disk is never read: it is the commit under test. With no trusted
 * commit, the tip's tree is all there is, and a warning says so.
 */
async function resolveKeyrings(
  repo: string,
  keyrings: readonly string[],
  trusted: string | null,
  head: string,
): Promise<ResolvedKeyrings> {
  const out: ResolvedKeyrings = { paths: [], files: [], warnings: [] };
  for (const keyring of keyrings) {
    // Judged on the path as written: resolving symlinks would let the checkout redirect it.
    const rel = relative(repo, resolve(keyring));
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    if (!inside) {
      out.paths.push(keyring);
      continue;
    }
    const treePath = rel.split(sep).join('/');
    const at = trusted ?? head;
    const files = await keyFilesInCommit(repo, at, treePath);
    if (files.length === 0) {
      throw environmentError(
        `keyring '${treePath}' holds no key file in ${trusted ? 'the trusted commit' : 'the commit'} ${short(at)}: expected public keys there (a regular file or a folder of .asc/.gpg files)`,
      );
    }
    if (!trusted) {
      out.warnings.push(
        `no trusted base commit: keyring '${treePath}' is read from ${short(head)}, which the verified commits could have written`,
      );
    }
    out.files.push(...files);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The job

async function checkHead(
  repo: string,
  head: string,
  prefix: string,
  inputs: CiJobInputs,
): Promise<CheckResult> {
  let tree: CommitTree;
  try {
    tree = await CommitTree.open(repo, `${head}:${prefix}`, `commit ${short(head)}`);
  } catch {
    throw environmentError(`'${prefix || '.'}' is not a folder in the tree of the commit under test ${head}`);
  }
  try {
    const { findings, summary } = await checkTree(tree, {
      now: inputs.now,
      expiryWarningDays: inputs.expiryWarningDays,
    });
    return { findings, summary };
  } finally {
    tree.close();
  }
}

/** Runs the CI job. Throws `CliError` for environment problems (no repository, unusable trust). */
export async function runCiJob(inputs: CiJobInputs): Promise<CiJobResult> {
  const { ci } = inputs;
  const log = inputs.log ?? (() => {});
  const loc = await locateRepository(inputs.path);
  if (!loc) {
    throw environmentError(
      `'${inputs.path}' is not in a git repository: check out the publisher repository before running smtpfp`,
    );
  }
  const result: CiJobResult = {
    ci,
    description: ci.description,
    repo: loc.top,
    prefix: loc.prefix,
    range: null,
    check: null,
    verdicts: [],
    verification: summarize([]),
    warnings: [],
    notices: [],
    failures: [],
    exit: 0,
  };
  if (ci.deleted) {
    result.notices.push('the ref was deleted: nothing to check or verify');
    return result;
  }

  const history = new History(loc.top, log);
  const prepared = await prepareRange(ci, history);
  if ('failure' in prepared) {
    result.failures.push(prepared.failure);
    if (await hasCommit(loc.top, ci.head))
      result.check = await checkHead(loc.top, ci.head, loc.prefix, inputs);
    return finish(result, inputs.strict);
  }
  const { range } = prepared;
  result.range = range;
  result.notices.push(...prepared.notices);
  result.check = await checkHead(loc.top, ci.head, loc.prefix, inputs);

  const keyrings = await resolveKeyrings(loc.top, inputs.keyrings, range.policyCommit, ci.head);
  {
    const outcome = await verifyRequest({
      repo: loc.top,
      range:
        range.kind === 'between'
          ? { kind: 'between', base: range.base!, tip: range.head }
          : { kind: 'new-branch', tip: range.head, trusted: range.trusted },
      policyCommit: range.policyCommit,
      tip: range.head,
      tags: false,
      fingerprints: inputs.fingerprints,
      keyrings: keyrings.paths,
      keyFiles: keyrings.files,
      ...(inputs.armoredKeys?.trim() ? { armoredKeys: inputs.armoredKeys } : {}),
    });
    result.verdicts = outcome.verdicts;
    result.verification = summarize(outcome.verdicts);
    result.warnings.push(...keyrings.warnings, ...outcome.warnings);
  }
  return finish(result, inputs.strict);
}

function finish(result: CiJobResult, strict: boolean): CiJobResult {
  const checkErrors = result.check?.summary.errors ?? 0;
  const checkWarnings = result.check?.summary.warnings ?? 0;
  const failed =
    result.failures.length > 0 ||
    checkErrors > 0 ||
    result.verification.bad > 0 ||
    (strict && (checkWarnings > 0 || result.warnings.length > 0));
  result.exit = failed ? 1 : 0;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Reports

/** One line that says how the job ended. */
export function outcomeLine(r: CiJobResult): string {
  const parts: string[] = [];
  if (r.failures.length > 0)
    parts.push(`${r.failures.length} problem${r.failures.length === 1 ? '' : 's'} with the range`);
  const s = r.check?.summary;
  if (s && (s.errors > 0 || s.warnings > 0)) {
    parts.push(
      `check: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    );
  }
  const v = r.verification;
  if (v.bad > 0) parts.push(`${v.bad} of ${v.total} commit${v.total === 1 ? '' : 's'} not good`);
  if (r.warnings.length > 0) parts.push(`${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`);
  const verified = r.range ? `, ${v.total} commit${v.total === 1 ? '' : 's'} verified` : '';
  if (r.exit === 0) return `passed${verified}${parts.length ? ` (${parts.join('; ')})` : ''}`;
  return `failed: ${parts.join('; ') || 'warnings with --strict'}`;
}

function rangeText(range: CiRange): string {
  if (range.kind === 'between') return `commits ${short(range.base!)}..${short(range.head)}`;
  return range.trusted.length > 0
    ? `commits of ${short(range.head)} not on ${range.trusted.join(', ')}`
    : `every commit of ${short(range.head)}`;
}

/** The human report: what ran, the check's findings, the commits' verdicts. */
export function ciText(r: CiJobResult, opts: { color: boolean; quiet: boolean }): string {
  const st = makeStyle(opts.color);
  const out: string[] = [`smtpfp ci: ${printable(r.description)}`];
  for (const n of r.notices) out.push(`note: ${printable(n)}`);
  for (const f of r.failures) out.push(`${st.red('error')}: ${printable(f)}`);
  if (r.check) {
    out.push(`check of ${short(r.ci.head)}${r.prefix ? ` in ${printable(r.prefix)}` : ''}:`);
    out.push(findingsText(r.check, opts).trimEnd());
  }
  if (r.range) {
    out.push(`${rangeText(r.range)}:`);
    out.push(verdictsText(r.verdicts, r.warnings, opts).trimEnd());
  }
  const mark = r.exit === 0 ? st.green('✔') : st.red('✖');
  out.push(`${mark} ${outcomeLine(r)}`);
  return `${out.filter((l) => l !== '').join('\n')}\n`;
}

/** `--format json`: one object. */
export function ciJson(r: CiJobResult): string {
  return `${JSON.stringify(
    {
      description: r.description,
      provider: r.ci.provider,
      event: r.ci.event,
      range: r.range
        ? {
            kind: r.range.kind,
            base: r.range.base,
            head: r.range.head,
            rewritten: r.range.rewritten,
            policy_commit: r.range.policyCommit,
          }
        : null,
      findings: r.check?.findings ?? [],
      summary: r.check?.summary ?? null,
      commits: r.verdicts.map((v) => ({
        oid: v.oid,
        status: v.status,
        signer: v.signer,
        message: v.message,
      })),
      verification: r.verification,
      warnings: r.warnings,
      notices: r.notices,
      failures: r.failures,
      exit: r.exit,
    },
    null,
    2,
  )}\n`;
}

/** GitHub workflow commands: findings at file and line (paths from `pathPrefix`), commits, problems. */
export function ciGithubAnnotations(r: CiJobResult, pathPrefix: string): string {
  let out = '';
  for (const f of r.failures) out += `${workflowCommand('error', { title: 'smtpfp range' }, f)}\n`;
  if (r.check) out += findingsGithub(r.check, { color: false, quiet: false, pathPrefix });
  out += verdictsGithub(r.verdicts, r.warnings);
  for (const n of r.notices) out += `${workflowCommand('notice', { title: 'smtpfp' }, n)}\n`;
  return out;
}

/** GitLab Code Quality: the check's findings, the commits that are not good, and range problems. */
export function ciGitlabIssues(r: CiJobResult, pathPrefix: string): unknown[] {
  const issues: unknown[] = r.check
    ? findingsGitlab(r.check, { color: false, quiet: false, pathPrefix })
    : [];
  issues.push(...verdictsGitlab(r.verdicts));
  for (const f of r.failures) {
    issues.push({
      description: f,
      check_name: 'ci-range',
      fingerprint: createHash('sha256').update(`ci-range\0${r.ci.head}\0${f}`).digest('hex'),
      severity: 'blocker',
      location: { path: r.ci.provider === 'gitlab' ? '.gitlab-ci.yml' : '.smtpfp.yml', lines: { begin: 1 } },
    });
  }
  return issues;
}

/** The path prefix that makes a checked file's name relative to `root` (a workspace), '/'-separated. */
export function reportPrefix(root: string | undefined, folder: string, repoPrefix: string): string {
  if (root) {
    const rel = relative(resolve(root), folder);
    if (rel === '') return '';
    if (!rel.startsWith('..') && !isAbsolute(rel)) return `${rel.split(sep).join('/')}/`;
  }
  return repoPrefix;
}
