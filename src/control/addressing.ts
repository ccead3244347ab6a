import { Cidr, Ip } from '../net/index.js';
import { publicIpv4Pool } from '../model/aws-services.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { fnv1a } from '../model/hash.js';
import type { RegionName } from '../model/ids.js';
import type { Snapshot } from '../model/snapshot.js';
import { subnetIpv6Cidrs, type Subnet } from '../model/subnet.js';

/**
 * Address allocation, as pure functions of a snapshot. Each picker takes the set of addresses
 * the running operation has already handed out (`claimed`), because those are not in the
 * snapshot yet. Results are deterministic: always the lowest free address.
 */

/** AWS reserves the first four addresses of a subnet block (network, router, DNS, future use). */
const RESERVED_AT_START = 4n;

/**
 * True when ip is one AWS reserves in a subnet block: the first four and the last (§1.4,
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html). IPv6 blocks too.
 */
export function isReservedAddress(block: Cidr, ip: Ip): boolean {
  return ip.value - block.base < RESERVED_AT_START || ip.value === block.end;
}

/** The key the `networkInterfaceByAddress` index uses, and `claimed` sets of private addresses. */
export function privateAddressKey(vpcId: string, ip: Ip): string {
  return `${vpcId}|${ip.toString()}`;
}

/** True when an ENI of the VPC, or the running operation, already holds the private address. */
export function isPrivateAddressInUse(
  s: Snapshot,
  vpcId: string,
  ip: Ip,
  claimed: ReadonlySet<string> = new Set(),
): boolean {
  const key = privateAddressKey(vpcId, ip);
  return claimed.has(key) || s.find('networkInterfaceByAddress', key).length > 0;
}

/** The lowest address of the block after the reserved first four, skipping the last, that is free. */
function lowestFree(block: Cidr, isFree: (ip: Ip) => boolean): Ip | undefined {
  // Walks forward from the start: each step is one index lookup, never a scan of all ENIs.
  for (let v = block.base + RESERVED_AT_START; v < block.end; v++) {
    const ip = Ip.of(block.family, v);
    if (isFree(ip)) return ip;
  }
  return undefined;
}

/** The next free private IPv4 of a subnet, or undefined when it is full or IPv6-only. */
export function nextPrivateIpv4(
  s: Snapshot,
  subnet: Subnet,
  claimed: ReadonlySet<string> = new Set(),
): Ip | undefined {
  if (!subnet.cidrBlock) return undefined;
  return lowestFree(subnet.cidrBlock, (ip) => !isPrivateAddressInUse(s, subnet.vpcId, ip, claimed));
}

/**
 * The next free IPv6 of a subnet's /64. AWS picks IPv6 addresses at random; the twin takes the
 * lowest free one so runs are reproducible.
 */
export function nextIpv6(
  s: Snapshot,
  subnet: Subnet,
  claimed: ReadonlySet<string> = new Set(),
): Ip | undefined {
  for (const block of subnetIpv6Cidrs(subnet)) {
    const ip = lowestFree(block, (x) => !isPrivateAddressInUse(s, subnet.vpcId, x, claimed));
    if (ip) return ip;
  }
  return undefined;
}

/** True when an Elastic IP, an ENI's public association or the running operation holds ip. */
export function isPublicIpTaken(
  s: Snapshot,
  ip: Ip,
  claimed: ReadonlySet<string> = new Set(),
): boolean {
  const key = ip.toString();
  return (
    claimed.has(key) ||
    s.find('elasticIpByPublicIp', key).length > 0 ||
    s.find('networkInterfaceByPublicIp', key).length > 0
  );
}

/**
 * A free Amazon public IPv4 of a Region (for auto-assigned addresses and Elastic IPs). AWS
 * hands these out at random; we start at a point derived from `seed` (the id of the resource
 * receiving it) and probe forward, skipping the pool's first and last address. Deterministic,
 * and O(1) expected however many addresses a Region holds — a walk from the pool's start would
 * make a large network's load quadratic.
 */
export function nextPublicIpv4(
  s: Snapshot,
  region: RegionName,
  seed: string,
  claimed: ReadonlySet<string> = new Set(),
): Ip | undefined {
  const pool = publicIpv4Pool(region);
  const usable = pool.size - 2n;
  const start = BigInt(fnv1a(seed)) % usable;
  for (let i = 0n; i < usable; i++) {
    const ip = Ip.of(4, pool.base + 1n + ((start + i) % usable));
    if (!isPublicIpTaken(s, ip, claimed)) return ip;
  }
  return undefined;
}

/**
 * IPv4 blocks that are not globally routable (RFC 6890 special-purpose registry, RFC 1918).
 * The documentation blocks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and the
 * benchmarking block 198.18.0.0/15 are deliberately treated as public: examples and scenarios
 * use them for internet addresses, exactly as AWS's own documentation does.
 */
const NOT_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((c) => Cidr.parse(c) as Cidr);

/** True for a globally routable unicast IPv4 address: one that can be an Elastic IP. */
export function isPublicIpv4(ip: Ip): boolean {
  return ip.family === 4 && !NOT_PUBLIC_V4.some((c) => c.contains(ip));
}

/**
 * Checks a private address a caller asked for: inside one of the subnet's blocks, not reserved,
 * not held by another ENI. Returns AWS's error, or undefined when the address may be used.
 */
export function checkRequestedAddress(
  s: Snapshot,
  subnet: Subnet,
  ip: Ip,
  claimed: ReadonlySet<string> = new Set(),
): AwsError | undefined {
  const blocks =
    ip.family === 4 ? (subnet.cidrBlock ? [subnet.cidrBlock] : []) : subnetIpv6Cidrs(subnet);
  const block = blocks.find((b) => b.contains(ip));
  if (!block) {
    return AwsErrors.invalidParameterValue(
      `Address ${ip.toString()} does not fall within the subnet's address range`,
    );
  }
  if (isReservedAddress(block, ip)) {
    return AwsErrors.invalidParameterValue(
      `Address ${ip.toString()} is in subnet's reserved address range`,
    );
  }
  if (isPrivateAddressInUse(s, subnet.vpcId, ip, claimed)) {
    return AwsErrors.code('InvalidIPAddress.InUse', `Address ${ip.toString()} is already in use.`);
  }
  return undefined;
}

/**
 * A MAC address derived from an ENI id, so it never changes between runs. Like AWS's, it is a
 * locally administered unicast address (second-lowest bit of the first octet set, lowest clear).
 */
export function macAddress(eniId: string): string {
  const a = fnv1a(eniId);
  const b = fnv1a(eniId, 0x050c5d1f);
  const octets = [
    (a >>> 24) & 0xff,
    (a >>> 16) & 0xff,
    (a >>> 8) & 0xff,
    a & 0xff,
    (b >>> 8) & 0xff,
    b & 0xff,
  ];
  octets[0] = ((octets[0] ?? 0) & 0xfc) | 0x02;
  return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

/** True for an IPv4 block made only of globally routable unicast addresses (BYOIP, D117). */
export function isPublicIpv4Block(c: Cidr): boolean {
  return c.family === 4 && !NOT_PUBLIC_V4.some((n) => n.overlaps(c));
}
