import fs from 'node:fs/promises';
import path from 'node:path';
import type { EmailProvider, OutgoingEmail } from './types.js';

/**
 * Captures every email as DATA_DIR/outbox/<key>.eml, so a sandbox user can open the tokens and
 * notices the server "sent". Written to a temp file and renamed: a reader never sees half a file, and
 * a second send with the same key finds the file there and does nothing.
 */
export class OutboxEmailProvider implements EmailProvider {
  constructor(
    private readonly dir: string,
    private readonly defaultFrom = 'Sendbox <no-reply@sendbox.local>',
  ) {}

  async send(email: OutgoingEmail, idempotencyKey: string): Promise<void> {
    const safeKey = idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_');
    const target = path.join(this.dir, `${safeKey}.eml`);
    try {
      await fs.access(target);
      return;
    } catch {
      // not delivered yet
    }
    await fs.mkdir(this.dir, { recursive: true });
    // Loaded on the first email, not at start-up (nodemailer is fifteen files).
    const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
    const message = await new MailComposer({
      from: email.from ?? this.defaultFrom,
      to: email.to,
      subject: email.subject,
      text: email.text,
      messageId: `<${safeKey}@sendbox.local>`,
    })
      .compile()
      .build();
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(tmp, message);
    await fs.rename(tmp, target);
  }
}
