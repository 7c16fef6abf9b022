import type { Config } from '../../config/index.js';
import type { AuthContext } from '../../core/auth/index.js';
import { ApiError, badHttpUrl, notFoundById } from '../../core/errors/index.js';
import { FetchError, fetchErrorToApiError, type SafeFetcher } from '../../core/fetch/index.js';
import { contentTypeOf, fileUrl, newFileName, type FileStore } from '../../core/files/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { detect } from '../uploads/index.js';
import type { EmailTemplatesRepository } from './email-templates.repository.js';

const IMAGE_KINDS = new Set(['jpg', 'png', 'gif', 'bmp']);

/** Where the image comes from: bytes in the request (field `image`), or a URL to fetch (field `url`). */
export type ImageSource = { kind: 'bytes'; content: Buffer } | { kind: 'url'; url: string };

/**
 * Images for user templates (POST /email/templates-images/{id}): only real images (magic bytes, whatever the name or
 * declared type), at most EMAIL_TEMPLATE_IMAGE_MAX_BYTES, kept in the FileStore with an unguessable name and served by
 * GET /files/<name> (an <img> in a mail needs no credentials). They outlive the template: mails already sent show them.
 */
export class TemplateImages {
  constructor(
    private readonly deps: {
      repo: EmailTemplatesRepository;
      files: FileStore;
      fetcher: SafeFetcher;
      clock: Clock;
      config: Pick<Config, 'publicUrl' | 'emailTemplates'>;
    },
  ) {}

  get maxBytes() {
    return this.deps.config.emailTemplates.maxImageBytes;
  }

  tooLarge(field: string, bytes?: number) {
    const size = bytes === undefined ? 'larger than' : `${bytes} bytes, over`;
    return new ApiError('PAYLOAD_TOO_LARGE', `${field} is ${size} the limit of ${this.maxBytes} bytes (EMAIL_TEMPLATE_IMAGE_MAX_BYTES).`);
  }

  async upload(auth: AuthContext, templateId: number, source: ImageSource): Promise<string> {
    // The template is checked first: another account's id is a 404 before any byte is fetched.
    if (!(await this.deps.repo.exists(auth.accountId, templateId))) throw notFoundById('Email template', templateId);
    const field = source.kind === 'bytes' ? 'image' : 'url';
    const content = source.kind === 'bytes' ? source.content : await this.fetch(source.url);
    if (content.length > this.maxBytes) throw this.tooLarge(field, content.length);
    const found = detect(content);
    if (!IMAGE_KINDS.has(found.kind)) {
      const looks = found.kind === 'unsupported' ? found.looksLike : `a ${found.kind.toUpperCase()} file`;
      throw ApiError.badRequest(`${field} is not a JPG, PNG, GIF or BMP image: it looks like ${looks}.`);
    }
    const name = newFileName(found.kind);
    await this.deps.files.put(name, content);
    await this.deps.repo.insertImage({
      account_id: auth.accountId,
      template_id: templateId,
      file_name: name,
      content_type: contentTypeOf(name),
      size_bytes: content.length,
      created_at: unixSeconds(this.deps.clock),
    });
    return fileUrl(this.deps.config.publicUrl, name);
  }

  private async fetch(url: string): Promise<Buffer> {
    if (!/^https?:\/\//i.test(url)) throw badHttpUrl('url', url);
    try {
      return (await this.deps.fetcher.fetch(url, { maxBytes: this.maxBytes, accept: 'image/*' })).body;
    } catch (err) {
      if (err instanceof FetchError) throw fetchErrorToApiError(err, 'url');
      throw err;
    }
  }
}
