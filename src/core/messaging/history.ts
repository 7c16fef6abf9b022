import type { AuthContext } from '../auth/index.js';
import { fileUrl, newFileName, writeCsv, type FileStore } from '../files/index.js';
import type { PageRequest } from '../pagination/index.js';
import type { HistoryPlan, MessageColumns, MessageStore } from './store.js';

/**
 * What a channel gives its history: the filter it builds from its own query (q=, dates, order: the
 * channel's whitelist of fields, scoped to the account), and how a row reads as a record and a CSV line.
 */
export interface HistoryChannel<Q, Row, Item> {
  plan(accountId: number, query: Q): HistoryPlan;
  present(row: Row): Item;
  readonly exportColumns: readonly string[];
  exportRow(row: Row): unknown[];
}

/** GET …/history and …/history/export for any message channel. */
export class MessageHistory<Q, Row extends MessageColumns, Item> {
  constructor(
    private readonly store: MessageStore<Row>,
    private readonly files: FileStore,
    private readonly publicUrl: string,
    private readonly channel: HistoryChannel<Q, Row, Item>,
  ) {}

  async list(auth: AuthContext, query: Q, page: PageRequest): Promise<{ total: number; items: Item[] }> {
    const plan = this.channel.plan(auth.accountId, query);
    const [total, rows] = await Promise.all([this.store.count(plan), this.store.list(plan, page.limit, page.offset)]);
    return { total, items: rows.map((r) => this.channel.present(r)) };
  }

  /**
   * Writes every record of the query (newest first) to a CSV in the file store and gives its URL.
   * Rows stream from keyset batches into the file, so a million records never sit in memory.
   */
  async export(auth: AuthContext, query: Q & { filename: string }): Promise<{ url: string }> {
    const plan = this.channel.plan(auth.accountId, query);
    const { store, channel } = this;
    async function* rows() {
      for await (const batch of store.batches(plan)) for (const row of batch) yield channel.exportRow(row);
    }
    const name = newFileName('csv');
    await writeCsv(this.files, name, channel.exportColumns as string[], rows());
    // The URL shape ClickSend documents: <host>/files/<GUID>?filename=<what the caller asked for>.
    return { url: fileUrl(this.publicUrl, name, { filename: query.filename }) };
  }
}
