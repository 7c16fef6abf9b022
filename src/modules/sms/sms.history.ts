import type { AuthContext } from '../../core/auth/index.js';
import { fileUrl, newFileName, writeCsv, type FileStore } from '../../core/files/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { EXPORT_COLUMNS, exportRow, presentHistory } from './sms.presenter.js';
import { historyFilter, type HistoryQuery } from './sms.query.js';
import type { SmsRepository } from './sms.repository.js';

/** GET /sms/history and its CSV export. */
export class SmsHistoryService {
  constructor(
    private readonly repo: SmsRepository,
    private readonly files: FileStore,
    private readonly publicUrl: string,
  ) {}

  async list(auth: AuthContext, query: HistoryQuery, page: PageRequest) {
    const filter = historyFilter(auth.accountId, query);
    const [total, rows] = await Promise.all([this.repo.countHistory(filter), this.repo.listHistory(filter, page.limit, page.offset)]);
    return { total, items: rows.map(presentHistory) };
  }

  /**
   * Writes every record of the query (newest first) to a CSV in the file store and gives its URL.
   * Rows stream from keyset batches into the file, so a million records never sit in memory.
   */
  async export(auth: AuthContext, query: HistoryQuery & { filename: string }) {
    const filter = historyFilter(auth.accountId, query);
    const repo = this.repo;
    async function* rows() {
      for await (const batch of repo.historyBatches(filter)) for (const row of batch) yield exportRow(row);
    }
    const name = newFileName('csv');
    await writeCsv(this.files, name, EXPORT_COLUMNS as string[], rows());
    // The URL shape ClickSend documents: <host>/files/<GUID>?filename=<what the caller asked for>.
    return { url: fileUrl(this.publicUrl, name, { filename: query.filename }) };
  }
}
