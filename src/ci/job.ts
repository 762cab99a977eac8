/**
 * The CI job shared by `smtpfp ci` and the GitHub Action: make sure every commit of the pushed or
 * proposed range is in the (often shallow) clone, check the tip's committed tree, and verify the
 * range's signatures with trust read from the range's base.
 *
 * A range is only ever verified once it has been read whole: a shallow boundary inside it could hide
 * unsigned commits, so a range that stays incomplete after fetching is a failure, never a pass.
 */
import { hasCommit } from '../git/commits.ts';
import { History } from '../git/history.ts';
import { locateRepository } from '../git/repo.ts';
import { CommitTree } from '../git/tree.ts';
import { environmentError } from '../model/errors.ts';
import type { CheckResult } from '../model/finding.ts';
import { short } from '../model/oid.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { checkTree } from '../publisher/check.ts';
import { summarize, type VerdictSummary } from '../report/verdicts.ts';
import { splitKeyrings } from '../trust/keyrings.ts';
import type { TrustHints } from '../trust/load.ts';
import { verifyRequest } from '../trust/verify.ts';
import type { CiContext } from './detect.ts';
import { type CiRange, prepareRange } from './range.ts';

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
  /** How the entry point lets a user give signers and keys, for messages. */
  hints?: TrustHints;
  strict: boolean;
  /** Evaluation instant for `check`, epoch ms. */
  now: number;
  expiryWarningDays: number;
  /** Progress for the job log (history fetched, ...). */
  log?: (line: string) => void;
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

/** Runs the CI job. Throws an `SmtpfpError` for environment problems (no repository, unusable trust). */
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

  const keyrings = splitKeyrings(loc.top, inputs.keyrings);
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
      sources: {
        fingerprints: inputs.fingerprints,
        keyrings: keyrings.disk,
        treeKeyrings: keyrings.tree,
        ...(inputs.armoredKeys?.trim() ? { armoredKeys: inputs.armoredKeys } : {}),
      },
      ...(inputs.hints ? { hints: inputs.hints } : {}),
    });
    result.verdicts = outcome.verdicts;
    result.verification = summarize(outcome.verdicts);
    result.warnings.push(...outcome.warnings);
    result.notices.push(...outcome.notes);
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
