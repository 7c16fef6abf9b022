import fs from 'node:fs/promises';
import path from 'node:path';
import { csvLines } from '../../core/files/index.js';
import type { HandOffContext, PostProvider, PrintJob } from './types.js';

export const MANIFEST_COLUMNS = ['message_id', 'recipient', 'return_address', 'country', 'file', 'price', 'currency', 'product', 'pages', 'options'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SAFE_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * The print hand-off: what a print house collects. Each item becomes DATA_DIR/print/<yyyy-mm-dd>/<message_id>.pdf
 * plus one row in that day's manifest.csv (UTC days).
 *
 * Idempotent per message id, across crashes: the PDF is written first (temp file + rename), then the manifest
 * row appended. A first claim cannot have been handed over before, so it goes to today's folder. A later
 * attempt looks for the PDF in any day folder first, keeps that day, and appends the manifest row only if the
 * day's manifest does not have it yet: a re-dispatch never adds a second row, even across midnight.
 */
export class PrintHouseProvider implements PostProvider {
  readonly name = 'print-house';

  constructor(private readonly dir: string) {}

  async handOff(job: PrintJob, ctx: HandOffContext): Promise<{ reference: string }> {
    if (!SAFE_ID.test(job.messageId)) throw new Error(`unexpected message id ${job.messageId}`);
    const fileName = `${job.messageId}.pdf`;
    const earlierDay = ctx.attempt > 1 ? await this.dayHolding(fileName) : undefined;
    const day = earlierDay ?? new Date(ctx.nowMs).toISOString().slice(0, 10);
    const dayDir = path.join(this.dir, day);
    await fs.mkdir(dayDir, { recursive: true });

    const target = path.join(dayDir, fileName);
    const tmp = path.join(dayDir, `.${fileName}.${process.pid}.tmp`);
    await fs.writeFile(tmp, job.pdf);
    await fs.rename(tmp, target);

    const manifest = path.join(dayDir, 'manifest.csv');
    if (earlierDay === undefined || !(await this.manifestHas(manifest, job.messageId))) {
      await ensureHeader(manifest);
      const row = [job.messageId, job.recipient, job.returnAddress, job.country, fileName, job.price, job.currency, job.product, job.pages, job.options];
      // Through the shared CSV neutraliser: recipient and return address are what a customer typed, and a print
      // house opens this file in a spreadsheet. One write of one short line with O_APPEND: concurrent hand-offs
      // (and processes) never interleave rows.
      await fs.appendFile(manifest, csvLines([row]));
    }
    return { reference: `print/${day}/${fileName}` };
  }

  /** The day folder that already holds this file (newest first), if a previous attempt wrote it. */
  private async dayHolding(fileName: string): Promise<string | undefined> {
    let days: string[];
    try {
      days = (await fs.readdir(this.dir))
        .filter((d) => DAY.test(d))
        .sort()
        .reverse();
    } catch {
      return undefined;
    }
    for (const day of days) {
      try {
        await fs.access(path.join(this.dir, day, fileName));
        return day;
      } catch {
        // not in this day
      }
    }
    return undefined;
  }

  private async manifestHas(manifest: string, messageId: string): Promise<boolean> {
    try {
      const text = await fs.readFile(manifest, 'utf8');
      return text.split('\n').some((line) => line.startsWith(`${messageId},`));
    } catch {
      return false;
    }
  }
}

/**
 * Creates the manifest with its header row exactly once, however many hand-offs race to the first row: the
 * header is written to a temp file and hard-linked into place, so the manifest never exists without it.
 */
async function ensureHeader(manifest: string): Promise<void> {
  try {
    await fs.access(manifest);
    return;
  } catch {
    // first row of the day
  }
  const tmp = `${manifest}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(tmp, csvLines([[...MANIFEST_COLUMNS]]));
  try {
    await fs.link(tmp, manifest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
