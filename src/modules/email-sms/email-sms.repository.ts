import type { Transaction } from 'kysely';
import type { Database, Db } from '../../core/db/index.js';
import { searchPage, type Search } from '../../core/search/index.js';
import type { EmailSmsAddressRow, NewEmailSmsAddress, StrippedStringRow } from './email-sms.tables.js';
import './email-sms.tables.js';

/** At most this many stripped strings are applied to one mail (the oldest first): a bound on the work per mail. */
export const MAX_STRIPPED_STRINGS_APPLIED = 1000;

/** Email-to-SMS SQL, scoped by account except the listener's look-up of an address across accounts. */
export class EmailSmsRepository {
  constructor(private readonly db: Db) {}

  pageAddresses(accountId: number, search: Search, limit: number, offset: number) {
    return searchPage<EmailSmsAddressRow>(() => this.db.selectFrom('email_sms_addresses').where('account_id', '=', accountId), search, limit, offset);
  }

  findAddress(accountId: number, id: number): Promise<EmailSmsAddressRow | undefined> {
    return this.db.selectFrom('email_sms_addresses').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  insertAddress(values: NewEmailSmsAddress): Promise<EmailSmsAddressRow> {
    return this.db.insertInto('email_sms_addresses').values(values).returningAll().executeTakeFirstOrThrow();
  }

  updateAddress(accountId: number, id: number, changes: Partial<Pick<EmailSmsAddressRow, 'email_address' | 'from_sender' | 'subaccount_id' | 'updated_at'>>) {
    return this.db.updateTable('email_sms_addresses').set(changes).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async deleteAddress(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('email_sms_addresses').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The rows allowing `email` in any account; two are enough to know it is ambiguous. */
  addressesAnywhere(email: string): Promise<EmailSmsAddressRow[]> {
    return this.db.selectFrom('email_sms_addresses').selectAll().where('email_address', '=', email).orderBy('id').limit(2).execute();
  }

  addressInAccount(accountId: number, email: string): Promise<EmailSmsAddressRow | undefined> {
    return this.db.selectFrom('email_sms_addresses').selectAll().where('account_id', '=', accountId).where('email_address', '=', email).executeTakeFirst();
  }

  pageStrings(accountId: number, search: Search, limit: number, offset: number) {
    return searchPage<StrippedStringRow>(() => this.db.selectFrom('email_sms_stripped_strings').where('account_id', '=', accountId), search, limit, offset);
  }

  findString(accountId: number, id: number): Promise<StrippedStringRow | undefined> {
    return this.db.selectFrom('email_sms_stripped_strings').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  }

  insertString(accountId: number, strip: string, now: number): Promise<StrippedStringRow> {
    return this.db.insertInto('email_sms_stripped_strings').values({ account_id: accountId, strip_string: strip, created_at: now, updated_at: now }).returningAll().executeTakeFirstOrThrow();
  }

  updateString(accountId: number, id: number, strip: string, now: number): Promise<StrippedStringRow | undefined> {
    return this.db.updateTable('email_sms_stripped_strings').set({ strip_string: strip, updated_at: now }).where('account_id', '=', accountId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  async deleteString(accountId: number, id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('email_sms_stripped_strings').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async stringsToStrip(accountId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('email_sms_stripped_strings').select('strip_string').where('account_id', '=', accountId).orderBy('id').limit(MAX_STRIPPED_STRINGS_APPLIED).execute();
    return rows.map((r) => r.strip_string);
  }

  /** Records a Message-ID inside the send's transaction; false when the account already turned it into SMS. */
  async markReceived(trx: Transaction<Database>, accountId: number, messageKey: string, now: number): Promise<boolean> {
    const r = await trx
      .insertInto('email_sms_received')
      .values({ account_id: accountId, message_key: messageKey, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Forgets Message-IDs older than `before` (unix seconds): a retry comes within minutes, not days. */
  async pruneReceived(before: number): Promise<number> {
    const r = await this.db.deleteFrom('email_sms_received').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
