import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';

/**
 * A small SMTP server on 127.0.0.1 for the probe and the real-Postfix test: it offers STARTTLS
 * with a certificate the test chooses (and may swap between deliveries), and records every
 * session and every message, noting whether each command came in clear or inside TLS. It accepts
 * mail in clear too, so that a client that downgraded would show up in the inbox as `tls: false`.
 */

export interface ServerCertificate {
  pem: string;
  keyPem: string;
}

/**
 * `normal`: a well-behaved server. `never-greets`: accepts the connection and stays silent.
 * `refuses-starttls`: advertises STARTTLS but answers it with 454. `no-starttls`: does not
 * advertise it. `endless-greeting`: sends greeting continuation lines forever.
 * `injects-after-starttls`: sends a forged reply right behind its 220 to STARTTLS, in clear.
 * `no-handshake`: says 220 to STARTTLS, then never speaks TLS.
 */
export type ServerMode =
  | 'normal'
  | 'never-greets'
  | 'refuses-starttls'
  | 'no-starttls'
  | 'endless-greeting'
  | 'injects-after-starttls'
  | 'no-handshake';

export interface ReceivedMessage {
  from: string;
  to: string[];
  data: string;
  /** Whether the message was received inside TLS. */
  tls: boolean;
  /** Index in `sessions` of the session that carried it. */
  session: number;
}

export interface SessionRecord {
  /** Commands received before TLS (verbs and arguments, one per line). */
  clear: string[];
  /** Commands received inside TLS. */
  tls: string[];
  /** Whether a TLS handshake completed. */
  secured: boolean;
}

export class SmtpTestServer {
  readonly inbox: ReceivedMessage[] = [];
  readonly sessions: SessionRecord[] = [];
  mode: ServerMode;
  private context: SecureContext;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    cert: ServerCertificate,
    mode: ServerMode,
    private readonly greeting: string,
  ) {
    this.context = createSecureContext({ cert: cert.pem, key: cert.keyPem });
    this.mode = mode;
  }

  /**
   * Listens on 127.0.0.1, on a port the system picks. `greeting` replaces the greeting's bytes
   * (CRLF included), e.g. to send a hostile one.
   */
  static async start(
    cert: ServerCertificate,
    mode: ServerMode = 'normal',
    greeting = '220 test.invalid ESMTP smtpfp test server\r\n',
  ): Promise<SmtpTestServer> {
    const server = createServer();
    const s = new SmtpTestServer(server, cert, mode, greeting);
    server.on('connection', (socket) => s.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return s;
  }

  get port(): number {
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new Error('the test SMTP server is not listening');
    return a.port;
  }

  /** The certificate presented from the next handshake on. */
  setCertificate(cert: ServerCertificate): void {
    this.context = createSecureContext({ cert: cert.pem, key: cert.keyPem });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(raw: Socket): void {
    this.sockets.add(raw);
    raw.on('close', () => this.sockets.delete(raw));
    raw.on('error', () => {});
    const record: SessionRecord = { clear: [], tls: [], secured: false };
    this.sessions.push(record);
    const sessionIndex = this.sessions.length - 1;
    const mode = this.mode;
    if (mode === 'never-greets') return;
    if (mode === 'endless-greeting') {
      const flood = () => {
        while (!raw.destroyed && raw.write('220-still greeting, more to come\r\n'));
        if (!raw.destroyed) raw.once('drain', flood);
      };
      flood();
      return;
    }

    let socket: Socket = raw;
    let tls = false;
    let buffer = '';
    let envelope: { from: string; to: string[] } | undefined;
    let data: string[] | undefined;
    const reply = (text: string) => {
      if (!socket.destroyed) socket.write(`${text}\r\n`);
    };

    const onLine = (line: string) => {
      if (data) {
        if (line === '.') {
          this.inbox.push({
            from: envelope?.from ?? '',
            to: envelope?.to ?? [],
            data: data.join('\n'),
            tls,
            session: sessionIndex,
          });
          data = undefined;
          envelope = undefined;
          reply('250 2.0.0 queued');
        } else {
          data.push(line.startsWith('.') ? line.slice(1) : line);
        }
        return;
      }
      (tls ? record.tls : record.clear).push(line);
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line.slice(5);
      switch (verb) {
        case 'EHLO': {
          const offerTls = !tls && mode !== 'no-starttls';
          reply(
            offerTls
              ? '250-test.invalid\r\n250-8BITMIME\r\n250 STARTTLS'
              : '250-test.invalid\r\n250 8BITMIME',
          );
          return;
        }
        case 'HELO':
          reply('250 test.invalid');
          return;
        case 'STAR': {
          if (mode === 'injects-after-starttls') {
            reply('220 2.0.0 ready to start TLS\r\n250 forged reply in clear');
            return;
          }
          if (mode === 'no-handshake') {
            reply('220 2.0.0 ready to start TLS');
            socket.removeListener('data', onData);
            return;
          }
          if (tls || mode !== 'normal') {
            reply('454 4.7.0 TLS not available');
            return;
          }
          reply('220 2.0.0 ready to start TLS');
          socket.removeListener('data', onData);
          const secure = new TLSSocket(socket, { isServer: true, secureContext: this.context });
          secure.on('error', () => {});
          secure.on('secure', () => {
            record.secured = true;
          });
          secure.on('data', onData);
          socket = secure;
          tls = true;
          buffer = ''; // RFC 3207: whatever came in clear after STARTTLS is discarded
          envelope = undefined;
          return;
        }
        case 'MAIL':
          envelope = { from: arg.replace(/^FROM:\s*/i, ''), to: [] };
          reply('250 2.1.0 ok');
          return;
        case 'RCPT':
          if (!envelope) reply('503 5.5.1 MAIL first');
          else {
            envelope.to.push(arg.replace(/^TO:\s*/i, ''));
            reply('250 2.1.5 ok');
          }
          return;
        case 'DATA':
          if (!envelope?.to.length) reply('503 5.5.1 RCPT first');
          else {
            data = [];
            reply('354 end with <CRLF>.<CRLF>');
          }
          return;
        case 'RSET':
          envelope = undefined;
          reply('250 2.0.0 ok');
          return;
        case 'NOOP':
          reply('250 2.0.0 ok');
          return;
        case 'QUIT':
          reply('221 2.0.0 bye');
          socket.end();
          return;
        default:
          reply('502 5.5.2 not implemented');
      }
    };

    function onData(chunk: Buffer) {
      buffer += chunk.toString('latin1');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        const before = socket;
        onLine(line);
        if (socket !== before) return; // STARTTLS: the rest belongs to the TLS layer
      }
    }

    raw.on('data', onData);
    raw.write(this.greeting);
  }
}
