import type { Config } from '../../config/index.js';
import type { AuthContext } from '../../core/auth/index.js';
import type { Db } from '../../core/db/index.js';
import type { PeriodicTask } from '../../core/dispatch/index.js';
import { ApiError } from '../../core/errors/index.js';
import { fileUrl, newFileName, sweepExpiredFiles, type FileStore } from '../../core/files/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { detect, imageInfo, isDocument, isImage, type FileKind } from './detect.js';
import { ImageConverter } from './convert/image-converter.js';
import { OfficeConverter } from './convert/office.js';
import { CsvUploads } from './convert/csv-upload.js';
import { checkPdf } from './convert/pdf-check.js';
import { MAX_UPLOAD_BYTES, megabytes, parseConvert, tooLarge } from './uploads.input.js';
import { UploadsRepository } from './uploads.repository.js';
import type { UploadRow } from './uploads.tables.js';

const ACCEPTED = 'PDF, DOC, DOCX, RTF, ODT, JPG, PNG, GIF and BMP';

export interface UploadRequest {
  readonly content: Buffer;
  readonly convertQuery: string | undefined;
  readonly convertBody: string | undefined;
}

/** POST /uploads: turns a file into a print-ready PDF in the FileStore, and deletes it UPLOAD_TTL later. */
export class UploadsService {
  readonly repo: UploadsRepository;
  readonly office: OfficeConverter;
  /** Image → PDF in worker threads (IMAGE_WORKERS), so a large PNG never blocks the event loop. */
  readonly images: ImageConverter;
  /** convert=csv: contact files (CSV as it is; spreadsheets through LibreOffice). */
  private readonly csv: CsvUploads;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly files: FileStore,
  ) {
    this.repo = new UploadsRepository(db);
    this.office = new OfficeConverter({
      sofficePath: config.uploads.sofficePath,
      timeoutMs: config.uploads.conversionTimeoutMs,
      concurrency: config.uploads.conversionConcurrency,
    });
    this.images = new ImageConverter({
      workers: config.uploads.imageWorkers,
      maxQueued: config.uploads.imageQueueMax,
      timeoutMs: config.uploads.imageTimeoutMs,
    });
    this.csv = new CsvUploads({ office: this.office, files, repo: this.repo, clock, ttlSeconds: config.uploads.ttlSeconds });
  }

  /** Ends the image threads (the app's onClose). */
  close(): Promise<void> {
    return this.images.close();
  }

  async upload(auth: AuthContext, req: UploadRequest) {
    const target = parseConvert(req.convertQuery, req.convertBody);
    if (target === 'csv') return this.present(await this.csv.upload(auth, req.content));
    // ClickSend puts no access flag on uploads. post and postcard conversions exist only to feed the post
    // endpoints, which need access_post, so we ask for it here too: a subaccount without it could not use
    // the PDF anyway, and it should not get the LibreOffice converter as a free service either.
    if (!auth.access.post) throw ApiError.forbidden(`convert=${target} needs access_post, which this subaccount does not have; ask the account owner to grant it.`);
    if (req.content.length > MAX_UPLOAD_BYTES) throw tooLarge(req.content.length);

    const found = detect(req.content);
    if (found.kind === 'unsupported') throw ApiError.badRequest(`convert=${target} accepts ${ACCEPTED} files; this file looks like ${found.looksLike}.`);
    const pdf = await this.toPdf(found.kind, req.content, target);
    if (pdf.length > MAX_UPLOAD_BYTES) {
      throw ApiError.badRequest(
        `The PDF made from this ${found.kind.toUpperCase()} is ${megabytes(pdf.length)}, over the 10 MB per file that post sends accept; reduce the size or resolution of its images and upload again.`,
      );
    }

    const fileName = newFileName('pdf');
    const now = unixSeconds(this.clock);
    await this.files.put(fileName, pdf);
    let row: UploadRow;
    try {
      row = await this.repo.insert({
        account_id: auth.accountId,
        subaccount_id: auth.subaccountId,
        file_name: fileName,
        convert_to: target,
        source_type: found.kind,
        source_bytes: req.content.length,
        stored_bytes: pdf.length,
        date_added: now,
        date_delete: now + this.config.uploads.ttlSeconds,
      });
    } catch (err) {
      await this.files.delete(fileName); // no row, so no sweeper would ever find it
      throw err;
    }
    return this.present(row);
  }

  private async toPdf(kind: FileKind, content: Buffer, target: 'post' | 'postcard'): Promise<Buffer> {
    if (kind === 'pdf') {
      await checkPdf(content);
      // A postcard's pages become A5 faces (an A4 page scales exactly); a file that already is one, or a letter, is kept byte for byte.
      if (target === 'postcard') return (await this.images.pdfToPostcard(content)) ?? content;
      return content;
    }
    if (isDocument(kind)) {
      const pdf = await this.office.toPdf(kind, content);
      return target === 'postcard' ? ((await this.images.pdfToPostcard(pdf)) ?? pdf) : pdf;
    }
    if (isImage(kind)) {
      const info = imageInfo(kind, content);
      if (!info) throw ApiError.badRequest(`The ${kind.toUpperCase()} image's header cannot be read; the file may be truncated or damaged.`);
      return this.images.toPdf(kind, content, info, target === 'postcard' ? 'postcard' : 'letter');
    }
    throw ApiError.badRequest(`convert=${target} accepts ${ACCEPTED} files.`);
  }

  present(row: UploadRow) {
    return {
      _url: fileUrl(this.config.publicUrl, row.file_name),
      date_added: Number(row.date_added),
      date_delete: Number(row.date_delete),
      file_name: row.file_name,
      upload_id: Number(row.id),
      user_id: Number(row.account_id),
    };
  }

  /** Deletes the uploads whose date_delete has come (see sweepExpiredFiles). */
  sweepExpired(): Promise<number> {
    return sweepExpiredFiles(this.repo, this.files, unixSeconds(this.clock));
  }

  /** The sweep as the dispatcher's periodic task: wherever a dispatcher runs, at its start and every UPLOAD_SWEEP_INTERVAL. */
  sweepTask(): PeriodicTask {
    return {
      name: 'uploads.sweep',
      intervalMs: this.config.uploads.sweepIntervalMs,
      run: async () => {
        const deleted = await this.sweepExpired();
        return deleted > 0 ? { expiredUploadsDeleted: deleted } : undefined;
      },
    };
  }
}
