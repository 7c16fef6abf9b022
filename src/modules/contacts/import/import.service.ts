import type { AuthContext } from '../../../core/auth/index.js';
import { newDispatchValues } from '../../../core/dispatch/index.js';
import { ApiError } from '../../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import { ENCODING_LABEL } from './csv-read.js';
import { IMPORT_FIELDS, resolveFieldOrder } from './import-fields.js';
import { headOf, missingFile, ownSource, readHead, type SourceDeps } from './import-source.js';
import { presentImport, type ImportStatus } from './import.present.js';
import type { ContactImportsRepository } from './import.repository.js';

export interface ImportServiceDeps extends SourceDeps {
  repo: ContactImportsRepository;
  clock: Clock;
  publicUrl: string;
}

export interface ImportRequest {
  file_url: string;
  field_order: string[];
  _has_header?: boolean;
}

/** Rows the preview shows in `_rows`. */
const PREVIEW_ROWS = 5;
const DELIMITER_LABEL: Record<string, string> = { ',': ',', ';': ';', '\t': '\\t' };

/** The rules of import-fields, import-csv-preview and import (the job itself is import.job.ts). */
export class ContactImportsService {
  constructor(private readonly d: ImportServiceDeps) {}

  async fields(auth: AuthContext, listId: number) {
    await this.list(auth, listId);
    return IMPORT_FIELDS;
  }

  /** The first row as documented, plus what was detected: the first rows, the column count, header, encoding, separator. */
  async preview(auth: AuthContext, listId: number, fileUrl: string, ownOrigin: string) {
    await this.list(auth, listId);
    const { head, whole } = await headOf(this.d, checkUrl(fileUrl), this.origins(ownOrigin));
    const found = await readHead(head, whole, PREVIEW_ROWS);
    return {
      row: found.rows[0] ?? [],
      _rows: found.rows,
      _columns: Math.max(0, ...found.rows.map((r) => r.length)),
      _has_header: found.hasHeader,
      _encoding: ENCODING_LABEL[found.encoding],
      _delimiter: DELIMITER_LABEL[found.delimiter]!,
    };
  }

  /** Queues the import; the answer is ClickSend's, with the new job's `_import`. */
  async queue(auth: AuthContext, listId: number, body: ImportRequest, ownOrigin: string) {
    await this.list(auth, listId);
    const fields = resolveFieldOrder(body.field_order, listId);
    const url = checkUrl(body.file_url);
    const own = ownSource(url, this.origins(ownOrigin));
    if (own !== undefined && !(await this.d.files.stat(own))) throw missingFile(own);
    const now = unixSeconds(this.d.clock);
    const row = await this.d.repo.create({
      ...newDispatchValues(now, now),
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      list_id: listId,
      file_url: url,
      field_order: JSON.stringify(fields),
      has_header: body._has_header === undefined ? null : body._has_header ? 1 : 0,
      encoding: null,
      delimiter: null,
      source_file: own ?? null,
      skipped_file: null,
      created_at: now,
      started_at: null,
      finished_at: null,
    });
    const id = String(row.id);
    // ClickSend answers an import with a queue receipt worded for messages ("Messages put on queue.").
    return { id, ids: [id], msg: 'Messages put on queue.', _import: presentImport(row, this.d.publicUrl) };
  }

  /** `_import` for list records: the latest import of each list that has one. */
  async latest(accountId: number, listIds: readonly number[]): Promise<Map<number, ImportStatus>> {
    const rows = await this.d.repo.latest(accountId, listIds);
    return new Map(rows.map((r) => [Number(r.list_id), presentImport(r, this.d.publicUrl)]));
  }

  private async list(auth: AuthContext, listId: number): Promise<void> {
    if (!(await this.d.repo.listOf(auth.accountId, listId))) throw ApiError.notFound(`List ${listId} not found.`);
  }

  private origins(ownOrigin: string): string[] {
    return [this.d.publicUrl, ownOrigin];
  }
}

/** An absolute http(s) URL, or a 400 naming file_url. */
function checkUrl(raw: string): string {
  const url = raw.trim();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw ApiError.badRequest(`file_url "${url.slice(0, 200)}" is not a valid absolute URL; upload the file with POST /uploads?convert=csv and send its _url.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw ApiError.badRequest(`file_url must be an http or https URL; got ${u.protocol.slice(0, -1)}.`);
  return url;
}
