import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { printable } from '../model/text.ts';

/**
 * The SMTP side of `smtpfp probe` (SPEC §3.6): greeting, EHLO, STARTTLS, a TLS handshake that
 * trusts no CA, and the leaf certificate the server presented. The server is a stranger: every
 * read is bounded (line length, lines per reply), the whole session by one deadline, and its text
 * is cleaned of control characters and shortened before anyone sees it.
 */

export type ProbeStage = 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'handshake';

export interface ProbeRequest {
  host: string;
  port: number;
  servername?: string;
  /** For the whole session, from the first connection attempt to the certificate. */
  timeoutMs: number;
}

export type ProbeResult =
  | { ok: true; der: Buffer; protocol: string; greeting: string }
  | {
      ok: false;
      stage: ProbeStage;
      reason: string;
      /** True when the server answered but would not do STARTTLS. */
      starttlsRefused: boolean;
    };

/** RFC 5321 allows 512 octets per reply line; real servers stay far below. */
export const MAX_REPLY_LINE = 1000;
export const MAX_REPLY_LINES = 100;
const SHOWN_CHARS = 200;

/** Server text made safe to print: no control characters, at most 200 characters. */
export function shown(text: string): string {
  const clean = printable(text);
  return clean.length > SHOWN_CHARS ? `${clean.slice(0, SHOWN_CHARS)}…` : clean;
}

interface Reply {
  code: number;
  lines: string[];
}

class ProtocolError extends Error {}

const STAGE_WORDS: Record<ProbeStage, string> = {
  connect: 'connecting',
  greeting: 'waiting for the greeting',
  ehlo: 'waiting for the EHLO reply',
  starttls: 'waiting for the STARTTLS reply',
  handshake: 'in the TLS handshake',
};

/** Reads SMTP replies (possibly multi-line) from a socket, within fixed bounds. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private waiting?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  private failure?: Error;
  private readonly replies: Reply[] = [];

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
  }

  detach(): void {
    this.socket.removeListener('data', this.onData);
  }

  /** Bytes received after the last complete reply (must be none before a TLS handshake). */
  get leftover(): number {
    return this.buffer.length + this.lines.length + this.replies.length;
  }

  fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.waiting?.reject(e);
    this.waiting = undefined;
  }

  next(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private readonly onData = (chunk: Buffer) => {
    if (this.failure) return;
    this.buffer += chunk.toString('latin1');
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.length > MAX_REPLY_LINE) {
        this.fail(new ProtocolError(`the server sent a reply line longer than ${MAX_REPLY_LINE} bytes`));
        return;
      }
      this.onLine(line);
      if (this.failure) return;
    }
    if (this.buffer.length > MAX_REPLY_LINE)
      this.fail(new ProtocolError(`the server sent a reply line longer than ${MAX_REPLY_LINE} bytes`));
  };

  private onLine(line: string): void {
    const m = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
    if (!m) {
      this.fail(new ProtocolError(`expected an SMTP reply line (a 3-digit code), got '${shown(line)}'`));
      return;
    }
    if (this.lines.length && !line.startsWith(this.lines[0]!.slice(0, 3))) {
      this.fail(new ProtocolError(`the server changed its reply code within one reply: '${shown(line)}'`));
      return;
    }
    this.lines.push(line);
    if (this.lines.length > MAX_REPLY_LINES) {
      this.fail(new ProtocolError(`the server sent a reply of more than ${MAX_REPLY_LINES} lines`));
      return;
    }
    if (m[2] === '-') return;
    const reply = { code: Number(m[1]), lines: this.lines.map((l) => l.slice(4)) };
    this.lines = [];
    if (this.waiting) {
      this.waiting.resolve(reply);
      this.waiting = undefined;
    } else {
      this.replies.push(reply);
    }
  }
}

function describeReply(r: Reply): string {
  return shown(`${r.code} ${r.lines.join(' / ')}`.trim());
}

function socketProblem(e: NodeJS.ErrnoException, host: string): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on that port)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `no address found for '${shown(host)}'`;
    case 'ECONNRESET':
      return 'the server closed the connection abruptly';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host is unreachable';
    default:
      return shown(e.message);
  }
}

/** Runs one probe. Never throws: every way it can go wrong is a result. */
export function probeStartTls(req: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let stage: ProbeStage = 'connect';
    let settled = false;
    let tcp: Socket | undefined;
    let tls: TLSSocket | undefined;
    let reader: ReplyReader | undefined;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reader?.detach();
      if (tls && result.ok) {
        // A polite end; the connection is torn down shortly whatever the server does.
        tls.end('QUIT\r\n');
        setTimeout(() => tls?.destroy(), 200).unref();
      } else {
        tls?.destroy();
        tcp?.destroy();
      }
      resolve(result);
    };
    const failWith = (reason: string, starttlsRefused = false) =>
      finish({ ok: false, stage, reason, starttlsRefused });
    const timer = setTimeout(() => {
      const seconds = Math.round(req.timeoutMs / 100) / 10;
      failWith(`no answer within ${seconds} s (${STAGE_WORDS[stage]})`);
    }, req.timeoutMs);

    tcp = connectTcp({ host: req.host, port: req.port });
    tcp.on('error', (e: NodeJS.ErrnoException) => {
      reader?.fail(new ProtocolError(socketProblem(e, req.host)));
      if (!reader) failWith(socketProblem(e, req.host));
    });
    tcp.on('close', () => reader?.fail(new ProtocolError('the server closed the connection')));
    tcp.once('connect', () => {
      const socket = tcp!;
      reader = new ReplyReader(socket);
      const send = (line: string) => socket.write(`${line}\r\n`);
      const session = async () => {
        stage = 'greeting';
        const greeting = await reader!.next();
        if (greeting.code !== 220) return failWith(`the server refuses service: ${describeReply(greeting)}`);
        stage = 'ehlo';
        const local = socket.localAddress ?? '127.0.0.1';
        send(`EHLO ${isIP(local) === 6 ? `[IPv6:${local}]` : `[${local}]`}`);
        const ehlo = await reader!.next();
        if (ehlo.code !== 250) return failWith(`the server rejected EHLO: ${describeReply(ehlo)}`, true);
        const offers = ehlo.lines.slice(1).some((l) => l.trim().toUpperCase().split(/\s+/)[0] === 'STARTTLS');
        if (!offers) return failWith('the server does not offer STARTTLS', true);
        stage = 'starttls';
        send('STARTTLS');
        const ready = await reader!.next();
        if (ready.code !== 220) return failWith(`the server refused STARTTLS: ${describeReply(ready)}`, true);
        // Bytes after the 220 would be read as if they came from inside TLS (CVE-2011-0411).
        if (reader!.leftover > 0) return failWith('the server sent data after its STARTTLS reply');
        reader!.detach();
        reader = undefined;
        stage = 'handshake';
        tls = connectTls({
          socket,
          rejectUnauthorized: false, // no CA is trusted: the pin is what is checked
          ...(req.servername ? { servername: req.servername } : {}),
        });
        tls.on('error', (e: NodeJS.ErrnoException) =>
          failWith(`the TLS handshake failed: ${shown(e.message)}`),
        );
        tls.on('close', () => failWith('the server closed the connection during the TLS handshake'));
        tls.once('secureConnect', () => {
          const cert = tls!.getPeerX509Certificate();
          if (!cert) return failWith('the server presented no certificate');
          finish({
            ok: true,
            der: cert.raw,
            protocol: tls!.getProtocol() ?? 'TLS',
            greeting: describeReply(greeting),
          });
        });
      };
      session().catch((e: unknown) => failWith(e instanceof Error ? e.message : String(e)));
    });
  });
}
