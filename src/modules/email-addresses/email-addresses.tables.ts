import type { Generated, Insertable, Selectable } from 'kysely';

export interface EmailAddressesTable {
  id: Generated<number>;
  account_id: number;
  /** The key that added it; addresses belong to the account and every key with access_email sees them. */
  subaccount_id: number | null;
  /** As the user gave it (trimmed). */
  email_address: string;
  /** Lower-cased: one row per address per account whatever its case (unique with account_id). */
  email_key: string;
  verified: number;
  date_added: number;
  /**
   * The live verification token (one per address: a new one replaces it, a use or a delete voids it): its
   * hash only, when it expires, the guesses made against it, and the mints in the current window.
   */
  token_hash: string | null;
  token_expires_at: number | null;
  token_attempts: number;
  mint_window_start: number;
  mint_count: number;
}

export type EmailAddressRow = Selectable<EmailAddressesTable>;
export type NewEmailAddress = Insertable<EmailAddressesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    email_addresses: EmailAddressesTable;
  }
}
