import { randomBytes, randomUUID } from 'node:crypto';

/** ClickSend message ids are upper-case GUIDs ("C8CAA97A-905A-4A31-99CB-A92C7BA05A97"). */
export const newMessageId = () => randomUUID().toUpperCase();

/** API keys look like ClickSend's (8-4-4-4-12 upper-case hex) and carry 128 random bits. */
export function newApiKey(): string {
  const h = randomBytes(16).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An unguessable token for URLs and one-time links. */
export const newToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/**
 * A short numeric code for SMS-style verification ("547850"). Never starts with 0: the SDK passes the
 * activation token as a number, which would drop a leading zero.
 */
export function newNumericCode(digits = 6): string {
  const low = 10 ** (digits - 1);
  return String(low + (randomBytes(4).readUInt32BE(0) % (9 * low)));
}
