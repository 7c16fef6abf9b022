import type { Generated, Insertable, Selectable } from 'kysely';

export interface EmailTemplatesTable {
  id: Generated<number>;
  account_id: number;
  /** The key that created it; templates belong to the account and every key with access_email sees them. */
  subaccount_id: number | null;
  template_id_master: number;
  template_name: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** An image uploaded for a user template (the bytes are a file in the FileStore). */
export interface EmailTemplateImagesTable {
  id: Generated<number>;
  account_id: number;
  template_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: number;
}

export type EmailTemplateRow = Selectable<EmailTemplatesTable>;
export type NewEmailTemplate = Insertable<EmailTemplatesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    email_templates: EmailTemplatesTable;
    email_template_images: EmailTemplateImagesTable;
  }
}
