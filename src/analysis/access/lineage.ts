import { type Cidr, type Field, HeaderSpace, type Ip, type IntervalList } from '../../net/index.js';
import * as IL from '../../net/interval-list.js';

/**
 * How the headers at one point of a path relate to the headers that left the source. Every
 * rewrite a VPC applies sets a field to one value (NAT, an internet gateway's 1:1 mapping, a
 * load balancer's target), moves a range of values (NAT's port remap, NAT64's prefix) or
 * changes family (NAT64). So a path class keeps the headers at its source (`h0`) and this list
 * of rewrites: the headers anywhere along the path are `apply(lineage, h0)`, and a condition met
 * there restricts the source by `pullback(lineage, condition)` (decision D124).
 */
export type Rewrite =
  | { readonly kind: 'address'; readonly field: 'source' | 'destination'; readonly ip: Ip }
  | {
      readonly kind: 'port';
      readonly field: 'sourcePort' | 'destinationPort';
      readonly port: number;
    }
  | { readonly kind: 'protocol'; readonly protocol: number }
  /** The values in [from, to] move by delta; the others stay. */
  | {
      readonly kind: 'shift';
      readonly field: Field;
      readonly from: number;
      readonly to: number;
      readonly delta: number;
    }
  | { readonly kind: 'nat64'; readonly prefix: Cidr; readonly source: Ip }
  /** NAT64's ICMPv6 → ICMP: echo request (128) becomes 8, any other type 0, the code kept. */
  | { readonly kind: 'icmp6to4' }
  /** A proxy's own connection (a load balancer node to a target): both addresses, any family before. */
  | { readonly kind: 'readdress'; readonly source: Ip; readonly destination: Ip };

/** Rewrites, newest first (shared tails: branches of one path share their past). */
export interface Lineage {
  readonly rewrite: Rewrite;
  readonly prev: Lineage | undefined;
}

/** The lineage with one more rewrite. */
export const rewrite = (lin: Lineage | undefined, r: Rewrite): Lineage => ({
  rewrite: r,
  prev: lin,
});

/** The image of source headers through every rewrite, oldest first. */
export function apply(lin: Lineage | undefined, h0: HeaderSpace): HeaderSpace {
  return lin === undefined ? h0 : applyOne(lin.rewrite, apply(lin.prev, h0));
}

/** The source headers whose image lies in g (to be met with the path's own source headers). */
export function pullback(lin: Lineage | undefined, g: HeaderSpace): HeaderSpace {
  let out = g;
  for (let l = lin; l !== undefined && !out.isEmpty(); l = l.prev) out = pullOne(l.rewrite, out);
  return out;
}

function applyOne(r: Rewrite, h: HeaderSpace): HeaderSpace {
  switch (r.kind) {
    case 'address':
      return h.rewriteAddress(r.field, r.ip);
    case 'port':
      return h.rewritePort(r.field, [{ from: r.port, to: r.port }]);
    case 'protocol':
      return h.assignField('protocol', BigInt(r.protocol), BigInt(r.protocol));
    case 'shift':
      return h.shift(r.field, { from: r.from, to: r.to }, r.delta);
    case 'nat64':
      return h.nat64(r.prefix, r.source);
    case 'readdress':
      return h.readdress(r.source, r.destination);
    case 'icmp6to4':
      return h
        .restrictField('protocol', 58n, 58n)
        .assignField('protocol', 1n, 1n)
        .mapField('destinationPort', icmp6to4);
  }
}

function pullOne(r: Rewrite, g: HeaderSpace): HeaderSpace {
  switch (r.kind) {
    case 'address': {
      const v = r.ip.value;
      return g
        .intersect(HeaderSpace.family(r.ip.family))
        .restrictField(r.field, v, v)
        .assignField(r.field);
    }
    case 'port': {
      const v = BigInt(r.port);
      return g.restrictField(r.field, v, v).assignField(r.field);
    }
    case 'protocol': {
      const v = BigInt(r.protocol);
      return g.restrictField('protocol', v, v).assignField('protocol');
    }
    case 'shift': {
      const [lo, hi] = [BigInt(r.from + r.delta), BigInt(r.to + r.delta)];
      const moved = g
        .restrictField(r.field, lo, hi)
        .shift(r.field, { from: r.from + r.delta, to: r.to + r.delta }, -r.delta);
      return moved.union(g.excludeField(r.field, BigInt(r.from), BigInt(r.to)));
    }
    case 'nat64':
      return g.unNat64(r.prefix, r.source);
    case 'readdress':
      return g.unReaddress(r.source, r.destination);
    case 'icmp6to4':
      return g
        .restrictField('protocol', 1n, 1n)
        .assignField('protocol', 58n, 58n)
        .mapField('destinationPort', icmp4to6);
  }
}

/** The ICMPv6 types NAT64 translates, and what each becomes (RFC 7915 §5.2, nat-gateway.ts). */
const ICMP6_TO_4: readonly (readonly [bigint, bigint])[] = [
  [128n, 8n], // echo request
  [129n, 0n], // echo reply
];

/** A side's values of one ICMP type (type×256+code), moved to another type, codes kept. */
function retype(side: IntervalList, from: bigint, to: bigint): [bigint, bigint][] {
  const v = IL.intersect(side, [from * 256n, from * 256n + 255n]);
  const out: [bigint, bigint][] = [];
  for (let j = 0; j < v.length; j += 2)
    out.push([v[j]! - from * 256n + to * 256n, v[j + 1]! - from * 256n + to * 256n]);
  return out;
}

/** ICMPv6 type×256+code values → ICMP ones; types NAT64 does not translate have none. */
function icmp6to4(side: IntervalList): IntervalList {
  return IL.fromIntervals(ICMP6_TO_4.flatMap(([v6, v4]) => retype(side, v6, v4)));
}

/** The ICMPv6 values whose translation lies in an ICMP side: the inverse of icmp6to4. */
function icmp4to6(side: IntervalList): IntervalList {
  return IL.fromIntervals(ICMP6_TO_4.flatMap(([v6, v4]) => retype(side, v4, v6)));
}
