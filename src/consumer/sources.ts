/** A group of the meta configuration (SPEC §2.3), as the update engine takes it. */
export interface GroupSource {
  /** The group (peer) name. */
  name: string;
  /** Tried in order; relative paths already resolved against the meta configuration's folder. */
  urls: string[];
  /** Allowed signers: primary-key fingerprints, uppercase hex without spaces. */
  fingerprints: string[];
  /** The branch to follow; undefined: the remote's HEAD. */
  ref?: string;
}
