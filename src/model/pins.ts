/**
 * What the consumer pins (SPEC §4): for one service, every domain taken from a verified peer
 * commit, with the certificates of its active configuration and of those within the rollover
 * window. The renderers turn a PinSet into a map; nothing here is read from disk or git.
 */

/** Output formats of SPEC §4, as named in a layout's `spec` (`FORMAT:PATH`). */
export const RENDER_FORMATS = ['postfix', 'postfix-transport', 'exim', 'prosody', 'json'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** One certificate a domain may present: the leaf of a `cert:` file of a selected configuration. */
export interface PinnedCertificate {
  /** SHA-256 of the certificate's DER, uppercase hex with colons. */
  fingerprint: string;
  /** SHA-256 of its SubjectPublicKeyInfo DER, uppercase hex with colons. */
  spki: string;
  subject: string;
  /** Milliseconds since the epoch. */
  notAfter: number;
  /** The `valid_after` of the configuration that names it (ms since the epoch). */
  validAfter: number;
  /** Repository path of the certificate file. */
  path: string;
}

export interface DomainPin {
  /** A validated domain name (SPEC §2.1): lowercase, no character that could inject into a map. */
  domain: string;
  /** The group (peer) of the meta configuration it comes from. */
  group: string;
  /** Full object id of the verified commit it was read from. */
  commit: string;
  /**
   * The rollover union, without repeats (by fingerprint), ordered by `validAfter` then
   * fingerprint. Empty for a domain reached only through its hidden service.
   */
  certificates: PinnedCertificate[];
  /** The full `….onion` name, or null. */
  hiddenService: string | null;
}

export interface PinSet {
  /** The service the pins are for (`smtp`, `xmpp`). */
  service: string;
  /** Sorted by domain, in byte order. */
  domains: DomainPin[];
}

export interface RenderOptions {
  /** Names the tool in headers and in the json `generated` field, e.g. `smtpfp 0.2.0`. */
  generator: string;
  /** Transport name for `postfix-transport` (default `smtptor`). */
  torTransport: string;
}
