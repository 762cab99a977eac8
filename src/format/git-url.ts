/** Which sources may reach git: decided in one place, below both the parsers and the git runner. */
export { MAX_URL_LENGTH, type UrlTransport, urlKind, type VettedUrl, vetUrl } from '../model/git-url.ts';
