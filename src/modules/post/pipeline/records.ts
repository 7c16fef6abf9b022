import type { Selectable } from 'kysely';
import { ApiError } from '../../../core/errors/index.js';
import type { PageRequest } from '../../../core/pagination/index.js';
import { exportCsv } from './present.js';
import type { SearchParams } from '../../../core/search/index.js';
import type { DateRange, PostItemsRepository } from './repository.js';
import type { PostDeps } from './send.js';
import type { PostItemColumns } from './tables.js';

/** How one post product (postcard, letter) names and prints its stored items. */
export interface PostItemKind<Row extends Selectable<PostItemColumns>, Record> {
  /** "Postcard" / "Letter", for messages. */
  readonly noun: string;
  present(row: Row, publicUrl: string): Record;
  exportRow(row: Row): readonly unknown[];
  readonly exportColumns: readonly string[];
}

/** History, export and cancel of stored post items: the same for every post product. */
export class PostItemRecords<Row extends Selectable<PostItemColumns>, Record> {
  constructor(
    private readonly deps: PostDeps,
    private readonly repo: PostItemsRepository<Row>,
    private readonly kind: PostItemKind<Row, Record>,
  ) {}

  async history(accountId: number, page: PageRequest, range: DateRange) {
    const { rows, total } = await this.repo.page(accountId, range, page.limit, page.offset);
    return { items: rows.map((r) => this.kind.present(r, this.deps.config.publicUrl)), total };
  }

  /** Streams every matching item into a CSV file (keyset batches), so exports never load all rows. */
  async exportHistory(accountId: number, filename: string, range: DateRange & SearchParams) {
    const { kind } = this;
    // Started here, not inside the generator: a bad q= is refused before any file is written.
    const items = this.repo.iterate(accountId, range);
    async function* rows() {
      for await (const row of items) yield kind.exportRow(row);
    }
    return exportCsv(this.deps.files, this.deps.config.publicUrl, filename, kind.exportColumns, rows());
  }

  /** Beyond ClickSend: cancels an item not yet handed to print, and refunds it. */
  async cancel(accountId: number, messageId: string) {
    const noun = this.kind.noun;
    const r = await this.repo.cancelAndRefund(accountId, messageId.toUpperCase(), this.deps.ledger, `Refund: cancelled ${noun.toLowerCase()}`);
    if (r.outcome === 'not-found') throw ApiError.notFound(`${noun} ${messageId} not found.`);
    if (r.outcome === 'too-late') {
      throw ApiError.badRequest(`${noun} ${r.row.message_id} cannot be cancelled: it is ${r.row.status}; only Scheduled or Queued ${noun.toLowerCase()}s can be.`);
    }
    return this.kind.present(r.row, this.deps.config.publicUrl);
  }
}
