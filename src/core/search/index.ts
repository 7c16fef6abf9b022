export { containsIgnoringCase, searchIsEmpty, searchOrder, searchPage, searchWhere } from './kysely.js';
export { ADDRESS_SEARCH_FIELDS, ADDRESS_SORT_FIELDS } from './address.js';
export { MAX_SORT_KEYS, parseOperator, parseOrder, splitQuery, type Direction, type Operator, type SortKey } from './parse.js';
export { searchQueryProperties } from './schema.js';
export {
  compileSearch,
  contains,
  exact,
  iequal,
  integer,
  MAX_INTEGER_VALUE,
  lower,
  named,
  oneOf,
  phone,
  phoneValue,
  upper,
  type Condition,
  type FieldMatcher,
  type OrderTerm,
  type Search,
  type SearchParams,
  type SearchSpec,
} from './spec.js';
