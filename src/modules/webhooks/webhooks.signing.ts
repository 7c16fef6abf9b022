import { createHmac, randomBytes } from 'node:crypto';

/** Secrets look like `whsec_` + 64 hex digits (256 random bits); the whole string, prefix included, is the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** Shows the start of the prefix and the last four digits only. */
export function maskSecret(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

/**
 * X-Sendbox-Signature: `v1=` + hex HMAC-SHA256(secret, `${eventId}.${timestamp}.${signed}`), where `signed` is the raw
 * request body of a POST, or for a GET the raw query string (everything after the first `?` of the request target, as
 * sent). The event id and the timestamp are in the input so a captured request cannot be replayed under another id or
 * later than the receiver's tolerance. `v1=` leaves room for another scheme without breaking receivers.
 */
export function signature(secret: string, eventId: string, timestamp: number, signed: string): string {
  return `v1=${createHmac('sha256', secret).update(`${eventId}.${timestamp}.${signed}`).digest('hex')}`;
}
