// Shared by every phone channel, now in the message core; re-exported for SMS code and its tests.
export { readingCountry, RecipientParser, SCHEDULE_GRACE_S, scheduleAt, TEST_NUMBERS, type MessageStatus, type Recipient } from '../../core/messaging/index.js';

/** A sender id: a phone number (digits, optional +, up to 16), or alphanumeric of at most 11 characters without spaces. */
export function isValidSenderId(from: string): boolean {
  if (/^\+?\d{3,16}$/.test(from)) return true;
  return /^[A-Za-z0-9._&'-]{1,11}$/.test(from) && /[A-Za-z]/.test(from);
}

/**
 * 53-bit hash of recipient and body (cyrb53, public domain): the THROTTLED check probes an index on it
 * instead of reading every recent message to a number. Collisions only cost a comparison: the check
 * compares the stored recipient and body before calling a message a repeat.
 */
export function throttleKey(to: string, body: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const s = `${to}\u0000${body}`;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
