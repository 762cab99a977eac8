import { isIP } from 'node:net';

/** Where `smtpfp probe` connects: `HOST`, `HOST:PORT`, `[IPv6]`, `[IPv6]:PORT` or a bare IPv6 address. */
export interface ProbeTarget {
  host: string;
  port: number;
  /** The name sent as TLS SNI: the host when it is a DNS name (never an IP address). */
  servername?: string;
  /** How to show the target: `host:port`, `[v6]:port`. */
  display: string;
}

export const DEFAULT_SMTP_PORT = 25;

const DNS_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/;

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Parses HOST[:PORT]; returns what was expected when the text is not a target. */
export function parseTarget(text: string): ProbeTarget | { problem: string } {
  const expected = 'expected HOST, HOST:PORT or [IPv6]:PORT (a DNS name or an IP address, a port 1-65535)';
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (isIP(host) !== 6) return { problem: `${expected}; '[${host}]' is not an IPv6 address` };
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(':');
    host = colon >= 0 ? text.slice(0, colon) : text;
    portText = colon >= 0 ? text.slice(colon + 1) : undefined;
    host = host.toLowerCase();
    if (isIP(host) !== 4 && !DNS_NAME.test(host)) return { problem: expected };
  }
  let port = DEFAULT_SMTP_PORT;
  if (portText !== undefined) {
    const parsed = parsePort(portText);
    if (parsed === undefined) return { problem: `${expected}; the port is not a number from 1 to 65535` };
    port = parsed;
  }
  const ipVersion = isIP(host);
  const target: ProbeTarget = {
    host,
    port,
    display: ipVersion === 6 ? `[${host}]:${port}` : `${host}:${port}`,
  };
  if (ipVersion === 0) target.servername = host.replace(/\.$/, '');
  return target;
}
