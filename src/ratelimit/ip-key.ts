import { isIPv4, isIPv6 } from 'node:net';

/**
 * Default IPv6 prefix length that counts as one client. A subscriber usually gets a whole /64 to
 * /48, so limiting single IPv6 addresses lets one client rotate through 2^64 fresh keys; /56 is
 * the common allocation to a home line (and express-rate-limit's default).
 */
export const DEFAULT_IPV6_SUBNET = 56;

/** The key used for a request's IP when none is known (the socket is already gone). */
const UNKNOWN_IP_KEY = 'unknown';

/**
 * The rate-limit key for an IP address: IPv4 as is; IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a
 * dual-stack server reports for IPv4 clients) as the IPv4 address, so both spellings share one
 * key; other IPv6 as its first `ipv6Subnet` bits (`2001:0db8:0000:0000:0000:0000:0000:0000/56`),
 * zone id dropped. Anything that is not an IP address is returned unchanged.
 */
export function ipRateLimitKey(ip: string | undefined, ipv6Subnet = DEFAULT_IPV6_SUBNET): string {
  if (ip === undefined || ip === '') return UNKNOWN_IP_KEY;
  if (isIPv4(ip)) return ip;
  const address = ip.split('%')[0];
  if (!isIPv6(address)) return ip;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  const masked = groups.map((group, i) => {
    const bits = Math.min(16, Math.max(0, ipv6Subnet - i * 16));
    return group & ((0xffff << (16 - bits)) & 0xffff);
  });
  return `${masked.map((g) => g.toString(16).padStart(4, '0')).join(':')}/${ipv6Subnet}`;
}

/**
 * The network an address belongs to, as a key: its /24 for IPv4 (`192.0.2.0/24`, IPv4-mapped IPv6
 * included), its /56 for IPv6, `unknown` without an address. One home line or office NAT is one
 * network; a stranger who wants many has to rent them. Anything that is not an IP is returned as is.
 */
export function networkKey(ip: string | undefined): string {
  const key = ipRateLimitKey(ip);
  if (!isIPv4(key)) return key;
  return `${key.split('.').slice(0, 3).join('.')}.0/24`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - before.length - after.length;
  return [...before, ...Array<string>(zeros).fill('0'), ...after].map((g) => parseInt(g, 16));
}
