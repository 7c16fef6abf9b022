import { fileUrl } from '../../core/files/index.js';
import { microsToDecimal } from '../../core/util/money.js';
import { addressOf, proofLinks, returnAddressOf } from '../post/pipeline/index.js';
import type { LetterRow } from './letters.tables.js';

type Columns = Omit<LetterRow, 'id'>;

const flags = (row: Columns) => ({ colour: row.colour, duplex: row.duplex, priority_post: row.priority_post });

/** The send record. ClickSend's letter send prints post_price as a 4-decimal string (postcards print a number). */
export function presentSentLetter(row: Columns, publicUrl: string) {
  return {
    _api_username: row.api_username,
    _file_url: fileUrl(publicUrl, row.file_name),
    _return_address: returnAddressOf(row),
    ...addressOf(row),
    ...flags(row),
    custom_string: row.custom_string,
    date_added: row.date_added,
    message_id: row.message_id,
    post_pages: row.post_pages,
    post_price: microsToDecimal(row.price_micros, 4),
    return_address_id: row.return_address_id,
    schedule: row.schedule,
    source: row.source,
    status: 'SUCCESS',
    subaccount_id: row.subaccount_id,
    user_id: row.account_id,
    ...proofLinks(publicUrl, 'letter', row.message_id, row.file_name),
  };
}

/** The price record: fewer fields than send, as ClickSend documents it. */
export function presentPricedLetter(row: Columns) {
  return {
    ...addressOf(row),
    date_added: row.date_added,
    message_id: row.message_id,
    post_pages: row.post_pages,
    post_price: microsToDecimal(row.price_micros, 4),
    priority_post: row.priority_post,
    return_address_id: row.return_address_id,
    schedule: row.schedule,
    status: 'SUCCESS',
    subaccount_id: row.subaccount_id,
    user_id: row.account_id,
  };
}

export function presentLetterHistory(row: Columns, publicUrl: string) {
  return {
    ...addressOf(row),
    // ClickSend's letter history prints a missing address_line_2 as null.
    address_line_2: row.address_line_2 === '' ? null : row.address_line_2,
    colour: row.colour,
    custom_string: row.custom_string,
    date_added: row.date_added,
    duplex: row.duplex,
    list_id: null,
    message_id: row.message_id,
    post_pages: row.post_pages,
    // Letter history prints post_price with 6 decimals, and schedule as null when the letter was sent at once.
    post_price: microsToDecimal(row.price_micros, 6),
    return_address_id: row.return_address_id,
    schedule: row.schedule_given === 1 ? row.schedule : null,
    source: row.source,
    status: row.status,
    status_code: '',
    status_text: row.status === 'Failed' ? (row.last_error ?? '') : '',
    subaccount_id: row.subaccount_id,
    user_id: row.account_id,
    ...proofLinks(publicUrl, 'letter', row.message_id, row.file_name),
  };
}

export const LETTER_EXPORT_COLUMNS = [
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
  'post_pages',
  'colour',
  'duplex',
  'priority_post',
  'template_used',
  'post_price',
  'currency',
  'custom_string',
  'letter_file_name',
  'message_id_supplier',
  'subaccount_id',
  'source',
] as const;

export function letterExportRow(row: LetterRow): unknown[] {
  return [
    row.message_id,
    row.date_added,
    row.schedule,
    row.status,
    row.address_name,
    row.address_line_1,
    row.address_line_2,
    row.address_city,
    row.address_state,
    row.address_postal_code,
    row.address_country,
    row.return_address_id,
    row.post_pages,
    row.colour,
    row.duplex,
    row.priority_post,
    row.template_used,
    microsToDecimal(row.price_micros, 6),
    row.currency,
    row.custom_string ?? '',
    row.file_name,
    row.print_ref ?? '',
    row.subaccount_id,
    row.source,
  ];
}
