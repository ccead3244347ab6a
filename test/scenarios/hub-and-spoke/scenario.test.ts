import { describe, expect, it } from 'vitest';
import { deleteRoute } from '../../../src/control/route.js';
import { TRANSIT_GATEWAY_VIEWS } from '../../../src/cli/show-transit-gateway.js';
import { modifyTransitGateway } from '../../../src/control/transit-gateway.js';
import { enableTransitGatewayRouteTablePropagation } from '../../../src/control/transit-gateway-route-table.js';
import { setVpnTunnelStatus } from '../../../src/control/vpn-connection.js';
import { vpnEcmpBandwidth } from '../../../src/model/vpn-ecmp-bandwidth.js';
import type { PathComponent } from '../../../src/analysis/trace/index.js';
import type { Topology } from '../../../src/topology/schema.js';
import { vpctwin } from '../../support/cli.js';
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
 * /work/shared/scenarios/hub-and-spoke.md, all three stages: spokes reach shared services
 * through Transit Gateway routing domains, never each other; on-premises joins over four BGP
 * VPNs with ECMP; a second Region's shared services join over a TGW peering with static routes.
 * Every row of the three tables is one test.
 */
const FILE = 'examples/hub-and-spoke.yaml';
const EAST = caller('111111111111', 'us-east-1');
const goldens = golden(import.meta.url);

const Q = {
  app1ToSvc: { from: 'app-1', to: 'svc', port: 443 },
  svcToApp2: { from: 'svc', to: 'app-2', port: 443 },
  app1ToApp2: { from: 'app-1', to: 'app-2', port: 443 },
  app1ToSvcSsh: { from: 'app-1', to: 'svc', port: 22 },
  app1ToSvc2: { from: 'app-1', to: 'svc2', port: 443 },
  svcToSvcB: { from: 'svc', to: 'svc-b', port: 443 },
  app1ToSvcB: { from: 'app-1', to: 'svc-b', port: 443 },
  app1ToOnPrem: { from: 'app-1', to: '192.168.10.10', port: 443 },
  onPremToApp2: { from: '192.168.10.10', to: 'app-2', port: 443 },
} satisfies Record<string, Question>;

const SLUG = {
  app1ToSvc: 'app-1-to-svc-tcp-443',
  svcToApp2: 'svc-to-app-2-tcp-443',
  app1ToApp2: 'app-1-to-app-2-tcp-443',
  app1ToSvcSsh: 'app-1-to-svc-tcp-22',
  noSpokeRoute: 'no-spoke-route-app-1-to-svc-tcp-443',
  app1ToSvc2: 'az2-attachment-app-1-to-svc2-tcp-443',
  app1ToSvcAz1: 'az2-attachment-app-1-to-svc-tcp-443',
  svcToSvcB: 'svc-to-svc-b-tcp-443',
  app1ToSvcB: 'app-1-to-svc-b-tcp-443',
  app1ToOnPrem: 'app-1-to-on-premises-tcp-443',
  onPremToApp2: 'on-premises-to-app-2-tcp-443',
};

/** Stage 1, last two rows: the shared-services attachment only in az2, and svc2 in az2. */
function az2Only(t: Topology): Topology {
  const [account, ...accounts] = t.accounts;
  const [east, ...regions] = account!.regions;
  const vpcs = east!.vpcs!.map((v) =>
    v.name !== 'shared-services-vpc-A'
      ? v
      : {
          ...v,
          instances: [
            ...(v.instances ?? []),
            {
              name: 'svc2',
              subnet: 'shared-services-vpc-A-az2',
              privateIp: '10.0.2.10',
              securityGroups: ['shared-services-vpc-A-sg'],
            },
          ],
        },
  );
  const transitGateways = east!.transitGateways!.map((g) => ({
    ...g,
    vpcAttachments: g.vpcAttachments?.map((a) =>
      a.name === 'shared-services-attachment'
        ? { ...a, subnets: ['shared-services-vpc-A-tgw-az2'] }
        : a,
    ),
  }));
  const edited = { ...east!, vpcs, transitGateways };
  return { ...t, accounts: [{ ...account!, regions: [edited, ...regions] }, ...accounts] };
}

/** A workload's way out of its VPC to tgw-A: instance, ENI, SG, ACL, route table. */
const out = (instance: string, vpc: string) => [
  `instance ${instance}`,
  `network-interface ${instance}.eth0`,
  `security-group ${vpc}-sg`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
];
/** Into the VPC's attachment: the attachment subnet's inbound ACL, then the attachment. */
const enter = (vpc: string, attachment: string) => [
  `network-acl ${vpc}/default`,
  `transit-gateway-attachment ${attachment}`,
];
/** Out of an attachment into its VPC, to a workload: ACLs and the attachment subnet's table. */
const deliver = (attachment: string, vpc: string, instance: string) => [
  `transit-gateway-attachment ${attachment}`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
  `network-acl ${vpc}/default`,
  `security-group ${vpc}-sg`,
  `network-interface ${instance}.eth0`,
  `instance ${instance}`,
];
/** The reply's way back: no security groups on replies. */
const back = (instance: string, vpc: string) => [
  `instance ${instance}`,
  `network-interface ${instance}.eth0`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
];
const backIn = (attachment: string, vpc: string, instance: string) => [
  `transit-gateway-attachment ${attachment}`,
  `network-acl ${vpc}/default`,
  `route-table ${vpc}-rt`,
  `network-acl ${vpc}/default`,
  `network-interface ${instance}.eth0`,
  `instance ${instance}`,
];

const SS = 'shared-services-vpc-A';

describe(`scenario: hub and spoke, stage 1 — isolation (${FILE})`, () => {
  it('app-1 → svc TCP 443: reachable through spoke-tgw-route-table; replies through shared-services-tgw-route-table', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToSvc);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...deliver('shared-services-attachment', SS, 'svc'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('svc', SS),
      ...enter(SS, 'shared-services-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table',
      ...backIn('spoke-1-attachment', 'spoke-1', 'app-1'),
    ]);
    const fwd = r.ForwardPathComponents!;
    const tgwA = sc.id('transit-gateway', 'tgw-A');
    expect(fwd[4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.0.0/8',
      TransitGatewayId: tgwA,
      State: 'active',
    });
    expect(sc.ref(fwd[6]!.TransitGateway)).toBe('transit-gateway tgw-A');
    expect(fwd[7]!.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '10.0.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'shared-services-attachment'),
      ResourceId: sc.id('vpc', SS),
      ResourceType: 'vpc',
    });
    // Both attachments have a subnet in use1-az1: no AZ is crossed.
    expect(fwd.some((c) => c.AdditionalDetails)).toBe(false);
    expect(r.ReturnPathComponents![6]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '10.1.0.0/16',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'spoke-1-attachment'),
    });
    await goldens.check(SLUG.app1ToSvc, r, labels(sc.s));
  });

  it('svc → app-2 TCP 443: reachable', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.svcToApp2);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('svc', SS),
      ...enter(SS, 'shared-services-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table',
      ...deliver('spoke-2-attachment', 'spoke-2', 'app-2'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('app-2', 'spoke-2'),
      ...enter('spoke-2', 'spoke-2-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...backIn('shared-services-attachment', SS, 'svc'),
    ]);
    await goldens.check(SLUG.svcToApp2, r, labels(sc.s));
  });

  it('app-1 → app-2 TCP 443: not reachable, spoke-tgw-route-table has no route to spoke-2', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToApp2);
    const x = expectBlocked(r, 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT');
    expect(sc.ref(x.Component)).toBe('transit-gateway-route-table spoke-tgw-route-table');
    expect(sc.ref(x.TransitGatewayRouteTable)).toBe(
      'transit-gateway-route-table spoke-tgw-route-table',
    );
    expect(sc.ref(x.TransitGateway)).toBe('transit-gateway tgw-A');
    // spoke-2 sits behind its attachment, to which this table has no route.
    expect(sc.ref(x.TransitGatewayAttachment)).toBe(
      'transit-gateway-attachment spoke-2-attachment',
    );
    expect(x).toMatchObject({ PacketField: 'destination-address', Address: '10.2.1.10' });
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
    ]);
    await goldens.check(SLUG.app1ToApp2, r, labels(sc.s));
  });

  it("app-1 → svc TCP 22: not reachable, svc's security group (ingress, destination port)", async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToSvcSsh);
    const x = expectBlocked(r, 'ENI_SG_RULES_MISMATCH');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'destination-port' });
    expect(sc.ref(x.Component)).toBe('network-interface svc.eth0');
    expect(x.SecurityGroups?.map((g) => sc.ref(g))).toEqual([`security-group ${SS}-sg`]);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      'transit-gateway-attachment shared-services-attachment',
      `network-acl ${SS}/default`,
      `route-table ${SS}-rt`,
      `network-acl ${SS}/default`,
      'network-interface svc.eth0',
    ]);
    await goldens.check(SLUG.app1ToSvcSsh, r, labels(sc.s));
  });

  it('spoke-1 route to 10.0.0.0/8 removed, app-1 → svc: NO_ROUTE_TO_DESTINATION in spoke-1', async () => {
    const sc = loadScenario(FILE);
    sc.run(
      deleteRoute,
      { routeTableId: sc.id('route-table', 'spoke-1-rt'), destinationCidrBlock: '10.0.0.0/8' },
      EAST,
    );
    const r = sc.trace(Q.app1ToSvc);
    const x = expectBlocked(r, 'NO_ROUTE_TO_DESTINATION');
    expect(sc.ref(x.Component)).toBe('route-table spoke-1-rt');
    expect(sc.hops(r.ForwardPathComponents)).toEqual(out('app-1', 'spoke-1'));
    await goldens.check(SLUG.noSpokeRoute, r, labels(sc.s));
  });

  it('shared-services attachment in az2 only, app-1 → svc2 (az2) TCP 443: reachable, the TGW crosses from az1 to az2', async () => {
    const sc = loadScenario(FILE, az2Only);
    const r = sc.trace(Q.app1ToSvc2);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...deliver('shared-services-attachment', SS, 'svc2'),
    ]);
    const exit = r.ForwardPathComponents![8]!;
    expect(sc.ref(exit.Subnet)).toBe(`subnet ${SS}-tgw-az2`);
    expect(exit.AdditionalDetails).toEqual([
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: exit.Component },
    ]);
    // The reply enters in az2 and leaves spoke-1's attachment in az2 too: no crossing there.
    const ret = r.ReturnPathComponents!;
    expect(sc.hops(ret)).toEqual([
      ...back('svc2', SS),
      ...enter(SS, 'shared-services-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table',
      ...backIn('spoke-1-attachment', 'spoke-1', 'app-1'),
    ]);
    expect(sc.ref(ret[7]!.Subnet)).toBe('subnet spoke-1-tgw-az2');
    expect(ret.some((c) => c.AdditionalDetails)).toBe(false);
    await goldens.check(SLUG.app1ToSvc2, r, labels(sc.s));
  });

  it('same, app-1 → svc (az1) TCP 443: replies from az1 cannot enter the TGW (TGW_ROUTE_AZ_RESTRICTION on the return path)', async () => {
    const sc = loadScenario(FILE, az2Only);
    const r = sc.trace(Q.app1ToSvc);
    const x = expectBlocked(r, 'TGW_ROUTE_AZ_RESTRICTION');
    expect(sc.ref(x.Component)).toBe('transit-gateway-attachment shared-services-attachment');
    expect(sc.ref(x.TransitGateway)).toBe('transit-gateway tgw-A');
    expect(sc.ref(x.Subnet)).toBe(`subnet ${SS}-az1`);
    expect(x.AvailabilityZoneIds).toEqual(['use1-az1']);
    // The request got there (crossing into az2); the reply is the blocked half.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...deliver('shared-services-attachment', SS, 'svc'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('svc', SS),
      'transit-gateway-attachment shared-services-attachment',
    ]);
    await goldens.check(SLUG.app1ToSvcAz1, r, labels(sc.s));
  });
});

/** Out of tgw-A by a VPN attachment to the on-premises host (hub-and-spoke.md, stage 2). */
const toOnPrem = (vpn: string) => [
  `transit-gateway-attachment ${vpn}`,
  `vpn-connection ${vpn}`,
  'customer-gateway onprem-cgw',
  'on-premises-site on-premises',
];
/** From the on-premises host up a VPN into tgw-A. */
const fromOnPrem = (vpn: string) => [
  'on-premises-site on-premises',
  'customer-gateway onprem-cgw',
  `vpn-connection ${vpn}`,
  `transit-gateway-attachment ${vpn}`,
];
const VPNS = ['vpn-1', 'vpn-2', 'vpn-3', 'vpn-4'];

/** The one VPN connection a path crosses, by name. */
function vpnCrossed(sc: ReturnType<typeof loadScenario>, path: readonly PathComponent[] = []) {
  const names = sc
    .hops(path)
    .filter((h) => h.startsWith('vpn-connection '))
    .map((h) => h.slice('vpn-connection '.length));
  expect(names).toHaveLength(1);
  return names[0]!;
}

describe(`scenario: hub and spoke, stage 2 — on-premises over four VPNs (${FILE})`, () => {
  it('app-1 → on-premises 192.168.10.10 TCP 443: reachable through one of the four VPN attachments (ECMP over 4 equal BGP routes), the same one every time', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToOnPrem);
    expectReachable(r);
    // This flow hashes to vpn-4; the reply (hashed alike at the customer gateway) comes back on it.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...toOnPrem('vpn-4'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...fromOnPrem('vpn-4'),
      'transit-gateway-route-table WAN-connections-route-table',
      ...backIn('spoke-1-attachment', 'spoke-1', 'app-1'),
    ]);
    const fwd = r.ForwardPathComponents!;
    expect(fwd[4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '192.168.0.0/16',
      TransitGatewayId: sc.id('transit-gateway', 'tgw-A'),
    });
    expect(fwd[7]!.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '192.168.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'vpn-4'),
      ResourceId: sc.id('vpn-connection', 'vpn-4'),
      ResourceType: 'vpn',
    });
    expect(sc.ref(fwd[8]!.TransitGateway)).toBe('transit-gateway tgw-A');
    expect(r.ReturnPathComponents![4]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '10.1.0.0/16',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'spoke-1-attachment'),
    });
    // Stable: the same flow takes the same attachment on every trace.
    for (let i = 0; i < 3; i++) {
      expect(vpnCrossed(sc, sc.trace(Q.app1ToOnPrem).ForwardPathComponents)).toBe('vpn-4');
    }
    await goldens.check(SLUG.app1ToOnPrem, r, labels(sc.s));
  });

  it('ECMP spreads flows over all four VPN attachments, each flow on one connection both ways; a connection down drops out', () => {
    const sc = loadScenario(FILE);
    const pick = (port: number) => {
      const r = sc.trace({ ...Q.app1ToOnPrem, port });
      expectReachable(r);
      const vpn = vpnCrossed(sc, r.ForwardPathComponents);
      expect(vpnCrossed(sc, r.ReturnPathComponents)).toBe(vpn);
      return vpn;
    };
    const ports = Array.from({ length: 24 }, (_, i) => 8000 + i);
    const before = ports.map(pick);
    expect(new Set(before)).toEqual(new Set(VPNS));
    for (const tunnel of [0, 1]) {
      sc.run(
        setVpnTunnelStatus,
        { vpnConnectionId: sc.id('vpn-connection', 'vpn-4'), tunnel, status: 'DOWN' },
        EAST,
      );
    }
    const after = ports.map(pick);
    expect(new Set(after)).toEqual(new Set(['vpn-1', 'vpn-2', 'vpn-3']));
  });

  it('with every tunnel down, nothing advertises 192.168.0.0/16: TGW_RTB_CANNOT_ROUTE in spoke-tgw-route-table', () => {
    const sc = loadScenario(FILE);
    for (const vpn of VPNS) {
      for (const tunnel of [0, 1]) {
        sc.run(
          setVpnTunnelStatus,
          { vpnConnectionId: sc.id('vpn-connection', vpn), tunnel, status: 'DOWN' },
          EAST,
        );
      }
    }
    const r = sc.trace(Q.app1ToOnPrem);
    const x = expectBlocked(r, 'TGW_RTB_CANNOT_ROUTE');
    expect(sc.ref(x.Component)).toBe('transit-gateway-route-table spoke-tgw-route-table');
    expect(x).toMatchObject({ PacketField: 'destination-address', Address: '192.168.10.10' });
  });

  it('on-premises 192.168.10.10 → app-2 TCP 443: reachable via WAN-connections-route-table (10.2.0.0/16 propagated)', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.onPremToApp2);
    expectReachable(r);
    const vpn = vpnCrossed(sc, r.ForwardPathComponents);
    expect(vpn).toBe('vpn-3');
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...fromOnPrem(vpn),
      'transit-gateway-route-table WAN-connections-route-table',
      ...deliver('spoke-2-attachment', 'spoke-2', 'app-2'),
    ]);
    expect(r.ForwardPathComponents![4]!.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '10.2.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: sc.id('transit-gateway-attachment', 'spoke-2-attachment'),
      ResourceId: sc.id('vpc', 'spoke-2'),
      ResourceType: 'vpc',
    });
    expect(sc.ref(r.ForwardPathComponents![9]!.Component)).toBe('security-group spoke-2-sg');
    expect(r.ForwardPathComponents![9]!.SecurityGroupRule).toMatchObject({
      Cidr: '192.168.0.0/16',
      Direction: 'ingress',
    });
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('app-2', 'spoke-2'),
      ...enter('spoke-2', 'spoke-2-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
      ...toOnPrem(vpn),
    ]);
    await goldens.check(SLUG.onPremToApp2, r, labels(sc.s));
  });

  it('aggregate VPN bandwidth toward on-premises: 4 connections × 2 tunnels × 1.25 Gbps = 10 Gbps', () => {
    const sc = loadScenario(FILE);
    const tgwA = sc.id('transit-gateway', 'tgw-A');
    expect(vpnEcmpBandwidth(sc.s, tgwA)).toEqual({
      ecmp: true,
      connections: 4,
      tunnels: 8,
      perTunnelGbps: 1.25,
      totalGbps: 10,
    });
    const view = TRANSIT_GATEWAY_VIEWS.find((v) => v.name === 'transit-gateways')!;
    const bandwidth = (): Record<string, string | number | undefined> =>
      Object.fromEntries(view.rows(sc.s).map((r) => [String(r['name']), r['vpn bandwidth']]));
    expect(bandwidth()).toEqual({ 'tgw-A': '4 × 2 × 1.25 Gbps = 10 Gbps', 'tgw-B': '' });
    // One tunnel down leaves 7 in the ECMP set; without ECMP one tunnel carries it all.
    sc.run(
      setVpnTunnelStatus,
      { vpnConnectionId: sc.id('vpn-connection', 'vpn-2'), tunnel: 1, status: 'DOWN' },
      EAST,
    );
    expect(bandwidth()['tgw-A']).toBe('7 tunnels × 1.25 Gbps = 8.75 Gbps');
    sc.run(
      modifyTransitGateway,
      { transitGatewayId: tgwA, options: { vpnEcmpSupport: 'disable' } },
      EAST,
    );
    expect(bandwidth()['tgw-A']).toBe('1 × 1 × 1.25 Gbps = 1.25 Gbps');
  });

  it('`vpctwin show --only transit-gateways` prints the aggregate VPN bandwidth', () => {
    const run = vpctwin('show', FILE, '--only', 'transit-gateways', '--json');
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.stdout) as Record<string, Record<string, unknown>[]>;
    const rows = Object.values(shown).flat();
    expect(rows.find((r) => r['name'] === 'tgw-A')?.['vpn bandwidth']).toBe(
      '4 × 2 × 1.25 Gbps = 10 Gbps',
    );
  });
});

describe(`scenario: hub and spoke, stage 3 — second Region (${FILE})`, () => {
  it('svc → svc-b TCP 443: reachable across the peering, by static routes on both gateways', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.svcToSvcB);
    expectReachable(r);
    const SB = 'shared-services-vpc-B';
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('svc', SS),
      ...enter(SS, 'shared-services-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table',
      'transit-gateway-attachment tgw-A-tgw-B',
      'transit-gateway-route-table shared-services-tgw-route-table-B',
      ...deliver('shared-services-B-attachment', SB, 'svc-b'),
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      ...back('svc-b', SB),
      ...enter(SB, 'shared-services-B-attachment'),
      'transit-gateway-route-table shared-services-tgw-route-table-B',
      'transit-gateway-attachment tgw-A-tgw-B',
      'transit-gateway-route-table spoke-tgw-route-table',
      ...backIn('shared-services-attachment', SS, 'svc'),
    ]);
    const pcx = sc.id('transit-gateway-attachment', 'tgw-A-tgw-B');
    const fwd = r.ForwardPathComponents!;
    expect(fwd[7]!.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '10.100.0.0/16',
      State: 'active',
      RouteOrigin: 'static',
      AttachmentId: pcx,
      ResourceId: sc.id('transit-gateway', 'tgw-B'),
      ResourceType: 'peering',
    });
    // tgw-B routes what arrives over the peering by its own association of it.
    expect(sc.ref(fwd[9]!.TransitGateway)).toBe('transit-gateway tgw-B');
    expect(fwd[9]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '10.100.0.0/16',
      RouteOrigin: 'propagated',
    });
    expect(fwd[9]!.Component.Arn).toMatch(
      /^arn:aws:ec2:us-west-2:111111111111:transit-gateway-route-table\//,
    );
    expect(r.ReturnPathComponents![6]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.0.0/16',
      RouteOrigin: 'static',
      AttachmentId: pcx,
    });
    await goldens.check(SLUG.svcToSvcB, r, labels(sc.s));
  });

  it('app-1 → svc-b TCP 443: not reachable, spoke-tgw-route-table has no route to 10.100.0.0/16', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.app1ToSvcB);
    const x = expectBlocked(r, 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT');
    expect(sc.ref(x.Component)).toBe('transit-gateway-route-table spoke-tgw-route-table');
    expect(sc.ref(x.TransitGatewayAttachment)).toBe('transit-gateway-attachment tgw-A-tgw-B');
    expect(x.Address).toBe('10.100.1.10');
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...out('app-1', 'spoke-1'),
      ...enter('spoke-1', 'spoke-1-attachment'),
      'transit-gateway-route-table spoke-tgw-route-table',
    ]);
    await goldens.check(SLUG.app1ToSvcB, r, labels(sc.s));
  });

  it('enabling route propagation from the peering attachment is rejected: static routes only', () => {
    const sc = loadScenario(FILE);
    const table = sc.id('transit-gateway-route-table', 'spoke-tgw-route-table');
    const pcx = sc.id('transit-gateway-attachment', 'tgw-A-tgw-B');
    const before = sc.s.revision;
    const r = sc.attempt(
      enableTransitGatewayRouteTablePropagation,
      { transitGatewayRouteTableId: table, transitGatewayAttachmentId: pcx },
      EAST,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidParameterValue');
    expect(sc.normalise(r.error.message)).toBe(
      'Route propagation is not supported for Transit Gateway Peering Attachment <tgw-attach:tgw-A-tgw-B>. Peering attachments support static routes only.',
    );
    expect(sc.s.revision).toBe(before);
    // The same request in the topology file fails the load, pointing at it.
    const withPropagation = (t: Topology): Topology => {
      const [account] = t.accounts;
      const [east, west] = account!.regions;
      const tgws = east!.transitGateways!.map((g) => ({
        ...g,
        routeTables: g.routeTables?.map((rt) =>
          rt.name === 'spoke-tgw-route-table'
            ? { ...rt, propagations: [...(rt.propagations ?? []), 'tgw-A-tgw-B'] }
            : rt,
        ),
      }));
      return {
        ...t,
        accounts: [{ ...account!, regions: [{ ...east!, transitGateways: tgws }, west!] }],
      };
    };
    expect(() => loadScenario(FILE, withPropagation)).toThrow(/static routes only/);
  });
});

describe('vpctwin show', () => {
  it('lists the routes each TGW route table uses: propagated from VPCs and VPNs, static over the peering', () => {
    const sc = loadScenario(FILE);
    const view = TRANSIT_GATEWAY_VIEWS.find((v) => v.name === 'tgw-routes')!;
    const att = (name: string) => sc.id('transit-gateway-attachment', name);
    const row = (table: string, destination: string, type: string, target: string) => ({
      table,
      destination,
      type,
      target: att(target),
      state: 'active',
    });
    // The four BGP VPNs advertise 192.168.0.0/16 equally: VPN ECMP keeps all four routes.
    const vpns = (table: string) =>
      ['vpn-1', 'vpn-2', 'vpn-3', 'vpn-4'].map((v) =>
        row(table, '192.168.0.0/16', 'propagated', v),
      );
    expect(view.rows(sc.s)).toEqual([
      row('spoke-tgw-route-table', '10.0.0.0/16', 'propagated', 'shared-services-attachment'),
      ...vpns('spoke-tgw-route-table'),
      row('shared-services-tgw-route-table', '10.100.0.0/16', 'static', 'tgw-A-tgw-B'),
      row('shared-services-tgw-route-table', '10.1.0.0/16', 'propagated', 'spoke-1-attachment'),
      row('shared-services-tgw-route-table', '10.2.0.0/16', 'propagated', 'spoke-2-attachment'),
      ...vpns('shared-services-tgw-route-table'),
      row('WAN-connections-route-table', '10.0.0.0/16', 'propagated', 'shared-services-attachment'),
      row('WAN-connections-route-table', '10.1.0.0/16', 'propagated', 'spoke-1-attachment'),
      row('WAN-connections-route-table', '10.2.0.0/16', 'propagated', 'spoke-2-attachment'),
      row('shared-services-tgw-route-table-B', '10.0.0.0/16', 'static', 'tgw-A-tgw-B'),
      row(
        'shared-services-tgw-route-table-B',
        '10.100.0.0/16',
        'propagated',
        'shared-services-B-attachment',
      ),
    ]);
  });
});

describe('golden files', () => {
  it('has no golden file without a question', () => {
    expect(goldens.stale(Object.values(SLUG))).toEqual([]);
  });
});

describeCliAnswers(FILE, [
  { q: Q.app1ToSvc, exitCode: 0 },
  { q: Q.app1ToApp2, exitCode: 1 },
  { q: Q.app1ToOnPrem, exitCode: 0 },
]);

/**
 * The example holds all three stages: the access scopes see the VPNs of stage 2 and the
 * us-west-2 services VPC of stage 3 too. A packet an instance sends to its own address is
 * delivered to it, as the tracer delivers it, so an instance is among what reaches itself.
 */
describe(`scenario: hub and spoke — isolation and reach as access scopes (${FILE})`, () => {
  const vpc = (sc: Scenario, name: string) => sc.id('vpc', name);

  it('no path between the spokes, either way', () => {
    const sc = loadScenario(FILE);
    const [s1, s2] = [vpc(sc, 'spoke-1'), vpc(sc, 'spoke-2')];
    const between = (from: string, to: string) => ({
      Source: { ResourceStatement: { Resources: [from] } },
      Destination: { ResourceStatement: { Resources: [to] } },
    });
    expect(sc.access({ MatchPaths: [between(s1, s2), between(s2, s1)] })).toEqual([]);
  });

  it('what reaches svc: app-1, app-2, (stage 3) svc-b and on premises over each of the four VPNs (ECMP), on TCP 443 only', () => {
    const sc = loadScenario(FILE);
    const found = sc.access({
      MatchPaths: [
        { Destination: { ResourceStatement: { Resources: [sc.id('instance', 'svc')] } } },
      ],
    });
    expect(found.map((f) => sc.ref({ Id: f.source.id })).sort()).toEqual([
      'network-interface app-1.eth0',
      'network-interface app-2.eth0',
      'network-interface svc-b.eth0',
      'network-interface svc.eth0',
      'on-premises-site on-premises',
      'on-premises-site on-premises',
      'on-premises-site on-premises',
      'on-premises-site on-premises',
    ]);
    const vpns = found
      .filter((f) => f.source.kind === 'on-premises-site')
      .map((f) => sc.hops(f.components).find((h) => h.startsWith('vpn-connection')))
      .sort();
    expect(vpns).toEqual([1, 2, 3, 4].map((n) => `vpn-connection vpn-${n}`));
    for (const f of found) {
      if (f.source.id !== f.destination.id) {
        const hops = sc.hops(f.components);
        expect(hops.some((h) => h.startsWith('transit-gateway-attachment'))).toBe(true);
      }
      for (const box of f.space.cubes()) {
        expect(box.protocols).toEqual([{ from: 6, to: 6 }]);
        expect(box.destinationPorts).toEqual([{ from: 443, to: 443 }]);
      }
    }
  });

  it('everything app-1 can open: svc on TCP 443, and on premises over each of the four VPNs (ECMP)', () => {
    const sc = loadScenario(FILE);
    const found = sc.access({
      MatchPaths: [{ Source: { ResourceStatement: { Resources: [sc.id('instance', 'app-1')] } } }],
    });
    const ends = found.map((f) => sc.ref({ Id: f.destination.id })).sort();
    expect(ends).toEqual([
      'network-interface app-1.eth0',
      'network-interface svc.eth0',
      'transit-gateway-attachment vpn-1',
      'transit-gateway-attachment vpn-2',
      'transit-gateway-attachment vpn-3',
      'transit-gateway-attachment vpn-4',
    ]);
    const toSvc = found.find(
      (f) => sc.ref({ Id: f.destination.id }) === 'network-interface svc.eth0',
    )!;
    for (const box of toSvc.space.cubes()) {
      expect(box.protocols).toEqual([{ from: 6, to: 6 }]);
      expect(box.destinationPorts).toEqual([{ from: 443, to: 443 }]);
    }
  });
});
