import { describe, expect, it } from 'vitest';
import { deleteRoute } from '../../../src/control/route.js';
import { golden } from '../../support/golden.js';
import { caller } from '../../support/harness.js';
import { labels } from '../../support/normalise.js';
import {
  describeCliAnswers,
  expectBlocked,
  expectReachable,
  loadScenario,
  type Question,
  type Scenario,
} from '../../support/scenario.js';

/**
 * /work/shared/scenarios/ipv6-only-nat64.md: an IPv6-only host reaches an IPv4-only service
 * through NAT64 on a public NAT gateway (64:ff9b::/96), and IPv6 services through an
 * egress-only internet gateway. The trace rows are tested here; the DNS64 rows (AAAA synthesis)
 * land with the DNS issue.
 */
const FILE = 'examples/ipv6-only-nat64.yaml';
const V6 = caller('111111111111', 'us-east-1');
const goldens = golden(import.meta.url);

/** api.example.com (A 34.207.250.62) as DNS64 synthesises it: the IPv4 in the last 32 bits. */
const API_NAT64 = '64:ff9b::22cf:fa3e';

const Q = {
  nat64: { from: 'v6host', to: API_NAT64, port: 443 },
  dualStack: { from: 'v6host', to: '2606:2800:220:1::1', port: 443 },
  inbound: { from: 'v6app-eigw', to: 'v6host', port: 22 },
} satisfies Record<string, Question>;

const SLUG = {
  nat64: 'v6host-to-api-nat64-tcp-443',
  dualStack: 'v6host-to-dual-ipv6-tcp-443',
  inbound: 'internet-to-v6host-tcp-22',
  noNat64Route: 'without-nat64-route-v6host-to-api-nat64-tcp-443',
  noRoutes: 'without-routes-v6host-to-api-nat64-tcp-443',
};

/** v6host's side of every path, up to its subnet's route table. */
const HOST_OUT = [
  'instance v6host',
  'network-interface v6host.eth0',
  'security-group v6host-sg',
  'network-acl default',
  'route-table v6only-rt',
];

/** Deletes a route of the IPv6-only subnet's table. */
function dropRoute(sc: Scenario, destination: string): void {
  sc.run(
    deleteRoute,
    { routeTableId: sc.id('route-table', 'v6only-rt'), destinationIpv6CidrBlock: destination },
    V6,
  );
}

describe(`scenario: IPv6-only workloads and NAT64 (${FILE})`, () => {
  it('v6host → [64:ff9b::22cf:fa3e]:443: NAT64 at the NAT gateway, then the IGW maps the source to the EIP', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.nat64);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...HOST_OUT,
      'network-acl default',
      'nat-gateway v6app-nat',
      'network-acl default',
      'route-table public-rt',
      'internet-gateway v6app-igw',
    ]);
    const nat = r.ForwardPathComponents![6]!;
    // Translation: source = the gateway's private IPv4, destination = the low 32 bits.
    expect(nat.InboundHeader).toMatchObject({
      SourceAddresses: ['2600:1f18:47b:ca01::10/128'],
      DestinationAddresses: [`${API_NAT64}/128`],
    });
    const natIp = sc.s
      .get('nat-gateway', sc.id('nat-gateway', 'v6app-nat'))!
      .natGatewayAddresses[0]!.privateIp.toString();
    expect(nat.OutboundHeader).toMatchObject({
      SourceAddresses: [`${natIp}/32`],
      DestinationAddresses: ['34.207.250.62/32'],
    });
    expect(sc.hops([nat])).toEqual(['nat-gateway v6app-nat']);
    const igw = r.ForwardPathComponents![9]!;
    expect(igw.OutboundHeader).toMatchObject({
      SourceAddresses: ['198.51.100.20/32'],
      DestinationAddresses: ['34.207.250.62/32'],
    });
    // The reply is translated back into 64:ff9b::/96 and delivered by the local route.
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'internet-gateway v6app-igw',
      'network-acl default',
      'nat-gateway v6app-nat',
      'network-acl default',
      'route-table public-rt',
      'network-acl default',
      'network-interface v6host.eth0',
      'instance v6host',
    ]);
    expect(r.ReturnPathComponents![2]!.OutboundHeader).toMatchObject({
      SourceAddresses: [`${API_NAT64}/128`],
      DestinationAddresses: ['2600:1f18:47b:ca01::10/128'],
    });
    await goldens.check(SLUG.nat64, r, labels(sc.s));
  });

  it('v6host → [2606:2800:220:1::1]:443: out through the egress-only IGW, untranslated', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.dualStack);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...HOST_OUT,
      'egress-only-internet-gateway v6app-eigw',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'egress-only-internet-gateway v6app-eigw',
      'network-acl default',
      'network-interface v6host.eth0',
      'instance v6host',
    ]);
    await goldens.check(SLUG.dualStack, r, labels(sc.s));
  });

  it('the internet → v6host TCP 22: the egress-only IGW admits no inbound connection', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.inbound);
    const x = expectBlocked(r, 'NO_PATH');
    expect(sc.ref(x.Component)).toBe('egress-only-internet-gateway v6app-eigw');
    expect(sc.hops(r.ForwardPathComponents)).toEqual(['egress-only-internet-gateway v6app-eigw']);
    await goldens.check(SLUG.inbound, r, labels(sc.s));
  });

  it('without the 64:ff9b::/96 route the packet leaves as IPv6 by ::/0 and reaches no IPv4 host', async () => {
    const sc = loadScenario(FILE);
    dropRoute(sc, '64:ff9b::/96');
    const r = sc.trace(Q.nat64);
    // Nothing translates it: the egress-only IGW sends it to an address no host has.
    const x = expectBlocked(r, 'NO_POSSIBLE_DESTINATION');
    expect(sc.ref(x.Component)).toBe('egress-only-internet-gateway v6app-eigw');
    expect(x).toMatchObject({ PacketField: 'destination-address', Cidrs: ['64:ff9b::/96'] });
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...HOST_OUT,
      'egress-only-internet-gateway v6app-eigw',
    ]);
    expect(r.ForwardPathComponents![4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '::/0',
    });
    await goldens.check(SLUG.noNat64Route, r, labels(sc.s));
  });

  it('without the 64:ff9b::/96 and ::/0 routes: NO_ROUTE_TO_DESTINATION at the IPv6-only route table', async () => {
    const sc = loadScenario(FILE);
    dropRoute(sc, '64:ff9b::/96');
    dropRoute(sc, '::/0');
    const r = sc.trace(Q.nat64);
    const x = expectBlocked(r, 'NO_ROUTE_TO_DESTINATION');
    expect(sc.ref(x.Component)).toBe('route-table v6only-rt');
    expect(sc.hops(r.ForwardPathComponents)).toEqual(HOST_OUT);
    await goldens.check(SLUG.noRoutes, r, labels(sc.s));
  });

  it('has no golden file without a question', () => {
    expect(goldens.stale(Object.values(SLUG))).toEqual([]);
  });
});

describeCliAnswers(FILE, [
  { q: Q.nat64, exitCode: 0 },
  { q: Q.inbound, exitCode: 1 },
]);
