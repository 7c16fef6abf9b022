import { ApiError } from '../errors/index.js';
import { parseOperator, parseOrder, splitQuery, type Direction, type Operator } from './parse.js';

/**
 * One condition of a list search, already mapped to a column. Every value is bound as a parameter;
 * columns come from the list's whitelist only, never from the request.
 */
export type Condition<C extends string = string> =
  | { kind: 'eq'; column: C; value: string | number }
  /** Equal ignoring case (lower() on both sides: PostgreSQL compares case-sensitively). */
  | { kind: 'ieq'; column: C; value: string }
  /** Contains, ignoring case; % and _ in the value match themselves. */
  | { kind: 'contains'; column: C; value: string }
  | { kind: 'in'; column: C; values: ReadonlyArray<string | number> }
  /** Matches no row (a value that names nothing, e.g. status:WaitApproval or an id that is not a number). */
  | { kind: 'none' }
  /** Matches every row (a field whose value holds for every record of the list, e.g. direction:out). */
  | { kind: 'all' };

/** Turns one q= value into a condition. */
export type FieldMatcher<C extends string, Ctx = void> = (value: string, ctx: Ctx) => Condition<C>;

export interface OrderTerm<C extends string = string> {
  column: C;
  direction: Direction;
}

/**
 * What one list lets callers search and sort by. Field names are the record's own, as ClickSend prints
 * it; each maps to a column of the list's table.
 */
export interface SearchSpec<C extends string, Ctx = void, K = Condition<C>> {
  /** q= fields. */
  fields: Readonly<Record<string, (value: string, ctx: Ctx) => K>>;
  /** order_by fields → column. */
  sort: Readonly<Record<string, C>>;
  /** The order without order_by (each list keeps the order it always had). */
  defaultOrder: ReadonlyArray<OrderTerm<C>>;
  /** Appended to every order so pages never overlap on ties (usually the primary key; absent when the list adds its own). */
  tieBreaker?: C;
  /** How many comma-separated sort keys order_by may name (default MAX_SORT_KEYS). */
  maxSortKeys?: number;
}

/** What a caller may send to any list: spread SearchQueryProperties into the route's querystring schema. */
export interface SearchParams {
  q?: string | undefined;
  order_by?: string | undefined;
  order?: string | undefined;
  operator?: string | undefined;
}

/** A checked search, ready for searchWhere / searchOrder. */
export interface Search<C extends string = string, K = Condition<C>> {
  conditions: K[];
  operator: Operator;
  /** The full ORDER BY, tie-breaker included. */
  order: OrderTerm<C>[];
}

/** Validates q / operator / order_by against the spec; 400 naming the unknown field and the allowed ones. */
export function compileSearch<C extends string, Ctx = void, K = Condition<C>>(
  spec: SearchSpec<C, Ctx, K>,
  params: SearchParams,
  // A context only specs that need one (e.g. the caller's account id) ask for.
  ...[ctx]: Ctx extends void ? [] : [Ctx]
): Search<C, K> {
  const conditions = splitQuery(params.q).map(([field, value]) => {
    const match = Object.hasOwn(spec.fields, field) ? spec.fields[field] : undefined;
    if (!match) throw ApiError.badRequest(`q: unknown field "${field}"; use one of ${Object.keys(spec.fields).join(', ')}.`);
    return match(value, ctx as Ctx);
  });
  const operator = parseOperator(params.operator);
  const keys = parseOrder(params.order_by ?? params.order, Object.keys(spec.sort), spec.maxSortKeys);
  const order: OrderTerm<C>[] = keys ? keys.map((k) => ({ column: spec.sort[k.field]!, direction: k.direction })) : [...spec.defaultOrder];
  // Ties follow the last key's direction, as the lists always did (newest first stays newest first).
  const tie = spec.tieBreaker;
  if (tie !== undefined && !order.some((o) => o.column === tie)) order.push({ column: tie, direction: order[order.length - 1]?.direction ?? 'asc' });
  return { conditions, operator, order };
}

// Field matchers: the usual ways a q= value meets a column.

/** Equal as typed (ids, codes stored in a fixed case should use upper/lower). */
export const exact =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'eq', column, value: v });

/** Equal to the value upper-cased (message ids, ISO country codes are stored in upper case). */
export const upper =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'eq', column, value: v.toUpperCase() });

/** Equal to the value lower-cased (keywords are stored in lower case). */
export const lower =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'eq', column, value: v.toLowerCase() });

/** Equal ignoring case (free text: names, custom strings, usernames, emails). */
export const iequal =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'ieq', column, value: v });

/** Contains ignoring case (message bodies, addresses). */
export const contains =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'contains', column, value: v });

/**
 * Largest value a searchable integer column holds (PostgreSQL `integer`): a larger one matches nothing here,
 * because binding it would make PostgreSQL refuse the whole query ("value out of range for type integer").
 */
export const MAX_INTEGER_VALUE = 2_147_483_647;

/** A whole number (within MAX_INTEGER_VALUE); anything else matches nothing (ClickSend filters, it does not refuse). */
export const integer =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) =>
    /^\d{1,10}$/.test(v) && Number(v) <= MAX_INTEGER_VALUE ? { kind: 'eq', column, value: Number(v) } : { kind: 'none' };

/** One of a set of stored values named by the caller's word (statuses); an empty set matches nothing. */
export const oneOf =
  <C extends string>(column: C, storedValues: (v: string) => readonly string[]): FieldMatcher<C, any> =>
  (v) => {
    const values = storedValues(v);
    return values.length ? { kind: 'in', column, values } : { kind: 'none' };
  };

/** A stored name from a fixed set (statuses), named in any case; a name not in the set matches nothing. */
export const named = <C extends string>(column: C, names: readonly string[]): FieldMatcher<C, any> => oneOf(column, (v) => names.filter((n) => n.toLowerCase() === v.trim().toLowerCase()));

/**
 * A phone number from a query string: `+` arrives as a space when the caller did not escape it
 * (q=to:+614… reads "to: 614…"), so digits alone mean an international number.
 */
export function phoneValue(v: string): string {
  const compact = v.replace(/[\s().-]/g, '');
  return /^\d+$/.test(compact) ? `+${compact}` : compact;
}

/** A phone number: as typed, or read as E.164 (an unescaped + arrives as a space). */
export const phone =
  <C extends string>(column: C): FieldMatcher<C, any> =>
  (v) => ({ kind: 'in', column, values: [...new Set([v, phoneValue(v)])] });
