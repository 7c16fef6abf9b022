import { isIPv6 } from 'node:net';
import Bowser from 'bowser';
import type { FastifyRequest } from 'fastify';
import type { NewLinkClick } from './short-links.tables.js';

/** Longest user agent stored (and parsed): real ones are under 300 characters; a longer one is noise or an attack. */
const MAX_USER_AGENT = 512;

/** What bowser reads from a User-Agent header: browser, OS and platform type; nulls when it knows none. */
export function describeAgent(header: string | undefined): Pick<NewLinkClick, 'user_agent' | 'browser' | 'os' | 'device'> {
  const ua = (header ?? '').slice(0, MAX_USER_AGENT).trim();
  // bowser throws on an empty string; no header is simply an unknown agent.
  if (!ua) return { user_agent: null, browser: null, os: null, device: null };
  const parsed = Bowser.parse(ua);
  return {
    user_agent: ua,
    browser: parsed.browser.name?.slice(0, 64) || null,
    os: parsed.os.name?.slice(0, 64) || null,
    device: parsed.platform.type?.slice(0, 32) || null,
  };
}

/**
 * The client's country from the header a trusted proxy sets (SHORT_LINK_COUNTRY_HEADER, e.g. Cloudflare's
 * CF-IPCountry), only when the request did come through a proxy listed in TRUST_PROXY: Fastify's request.ips
 * has more than the socket address only then, so a client talking to us directly cannot choose its country.
 * There is no GeoIP database here; without such a header the country is null ("Other" in statistics).
 */
export function countryOf(request: FastifyRequest, header: string | undefined): string | null {
  if (!header || !request.ips || request.ips.length < 2) return null;
  const raw = request.headers[header];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toUpperCase() ?? '';
  // XX (unknown) and T1 (Tor) are Cloudflare's non-countries.
  return /^[A-Z]{2}$/.test(value) && value !== 'XX' && value !== 'T1' ? value : null;
}

/**
 * The key a client is throttled by: its IPv4 address, or the /64 network of an IPv6 address (one subscriber
 * is given a whole /64 and could otherwise guess from 2^64 addresses, each with a fresh allowance).
 */
export function throttleKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
