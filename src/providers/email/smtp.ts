import net from 'node:net';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { PermanentFailure, TemporaryFailure } from '../../core/dispatch/index.js';
import { mailOptions, messageIdFor } from './compose.js';
import type { EmailProvider, EmailSendResult, OutgoingEmail } from './types.js';

export interface SmtpProviderOptions {
  /**
   * smtp://user:pass@host:port (STARTTLS when the relay offers it) or smtps://… (TLS from the first byte). Query
   * parameters are nodemailer's own connection-URL options: requireTLS=true, ignoreTLS=true, name=<EHLO host>,
   * tls.rejectUnauthorized=false (a relay with a self-signed certificate), tls.servername=<SNI name>.
   */
  readonly url: string;
  readonly poolSize: number;
  /** Messages per second (0 = no limit). */
  readonly ratePerSecond: number;
  readonly timeoutMs: number;
  readonly defaultFrom: string;
}

/** What nodemailer attaches to the errors it reports (SMTP answer, its own error class). */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

type Pool = Transporter<SMTPPool.SentMessageInfo>;

/**
 * A real relay through nodemailer's pooled SMTP transport, built once (on the first email: nodemailer is not
 * loaded by a server that never relays) and shared by every queue. The relay sees the same MIME the outbox
 * would capture (compose.ts). Failures are the dispatcher's two kinds: PermanentFailure with the relay's own
 * words for a 5xx answer, TemporaryFailure (retried with backoff) for a 4xx answer, a refused, dropped or
 * timed-out connection. The URL holds the relay password: it is never logged nor put in an error.
 */
export class SmtpEmailProvider implements EmailProvider {
  readonly kind = 'smtp';
  private pool: Promise<Pool> | undefined;
  private closed = false;

  constructor(private readonly options: SmtpProviderOptions) {}

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<EmailSendResult> {
    // A closed nodemailer pool drops a message without calling back: refuse here instead, so the row is retried.
    if (this.closed) throw closedFailure();
    const pool = await (this.pool ??= this.build());
    if (this.closed) throw closedFailure(); // closed while the pool was being built
    const messageId = messageIdFor(email, idempotencyKey, this.options.defaultFrom);
    let info: SMTPPool.SentMessageInfo;
    try {
      info = await pool.sendMail(mailOptions(email, this.options.defaultFrom, messageId));
    } catch (err) {
      throw failureOf(err);
    }
    const rejected = ((info.rejected ?? []) as (string | { address: string })[]).map((r) => (typeof r === 'string' ? r : r.address));
    return { messageId, response: info.response, ...(rejected.length > 0 ? { rejected } : {}) };
  }

  /** Closes the pooled connections (QUIT on the idle ones); later sends are refused as temporary. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pool) (await this.pool).close();
  }

  private async build(): Promise<Pool> {
    const [{ default: nodemailer }, { parseConnectionUrl }] = await Promise.all([import('nodemailer'), import('nodemailer/lib/shared/index.js')]);
    const o = this.options;
    const fromUrl = parseConnectionUrl(o.url);
    return nodemailer.createTransport({
      // host, port, secure (smtps:), auth and the query's TLS switches, as nodemailer reads its own connection URLs.
      ...fromUrl,
      // Our knobs win over the query, and nodemailer's logger stays off: its transcripts would carry the AUTH exchange.
      pool: true,
      maxConnections: o.poolSize,
      // Some relays cap messages per connection (going over is a 4xx, retried): nodemailer reconnects after this many.
      maxMessages: 1000,
      ...(o.ratePerSecond > 0 ? { rateDelta: 1000, rateLimit: o.ratePerSecond } : {}),
      connectionTimeout: o.timeoutMs,
      greetingTimeout: o.timeoutMs,
      socketTimeout: o.timeoutMs,
      dnsTimeout: o.timeoutMs,
      // A connection lost mid-message fails that send (TemporaryFailure: the queue retries with backoff) instead of
      // nodemailer re-sending it at once, forever, on the next connection.
      maxRequeues: 0,
      logger: false,
      debug: false,
      // Messages carry their content: never let an option read a local file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      getSocket: (opts: SMTPPool.Options, done: (err: Error | null, socket?: { connection: net.Socket }) => void) => connectNoDelay(opts, o.timeoutMs, done),
    } as SMTPPool.Options);
  }
}

/**
 * The TCP connection to the relay, opened with TCP_NODELAY (nodemailer's documented getSocket hook; it then speaks
 * TLS over it for smtps:// and STARTTLS). nodemailer leaves Nagle on, so the last small write of each message waited
 * for the relay's delayed ACK (~40 ms on Linux): one connection carried ~20 emails/s whatever the CPU.
 */
function connectNoDelay(opts: SMTPPool.Options, timeoutMs: number, done: (err: Error | null, socket?: { connection: net.Socket }) => void): void {
  // nodemailer's own defaults when the URL names no port.
  const port = Number(opts.port) || (opts.secure ? 465 : 587);
  const socket = net.connect({ host: opts.host ?? 'localhost', port, noDelay: true, keepAlive: true, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
  const timer = setTimeout(() => {
    socket.destroy();
    finish(Object.assign(new Error(`Connection timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
  }, timeoutMs);
  const finish = (err: Error | null) => {
    clearTimeout(timer);
    socket.removeListener('error', finish);
    socket.removeListener('connect', connected);
    // A failure is handed to nodemailer as an error of the socket it was given, not through done(err): the pool only
    // drops a connection whose SMTP connection reports an error, and a getSocket error left the dead connection in the
    // pool, busy forever: after EMAIL_SMTP_POOL_SIZE refused connects, every later send waited for ever. The SMTP
    // connection attaches its handlers inside done(), so the error emitted right after reaches them.
    done(null, { connection: socket });
    if (err) socket.emit('error', err);
  };
  const connected = () => finish(null);
  socket.once('connect', connected);
  socket.once('error', finish);
}

const closedFailure = () => new TemporaryFailure('the SMTP relay connection pool is closed (server shutting down)');

/** nodemailer's codes for a failure of this message (its envelope or content), not of the connection or the login. */
const MESSAGE_PHASE: ReadonlySet<string> = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * The dispatcher's kind of failure for a nodemailer error. A 5xx answer to MAIL FROM, RCPT TO or DATA (or a message
 * nodemailer cannot send at all: no recipients, larger than the relay's SIZE) is permanent, in the relay's own words.
 * Everything else is temporary: a 4xx answer, a refused, dropped or timed-out connection, a TLS failure, and a refused
 * login or a 5xx greeting too (the relay's set-up is wrong, not the message: retried until the operator fixes it).
 */
export function failureOf(err: unknown): Error {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpError;
  const code = e.responseCode ?? 0;
  // The relay's own line ("550 5.1.1 <x@y>: Recipient address rejected"), else nodemailer's description.
  const words = e.response?.trim() || e.message;
  if (e.code !== undefined && MESSAGE_PHASE.has(e.code)) return code >= 400 && code < 500 ? new TemporaryFailure(words) : new PermanentFailure(words);
  if (e.code === 'EAUTH') return new TemporaryFailure(`the relay refused the SMTP login: ${words}`);
  return new TemporaryFailure(e.code ? `${e.message} (${e.code})` : e.message);
}
