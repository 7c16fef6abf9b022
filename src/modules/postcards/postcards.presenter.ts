import { fileUrl } from '../../core/files/index.js';
import { microsToDecimal, microsToNumber } from '../../core/util/money.js';
import {
  addressOf,
  backThumbnailName,
  exportColumns,
  exportRow,
  frontThumbnailName,
  historyStatus,
  proofLinks,
  returnAddressOf,
  trackingFields,
  type ThumbnailSpec,
  warningsOf,
} from '../post/index.js';
import type { PostcardRow } from './postcards.tables.js';

type Columns = Omit<PostcardRow, 'id'>;

// ClickSend prints priority 32 on every postcard record; its meaning is not documented.
const PRIORITY = 32;

/** Beyond ClickSend: the front (shared by every card of a request, so named after its file) and the back with the address. */
export const POSTCARD_THUMBNAILS: readonly ThumbnailSpec[] = [
  { key: 'front', page: 1, name: (card) => frontThumbnailName(card.file_name) },
  { key: 'back', page: 2, name: (card) => backThumbnailName(card.message_id) },
];

function common(row: Columns, publicUrl: string, withProofs: boolean) {
  return {
    _api_username: row.api_username,
    _file_url: fileUrl(publicUrl, row.file_name),
    _return_address: returnAddressOf(row),
    ...addressOf(row),
    date_added: row.date_added,
    ip_address: row.ip_address,
    letter_file_name: row.file_name,
    message_id: row.message_id,
    priority: PRIORITY,
    return_address_id: row.return_address_id,
    source: row.source,
    subaccount_id: row.subaccount_id,
    user_id: row.account_id,
    ...(withProofs ? proofLinks(publicUrl, POSTCARD_THUMBNAILS, row) : {}),
    _warnings: warningsOf(row),
  };
}

/** The send/price record: post_price and schedule as numbers, status SUCCESS (accepted). Price has no proofs. */
export function presentSentPostcard(row: Columns, publicUrl: string, withProofs: boolean) {
  return { ...common(row, publicUrl, withProofs), post_price: microsToNumber(row.price_micros), schedule: row.schedule, status: 'SUCCESS' };
}

/** The history record, with the string forms ClickSend uses there. */
export function presentPostcardHistory(row: Columns, publicUrl: string) {
  return {
    ...common(row, publicUrl, true),
    custom_string: row.custom_string,
    list_id: null,
    message_id_supplier: row.print_ref,
    // ClickSend's history prints post_price as a 6-decimal string and schedule as a string (send prints numbers).
    post_price: microsToDecimal(row.price_micros, 6),
    post_price_supplier: '0.000000',
    schedule: String(row.schedule),
    status: historyStatus(row),
    ...trackingFields(row),
  };
}

export const POSTCARD_EXPORT_COLUMNS = exportColumns();

/** One CSV row of the history export, in POSTCARD_EXPORT_COLUMNS order. */
export const postcardExportRow = (row: PostcardRow): unknown[] => exportRow(row);
