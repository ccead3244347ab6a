import { describe, expect, it } from 'vitest';
import type { PathComponent } from '../../src/analysis/trace/index.js';
import {
  modifyLoadBalancerAttributes,
  modifyTargetGroupAttributes,
} from '../../src/control/elbv2-attributes.js';
import { createListener } from '../../src/control/listener.js';
import { registerTargets } from '../../src/control/target.js';
import { createTargetGroup } from '../../src/control/target-group.js';
import { elbWorld } from './elb-world.js';

/**
 * The target a Network Load Balancer picks, and RA's codes when it cannot pick the one a trace
 * asks for (D84–D86): TARGET_ADDRESS_RESTRICTION, TARGET_PORT_RESTRICTION,
 * ELBV2_SOURCE_ADDRESS_PRESERVATION (hairpin, and beside a target's refusal of the client).
 * The network is examples/gwlb-inspection.yaml: NLB `db` (10.0.3.100 in app-a, 10.0.4.100 in
 * app-b, cross-zone off), listener TCP 5432 to `db-instances` (db-a in app-a, db-b in app-b).
 */

const ids = (cs: readonly PathComponent[] | undefined) => (cs ?? []).map((c) => c.Component.Id);

function world(edit?: (y: string) => string) {
  const w = elbWorld(edit);
  const i = (name: string) => w.id(name, 'instance');
  const sg = (name: string) => w.id(name, 'security-group');
  const nlb = w.id('db', 'load-balancer');
  const tg = w.id('db-instances', 'target-group');
  const listener = w.store.snapshot.find('listenersByLoadBalancer', nlb)[0]!.id;
  const node = w.ip('10.0.3.100');
  const vpcId = w.store.snapshot.get('load-balancer', nlb)!.vpcId;
  return { ...w, i, sg, nlb, tg, listener, node, vpcId };
}

/** A listener on `port` forwarding to a new TCP group of `targets` (instance names) on `targetPort`. */
function listenerTo(
  w: ReturnType<typeof world>,
  port: number,
  targets: readonly string[],
  targetPort = 5432,
) {
  const tg = w.run(createTargetGroup, {
    name: `tg-${port}`,
    protocol: 'TCP',
    port: targetPort,
    vpcId: w.vpcId,
  });
  w.run(registerTargets, { targetGroupArn: tg.id, targets: targets.map((n) => ({ id: w.i(n) })) });
  const l = w.run(createListener, {
    loadBalancerArn: w.nlb,
    protocol: 'TCP',
    port,
    defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
  });
  return { tg: tg.id, listener: l.id };
}

describe('a trace that names its destination behind a load balancer', () => {
  it('ends at that target when the node may use it', () => {
    const w = world();
    const r = w.trace({
      source: w.i('app-1'),
      destination: w.i('db-a'),
      destinationIp: w.node,
      destinationPort: 5432,
    });
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
  });

  it('is TARGET_ADDRESS_RESTRICTION at the load balancer when it is no registered target', () => {
    const w = world();
    const r = w.trace({
      source: w.i('app-1'),
      destination: w.i('web'),
      destinationIp: w.node,
      destinationPort: 5432,
    });
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.nlb,
    ]);
    expect(r.Explanations).toEqual([
      {
        ExplanationCode: 'TARGET_ADDRESS_RESTRICTION',
        Component: { Id: w.nlb, Arn: w.nlb, Name: 'db' },
        PacketField: 'destination-address',
        Address: '10.0.1.10',
        Vpc: expect.objectContaining({ Id: w.vpcId }) as unknown,
        Subnet: expect.objectContaining({ Id: w.id('app-a', 'subnet') }) as unknown,
        LoadBalancerArn: w.nlb,
        ElasticLoadBalancerListener: { Id: w.listener, Arn: w.listener },
        LoadBalancerListenerPort: 5432,
        LoadBalancerTargetGroup: expect.objectContaining({ Id: w.tg }) as unknown,
      },
    ]);
  });

  it('is ELBV2_NO_TARGETS_IN_AZ for a target in another zone without cross-zone, reached once it is on', () => {
    const w = world();
    const req = {
      source: w.i('app-1'),
      destination: w.i('db-b'),
      destinationIp: w.node,
      destinationPort: 5432,
    };
    const r = w.trace(req);
    expect(ids(r.ForwardPathComponents).at(-1)).toBe(w.nlb);
    expect(r.Explanations?.map((e) => [e.ExplanationCode, e.AvailabilityZones])).toEqual([
      ['ELBV2_NO_TARGETS_IN_AZ', ['us-east-1a']],
    ]);
    w.run(modifyLoadBalancerAttributes, {
      loadBalancerArn: w.nlb,
      attributes: [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
    });
    // Both targets are eligible now; the trace asks for db-b and gets it, whatever the hash says.
    for (const target of ['db-a', 'db-b']) {
      const cross = w.trace({ ...req, destination: w.i(target) });
      expect(cross.NetworkPathFound).toBe(true);
      expect(ids(cross.ForwardPathComponents).slice(-3)).toEqual([
        w.sg('db-sg'),
        w.eni(target),
        w.i(target),
      ]);
    }
  });
});

describe('a trace that names the port it must arrive on', () => {
  it('is TARGET_PORT_RESTRICTION when no target is registered on it, and reaches the one that is', () => {
    const w = world();
    const req = {
      source: w.i('app-1'),
      destination: w.i('db-a'),
      destinationIp: w.node,
      destinationPort: 5432,
      arrivalPortRange: { from: 6432, to: 6432 },
    };
    const r = w.trace(req);
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.nlb,
    ]);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'TARGET_PORT_RESTRICTION',
      Component: { Id: w.nlb },
      PacketField: 'destination-port',
      PortRanges: [{ From: 6432, To: 6432 }],
      LoadBalancerArn: w.nlb,
      LoadBalancerTargetGroup: { Id: w.tg },
      LoadBalancerTarget: { Address: '10.0.3.20', Instance: { Id: w.i('db-a') }, Port: 5432 },
    });
    // Registered on 6432 as well, db-a is reached there (db-sg admits 5432 only: the port is
    // what the target's group judges, so the path now ends at its ENI; no preservation note, as
    // the client's address is not what was refused).
    w.run(registerTargets, { targetGroupArn: w.tg, targets: [{ id: w.i('db-a'), port: 6432 }] });
    const on = w.trace(req);
    const lbHop = on.ForwardPathComponents!.find((c) => c.Component.Id === w.nlb)!;
    expect(lbHop.OutboundHeader?.DestinationPortRanges).toEqual([{ From: 6432, To: 6432 }]);
    expect(on.Explanations?.map((e) => [e.ExplanationCode, e.NetworkInterface?.Id])).toEqual([
      ['ENI_SG_RULES_MISMATCH', w.eni('db-a')],
    ]);
    // Asked for 5432 on arrival, the same network picks db-a's 5432 registration.
    const back = w.trace({ ...req, arrivalPortRange: { from: 5000, to: 5500 } });
    expect(back.NetworkPathFound).toBe(true);
  });
});

describe('client IP preservation', () => {
  it('never sends a client to itself: ELBV2_SOURCE_ADDRESS_PRESERVATION when it is the only target', () => {
    const w = world();
    const self = listenerTo(w, 7000, ['app-1']);
    const r = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 7000 });
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.nlb,
    ]);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_SOURCE_ADDRESS_PRESERVATION',
      Component: { Id: w.nlb },
      PacketField: 'source-address',
      Address: '10.0.3.10',
      ElasticLoadBalancerListener: { Id: self.listener },
      LoadBalancerTargetGroup: { Id: self.tg },
      LoadBalancerTarget: { Instance: { Id: w.i('app-1') }, Port: 5432 },
    });
    // With preservation off the target sees the node, and the hairpin works.
    w.run(modifyTargetGroupAttributes, {
      targetGroupArn: self.tg,
      attributes: [{ key: 'preserve_client_ip.enabled', value: 'false' }],
    });
    const off = w.trace({ source: w.i('app-1'), destination: w.nlb, destinationPort: 7000 });
    expect(off.NetworkPathFound).toBe(true);
    expect(ids(off.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.nlb,
      self.tg,
      w.sg('db-sg'),
      w.eni('app-1'),
      w.i('app-1'),
    ]);
    expect(ids(off.ReturnPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.nlb,
      w.eni('app-1'),
      w.i('app-1'),
    ]);
  });

  it('picks another target when the client is one of several', () => {
    const w = world();
    listenerTo(w, 7001, ['app-1', 'db-a']);
    for (const sourcePort of [40000, 40001, 40002, 40003, 40004, 40005]) {
      const r = w.trace({
        source: w.i('app-1'),
        destination: w.nlb,
        destinationPort: 7001,
        sourcePort,
      });
      expect(r.NetworkPathFound).toBe(true);
      expect(ids(r.ForwardPathComponents).at(-1)).toBe(w.i('db-a'));
    }
  });

  it('says so beside a target’s security group refusing the preserved client address', () => {
    const clientOnly = (y: string) =>
      y.replace(
        '- { protocol: tcp, ports: 5432, cidr: 10.0.0.0/16 }',
        '- { protocol: tcp, ports: 5432, cidr: 10.0.3.10/32 }',
      );
    const w = world(clientOnly);
    const req = { source: w.i('web'), destination: w.nlb, destinationPort: 5432 };
    const r = w.trace(req);
    expect(r.NetworkPathFound).toBe(false);
    const path = ids(r.ForwardPathComponents);
    expect(path.slice(0, 3)).toEqual([w.i('web'), w.eni('web'), w.sg('web-sg')]);
    // web-a's ACL and route table, app-a's ACL, then the NLB.
    expect(path.slice(3, 6).map((id) => id.slice(0, 4))).toEqual(['acl-', 'rtb-', 'acl-']);
    expect(path.slice(6)).toEqual([w.nlb, w.tg, w.eni('db-a')]);
    expect(r.Explanations).toHaveLength(2);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ENI_SG_RULES_MISMATCH',
      Direction: 'ingress',
      PacketField: 'source-address',
      NetworkInterface: { Id: w.eni('db-a') },
    });
    expect(r.Explanations![1]).toEqual({
      ExplanationCode: 'ELBV2_SOURCE_ADDRESS_PRESERVATION',
      Component: { Id: w.nlb, Arn: w.nlb, Name: 'db' },
      LoadBalancerArn: w.nlb,
      LoadBalancerTargetGroup: expect.objectContaining({ Id: w.tg }) as unknown,
      PacketField: 'source-address',
      Address: '10.0.1.10',
    });
    // Without preservation the target sees the node (10.0.3.100), refused as well, but not
    // because of the client's address: no note.
    w.run(modifyTargetGroupAttributes, {
      targetGroupArn: w.tg,
      attributes: [{ key: 'preserve_client_ip.enabled', value: 'false' }],
    });
    expect(w.trace(req).Explanations?.map((e) => e.ExplanationCode)).toEqual([
      'ENI_SG_RULES_MISMATCH',
    ]);
  });
});
