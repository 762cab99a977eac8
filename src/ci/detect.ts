/**
 * Which CI run this is, and which commits it must verify, from the environment and (on GitHub)
 * the event payload. Pure: the payload is read through the `readEvent` callback.
 *
 * Every value read here may be hostile (a branch name, a payload field): object ids are accepted
 * only as 40 or 64 hex digits, ref names only in git's own refname form, and errors quote the bad
 * value escaped and truncated.
 */
import { SmtpfpError } from '../model/errors.ts';
import { jsonStringify } from '../model/json.ts';
import { isObjectId, isZeroOid, short as shortOid } from '../model/oid.ts';

export type CiProvider = 'github' | 'gitlab';
export type CiEvent = 'push' | 'pull_request' | 'merge_request' | 'other';

export interface CiContext {
  provider: CiProvider;
  event: CiEvent;
  /** The tip to check and the last commit of the range (lowercase hex). The zero id when `deleted`. */
  head: string;
  /**
   * Commits reachable from `base` are already trusted. `null`: verify the commits of `head` that
   * no other branch of the remote has (a new branch, a scheduled or manual run).
   */
  base: string | null;
  newBranch: boolean;
  /** The push rewrote history: `base` may be missing from the clone and must be fetched. */
  forced: boolean;
  /** The push deleted the ref: nothing to verify. */
  deleted: boolean;
  /** Branch name without `refs/heads/`; for pull and merge requests the source branch. */
  branch: string | null;
  /**
   * The full ref on the remote whose tip is `head` (`refs/heads/main`, `refs/tags/v1`), when it is
   * a ref of this repository: its remote-tracking ref is left out when looking for commits that
   * "no other branch" has. `null` for a fork's pull request or when unknown.
   */
  remoteRef: string | null;
  /**
   * The repository's default branch (GitHub: `repository.default_branch` of the payload; GitLab:
   * `CI_DEFAULT_BRANCH`): the branch whose history is trusted when a new branch is verified.
   */
  defaultBranch: string | null;
  /** One line for humans, e.g. "GitHub push to main: 1a2b3c4..5d6e7f8". */
  description: string;
}

export type CiErrorCode =
  | 'MISSING_VARIABLE'
  | 'BAD_VARIABLE'
  | 'EVENT_UNREADABLE'
  | 'EVENT_INVALID'
  | 'BAD_EVENT_FIELD';

/** The CI environment or event payload is missing something or holds a malformed value (exit 2). */
export class CiError extends SmtpfpError<CiErrorCode> {
  override readonly name = 'CiError';

  constructor(message: string, code: CiErrorCode) {
    super(code, message);
  }
}

export type Env = Record<string, string | undefined>;
export type ReadEvent = (path: string) => string | undefined;

export { isZeroOid } from '../model/oid.ts';

/** Detects GitHub Actions or GitLab CI; `null` outside CI. Throws `CiError` on malformed input. */
export function detectCi(env: Env, readEvent: ReadEvent): CiContext | null {
  if (env.GITHUB_ACTIONS === 'true') {
    return { ...detectGithub(env, readEvent), defaultBranch: githubDefaultBranch(env, readEvent) };
  }
  if (env.GITLAB_CI === 'true') {
    return { ...detectGitlab(env), defaultBranch: optionalBranchVar(env, 'CI_DEFAULT_BRANCH') };
  }
  return null;
}

type Detected = Omit<CiContext, 'defaultBranch'>;

function githubDefaultBranch(env: Env, readEvent: ReadEvent): string | null {
  if (!env.GITHUB_EVENT_PATH) return null;
  let payload: Payload;
  try {
    payload = readPayload(env, readEvent);
  } catch {
    // Events other than push and pull_request do not need their payload: without it no branch is
    // trusted, and a new branch is verified whole.
    return null;
  }
  const value = get(payload.data, ['repository', 'default_branch']);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string')
    throw badField(payload, ['repository', 'default_branch'], 'a branch name', value);
  return checkBranch(value, () =>
    badField(payload, ['repository', 'default_branch'], 'a branch name', value),
  );
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

function detectGithub(env: Env, readEvent: ReadEvent): Detected {
  const eventName = requireVar(env, 'GITHUB_EVENT_NAME');
  if (!/^[a-z_]{1,64}$/.test(eventName)) {
    throw badVariable('GITHUB_EVENT_NAME', 'an event name such as push or pull_request', eventName);
  }

  if (eventName === 'push') return githubPush(env, readPayload(env, readEvent));
  // GITHUB_SHA is a merge commit GitHub made (pull_request) or the base branch tip
  // (pull_request_target): the author's commits are base.sha..head.sha of the payload.
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    return githubPullRequest(env, eventName, readPayload(env, readEvent));
  }

  const head = oidVar(env, 'GITHUB_SHA');
  const ref = optionalRefVar(env, 'GITHUB_REF');
  const branch = branchOf(ref);
  return {
    provider: 'github',
    event: 'other',
    head,
    base: null,
    newBranch: false,
    forced: false,
    deleted: false,
    branch,
    remoteRef: ref,
    description: `GitHub ${eventName}${branch ? ` on ${branch}` : ''}: ${short(head)}`,
  };
}

interface Payload {
  data: JsonObject;
  /** How messages name the payload: "event payload FILE (GITHUB_EVENT_PATH)". */
  where: string;
}

function readPayload(env: Env, readEvent: ReadEvent): Payload {
  const path = requireVar(env, 'GITHUB_EVENT_PATH');
  const where = `event payload ${path} (GITHUB_EVENT_PATH)`;
  const text = readEvent(path);
  if (text === undefined) {
    throw new CiError(`cannot read the ${where}: expected a readable JSON file`, 'EVENT_UNREADABLE');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CiError(`invalid JSON in the ${where}: ${reason}`, 'EVENT_INVALID');
  }
  if (!isObject(data)) {
    throw new CiError(
      `the ${where} is not a JSON object: expected {...}, got ${typeName(data)}`,
      'EVENT_INVALID',
    );
  }
  return { data, where };
}

function githubPush(env: Env, payload: Payload): Detected {
  const after = payloadOid(payload, ['after']);
  const before = payloadOptionalOid(payload, ['before']);
  const ref = optionalRefVar(env, 'GITHUB_REF') ?? payloadOptionalRef(payload, ['ref']);
  const branch = branchOf(ref);
  const target = ref ? (branch ?? ref) : 'an unnamed ref';

  if (isZeroOid(after)) {
    return {
      provider: 'github',
      event: 'push',
      head: after,
      base: null,
      newBranch: false,
      forced: false,
      deleted: true,
      branch,
      remoteRef: ref,
      description: `GitHub push deleting ${target}: nothing to verify`,
    };
  }
  // A payload that claims a deletion but names a new tip would skip verification of real commits.
  if (payload.data.deleted === true) {
    throw badField(payload, ['after'], 'the zero id, as "deleted" is true', after);
  }

  const created = payload.data.created === true;
  if (before === null && !created) {
    throw badField(payload, ['before'], '40 or 64 hex digits (or "created": true)', undefined);
  }
  const newBranch = created || before === null || isZeroOid(before);
  const base = newBranch ? null : before;
  if (base !== null) sameHashSize(payload, ['before'], base, after);
  const forced = payload.data.forced === true;

  const range =
    base === null ? `${short(after)} (new ${branch ? 'branch' : 'ref'})` : `${short(base)}..${short(after)}`;
  return {
    provider: 'github',
    event: 'push',
    head: after,
    base,
    newBranch,
    forced,
    deleted: false,
    branch,
    remoteRef: ref,
    description: `GitHub push to ${target}: ${range}${forced ? ' (forced)' : ''}`,
  };
}

function githubPullRequest(env: Env, eventName: string, payload: Payload): Detected {
  const pr = payload.data.pull_request;
  if (!isObject(pr)) {
    throw badField(payload, ['pull_request'], 'an object', pr);
  }
  const head = payloadOid(payload, ['pull_request', 'head', 'sha']);
  const base = payloadOid(payload, ['pull_request', 'base', 'sha']);
  sameHashSize(payload, ['pull_request', 'base', 'sha'], base, head);

  let branch: string | null = null;
  const headRef = env.GITHUB_HEAD_REF;
  if (headRef !== undefined && headRef !== '') {
    branch = checkBranch(headRef, () => badVariable('GITHUB_HEAD_REF', 'a branch name', headRef));
  } else {
    const fromPayload = get(payload.data, ['pull_request', 'head', 'ref']);
    if (typeof fromPayload === 'string' && fromPayload !== '') {
      branch = checkBranch(fromPayload, () =>
        badField(payload, ['pull_request', 'head', 'ref'], 'a branch name', fromPayload),
      );
    }
  }

  // A fork's branch is not a branch of this repository's remote.
  const headRepo = get(payload.data, ['pull_request', 'head', 'repo', 'full_name']);
  const baseRepo = get(payload.data, ['pull_request', 'base', 'repo', 'full_name']);
  const sameRepo = typeof headRepo === 'string' && headRepo !== '' && headRepo === baseRepo;
  const remoteRef = branch !== null && sameRepo ? `refs/heads/${branch}` : null;

  const number = pr.number ?? payload.data.number;
  const label = typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? ` #${number}` : '';
  return proposal(
    'github',
    head,
    base,
    branch,
    remoteRef,
    `GitHub ${eventName}${label}${branch ? ` from ${branch}` : ''}: ${short(base)}..${short(head)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// GitLab CI

function detectGitlab(env: Env): Detected {
  const commitSha = oidVar(env, 'CI_COMMIT_SHA');
  const source = env.CI_PIPELINE_SOURCE ?? '';
  if (source !== '' && !/^[a-z_]{1,64}$/.test(source)) {
    throw badVariable('CI_PIPELINE_SOURCE', 'a pipeline source such as push or merge_request_event', source);
  }
  const iid = env.CI_MERGE_REQUEST_IID ?? '';
  if (iid !== '' || source === 'merge_request_event') {
    if (iid !== '' && !/^[1-9][0-9]{0,15}$/.test(iid)) {
      throw badVariable('CI_MERGE_REQUEST_IID', 'a merge request number', iid);
    }
    return gitlabMergeRequest(env, commitSha, iid);
  }

  const branch = optionalBranchVar(env, 'CI_COMMIT_BRANCH');
  const tag = env.CI_COMMIT_TAG;
  let remoteRef: string | null = null;
  if (branch !== null) remoteRef = `refs/heads/${branch}`;
  else if (tag !== undefined && tag !== '') {
    remoteRef = checkRef(`refs/tags/${tag}`, () => badVariable('CI_COMMIT_TAG', 'a tag name', tag));
  }

  const before = optionalOidVar(env, 'CI_COMMIT_BEFORE_SHA');
  // All zeros: a first push of the branch, but also a scheduled, manual, API or trigger pipeline.
  const base = before === null || isZeroOid(before) ? null : before;
  if (base !== null) sameHashSize(null, ['CI_COMMIT_BEFORE_SHA'], base, commitSha);
  const isPush = source === 'push' || source === '';
  const newBranch = isPush && base === null;
  const target = branch ?? (remoteRef ? remoteRef.replace(/^refs\/tags\//, 'tag ') : 'an unnamed ref');
  let description: string;
  if (isPush) {
    const range =
      base === null
        ? `${short(commitSha)} (new ${branch ? 'branch' : 'ref'})`
        : `${short(base)}..${short(commitSha)}`;
    description = `GitLab push to ${target}: ${range}`;
  } else {
    const range = base === null ? short(commitSha) : `${short(base)}..${short(commitSha)}`;
    description = `GitLab ${source} pipeline on ${target}: ${range}`;
  }
  return {
    provider: 'gitlab',
    event: isPush ? 'push' : 'other',
    head: commitSha,
    base,
    newBranch,
    forced: false,
    deleted: false,
    branch,
    remoteRef,
    description,
  };
}

function gitlabMergeRequest(env: Env, commitSha: string, iid: string): Detected {
  // In merged-results and merge-train pipelines CI_COMMIT_SHA is a merge commit GitLab made;
  // the author's tip is then CI_MERGE_REQUEST_SOURCE_BRANCH_SHA (empty in plain MR pipelines).
  const sourceSha = optionalOidVar(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA');
  const head = sourceSha !== null && !isZeroOid(sourceSha) ? sourceSha : commitSha;
  const diffBase = optionalOidVar(env, 'CI_MERGE_REQUEST_DIFF_BASE_SHA');
  const base = diffBase === null || isZeroOid(diffBase) ? null : diffBase;
  if (base !== null) sameHashSize(null, ['CI_MERGE_REQUEST_DIFF_BASE_SHA'], base, head);
  const branch = optionalBranchVar(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME');

  const sourceProject = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
  const sameProject =
    sourceProject === undefined || sourceProject === '' || sourceProject === env.CI_MERGE_REQUEST_PROJECT_ID;
  const remoteRef = branch !== null && sameProject ? `refs/heads/${branch}` : null;

  const range = base === null ? short(head) : `${short(base)}..${short(head)}`;
  return proposal(
    'gitlab',
    head,
    base,
    branch,
    remoteRef,
    `GitLab merge request${iid ? ` !${iid}` : ''}${branch ? ` from ${branch}` : ''}: ${range}`,
  );
}

/** A pull or merge request: the proposed commits base..head; never a new branch, a force push or a deletion. */
function proposal(
  provider: CiProvider,
  head: string,
  base: string | null,
  branch: string | null,
  remoteRef: string | null,
  description: string,
): Detected {
  const event = provider === 'github' ? 'pull_request' : 'merge_request';
  return {
    provider,
    event,
    head,
    base,
    newBranch: false,
    forced: false,
    deleted: false,
    branch,
    remoteRef,
    description,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation

function requireVar(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new CiError(`environment variable ${name} is not set`, 'MISSING_VARIABLE');
  }
  return value;
}

function oidVar(env: Env, name: string): string {
  const value = requireVar(env, name);
  if (!isObjectId(value)) throw badVariable(name, '40 or 64 hex digits', value);
  return value.toLowerCase();
}

function optionalOidVar(env: Env, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  if (!isObjectId(value)) throw badVariable(name, '40 or 64 hex digits', value);
  return value.toLowerCase();
}

function optionalRefVar(env: Env, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  return checkRef(value, () => badVariable(name, 'a full ref name such as refs/heads/main', value));
}

function optionalBranchVar(env: Env, name: string): string | null {
  const value = env[name];
  if (value === undefined || value === '') return null;
  return checkBranch(value, () => badVariable(name, 'a branch name', value));
}

function payloadOid(payload: Payload, path: string[]): string {
  const value = get(payload.data, path);
  if (typeof value !== 'string' || !isObjectId(value))
    throw badField(payload, path, '40 or 64 hex digits', value);
  return value.toLowerCase();
}

function payloadOptionalOid(payload: Payload, path: string[]): string | null {
  const value = get(payload.data, path);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isObjectId(value))
    throw badField(payload, path, '40 or 64 hex digits', value);
  return value.toLowerCase();
}

function payloadOptionalRef(payload: Payload, path: string[]): string | null {
  const value = get(payload.data, path);
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw badField(payload, path, 'a full ref name', value);
  return checkRef(value, () => badField(payload, path, 'a full ref name such as refs/heads/main', value));
}

/** `where` null: the names are environment variables. */
function sameHashSize(where: Payload | null, path: string[], base: string, head: string): void {
  if (base.length === head.length) return;
  const expected = `${head.length} hex digits like the head commit`;
  throw where ? badField(where, path, expected, base) : badVariable(path.join('.'), expected, base);
}

/** git's refname rules (git-check-ref-format), plus no leading `-` so a ref is never an option. */
function isValidRefName(ref: string): boolean {
  if (ref.length === 0 || ref.length > 1024) return false;
  for (const ch of ref) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f) return false;
  }
  // The characters git reserves for revision syntax.
  if (/[~^:?*[\\]/.test(ref)) return false;
  if (ref.startsWith('-') || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')) return false;
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//') || ref === '@') return false;
  return ref.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

function checkRef(ref: string, error: () => CiError): string {
  if (!ref.startsWith('refs/') || !isValidRefName(ref)) throw error();
  return ref;
}

function checkBranch(name: string, error: () => CiError): string {
  if (name.startsWith('refs/') || !isValidRefName(`refs/heads/${name}`) || !isValidRefName(name))
    throw error();
  return name;
}

function branchOf(ref: string | null): string | null {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

function get(data: JsonObject, path: string[]): Json | undefined {
  let node: Json | undefined = data;
  for (const key of path) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A hostile value, quoted with its control characters escaped and cut to a readable length. */
function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value !== 'string') return typeName(value);
  const cut = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return jsonStringify(cut);
}

function badVariable(name: string, expected: string, got: unknown): CiError {
  return new CiError(`environment variable ${name}: expected ${expected}, got ${quote(got)}`, 'BAD_VARIABLE');
}

function badField(payload: Payload, path: string[], expected: string, got: unknown): CiError {
  return new CiError(
    `field ${path.join('.')} in the ${payload.where}: expected ${expected}, got ${quote(got)}`,
    'BAD_EVENT_FIELD',
  );
}

/** Descriptions abbreviate ids as GitHub and GitLab show them: 7 digits. */
function short(oid: string): string {
  return shortOid(oid, 7);
}
