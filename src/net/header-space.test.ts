import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cidr } from './cidr.js';
import { type Header, HeaderSpace, type Span, icmpSpan } from './header-space.js';
import { Ip } from './ip.js';

const cidr = (t: string): Cidr => Cidr.parse(t)!;
const ip = (t: string): Ip => Ip.parse(t)!;

/** Addresses inside 10.0.0.0/28 and 2001:db8::/124, ports 0..15: small enough to enumerate. */
const v4 = (o: number): Ip => Ip.of(4, 0x0a000000n + BigInt(o));
const v6 = (o: number): Ip => Ip.of(6, ip('2001:db8::').value + BigInt(o));
const blockArb = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 28, max: 32 }))
  .map(([six, o, len]) => (six ? Cidr.of(v6(o), len + 96) : Cidr.of(v4(o), len)));
const spanArb = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }))
  .map(([a, b]): Span => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const PROTOCOLS = [1, 6, 17, 47, 58];
type Match = Parameters<typeof HeaderSpace.match>[0];
const one = (p: number): Span => ({ from: p, to: p });
const addressesArb = fc.record(
  {
    sources: fc.array(blockArb, { maxLength: 2 }),
    destinations: fc.array(blockArb, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
/**
 * Matches as rules make them, cylinders along unused fields (the invariant of header spaces):
 * ports only with TCP/UDP, a destination-port field (type/code) only with ICMP.
 */
const matchArb = fc.oneof(
  addressesArb,
  fc
    .record({
      a: addressesArb,
      protocols: fc.subarray([6, 17], { minLength: 1 }),
      sourcePorts: fc.array(spanArb, { minLength: 1, maxLength: 2 }),
      destinationPorts: fc.array(spanArb, { minLength: 1, maxLength: 2 }),
    })
    .map(({ a, protocols, ...ports }): Match => ({
      ...a,
      ...ports,
      protocols: protocols.map(one),
    })),
  fc
    .record({
      a: addressesArb,
      protocols: fc.subarray([1, 58], { minLength: 1 }),
      destinationPorts: fc.array(spanArb, { minLength: 1, maxLength: 2 }),
    })
    .map(({ a, protocols, destinationPorts }): Match => ({
      ...a,
      destinationPorts,
      protocols: protocols.map(one),
    })),
  fc
    .record({ a: addressesArb, protocols: fc.subarray(PROTOCOLS, { minLength: 1 }) })
    .map(({ a, protocols }): Match => ({ ...a, protocols: protocols.map(one) })),
);
const headerArb = fc
  .record({
    six: fc.boolean(),
    s: fc.integer({ min: 0, max: 15 }),
    d: fc.integer({ min: 0, max: 15 }),
    protocol: fc.constantFrom(...PROTOCOLS),
    sp: fc.integer({ min: 0, max: 15 }),
    dp: fc.integer({ min: 0, max: 15 }),
  })
  .map(({ six, s, d, protocol, sp, dp }): Header => {
    const at = six ? v6 : v4;
    if (protocol === 6 || protocol === 17) {
      return { src: at(s), dst: at(d), protocol, srcPort: sp, dstPort: dp };
    }
    if (protocol === 1 || protocol === 58) {
      return { src: at(s), dst: at(d), protocol, icmpType: 0, icmpCode: dp };
    }
    return { src: at(s), dst: at(d), protocol };
  });

const inSpans = (spans: readonly Span[] | undefined, v: number): boolean =>
  spans === undefined || spans.some((s) => v >= s.from && v <= s.to);
const inBlocks = (blocks: readonly Cidr[] | undefined, a: Ip): boolean =>
  blocks === undefined || blocks.some((b) => b.contains(a));

/** The reference: the match read field by field against one header. */
function matches(m: Match, h: Header): boolean {
  const dport = h.protocol === 1 || h.protocol === 58 ? h.icmpCode! : (h.dstPort ?? 0);
  return (
    inSpans(m.protocols, h.protocol) &&
    inBlocks(m.sources as readonly Cidr[] | undefined, h.src) &&
    inBlocks(m.destinations as readonly Cidr[] | undefined, h.dst) &&
    inSpans(m.sourcePorts, h.srcPort ?? 0) &&
    inSpans(m.destinationPorts, dport)
  );
}

describe('HeaderSpace', () => {
  it('holds exactly the headers a match describes, under every boolean operation', () => {
    fc.assert(
      fc.property(
        matchArb,
        matchArb,
        fc.array(headerArb, { minLength: 20, maxLength: 20 }),
        (ma, mb, hs) => {
          const a = HeaderSpace.match(ma);
          const b = HeaderSpace.match(mb);
          const ops = {
            and: a.intersect(b),
            or: a.union(b),
            minus: a.difference(b),
            not: a.complement(),
          };
          for (const h of hs) {
            const [x, y] = [matches(ma, h), matches(mb, h)];
            expect(a.has(h)).toBe(x);
            expect(ops.and.has(h)).toBe(x && y);
            expect(ops.or.has(h)).toBe(x || y);
            expect(ops.minus.has(h)).toBe(x && !y);
            expect(ops.not.has(h)).toBe(!x);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('renders as CIDR and span boxes that rebuild the same space', () => {
    fc.assert(
      fc.property(fc.array(matchArb, { maxLength: 4 }), matchArb, (ms, cut) => {
        const space = ms.reduce((s, m) => s.union(HeaderSpace.match(m)), HeaderSpace.none());
        const shaped = space.difference(HeaderSpace.match(cut));
        const cubes = shaped.cubes();
        expect(HeaderSpace.fromCubes(cubes).equals(shaped)).toBe(true);
        expect(cubes.length).toBeLessThanOrEqual(shaped.v4.cubes.length + shaped.v6.cubes.length);
        const w = shaped.witness();
        expect(w === undefined).toBe(shaped.isEmpty());
        if (w) expect(shaped.has(w)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('takes the witness from the first preferred space that meets it', () => {
    const s = HeaderSpace.match({ destinations: [cidr('10.0.1.0/24'), cidr('2001:db8::/64')] });
    expect(s.witness()).toEqual({ src: ip('0.0.0.0'), dst: ip('10.0.1.0'), protocol: 0 });
    const tcp443 = HeaderSpace.match({
      protocols: [{ from: 6, to: 6 }],
      destinationPorts: [{ from: 443, to: 443 }],
    });
    const v6only = HeaderSpace.family(6);
    expect(s.witness([v6only.intersect(tcp443), tcp443])).toEqual({
      src: ip('::'),
      dst: ip('2001:db8::'),
      protocol: 6,
      srcPort: 0,
      dstPort: 443,
    });
    expect(HeaderSpace.none().witness([tcp443])).toBeUndefined();
  });

  it('encodes ICMP type and code in the destination-port field', () => {
    const unreachable = HeaderSpace.match({
      protocols: [{ from: 1, to: 1 }],
      destinationPorts: [icmpSpan(3, -1)],
    });
    const h = (type: number, code: number): Header => ({
      src: ip('10.0.0.1'),
      dst: ip('10.0.0.2'),
      protocol: 1,
      icmpType: type,
      icmpCode: code,
    });
    expect(unreachable.has(h(3, 4))).toBe(true);
    expect(unreachable.has(h(8, 0))).toBe(false);
    expect(unreachable.witness()).toEqual({ ...h(3, 0), src: ip('0.0.0.0'), dst: ip('0.0.0.0') });
    expect(icmpSpan(-1, -1)).toEqual({ from: 0, to: 0xffff });
    expect(icmpSpan(8, 0)).toEqual({ from: 2048, to: 2048 });
  });

  it('keeps unused port fields open, so a header without ports is a member', () => {
    const gre = HeaderSpace.of({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), protocol: 47 });
    expect(gre.has({ src: ip('10.0.0.1'), dst: ip('10.0.0.2'), protocol: 47 })).toBe(true);
    expect(gre.size()).toBe(65536n * 65536n);
    const tcp = HeaderSpace.of({
      src: ip('10.0.0.1'),
      dst: ip('10.0.0.2'),
      protocol: 6,
      srcPort: 5,
      dstPort: 80,
    });
    expect(tcp.size()).toBe(1n);
  });

  it('partitions a destination space by longest prefix', () => {
    const all = HeaderSpace.all();
    const routes = ['0.0.0.0/0', '10.0.0.0/16', '10.0.1.0/24'].map(cidr);
    const share = (i: number): HeaderSpace =>
      all
        .restrictAddress('destination', [routes[i]!])
        .excludeAddress('destination', routes.slice(i + 1));
    const shares = routes.map((_, i) => share(i));
    expect(shares[1]!.cubes().map((c) => c.destinations.map(String))).toEqual([
      [
        '10.0.0.0/24',
        '10.0.2.0/23',
        '10.0.4.0/22',
        '10.0.8.0/21',
        '10.0.16.0/20',
        '10.0.32.0/19',
        '10.0.64.0/18',
        '10.0.128.0/17',
      ],
    ]);
    expect(shares[0]!.union(shares[1]!).union(shares[2]!).equals(HeaderSpace.family(4))).toBe(true);
    expect(shares[0]!.intersect(shares[1]!).isEmpty()).toBe(true);
  });

  it('rewrites addresses and shifts ports as NAT does', () => {
    const flows = HeaderSpace.match({
      protocols: [{ from: 6, to: 6 }],
      sources: [cidr('10.0.0.0/24')],
      destinations: [cidr('0.0.0.0/0')],
      sourcePorts: [{ from: 0, to: 65535 }],
    });
    const natted = flows
      .rewriteAddress('source', ip('10.0.9.9'))
      .shift('sourcePort', { from: 0, to: 1023 }, 1024);
    const [c] = natted.cubes();
    expect(c!.sources.map(String)).toEqual(['10.0.9.9/32']);
    expect(c!.sourcePorts).toEqual([{ from: 1024, to: 65535 }]);
    expect(natted.v6.isEmpty()).toBe(true);
  });

  it('translates IPv6 headers to 64:ff9b::/96 into IPv4 (NAT64)', () => {
    const flows = HeaderSpace.match({
      sources: [cidr('2001:db8::/64')],
      destinations: [cidr('64:ff9b::c633:6400/120'), cidr('2001:db8:1::/64')],
    });
    const out = flows.nat64(cidr('64:ff9b::/96'), ip('10.0.0.5'));
    expect(out.v6.isEmpty()).toBe(true);
    const [c] = out.cubes();
    expect(c!.sources.map(String)).toEqual(['10.0.0.5/32']);
    expect(c!.destinations.map(String)).toEqual(['198.51.100.0/24']);
    expect(() => flows.nat64(cidr('64:ff9b::/64'), ip('10.0.0.5'))).toThrow(RangeError);
  });
});
