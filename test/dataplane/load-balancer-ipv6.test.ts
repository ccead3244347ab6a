import { describe, expect, it } from 'vitest';
import { trace, type PathComponent, type TraceRequest } from '../../src/analysis/trace/index.js';
import { compile } from '../../src/dataplane/index.js';
import { modifyTargetGroupAttributes } from '../../src/control/elbv2-attributes.js';
import { runInstances } from '../../src/control/instance-launch.js';
import { createListener } from '../../src/control/listener.js';
import { createLoadBalancer } from '../../src/control/load-balancer.js';
import { createRoute } from '../../src/control/route.js';
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
} from '../../src/control/security-group.js';
import { createSubnet } from '../../src/control/subnet.js';
import { registerTargets } from '../../src/control/target.js';
import { createTargetGroup } from '../../src/control/target-group.js';
import { Ip } from '../../src/net/index.js';
import { dualStackWorld } from '../support/fixtures.js';

/**
 * IPv6 clients through a dualstack Network Load Balancer (D87, D88): the node's IPv6 address
 * takes the connection; an IPv6 group's target sees the client (preserved), an IPv4 group's
 * target sees the node's IPv4 (no preservation across families); UDP never changes family.
 */

const ids = (cs: readonly PathComponent[] | undefined) => (cs ?? []).map((c) => c.Component.Id);

function world() {
  const w = dualStackWorld();
  const { h, vpc, v6, subnet } = w;
  const appSubnet = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.4.0/24',
    ipv6CidrBlock: v6[2]!.toString(),
    availabilityZone: 'us-east-1a',
  });
  const db = h.run(createSecurityGroup, { vpcId: vpc.id, groupName: 'db', description: 'db' });
  const vpc6 = vpc.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.toString();
  h.run(authorizeSecurityGroupIngress, {
    groupId: db.id,
    ipPermissions: [
      {
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        ipRanges: [{ cidrIp: '10.0.0.0/16' }],
        ipv6Ranges: [{ cidrIpv6: vpc6 }, { cidrIpv6: '2001:db8::/32' }],
      },
      {
        ipProtocol: 'udp',
        fromPort: 53,
        toPort: 53,
        ipRanges: [{ cidrIp: '10.0.0.0/16' }],
        ipv6Ranges: [{ cidrIpv6: vpc6 }],
      },
    ],
  });
  const [client] = h.run(runInstances, { subnetId: subnet.id, ipv6AddressCount: 1 });
  const [target] = h.run(runInstances, {
    subnetId: appSubnet.id,
    ipv6AddressCount: 1,
    securityGroupIds: [db.id],
  });
  const eniOf = (id: string) => h.s.find('networkInterfacesByInstance', id)[0]!;
  const targetEni = eniOf(target!.id);
  const lb = h.run(createLoadBalancer, {
    name: 'dual',
    type: 'network',
    ipAddressType: 'dualstack',
    subnets: [appSubnet.id],
  });
  const group = (name: string, protocol: string, port: number, ipAddressType: string) => {
    const tg = h.run(createTargetGroup, {
      name,
      protocol,
      port,
      vpcId: vpc.id,
      targetType: 'ip',
      ipAddressType,
    });
    const address =
      ipAddressType === 'ipv6'
        ? targetEni.ipv6Addresses[0]!.ipv6Address
        : targetEni.privateIpAddress!;
    h.run(registerTargets, { targetGroupArn: tg.id, targets: [{ id: address.toString() }] });
    h.run(createListener, {
      loadBalancerArn: lb.id,
      protocol,
      port,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    return tg.id;
  };
  const tg6 = group('v6', 'TCP', 5432, 'ipv6');
  const node = lb.availabilityZones[0]!.loadBalancerAddresses[0]!;
  return {
    ...w,
    client: client!,
    clientEni: eniOf(client!.id),
    target: target!,
    targetEni,
    db,
    lb,
    tg6,
    node,
    group,
    run: (req: Omit<TraceRequest, 'protocol'> & { protocol?: TraceRequest['protocol'] }) =>
      trace(compile(h.s), { protocol: 'tcp', ...req }),
  };
}

describe('an IPv6 client through a dualstack NLB', () => {
  it('reaches an IPv6 target seeing the client’s own address, and the reply returns through the node', () => {
    const w = world();
    const client6 = w.clientEni.ipv6Addresses[0]!.ipv6Address;
    const r = w.run({
      source: w.client.id,
      destination: w.lb.id,
      destinationIp: w.node.iPv6Address!,
      destinationPort: 5432,
    });
    expect(r.NetworkPathFound).toBe(true);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.client.id,
      w.clientEni.id,
      w.defaultSg.id,
      expect.stringMatching(/^acl-/),
      expect.stringMatching(/^rtb-/),
      expect.stringMatching(/^acl-/),
      w.lb.id,
      w.tg6,
      w.db.id,
      w.targetEni.id,
      w.target.id,
    ]);
    const lbHop = r.ForwardPathComponents!.find((c) => c.Component.Id === w.lb.id)!;
    expect(lbHop.InboundHeader).toMatchObject({
      SourceAddresses: [`${client6.toString()}/128`],
      DestinationAddresses: [`${w.node.iPv6Address!.toString()}/128`],
    });
    // IP targets over TCP do not preserve client addresses by default: the node's IPv6.
    expect(lbHop.OutboundHeader).toMatchObject({
      SourceAddresses: [`${w.node.iPv6Address!.toString()}/128`],
      DestinationAddresses: [`${w.targetEni.ipv6Addresses[0]!.ipv6Address.toString()}/128`],
    });
    w.h.run(modifyTargetGroupAttributes, {
      targetGroupArn: w.tg6,
      attributes: [{ key: 'preserve_client_ip.enabled', value: 'true' }],
    });
    const kept = w.run({
      source: w.client.id,
      destination: w.lb.id,
      destinationIp: w.node.iPv6Address!,
      destinationPort: 5432,
    });
    expect(kept.NetworkPathFound).toBe(true);
    expect(
      kept.ForwardPathComponents!.find((c) => c.Component.Id === w.lb.id)!.OutboundHeader
        ?.SourceAddresses,
    ).toEqual([`${client6.toString()}/128`]);
    const back = ids(r.ReturnPathComponents);
    expect(back.slice(0, 3)).toEqual([w.target.id, w.targetEni.id, w.lb.id]);
    expect(back.slice(-2)).toEqual([w.clientEni.id, w.client.id]);
    const lbBack = r.ReturnPathComponents!.find((c) => c.Component.Id === w.lb.id)!;
    expect(lbBack.OutboundHeader?.SourceAddresses).toEqual([
      `${w.node.iPv6Address!.toString()}/128`,
    ]);
  });

  it('reaches an IPv4 target group’s target from the node’s IPv4 address (TCP crosses families)', () => {
    const w = world();
    const tg4 = w.group('v4', 'TCP', 6432, 'ipv4');
    // The target listens where the group sends: allow 6432 from the VPC's IPv4 block.
    w.h.run(authorizeSecurityGroupIngress, {
      groupId: w.db.id,
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 6432, toPort: 6432, ipRanges: [{ cidrIp: '10.0.0.0/16' }] },
      ],
    });
    const r = w.run({
      source: w.client.id,
      destination: w.lb.id,
      destinationIp: w.node.iPv6Address!,
      destinationPort: 6432,
    });
    expect(r.NetworkPathFound).toBe(true);
    expect(ids(r.ForwardPathComponents).slice(-5)).toEqual([
      w.lb.id,
      tg4,
      w.db.id,
      w.targetEni.id,
      w.target.id,
    ]);
    const lbHop = r.ForwardPathComponents!.find((c) => c.Component.Id === w.lb.id)!;
    expect(lbHop.OutboundHeader).toMatchObject({
      SourceAddresses: [`${w.node.privateIPv4Address.toString()}/32`],
      DestinationAddresses: [`${w.targetEni.privateIpAddress!.toString()}/32`],
    });
    // The reply is IPv6 again when it leaves the node for the client.
    const lbBack = r.ReturnPathComponents!.find((c) => c.Component.Id === w.lb.id)!;
    expect(lbBack.InboundHeader?.SourceAddresses).toEqual([
      `${w.targetEni.privateIpAddress!.toString()}/32`,
    ]);
    expect(lbBack.OutboundHeader?.DestinationAddresses).toEqual([
      `${w.clientEni.ipv6Addresses[0]!.ipv6Address.toString()}/128`,
    ]);
    expect(ids(r.ReturnPathComponents).at(-1)).toBe(w.client.id);
  });

  it('cannot send IPv6 UDP to an IPv4 group: ELBV2_LISTENER_REQUIRES_TG_ACCEPT', () => {
    const w = world();
    const udp4 = w.group('dns4', 'UDP', 53, 'ipv4');
    const req = {
      source: w.client.id,
      destination: w.lb.id,
      destinationPort: 53,
      protocol: 'udp' as const,
    };
    const r = w.run({ ...req, destinationIp: w.node.iPv6Address! });
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents).at(-1)).toBe(w.lb.id);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_LISTENER_REQUIRES_TG_ACCEPT',
      Component: { Id: w.lb.id },
      PacketField: 'source-address',
      LoadBalancerArn: w.lb.id,
      LoadBalancerListenerPort: 53,
      LoadBalancerTargetGroup: { Id: udp4 },
    });
    // The same listener takes IPv4 UDP to the IPv4 group.
    const v4 = w.run({ ...req, destinationIp: w.node.privateIPv4Address });
    expect(v4.NetworkPathFound).toBe(true);
    expect(ids(v4.ForwardPathComponents).slice(-4)).toEqual([
      udp4,
      w.db.id,
      w.targetEni.id,
      w.target.id,
    ]);
  });

  it('takes IPv6 from the internet at an internet-facing dualstack node', () => {
    const w = world();
    const web = w.h.run(createLoadBalancer, {
      name: 'edge',
      type: 'network',
      ipAddressType: 'dualstack',
      subnets: [w.subnet.id],
    });
    const tg = w.h.run(createTargetGroup, {
      name: 'edge',
      protocol: 'TCP',
      port: 5432,
      vpcId: w.vpc.id,
      targetType: 'ip',
      ipAddressType: 'ipv6',
    });
    w.h.run(modifyTargetGroupAttributes, {
      targetGroupArn: tg.id,
      attributes: [{ key: 'preserve_client_ip.enabled', value: 'true' }],
    });
    w.h.run(registerTargets, {
      targetGroupArn: tg.id,
      targets: [{ id: w.targetEni.ipv6Addresses[0]!.ipv6Address.toString() }],
    });
    w.h.run(createListener, {
      loadBalancerArn: web.id,
      protocol: 'TCP',
      port: 5432,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    const main = w.h.s
      .find('routeTablesByVpc', w.vpc.id)
      .find((t) => t.associations.some((a) => a.main))!;
    w.h.run(createRoute, {
      routeTableId: main.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: w.igw.id,
    });
    const node6 = web.availabilityZones[0]!.loadBalancerAddresses[0]!.iPv6Address!;
    const r = w.run({
      source: w.igw.id,
      destination: web.id,
      destinationIp: node6,
      sourceIp: Ip.parse('2001:db8::7')!,
      destinationPort: 5432,
    });
    expect(r.NetworkPathFound).toBe(true);
    const path = ids(r.ForwardPathComponents);
    expect(path[0]).toBe(w.igw.id);
    // The node's subnet routes to the target's: its ACL and route table, the target's ACL.
    expect(path.slice(-8)).toEqual([
      web.id,
      tg.id,
      expect.stringMatching(/^acl-/),
      expect.stringMatching(/^rtb-/),
      expect.stringMatching(/^acl-/),
      w.db.id,
      w.targetEni.id,
      w.target.id,
    ]);
    // The target sees the internet client (2001:db8::/32 is admitted by its group).
    const lbHop = r.ForwardPathComponents!.find((c) => c.Component.Id === web.id)!;
    expect(lbHop.OutboundHeader?.SourceAddresses).toEqual(['2001:db8::7/128']);
    expect(ids(r.ReturnPathComponents).at(-1)).toBe(w.igw.id);
  });
});
