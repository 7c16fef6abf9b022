import { oneLine } from '../../core/util/text.js';
import type { Mailbox, OutgoingEmail } from './types.js';

/** nodemailer's message options for an OutgoingEmail: the one mapping both providers use, so both emit the same MIME. */
export function mailOptions(email: OutgoingEmail, defaultFrom: string, messageId: string) {
  return {
    from: email.from === undefined ? defaultFrom : mailbox(email.from),
    to: typeof email.to === 'string' ? email.to : email.to.map(mailbox),
    cc: email.cc?.map(mailbox),
    bcc: email.bcc?.map(mailbox),
    replyTo: email.replyTo ? mailbox(email.replyTo) : undefined,
    // Flattened here too (oneLine): transactional email does it on input, campaigns take names from contacts and
    // from_name, so this is the one place every message passes.
    subject: oneLine(email.subject),
    text: email.text,
    html: email.html,
    attachments: email.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      contentDisposition: a.disposition,
      // nodemailer files every part with a cid under the HTML's multipart/related, where clients treat it as a
      // resource of the HTML (hidden as an attachment, absent from the text/plain alternative). Only inline parts
      // are such resources; a file attachment keeps no Content-ID so it lands in the top-level multipart/mixed.
      cid: a.disposition === 'inline' ? a.contentId : undefined,
    })),
    headers: email.headers ? { ...email.headers } : undefined,
    messageId: `<${messageId}>`,
    // Content is always given inline: no option may make nodemailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function mailbox(m: string | Mailbox): string | { address: string; name: string } {
  if (typeof m === 'string') return m;
  const name = m.name ? oneLine(m.name) : '';
  return name ? { address: m.address, name } : m.address;
}

/** `<key>@<domain of the From>`: a Message-ID stable across retries of the same message. */
export function messageIdFor(email: OutgoingEmail, idempotencyKey: string, defaultFrom: string): string {
  if (email.messageId) return email.messageId;
  const from = email.from === undefined ? defaultFrom : typeof email.from === 'string' ? email.from : email.from.address;
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'sendbox.local';
  return `${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}@${domain}`;
}
