import { sql, type Kysely } from 'kysely';

/**
 * One live token per subaccount and purpose, and a count of the guesses made against it. The partial
 * unique index makes "one live token" a fact of the database, so two processes minting at once cannot
 * both leave a token behind; used_at also marks tokens voided by a newer one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('account_tokens')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Before the index: of the unused tokens a subaccount may hold per purpose, only the newest stays live.
  await sql`
    update account_tokens set used_at = created_at
    where used_at is null
      and id < (select max(t.id) from account_tokens t
                where t.subaccount_id = account_tokens.subaccount_id and t.purpose = account_tokens.purpose and t.used_at is null)
  `.execute(db);
  await db.schema.createIndex('account_tokens_one_live_idx').on('account_tokens').columns(['subaccount_id', 'purpose']).unique().where(sql.ref('used_at'), 'is', null).execute();
  // Minting limits count a subaccount's recent tokens.
  await db.schema.createIndex('account_tokens_minted_idx').on('account_tokens').columns(['subaccount_id', 'purpose', 'created_at']).execute();
}

export async function down(): Promise<void> {
  // Forward-only migrations.
}
