import { describe, expect, it } from 'vitest';
import type { PathComponent } from '../../../src/analysis/trace/index.js';
import type { Topology } from '../../../src/topology/schema.js';
import { golden } from '../../support/golden.js';
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
 * /work/shared/scenarios/centralised-egress.md: every spoke reaches the internet and every
 * other VPC only through the firewalls behind a Gateway Load Balancer in the security-egress
 * VPC. The five trace rows are tested here, each as whole paths hop by hop.
 * The two access-scope rows are in access.test.ts (topology file) and access-api.test.ts (EC2 API).
 */
const FILE = 'examples/centralised-egress.yaml';
const goldens = golden(import.meta.url);

const INTERNET_HOST = '93.184.216.34';

const Q = {
  app1ToInternet: { from: 'app-1', to: INTERNET_HOST, port: 443 },
  app1ToApp2: { from: 'app-1', to: 'app-2', port: 443 },
  app1ToSvc: { from: 'app-1', to: 'svc', port: 443 },
  internetToApp1: { from: 'security-egress-igw', to: 'app-1', port: 443, sourceIp: INTERNET_HOST },
  internetToNat: {
    from: 'security-egress-igw',
    to: '198.51.100.10',
    port: 443,
    sourceIp: INTERNET_HOST,
  },
  app1ToApp2b: { from: 'app-1', to: 'app-2b', port: 443 },
} satisfies Record<string, Question>;

const SLUG = {
  app1ToInternet: 'app-1-to-internet-tcp-443',
  app1ToApp2: 'app-1-to-app-2-tcp-443',
  app1ToSvc: 'app-1-to-svc-tcp-443',
  internetToApp1: 'internet-to-app-1-tcp-443',
  internetToNat: 'internet-to-nat-az1-eip-tcp-443',
  noApplianceMode: 'no-appliance-mode-app-1-to-app-2b-tcp-443',
  applianceMode: 'app-1-to-app-2b-tcp-443',
};

/** The same network with appliance mode disabled on the egress attachment. */
function withoutApplianceMode(t: Topology): Topology {
  const [account, ...accounts] = t.accounts;
  const [east, ...regions] = account!.regions;
  const transitGateways = east!.transitGateways!.map((g) => ({
    ...g,
    vpcAttachments: g.vpcAttachments?.map((a) =>
      a.name === 'egress-attachment' ? { ...a, applianceMode: false } : a,
    ),
  }));
  const edited = { ...east!, transitGateways };
  return { ...t, accounts: [{ ...account!, regions: [edited, ...regions] }, ...accounts] };
}

const EGRESS_ACL = 'network-acl security-egress/default';

/** A workload's way out of its VPC to tgw-A and into its attachment. */
const out = (instance: string, vpc: string, attachment: string) => [
  `instance ${instance}`,
  `network-interface ${instance}.eth0`,
  `security-group ${vpc}-sg`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
  `network-acl ${vpc}/default`,
  `transit-gateway-attachment ${attachment}`,
];
/** A reply's way out (no security groups on replies). */
const back = (instance: string, vpc: string, attachment: string) => [
  `instance ${instance}`,
  `network-interface ${instance}.eth0`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
  `network-acl ${vpc}/default`,
  `transit-gateway-attachment ${attachment}`,
];
/**
 * Through the security-egress VPC in one AZ: out of the egress attachment into the tgw
 * subnet, its table to the GWLB endpoint, the GWLB and the AZ's firewall (its group sees the
 * GENEVE header, forward only) and back, then the inspection subnet's table.
 */
const inspect = (az: 'az1' | 'az2', reply = false) => [
  'transit-gateway-attachment egress-attachment',
  EGRESS_ACL,
  `route-table tgw-${az}-rt`,
  EGRESS_ACL,
  `vpc-endpoint gwlbe-${az}`,
  'loadbalancer firewalls',
  'targetgroup firewall-appliances',
  ...(reply ? [] : ['security-group firewall-sg']),
  `instance firewall-${az}`,
  `network-interface firewall-${az}.eth0`,
  'loadbalancer firewalls',
  `vpc-endpoint gwlbe-${az}`,
  EGRESS_ACL,
  `route-table inspection-${az}-rt`,
  EGRESS_ACL,
];
/** Back into tgw-A from the inspection subnet, the egress table, to a VPC's workload. */
const deliver = (attachment: string, vpc: string, instance: string, reply = false) => [
  'transit-gateway-attachment egress-attachment',
  'transit-gateway-route-table transit-gateway-egress-route-table',
  `transit-gateway-attachment ${attachment}`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
  `network-acl ${vpc}/default`,
  ...(reply ? [] : [`security-group ${vpc}-sg`]),
  `network-interface ${instance}.eth0`,
  `instance ${instance}`,
];

/** The one hop at `kind label` in a path (fails when there is none or more than one). */
function hop(sc: Scenario, path: readonly PathComponent[] | undefined, name: string) {
  const at = sc.hops(path).flatMap((h, i) => (h === name ? [i] : []));
  expect(at, name).toHaveLength(1);
  return path![at[0]!]!;
}

/** Every hop of a path at `kind label`. */
function hopsAt(sc: Scenario, path: readonly PathComponent[] | undefined, name: string) {
  const names = sc.hops(path);
  return (path ?? []).filter((_, i) => names[i] === name);
}

const header = (source: string, destination: string, sport: number, dport: number) => ({
  SourceAddresses: [`${source}/32`],
  DestinationAddresses: [`${destination}/32`],
  SourcePortRanges: [{ From: sport, To: sport }],
  DestinationPortRanges: [{ From: dport, To: dport }],
  Protocol: '6',
});

describe(`scenario: centralised egress and inspection (${FILE})`, () => {
  it('app-1 → 93.184.216.34 TCP 443: reachable through the egress attachment (az1), the GWLB endpoint and firewall, the NAT gateway and the IGW', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToInternet);
    expectReachable(r);
    const fwd = r.ForwardPathComponents!;
    expect(sc.hops(fwd)).toEqual([
      ...out('app-1', 'spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az1'),
      'nat-gateway nat-az1',
      EGRESS_ACL,
      'route-table public-az1-rt',
      'internet-gateway security-egress-igw',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'internet-gateway security-egress-igw',
      EGRESS_ACL,
      'nat-gateway nat-az1',
      EGRESS_ACL,
      'route-table public-az1-rt',
      EGRESS_ACL,
      'vpc-endpoint gwlbe-az1',
      'loadbalancer firewalls',
      'targetgroup firewall-appliances',
      'instance firewall-az1',
      'network-interface firewall-az1.eth0',
      'loadbalancer firewalls',
      'vpc-endpoint gwlbe-az1',
      EGRESS_ACL,
      'route-table inspection-az1-rt',
      EGRESS_ACL,
      ...deliver('spoke-1-attachment', 'spoke-1', 'app-1', true),
    ]);
    // spoke-1's default route to tgw-A; the spoke table's static default to the egress VPC.
    expect(hop(sc, fwd, 'route-table spoke-1-rt').RouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      TransitGatewayId: sc.id('transit-gateway', 'tgw-A'),
    });
    expect(
      hop(sc, fwd, 'transit-gateway-route-table spoke-tgw-route-table')
        .TransitGatewayRouteTableRoute,
    ).toEqual({
      DestinationCidr: '0.0.0.0/0',
      State: 'active',
      RouteOrigin: 'static',
      AttachmentId: sc.id('transit-gateway-attachment', 'egress-attachment'),
      ResourceId: sc.id('vpc', 'security-egress'),
      ResourceType: 'vpc',
    });
    // The egress attachment leaves tgw-A in az1, where app-1 is: no AZ crossed.
    const exit = hopsAt(sc, fwd, 'transit-gateway-attachment egress-attachment')[0]!;
    expect(sc.ref(exit.Subnet)).toBe('subnet tgw-az1');
    expect(fwd.some((c) => c.AdditionalDetails)).toBe(false);
    expect(hop(sc, fwd, 'route-table tgw-az1-rt').RouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      GatewayId: sc.id('vpc-endpoint', 'gwlbe-az1'), // as DescribeRouteTables shows it
    });
    expect(hop(sc, fwd, 'route-table inspection-az1-rt').RouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      NatGatewayId: sc.id('nat-gateway', 'nat-az1'),
    });
    // The NAT gateway puts its private address as the source; the IGW its Elastic IP.
    const nat = hop(sc, fwd, 'nat-gateway nat-az1');
    expect(nat.InboundHeader).toEqual(header('10.1.1.10', INTERNET_HOST, 49152, 443));
    expect(nat.OutboundHeader).toEqual(header('10.255.10.4', INTERNET_HOST, 49152, 443));
    const igw = hop(sc, fwd, 'internet-gateway security-egress-igw');
    expect(igw.InboundHeader).toEqual(header('10.255.10.4', INTERNET_HOST, 49152, 443));
    expect(igw.OutboundHeader).toEqual(header('198.51.100.10', INTERNET_HOST, 49152, 443));
    // The firewall sees the original packet: GENEVE is transparent (D55).
    expect(hop(sc, fwd, 'instance firewall-az1').InboundHeader).toEqual(
      header('10.1.1.10', INTERNET_HOST, 49152, 443),
    );
    expect(hop(sc, fwd, 'security-group firewall-sg').SecurityGroupRule).toMatchObject({
      Protocol: 'udp',
      PortRange: { From: 6081, To: 6081 },
    });
    // The reply comes back by the same NAT gateway, endpoint and firewall, and the egress
    // table's route propagated from spoke-1.
    const ret = r.ReturnPathComponents!;
    expect(hop(sc, ret, 'route-table public-az1-rt').RouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.0.0/8',
      GatewayId: sc.id('vpc-endpoint', 'gwlbe-az1'), // as DescribeRouteTables shows it
    });
    expect(
      hop(sc, ret, 'transit-gateway-route-table transit-gateway-egress-route-table')
        .TransitGatewayRouteTableRoute,
    ).toEqual({
      DestinationCidr: '10.1.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'spoke-1-attachment'),
      ResourceId: sc.id('vpc', 'spoke-1'),
      ResourceType: 'vpc',
    });
    await goldens.check(SLUG.app1ToInternet, r, labels(sc.s));
  });

  it('app-1 → app-2 TCP 443: reachable, east-west through the GWLB endpoint both ways', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToApp2);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az1'),
      ...deliver('spoke-2-attachment', 'spoke-2', 'app-2'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('app-2', 'spoke-2', 'spoke-2-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az1', true),
      ...deliver('spoke-1-attachment', 'spoke-1', 'app-1', true),
    ]);
    const fwd = r.ForwardPathComponents!;
    // The inspection subnet's 10.0.0.0/8 route takes it back into tgw-A, where the egress
    // table's propagated spoke-2 route delivers it.
    expect(hop(sc, fwd, 'route-table inspection-az1-rt').RouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.0.0/8',
      TransitGatewayId: sc.id('transit-gateway', 'tgw-A'),
    });
    expect(
      hop(sc, fwd, 'transit-gateway-route-table transit-gateway-egress-route-table')
        .TransitGatewayRouteTableRoute,
    ).toMatchObject({
      DestinationCidr: '10.2.0.0/16',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'spoke-2-attachment'),
    });
    await goldens.check(SLUG.app1ToApp2, r, labels(sc.s));
  });

  it('app-1 → svc TCP 443: reachable through the GWLB endpoint; svc replies by the shared-services default route', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToSvc);
    expectReachable(r);
    const SS = 'shared-services-vpc-A';
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az1'),
      ...deliver('shared-services-attachment', SS, 'svc'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('svc', SS, 'shared-services-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table',
      ...inspect('az1', true),
      ...deliver('spoke-1-attachment', 'spoke-1', 'app-1', true),
    ]);
    expect(
      hop(sc, r.ReturnPathComponents, 'transit-gateway-route-table shared-services-tgw-route-table')
        .TransitGatewayRouteTableRoute,
    ).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      RouteOrigin: 'static',
      AttachmentId: sc.id('transit-gateway-attachment', 'egress-attachment'),
    });
    await goldens.check(SLUG.app1ToSvc, r, labels(sc.s));
  });

  it('93.184.216.34 → app-1 TCP 443: not reachable, app-1 has no public address', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.internetToApp1);
    const x = expectBlocked(r, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(sc.ref(x.Component)).toBe('internet-gateway security-egress-igw');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'destination-address' });
    expect(sc.hops(r.ForwardPathComponents)).toEqual(['internet-gateway security-egress-igw']);
    expect(r.ForwardPathComponents![0]!.InboundHeader).toEqual(
      header(INTERNET_HOST, '10.1.1.10', 49152, 443),
    );
    await goldens.check(SLUG.internetToApp1, r, labels(sc.s));
  });

  it("93.184.216.34 → the NAT gateway's Elastic IP TCP 443: not reachable, the NAT gateway admits no inbound connection", async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.internetToNat);
    const x = expectBlocked(r, 'NO_POSSIBLE_DESTINATION');
    expect(sc.ref(x.Component)).toBe('nat-gateway nat-az1');
    expect(x).toMatchObject({ PacketField: 'destination-address', Address: '10.255.10.4' });
    // The IGW maps the Elastic IP to the NAT gateway's private address; nothing is behind it.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      'internet-gateway security-egress-igw',
      EGRESS_ACL,
      'nat-gateway nat-az1',
    ]);
    expect(r.ForwardPathComponents![0]!.OutboundHeader).toEqual(
      header(INTERNET_HOST, '10.255.10.4', 49152, 443),
    );
    await goldens.check(SLUG.internetToNat, r, labels(sc.s));
  });

  it('appliance mode disabled, app-1 (az1) → app-2b (az2) TCP 443: a path, with "appliance mode recommended"', async () => {
    const sc = loadScenario(FILE, withoutApplianceMode);
    const r = sc.trace(Q.app1ToApp2b);
    expectReachable(r);
    // Forward in app-1's AZ, the reply in app-2b's: each direction meets another firewall.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az1'),
      ...deliver('spoke-2-attachment', 'spoke-2', 'app-2b'),
    ]);
    const ret = r.ReturnPathComponents!;
    expect(sc.hops(ret)).toEqual([
      ...back('app-2b', 'spoke-2', 'spoke-2-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az2', true),
      ...deliver('spoke-1-attachment', 'spoke-1', 'app-1', true),
    ]);
    // The informational detail on the egress attachment, and the analysis's warning (D37).
    const flagged = ret.filter((c) => c.AdditionalDetails);
    expect(flagged.map((c) => sc.ref(c.Component))).toEqual([
      'transit-gateway-attachment egress-attachment',
    ]);
    expect(flagged[0]!.AdditionalDetails).toEqual([
      {
        AdditionalDetailType: 'TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED',
        Component: flagged[0]!.Component,
      },
    ]);
    expect(r.WarningMessage).toMatch(/appliance mode recommended/i);
    expect(r.ForwardPathComponents!.some((c) => c.AdditionalDetails)).toBe(false);
    await goldens.check(SLUG.noApplianceMode, r, labels(sc.s));
  });

  it('appliance mode enabled (the example), app-1 → app-2b: both directions through one AZ and firewall, no detail', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToApp2b);
    expectReachable(r);
    // The flow hash picks az2 for both directions; going there from az1 crosses an AZ.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az2'),
      ...deliver('spoke-2-attachment', 'spoke-2', 'app-2b'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('app-2b', 'spoke-2', 'spoke-2-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...inspect('az2', true),
      ...deliver('spoke-1-attachment', 'spoke-1', 'app-1', true),
    ]);
    const exit = hopsAt(
      sc,
      r.ForwardPathComponents,
      'transit-gateway-attachment egress-attachment',
    )[0]!;
    expect(sc.ref(exit.Subnet)).toBe('subnet tgw-az2');
    expect(exit.AdditionalDetails).toEqual([
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: exit.Component },
    ]);
    const details = [...r.ForwardPathComponents!, ...r.ReturnPathComponents!].flatMap(
      (c) => c.AdditionalDetails ?? [],
    );
    expect(details.map((d) => d.AdditionalDetailType)).toEqual(['AVAILABILITY_ZONE_CROSSED']);
    expect(r.WarningMessage).toBeUndefined();
    await goldens.check(SLUG.applianceMode, r, labels(sc.s));
  });
});

describe('golden files', () => {
  it('has no golden file without a question', () => {
    expect(goldens.stale(Object.values(SLUG))).toEqual([]);
  });
});

describeCliAnswers(FILE, [
  { q: Q.app1ToInternet, exitCode: 0 },
  { q: Q.internetToApp1, exitCode: 1 },
]);
