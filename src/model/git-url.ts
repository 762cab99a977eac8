import { isAbsolute, resolve } from 'node:path';

/** How git will reach a vetted source. `scp` is ssh written `[user@]host:path`; `path` a local path. */
export type UrlTransport = 'https' | 'http' | 'ssh' | 'git' | 'file' | 'scp' | 'path';

export type VettedUrl = { ok: true; url: string; transport: UrlTransport } | { ok: false; reason: string };

export const MAX_URL_LENGTH = 4096;
/** The transports git may use, as URL schemes (the mirror also allows only these in git's config). */
export const ALLOWED_SCHEMES: readonly string[] = ['https', 'http', 'ssh', 'git', 'file'];
/** git's remote-helper syntax `<transport>::<address>` (ext:: runs a command, fd:: uses a descriptor). */
const HELPER = /^[A-Za-z0-9+.-]*::/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
/** `[user@]host:path` as git reads it: a ':' before any '/'. */
const SCP = /^(?:([^@/:]+)@)?([^@/:[\]]+|\[[0-9A-Fa-f:.]+\]):(.*)$/;
const USER = /^[A-Za-z0-9._~+-]+$/;
const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

/**
 * How git reads a source's text: a URL (`scheme://`), an scp-like `[user@]host:path` (a ':'
 * before any '/') or a local path. The same reading `vetUrl` judges by.
 */
export function urlKind(url: string): 'url' | 'scp' | 'path' {
  if (SCHEME.test(url)) return 'url';
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon >= 0 && (slash < 0 || colon < slash) ? 'scp' : 'path';
}

/**
 * The one decision of which sources may reach git: the consumer vets each configured URL with it,
 * and the mirror vets again right before the fetch.
 *
 * Decides whether smtpfp may hand a configured source to `git fetch` (SPEC §2.3). Pure: it looks
 * at the text only. Allowed: https, http, ssh, git and file URLs, scp-like `[user@]host:path`
 * (ssh), and local paths (a relative one is resolved against `baseDir`, the meta configuration's
 * folder, when given). Refused, with the reason: anything git would read as an option (a leading
 * '-', also as an ssh host or user), a remote helper (`ext::`, `fd::`, any `transport::`), other
 * schemes, control characters, and over-long text. A refusal concerns this URL only: the caller
 * reports it and tries the next one.
 */
export function vetUrl(url: string, baseDir?: string): VettedUrl {
  const refuse = (reason: string): VettedUrl => ({ ok: false, reason });
  if (typeof url !== 'string' || url.length === 0) return refuse('the URL is empty');
  if (url.length > MAX_URL_LENGTH) return refuse(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(url))
    return refuse('the URL contains a control character');
  if (url.startsWith('-')) return refuse("the URL starts with '-', which git would read as an option");
  if (HELPER.test(url)) {
    const helper = url.slice(0, url.indexOf('::'));
    return refuse(
      `'${helper}::' is git's remote-helper syntax (ext:: runs a command, fd:: reads a descriptor); only https, http, ssh, git and file URLs are allowed`,
    );
  }
  const scheme = SCHEME.exec(url);
  if (scheme) {
    // Exactly, lowercase: for any other scheme git would look for a `git-remote-<scheme>` helper.
    const name = scheme[1]!;
    if (!ALLOWED_SCHEMES.includes(name)) {
      return refuse(
        `the transport '${name}' is not allowed; expected https, http, ssh, git or file (lowercase)`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return refuse(`not a valid ${name} URL`);
    }
    if (name === 'file') {
      if (parsed.host !== '') return refuse('a file URL must name a local path (file:///path), not a host');
      return { ok: true, url, transport: 'file' };
    }
    // The authority as written (git and curl read it, not a WHATWG parser): user@host:port.
    const rest = url.slice(scheme[0].length);
    const authority = rest.slice(0, rest.search(/[/?#]|$/));
    const at = authority.lastIndexOf('@');
    const user = at < 0 ? '' : authority.slice(0, at);
    const host = authority.slice(at + 1);
    if (parsed.hostname === '' || host === '' || host.startsWith(':'))
      return refuse(`a ${name} URL must name a host`);
    if (/[\\\s]/.test(authority)) return refuse('the host part has a backslash or a space');
    // An ssh host or user starting with '-' would reach ssh as an option (CVE-2017-1000117).
    if (host.startsWith('-') || user.startsWith('-') || /^%2d/i.test(user)) {
      return refuse("the host or user starts with '-', which ssh would read as an option");
    }
    if (host.includes('%')) return refuse('the host is percent-encoded');
    return { ok: true, url, transport: name as UrlTransport };
  }
  if (urlKind(url) === 'scp') {
    const m = SCP.exec(url);
    if (!m) return refuse('not a valid scp-like address; expected [user@]host:path');
    const [, user, host, path] = m;
    if (user !== undefined && !USER.test(user))
      return refuse(`the user '${user}' has characters ssh does not allow`);
    if (!HOST.test(host!)) return refuse('the host has characters that are not allowed in a host name');
    if (host!.startsWith('-') || user?.startsWith('-')) {
      return refuse("the host or user starts with '-', which ssh would read as an option");
    }
    if (path === '') return refuse('the scp-like address names no path');
    return { ok: true, url, transport: 'scp' };
  }
  // A local path: git reads it as a repository, a bundle file or a folder.
  if (isAbsolute(url)) return { ok: true, url, transport: 'path' };
  if (baseDir === undefined) return { ok: true, url, transport: 'path' };
  return { ok: true, url: resolve(baseDir, url), transport: 'path' };
}
