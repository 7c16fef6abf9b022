import { Type } from '@sinclair/typebox';
import { authOf } from '../../../core/auth/index.js';
import { EnvelopeOf, ErrorEnvelope, ok, type App } from '../../../core/http/index.js';
import { ImportStatus } from './import.present.js';
import type { ContactImportsService } from './import.service.js';

const errors = { '4xx': ErrorEnvelope };
const ListParams = Type.Object({ list_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const FileUrl = Type.String({ minLength: 1, maxLength: 2000, description: 'URL of the CSV: an _url from POST /uploads?convert=csv, or any http(s) URL.' });

const PreviewBody = Type.Object({ file_url: FileUrl });
const PreviewRecord = Type.Object({
  row: Type.Array(Type.String(), { description: 'The first row of the file.' }),
  _rows: Type.Array(Type.Array(Type.String()), { description: 'The first rows (at most 5), blank lines left out.' }),
  _columns: Type.Integer({ description: 'Columns in the widest of those rows.' }),
  _has_header: Type.Boolean({ description: 'Whether the first row looks like column titles (the import then skips it).' }),
  _encoding: Type.String({ description: 'UTF-8, UTF-16LE, UTF-16BE or Windows-1252.' }),
  _delimiter: Type.String({ description: 'The separator detected: "," ";" or "\\t".' }),
});

const ImportBody = Type.Object({
  file_url: FileUrl,
  field_order: Type.Array(Type.String({ maxLength: 60 }), {
    minItems: 1,
    maxItems: 200,
    description: 'The contact field of each column, in order (see import-fields); "" ignores a column.',
  }),
  _has_header: Type.Optional(Type.Boolean({ description: 'Whether the first row is a header; detected when absent.' })),
});
const ImportRecord = Type.Object({ id: Type.String(), ids: Type.Array(Type.String()), msg: Type.String(), _import: ImportStatus });
const FieldRecord = Type.Object({ field: Type.String(), label: Type.String(), _contact_field: Type.String() });

const originOf = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;

/** import-fields, import-csv-preview and import under /lists/{list_id}: access_contacts, the account's own lists only. */
export function contactImportRoutes(app: App, deps: { imports: ContactImportsService }) {
  const { imports } = deps;
  const tags = ['Contact Lists'];
  const config = { access: 'contacts' as const };

  app.get(
    '/lists/:list_id/import-fields',
    {
      config,
      schema: { operationId: 'lists.import.fields', tags, summary: 'Get list of acceptable import fields', params: ListParams, response: { 200: EnvelopeOf(Type.Array(FieldRecord)), ...errors } },
    },
    async (req) => ok(await imports.fields(authOf(req), req.params.list_id), 'List of acceptable import fields.'),
  );

  app.post(
    '/lists/:list_id/import-csv-preview',
    {
      config,
      schema: { operationId: 'lists.import.preview', tags, summary: 'Show CSV import file preview', params: ListParams, body: PreviewBody, response: { 200: EnvelopeOf(PreviewRecord), ...errors } },
    },
    async (req) => ok(await imports.preview(authOf(req), req.params.list_id, req.body.file_url, originOf(req)), 'Your file preview.'),
  );

  app.post(
    '/lists/:list_id/import',
    {
      config,
      schema: { operationId: 'lists.import', tags, summary: 'Import contacts to list', params: ListParams, body: ImportBody, response: { 200: EnvelopeOf(ImportRecord), ...errors } },
    },
    async (req) => ok(await imports.queue(authOf(req), req.params.list_id, req.body, originOf(req)), 'Your file is now queued.'),
  );
}
