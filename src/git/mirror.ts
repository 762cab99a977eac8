/**
 * One bare mirror per peer group (SPEC §3.5): fetches the followed ref of a peer's repository into
 * a private ref namespace, with every source of surprise switched off. A peer's repository is
 * hostile input: no credential prompt, no hook, no transport other than https/http/ssh/git/file,
 * no replace objects, objects checked as they arrive, and each fetch bounded in time.
 */
import { mkdir, stat } from 'node:fs/promises';
import { ALLOWED_SCHEMES, urlKind, vetUrl } from '../model/git-url.ts';
import { readObjects } from './commits.ts';
import { GitError, git } from './run.ts';

/** Where the last fetched tip is kept: never under the peer's own `refs/heads` or `refs/tags`. */
export const FETCHED_REF = 'refs/smtpfp/fetched';
/** The last accepted tip, kept so its objects stay and the next fetch negotiates from it. */
export const ACCEPTED_REF = 'refs/smtpfp/accepted';

/** How a URL reaches the peer, as git will read it. */
export type UrlKind = 'url' | 'scp' | 'path';
export { urlKind };

/**
 * Why a meta configuration URL must not be handed to git, or undefined when it may: `vetUrl`'s
 * verdict, the one rule for every URL (a leading `-`, `ext::`/`fd::` helpers, other schemes,
 * control characters are refused).
 */
export function urlProblem(url: string): string | undefined {
  const vetted = vetUrl(url);
  return vetted.ok ? undefined : vetted.reason;
}

const PROTOCOL_CONFIG = [
  '-c',
  'protocol.allow=never',
  ...ALLOWED_SCHEMES.flatMap((s) => ['-c', `protocol.${s}.allow=always`]),
];

/** Configuration for every git run on a mirror: nothing from hooks, replace refs or submodules. */
const SAFE_CONFIG = [
  ...PROTOCOL_CONFIG,
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.askPass=',
  '-c',
  'fetch.recurseSubmodules=false',
  '-c',
  'fetch.fsckObjects=true',
  '-c',
  'transfer.fsckObjects=true',
  '-c',
  'core.sshCommand=ssh -o BatchMode=yes',
  // git follows the first HTTP redirect by default, to any host: the fetch would reach a URL the
  // meta configuration does not name (SPEC §5). A peer that moved lists its new URL there.
  '-c',
  'http.followRedirects=false',
];

/** The environment of a fetch: nothing may ask a person for anything. */
function fetchEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of Object.keys(env)) {
    // Variables that would point git at another repository or inject configuration.
    if (
      /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|SSH|SSH_COMMAND|PROXY_COMMAND|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+)$/.test(
        k,
      )
    )
      delete env[k];
  }
  env.GIT_TERMINAL_PROMPT = '0';
  // An askpass program that answers nothing, so no helper can pop up a dialog.
  env.GIT_ASKPASS = 'false';
  env.SSH_ASKPASS = 'false';
  env.SSH_ASKPASS_REQUIRE = 'never';
  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.GIT_PROTOCOL_FROM_USER = '0';
  return env;
}

export interface FetchResult {
  /** Full object id of the fetched tip (peeled to its commit). */
  tip: string;
}

/** A bare repository holding one peer's history. */
export class Mirror {
  private constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Opens the mirror at `dir`, creating an empty bare repository there when it is absent. */
  static async open(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<Mirror> {
    const safeEnv = fetchEnv(env);
    const exists = await stat(`${dir}/HEAD`).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(dir, { recursive: true });
      await git(['init', '--quiet', '--bare', dir], { cwd: dir, env: safeEnv });
    }
    return new Mirror(dir, safeEnv);
  }

  private run(args: string[], okCodes?: number[], timeoutMs?: number) {
    return git([...SAFE_CONFIG, ...args], {
      cwd: this.dir,
      env: this.env,
      ...(okCodes ? { okCodes } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }

  /**
   * Fetches `ref` (a branch name; undefined: the remote's HEAD) from `url` into FETCHED_REF and
   * returns the commit it names. Throws GitError when the URL is refused, the fetch fails or
   * times out, or the ref does not name a commit.
   */
  async fetch(url: string, ref: string | undefined, timeoutMs: number): Promise<FetchResult> {
    const problem = urlProblem(url);
    if (problem) throw new GitError(`refused ${problem}`, 'GIT_FAILED');
    if (ref !== undefined && (ref.startsWith('-') || ref.includes(':') || /\s/.test(ref)))
      throw new GitError(`refused the ref '${ref}': expected a branch name`, 'GIT_FAILED');
    const source = ref === undefined ? 'HEAD' : ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
    await this.run(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        '--no-auto-gc',
        '--end-of-options',
        url,
        `+${source}:${FETCHED_REF}`,
      ],
      undefined,
      timeoutMs,
    );
    const tip = await this.resolve(FETCHED_REF);
    if (!tip) throw new GitError(`'${ref ?? 'HEAD'}' does not name a commit`, 'GIT_FAILED');
    return { tip };
  }

  /** The commit a ref or object id names in this mirror, or undefined. */
  async resolve(rev: string): Promise<string | undefined> {
    const r = await this.run(
      ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`],
      [1, 128],
    );
    const oid = r.stdout.toString('latin1').trim();
    return r.code === 0 && oid ? oid : undefined;
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], [1]);
    return r.code === 0;
  }

  /** Points ACCEPTED_REF at a commit. */
  async markAccepted(commit: string): Promise<void> {
    await this.run(['update-ref', ACCEPTED_REF, commit]);
  }

  /**
   * The raw commit object `commit` (a full object id), read as the publisher side reads commits:
   * sized first, never read into memory when over MAX_SIGNED_OBJECT_BYTES (a GitError then).
   */
  async rawCommit(commit: string): Promise<Buffer> {
    for await (const object of readObjects(this.dir, [commit], 'commit', this.env)) {
      if (object.tooLarge) {
        throw new GitError(
          `the commit ${commit} is ${object.tooLarge.size} bytes, over the cap of ${object.tooLarge.cap} bytes for a commit: not read`,
          'GIT_FAILED',
        );
      }
      return Buffer.from(object.raw);
    }
    throw new GitError(`object ${commit} is missing from the repository`, 'GIT_FAILED');
  }
}

/** The committer time of a raw commit object, ms since the epoch (0 when it has none). */
export function committerTime(raw: Uint8Array): number {
  const text = Buffer.from(raw).toString('latin1');
  const headers = text.slice(0, text.indexOf('\n\n') >>> 0);
  const line = headers.split('\n').find((l) => l.startsWith('committer '));
  const m = line ? / (\d+) [+-]\d{4}$/.exec(line) : null;
  return m ? Number(m[1]) * 1000 : 0;
}
