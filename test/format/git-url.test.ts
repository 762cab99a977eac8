import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { vetUrl } from '../../src/format/meta.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('vetUrl (SPEC §2.3): which sources may reach git', () => {
  it('accepts https, http, ssh, git and file URLs, scp-like addresses and local paths', () => {
    const cases: Array<[string, string]> = [
      ['https://git.potager.org/smtp-fp.git', 'https'],
      ['http://git.potager.org/smtp-fp.git', 'http'],
      ['ssh://git@git.potager.org:2222/smtp-fp.git', 'ssh'],
      ['git://git.potager.org/smtp-fp.git', 'git'],
      ['file:///srv/mirrors/potager.git', 'file'],
      ['git@git.potager.org:smtp-fp.git', 'scp'],
      ['git.potager.org:smtp-fp.git', 'scp'],
      ['git@[2001:db8::1]:smtp-fp.git', 'scp'],
      ['/srv/mirrors/potager.git', 'path'],
      ['./dir:with-colon/repo', 'path'],
    ];
    for (const [url, transport] of cases) assert.deepEqual(vetUrl(url), { ok: true, url, transport }, url);
  });

  it('resolves a relative path against the meta file folder', () => {
    assert.deepEqual(vetUrl('peers/potager.bundle', '/etc/smtpfp'), {
      ok: true,
      url: '/etc/smtpfp/peers/potager.bundle',
      transport: 'path',
    });
    assert.deepEqual(vetUrl('../potager.git', '/etc/smtpfp'), {
      ok: true,
      url: '/etc/potager.git',
      transport: 'path',
    });
    assert.deepEqual(vetUrl('/abs/x.git', '/etc/smtpfp'), { ok: true, url: '/abs/x.git', transport: 'path' });
  });

  it('refuses options, remote helpers, other schemes and control characters, with a reason', () => {
    const cases: Array<[string, RegExp]> = [
      ['-oProxyCommand=touch /tmp/pwned', /starts with '-'/],
      ['--upload-pack=touch /tmp/pwned', /starts with '-'/],
      ['ext::sh -c touch% /tmp/pwned', /'ext::' is git's remote-helper syntax/],
      ['fd::17', /'fd::'/],
      ['file::/tmp/x', /'file::'/],
      ['::x', /remote-helper/],
      ['https::example.org/x', /'https::'/],
      ['ssh://-oProxyCommand=touch%20x/repo', /host or user starts with '-'/],
      ['ssh://-user@host/repo', /host or user starts with '-'/],
      ['ssh://%2duser@host/repo', /host or user starts with '-'/],
      ['ssh://user@%2dhost/repo', /percent-encoded/],
      ['https://a\\@evil/x', /backslash/],
      ['-host:repo', /starts with '-'/],
      ['user@-host:repo', /host or user starts with '-'/],
      ['ftp://example.org/x.git', /transport 'ftp' is not allowed/],
      ['HTTPS://example.org/x.git', /transport 'HTTPS' is not allowed/],
      ['git+ssh://example.org/x.git', /transport 'git\+ssh' is not allowed/],
      ['rsync://example.org/x', /transport 'rsync'/],
      ['file://host/x', /local path/],
      ['https:///nohost', /must name a host|not a valid/],
      ['host:', /no path/],
      ['a b@host:x', /user/],
      ['https://example.org/x\n--upload-pack=evil', /control character/],
      ['/srv/x\u0007', /control character/],
      ['', /empty/],
      [`https://example.org/${'x'.repeat(5000)}`, /longer than/],
    ];
    assert.equal(vetUrl('ssh://%E0@host/repo').ok, true, 'a malformed escape in the user does not throw');
    for (const [url, reason] of cases) {
      const r = vetUrl(url);
      assert.equal(r.ok, false, url);
      if (!r.ok) {
        assert.match(r.reason, reason, url);
        assert.doesNotMatch(r.reason, /\p{Cc}/u, 'the reason shows no control character');
      }
    }
  });

  it('never accepts a text that starts with "-", holds "::" before any "/", or a control character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('', '-', 'ext::', 'x::', 'https://'),
        (tail, head) => {
          const url = head + tail;
          const r = vetUrl(url);
          if (!r.ok) return;
          assert.ok(!url.startsWith('-'), url);
          const slash = url.indexOf('/');
          const helper = url.indexOf('::');
          assert.ok(
            helper < 0 || (slash >= 0 && slash < helper) || /^(https|http|ssh|git|file):\/\//.test(url),
            url,
          );
          assert.doesNotMatch(url, /\p{Cc}/u);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('what it accepts, git can fetch: a relative path to a bundle and a file:// URL', () => {
    const base = tempDir('smtpfp-url-');
    const repo = new TestRepo();
    repo.write('a', 'x').commit('one');
    const bundle = join(base, 'peers', 'potager.bundle');
    execFileSync('mkdir', ['-p', join(base, 'peers')]);
    repo.git('bundle', 'create', bundle, 'main');
    const env = isolatedGitEnv({ GIT_TERMINAL_PROMPT: '0' });
    for (const url of ['peers/potager.bundle', `file://${repo.dir}`]) {
      const r = vetUrl(url, base);
      assert.ok(r.ok, url);
      const out = spawnSync('git', ['ls-remote', '--', r.url], { env, encoding: 'utf8', cwd: '/' });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /refs\/heads\/main/);
    }
  });
});
