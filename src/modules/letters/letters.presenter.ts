import { fileUrl } from '../../core/files/index.js';
import { microsToDecimal } from '../../core/util/money.js';
import { addressOf, exportColumns, exportRow, firstPageThumbnailName, historyStatus, proofLinks, returnAddressOf, trackingFields, type ThumbnailSpec, warningsOf } from '../post/index.js';
import type { LetterRow } from './letters.tables.js';

type Columns = Omit<LetterRow, 'id'>;

/** Beyond ClickSend: one thumbnail, of the proof's first page (the cover page or page 1 with the address). */
export const LETTER_THUMBNAILS: readonly ThumbnailSpec[] = [{ key: 'front', page: 1, name: (letter) => firstPageThumbnailName(letter.message_id) }];

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
    ...proofLinks(publicUrl, LETTER_THUMBNAILS, row),
    _warnings: warningsOf(row),
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
    _warnings: warningsOf(row),
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
    status: historyStatus(row),
    status_code: '',
    status_text: row.status === 'Failed' ? (row.last_error ?? '') : '',
    subaccount_id: row.subaccount_id,
    user_id: row.account_id,
    ...proofLinks(publicUrl, LETTER_THUMBNAILS, row),
    ...trackingFields(row),
    _warnings: warningsOf(row),
  };
}

export const LETTER_EXPORT_COLUMNS = exportColumns(['post_pages', 'colour', 'duplex', 'priority_post', 'template_used']);

/** One CSV row of the history export, in LETTER_EXPORT_COLUMNS order. */
export const letterExportRow = (row: LetterRow): unknown[] => exportRow(row, [row.post_pages, row.colour, row.duplex, row.priority_post, row.template_used]);
