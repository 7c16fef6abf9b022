import type { Selectable } from 'kysely';
import { microsToDecimal } from '../../../core/util/money.js';
import { historyStatus } from '../tracking/present.js';
import type { PostItemColumns } from './tables.js';

type Row = Selectable<PostItemColumns>;

/**
 * The CSV history export of every post product: who and where first, then the product's own columns
 * (none for postcards; pages and print options for letters), then price, files and bookkeeping.
 */
const HEAD = [
  'message_id',
  'date_added',
  'schedule',
  'status',
  'address_name',
  'address_line_1',
  'address_line_2',
  'address_city',
  'address_state',
  'address_postal_code',
  'address_country',
  'return_address_id',
] as const;
const TAIL = ['post_price', 'currency', 'custom_string', 'letter_file_name', 'message_id_supplier', 'subaccount_id', 'source'] as const;

export function exportColumns(productColumns: readonly string[] = []): string[] {
  return [...HEAD, ...productColumns, ...TAIL];
}

/** One export row in exportColumns(productColumns) order. */
export function exportRow(row: Row, productValues: readonly unknown[] = []): unknown[] {
  return [
    row.message_id,
    row.date_added,
    row.schedule,
    // As history shows it (a test postcode's completed item is "Test").
    historyStatus(row),
    row.address_name,
    row.address_line_1,
    row.address_line_2,
    row.address_city,
    row.address_state,
    row.address_postal_code,
    row.address_country,
    row.return_address_id,
    ...productValues,
    microsToDecimal(row.price_micros, 6),
    row.currency,
    row.custom_string ?? '',
    row.file_name,
    row.print_ref ?? '',
    row.subaccount_id,
    row.source,
  ];
}
