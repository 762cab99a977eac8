import { isObjectId } from '../model/oid.ts';
import { printable } from '../model/text.ts';
import { git, gitText } from './run.ts';

export interface RepositoryLocation {
  /** The work tree's top folder. */
  top: string;
  /** The checked folder relative to `top`, '/'-terminated, or '' at the top. */
  prefix: string;
}

/** Where the git work tree around `dir` is, or undefined when `dir` is not inside one. */
export async function locateRepository(dir: string): Promise<RepositoryLocation | undefined> {
  try {
    const out = await gitText(['rev-parse', '--is-inside-work-tree', '--show-toplevel', '--show-prefix'], {
      cwd: dir,
    });
    const [inside, top, prefix = ''] = out.split('\n');
    if (inside !== 'true' || !top) return undefined;
    return { top, prefix: prefix.trim() };
  } catch {
    return undefined;
  }
}

/**
 * The folder git commands run in for a command that needs no work tree (verify-commits): the work
 * tree's top, or a bare repository's own folder (server-side hooks and mirrors are bare).
 */
export async function locateHistory(dir: string): Promise<string | undefined> {
  const loc = await locateRepository(dir);
  if (loc) return loc.top;
  try {
    const out = await gitText(['rev-parse', '--is-bare-repository', '--absolute-git-dir'], { cwd: dir });
    const [bare, gitDir] = out.split('\n');
    return bare === 'true' && gitDir ? gitDir : undefined;
  } catch {
    return undefined;
  }
}

/** The full object id a revision names, or undefined when it names no commit. */
export async function resolveCommit(cwd: string, rev: string): Promise<string | undefined> {
  const r = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128],
  });
  const oid = r.stdout.toString('latin1').trim();
  return r.code === 0 && oid ? oid : undefined;
}

/**
 * Why `rev` resolves to no commit (`resolveCommit` said undefined), as the end of a sentence
 * about `rev`: it names nothing, an object of another type, or a commit object that git refuses
 * to parse (no tree line, a tree that is not hex, fields out of order: a malformed commit).
 */
export async function whyNoCommit(cwd: string, rev: string): Promise<string> {
  const oid = await resolveObject(cwd, rev);
  if (!oid) return 'names no commit in this repository';
  const type = await objectType(cwd, oid);
  if (type !== 'commit' && type !== 'tag') return `names a ${type ?? 'missing object'}, not a commit`;
  const r = await git(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128],
  });
  const said = /^error: (.*)$/m.exec(r.stderr)?.[1];
  const what = type === 'tag' ? `the tag ${oid}, whose target` : `the commit object ${oid}, which`;
  return `names ${what} git refuses to parse: a malformed commit${said ? ` (git: ${printable(said.slice(0, 200))})` : ''}`;
}

/** A `git config` value, or undefined when unset. */
export async function configValue(cwd: string, key: string): Promise<string | undefined> {
  const r = await git(['config', '--get', key], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The full id of an object a name resolves to (a ref, an abbreviated or full id). */
export async function resolveObject(repo: string, name: string): Promise<string | undefined> {
  const r = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', name], {
    cwd: repo,
    okCodes: [1, 128],
  });
  const oid = r.stdout.toString('latin1').trim();
  return r.code === 0 && isObjectId(oid) ? oid : undefined;
}

/** The type of an object (`commit`, `tag`, ...), or undefined when it is not here. */
export async function objectType(repo: string, oid: string): Promise<string | undefined> {
  const r = await git(['cat-file', '-t', oid], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString('latin1').trim() : undefined;
}
