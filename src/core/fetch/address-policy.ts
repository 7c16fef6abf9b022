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
  /** ipaddr.js range name of the address (after unwrapping IPv4-mapped IPv6), e.g. "private", "unicast". */
  range: string;
  /** Only ordinary public unicast may be fetched by the strict policy. */
  public: boolean;
  /** Words for a message, e.g. "a private address". */
  description: string;
}

/** Classifies an IP address; throws on a string that is not one. */
export function classifyAddress(address: string): AddressClass {
  const parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 reaches 10.0.0.1 on a dual-stack socket, so judge the IPv4 inside.
  const effective = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
  const range = effective.range();
  const mapped = effective !== parsed ? 'an IPv4-mapped form of ' : '';
  const metadata = METADATA_ADDRESSES.get(effective.toString());
  // An allow-list: anything ipaddr.js does not call plain unicast (NAT64, 6to4, Teredo, documentation, …) is refused too.
  if (range === 'unicast') return { range, public: true, description: 'a public address' };
  const words = metadata ?? RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
  return { range, public: false, description: mapped ? `${mapped}${words}` : words };
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
