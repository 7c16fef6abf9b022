import { Type } from '@sinclair/typebox';
import { MAX_SORT_KEYS } from './parse.js';
import type { SearchSpec } from './spec.js';

/** The default order in the caller's words: the sort field naming each column (the column itself if none does). */
function describeOrder(spec: Pick<SearchSpec<string, any, unknown>, 'sort' | 'defaultOrder'>): string {
  const fieldOf = (column: string) => Object.keys(spec.sort).find((f) => spec.sort[f] === column) ?? column;
  return spec.defaultOrder.map((o) => `${fieldOf(o.column)}:${o.direction}`).join(',');
}

/**
 * The querystring pieces of ClickSend's list search, with OpenAPI descriptions naming the list's fields.
 * Every list spreads them: `Type.Object({ ...PageQuery.properties, ...searchQueryProperties(SPEC) })`.
 */
export function searchQueryProperties(spec: Pick<SearchSpec<string, any, unknown>, 'fields' | 'sort' | 'defaultOrder' | 'maxSortKeys'>) {
  const fields = Object.keys(spec.fields);
  const several = (spec.maxSortKeys ?? MAX_SORT_KEYS) > 1 ? `, up to ${spec.maxSortKeys ?? MAX_SORT_KEYS} comma separated` : '';
  return {
    q: Type.Optional(
      Type.String({
        maxLength: 1000,
        description: `Search: field:value pairs, comma separated, e.g. ${fields[0] ?? 'field'}:value (text ignores case). Fields: ${fields.join(', ')}.`,
      }),
    ),
    operator: Type.Optional(Type.String({ maxLength: 3, description: 'AND (default) or OR between the q pairs.' })),
    order_by: Type.Optional(Type.String({ maxLength: 100, description: `Sort: field:asc or field:desc${several}; default ${describeOrder(spec)}. Fields: ${Object.keys(spec.sort).join(', ')}.` })),
    order: Type.Optional(Type.String({ maxLength: 100, description: 'Same as order_by (the name the SDK uses for fax history).' })),
  };
}
