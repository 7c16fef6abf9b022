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

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, made once per process. Checking a secret for an unknown
 * username (or a credential without a password) against it costs the same scrypt as a real check, so
 * the time of a 401 does not tell whether the username exists.
 */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  return dummyHash;
}

/** Always runs one scrypt, whether or not there is a usable stored hash (see dummyPasswordHash). */
export async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  const usable = parts.length === 3 && parts[0] === 'scrypt' && Boolean(parts[1]) && Boolean(parts[2]);
  const [, saltB64, dkB64] = usable ? parts : (await dummyPasswordHash()).split('$');
  const expected = Buffer.from(dkB64!, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64!, 'base64'), expected.length);
  return timingSafeEqual(actual, expected) && usable;
}

/** 128 random bits, URL-safe (22 characters): a token sent by email, which nobody can guess in any number of tries. */
export const newSecretToken = () => randomBytes(16).toString('base64url');

/** Compares two hex digests without an early exit. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
