import { randomBytes, randomUUID } from 'node:crypto';

/**
 * ClickSend's GUID shape (8-4-4-4-12 upper-case hex, "C8CAA97A-905A-4A31-99CB-A92C7BA05A97") from 16 bytes, or
 * from the first 32 digits of a hex string (a digest): message ids, API keys and stored-file names all use it.
 */
export function formatGuid(source: Uint8Array | string): string {
  const h = (typeof source === 'string' ? source : Buffer.from(source).toString('hex')).slice(0, 32).toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random (v4) GUID in ClickSend's upper-case shape. */
export const newGuid = () => randomUUID().toUpperCase();

/** ClickSend message ids are upper-case GUIDs ("C8CAA97A-905A-4A31-99CB-A92C7BA05A97"). */
export const newMessageId = newGuid;

/** API keys look like ClickSend's (8-4-4-4-12 upper-case hex) and carry 128 random bits. */
export function newApiKey(): string {
  return formatGuid(randomBytes(16));
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
