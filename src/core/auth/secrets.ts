import { createHash, scrypt as scryptCb, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/**
 * API keys carry 128 random bits, so a fast hash is enough at rest (as for GitHub tokens); a slow
 * KDF would only cost every request. Passwords are low-entropy and get scrypt.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** "F3702045-EB2C-0091-C211-7728048DCAE2" → "F3702045-****-****-****-********CAE2". */
export function maskApiKey(key: string): string {
  return key.replace(/[0-9A-Za-z]/g, (c, i: number) => (i < 8 || i >= key.length - 4 ? c : '*'));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const dk = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${dk.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, saltB64, dkB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !dkB64) return false;
  const expected = Buffer.from(dkB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
