import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CsvError } from 'csv-parse';
import { PermanentFailure, type DispatchQueue, type DispatchRow, type HandlerContext, type Outcome } from '../../../core/dispatch/index.js';
import { newFileName } from '../../../core/files/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import { ApiError } from '../../../core/errors/index.js';
import { normaliseContact, type ContactField, type ContactInput } from '../contact-fields.js';
import type { NewContact } from '../contacts.tables.js';
import { isBlankRecord, parseStream, type CsvDelimiter, type CsvEncoding } from './csv-read.js';
import { fetchRemote, ownSource, readHead, storedHead, type SourceDeps } from './import-source.js';
import { ContactImportsRepository, type ImportBatch, type ImportClaim } from './import.repository.js';
import { writeSkippedCsv } from './import.skips.js';
import type { ContactImportRow } from './import.tables.js';

export interface ImportJobDeps extends SourceDeps {
  repo: ContactImportsRepository;
  clock: Clock;
  /** PUBLIC_URL: its /files/ URLs are read from the FileStore. */
  publicUrl: string;
  /** Records per committed batch (CONTACT_IMPORT_BATCH). */
  batchRows: number;
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

/** Streams the records after the committed ones into batches. A parse error ends the job: its message is returned. */
async function importRows(d: ImportJobDeps, job: JobRow, claim: ImportClaim, source: string, plan: Plan): Promise<string | undefined> {
  const opened = await d.files.stream(source);
  if (!opened) throw new PermanentFailure(`the file ${source} no longer exists (uploads are deleted after UPLOAD_TTL)`);
  const parser = parseStream(opened.stream, plan.encoding, plan.delimiter);
  const accountId = Number(job.account_id);
  const listId = Number(job.list_id);
  const importId = Number(job.id);
  let committed = Number(job.rows_consumed);
  let record = 0;
  let batch: ImportBatch = { contacts: [], skips: [], consumedBefore: committed, consumedAfter: committed };
  const flush = async () => {
    await d.repo.commit(claim, { ...batch, consumedAfter: record });
    committed = record;
    batch = { contacts: [], skips: [], consumedBefore: committed, consumedAfter: committed };
    // SQLite answers synchronously: let the API, the lease heartbeat and other queues run between batches.
    await yieldToLoop();
  };
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      record++;
      if (record <= committed || (record === 1 && plan.hasHeader) || isBlankRecord(cells)) continue;
      const input: ContactInput = {};
      for (let i = 0; i < plan.fields.length; i++) {
        const field = plan.fields[i];
        if (field) input[field] = cells[i];
      }
      const checked = normaliseContact(input, { accountCountry: plan.country });
      const now = unixSeconds(d.clock);
      if (checked.ok) batch.contacts.push({ ...checked.fields, account_id: accountId, list_id: listId, created_at: now, updated_at: now });
      else batch.skips.push({ import_id: importId, row_number: record, reason: checked.message, cells: JSON.stringify(cells) });
      if (record - committed >= d.batchRows) await flush();
    }
    if (record > committed) await flush();
    return undefined;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // The rows before the broken one are kept; the message says where the file broke.
    if (record > committed) await flush();
    return `the file could not be read past row ${record}: ${err.message}`;
  } finally {
    opened.stream.destroy();
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
