import { describe, expect, it } from 'vitest';
import type { AccessFinding } from '../../../src/analysis/access/index.js';
import { deleteRoute } from '../../../src/control/route.js';
import { Cidr, HeaderSpace, type Span } from '../../../src/net/index.js';
import type { Topology } from '../../../src/topology/schema.js';
import { boxes, ends, expectReplays } from '../../support/access-boxes.js';
import { caller } from '../../support/harness.js';
import { loadScenario, type Scenario } from '../../support/scenario.js';

/**
 * /work/shared/scenarios/ipv6-only-nat64.md as access scopes: everything the IPv6-only host can
 * open (IPv4 services only through NAT64 at the NAT gateway, IPv6 ones through the egress-only
 * gateway), a question asked of the IPv4 header at the internet and answered at the host's
 * IPv6 header, and what the internet can open towards the host (nothing; exactly SSH once its
 * group admits it — through the internet gateway, since an egress-only one admits nothing).
 * Expectations follow from AWS's rules: NAT64 carries TCP, UDP and ICMPv6 to 64:ff9b::/96 and
 * sends the embedded IPv4 address on through the public subnet's table; an internet gateway
 * does not carry RFC 1918 or RFC 6598 destinations; the VPC router never forwards to the
 * blocks AWS keeps for itself (169.254.168.0/22, fd00:ec2::/32).
 */
const FILE = 'examples/ipv6-only-nat64.yaml';
const V6 = caller('111111111111', 'us-east-1');
const HOST = '2600:1f18:47b:ca01::10/128';
const TCP = 6;
const UDP = 17;
const ICMPV6 = 58;

const cidrs = (...texts: string[]): Cidr[] => texts.map((t) => Cidr.parse(t)!);
const span = (p: number): Span => ({ from: p, to: p });

/** An IPv4 block as the NAT64 addresses that embed it (RFC 6052: the last 32 bits). */
const nat64 = (v4: string): string => {
  const [ip, len] = v4.split('/');
  return `64:ff9b::${ip}/${96 + Number(len)}`;
};

/**
 * The NAT64 addresses whose IPv4 destination the internet gateway carries: not private
 * (RFC 1918, which includes the VPC's own 10.30.0.0/16), not shared (RFC 6598), not AWS's.
 */
const NAT64_TO_INTERNET = cidrs(nat64('0.0.0.0/0'));
const NOT_CARRIED = cidrs(
  ...['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.168.0/22'].map(
    nat64,
  ),
);

/** Every IPv6 destination the egress-only gateway gets: not local, not NAT64, not AWS's. */
const EIGW_DESTINATIONS = HeaderSpace.match({ sources: cidrs(HOST) }).excludeAddress(
  'destination',
  cidrs('2600:1f18:47b:ca00::/56', '64:ff9b::/96', 'fd00:ec2::/32', '0.0.0.0/0'),
);

const everythingFrom = (sc: Scenario) =>
  sc.access({
    MatchPaths: [{ Source: { ResourceStatement: { Resources: [sc.id('instance', 'v6host')] } } }],
  });

/** The host's side of the NAT64 path, through the NAT gateway to the internet gateway. */
const VIA_NAT64 = [
  'instance v6host',
  'network-interface v6host.eth0',
  'security-group v6host-sg',
  'network-acl default',
  'route-table v6only-rt',
  'network-acl default',
  'nat-gateway v6app-nat',
  'network-acl default',
  'route-table public-rt',
  'internet-gateway v6app-igw',
];

const byEnd = (sc: Scenario, found: readonly AccessFinding[], end: string) =>
  found.filter((f) => sc.ref({ Id: f.destination.id }) === end);

/** v6host-sg also admitting SSH from anywhere, IPv6 and IPv4 (the host has no IPv4 address). */
function withSsh(t: Topology): Topology {
  const [account] = t.accounts;
  const [region] = account!.regions;
  const vpcs = region!.vpcs!.map((v) => ({
    ...v,
    securityGroups: v.securityGroups!.map((g) =>
      g.name !== 'v6host-sg'
        ? g
        : {
            ...g,
            ingress: [
              { protocol: 'tcp' as const, ports: '22', cidr: '::/0' },
              { protocol: 'tcp' as const, ports: '22', cidr: '0.0.0.0/0' },
            ],
          },
    ),
  }));
  return { ...t, accounts: [{ ...account!, regions: [{ ...region!, vpcs }] }] };
}

describe(`scenario: IPv6-only workloads and NAT64 — as access scopes (${FILE})`, () => {
  it('everything v6host can open: IPv4 services through NAT64 (TCP, UDP, ICMPv6), IPv6 ones through the egress-only gateway', () => {
    const sc = loadScenario(FILE);
    const found = everythingFrom(sc);
    for (const f of found) expectReplays(sc, f);
    // Its group admits nothing, so it does not reach even itself.
    expect(ends(sc, found).sort()).toEqual([
      'network-interface v6host.eth0 → egress-only-internet-gateway v6app-eigw',
      'network-interface v6host.eth0 → internet-gateway v6app-igw',
      'network-interface v6host.eth0 → internet-gateway v6app-igw',
    ]);
    const [eigw] = byEnd(sc, found, 'egress-only-internet-gateway v6app-eigw');
    expect(sc.hops(eigw!.components)).toEqual([
      ...VIA_NAT64.slice(0, 5),
      'egress-only-internet-gateway v6app-eigw',
    ]);
    // Every protocol to every IPv6 address but the VPC's own, NAT64's and AWS's reserved one.
    expect(eigw!.space.equals(EIGW_DESTINATIONS), boxes(eigw!).join('\n')).toBe(true);

    // NAT64: a path class per translation (TCP/UDP keep their ports, ICMPv6 becomes ICMP).
    const viaNat = byEnd(sc, found, 'internet-gateway v6app-igw');
    for (const f of viaNat) expect(sc.hops(f.components)).toEqual(VIA_NAT64);
    const carried = viaNat.reduce((u, f) => u.union(f.space), HeaderSpace.none());
    const toInternet = (protocols: Span[], destinationPorts?: Span[]) =>
      HeaderSpace.match({
        protocols,
        sources: cidrs(HOST),
        destinations: NAT64_TO_INTERNET,
        ...(destinationPorts ? { destinationPorts } : {}),
      }).excludeAddress('destination', NOT_CARRIED);
    // TCP and UDP exactly; ICMPv6 at least its echo request (only echo: below), and no other
    // protocol.
    const icmpv6 = toInternet([span(ICMPV6)]);
    const echo = toInternet([span(ICMPV6)], [{ from: 128 * 256, to: 128 * 256 + 255 }]);
    expect(
      carried.difference(icmpv6).equals(toInternet([span(TCP), span(UDP)])),
      viaNat.flatMap(boxes).join('\n'),
    ).toBe(true);
    expect(echo.difference(carried).isEmpty()).toBe(true);
    // At the internet gateway the packet is IPv4, from the NAT gateway's Elastic IP.
    for (const f of viaNat) {
      const igw = f.components.at(-1)!;
      expect(igw.InboundHeader!.SourceAddresses).toEqual(['10.30.0.4/32']);
      expect(igw.OutboundHeader!.SourceAddresses).toEqual(['198.51.100.20/32']);
      expect(igw.OutboundHeader!.DestinationAddresses.every((a) => !a.includes(':'))).toBe(true);
    }
  });

  it('who reaches api.example.com (34.207.250.62) on TCP 443: v6host, as [64:ff9b::22cf:fa3e]:443 through the NAT gateway', () => {
    const sc = loadScenario(FILE);
    // The destination statement is about the header as it arrives: IPv4 after NAT64.
    const found = sc.access({
      MatchPaths: [
        {
          Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } },
          Destination: {
            PacketHeaderStatement: {
              DestinationAddresses: ['34.207.250.62/32'],
              DestinationPorts: ['443'],
              Protocols: ['tcp'],
            },
          },
        },
      ],
    });
    expect(ends(sc, found)).toEqual(['network-interface v6host.eth0 → internet-gateway v6app-igw']);
    const [f] = found;
    expect(sc.hops(f!.components)).toEqual(VIA_NAT64);
    expectReplays(sc, f!);
    // At the source: the one IPv6 destination DNS64 synthesises for it (RFC 6052).
    expect(boxes(f!)).toEqual([`tcp ${HOST} > 64:ff9b::22cf:fa3e/128 sport * dport 443`]);
    expect(f!.witness).toMatchObject({ protocol: TCP, dstPort: 443 });
    expect(String(f!.witness.dst)).toBe('64:ff9b::22cf:fa3e');
    // The NAT gateway translates: its private IPv4 address, the embedded destination, source
    // ports from its range; the internet gateway then maps the source to the Elastic IP.
    const nat = f!.components[6]!;
    expect(nat.InboundHeader).toMatchObject({
      SourceAddresses: [HOST],
      DestinationAddresses: ['64:ff9b::22cf:fa3e/128'],
    });
    expect(nat.OutboundHeader).toMatchObject({
      SourceAddresses: ['10.30.0.4/32'],
      DestinationAddresses: ['34.207.250.62/32'],
      Protocol: '6',
      SourcePortRanges: [{ From: 1024, To: 65535 }],
      DestinationPortRanges: [{ From: 443, To: 443 }],
    });
    expect(f!.components.at(-1)!.OutboundHeader).toMatchObject({
      SourceAddresses: ['198.51.100.20/32'],
      DestinationAddresses: ['34.207.250.62/32'],
    });
  });

  it('without the 64:ff9b::/96 route: no IPv4 service is reachable, and NAT64 addresses reach nothing by the egress-only gateway', () => {
    const sc = loadScenario(FILE);
    sc.run(
      deleteRoute,
      { routeTableId: sc.id('route-table', 'v6only-rt'), destinationIpv6CidrBlock: '64:ff9b::/96' },
      V6,
    );
    expect(sc.access('AWS-IGW-Egress')).toEqual([]);
    const found = everythingFrom(sc);
    expect(ends(sc, found)).toEqual([
      'network-interface v6host.eth0 → egress-only-internet-gateway v6app-eigw',
    ]);
    // ::/0 now takes 64:ff9b::/96 too, but nothing translates it past the egress-only gateway:
    // no host has such an address (the trace of this row: NO_POSSIBLE_DESTINATION there). So
    // the gateway's finding is the one it had before the route went.
    expect(found[0]!.space.equals(EIGW_DESTINATIONS), boxes(found[0]!).join('\n')).toBe(true);
    expect(sc.hops(found[0]!.components)).toEqual([
      ...VIA_NAT64.slice(0, 5),
      'egress-only-internet-gateway v6app-eigw',
    ]);
  });

  it('All-IGW-Ingress: nothing — the host has no public IPv4 address and its group admits nothing', () => {
    const sc = loadScenario(FILE);
    expect(sc.access('All-IGW-Ingress')).toEqual([]);
    // The AWS-VPC-Ingress scope says the same of every edge of the VPC.
    expect(sc.access('AWS-VPC-Ingress')).toEqual([]);
  });

  it('All-IGW-Ingress once v6host-sg admits SSH from anywhere: exactly IPv6 TCP 22 to v6host, through the internet gateway', () => {
    const sc = loadScenario(FILE, withSsh);
    const found = sc.access('All-IGW-Ingress');
    // The VPC's IPv6 block is reachable through its internet gateway whatever way replies
    // leave (NAA checks one direction); the egress-only gateway admits nothing inbound; the
    // IPv4 rule matches no address of the host.
    expect(ends(sc, found)).toEqual(['internet-gateway v6app-igw → network-interface v6host.eth0']);
    expect(sc.hops(found[0]!.components)).toEqual([
      'internet-gateway v6app-igw',
      'network-acl default',
      'security-group v6host-sg',
      'network-interface v6host.eth0',
      'instance v6host',
    ]);
    expect(boxes(found[0]!)).toEqual([`tcp ::/0 > ${HOST} sport * dport 22`]);
    expectReplays(sc, found[0]!);
    expect(found[0]!.components[2]!.SecurityGroupRule).toMatchObject({ Cidr: '::/0' });
  });
});

/**
 * NAT64 carries only the ICMPv6 messages RFC 7915 §5.2 / RFC 6146 §3.5.3 translate — echo
 * request (128 → ICMP 8) and echo reply (129 → 0); neighbour discovery, MLD, router solicitation
 * and unassigned types are dropped (D148).
 */
describe(`scenario: IPv6-only workloads and NAT64 — ICMPv6 through NAT64 (${FILE})`, () => {
  it('NAT64 carries ICMPv6 echo request and reply, not neighbour solicitation (135) nor an unassigned type (0)', () => {
    const sc = loadScenario(FILE);
    const icmp = byEnd(sc, everythingFrom(sc), 'internet-gateway v6app-igw').reduce(
      (u, f) => u.union(f.space.intersect(HeaderSpace.match({ protocols: [span(ICMPV6)] }))),
      HeaderSpace.none(),
    );
    const typed = (t: number) =>
      HeaderSpace.match({
        protocols: [span(ICMPV6)],
        destinationPorts: [{ from: t * 256, to: t * 256 + 255 }],
      });
    expect(icmp.equals(typed(128).union(typed(129)).intersect(icmp))).toBe(true);
    expect(icmp.intersect(typed(128)).isEmpty()).toBe(false);
    expect(icmp.intersect(typed(129)).isEmpty()).toBe(false);
    expect(icmp.intersect(typed(135)).isEmpty()).toBe(true);
    expect(icmp.intersect(typed(0)).isEmpty()).toBe(true);
  });
});
