import fs from 'node:fs/promises';
import path from 'node:path';
import { mailOptions, messageIdFor } from './compose.js';
import type { EmailProvider, EmailSendResult, OutgoingEmail } from './types.js';

/**
 * Captures every email as DATA_DIR/outbox/<key>.eml, so a sandbox user can open exactly what would have
 * gone out (tokens, notices, transactional and campaign mail). Written to a temp file and renamed: a reader
 * never sees half a file, and a second send with the same key finds the file there and does nothing.
 */
export class OutboxEmailProvider implements EmailProvider {
  readonly kind = 'outbox';
  private dirReady: Promise<unknown> | undefined;

  constructor(
    private readonly dir: string,
    private readonly defaultFrom = 'Sendbox <no-reply@sendbox.local>',
  ) {}

  /** Where the email with this key is (or would be) captured. */
  pathFor(idempotencyKey: string): string {
    return path.join(this.dir, `${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
  }

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<EmailSendResult> {
    const target = this.pathFor(idempotencyKey);
    const messageId = messageIdFor(email, idempotencyKey, this.defaultFrom);
    try {
      await fs.access(target);
      return { messageId, response: 'captured' };
    } catch {
      // not delivered yet
    }
    this.dirReady ??= fs.mkdir(this.dir, { recursive: true });
    await this.dirReady;
    // Loaded on the first email, not at start-up (nodemailer is fifteen files).
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
    const message = await new MailComposer(mailOptions(email, this.defaultFrom, messageId) as never).compile().build();
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(tmp, message);
    await fs.rename(tmp, target);
    return { messageId, response: 'captured' };
  }
}
