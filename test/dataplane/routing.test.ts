import { describe, expect, it } from 'vitest';
import { runInstances } from '../../src/control/instance-launch.js';
import { terminateInstances } from '../../src/control/instance.js';
import { deleteNatGateway } from '../../src/control/nat-gateway.js';
import { modifyNetworkInterfaceAttribute } from '../../src/control/network-interface.js';
import { ALL, expectBlocked, expectReachable, ids, ip, net } from './net.js';

/** One VPC with a public subnet, an instance in it, and an internet gateway. */
function base() {
  const n = net();
  const vpc = n.vpc('10.0.0.0/16', 'main');
  const igw = n.igw(vpc);
  const subnet = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'app');
  const rt = n.table(vpc, 'app-rt', [subnet]);
  const sg = n.sg(vpc, 'open', [ALL]);
  const app = n.instance(subnet, '10.0.1.10', [sg.id], 'app', { publicIp: true });
  return { n, vpc, igw, subnet, rt, sg, app };
}

/** The route a path's route-table hop used. */
const routeOf = (r: ReturnType<ReturnType<typeof net>['trace']>) =>
  r.ForwardPathComponents?.find((c) => c.RouteTableRoute)?.RouteTableRoute;

describe('route selection', () => {
  it('takes the longest prefix first', () => {
    const b = base();
    const nat = b.n.nat(b.subnet, 'nat');
    b.n.route(b.rt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: b.igw.id });
    b.n.route(b.rt.id, { destinationCidrBlock: '20.1.0.0/16', natGatewayId: nat.id });
    const to = (addr: string) => b.n.traceTcp(b.app.instance.id, ip(addr), 443);
    expect(routeOf(to('20.1.2.3'))).toMatchObject({
      DestinationCidr: '20.1.0.0/16',
      NatGatewayId: nat.id,
    });
    expect(routeOf(to('20.2.2.3'))).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      GatewayId: b.igw.id,
    });
  });

  it('on equal prefixes a static route beats a prefix-list route, which LPM still loses to a longer entry', () => {
    const b = base();
    const nat = b.n.nat(b.subnet, 'nat');
    const pl = b.n.prefixList('partners', ['20.1.0.0/16', '20.2.5.0/24']);
    b.n.route(b.rt.id, { destinationPrefixListId: pl.id, natGatewayId: nat.id });
    b.n.route(b.rt.id, { destinationCidrBlock: '20.1.0.0/16', gatewayId: b.igw.id });
    b.n.route(b.rt.id, { destinationCidrBlock: '20.2.0.0/16', gatewayId: b.igw.id });
    const to = (addr: string) => b.n.traceTcp(b.app.instance.id, ip(addr), 443);
    expect(routeOf(to('20.1.9.9'))).toMatchObject({
      DestinationCidr: '20.1.0.0/16',
      GatewayId: b.igw.id,
    });
    expect(routeOf(to('20.2.5.9'))).toMatchObject({
      DestinationPrefixListId: pl.id,
      NatGatewayId: nat.id,
    });
    expect(routeOf(to('20.2.6.9'))).toMatchObject({ DestinationCidr: '20.2.0.0/16' });
  });

  it('between two prefix lists holding the same CIDR, the lowest prefix-list id wins', () => {
    const b = base();
    const nat = b.n.nat(b.subnet, 'nat');
    const p1 = b.n.prefixList('one', ['20.1.0.0/16']);
    const p2 = b.n.prefixList('two', ['20.1.0.0/16']);
    b.n.route(b.rt.id, { destinationPrefixListId: p1.id, natGatewayId: nat.id });
    b.n.route(b.rt.id, { destinationPrefixListId: p2.id, gatewayId: b.igw.id });
    const r = b.n.traceTcp(b.app.instance.id, ip('20.1.0.1'), 443);
    expect(routeOf(r)?.DestinationPrefixListId).toBe(p1.id < p2.id ? p1.id : p2.id);
  });

  it('keeps IPv4 and IPv6 apart: 0.0.0.0/0 never carries IPv6', () => {
    const n = net();
    const vpc = n.vpc('10.0.0.0/16', 'v6', { ipv6: '2600:1f18:aaaa:bb00::/56' });
    const igw = n.igw(vpc);
    const subnet = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'dual', {
      ipv6: '2600:1f18:aaaa:bb01::/64',
    });
    const rt = n.table(vpc, 'rt', [subnet]);
    n.route(rt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const sg = n.sg(vpc, 'open', [ALL], { egress: [ALL] });
    const host = n.instance(subnet, '10.0.1.10', [sg.id], 'host', { ipv6: 1 });
    const req = {
      source: host.instance.id,
      destinationIp: ip('2606:2800:220:1::1'),
      protocol: 'tcp' as const,
      destinationPort: 443,
    };
    expect(expectBlocked(n.trace(req), 'NO_ROUTE_TO_DESTINATION').Component?.Id).toBe(rt.id);
    n.route(rt.id, { destinationIpv6CidrBlock: '::/0', gatewayId: igw.id });
    const r = n.trace(req);
    expectReachable(r);
    // IPv6 crosses the internet gateway untranslated.
    const igwHop = r.ForwardPathComponents!.at(-1)!;
    expect(igwHop.InboundHeader).toEqual(igwHop.OutboundHeader);
  });

  it('never forwards to 169.254.168.0/22, whatever route covers it', () => {
    const b = base();
    b.n.route(b.rt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: b.igw.id });
    const r = b.n.traceTcp(b.app.instance.id, ip('169.254.169.254'), 80);
    expect(expectBlocked(r, 'NO_ROUTE_TO_DESTINATION').Component?.Id).toBe(b.rt.id);
  });

  it('drops on a blackhole route (deleted NAT gateway) with BAD_STATE_ROUTE', () => {
    const b = base();
    const nat = b.n.nat(b.subnet, 'nat');
    b.n.route(b.rt.id, { destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
    b.n.h.run(deleteNatGateway, { natGatewayId: nat.id });
    const r = b.n.traceTcp(b.app.instance.id, ip('20.1.0.1'), 443);
    const x = expectBlocked(r, 'BAD_STATE_ROUTE');
    expect(x).toMatchObject({
      RouteTableRoute: { NatGatewayId: nat.id, State: 'blackhole' },
      NatGateway: { Id: nat.id },
      State: 'deleted',
    });
  });

  it('drops on a route to a terminated instance, even when its ENI survives it', () => {
    const b = base();
    // Attached at launch, an existing ENI is not deleted on termination: it stays, detached.
    const kept = b.n.eni(b.subnet, '10.0.1.20', [b.sg.id], 'kept');
    const [appliance] = b.n.h.run(runInstances, {
      networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: kept.id }],
    });
    b.n.route(b.rt.id, { destinationCidrBlock: '20.1.0.0/16', instanceId: appliance!.id });
    b.n.h.run(terminateInstances, { instanceIds: [appliance!.id] });
    expect(b.n.h.s.get('network-interface', kept.id)?.attachment).toBeUndefined();
    const r = b.n.traceTcp(b.app.instance.id, ip('20.1.0.1'), 443);
    expect(expectBlocked(r, 'BAD_STATE_ROUTE')).toMatchObject({
      RouteTableRoute: { DestinationCidr: '20.1.0.0/16', State: 'blackhole' },
    });
  });
});

describe('middlebox routing', () => {
  function inspected() {
    const n = net();
    const vpc = n.vpc('10.0.0.0/16', 'inspected');
    const app = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'app');
    const fw = n.subnet(vpc, '10.0.2.0/24', 'use1-az2', 'fw');
    const db = n.subnet(vpc, '10.0.3.0/24', 'use1-az1', 'db');
    const sg = n.sg(vpc, 'open', [ALL]);
    const a = n.instance(app, '10.0.1.10', [sg.id], 'a');
    const f = n.instance(fw, '10.0.2.10', [sg.id], 'fw');
    const d = n.instance(db, '10.0.3.10', [sg.id], 'd');
    const appRt = n.table(vpc, 'app-rt', [app]);
    const dbRt = n.table(vpc, 'db-rt', [db]);
    n.route(appRt.id, { destinationCidrBlock: '10.0.3.0/24', networkInterfaceId: f.eni.id });
    n.route(dbRt.id, { destinationCidrBlock: '10.0.1.0/24', networkInterfaceId: f.eni.id });
    return {
      n,
      sg,
      a,
      f,
      d,
      appRt,
      dbRt,
      main: n.mainTable(vpc),
      acl: n.h.s.find('networkAclsByVpc', vpc.id)[0]!.id,
    };
  }

  it('a more specific subnet route sends traffic through an appliance once its source/destination check is off', () => {
    const b = inspected();
    const req = {
      source: b.a.instance.id,
      destination: b.d.instance.id,
      protocol: 'tcp' as const,
      destinationPort: 5432,
    };
    const x = expectBlocked(b.n.trace(req), 'ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(x).toMatchObject({
      Component: { Id: b.f.eni.id },
      Direction: 'ingress',
      PacketField: 'destination-address',
    });

    b.n.h.run(modifyNetworkInterfaceAttribute, {
      networkInterfaceId: b.f.eni.id,
      sourceDestCheck: false,
    });
    const r = b.n.trace(req);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.a.instance.id,
      b.a.eni.id,
      b.sg.id,
      b.acl,
      b.appRt.id,
      b.acl,
      b.sg.id,
      b.f.eni.id,
      b.sg.id,
      b.acl,
      b.main.id,
      b.acl,
      b.sg.id,
      b.d.eni.id,
      b.d.instance.id,
    ]);
    // The appliance sits in another AZ than the sender.
    expect(r.ForwardPathComponents![7]!.AdditionalDetails?.[0]?.AdditionalDetailType).toBe(
      'AVAILABILITY_ZONE_CROSSED',
    );
    // The reply comes back through the appliance too (symmetric routes).
    expect(ids(r.ReturnPathComponents)).toContain(b.f.eni.id);
  });
});
