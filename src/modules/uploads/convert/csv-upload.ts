import type { AuthContext } from '../../../core/auth/index.js';
import { ApiError } from '../../../core/errors/index.js';
import { newFileName, type FileStore } from '../../../core/files/index.js';
import { unixSeconds, type Clock } from '../../../core/util/clock.js';
import { detect } from '../detect.js';
import type { UploadsRepository } from '../uploads.repository.js';
import type { UploadRow } from '../uploads.tables.js';
import type { OfficeConverter } from './office.js';
import { detectCsvSource } from './sheet.js';

/**
 * POST /uploads?convert=csv: a contact file for POST /lists/{id}/import. A CSV is stored byte for byte (the import
 * detects its encoding, separator and header); XLS, XLSX and ODS become the CSV of their first sheet through the
 * same LibreOffice that converts documents. The answer is the stored CSV's URL, as for the other conversions.
 */
export class CsvUploads {
  constructor(
    private readonly d: {
      office: OfficeConverter;
      files: FileStore;
      repo: UploadsRepository;
      clock: Clock;
      ttlSeconds: number;
    },
  ) {}

  async upload(auth: AuthContext, content: Buffer): Promise<UploadRow> {
    // A CSV exists only to be imported into a contact list, which needs access_contacts (as post PDFs need access_post).
    if (!auth.access.contacts) throw ApiError.forbidden('convert=csv needs access_contacts, which this subaccount does not have; ask the account owner to grant it.');
    const kind = detectCsvSource(content);
    if (!kind) {
      const found = detect(content);
      const looksLike = found.kind === 'unsupported' ? found.looksLike : `a ${found.kind.toUpperCase()} file`;
      throw ApiError.badRequest(`convert=csv accepts CSV, XLS, XLSX and ODS files; this file looks like ${looksLike}.`);
    }
    const csv = kind === 'csv' ? content : await this.d.office.toCsv(kind, content);
    const fileName = newFileName('csv');
    const now = unixSeconds(this.d.clock);
    await this.d.files.put(fileName, csv);
    try {
      return await this.d.repo.insert({
        account_id: auth.accountId,
        subaccount_id: auth.subaccountId,
        file_name: fileName,
        convert_to: 'csv',
        source_type: kind,
        source_bytes: content.length,
        stored_bytes: csv.length,
        date_added: now,
        date_delete: now + this.d.ttlSeconds,
      });
    } catch (err) {
      await this.d.files.delete(fileName); // no row, so no sweeper would ever find it
      throw err;
    }
  }
}
