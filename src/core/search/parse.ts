import { ApiError } from '../errors/index.js';

/**
 * ClickSend's list search (conventions.md §6): `q=field:value,field2:value`, `operator=AND|OR`,
 * `order_by=field:asc|desc` (the SDK's fax history calls it `order`). Pure parsing here; which fields a
 * list knows, and what they mean in SQL, is the list's own spec (spec.ts).
 */

export type Operator = 'AND' | 'OR';
export type Direction = 'asc' | 'desc';

/**
 * Splits `q` into [field, value] pairs: field names lower-cased and trimmed, values trimmed. A value may
 * hold ':' (only the first one separates), never ','. 400 naming the first part that is not field:value.
 */
export function splitQuery(q: string | undefined): Array<[string, string]> {
  if (q === undefined || q.trim() === '') return [];
  return q.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0 || part.slice(0, colon).trim() === '') throw ApiError.badRequest(`q must be field:value pairs separated by commas, got "${part}".`);
    return [part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim()];
  });
}

/** `operator`: AND (the default) or OR, in any case. */
export function parseOperator(raw: string | undefined): Operator {
  const operator = (raw ?? 'AND').trim().toUpperCase();
  if (operator === '') return 'AND';
  if (operator !== 'AND' && operator !== 'OR') throw ApiError.badRequest(`operator must be AND or OR, got "${raw}".`);
  return operator;
}

export interface SortKey {
  field: string;
  direction: Direction;
}

/** At most this many comma-separated sort keys: enough for any screen, and each one is an ORDER BY term. */
export const MAX_SORT_KEYS = 3;

/**
 * `order_by` (or `order`): `field`, `field:asc` or `field:desc`, or up to `maxKeys` of them comma-separated
 * (ClickSend's SDK documents `order=date_added:desc,list_id:desc`). Field names are checked against
 * `allowed`; 400 naming the allowed ones otherwise. Undefined when absent or blank.
 */
export function parseOrder(raw: string | undefined, allowed: readonly string[], maxKeys = MAX_SORT_KEYS): SortKey[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const refuse = () => ApiError.badRequest(`order_by must be field:asc or field:desc with field one of ${allowed.join(', ')}, got "${raw}".`);
  const parts = raw.split(',');
  if (parts.length > maxKeys) throw refuse();
  return parts.map((part) => {
    const [field = '', direction = 'asc', ...rest] = part.split(':').map((s) => s.trim().toLowerCase());
    if (!allowed.includes(field) || rest.length || (direction !== 'asc' && direction !== 'desc')) throw refuse();
    return { field, direction };
  });
}
