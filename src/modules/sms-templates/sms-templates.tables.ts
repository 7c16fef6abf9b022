import type { Generated, Insertable, Selectable } from 'kysely';

export interface SmsTemplatesTable {
  id: Generated<number>;
  account_id: number;
  /** The key that created it; templates belong to the account and every key with access_sms sees them. */
  subaccount_id: number | null;
  template_name: string;
  body: string;
  created_at: number;
  updated_at: number;
}

export type SmsTemplateRow = Selectable<SmsTemplatesTable>;
export type NewSmsTemplate = Insertable<SmsTemplatesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    sms_templates: SmsTemplatesTable;
  }
}
