import { protocolName } from '../model/protocol.js';
import {
  cidrsFromRange,
  familyMax,
  type Cidr,
  type Header,
  type HeaderCube,
  type HeaderSpace,
  type Span,
} from '../net/index.js';

/**
 * Header spaces and headers as people read them, for `vpctwin analyze` and `vpctwin matrix`:
 * protocols by name, addresses as CIDR lists, ports as ranges, ICMP as type/code (D121's
 * encoding undone).
 */

const ICMP = new Set([1, 58]);
const PORTS = new Set([6, 17]);

const span = (s: Span, max: number, one = (n: number) => String(n)): string =>
  s.from === 0 && s.to === max
    ? 'any'
    : s.from === s.to
      ? one(s.from)
      : `${one(s.from)}-${one(s.to)}`;

/** A list of spans: `22,80,1024-2047` or `any`. */
export const spans = (list: readonly Span[], max = 0xffff): string =>
  list.length === 0 ? 'none' : list.map((s) => span(s, max)).join(',');

/** Protocols: names where AWS has one, `all` for every protocol. */
export function protocols(list: readonly Span[]): string {
  if (list.length === 1 && list[0]!.from === 0 && list[0]!.to === 255) return 'all';
  return list
    .flatMap((s) =>
      s.to - s.from < 4
        ? Array.from(
            { length: s.to - s.from + 1 },
            (_, i) => protocolName(s.from + i) ?? String(s.from + i),
          )
        : [`${s.from}-${s.to}`],
    )
    .join(',');
}

/** The CIDRs of a family's space that `list` (sorted, disjoint) leaves out. */
function complement(list: readonly Cidr[], family: 4 | 6): Cidr[] {
  const sorted = [...list].sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  const out: Cidr[] = [];
  let next = 0n;
  for (const c of sorted) {
    if (c.base > next) out.push(...cidrsFromRange(family, next, c.base - 1n));
    if (c.end + 1n > next) next = c.end + 1n;
  }
  if (next <= familyMax(family)) out.push(...cidrsFromRange(family, next, familyMax(family)));
  return out;
}

/**
 * Addresses: the CIDRs, or `any except …` when that is shorter (a route's "0.0.0.0/0 but not the
 * VPC" share is dozens of CIDRs, its complement one or two).
 */
function addresses(list: readonly Cidr[], family: 4 | 6): string {
  if (list.length === 1 && list[0]!.prefix === 0) return family === 4 ? '0.0.0.0/0' : '::/0';
  if (list.length > 2) {
    const rest = complement(list, family);
    if (rest.length < list.length) return `any except ${rest.map(String).join(',')}`;
  }
  return list.map(String).join(',');
}

/** ICMP type/code spans from the destination-port field (type × 256 + code). */
const icmpSpans = (list: readonly Span[]): string =>
  list.length === 1 && list[0]!.from === 0 && list[0]!.to === 0xffff
    ? 'any'
    : list
        .map((s) =>
          s.from === s.to
            ? `${s.from >> 8}/${s.from & 0xff}`
            : s.from % 256 === 0 && s.to === s.from + 255
              ? `${s.from >> 8}/any`
              : `${s.from >> 8}/${s.from & 0xff}-${s.to >> 8}/${s.to & 0xff}`,
        )
        .join(',');

/** One box: `tcp 0.0.0.0/0 -> 10.0.1.0/24 sport any dport 22,443`. */
export function cubeText(c: HeaderCube): string {
  const proto = protocols(c.protocols);
  const ends = `${addresses(c.sources, c.family)} -> ${addresses(c.destinations, c.family)}`;
  const onlyPorts = c.protocols.every((s) => s.from === s.to && PORTS.has(s.from));
  const onlyIcmp = c.protocols.every((s) => s.from === s.to && ICMP.has(s.from));
  if (onlyPorts)
    return `${proto} ${ends} sport ${spans(c.sourcePorts)} dport ${spans(c.destinationPorts)}`;
  if (onlyIcmp) return `${proto} ${ends} type/code ${icmpSpans(c.destinationPorts)}`;
  return `${proto} ${ends}`;
}

/** A space as one line per box, at most `limit` lines (then a count of the rest). */
export function spaceLines(space: HeaderSpace, limit = 8): string[] {
  const cubes = space.cubes();
  const lines = cubes.slice(0, limit).map(cubeText);
  if (cubes.length > limit) lines.push(`… and ${cubes.length - limit} more header boxes`);
  return lines;
}

/** One header: `tcp 198.51.100.1:49152 -> 10.0.1.5:22`. */
export function headerText(h: Header): string {
  const name = protocolName(h.protocol) ?? `protocol ${h.protocol}`;
  const at = (ip: string, port: number | undefined) =>
    port === undefined ? ip : h.src.family === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
  if (h.icmpType !== undefined)
    return `${name} ${String(h.src)} -> ${String(h.dst)} type ${h.icmpType} code ${h.icmpCode ?? 0}`;
  return `${name} ${at(String(h.src), h.srcPort)} -> ${at(String(h.dst), h.dstPort)}`;
}
