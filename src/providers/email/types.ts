/** A mailbox: the address, and the display name when there is one. */
export interface Mailbox {
  address: string;
  name?: string | undefined;
}

/** A file carried by an email; `inline` parts are referenced from the HTML as `cid:<contentId>`. */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  disposition: 'attachment' | 'inline';
  contentId?: string | undefined;
}

/**
 * One email as it leaves the server. Composition (MIME, encodings, the multipart/alternative of text and
 * html) is the provider's, through nodemailer, so the outbox file and what an SMTP relay receives are the
 * same bytes.
 */
export interface OutgoingEmail {
  /** A bare address (system mail), or the mailboxes of the To header. */
  to: string | readonly Mailbox[];
  cc?: readonly Mailbox[] | undefined;
  /** Envelope recipients only: never written into a header. */
  bcc?: readonly Mailbox[] | undefined;
  /** Defaults to the provider's (EMAIL_FROM). */
  from?: string | Mailbox | undefined;
  replyTo?: Mailbox | undefined;
  subject: string;
  /** The plain-text part (derived from html by the caller when only html was given). */
  text: string;
  html?: string | undefined;
  attachments?: readonly EmailAttachment[] | undefined;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post on marketing mail. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** The Message-ID without angle brackets; defaults to `<key>@<the From's domain or sendbox.local>`. */
  messageId?: string | undefined;
}

/** What the provider learnt when it handed the email over. */
export interface EmailSendResult {
  /** The Message-ID header that went out, without angle brackets. */
  messageId: string;
  /** The relay's final answer (e.g. "250 2.0.0 Ok: queued as 4F1"), or "captured" for the outbox. */
  response: string;
  /** Recipients the relay refused while accepting the others (RCPT 5xx); empty or absent when all were taken. */
  rejected?: readonly string[];
}

/**
 * Where email leaves the server. The default captures it as .eml files (the outbox); SMTP_URL selects a
 * relay. send() throws core/dispatch's TemporaryFailure (a 4xx answer, a dropped connection, a timeout:
 * retried with backoff) or PermanentFailure (a 5xx answer: the message is Failed with the relay's words).
 */
export interface EmailProvider {
  /** Which provider this is, for logs and /healthz-style reports: 'outbox' | 'smtp'. */
  readonly kind: string;
  /** Must be idempotent per key where the provider can be (the outbox is; a relay cannot take back a 250). */
  send(email: OutgoingEmail, idempotencyKey: string): Promise<EmailSendResult>;
  /** Closes pooled connections; idempotent. */
  close?(): Promise<void>;
}
