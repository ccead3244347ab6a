import { describe, expect, it } from 'vitest';
import { createNetworkInterface } from '../../src/control/network-interface.js';
import { deleteRoute } from '../../src/control/route.js';
import { ALL, expectBlocked, expectReachable, ids, ip, net } from './net.js';

/** /work/shared/scenarios/ipv6-only-nat64.md (the EIP is allocated, not pinned). */
function v6app() {
  const n = net();
  const vpc = n.vpc('10.30.0.0/16', 'v6app', { ipv6: '2600:1f18:47b:ca00::/56' });
  const igw = n.igw(vpc);
  const eigw = n.eigw(vpc);
  const pub = n.subnet(vpc, '10.30.0.0/24', 'use1-az1', 'public', {
    ipv6: '2600:1f18:47b:ca00::/64',
  });
  const v6only = n.subnet(vpc, undefined, 'use1-az1', 'v6-only', {
    ipv6: '2600:1f18:47b:ca01::/64',
  });
  const nat = n.nat(pub, 'nat64');
  const pubRt = n.table(vpc, 'public-rt', [pub]);
  n.route(pubRt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
  n.route(pubRt.id, { destinationIpv6CidrBlock: '::/0', gatewayId: igw.id });
  const v6Rt = n.table(vpc, 'v6-rt', [v6only]);
  n.route(v6Rt.id, { destinationIpv6CidrBlock: '64:ff9b::/96', natGatewayId: nat.id });
  n.route(v6Rt.id, { destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId: eigw.id });
  const sg = n.sg(vpc, 'egress-only', [], { egress: [ALL] });
  const host = n.h.run(createNetworkInterface, {
    subnetId: v6only.id,
    ipv6Addresses: [{ ipv6Address: '2600:1f18:47b:ca01::10' }],
    groups: [sg.id],
    tags: [{ key: 'Name', value: 'v6host' }],
  });
  const acl = n.h.s.find('networkAclsByVpc', vpc.id)[0]!.id;
  return { n, vpc, igw, eigw, pub, v6only, nat, pubRt, v6Rt, sg, host, acl };
}

describe('scenario: IPv6-only workloads via NAT64 and an egress-only IGW', () => {
  it('v6host → [64:ff9b::22cf:fa3e]:443 is NAT64-translated by the NAT gateway and leaves by the IGW', () => {
    const b = v6app();
    const r = b.n.traceTcp(b.host.id, ip('64:ff9b::22cf:fa3e'), 443);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.host.id,
      b.sg.id,
      b.acl,
      b.v6Rt.id,
      b.acl,
      b.nat.id,
      b.acl,
      b.pubRt.id,
      b.igw.id,
    ]);
    const natHop = r.ForwardPathComponents![5]!;
    const natIp = b.nat.natGatewayAddresses[0]!;
    expect(natHop.InboundHeader).toMatchObject({
      SourceAddresses: ['2600:1f18:47b:ca01::10/128'],
      DestinationAddresses: ['64:ff9b::22cf:fa3e/128'],
    });
    expect(natHop.OutboundHeader).toMatchObject({
      SourceAddresses: [`${natIp.privateIp.toString()}/32`],
      DestinationAddresses: ['34.207.250.62/32'],
    });
    expect(r.ForwardPathComponents![8]!.OutboundHeader?.SourceAddresses).toEqual([
      `${natIp.publicIp!.toString()}/32`,
    ]);
    expect(r.ReturnPathComponents!.at(-1)!.InboundHeader).toMatchObject({
      SourceAddresses: ['64:ff9b::22cf:fa3e/128'],
      DestinationAddresses: ['2600:1f18:47b:ca01::10/128'],
    });
  });

  it('v6host → [2606:2800:220:1::1]:443 leaves through the egress-only IGW', () => {
    const b = v6app();
    const r = b.n.traceTcp(b.host.id, ip('2606:2800:220:1::1'), 443);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([b.host.id, b.sg.id, b.acl, b.v6Rt.id, b.eigw.id]);
    expect(ids(r.ReturnPathComponents)).toEqual([b.eigw.id, b.acl, b.host.id]);
  });

  it('the internet cannot start a connection to v6host', () => {
    const b = v6app();
    expectBlocked(b.n.traceTcp(b.eigw.id, b.host.id, 22), 'NO_PATH');
    // Through the IGW the packet gets in, but no security group rule admits it.
    expectBlocked(
      b.n.trace({ source: b.igw.id, destination: b.host.id, protocol: 'tcp', destinationPort: 22 }),
      'ENI_SG_RULES_MISMATCH',
    );
  });

  it('without the 64:ff9b::/96 route the packet leaves untranslated and reaches nothing', () => {
    const b = v6app();
    b.n.h.run(deleteRoute, { routeTableId: b.v6Rt.id, destinationIpv6CidrBlock: '64:ff9b::/96' });
    const req = {
      source: b.host.id,
      destinationIp: ip('64:ff9b::22cf:fa3e'),
      protocol: 'tcp' as const,
      destinationPort: 443,
    };
    const x = expectBlocked(b.n.trace(req), 'NO_POSSIBLE_DESTINATION');
    expect(x).toMatchObject({ Component: { Id: b.eigw.id }, Cidrs: ['64:ff9b::/96'] });
    b.n.h.run(deleteRoute, { routeTableId: b.v6Rt.id, destinationIpv6CidrBlock: '::/0' });
    expect(expectBlocked(b.n.trace(req), 'NO_ROUTE_TO_DESTINATION').Component?.Id).toBe(b.v6Rt.id);
  });
});

describe('NAT gateway', () => {
  function privateSubnet(opts: { private?: boolean } = {}) {
    const n = net();
    const vpc = n.vpc('10.0.0.0/16', 'egress');
    const igw = n.igw(vpc);
    const pub = n.subnet(vpc, '10.0.0.0/24', 'use1-az1', 'public');
    const priv = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'private');
    const nat = n.nat(pub, 'nat', opts);
    n.route(n.table(vpc, 'pub', [pub]).id, {
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    n.route(n.table(vpc, 'priv', [priv]).id, {
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.id,
    });
    const sg = n.sg(vpc, 'open', [ALL]);
    const app = n.instance(priv, '10.0.1.10', [sg.id], 'app');
    return { n, nat, igw, app };
  }

  it('remaps privileged source ports into 1024–65535', () => {
    const b = privateSubnet();
    const r = b.n.trace({
      source: b.app.instance.id,
      destinationIp: ip('93.184.216.34'),
      protocol: 'udp',
      destinationPort: 123,
      sourcePort: 123,
    });
    expectReachable(r);
    const natHop = r.ForwardPathComponents!.find((c) => c.Component.Id === b.nat.id)!;
    expect(natHop.OutboundHeader?.SourcePortRanges).toEqual([{ From: 1147, To: 1147 }]);
    expect(r.ReturnPathComponents!.at(-1)!.InboundHeader?.DestinationPortRanges).toEqual([
      { From: 123, To: 123 },
    ]);
  });

  it('translates ICMP echo and its reply', () => {
    const b = privateSubnet();
    const r = b.n.trace({
      source: b.app.instance.id,
      destinationIp: ip('93.184.216.34'),
      protocol: 'icmp',
    });
    expectReachable(r);
    expect(r.ForwardPathComponents![0]!.OutboundHeader).toEqual({
      SourceAddresses: ['10.0.1.10/32'],
      DestinationAddresses: ['93.184.216.34/32'],
      Protocol: '1',
    });
  });

  it('translates only TCP, UDP and ICMP', () => {
    const b = privateSubnet();
    const x = expectBlocked(
      b.n.trace({ source: b.app.instance.id, destinationIp: ip('93.184.216.34'), protocol: 47 }),
      'PROTOCOL_RESTRICTION',
    );
    expect(x).toMatchObject({ Component: { Id: b.nat.id }, Protocols: ['tcp', 'udp', 'icmp'] });
  });

  it('a private NAT gateway cannot reach the internet through the IGW', () => {
    const b = privateSubnet({ private: true });
    const x = expectBlocked(
      b.n.traceTcp(b.app.instance.id, ip('93.184.216.34'), 443),
      'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
    );
    expect(x).toMatchObject({ Component: { Id: b.igw.id }, NatGateway: { Id: b.nat.id } });
  });
});
