import type { AuthContext } from '../../core/auth/index.js';
import { fileUrl, newFileName, writeCsv, type FileStore } from '../../core/files/index.js';
import { CONTACT_FIELDS } from './contact-fields.js';
import type { ContactsRepository } from './contacts.repository.js';
import type { ListsService } from './lists.service.js';

/** The export's columns: the contact fields in import order (so an export imports back as it is), then its ids and times. */
export const EXPORT_COLUMNS = [...CONTACT_FIELDS, 'contact_id', 'list_id', 'date_added', 'date_updated'] as const;

/** Rows read per query: big enough that the query cost is small beside the CSV writing. */
const BATCH = 5000;

/** GET /lists/{id}/export: every contact of the list as a CSV in the file store. */
export class ContactsExport {
  constructor(
    private readonly repo: ContactsRepository,
    private readonly lists: ListsService,
    private readonly files: FileStore,
    private readonly publicUrl: string,
  ) {}

  /**
   * Streams the list into a CSV (keyset batches in contact_id order: the list never sits in memory; each batch
   * is a separate query, so the event loop serves others between them), cells through the formula neutraliser.
   */
  async export(auth: AuthContext, listId: number, filename: string): Promise<{ url: string }> {
    const list = await this.lists.mustFind(auth.accountId, listId);
    const repo = this.repo;
    async function* rows() {
      let after = 0;
      for (;;) {
        const batch = await repo.keysetPage(Number(list.id), after, BATCH);
        for (const c of batch) {
          yield [...CONTACT_FIELDS.map((f) => c[f]), Number(c.id), Number(c.list_id), Number(c.created_at), Number(c.updated_at)];
        }
        if (batch.length < BATCH) return;
        after = Number(batch[batch.length - 1]!.id);
      }
    }
    const name = newFileName('csv');
    await writeCsv(this.files, name, EXPORT_COLUMNS, rows());
    // The URL shape ClickSend documents: <host>/files/<GUID>?filename=<what the caller asked for>.
    return { url: fileUrl(this.publicUrl, name, { filename }) };
  }
}
