import { Cidr, Ip } from '../net/index.js';
import type { IcmpTypeCode, PortRange } from '../model/common.js';
import { NAT64_PREFIX } from '../model/nat-gateway.js';
import { PROTOCOL } from '../model/protocol.js';

// The IANA numbers live with the rule protocol parser; the packet vocabulary re-exports them.
export { PROTOCOL } from '../model/protocol.js';

/** ICMP echo request / reply types, per family (RFC 792, RFC 4443). */
export const ICMP_ECHO = {
  4: { request: 8, reply: 0 },
  6: { request: 128, reply: 129 },
} as const;

/**
 * One concrete packet header: addresses, IANA protocol, and either ports (TCP/UDP) or an ICMP
 * type and code. The symbolic engine works on sets of these; every field a forwarding
 * function reads is here.
 */
export interface Packet {
  readonly src: Ip;
  readonly dst: Ip;
  readonly protocol: number;
  readonly srcPort?: number | undefined;
  readonly dstPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/** A packet with every field present (one object shape, which keeps the hot paths fast). */
export function packet(p: Packet): Packet {
  return {
    src: p.src,
    dst: p.dst,
    protocol: p.protocol,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
  };
}

/** True for protocols whose header carries ports (TCP, UDP). */
export const hasPorts = (protocol: number): boolean =>
  protocol === PROTOCOL.tcp || protocol === PROTOCOL.udp;

/** True for ICMP and ICMPv6. */
export const isIcmp = (protocol: number): boolean =>
  protocol === PROTOCOL.icmp || protocol === PROTOCOL.icmpv6;

/**
 * What a rule admits besides addresses: a protocol (-1 = all) and, for TCP/UDP, a destination
 * port range, for ICMP a type/code (-1 = any). Absent ranges mean "any".
 */
export interface ProtoMatch {
  readonly protocol: number;
  readonly ports?: PortRange;
  readonly icmp?: IcmpTypeCode;
}

/** Whether the packet's protocol, destination port or ICMP type/code fall inside the match. */
export function matchesProto(m: ProtoMatch, p: Packet): boolean {
  if (m.protocol === -1) return true;
  if (m.protocol !== p.protocol) return false;
  if (hasPorts(p.protocol)) {
    const port = p.dstPort ?? 0;
    return m.ports === undefined || (port >= m.ports.from && port <= m.ports.to);
  }
  if (isIcmp(p.protocol) && m.icmp !== undefined) {
    return (
      (m.icmp.type === -1 || m.icmp.type === p.icmpType) &&
      (m.icmp.code === -1 || m.icmp.code === p.icmpCode)
    );
  }
  return true;
}

/**
 * The reply to a packet: addresses and ports swapped, an ICMP echo request answered by an echo
 * reply (other ICMP types come back unchanged: an error message has no reply).
 */
export function replyTo(p: Packet): Packet {
  const echo = ICMP_ECHO[p.src.family];
  const icmpType = isIcmp(p.protocol) && p.icmpType === echo.request ? echo.reply : p.icmpType;
  return {
    src: p.dst,
    dst: p.src,
    protocol: p.protocol,
    srcPort: p.dstPort,
    dstPort: p.srcPort,
    icmpType,
    icmpCode: p.icmpCode,
  };
}

/** Same header fields, ignoring object identity. */
export function samePacket(a: Packet, b: Packet): boolean {
  return (
    a.src.equals(b.src) &&
    a.dst.equals(b.dst) &&
    a.protocol === b.protocol &&
    a.srcPort === b.srcPort &&
    a.dstPort === b.dstPort &&
    a.icmpType === b.icmpType &&
    a.icmpCode === b.icmpCode
  );
}

/** A Map key for an IPv4 address (a plain number: cheaper to hash than a bigint). */
export const v4Key = (ip: Ip): number => Number(ip.value);

const cidr = (text: string): Cidr => {
  const c = Cidr.parse(text);
  if (!c) throw new Error(`bad built-in CIDR ${text}`);
  return c;
};

/** RFC 1918 private IPv4 space; internet gateways drop it (explanation codes *_RFC1918_*). */
export const RFC1918: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(cidr);

/** RFC 6598 shared address space (100.64.0.0/10); internet gateways drop it too. */
export const RFC6598: Cidr = cidr('100.64.0.0/10');

/** True when ip lies in one of the blocks. */
export const inAny = (blocks: readonly Cidr[], ip: Ip): boolean =>
  blocks.some((b) => b.contains(ip));

/** The IPv4 address carried in the low 32 bits of a NAT64 address. */
export function nat64Embedded(ip: Ip): Ip {
  return Ip.of(4, ip.value & 0xffff_ffffn);
}

/** The NAT64 address (64:ff9b::/96) that stands for an IPv4 address. */
export function nat64Synthesised(v4: Ip): Ip {
  return Ip.of(6, NAT64_PREFIX.base | v4.value);
}

/** FNV-1a over a string: a stable, well-spread 32-bit hash (no randomness in the core). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The hash of a flow, the same for both directions (the two ends are ordered), over 5, 3
 * (addresses and protocol) or 2 (addresses) fields, as GWLB stickiness defines them. Transit
 * gateway appliance mode and load balancers both pick by it.
 */
export function flowHash(p: Packet, tuple: 5 | 3 | 2 = 5): number {
  const a = `${p.src.toString()}|${tuple === 5 ? String(p.srcPort ?? '') : ''}`;
  const b = `${p.dst.toString()}|${tuple === 5 ? String(p.dstPort ?? '') : ''}`;
  const [x, y] = a < b ? [a, b] : [b, a];
  return fnv(`${x}>${y}>${tuple === 2 ? '' : String(p.protocol)}`);
}
