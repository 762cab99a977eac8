import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CiError } from '../../src/ci/detect.ts';
import { GitError } from '../../src/git/run.ts';
import { environmentError, reportError, SmtpfpError, usageError } from '../../src/model/errors.ts';
import { SigningError } from '../../src/signing/errors.ts';
import { TrustError } from '../../src/trust/errors.ts';

describe('model/errors', () => {
  it('every layer error is an SmtpfpError that keeps its code and maps to exit 2', () => {
    const errors = [
      usageError('u'),
      environmentError('e'),
      new GitError('g', 'GIT_MISSING'),
      new SigningError('NO_KEYS', 's', 'keys.asc'),
      new CiError('c', 'BAD_VARIABLE'),
      new TrustError('NO_SIGNERS', 't'),
      new SmtpfpError('BAD_PUSH_LINE', 'p'),
    ];
    for (const e of errors) {
      assert.ok(e instanceof SmtpfpError, e.name);
      assert.deepEqual(reportError(e), { message: e.message, status: 2, internal: false });
    }
    assert.deepEqual(
      errors.map((e) => e.code),
      ['USAGE', 'ENVIRONMENT', 'GIT_MISSING', 'NO_KEYS', 'BAD_VARIABLE', 'NO_SIGNERS', 'BAD_PUSH_LINE'],
    );
  });

  it('keeps a cause, and reports anything else as an internal error', () => {
    const cause = new Error('EACCES');
    assert.equal(environmentError('cannot read', cause).cause, cause);
    assert.deepEqual(reportError(new TypeError('x is undefined')), {
      message: 'x is undefined',
      status: 2,
      internal: true,
    });
    assert.equal(reportError('thrown text').message, 'thrown text');
  });
});
