import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CiError, type CiErrorCode, detectCi, type Env, isZeroOid } from '../../src/ci/detect.ts';
import { readEventFile } from '../../src/ci/event.ts';

const A = '1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5';
const B = '5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80';
const MERGE = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const ZERO = '0'.repeat(40);
const A256 = 'a1'.repeat(32);
const B256 = 'b2'.repeat(32);
const ZERO256 = '0'.repeat(64);

let dir = '';
let counter = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'smtpfp-ci-detect-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a payload fixture (an object as JSON, or raw text) and returns its path. */
function payloadFile(content: unknown): string {
  const path = join(dir, `event-${++counter}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function github(eventName: string, payload: unknown, extra: Env = {}): Env {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: payloadFile(payload),
    GITHUB_SHA: MERGE,
    ...extra,
  };
}

function gitlab(extra: Env): Env {
  return { GITLAB_CI: 'true', CI_COMMIT_SHA: B, ...extra };
}

function detect(env: Env) {
  return detectCi(env, readEventFile);
}

function assertCiError(env: Env, code: CiErrorCode, ...mentions: string[]): CiError {
  let caught: unknown;
  try {
    detect(env);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof CiError, `expected a CiError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const m of mentions)
    assert.ok(caught.message.includes(m), `message should name ${m}: ${caught.message}`);
  return caught;
}

describe('outside CI', () => {
  test('no CI variables: null', () => {
    assert.equal(detect({ PATH: '/usr/bin', CI: 'true' }), null);
  });
  test('GITHUB_ACTIONS other than "true": null', () => {
    assert.equal(detect({ GITHUB_ACTIONS: 'false', GITHUB_SHA: A }), null);
  });
});

describe('GitHub push', () => {
  test('before..after of the payload, branch from GITHUB_REF', () => {
    const ctx = detect(
      github(
        'push',
        { before: A, after: B, created: false, deleted: false, forced: false, ref: 'refs/heads/main' },
        { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: B },
      ),
    );
    assert.deepEqual(ctx, {
      provider: 'github',
      event: 'push',
      head: B,
      base: A,
      newBranch: false,
      forced: false,
      deleted: false,
      branch: 'main',
      remoteRef: 'refs/heads/main',
      defaultBranch: null,
      description: 'GitHub push to main: 1a2b3c4..5d6e7f8',
    });
  });

  test('created branch: zero before, no base', () => {
    const ctx = detect(
      github('push', { before: ZERO, after: B, created: true }, { GITHUB_REF: 'refs/heads/feature/x' }),
    );
    assert.equal(ctx?.newBranch, true);
    assert.equal(ctx?.base, null);
    assert.equal(ctx?.head, B);
    assert.equal(ctx?.branch, 'feature/x');
    assert.equal(ctx?.remoteRef, 'refs/heads/feature/x');
    assert.match(ctx?.description ?? '', /new branch/);
  });

  test('zero before without "created" still means a new branch', () => {
    const ctx = detect(github('push', { before: ZERO, after: B }, { GITHUB_REF: 'refs/heads/dev' }));
    assert.equal(ctx?.newBranch, true);
    assert.equal(ctx?.base, null);
  });

  test('"created": true wins over a non-zero before', () => {
    const ctx = detect(
      github('push', { before: A, after: B, created: true }, { GITHUB_REF: 'refs/heads/dev' }),
    );
    assert.equal(ctx?.newBranch, true);
    assert.equal(ctx?.base, null);
  });

  test('forced push keeps before as the base and says so', () => {
    const ctx = detect(
      github('push', { before: A, after: B, forced: true }, { GITHUB_REF: 'refs/heads/main' }),
    );
    assert.equal(ctx?.forced, true);
    assert.equal(ctx?.base, A);
    assert.equal(ctx?.head, B);
    assert.match(ctx?.description ?? '', /\(forced\)/);
  });

  test('deletion: nothing to verify', () => {
    const ctx = detect(
      github('push', { before: A, after: ZERO, deleted: true }, { GITHUB_REF: 'refs/heads/old' }),
    );
    assert.equal(ctx?.deleted, true);
    assert.equal(ctx?.base, null);
    assert.ok(isZeroOid(ctx?.head ?? ''));
    assert.equal(ctx?.branch, 'old');
  });

  test('"deleted": true with a real new tip is refused, not skipped', () => {
    assertCiError(
      github('push', { before: A, after: B, deleted: true }, { GITHUB_REF: 'refs/heads/main' }),
      'BAD_EVENT_FIELD',
      'after',
    );
  });

  test('tag push: remoteRef is the tag, no branch', () => {
    const ctx = detect(
      github('push', { before: ZERO, after: B, created: true }, { GITHUB_REF: 'refs/tags/v1.0' }),
    );
    assert.equal(ctx?.branch, null);
    assert.equal(ctx?.remoteRef, 'refs/tags/v1.0');
    assert.equal(ctx?.newBranch, true);
  });

  test('ref falls back to the payload when GITHUB_REF is unset', () => {
    const ctx = detect(github('push', { before: A, after: B, ref: 'refs/heads/stable' }));
    assert.equal(ctx?.branch, 'stable');
  });

  test('SHA-256 object ids (64 hex), upper case normalised', () => {
    const ctx = detect(
      github('push', { before: A256.toUpperCase(), after: B256 }, { GITHUB_REF: 'refs/heads/main' }),
    );
    assert.equal(ctx?.base, A256);
    assert.equal(ctx?.head, B256);
    const created = detect(
      github('push', { before: ZERO256, after: B256 }, { GITHUB_REF: 'refs/heads/main' }),
    );
    assert.equal(created?.newBranch, true);
    assert.equal(created?.base, null);
  });

  test('mixed hash sizes are refused', () => {
    assertCiError(github('push', { before: A, after: B256 }), 'BAD_EVENT_FIELD', 'before', '64 hex digits');
  });
});

describe('GitHub pull request', () => {
  const pr = (extra: object = {}) => ({
    number: 12,
    pull_request: {
      number: 12,
      base: { sha: A, ref: 'main', repo: { full_name: 'peer/pins' } },
      head: { sha: B, ref: 'feature', repo: { full_name: 'peer/pins' } },
      ...extra,
    },
  });

  test('base..head from the payload, never GITHUB_SHA', () => {
    const ctx = detect(
      github('pull_request', pr(), {
        GITHUB_SHA: MERGE,
        GITHUB_REF: 'refs/pull/12/merge',
        GITHUB_HEAD_REF: 'feature',
      }),
    );
    assert.deepEqual(ctx, {
      provider: 'github',
      event: 'pull_request',
      head: B,
      base: A,
      newBranch: false,
      forced: false,
      deleted: false,
      branch: 'feature',
      remoteRef: 'refs/heads/feature',
      defaultBranch: null,
      description: 'GitHub pull_request #12 from feature: 1a2b3c4..5d6e7f8',
    });
  });

  test('pull_request_target reads the same fields', () => {
    const ctx = detect(github('pull_request_target', pr(), { GITHUB_SHA: A, GITHUB_HEAD_REF: 'feature' }));
    assert.equal(ctx?.event, 'pull_request');
    assert.equal(ctx?.head, B);
    assert.equal(ctx?.base, A);
  });

  test("a fork's branch is not a ref of this remote", () => {
    const ctx = detect(
      github('pull_request', pr({ head: { sha: B, ref: 'feature', repo: { full_name: 'fork/pins' } } }), {
        GITHUB_HEAD_REF: 'feature',
      }),
    );
    assert.equal(ctx?.branch, 'feature');
    assert.equal(ctx?.remoteRef, null);
  });

  test('branch from the payload when GITHUB_HEAD_REF is empty', () => {
    const ctx = detect(github('pull_request', pr(), { GITHUB_HEAD_REF: '' }));
    assert.equal(ctx?.branch, 'feature');
  });

  test('missing pull_request object', () => {
    assertCiError(
      github('pull_request', { action: 'opened' }),
      'BAD_EVENT_FIELD',
      'pull_request',
      'GITHUB_EVENT_PATH',
    );
  });

  test('malformed head sha', () => {
    const bad = pr({ head: { sha: `${B.slice(0, 39)};rm -rf /`, ref: 'x' } });
    assertCiError(
      github('pull_request', bad),
      'BAD_EVENT_FIELD',
      'pull_request.head.sha',
      '40 or 64 hex digits',
    );
  });
});

describe('GitHub other events', () => {
  test('workflow_dispatch: GITHUB_SHA, no base', () => {
    const ctx = detect({
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_SHA: B,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: join(dir, 'does-not-matter.json'),
    });
    assert.deepEqual(ctx, {
      provider: 'github',
      event: 'other',
      head: B,
      base: null,
      newBranch: false,
      forced: false,
      deleted: false,
      branch: 'main',
      remoteRef: 'refs/heads/main',
      defaultBranch: null,
      description: 'GitHub workflow_dispatch on main: 5d6e7f8',
    });
  });

  test('schedule without GITHUB_SHA is an error naming it', () => {
    assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'schedule' },
      'MISSING_VARIABLE',
      'GITHUB_SHA',
    );
  });
});

describe('GitHub hostile input', () => {
  test('GITHUB_SHA with a shell command', () => {
    const err = assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'schedule', GITHUB_SHA: `${A};rm -rf /` },
      'BAD_VARIABLE',
      'GITHUB_SHA',
      '40 or 64 hex digits',
    );
    assert.ok(err.message.includes('rm -rf'), 'the bad value is shown');
  });

  test('payload after with a shell command', () => {
    assertCiError(
      github('push', { before: A, after: `${B};rm -rf /` }),
      'BAD_EVENT_FIELD',
      'after',
      'event payload',
    );
  });

  test('payload sha of the wrong type', () => {
    assertCiError(github('push', { before: A, after: 42 }), 'BAD_EVENT_FIELD', 'after', 'a number');
  });

  test('missing payload file names the file and the variable', () => {
    const missing = join(dir, 'no-such-event.json');
    assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: missing },
      'EVENT_UNREADABLE',
      missing,
      'GITHUB_EVENT_PATH',
    );
  });

  test('a folder as the payload is unreadable', () => {
    assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: dir },
      'EVENT_UNREADABLE',
      dir,
    );
  });

  test('GITHUB_EVENT_PATH unset', () => {
    assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' },
      'MISSING_VARIABLE',
      'GITHUB_EVENT_PATH',
    );
  });

  test('invalid JSON names the file', () => {
    const env = github('push', '{"before": "');
    assertCiError(env, 'EVENT_INVALID', env.GITHUB_EVENT_PATH ?? '', 'invalid JSON');
  });

  test('a JSON array is not a payload', () => {
    assertCiError(github('push', '[1,2]'), 'EVENT_INVALID', 'not a JSON object');
  });

  test('an event name with shell characters', () => {
    assertCiError(
      { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push;id', GITHUB_SHA: A },
      'BAD_VARIABLE',
      'GITHUB_EVENT_NAME',
    );
  });

  test('a head branch that looks like an option or holds a newline', () => {
    const payload = {
      pull_request: { base: { sha: A }, head: { sha: B } },
    };
    assertCiError(
      github('pull_request', payload, { GITHUB_HEAD_REF: '--upload-pack=evil' }),
      'BAD_VARIABLE',
      'GITHUB_HEAD_REF',
    );
    const err = assertCiError(
      github('pull_request', payload, { GITHUB_HEAD_REF: 'x\n::error::injected' }),
      'BAD_VARIABLE',
      'GITHUB_HEAD_REF',
    );
    assert.ok(!err.message.includes('\n'), 'control characters are escaped in the message');
  });

  test('GITHUB_REF with revision syntax', () => {
    assertCiError(
      github('push', { before: A, after: B }, { GITHUB_REF: 'refs/heads/a..b' }),
      'BAD_VARIABLE',
      'GITHUB_REF',
    );
  });
});

describe('GitLab push pipelines', () => {
  test('CI_COMMIT_BEFORE_SHA..CI_COMMIT_SHA', () => {
    const ctx = detect(
      gitlab({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BEFORE_SHA: A, CI_COMMIT_BRANCH: 'main' }),
    );
    assert.deepEqual(ctx, {
      provider: 'gitlab',
      event: 'push',
      head: B,
      base: A,
      newBranch: false,
      forced: false,
      deleted: false,
      branch: 'main',
      remoteRef: 'refs/heads/main',
      defaultBranch: null,
      description: 'GitLab push to main: 1a2b3c4..5d6e7f8',
    });
  });

  test('zero before on a first push: new branch', () => {
    const ctx = detect(
      gitlab({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BEFORE_SHA: ZERO, CI_COMMIT_BRANCH: 'topic' }),
    );
    assert.equal(ctx?.base, null);
    assert.equal(ctx?.newBranch, true);
    assert.equal(ctx?.event, 'push');
    assert.equal(ctx?.remoteRef, 'refs/heads/topic');
  });

  test('scheduled pipeline: zero before is no base, not a new branch', () => {
    const ctx = detect(
      gitlab({ CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BEFORE_SHA: ZERO, CI_COMMIT_BRANCH: 'main' }),
    );
    assert.equal(ctx?.event, 'other');
    assert.equal(ctx?.base, null);
    assert.equal(ctx?.newBranch, false);
    assert.equal(ctx?.head, B);
    assert.equal(ctx?.description, 'GitLab schedule pipeline on main: 5d6e7f8');
  });

  test('tag pipeline: remoteRef is the tag', () => {
    const ctx = detect(
      gitlab({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BEFORE_SHA: ZERO, CI_COMMIT_TAG: 'v2' }),
    );
    assert.equal(ctx?.branch, null);
    assert.equal(ctx?.remoteRef, 'refs/tags/v2');
  });

  test('SHA-256 ids', () => {
    const ctx = detect(
      gitlab({
        CI_COMMIT_SHA: B256.toUpperCase(),
        CI_PIPELINE_SOURCE: 'push',
        CI_COMMIT_BEFORE_SHA: A256,
        CI_COMMIT_BRANCH: 'main',
      }),
    );
    assert.equal(ctx?.base, A256);
    assert.equal(ctx?.head, B256);
    const first = detect(
      gitlab({
        CI_COMMIT_SHA: B256,
        CI_PIPELINE_SOURCE: 'push',
        CI_COMMIT_BEFORE_SHA: ZERO256,
        CI_COMMIT_BRANCH: 'x',
      }),
    );
    assert.equal(first?.newBranch, true);
  });

  test('hostile CI_COMMIT_BEFORE_SHA', () => {
    assertCiError(
      gitlab({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BEFORE_SHA: `${A} ;rm -rf /` }),
      'BAD_VARIABLE',
      'CI_COMMIT_BEFORE_SHA',
      '40 or 64 hex digits',
    );
  });

  test('missing CI_COMMIT_SHA', () => {
    assertCiError({ GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'push' }, 'MISSING_VARIABLE', 'CI_COMMIT_SHA');
  });

  test('hostile branch name', () => {
    assertCiError(
      gitlab({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BEFORE_SHA: A, CI_COMMIT_BRANCH: 'x y' }),
      'BAD_VARIABLE',
      'CI_COMMIT_BRANCH',
    );
  });
});

describe('GitLab merge request pipelines', () => {
  const mr: Env = {
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: '7',
    CI_MERGE_REQUEST_DIFF_BASE_SHA: A,
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
    CI_MERGE_REQUEST_PROJECT_ID: '100',
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '100',
    CI_COMMIT_BEFORE_SHA: ZERO,
  };

  test('CI_MERGE_REQUEST_DIFF_BASE_SHA..CI_COMMIT_SHA', () => {
    assert.deepEqual(detect(gitlab(mr)), {
      provider: 'gitlab',
      event: 'merge_request',
      head: B,
      base: A,
      newBranch: false,
      forced: false,
      deleted: false,
      branch: 'feature',
      remoteRef: 'refs/heads/feature',
      defaultBranch: null,
      description: 'GitLab merge request !7 from feature: 1a2b3c4..5d6e7f8',
    });
  });

  test('recognised by CI_MERGE_REQUEST_IID alone', () => {
    const { CI_PIPELINE_SOURCE: _, ...rest } = mr;
    assert.equal(detect(gitlab(rest))?.event, 'merge_request');
  });

  test('recognised by CI_PIPELINE_SOURCE alone', () => {
    const { CI_MERGE_REQUEST_IID: _, ...rest } = mr;
    const ctx = detect(gitlab(rest));
    assert.equal(ctx?.event, 'merge_request');
    assert.equal(ctx?.base, A);
  });

  test('merged-results pipeline: the source branch tip, not the merge commit', () => {
    const ctx = detect(gitlab({ ...mr, CI_COMMIT_SHA: MERGE, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: B }));
    assert.equal(ctx?.head, B);
    assert.equal(ctx?.base, A);
  });

  test("a fork's source branch is not a ref of this remote", () => {
    const ctx = detect(gitlab({ ...mr, CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '200' }));
    assert.equal(ctx?.remoteRef, null);
  });

  test('hostile CI_MERGE_REQUEST_DIFF_BASE_SHA', () => {
    assertCiError(
      gitlab({ ...mr, CI_MERGE_REQUEST_DIFF_BASE_SHA: '$(id)' }),
      'BAD_VARIABLE',
      'CI_MERGE_REQUEST_DIFF_BASE_SHA',
    );
  });

  test('hostile CI_MERGE_REQUEST_IID', () => {
    assertCiError(gitlab({ ...mr, CI_MERGE_REQUEST_IID: '7;id' }), 'BAD_VARIABLE', 'CI_MERGE_REQUEST_IID');
  });
});

describe('isZeroOid', () => {
  test('40 and 64 zeros only', () => {
    assert.equal(isZeroOid(ZERO), true);
    assert.equal(isZeroOid(ZERO256), true);
    assert.equal(isZeroOid('0'.repeat(39)), false);
    assert.equal(isZeroOid(A), false);
  });
});

describe('the default branch (trusted history for new branches)', () => {
  test('GitHub: repository.default_branch of the payload', () => {
    const ctx = detect(github('push', { before: A, after: B, repository: { default_branch: 'trunk' } }));
    assert.equal(ctx?.defaultBranch, 'trunk');
  });
  test('GitLab: CI_DEFAULT_BRANCH', () => {
    assert.equal(detect(gitlab({ CI_DEFAULT_BRANCH: 'main' }))?.defaultBranch, 'main');
    assert.equal(detect(gitlab({}))?.defaultBranch, null);
  });
  test('hostile values are refused, naming where they came from', () => {
    assertCiError(
      github('push', { before: A, after: B, repository: { default_branch: '-x' } }),
      'BAD_EVENT_FIELD',
      'repository.default_branch',
    );
    assertCiError(gitlab({ CI_DEFAULT_BRANCH: 'main..x' }), 'BAD_VARIABLE', 'CI_DEFAULT_BRANCH');
  });
});
