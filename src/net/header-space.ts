import { Cidr, cidrsFromRange } from './cidr.js';
import { CubeSet } from './cube-set.js';
import * as IL from './interval-list.js';
import type { IntervalList } from './interval-list.js';
import { type Family, Ip, familyMax } from './ip.js';
import type { RangeSet } from './range-set.js';

/**
 * Header spaces: sets of packet headers over (protocol, source address, destination address,
 * source port, destination port), one cube set per address family. The symbolic analyzer
 * carries these where the tracer carries one packet.
 *
 * Field encoding (decisions D120–D121):
 * - protocol is the IANA number 0–255;
 * - for TCP and UDP the ports are the ports;
 * - for ICMP (1) and ICMPv6 (58) the destination-port field holds type × 256 + code and the
 *   source port is unused;
 * - an unused port field is "any": every space built here is a cylinder along unused fields
 *   (all values present or none), so a packet with no ports is a member when any value is.
 */

/** The dimensions of a header space, in order; the witness minimises them in this order. */
export const FIELD = {
  protocol: 0,
  source: 1,
  destination: 2,
  sourcePort: 3,
  destinationPort: 4,
} as const;
/** A header field. */
export type Field = keyof typeof FIELD;

const PORT_MAX = 0xffffn;
const MAXIMA: Record<Family, readonly bigint[]> = {
  4: [0xffn, familyMax(4), familyMax(4), PORT_MAX, PORT_MAX],
  6: [0xffn, familyMax(6), familyMax(6), PORT_MAX, PORT_MAX],
};
const ICMP = 1;
const ICMPV6 = 58;
const isIcmp = (p: number): boolean => p === ICMP || p === ICMPV6;

/** An inclusive span of protocol numbers, ports or encoded ICMP type/codes. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** One concrete header; structurally the dataplane's Packet. */
export interface Header {
  readonly src: Ip;
  readonly dst: Ip;
  readonly protocol: number;
  readonly srcPort?: number | undefined;
  readonly dstPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/** Addresses of both families, as the CIDRs or range sets a rule names. */
export type Addresses = readonly Cidr[] | { readonly v4: RangeSet; readonly v6: RangeSet };

/** A box of headers as rendered: CIDR lists for addresses, spans for the rest. */
export interface HeaderCube {
  readonly family: Family;
  readonly protocols: readonly Span[];
  readonly sources: readonly Cidr[];
  readonly destinations: readonly Cidr[];
  readonly sourcePorts: readonly Span[];
  readonly destinationPorts: readonly Span[];
}

/** The fields a space is built from; an absent field is any value. */
export interface HeaderMatch {
  readonly protocols?: readonly Span[];
  readonly sources?: Addresses;
  readonly destinations?: Addresses;
  readonly sourcePorts?: readonly Span[];
  readonly destinationPorts?: readonly Span[];
}

/** The span of destination-port values that stands for an ICMP type and code (-1 = any). */
export function icmpSpan(type: number, code: number): Span {
  if (type < 0) return { from: 0, to: 0xffff };
  return code < 0
    ? { from: type * 256, to: type * 256 + 255 }
    : { from: type * 256 + code, to: type * 256 + code };
}

const spans = (list: readonly Span[]): IntervalList =>
  IL.fromIntervals(list.map((s) => [BigInt(s.from), BigInt(s.to)] as const));

function addressLists(a: Addresses): Record<Family, IntervalList> {
  if (Array.isArray(a)) {
    const cidrs = a as readonly Cidr[];
    const of = (f: Family): IntervalList =>
      IL.fromIntervals(cidrs.filter((c) => c.family === f).map((c) => [c.base, c.end] as const));
    return { 4: of(4), 6: of(6) };
  }
  const sets = a as { readonly v4: RangeSet; readonly v6: RangeSet };
  const of = (s: RangeSet): IntervalList => s.ranges.flatMap((r) => [r.start, r.end]);
  return { 4: of(sets.v4), 6: of(sets.v6) };
}

/**
 * An immutable set of packet headers of both address families.
 *
 * @example HeaderSpace.match({ destinations: [Cidr.parse('10.0.0.0/16')!] }).isEmpty() // false
 */
export class HeaderSpace {
  /** The IPv4 headers. */
  readonly v4: CubeSet;
  /** The IPv6 headers. */
  readonly v6: CubeSet;

  private constructor(v4: CubeSet, v6: CubeSet) {
    this.v4 = v4;
    this.v6 = v6;
  }

  /** No header. */
  static none(): HeaderSpace {
    return new HeaderSpace(CubeSet.empty(MAXIMA[4]), CubeSet.empty(MAXIMA[6]));
  }

  /** Every header of both families. */
  static all(): HeaderSpace {
    return new HeaderSpace(CubeSet.universe(MAXIMA[4]), CubeSet.universe(MAXIMA[6]));
  }

  /** Every header of one family. */
  static family(f: Family): HeaderSpace {
    const none = HeaderSpace.none();
    return f === 4
      ? new HeaderSpace(CubeSet.universe(MAXIMA[4]), none.v6)
      : new HeaderSpace(none.v4, CubeSet.universe(MAXIMA[6]));
  }

  /** The headers whose fields lie in the given values (one box per family). */
  static match(m: HeaderMatch): HeaderSpace {
    const src = m.sources && addressLists(m.sources);
    const dst = m.destinations && addressLists(m.destinations);
    const box = (f: Family): CubeSet => {
      const max = MAXIMA[f];
      const any = (d: number): IntervalList => IL.interval(0n, max[d]!);
      return CubeSet.box(max, [
        m.protocols ? spans(m.protocols) : any(0),
        src ? src[f] : any(1),
        dst ? dst[f] : any(2),
        m.sourcePorts ? spans(m.sourcePorts) : any(3),
        m.destinationPorts ? spans(m.destinationPorts) : any(4),
      ]);
    };
    return new HeaderSpace(box(4), box(6));
  }

  /** The space of one header (all values of its unused fields). */
  static of(h: Header): HeaderSpace {
    const f = h.src.family;
    const point = toPoint(h);
    const sides = point.map((v, d) => {
      const unused =
        (d === FIELD.sourcePort && !hasSrcPort(h.protocol)) ||
        (d === FIELD.destinationPort && !hasDstPort(h.protocol));
      return unused ? IL.interval(0n, MAXIMA[f][d]!) : IL.interval(v, v);
    });
    const one = CubeSet.box(MAXIMA[f], sides);
    const none = HeaderSpace.none();
    return f === 4 ? new HeaderSpace(one, none.v6) : new HeaderSpace(none.v4, one);
  }

  /** The union of rendered boxes: the inverse of cubes(). */
  static fromCubes(cubes: readonly HeaderCube[]): HeaderSpace {
    let out = HeaderSpace.none();
    for (const c of cubes) {
      const box = CubeSet.box(MAXIMA[c.family], [
        spans(c.protocols),
        addressLists(c.sources)[c.family],
        addressLists(c.destinations)[c.family],
        spans(c.sourcePorts),
        spans(c.destinationPorts),
      ]);
      const space =
        c.family === 4
          ? new HeaderSpace(box, CubeSet.empty(MAXIMA[6]))
          : new HeaderSpace(CubeSet.empty(MAXIMA[4]), box);
      out = out.union(space);
    }
    return out;
  }

  /** True when no header is in the space. */
  isEmpty(): boolean {
    return this.v4.isEmpty() && this.v6.isEmpty();
  }

  /** Headers in both spaces. */
  intersect(o: HeaderSpace): HeaderSpace {
    return new HeaderSpace(this.v4.intersect(o.v4), this.v6.intersect(o.v6));
  }

  /** Headers in either space. */
  union(o: HeaderSpace): HeaderSpace {
    return new HeaderSpace(this.v4.union(o.v4), this.v6.union(o.v6));
  }

  /** Headers in this space but not in o. */
  difference(o: HeaderSpace): HeaderSpace {
    return new HeaderSpace(this.v4.difference(o.v4), this.v6.difference(o.v6));
  }

  /** Headers of both families not in the space. */
  complement(): HeaderSpace {
    return new HeaderSpace(this.v4.complement(), this.v6.complement());
  }

  /** True when both spaces hold the same headers. */
  equals(o: HeaderSpace): boolean {
    return this.v4.equals(o.v4) && this.v6.equals(o.v6);
  }

  /** Whether a header is in the space. */
  has(h: Header): boolean {
    return (h.src.family === 4 ? this.v4 : this.v6).has(toPoint(h));
  }

  /** The headers whose address field lies in the addresses (a route's prefix, a rule's peer). */
  restrictAddress(field: 'source' | 'destination', a: Addresses): HeaderSpace {
    const lists = addressLists(a);
    const d = FIELD[field];
    return new HeaderSpace(this.v4.restrict(d, lists[4]), this.v6.restrict(d, lists[6]));
  }

  /** The headers whose address field lies outside the addresses (longer prefixes taken out). */
  excludeAddress(field: 'source' | 'destination', a: Addresses): HeaderSpace {
    const lists = addressLists(a);
    const d = FIELD[field];
    return new HeaderSpace(this.v4.exclude(d, lists[4]), this.v6.exclude(d, lists[6]));
  }

  /** The headers after an address field is rewritten to ip (NAT, a load balancer's target). */
  rewriteAddress(field: 'source' | 'destination', ip: Ip): HeaderSpace {
    const d = FIELD[field];
    const v = IL.interval(ip.value, ip.value);
    // A rewrite keeps the family: the other family's headers do not pass this function.
    return ip.family === 4
      ? new HeaderSpace(this.v4.assign(d, v), CubeSet.empty(MAXIMA[6]))
      : new HeaderSpace(CubeSet.empty(MAXIMA[4]), this.v6.assign(d, v));
  }

  /** The headers after a port field is rewritten to any of the spans. */
  rewritePort(field: 'sourcePort' | 'destinationPort', to: readonly Span[]): HeaderSpace {
    const d = FIELD[field];
    return new HeaderSpace(this.v4.assign(d, spans(to)), this.v6.assign(d, spans(to)));
  }

  /** The headers after the values of a field in [from, to] move by delta (a NAT port shift). */
  shift(field: Field, span: Span, delta: number): HeaderSpace {
    const d = FIELD[field];
    const [lo, hi, by] = [BigInt(span.from), BigInt(span.to), BigInt(delta)];
    return new HeaderSpace(this.v4.translate(d, lo, hi, by), this.v6.translate(d, lo, hi, by));
  }

  /** The headers whose field lies in [lo, hi] (encoded values: IANA numbers, ports, addresses). */
  restrictField(field: Field, lo: bigint, hi: bigint): HeaderSpace {
    const d = FIELD[field];
    return new HeaderSpace(this.v4.restrict(d, [lo, hi]), this.v6.restrict(d, [lo, hi]));
  }

  /** The headers whose field lies outside [lo, hi]. */
  excludeField(field: Field, lo: bigint, hi: bigint): HeaderSpace {
    const d = FIELD[field];
    return new HeaderSpace(this.v4.exclude(d, [lo, hi]), this.v6.exclude(d, [lo, hi]));
  }

  /** Each header with the field set to every value ([lo, hi] when given): a rewrite's pre-image. */
  assignField(field: Field, lo?: bigint, hi?: bigint): HeaderSpace {
    const d = FIELD[field];
    const of = (set: CubeSet, f: Family) =>
      set.isEmpty() ? set : set.assign(d, IL.interval(lo ?? 0n, hi ?? MAXIMA[f][d]!));
    return new HeaderSpace(of(this.v4, 4), of(this.v6, 6));
  }

  /** Each box with one field's values mapped through fn (a many-to-one rewrite such as ICMP's). */
  mapField(field: Field, fn: (values: IntervalList) => IntervalList): HeaderSpace {
    const d = FIELD[field];
    return new HeaderSpace(this.v4.mapSide(d, fn), this.v6.mapSide(d, fn));
  }

  /**
   * Every header re-addressed from `source` to `destination` (a proxy opening its own connection:
   * a load balancer node to a target), in the destination's family whatever the family before;
   * protocol and ports kept.
   */
  readdress(source: Ip, destination: Ip): HeaderSpace {
    const f = destination.family;
    const boxes = [...this.v4.cubes, ...this.v6.cubes].map((c) => {
      const out = c.slice();
      out[FIELD.source] = IL.interval(source.value, source.value);
      out[FIELD.destination] = IL.interval(destination.value, destination.value);
      return out;
    });
    const set = CubeSet.ofBoxes(MAXIMA[f], boxes);
    return f === 4
      ? new HeaderSpace(set, CubeSet.empty(MAXIMA[6]))
      : new HeaderSpace(CubeSet.empty(MAXIMA[4]), set);
  }

  /** The inverse image of readdress(source, destination): headers of either family, any addresses. */
  unReaddress(source: Ip, destination: Ip): HeaderSpace {
    const set = destination.family === 4 ? this.v4 : this.v6;
    const hit = set
      .restrict(FIELD.source, [source.value, source.value])
      .restrict(FIELD.destination, [destination.value, destination.value]);
    const lift = (f: Family) =>
      CubeSet.ofBoxes(
        MAXIMA[f],
        hit.cubes.map((c) => {
          const out = c.slice();
          out[FIELD.source] = IL.interval(0n, MAXIMA[f][FIELD.source]!);
          out[FIELD.destination] = IL.interval(0n, MAXIMA[f][FIELD.destination]!);
          return out;
        }),
      );
    return new HeaderSpace(lift(4), lift(6));
  }

  /**
   * The inverse image of nat64(prefix, source) over IPv4 headers: the IPv6 headers to the
   * prefix whose translation lands in this space's IPv4 part (any IPv6 source).
   */
  unNat64(prefix: Cidr, source: Ip): HeaderSpace {
    const fromSource = this.v4.restrict(FIELD.source, [source.value, source.value]);
    const boxes = fromSource.cubes.map((c) => {
      const out = c.slice();
      out[FIELD.source] = IL.interval(0n, MAXIMA[6][FIELD.source]!);
      out[FIELD.destination] = c[FIELD.destination]!.map((v) => v + prefix.base);
      return out;
    });
    return new HeaderSpace(CubeSet.empty(MAXIMA[4]), CubeSet.ofBoxes(MAXIMA[6], boxes));
  }

  /**
   * NAT64: the IPv6 headers to a /96 prefix become IPv4 headers to the address embedded in the
   * low 32 bits, from source. Protocol and ICMP translation are the caller's (shift, restrict).
   */
  nat64(prefix: Cidr, source: Ip): HeaderSpace {
    if (prefix.family !== 6 || prefix.prefix !== 96 || source.family !== 4) {
      throw new RangeError('nat64 takes an IPv6 /96 and an IPv4 source');
    }
    const inPrefix = this.v6.restrict(FIELD.destination, [prefix.base, prefix.end]);
    const boxes = inPrefix.cubes.map((c) => {
      const out = c.slice();
      out[FIELD.source] = IL.interval(source.value, source.value);
      out[FIELD.destination] = c[FIELD.destination]!.map((v) => v - prefix.base);
      return out;
    });
    return new HeaderSpace(CubeSet.ofBoxes(MAXIMA[4], boxes), CubeSet.empty(MAXIMA[6]));
  }

  /**
   * A deterministic member: the first preference space that meets this one is searched first,
   * then the whole; within a space, IPv4 before IPv6, then the smallest protocol, source,
   * destination, source port and destination port.
   */
  witness(prefer: readonly HeaderSpace[] = []): Header | undefined {
    for (const p of prefer) {
      const w = this.intersect(p).witness();
      if (w) return w;
    }
    const p4 = this.v4.witness();
    if (p4) return fromPoint(4, p4);
    const p6 = this.v6.witness();
    return p6 && fromPoint(6, p6);
  }

  /** The space as few rendered boxes as a greedy merge finds, IPv4 first, in a stable order. */
  cubes(): HeaderCube[] {
    const render = (f: Family, set: CubeSet): HeaderCube[] =>
      set.merged().cubes.map((c) => ({
        family: f,
        protocols: toSpans(c[FIELD.protocol]!),
        sources: toCidrs(f, c[FIELD.source]!),
        destinations: toCidrs(f, c[FIELD.destination]!),
        sourcePorts: toSpans(c[FIELD.sourcePort]!),
        destinationPorts: toSpans(c[FIELD.destinationPort]!),
      }));
    return [...render(4, this.v4), ...render(6, this.v6)];
  }

  /** Number of headers (unused port fields counted at every value). */
  size(): bigint {
    return this.v4.size() + this.v6.size();
  }
}

const hasSrcPort = (protocol: number): boolean => protocol === 6 || protocol === 17;
const hasDstPort = (protocol: number): boolean => hasSrcPort(protocol) || isIcmp(protocol);

/** A header as a point of its family's space. */
function toPoint(h: Header): bigint[] {
  const dport = isIcmp(h.protocol) ? (h.icmpType ?? 0) * 256 + (h.icmpCode ?? 0) : (h.dstPort ?? 0);
  return [BigInt(h.protocol), h.src.value, h.dst.value, BigInt(h.srcPort ?? 0), BigInt(dport)];
}

/** A point as a header, with only the fields its protocol uses. */
function fromPoint(f: Family, p: readonly bigint[]): Header {
  const protocol = Number(p[0]!);
  const src = Ip.of(f, p[1]!);
  const dst = Ip.of(f, p[2]!);
  if (hasSrcPort(protocol))
    return { src, dst, protocol, srcPort: Number(p[3]!), dstPort: Number(p[4]!) };
  if (isIcmp(protocol)) {
    const v = Number(p[4]!);
    return { src, dst, protocol, icmpType: v >> 8, icmpCode: v & 0xff };
  }
  return { src, dst, protocol };
}

function toSpans(list: IntervalList): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < list.length; i += 2)
    out.push({ from: Number(list[i]!), to: Number(list[i + 1]!) });
  return out;
}

function toCidrs(f: Family, list: IntervalList): Cidr[] {
  const out: Cidr[] = [];
  for (let i = 0; i < list.length; i += 2) out.push(...cidrsFromRange(f, list[i]!, list[i + 1]!));
  return out;
}
