import { describe, expect, it } from 'vitest';
import type { PathComponent } from '../../src/analysis/trace/index.js';
import {
  modifyLoadBalancerAttributes,
  modifyTargetGroupAttributes,
} from '../../src/control/elbv2-attributes.js';
import { createListener } from '../../src/control/listener.js';
import { createLoadBalancer } from '../../src/control/load-balancer.js';
import { deregisterTargets, registerTargets } from '../../src/control/target.js';
import { createTargetGroup } from '../../src/control/target-group.js';
import {
  createSecurityGroup,
  authorizeSecurityGroupIngress,
} from '../../src/control/security-group.js';
import { runInstances } from '../../src/control/instance-launch.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import { createVpcEndpoint } from '../../src/control/vpc-endpoint.js';
import { createVpcEndpointServiceConfiguration } from '../../src/control/vpc-endpoint-service.js';
import { elbWorld } from './elb-world.js';

const ids = (cs: readonly PathComponent[] | undefined) => (cs ?? []).map((c) => c.Component.Id);

function world(edit?: (y: string) => string) {
  const w = elbWorld(edit);
  const i = (name: string) => w.id(name, 'instance');
  const sg = (name: string) => w.id(name, 'security-group');
  const nlb = w.id('db', 'load-balancer');
  const tg = w.id('db-instances', 'target-group');
  const lb = w.store.snapshot.get('load-balancer', nlb)!;
  const listener = w.store.snapshot.find('listenersByLoadBalancer', nlb)[0]!.id;
  return { ...w, i, sg, nlb, tg, lb, listener };
}

/** Only app-1's own address may reach the databases: what the target sees matters. */
const clientOnly = (y: string) =>
  y.replace(
    '- { protocol: tcp, ports: 5432, cidr: 10.0.0.0/16 }',
    '- { protocol: tcp, ports: 5432, cidr: 10.0.3.10/32 }',
  );

describe('Network Load Balancer', () => {
  it('forwards to the target in the node’s zone, preserving the client address, and back', () => {
    const w = world();
    const r = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5432 });
    expect(r.NetworkPathFound).toBe(true);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.nlb,
      w.tg,
      w.sg('db-sg'),
      w.eni('db-a'),
      w.i('db-a'),
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.i('db-a'),
      w.eni('db-a'),
      w.nlb,
      w.eni('app-1'),
      w.i('app-1'),
    ]);
    const lbHop = r.ForwardPathComponents![3]!;
    // The listener as a component, its ARN as id (EC2's PathComponent shape, D81).
    expect(lbHop.ElasticLoadBalancerListener).toEqual({ Id: w.listener, Arn: w.listener });
    expect(w.store.snapshot.get('listener', w.listener)).toMatchObject({ port: 5432 });
    expect(lbHop.InboundHeader?.DestinationAddresses).toEqual(['10.0.3.100/32']);
    expect(lbHop.OutboundHeader).toMatchObject({
      SourceAddresses: ['10.0.3.10/32'],
      DestinationAddresses: ['10.0.3.20/32'],
    });
    // The reply leaves the NLB from the address the client connected to.
    expect(r.ReturnPathComponents![2]!.OutboundHeader?.SourceAddresses).toEqual(['10.0.3.100/32']);
  });

  it('is found by its DNS name', () => {
    const w = world();
    const r = w.trace({ source: w.i('app-1'), destination: w.lb.dnsName, destinationPort: 5432 });
    expect(r.NetworkPathFound).toBe(true);
    expect(
      w.trace({
        source: w.i('app-1'),
        destination: 'nope-0123.elb.us-east-1.amazonaws.com',
        destinationPort: 5432,
      }),
    ).toMatchObject({
      Status: 'failed',
      StatusMessage: "The load balancer 'nope-0123.elb.us-east-1.amazonaws.com' does not exist",
    });
  });

  it('answers listener mismatches with their codes', () => {
    const w = world();
    const port = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5433 });
    expect(port.Explanations).toHaveLength(1);
    expect(port.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_LISTENER_PORT_RESTRICTION',
      PacketField: 'destination-port',
      LoadBalancerArn: w.nlb,
    });
    expect(ids(port.ForwardPathComponents).at(-1)).toBe(w.nlb);
    const udp = w.trace({
      source: w.i('app-1'),
      destination: w.nlb,
      destinationPort: 5432,
      protocol: 'udp',
    });
    expect(udp.Explanations?.map((e) => [e.ExplanationCode, e.PacketField])).toEqual([
      ['ELBV2_LISTENERS_MISMATCH', 'protocol'],
    ]);
    const empty = w.run(createTargetGroup, {
      name: 'empty',
      protocol: 'TCP',
      port: 6000,
      vpcId: w.lb.vpcId,
    });
    w.run(createListener, {
      loadBalancerArn: w.nlb,
      protocol: 'TCP',
      port: 6000,
      defaultActions: [{ type: 'forward', targetGroupArn: empty.id }],
    });
    const none = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 6000 });
    expect(none.Explanations).toHaveLength(1);
    expect(none.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_LISTENER_HAS_NO_TG',
      LoadBalancerListenerPort: 6000,
      LoadBalancerTargetGroup: { Id: empty.id },
    });
  });

  it('has no target in the zone with cross-zone off, and uses the other zone once on', () => {
    const w = world();
    w.run(deregisterTargets, { targetGroupArn: w.tg, targets: [{ id: w.i('db-a') }] });
    const r = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5432 });
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_NO_TARGETS_IN_AZ',
      AvailabilityZones: ['us-east-1a'],
    });
    w.run(modifyLoadBalancerAttributes, {
      loadBalancerArn: w.nlb,
      attributes: [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
    });
    const cross = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5432 });
    expect(cross.NetworkPathFound).toBe(true);
    expect(ids(cross.ForwardPathComponents).at(-1)).toBe(w.i('db-b'));
  });

  it('shows the target the node address when client IP preservation is off, and its group judges that', () => {
    const w = world(clientOnly);
    expect(
      w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5432 }).NetworkPathFound,
    ).toBe(true);
    w.run(modifyTargetGroupAttributes, {
      targetGroupArn: w.tg,
      attributes: [{ key: 'preserve_client_ip.enabled', value: 'false' }],
    });
    const r = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 5432 });
    expect(r.NetworkPathFound).toBe(false);
    expect(r.ForwardPathComponents![3]!.OutboundHeader?.SourceAddresses).toEqual(['10.0.3.100/32']);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ENI_SG_RULES_MISMATCH',
      Direction: 'ingress',
      NetworkInterface: { Id: w.eni('db-a') },
    });
  });

  it('sends to an on-premises IP target by the node subnet’s routes (here: inspection, NAT, IGW)', () => {
    const w = world();
    const onprem = w.id('db-onprem', 'target-group');
    w.run(createListener, {
      loadBalancerArn: w.nlb,
      protocol: 'TCP',
      port: 15432,
      defaultActions: [{ type: 'forward', targetGroupArn: onprem }],
    });
    const r = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 15432 });
    expect(r.NetworkPathFound).toBe(false);
    // Without a VPN the default route leads to the internet gateway, which drops RFC 1918.
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
      Address: '192.168.50.10',
    });
    expect(ids(r.ForwardPathComponents)).toContain(w.eni('fw-a'));
    expect(r.ForwardPathComponents![3]!.OutboundHeader?.DestinationAddresses).toEqual([
      '192.168.50.10/32',
    ]);
  });
});

describe('Application Load Balancer', () => {
  function alb() {
    const w = world(clientOnly);
    const vpcId = w.lb.vpcId;
    const g = w.run(createSecurityGroup, { vpcId, groupName: 'alb', description: 'alb' });
    w.run(authorizeSecurityGroupIngress, {
      groupId: g.id,
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
      ],
    });
    const subnets = ['app-a', 'app-b'].map((n) => w.id(n, 'subnet'));
    const lb = w.run(createLoadBalancer, {
      name: 'web',
      scheme: 'internal',
      subnets,
      securityGroups: [g.id],
    });
    const tg = w.run(createTargetGroup, { name: 'web', protocol: 'HTTP', port: 5432, vpcId });
    w.run(registerTargets, {
      targetGroupArn: tg.id,
      targets: [{ id: w.i('db-a') }, { id: w.i('db-b') }],
    });
    w.run(createListener, {
      loadBalancerArn: lb.id,
      protocol: 'HTTP',
      port: 80,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    return { ...w, alb: lb, albTg: tg, albSg: g.id };
  }

  it('always proxies: the target sees the node address, and the ALB group is checked', () => {
    const w = alb();
    const r = w.trace({ source: w.i('app-1'), destination: w.alb.id, destinationPort: 80 });
    expect(r.NetworkPathFound).toBe(false);
    const lbHop = r.ForwardPathComponents!.find((c) => c.Component.Id === w.alb.id)!;
    expect(lbHop.OutboundHeader?.SourceAddresses).toEqual([
      `${w.alb.availabilityZones[0]!.loadBalancerAddresses[0]!.privateIPv4Address.toString()}/32`,
    ]);
    expect(r.Explanations?.[0]?.ExplanationCode).toBe('ENI_SG_RULES_MISMATCH');
    // Cross-zone is on for ALBs: the flow may go to either database.
    expect(ids(r.ForwardPathComponents).slice(0, 4)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.albSg,
    ]);
  });

  it('refuses what its security group does not admit', () => {
    const w = alb();
    const r = w.trace({ source: w.i('app-1'), destination: w.alb.id, destinationPort: 8080 });
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ENI_SG_RULES_MISMATCH',
      Direction: 'ingress',
      LoadBalancerArn: w.alb.id,
    });
  });
});

describe('PrivateLink to a Network Load Balancer', () => {
  it('carries a consumer’s connection through its interface endpoint to the NLB’s target and back', () => {
    const w = world();
    const service = w.run(createVpcEndpointServiceConfiguration, {
      networkLoadBalancerArns: [w.nlb],
      acceptanceRequired: false,
    });
    const consumer = w.run(createVpc, { cidrBlock: '172.16.0.0/16' });
    const subnet = w.run(createSubnet, {
      vpcId: consumer.id,
      cidrBlock: '172.16.1.0/24',
      availabilityZone: 'us-east-1a',
    });
    const [client] = w.run(runInstances, { subnetId: subnet.id });
    const ep = w.run(createVpcEndpoint, {
      vpcEndpointType: 'Interface',
      vpcId: consumer.id,
      serviceName: service.serviceName,
      subnetIds: [subnet.id],
    });
    const epEni = ep.networkInterfaceIds[0]!;
    const clientEni = w.store.snapshot.find('networkInterfacesByInstance', client!.id)[0]!.id;
    const defaultSg = w.store.snapshot.find('securityGroupByName', `${consumer.id}|default`)[0]!.id;
    const r = w.trace({ source: client!.id, destination: ep.id, destinationPort: 5432 });
    expect(r.NetworkPathFound).toBe(true);
    // The default group admits the client (same group) at the endpoint; the NLB forwards from its node.
    expect(ids(r.ForwardPathComponents)).toEqual([
      client!.id,
      clientEni,
      defaultSg,
      defaultSg,
      epEni,
      ep.id,
      w.nlb,
      w.tg,
      w.sg('db-sg'),
      w.eni('db-a'),
      w.i('db-a'),
    ]);
    const lbHop = r.ForwardPathComponents!.find((c) => c.Component.Id === w.nlb)!;
    expect(lbHop.OutboundHeader?.SourceAddresses).toEqual(['10.0.3.100/32']);
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.i('db-a'),
      w.eni('db-a'),
      w.nlb,
      ep.id,
      epEni,
      clientEni,
      client!.id,
    ]);
  });
});

describe('internet-facing NLB behind GWLB ingress inspection', () => {
  it('takes internet traffic at its public address, through the appliance, to the target and back', () => {
    const w = world();
    const web = w.id('web-a', 'subnet');
    const lb = w.run(createLoadBalancer, { name: 'edge', type: 'network', subnets: [web] });
    const tg = w.run(createTargetGroup, {
      name: 'edge-web',
      protocol: 'TCP',
      port: 443,
      vpcId: lb.vpcId,
    });
    w.run(registerTargets, { targetGroupArn: tg.id, targets: [{ id: w.i('web') }] });
    w.run(createListener, {
      loadBalancerArn: lb.id,
      protocol: 'TCP',
      port: 443,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    const igw = w.id('app-igw', 'internet-gateway');
    const r = w.trace({ source: igw, destination: lb.dnsName, destinationPort: 443 });
    expect(r.NetworkPathFound).toBe(true);
    const node = lb.availabilityZones[0]!.loadBalancerAddresses[0]!;
    const fwd = r.ForwardPathComponents!;
    expect(fwd[0]!.InboundHeader?.DestinationAddresses).toEqual([
      `${node.ipAddress!.toString()}/32`,
    ]);
    expect(fwd[0]!.OutboundHeader?.DestinationAddresses).toEqual([
      `${node.privateIPv4Address.toString()}/32`,
    ]);
    const path = ids(fwd);
    // Inspection (the edge route covers the web subnet) comes before the NLB.
    expect(path.indexOf(w.eni('fw-a'))).toBeLessThan(path.indexOf(lb.id));
    expect(path.slice(path.indexOf(lb.id))).toEqual([
      lb.id,
      tg.id,
      w.sg('web-sg'),
      w.eni('web'),
      w.i('web'),
    ]);
    // The target sees the internet client (client IP preservation on instance targets).
    expect(fwd.find((c) => c.Component.Id === lb.id)!.OutboundHeader?.SourceAddresses).toEqual([
      '192.0.2.1/32',
    ]);
    const back = ids(r.ReturnPathComponents);
    expect(back.slice(0, 3)).toEqual([w.i('web'), w.eni('web'), lb.id]);
    expect(back.at(-1)).toBe(igw);
    expect(back).toContain(w.eni('fw-a'));
  });
});
