import { randomBytes } from 'node:crypto';

const ALPHABET = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'latin1');
/** The largest multiple of 62 a byte can hold: bytes from here up are dropped, so every character is equally likely. */
const UNBIASED_BELOW = 248;

/**
 * `count` random base62 codes from the operating system's CSPRNG: log2(62) = 5.954 bits a character, so the
 * default 8 characters carry 47.6 bits (2.2e14 codes). With 10 million links live, one guess in 21 million
 * hits one, and SHORT_LINK_MISSES_MAX stops a client address after a few dozen misses a minute. The bytes are
 * drawn in one call for the lot: a call per code cost 20 ms per 1,000 codes, most of a campaign's minting.
 */
export function newLinkCodes(count: number, length: number): string[] {
  // The characters go into one ASCII buffer, sliced into codes at the end: no string grows a character at a time.
  const chars = Buffer.allocUnsafe(count * length);
  let filled = 0;
  while (filled < chars.length) {
    // 1.04x the bytes needed, since 8 of 256 byte values are dropped; the loop tops up the rare shortfall.
    const bytes = randomBytes(Math.ceil((chars.length - filled) * 1.04) + 16);
    for (let i = 0; i < bytes.length && filled < chars.length; i++) {
      const b = bytes[i]!;
      if (b < UNBIASED_BELOW) chars[filled++] = ALPHABET[b % 62]!;
    }
  }
  const codes = new Array<string>(count);
  for (let i = 0; i < count; i++) codes[i] = chars.toString('latin1', i * length, (i + 1) * length);
  return codes;
}

/** One code (see newLinkCodes). */
export const newLinkCode = (length: number) => newLinkCodes(1, length)[0]!;

/**
 * What a code in a request may look like: any length a code was ever minted with (SHORT_LINK_CODE_LENGTH
 * may change between campaigns). Anything else is answered 404 without touching the database.
 */
export const LINK_CODE_PATTERN = /^[0-9A-Za-z]{7,16}$/;

/** Longest target URL accepted: what browsers and SMS clients handle everywhere. */
export const MAX_TARGET_URL_LENGTH = 2048;

/**
 * The target of a short link as it is stored and sent in Location: an absolute http(s) URL without
 * credentials, normalised by the WHATWG parser (ASCII only: IDN hosts in punycode, spaces percent-encoded,
 * tabs and newlines removed, so it can never split a header). `problem` names `field` and what is wrong.
 */
export function checkTargetUrl(value: unknown, field = 'url_to_shorten'): { url: string; problem?: never } | { url?: never; problem: string } {
  const example = 'such as https://example.com/offer';
  if (typeof value !== 'string' || value.trim() === '') return { problem: `${field} must be an http(s) URL ${example}.` };
  const raw = value.trim();
  if (raw.length > MAX_TARGET_URL_LENGTH) return { problem: `${field} must be at most ${MAX_TARGET_URL_LENGTH} characters, got ${raw.length}.` };
  // The WHATWG parser quietly drops these; a URL that contains them was not meant as a URL.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(raw)) return { problem: `${field} must not contain spaces or control characters.` };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: `${field} must be an absolute http(s) URL ${example}, got "${clip(raw)}".` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: `${field} must be an http(s) URL ${example}, got a ${u.protocol.slice(0, -1)}: URL.` };
  if (!u.hostname) return { problem: `${field} must name a host, ${example}.` };
  // "https://yourbank.com@evil.example/" shows one host and opens another: a phishing shape, never needed for a landing page.
  if (u.username || u.password) return { problem: `${field} must not contain a user name or password.` };
  if (u.href.length > MAX_TARGET_URL_LENGTH) return { problem: `${field} must be at most ${MAX_TARGET_URL_LENGTH} characters once encoded.` };
  return { url: u.href };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
