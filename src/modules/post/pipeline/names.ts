import { createHash } from 'node:crypto';
import { formatGuid } from '../../../core/util/ids.js';

/*
 * Names of the files an item produces, derived from ids the response already carries, so the URLs are known
 * up front and the files appear once the proof job has run. Message ids are random GUIDs, so the names stay
 * unguessable.
 */
export const proofFileName = (messageId: string) => `${messageId}-PROOF.pdf`;
export const backThumbnailName = (messageId: string) => `${messageId}-BACK.png`;
export const firstPageThumbnailName = (messageId: string) => `${messageId}-PAGE1.png`;
/** Every card of one request has the same front, so it is rendered once, named after the request's file. */
export const frontThumbnailName = (fileName: string) => `${fileName.replace(/\.pdf$/i, '')}-FRONT.png`;
/** The small (list-size) thumbnail beside a thumbnail: "…-BACK.png" → "…-BACK-SMALL.png". */
export const smallThumbnailName = (thumbnailName: string) => thumbnailName.replace(/\.png$/i, '-SMALL.png');

/**
 * The stored name of a request's print file: a GUID-shaped digest of the account and the source bytes, so
 * the same files sent (or priced) again are stored once, and another account cannot derive the name.
 */
export function sourceFileName(accountId: number, sources: readonly Uint8Array[]): string {
  const h = createHash('sha256').update(`sendbox-post:${accountId}`);
  for (const s of sources) h.update(String(s.length)).update(':').update(s);
  return `${formatGuid(h.digest('hex'))}.pdf`;
}
