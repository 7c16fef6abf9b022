import { Type, type Static } from '@sinclair/typebox';

export const CONVERT_VALUES = ['post', 'postcard', 'fax', 'mms', 'csv'] as const;

const Convert = Type.String({
  maxLength: 40,
  description:
    'post (letters: A4) or postcard (A5) give a PDF; csv gives a CSV for contact imports (from CSV, XLS, XLSX or ODS). fax and mms are ClickSend values for channels this server does not offer yet (400).',
});

export const UploadQuery = Type.Object({ convert: Type.Optional(Convert) });

export const UploadJsonBody = Type.Object(
  {
    content: Type.String({ description: 'The file, base64-encoded (at most 10 MB once decoded).' }),
    // ClickSend documents convert in the query; JSON callers may also put it in the body.
    convert: Type.Optional(Convert),
  },
  { description: 'JSON upload. Alternatively send multipart/form-data with one file part (convert in the query).' },
);
export type UploadJsonBody = Static<typeof UploadJsonBody>;

export const UploadMultipartBody = Type.Object(
  {
    file: Type.String({ format: 'binary', description: 'The file (at most 10 MB). Any part name is accepted; exactly one file part.' }),
    convert: Type.Optional(Convert),
  },
  { description: 'multipart/form-data upload.' },
);

export const UploadRecord = Type.Object({
  _url: Type.String({ description: 'Public URL of the stored PDF: pass it to the post send endpoints.' }),
  date_added: Type.Integer({ description: 'Unix time.' }),
  date_delete: Type.Integer({ description: 'Unix time after which the file is deleted (UPLOAD_TTL after date_added).' }),
  file_name: Type.String(),
  upload_id: Type.Integer(),
  user_id: Type.Integer(),
});
