import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { FailureLimiter } from '../../../core/auth/index.js';
import type { EmailSmsAddressRow } from '../email-sms.tables.js';
import type { EmailSmsDelivery, SmtpUser } from './delivery.js';
import { parseMail } from './mail-text.js';
import { replies, SmtpReply } from './replies.js';

export interface ListenerSettings {
  /** Mail to <number>@domain becomes an SMS. */
  domain: string;
  /** SIZE: a larger message is refused with 552 and sends nothing. */
  maxBytes: number;
  maxClients: number;
  maxRecipients: number;
  connectionsPerMinute: number;
  /** Refused attempts (AUTH, MAIL FROM) one client address may make per window before 421 (AUTH_FAILURES_*). */
  failures: { max: number; windowMs: number };
}

/** A number as written before the @: digits, with or without a leading + (read in the account's country). */
const NUMBER = /^\+?[0-9]{3,16}$/;

/**
 * The SMTP side of email-to-SMS (smtp-server): no TLS in the sandbox (STARTTLS disabled, AUTH allowed in the
 * clear: the listener is bound to HOST, loopback by default), AUTH optional. The anonymous surface is small
 * and throttled: a cap on connections at once, new connections per client address per minute, refused
 * attempts per client address, recipients per mail and the size of a mail.
 */
export class EmailSmsListener {
  private server: SMTPServer | undefined;
  private readonly senders = new WeakMap<SMTPServerSession, EmailSmsAddressRow>();
  /** Mails being turned into SMS: close() lets them commit (or fail) before the database closes. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly connections: FailureLimiter;
  private readonly failures: FailureLimiter;

  constructor(
    private readonly delivery: EmailSmsDelivery,
    private readonly settings: ListenerSettings,
  ) {
    this.connections = new FailureLimiter(settings.connectionsPerMinute, 60_000);
    this.failures = new FailureLimiter(settings.failures.max, settings.failures.windowMs);
  }

  /**
   * Listens on host:port (0: any free port) and resolves to the port bound; rejects with the listen error
   * (EADDRINUSE: the caller says so in one line and runs on without the listener).
   */
  async start(opts: { port: number; host: string }): Promise<number> {
    if (this.server) throw new Error('the email-to-SMS listener is already started');
    const server = this.build();
    // smtp-server re-emits its socket's errors (EADDRINUSE included) on itself; unheard, one would crash the process.
    let listening = false;
    await new Promise<void>((resolve, reject) => {
      server.on('error', (err: Error) => {
        if (!listening) reject(err);
      });
      server.listen(opts.port, opts.host, () => {
        listening = true;
        resolve();
      });
    });
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  /** Stops accepting connections and waits for open ones to finish (smtp-server closes idle ones). Idempotent. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
  }

  private build(): SMTPServer {
    const s = this.settings;
    return new SMTPServer({
      banner: 'Sendbox email-to-SMS',
      logger: false,
      disableReverseLookup: true,
      // No TLS in the sandbox: documented in docs/email-to-sms.md.
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      size: s.maxBytes,
      maxClients: s.maxClients,
      // On close, connections still open after this long (idle pooled clients) get 421 and are closed: a shutdown
      // does not wait 30 s for them. A mail cut off before its 250 is retried by the client (Message-ID dedupe).
      closeTimeout: 2000,
      onConnect: (session, cb) => {
        const ip = session.remoteAddress;
        const blocked = this.failures.blockedFor(ip);
        if (blocked > 0) return cb(replies.tooManyFailures(Math.ceil(blocked / 1000)));
        const wait = this.connections.reserve(ip);
        cb(wait > 0 ? replies.tooManyConnections(Math.ceil(wait / 1000)) : null);
      },
      onAuth: (auth, session, cb) => {
        this.guarded(session, cb, async () => {
          const found = await this.delivery.authenticate(auth.username ?? '', auth.password ?? '');
          if (!found) throw replies.authFailed();
          if (!found.sms) throw replies.authNoSms();
          return { user: found.user };
        });
      },
      onMailFrom: (address, session, cb) => {
        // A refused MAIL FROM must not leave the previous transaction's sender in place.
        this.senders.delete(session);
        this.guarded(session, cb, async () => {
          this.senders.set(session, await this.delivery.sender(address.address, session.user as SmtpUser | undefined));
        });
      },
      onRcptTo: (address, session, cb) => {
        cb(this.recipientError(address.address, session) ?? null);
      },
      onData: (stream, session, cb) => {
        const work = this.data(stream, session)
          .then(
            (message) => cb(null, message),
            (err: unknown) => cb(err instanceof SmtpReply ? err : replies.localError()),
          )
          .catch(() => undefined); // an answer to a connection that is gone
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
  }

  /** Runs a check; a refusal counts against the client address, and once over the limit it is turned away. */
  private guarded<T>(session: SMTPServerSession, cb: (err: Error | null, value?: T) => void, check: () => Promise<T>) {
    const ip = session.remoteAddress;
    const blocked = this.failures.blockedFor(ip);
    if (blocked > 0) return cb(replies.tooManyFailures(Math.ceil(blocked / 1000)));
    check().then(
      (value) => cb(null, value),
      (err: unknown) => {
        if (err instanceof SmtpReply) {
          this.failures.recordFailure(ip);
          return cb(err);
        }
        cb(replies.localError());
      },
    );
  }

  private recipientError(address: string, session: SMTPServerSession): SmtpReply | undefined {
    const { domain, maxRecipients } = this.settings;
    if (!this.senders.has(session)) return replies.noSender();
    const at = address.lastIndexOf('@');
    const local = at > 0 ? address.slice(0, at) : address;
    if (at <= 0 || address.slice(at + 1).toLowerCase() !== domain) return replies.wrongDomain(address, domain);
    if (!NUMBER.test(local)) return replies.badNumber(local, domain);
    if (session.envelope.rcptTo.length >= maxRecipients) return replies.tooManyRecipients(maxRecipients);
    return undefined;
  }

  private async data(stream: Readable, session: SMTPServerSession): Promise<string> {
    const raw = await readCapped(stream, this.settings.maxBytes);
    if (!raw) throw replies.tooBig(this.settings.maxBytes);
    const sender = this.senders.get(session);
    if (!sender) throw replies.noSender();
    const mail = await parseMail(raw);
    const fromEmail = session.envelope.mailFrom ? session.envelope.mailFrom.address : sender.email_address;
    // The same number twice in one mail is one SMS.
    const recipients = [...new Set(session.envelope.rcptTo.map((r) => r.address.slice(0, r.address.lastIndexOf('@'))))];
    const result = await this.delivery.deliver(sender, fromEmail, recipients, mail);
    if (result.kind === 'duplicate') return '2.0.0 Already accepted: this Message-ID was turned into SMS before; nothing was sent again.';
    // SMTP replies are ASCII (RFC 5321): no ellipsis character, which clients show as mojibake.
    return `2.0.0 OK: ${result.messageIds.length} SMS queued (${result.messageIds[0]}${result.messageIds.length > 1 ? ', ...' : ''}).`;
  }
}

/** The whole message, or undefined when it is larger than `max` (the rest is read and dropped, never held). */
async function readCapped(stream: Readable, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= max) chunks.push(chunk as Buffer);
  }
  return size > max ? undefined : Buffer.concat(chunks, size);
}
