import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { csvLines } from '../../core/files/index.js';
import type { HandOffContext, PostProvider, PrintJob } from './types.js';

/**
 * The manifest's columns. New ones go at the end, so a reader that maps columns by position keeps working:
 * size (A5, A4), trim_mm ("210x148": the cut size, long side first for postcards), bleed_mm (on every side),
 * media_mm (the PDF page: trim plus bleed, = MediaBox = BleedBox) and sha256 (hex digest of the PDF as written).
 */
export const MANIFEST_COLUMNS = [
  'message_id',
  'recipient',
  'return_address',
  'country',
  'file',
  'price',
  'currency',
  'product',
  'pages',
  'options',
  'size',
  'trim_mm',
  'bleed_mm',
  'media_mm',
  'sha256',
] as const;

const mmPair = ([a, b]: readonly [number, number]) => `${a}x${b}`;

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
      const [w, h] = job.trimMm;
      const media = [w + 2 * job.bleedMm, h + 2 * job.bleedMm] as const;
      // The digest of the bytes handed over (the file written above), so the print house can check its copy.
      const sha256 = createHash('sha256').update(job.pdf).digest('hex');
      const row = [
        job.messageId,
        job.recipient,
        job.returnAddress,
        job.country,
        fileName,
        job.price,
        job.currency,
        job.product,
        job.pages,
        job.options,
        job.size,
        mmPair(job.trimMm),
        job.bleedMm,
        mmPair(media),
        sha256,
      ];
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
      // By record, not by line: a quoted address may hold a newline, and what follows it is not a row.
      return csvRecordStarts(text).some((at) => text.startsWith(`${messageId},`, at));
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

/** Where each record of CSV text starts: after a line break that is not inside a quoted field. */
export function csvRecordStarts(text: string): number[] {
  const starts = text.length > 0 ? [0] : [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // A doubled quote inside a quoted field toggles twice: it stays quoted.
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted && i + 1 < text.length) starts.push(i + 1);
  }
  return starts;
}
