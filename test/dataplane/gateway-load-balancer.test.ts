import { describe, expect, it } from 'vitest';
import type { NetworkInsightsAnalysis, PathComponent } from '../../src/analysis/trace/index.js';
import { modifyLoadBalancerAttributes } from '../../src/control/elbv2-attributes.js';
import { stopInstances } from '../../src/control/instance.js';
import { createRoute } from '../../src/control/route.js';
import { elbWorld } from './elb-world.js';

const ids = (cs: readonly PathComponent[] | undefined) => (cs ?? []).map((c) => c.Component.Id);

function world(edit?: (y: string) => string) {
  const w = elbWorld(edit);
  const i = (name: string) => w.id(name, 'instance');
  const sg = (name: string) => w.id(name, 'security-group');
  const rtb = (name: string) => w.id(name, 'route-table');
  const vpce = (name: string) => w.id(name, 'vpc-endpoint');
  const gwlb = w.id('inspection', 'load-balancer');
  const tg = w.id('appliances', 'target-group');
  const appAcl = w.store.snapshot.find('networkAclsByVpc', w.id('app', 'vpc'))[0]!.id;
  return { ...w, i, sg, rtb, vpce, gwlb, tg, appAcl };
}

/** GWLB, target group, appliance SG (forward only), appliance, GWLB: the inspection detour. */
const detour = (w: ReturnType<typeof world>, appliance: string, forward: boolean) => [
  w.gwlb,
  w.tg,
  ...(forward ? [w.sg('appliance-sg')] : []),
  w.i(appliance),
  w.eni(appliance),
  w.gwlb,
];

describe('GWLB ingress inspection (IGW edge route table → GWLB endpoint → appliance → web)', () => {
  it('goes through the appliance both ways, with the inner packet unchanged', () => {
    const w = world();
    const r: NetworkInsightsAnalysis = w.trace({
      source: w.id('app-igw', 'internet-gateway'),
      destination: w.i('web'),
      destinationPort: 443,
    });
    expect(r.NetworkPathFound).toBe(true);
    const ep = w.vpce('ingress-gwlbe');
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.id('app-igw', 'internet-gateway'),
      w.rtb('edge'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', true),
      ep,
      w.appAcl,
      w.rtb('gwlbe'),
      w.appAcl,
      w.sg('web-sg'),
      w.eni('web'),
      w.i('web'),
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.i('web'),
      w.eni('web'),
      w.appAcl,
      w.rtb('web'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', false),
      ep,
      w.appAcl,
      w.rtb('gwlbe'),
      w.id('app-igw', 'internet-gateway'),
    ]);
    const fwd = r.ForwardPathComponents!;
    // The edge route sends the web subnet to the endpoint; the appliance sees the packet as sent.
    expect(fwd[1]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.1.0/24',
      GatewayId: ep,
    });
    const appliance = fwd.find((c) => c.Component.Id === w.eni('fw-a'))!;
    expect(appliance.InboundHeader).toEqual(appliance.OutboundHeader);
    expect(appliance.InboundHeader?.DestinationAddresses).toEqual(['10.0.1.10/32']);
    expect(appliance.InboundHeader?.SourceAddresses).toEqual(['192.0.2.1/32']);
    // The appliance's group admits the GENEVE header from the GWLB node, not the inner one.
    const rule = fwd.find((c) => c.Component.Id === w.sg('appliance-sg'))!.SecurityGroupRule;
    expect(rule).toMatchObject({ Direction: 'ingress', Cidr: '10.100.0.0/16' });
    expect(fwd.find((c) => c.Component.Id === w.gwlb)?.Component.Arn).toBe(w.gwlb);
  });

  it('blocks when the appliance does not admit GENEVE (UDP 6081) from the GWLB', () => {
    const w = world((y) =>
      y.replace(
        '- { protocol: all, cidr: 10.100.0.0/16 }',
        '- { protocol: tcp, ports: 22, cidr: 10.100.0.0/16 }',
      ),
    );
    const r = w.trace({
      source: w.id('app-igw', 'internet-gateway'),
      destination: w.i('web'),
      destinationPort: 443,
    });
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents).slice(-3)).toEqual([w.gwlb, w.tg, w.eni('fw-a')]);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'GWLB_DESTINATION_PORT_RESTRICTION',
      Direction: 'ingress',
      PacketField: 'destination-port',
      LoadBalancerArn: w.gwlb,
      SecurityGroups: [{ Id: w.sg('appliance-sg') }],
      LoadBalancerTarget: { Address: '10.100.1.10', Port: 6081 },
    });
  });

  it('has no target when the zone’s appliance is stopped, until cross-zone is on', () => {
    const w = world();
    w.run(stopInstances, { instanceIds: [w.i('fw-a')] });
    const r = w.trace({
      source: w.id('app-igw', 'internet-gateway'),
      destination: w.i('web'),
      destinationPort: 443,
    });
    expect(r.NetworkPathFound).toBe(false);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'ELBV2_NO_TARGETS_IN_AZ',
      AvailabilityZones: ['us-east-1a'],
      LoadBalancerTargetGroup: { Id: w.tg },
    });
    w.run(modifyLoadBalancerAttributes, {
      loadBalancerArn: w.gwlb,
      attributes: [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
    });
    const again = w.trace({
      source: w.id('app-igw', 'internet-gateway'),
      destination: w.i('web'),
      destinationPort: 443,
    });
    expect(again.NetworkPathFound).toBe(true);
    expect(ids(again.ForwardPathComponents)).toContain(w.eni('fw-b'));
    expect(ids(again.ReturnPathComponents)).toContain(w.eni('fw-b'));
  });
});

describe('GWLB endpoint state', () => {
  it('carries nothing until the service accepts the endpoint', () => {
    const w = world();
    const ep = w.store.snapshot.get('vpc-endpoint', w.vpce('ingress-gwlbe'))!;
    w.store.snapshot.apply([{ op: 'put', resource: { ...ep, state: 'pendingAcceptance' } }]);
    const r = w.trace({
      source: w.id('app-igw', 'internet-gateway'),
      destination: w.i('web'),
      destinationPort: 443,
    });
    expect(r.NetworkPathFound).toBe(false);
    expect(ids(r.ForwardPathComponents).at(-1)).toBe(ep.id);
    expect(r.Explanations).toHaveLength(1);
    expect(r.Explanations![0]).toMatchObject({
      ExplanationCode: 'BAD_STATE',
      VpcEndpoint: { Id: ep.id },
    });
  });
});

describe('GWLB egress inspection (app → GWLB endpoint → appliance → NAT gateway → IGW)', () => {
  it('inspects on the way out and the way back', () => {
    const w = world();
    const r = w.trace({
      source: w.i('app-1'),
      destinationIp: w.ip('203.0.113.7'),
      destinationPort: 443,
    });
    expect(r.NetworkPathFound).toBe(true);
    const ep = w.vpce('egress-gwlbe');
    const nat = w.id('nat', 'nat-gateway');
    const igw = w.id('app-igw', 'internet-gateway');
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.appAcl,
      w.rtb('app'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', true),
      ep,
      w.appAcl,
      w.rtb('egress-gwlbe'),
      w.appAcl,
      nat,
      w.appAcl,
      w.rtb('nat'),
      igw,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      igw,
      w.rtb('edge'),
      w.appAcl,
      nat,
      w.appAcl,
      w.rtb('nat'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', false),
      ep,
      w.appAcl,
      w.rtb('egress-gwlbe'),
      w.appAcl,
      w.eni('app-1'),
      w.i('app-1'),
    ]);
  });

  it('picks the same appliance for both directions of every flow, spreading flows by hash', () => {
    const w = world((y) =>
      y.replace(
        '- { name: inspection, type: gateway, subnets: [appliance-a, appliance-b] }',
        '- name: inspection\n                type: gateway\n                subnets: [appliance-a, appliance-b]\n                attributes: { load_balancing.cross_zone.enabled: "true" }',
      ),
    );
    const used = new Set<string>();
    for (let port = 40000; port < 40040; port++) {
      const r = w.trace({
        source: w.i('app-1'),
        destinationIp: w.ip('203.0.113.7'),
        destinationPort: 443,
        sourcePort: port,
      });
      expect(r.NetworkPathFound).toBe(true);
      const fw = (cs: readonly PathComponent[] | undefined) =>
        ids(cs).filter((x) => x === w.eni('fw-a') || x === w.eni('fw-b'));
      const [out] = fw(r.ForwardPathComponents);
      expect(fw(r.ReturnPathComponents)).toEqual([out]);
      used.add(out!);
    }
    expect(used).toEqual(new Set([w.eni('fw-a'), w.eni('fw-b')]));
  });
});

describe('GWLB east-west inspection (subnet routes more specific than local)', () => {
  it('inspects traffic between two subnets of the VPC both ways, on one appliance', () => {
    const w = world();
    const ep = w.vpce('egress-gwlbe');
    for (const cidr of ['10.0.3.0/24', '10.0.4.0/24']) {
      w.run(createRoute, {
        routeTableId: w.rtb('app'),
        destinationCidrBlock: cidr,
        vpcEndpointId: ep,
      });
    }
    const r = w.trace({ source: w.i('app-1'), destination: w.i('db-b'), destinationPort: 5432 });
    expect(r.NetworkPathFound).toBe(true);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.sg('db-sg'),
      w.appAcl,
      w.rtb('app'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', true),
      ep,
      w.appAcl,
      w.rtb('egress-gwlbe'),
      w.appAcl,
      w.sg('db-sg'),
      w.eni('db-b'),
      w.i('db-b'),
    ]);
    expect(r.ForwardPathComponents![4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '10.0.4.0/24',
      GatewayId: ep,
    });
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.i('db-b'),
      w.eni('db-b'),
      w.appAcl,
      w.rtb('app'),
      w.appAcl,
      ep,
      ...detour(w, 'fw-a', false),
      ep,
      w.appAcl,
      w.rtb('egress-gwlbe'),
      w.appAcl,
      w.eni('app-1'),
      w.i('app-1'),
    ]);
    // db-b is in us-east-1b and the endpoint in us-east-1a: the reply crosses a zone.
    const epHop = r.ReturnPathComponents!.find((c) => c.Component.Id === ep)!;
    expect(epHop.AdditionalDetails).toEqual([
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: epHop.Component },
    ]);
  });
});
