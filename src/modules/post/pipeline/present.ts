import { fileUrl, newFileName, writeCsv, type FileStore } from '../../../core/files/index.js';
import { proofFileName, smallThumbnailName } from './names.js';
import type { ThumbnailSpec } from './product.js';
import type { PostAddress, RefusedRecipient } from './recipients.js';
import type { ReturnAddressSnapshot } from './schemas.js';
import type { PostItemColumns } from './tables.js';

type ItemRow = Omit<PostItemColumns, 'id'>;

export function addressOf(row: ItemRow): PostAddress {
  return {
    address_name: row.address_name,
    address_line_1: row.address_line_1,
    address_line_2: row.address_line_2,
    address_city: row.address_city,
    address_state: row.address_state,
    address_postal_code: row.address_postal_code,
    address_country: row.address_country,
  };
}

export function returnAddressOf(row: ItemRow): ReturnAddressSnapshot {
  return JSON.parse(row.return_address_json) as ReturnAddressSnapshot;
}

/** "John Smith, 1 Main St, SYDNEY NSW 2000, AU": an address on one line, for manifests and exports. */
export function oneLine(a: Omit<PostAddress, never> | ReturnAddressSnapshot): string {
  const locality = [a.address_city, a.address_state, a.address_postal_code].filter(Boolean).join(' ');
  return [a.address_name, a.address_line_1, a.address_line_2, locality, a.address_country].filter((p) => p && p.trim() !== '').join(', ');
}

/**
 * Beyond ClickSend: the proof and thumbnail URLs of an item (its product's thumbnails), known before the files exist.
 * `_thumbnail_urls` are the trim at 1200 px on the long side, `_thumbnail_small_urls` the same at 300 px (lists).
 */
export function proofLinks(publicUrl: string, thumbnails: readonly ThumbnailSpec[], item: { message_id: string; file_name: string }) {
  const urls = (name: (t: ThumbnailSpec) => string) => Object.fromEntries(thumbnails.map((t) => [t.key, fileUrl(publicUrl, name(t))])) as { front: string; back?: string };
  return {
    _proof_url: fileUrl(publicUrl, proofFileName(item.message_id)),
    _thumbnail_urls: urls((t) => t.name(item)),
    _thumbnail_small_urls: urls((t) => smallThumbnailName(t.name(item))),
  };
}

/** Beyond ClickSend: the item's `_warnings` (how its address prints if shrunk or wrapped, artwork under the panel). */
export function warningsOf(row: Pick<ItemRow, 'warnings_json'>): string[] {
  const parsed: unknown = JSON.parse(row.warnings_json || '[]');
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

const given = (v: unknown) => (v === undefined || v === null ? null : String(v));

/**
 * A recipient that was not queued: its address as given, its status code, and (beyond ClickSend) `_error`
 * saying which field is wrong and why. No message id: nothing was stored.
 */
export function presentRefused(r: RefusedRecipient) {
  const rid = Number(r.input.return_address_id);
  return {
    address_name: given(r.input.address_name),
    address_line_1: given(r.input.address_line_1),
    address_line_2: given(r.input.address_line_2),
    address_city: given(r.input.address_city),
    address_state: given(r.input.address_state),
    address_postal_code: given(r.input.address_postal_code),
    address_country: given(r.input.address_country),
    return_address_id: Number.isSafeInteger(rid) && rid > 0 ? rid : null,
    message_id: null,
    post_price: 0,
    status: r.status,
    _error: r.message,
  };
}

/** Writes a CSV export to the file store and gives its URL as ClickSend does (/files/<GUID>.csv?filename=…). */
export async function exportCsv(files: FileStore, publicUrl: string, filename: string, header: readonly string[], rows: AsyncIterable<readonly unknown[]>): Promise<{ url: string }> {
  const name = newFileName('csv');
  await writeCsv(files, name, header, rows);
  return { url: fileUrl(publicUrl, name, { filename }) };
}
