import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** Decides which peers the server may connect to on a user's behalf. Each method returns null to allow, or why not. */
export interface AddressPolicy {
  /** An IP address (v4 or v6, as dns.lookup or a socket reports it). Returns e.g. "a private address". */
  refuseAddress(address: string): string | null;
  /** A host name before resolution (lower-case, no trailing dot), for names that are dangerous whatever they resolve to. */
  refuseHostname(hostname: string): string | null;
}

const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique-local) address',
  reserved: 'a reserved address',
};

// Cloud instance-metadata endpoints hand out credentials; name them so the message explains the refusal.
const METADATA_ADDRESSES = new Map([
  ['169.254.169.254', 'the cloud instance-metadata address'],
  ['fd00:ec2::254', 'the AWS instance-metadata address'],
]);
const METADATA_HOSTNAMES = new Set(['metadata.google.internal', 'metadata']);

export interface AddressClass {
  /**
   * ipaddr.js range name of the address, or of the IPv4 address inside an IPv4-mapped or NAT64 one (e.g. "private",
   * "unicast"); "ipv4Compatible", "rfc6145", "6to4" or "teredo" for the embeddings that are always refused.
   */
  range: string;
  /** Only ordinary public unicast may be fetched by the strict policy. */
  public: boolean;
  /** Words for a message, e.g. "a private address". */
  description: string;
}

function describeV4(v4: ipaddr.IPv4): { range: string; public: boolean; words: string } {
  const range = v4.range();
  if (range === 'unicast') return { range, public: true, words: 'a public address' };
  return { range, public: false, words: METADATA_ADDRESSES.get(v4.toString()) ?? RANGE_WORDS[range] ?? `a special-purpose address (${range})` };
}

const v4From = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
const zeros = (parts: number[], from: number, to: number) => parts.slice(from, to).every((p) => p === 0);

/**
 * IPv6 forms that carry an IPv4 address, and whether the IPv4 inside decides. A socket, a translator or a tunnel may
 * deliver them to that IPv4 address, so `::127.0.0.1` or `64:ff9b::a00:1` must not slip past as "IPv6 unicast".
 * Mapped (a dual-stack socket's own form) and NAT64's well-known prefix (an IPv6-only network's way to public IPv4)
 * are judged by the IPv4 inside; the deprecated or tunnelling forms (IPv4-compatible, SIIT, 6to4, Teredo) are refused
 * whatever they carry: no ordinary file host is reached through them.
 */
function embeddedV4(v6: ipaddr.IPv6): { form: string; v4: ipaddr.IPv4; judged: boolean; range?: string } | undefined {
  const w = v6.parts;
  if (zeros(w, 0, 5) && w[5] === 0xffff) return { form: 'an IPv4-mapped form', v4: v4From(w[6]!, w[7]!), judged: true };
  // :: and ::1 are themselves (unspecified, loopback); anything else in ::/96 is an IPv4-compatible address (RFC 4291 §2.5.5.1).
  if (zeros(w, 0, 6) && !(w[6] === 0 && w[7]! <= 1)) return { form: 'an IPv4-compatible form', v4: v4From(w[6]!, w[7]!), judged: false, range: 'ipv4Compatible' };
  if (zeros(w, 0, 4) && w[4] === 0xffff && w[5] === 0) return { form: 'an IPv4-translated (SIIT) form', v4: v4From(w[6]!, w[7]!), judged: false, range: 'rfc6145' };
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(w, 2, 6)) return { form: 'a NAT64 form', v4: v4From(w[6]!, w[7]!), judged: true };
  if (w[0] === 0x2002) return { form: 'a 6to4 form', v4: v4From(w[1]!, w[2]!), judged: false, range: '6to4' };
  // Teredo stores the client's IPv4 address inverted in the last 32 bits (RFC 4380 §4).
  if (w[0] === 0x2001 && w[1] === 0) return { form: 'a Teredo form', v4: v4From(~w[6]! & 0xffff, ~w[7]! & 0xffff), judged: false, range: 'teredo' };
  return undefined;
}

/**
 * ipaddr.parse, except that a trailing dotted quad in IPv6 is rewritten as two hex groups first: ipaddr.js 2.5
 * reads "::127.0.0.1" (IPv4-compatible) as "::ffff:127.0.0.1" (IPv4-mapped), which would judge "::8.8.8.8" public.
 */
function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const quad = address.includes(':') ? /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address) : null;
  if (!quad) return ipaddr.parse(address);
  const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
  if ([a, b, c, d].some((n) => n > 255)) throw new Error(`${address} is not an IP address`);
  const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return ipaddr.parse(address.slice(0, quad.index) + hex);
}

/** Classifies an IP address; throws on a string that is not one. */
export function classifyAddress(address: string): AddressClass {
  const parsed = parseIp(address);
  const embedded = parsed.kind() === 'ipv6' ? embeddedV4(parsed as ipaddr.IPv6) : undefined;
  if (embedded) {
    const inner = describeV4(embedded.v4);
    if (embedded.judged) return { range: inner.range, public: inner.public, description: inner.public ? 'a public address' : `${embedded.form} of ${inner.words}` };
    const description = inner.public ? `${embedded.form} of ${embedded.v4.toString()} (a transition form that is not fetched)` : `${embedded.form} of ${inner.words}`;
    return { range: embedded.range!, public: false, description };
  }
  if (parsed.kind() === 'ipv4') {
    const v4 = describeV4(parsed as ipaddr.IPv4);
    return { range: v4.range, public: v4.public, description: v4.words };
  }
  const range = parsed.range();
  // An allow-list: anything ipaddr.js does not call plain unicast (local-use NAT64, documentation, ORCHID, …) is refused too.
  if (range === 'unicast') return { range, public: true, description: 'a public address' };
  return { range, public: false, description: METADATA_ADDRESSES.get(parsed.toString()) ?? RANGE_WORDS[range] ?? `a special-purpose address (${range})` };
}

/** Production default: refuses every address that is not public unicast, and the metadata host names. */
export const strictAddressPolicy: AddressPolicy = Object.freeze({
  refuseAddress(address: string): string | null {
    if (!net.isIP(address)) return 'not an IP address';
    const c = classifyAddress(address);
    return c.public ? null : c.description;
  },
  refuseHostname(hostname: string): string | null {
    return METADATA_HOSTNAMES.has(hostname) ? 'a cloud instance-metadata host name' : null;
  },
});

/** ALLOW_PRIVATE_URLS=1: a developer fetching from their own machine or LAN. Scheme, size and time limits still apply. */
export const permissiveAddressPolicy: AddressPolicy = Object.freeze({
  refuseAddress: () => null,
  refuseHostname: () => null,
});
