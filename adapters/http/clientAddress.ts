/**
 * Who an HTTP client is, for per-client limits: its address as express sees it (`req.ip`, which
 * follows `trust proxy`). IPv4-mapped IPv6 addresses count as the IPv4 address; a plain IPv6
 * address counts as its /64, since one household or phone is given a whole /64 and could otherwise
 * take a new address for every request.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Leading 16-bit groups of an IPv6 address that name its /64 network. */
const IPV6_NETWORK_GROUPS = 4;
const IPV6_GROUPS = 8;
const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The eight groups of an IPv6 address, each without leading zeros (an embedded IPv4 tail is kept as text). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : IPV6_GROUPS - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/** The client a limit counts for an address: `1.2.3.4`, or `2001:db8:1:2::/64`. */
export function clientOfAddress(address: string): string {
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  return `${ipv6Groups(address).slice(0, IPV6_NETWORK_GROUPS).join(':')}::/64`;
}
