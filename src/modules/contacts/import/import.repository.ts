import { CompiledQuery, sql, type Insertable, type Transaction, type UpdateObject } from 'kysely';
import { isPostgres, type Database, type Db } from '../../../core/db/index.js';
import { DispatchStatus } from '../../../core/dispatch/index.js';
import { CONTACT_FIELDS } from '../contact-fields.js';
import type { NewContact } from '../contacts.tables.js';
import type { ContactImportRow, ContactImportSkipsTable, ContactImportsTable } from './import.tables.js';
import '../contacts.tables.js';
import './import.tables.js';

/** The claim a job runs under: every write of the job is fenced on it, so a dispatcher that lost its lease writes nothing. */
export interface ImportClaim {
  readonly id: number;
  readonly dispatcherId: string;
  readonly attempts: number;
}

/** One committed step of a job: the contacts and skipped rows of the records consumed since the last step. */
export interface ImportBatch {
  readonly contacts: NewContact[];
  readonly skips: Insertable<ContactImportSkipsTable>[];
  /** rows_consumed before this batch (what the job read from its row) and after it. */
  readonly consumedBefore: number;
  readonly consumedAfter: number;
}

/** Rows per INSERT: 20 columns × 1000 stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 1000;

/** The columns an import writes, in the order of insertSql's placeholders. */
const CONTACT_COLUMNS = ['account_id', 'list_id', ...CONTACT_FIELDS, 'created_at', 'updated_at'] as const;

/**
 * PostgreSQL: one array per column, unnested into rows. A VALUES list of 20,000 parameters is parsed, bound and planned
 * value by value, which measured slower than the insert itself; twenty arrays are one parameter each.
 */
const PG_INSERT = `insert into contacts (${CONTACT_COLUMNS.join(',')}) select * from unnest(${CONTACT_COLUMNS.map(
  (c, i) => `$${i + 1}::${c === 'account_id' || c === 'list_id' || c === 'created_at' || c === 'updated_at' ? 'bigint' : 'text'}[]`,
).join(',')})`;

function contactColumns(rows: readonly NewContact[]): unknown[][] {
  return CONTACT_COLUMNS.map((c) => rows.map((r) => r[c] ?? null));
}

function contactParams(rows: readonly NewContact[]): unknown[] {
  const out: unknown[] = [];
  for (const r of rows) for (const c of CONTACT_COLUMNS) out.push(r[c] ?? null);
  return out;
}

export class LostClaimError extends Error {
  override name = 'LostClaimError';
}

/** SQL of contact imports: lists they target, the job rows, their batches and skipped rows. */
export class ContactImportsRepository {
  private readonly insertTexts = new Map<number, string>();

  constructor(private readonly db: Db) {}

  /** The list, if it is this account's. */
  listOf(accountId: number, listId: number): Promise<{ id: number } | undefined> {
    return this.db.selectFrom('contact_lists').select('id').where('id', '=', listId).where('account_id', '=', accountId).executeTakeFirst();
  }

  /** The account's country: local numbers in an import are read in it (as the contacts API reads them). */
  async accountCountry(accountId: number): Promise<string> {
    const row = await this.db.selectFrom('accounts').select('country').where('id', '=', accountId).executeTakeFirst();
    return row?.country ?? 'US';
  }

  async create(values: Insertable<ContactImportsTable>): Promise<ContactImportRow> {
    return this.db.insertInto('contact_imports').values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(id: number): Promise<ContactImportRow | undefined> {
    return this.db.selectFrom('contact_imports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Sets columns of a job this claim still holds; LostClaimError when it does not (another dispatcher took it over). */
  async update(claim: ImportClaim, values: UpdateObject<Database, 'contact_imports'>, exec: Db | Transaction<Database> = this.db, consumedBefore?: number): Promise<void> {
    let q = exec
      .updateTable('contact_imports')
      .set(values)
      .where('id', '=', claim.id)
      .where('claimed_by', '=', claim.dispatcherId)
      .where('attempts', '=', claim.attempts)
      .where('status', '=', DispatchStatus.Processing);
    if (consumedBefore !== undefined) q = q.where('rows_consumed', '=', consumedBefore);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new LostClaimError(`contact import ${claim.id}: the claim was lost; the dispatcher holding it now resumes the job`);
  }

  /**
   * One batch in one transaction: its contacts, its skipped rows and the job's progress. The progress update is fenced
   * on the claim and on rows_consumed as this job last read it, so a batch is committed once or not at all.
   */
  async commit(claim: ImportClaim, batch: ImportBatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (isPostgres(this.db) && batch.contacts.length > 0) {
        await trx.executeQuery(CompiledQuery.raw(PG_INSERT, contactColumns(batch.contacts)));
      } else {
        for (let i = 0; i < batch.contacts.length; i += INSERT_CHUNK) {
          const chunk = batch.contacts.slice(i, i + INSERT_CHUNK);
          await trx.executeQuery(CompiledQuery.raw(this.insertSql(chunk.length), contactParams(chunk)));
        }
      }
      for (let i = 0; i < batch.skips.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('contact_import_skips')
          .values(batch.skips.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      await this.update(
        claim,
        {
          rows_consumed: batch.consumedAfter,
          rows_imported: sql<number>`rows_imported + ${batch.contacts.length}`,
          rows_skipped: sql<number>`rows_skipped + ${batch.skips.length}`,
        },
        trx,
        batch.consumedBefore,
      );
    });
  }

  /**
   * SQLite: the INSERT of n contacts, written once per n: Kysely would build and compile a 20,000-value query tree for every
   * batch, which cost more than the insert itself. Full batches share one text, so SQLite's statement cache holds it.
   */
  private insertSql(n: number): string {
    let text = this.insertTexts.get(n);
    if (!text) {
      const row = () => `(${CONTACT_COLUMNS.map(() => '?').join(',')})`;
      text = `insert into contacts (${CONTACT_COLUMNS.join(',')}) values ${Array.from({ length: n }, row).join(',')}`;
      if (this.insertTexts.size > 8) this.insertTexts.clear();
      this.insertTexts.set(n, text);
    }
    return text;
  }

  /** Skipped rows of a job in keyset pages (id order = file order). */
  skipsAfter(importId: number, afterId: number, limit: number) {
    return this.db.selectFrom('contact_import_skips').select(['id', 'row_number', 'reason', 'cells']).where('import_id', '=', importId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  async deleteSkips(importId: number): Promise<void> {
    await this.db.deleteFrom('contact_import_skips').where('import_id', '=', importId).execute();
  }

  /** The latest import of each of these lists of the account. */
  latest(accountId: number, listIds: readonly number[]): Promise<ContactImportRow[]> {
    if (listIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('contact_imports')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('contact_imports')
          .select((e) => e.fn.max('id').as('id'))
          .where('account_id', '=', accountId)
          .where('list_id', 'in', [...listIds])
          .groupBy('list_id'),
      )
      .execute();
  }
}
