import type { Generated, Insertable, Selectable } from 'kysely';

export interface EmailSmsAddressesTable {
  id: Generated<number>;
  account_id: number;
  /** The subaccount usage is attributed to (the SMS is sent as it); null: the account's main credentials. */
  subaccount_id: number | null;
  /** Stored lower case: mail addresses are matched case-insensitively. */
  email_address: string;
  /** The sender id of the SMS made from this address's mail (`from` in the API). */
  from_sender: string;
  created_at: number;
  updated_at: number;
}

export interface EmailSmsStrippedStringsTable {
  id: Generated<number>;
  account_id: number;
  strip_string: string;
  created_at: number;
  updated_at: number;
}

/** Message-IDs already turned into SMS, per account (a retry after a lost 250 sends nothing twice). */
export interface EmailSmsReceivedTable {
  account_id: number;
  message_key: string;
  created_at: number;
}

export type EmailSmsAddressRow = Selectable<EmailSmsAddressesTable>;
export type NewEmailSmsAddress = Insertable<EmailSmsAddressesTable>;
export type StrippedStringRow = Selectable<EmailSmsStrippedStringsTable>;

declare module '../../core/db/types.js' {
  interface Database {
    email_sms_addresses: EmailSmsAddressesTable;
    email_sms_stripped_strings: EmailSmsStrippedStringsTable;
    email_sms_received: EmailSmsReceivedTable;
  }
}
