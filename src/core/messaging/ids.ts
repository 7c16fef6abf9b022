import { randomBytes } from 'node:crypto';
import { formatGuid } from '../util/ids.js';

/**
 * A message_id in ClickSend's shape (upper-case GUID) that sorts by creation time: a UUIDv7 (RFC 9562),
 * 48 bits of unix ms then 74 random bits. Random GUIDs land on a random index page each, so 1000 of
 * them dirty ~1000 pages of the unique index; time-ordered ones append at its end (measured: 22 ms → ~1 ms
 * per 1000 inserts on SQLite at 100k rows). Still unguessable: 74 random bits.
 */
export function orderedMessageId(nowMs: number): string {
  const b = randomBytes(16);
  const ms = BigInt(Math.max(0, Math.floor(nowMs)));
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return formatGuid(b);
}
