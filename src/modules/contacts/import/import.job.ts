import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CsvError } from 'csv-parse';
import { PermanentFailure, type DispatchQueue, type DispatchRow, type HandlerContext, type Outcome } from '../../../core/dispatch/index.js';
import { newFileName } from '../../../core/files/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import { ApiError } from '../../../core/errors/index.js';
import { CONTACT_FIELDS, type ContactField } from '../contact-fields.js';
import type { NewContact } from '../contacts.tables.js';
import { isBlankRecord, parseStream, type CsvDelimiter, type CsvEncoding } from './csv-read.js';
import { fetchRemote, ownSource, readHead, storedHead, type SourceDeps } from './import-source.js';
import type { ContactImportsRepository, ImportBatch, ImportClaim } from './import.repository.js';
import { writeSkippedCsv } from './import.skips.js';
import { NormalisePool } from './normalise-pool.js';
import type { NormaliseReply } from './normalise-rows.js';
import type { ContactImportRow } from './import.tables.js';

export interface ImportJobDeps extends SourceDeps {
  repo: ContactImportsRepository;
  clock: Clock;
  /** PUBLIC_URL: its /files/ URLs are read from the FileStore. */
  publicUrl: string;
  /** Records per committed batch (CONTACT_IMPORT_BATCH). */
  batchRows: number;
  /** Normalising threads per import of a large file (CONTACT_IMPORT_WORKERS; 0 = inline). */
  workers: number;
}

type JobRow = ContactImportRow & DispatchRow;

/**
 * The contact_imports queue: each job streams its file (never whole in memory), normalises each row as the contacts API
 * does, and commits contacts, skipped rows and progress together every batchRows records. A job claimed again after a
 * crash skips the records its last commit counted, so every row is imported or skipped exactly once.
 */
export function contactImportsQueue(d: ImportJobDeps): DispatchQueue<JobRow> {
  return {
    name: 'contact-imports',
    table: 'contact_imports',
    // A failure that is not the file's (the database went away) is retried; the job resumes where it was.
    retry: { maxAttempts: 10 },
    handle: (row, ctx) => runImport(d, row, ctx),
  };
}

async function runImport(d: ImportJobDeps, job: JobRow, ctx: HandlerContext): Promise<Outcome> {
  const claim: ImportClaim = { id: Number(job.id), dispatcherId: ctx.dispatcherId, attempts: ctx.attempt };
  // Finished before a crash took the outcome with it: only the outcome is left to record.
  if (job.finished_at !== null) return job.last_error ? { result: 'failed', error: job.last_error } : { result: 'sent' };
  try {
    const source = job.source_file ?? (await stage(d, job, claim));
    const plan = await planOf(d, job, source, claim);
    const broken = await importRows(d, job, claim, source, plan);
    return await finish(d, job, claim, broken);
  } catch (err) {
    // What the file or its URL makes impossible ends the job, with what was imported so far kept and reported.
    if (err instanceof ApiError || err instanceof PermanentFailure) return finish(d, job, claim, err.message);
    throw err;
  }
}

/** A remote file is copied into the FileStore first: a restart must read the very bytes the first run counted. */
async function stage(d: ImportJobDeps, job: JobRow, claim: ImportClaim): Promise<string> {
  const own = ownSource(job.file_url, [d.publicUrl]);
  const name = own ?? newFileName('csv');
  if (!own) await d.files.put(name, await fetchRemote(d, job.file_url), { generated: 'export' });
  await d.repo.update(claim, { source_file: name });
  return name;
}

interface Plan {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  fields: (ContactField | null)[];
  country: string;
}

/** Encoding, separator and header, detected on the first claim and stored, so every later claim parses alike. */
async function planOf(d: ImportJobDeps, job: JobRow, source: string, claim: ImportClaim): Promise<Plan> {
  const fields = JSON.parse(job.field_order) as (ContactField | null)[];
  const country = await d.repo.accountCountry(Number(job.account_id));
  if (job.encoding !== null && job.delimiter !== null && job.has_header !== null) {
    return { encoding: job.encoding as CsvEncoding, delimiter: job.delimiter as CsvDelimiter, hasHeader: job.has_header === 1, fields, country };
  }
  const head = await storedHead(d.files, source);
  if (!head) throw new PermanentFailure(`the file ${source} no longer exists (uploads are deleted after UPLOAD_TTL)`);
  const stat = await d.files.stat(source);
  const found = await readHead(head, (stat?.size ?? 0) <= head.length, 2);
  const hasHeader = job.has_header === null ? found.hasHeader : job.has_header === 1;
  await d.repo.update(claim, { encoding: found.encoding, delimiter: found.delimiter, has_header: hasHeader ? 1 : 0, started_at: unixSeconds(d.clock) });
  return { encoding: found.encoding, delimiter: found.delimiter, hasHeader, fields, country };
}

/** Rows handed to a normalising thread at once, and chunks in flight (so the threads never wait for the parser). */
const CHUNK_ROWS = 250;
const CHUNKS_IN_FLIGHT = 8;
/** Files smaller than this are normalised inline: starting a thread would cost more than it saves. */
const INLINE_BYTES = 256 * 1024;

interface Chunk {
  numbers: number[];
  /** The rows as read, for the skipped rows' CSV (the thread answers with the contacts only). */
  cells: string[][];
  /** The record count when the chunk was cut: once it is applied, every record up to here is in the batch. */
  upTo: number;
  reply: Promise<NormaliseReply>;
}

/**
 * Streams the records after the committed ones: cut into chunks normalised in file order (by threads, for large files),
 * applied to the batch, and committed every batchRows records. A parse error ends the job: its message is returned.
 */
async function importRows(d: ImportJobDeps, job: JobRow, claim: ImportClaim, source: string, plan: Plan): Promise<string | undefined> {
  const opened = await d.files.stream(source);
  if (!opened) throw new PermanentFailure(`the file ${source} no longer exists (uploads are deleted after UPLOAD_TTL)`);
  const pool = new NormalisePool(opened.size >= INLINE_BYTES ? d.workers : 0);
  const parser = parseStream(opened.stream, plan.encoding, plan.delimiter);
  const accountId = Number(job.account_id);
  const listId = Number(job.list_id);
  const importId = Number(job.id);
  let committed = Number(job.rows_consumed);
  let applied = committed;
  let record = 0;
  let batch: ImportBatch = { contacts: [], skips: [], consumedBefore: committed, consumedAfter: committed };
  let now = unixSeconds(d.clock);
  const inFlight: Chunk[] = [];
  let rows: string[][] = [];
  let numbers: number[] = [];

  // One batch's transaction in flight while the next batch is parsed and normalised: on PostgreSQL the database works
  // on its own cores meanwhile (see bench/RESULTS.md). Commits still run one at a time
  // in file order, each fenced on the previous one's progress, so a crash loses at most the uncommitted batches.
  let inCommit: Promise<void> | undefined;
  const commit = async () => {
    const done = { ...batch, consumedAfter: applied };
    committed = applied;
    batch = { contacts: [], skips: [], consumedBefore: committed, consumedAfter: committed };
    if (inCommit) await inCommit;
    inCommit = d.repo.commit(claim, done);
    // Awaited before the next commit or at the end; a failure meanwhile must not go unhandled.
    inCommit.catch(() => undefined);
    now = unixSeconds(d.clock);
    // SQLite answers synchronously: let the API, the lease heartbeat and other queues run between batches.
    await yieldToLoop();
  };
  const settle = async () => {
    if (inCommit) await inCommit;
    inCommit = undefined;
  };
  const cut = () => {
    const reply = rows.length > 0 ? pool.run({ rows, fields: plan.fields, country: plan.country }) : Promise.resolve({ values: [], refused: [] });
    // Awaited in file order; a failure of a later chunk while an earlier one is awaited must not go unhandled.
    reply.catch(() => undefined);
    inFlight.push({ numbers, cells: rows, upTo: record, reply });
    rows = [];
    numbers = [];
  };
  const apply = async (chunk: Chunk) => {
    const { values, refused } = await chunk.reply;
    const bad = new Map(refused);
    let v = 0;
    for (let r = 0; r < chunk.numbers.length; r++) {
      const reason = bad.get(r);
      if (reason !== undefined) {
        batch.skips.push({ import_id: importId, row_number: chunk.numbers[r]!, reason, cells: JSON.stringify(chunk.cells[r]) });
        continue;
      }
      const contact: Record<string, unknown> = { account_id: accountId, list_id: listId, created_at: now, updated_at: now };
      for (const f of CONTACT_FIELDS) contact[f] = values[v++];
      batch.contacts.push(contact as unknown as NewContact);
    }
    applied = chunk.upTo;
    if (applied - committed >= d.batchRows) await commit();
  };

  try {
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        record++;
        if (record <= committed || (record === 1 && plan.hasHeader) || isBlankRecord(cells)) continue;
        rows.push(cells);
        numbers.push(record);
        if (rows.length >= CHUNK_ROWS) {
          cut();
          if (inFlight.length >= CHUNKS_IN_FLIGHT) await apply(inFlight.shift()!);
        }
      }
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      // The rows before the broken one are kept; the message says where the file broke.
      cut();
      while (inFlight.length > 0) await apply(inFlight.shift()!);
      if (applied > committed) await commit();
      await settle();
      return `the file could not be read past row ${record}: ${err.message}`;
    }
    cut();
    while (inFlight.length > 0) await apply(inFlight.shift()!);
    if (applied > committed) await commit();
    await settle();
    return undefined;
  } finally {
    await inCommit?.catch(() => undefined);
    opened.stream.destroy();
    await pool.close();
  }
}

/** Writes the CSV of skipped rows, marks the job finished (Completed, or Failed with `error`), and drops the rows kept for it. */
async function finish(d: ImportJobDeps, job: JobRow, claim: ImportClaim, error: string | undefined): Promise<Outcome> {
  const now = await d.repo.find(Number(job.id));
  const skipped = Number(now?.rows_skipped ?? 0);
  const skippedFile = skipped > 0 ? await writeSkippedCsv(d.files, d.repo, Number(job.id), JSON.parse(job.field_order) as (string | null)[]) : null;
  const set = {
    skipped_file: skippedFile,
    finished_at: unixSeconds(d.clock),
    last_error: error ?? null,
    ...(now?.started_at == null ? { started_at: unixSeconds(d.clock) } : {}),
  };
  await d.repo.update(claim, set);
  await d.repo.deleteSkips(Number(job.id));
  return error === undefined ? { result: 'sent' } : { result: 'failed', error };
}
