import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { mailOptions, messageIdFor } from './compose.js';
import type { EmailProvider, EmailSendResult, OutgoingEmail } from './types.js';

// The callback API, promisified: fs/promises goes through a FileHandle per file, which cost the outbox a third of
// its time at 1,000 emails/s (an open, a write and a close each crossing into JS again). Not the sync calls: creating
// a file waits for the file system's journal, which SQLite's commits keep busy (~0.4 ms an open while the dispatcher
// ran), and that wait belongs on the thread pool, not on the event loop.
const mkdir = promisify(fs.mkdir);
const writeFile = promisify(fs.writeFile);
const rename = promisify(fs.rename);

let composer: Promise<typeof MailComposer> | undefined;
/** Loaded on the first email, not at start-up (nodemailer is fifteen files), and once: an import() per email paid a module resolution each time. */
const mailComposer = () => (composer ??= import('nodemailer/lib/mail-composer/index.js').then((m) => m.default));

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
    // A stat of a directory entry: answered from the kernel's cache, cheaper than a thread-pool round trip.
    if (fs.existsSync(target)) return { messageId, response: 'captured' };
    this.dirReady ??= mkdir(this.dir, { recursive: true });
    await this.dirReady;
    const Composer = await mailComposer();
    const message = await new Composer(mailOptions(email, this.defaultFrom, messageId) as never).compile().build();
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, message);
    await rename(tmp, target);
    return { messageId, response: 'captured' };
  }
}
