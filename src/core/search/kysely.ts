import { sql, type Expression, type ExpressionBuilder, type OrderByDirection, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Condition, Search } from './spec.js';

/** A condition no row meets. */
const NOTHING = sql<SqlBool>`1 = 0`;
/** A condition every row meets. */
const EVERYTHING = sql<SqlBool>`1 = 1`;

/**
 * `column` contains `value`, ignoring case: lower() on both sides (PostgreSQL's LIKE is case-sensitive,
 * SQLite's only for non-ASCII), and \ % _ escaped so they match themselves.
 */
export function containsIgnoringCase(column: string, value: string) {
  const pattern = `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

function condition(eb: ExpressionBuilder<any, any>, c: Condition): Expression<SqlBool> {
  switch (c.kind) {
    case 'eq':
      return eb(eb.ref(c.column), '=', c.value);
    case 'ieq':
      return eb(eb.fn('lower', [eb.ref(c.column)]), '=', c.value.toLowerCase());
    case 'contains':
      return containsIgnoringCase(c.column, c.value);
    case 'in':
      return c.values.length ? eb(eb.ref(c.column), 'in', c.values as Array<string | number>) : NOTHING;
    case 'none':
      return NOTHING;
    case 'all':
      return EVERYTHING;
  }
}

/**
 * The q= conditions joined by the operator, for `.where(...)` beside the list's own scope (account,
 * unread, dates), which always stay ANDed outside it. Every row when q is empty.
 */
export function searchWhere(eb: ExpressionBuilder<any, any>, search: Pick<Search, 'conditions' | 'operator'>): Expression<SqlBool> {
  if (search.conditions.length === 0) return EVERYTHING;
  const all = search.conditions.map((c) => condition(eb, c));
  return search.operator === 'OR' ? eb.or(all) : eb.and(all);
}

/** True when the search narrows nothing (a list can then use a kept count instead of counting rows). */
export function searchIsEmpty(search: Pick<Search, 'conditions'>): boolean {
  return search.conditions.length === 0;
}

interface Orderable {
  orderBy(expression: any, direction?: OrderByDirection): this;
}

/** Applies the search's ORDER BY (its columns come from the list's whitelist). */
export function searchOrder<QB extends Orderable>(qb: QB, search: Pick<Search, 'order'>): QB {
  let q = qb;
  for (const o of search.order) q = q.orderBy(sql.ref(o.column), o.direction);
  return q;
}

/**
 * One page of a list and the total that matches: `scoped` is the list's own query (its table, the account, unread…),
 * the page comes in the search's order and the count runs over the same conditions.
 */
export async function searchPage<Row>(
  // Any table of any database; the caller names the row it reads.
  scoped: () => SelectQueryBuilder<any, any, object>,
  search: Search,
  limit: number,
  offset: number,
): Promise<{ rows: Row[]; total: number }> {
  const matching = () => scoped().where((eb) => searchWhere(eb, search));
  const [rows, count] = await Promise.all([
    searchOrder(matching().selectAll(), search).limit(limit).offset(offset).execute() as Promise<Row[]>,
    matching()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
