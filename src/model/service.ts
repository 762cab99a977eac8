/** A validated service file (SPEC §2.1), as the renderers and the consumer see it. */
export interface DomainEntry {
  domain: string;
  /** Repository path of the certificate file, when the domain is pinned by certificate. */
  cert?: string;
  /** v3 onion address (`….onion`), when the domain is reached through Tor. */
  hiddenService?: string;
  /** 1-based line of the entry in its file. */
  line: number;
}

export interface Configuration {
  /** The `valid_after` text as written. */
  validAfterText: string;
  /** Milliseconds since the epoch (UTC when no offset is given). */
  validAfter: number;
  domains: DomainEntry[];
  line: number;
}

export interface ServiceFile {
  /** Base name of the file: `smtp` for `smtp.yml`. */
  service: string;
  path: string;
  configurations: Configuration[];
}
