import { describe, expect, it } from 'vitest';
import { stopInstances } from '../../src/control/instance.js';
import { deleteVpcPeeringConnection } from '../../src/control/vpc-peering.js';
import { ALL, expectBlocked, expectReachable, ids, net, tcpFrom } from './net.js';

function twoSubnets() {
  const n = net();
  const vpc = n.vpc('10.0.0.0/16', 'main');
  const a = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'a');
  const b = n.subnet(vpc, '10.0.2.0/24', 'use1-az1', 'b');
  const sg = n.sg(vpc, 'open', [ALL]);
  const x = n.instance(a, '10.0.1.10', [sg.id], 'x');
  const y = n.instance(b, '10.0.2.10', [sg.id], 'y');
  const x2 = n.instance(a, '10.0.1.11', [sg.id], 'x2');
  return { n, vpc, a, b, sg, x, y, x2 };
}

const allowAll = (ruleNumber: number, egress: boolean) =>
  ({ ruleNumber, protocol: '-1', ruleAction: 'allow', egress, cidrBlock: '0.0.0.0/0' }) as const;

describe('network ACLs', () => {
  it('first match wins: a lower-numbered deny beats a later allow', () => {
    const t = twoSubnets();
    const acl = t.n.acl(
      t.vpc,
      'strict',
      [t.b],
      [
        {
          ruleNumber: 90,
          protocol: 'tcp',
          ruleAction: 'deny',
          egress: false,
          cidrBlock: '10.0.1.0/24',
          portRange: { from: 22, to: 22 },
        },
        allowAll(100, false),
        allowAll(100, true),
      ],
    );
    const ssh = {
      source: t.x.instance.id,
      destination: t.y.instance.id,
      protocol: 'tcp' as const,
      destinationPort: 22,
    };
    const x = expectBlocked(t.n.trace(ssh), 'SUBNET_ACL_RESTRICTION');
    expect(x).toMatchObject({
      Direction: 'ingress',
      Acl: { Id: acl.id },
      AclRule: {
        RuleNumber: 90,
        RuleAction: 'deny',
        PortRange: { From: 22, To: 22 },
        Protocol: '6',
      },
    });
    expectReachable(t.n.trace({ ...ssh, destinationPort: 443 }));
  });

  it('a deny numbered after an allow never applies', () => {
    const t = twoSubnets();
    t.n.acl(
      t.vpc,
      'loose',
      [t.b],
      [
        allowAll(100, false),
        {
          ruleNumber: 200,
          protocol: 'tcp',
          ruleAction: 'deny',
          egress: false,
          cidrBlock: '10.0.1.0/24',
          portRange: { from: 22, to: 22 },
        },
        allowAll(100, true),
      ],
    );
    const r = t.n.traceTcp(t.x.instance.id, t.y.instance.id, 22);
    expectReachable(r);
    expect(
      r.ForwardPathComponents?.find((c) => c.AclRule && !c.AclRule.Egress)?.AclRule?.RuleNumber,
    ).toBe(100);
  });

  it('is not consulted, and neither is a route table, between two ENIs of one subnet', () => {
    const t = twoSubnets();
    t.n.acl(t.vpc, 'deny-all', [t.a], []);
    const r = t.n.traceTcp(t.x.instance.id, t.x2.instance.id, 22);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      t.x.instance.id,
      t.x.eni.id,
      t.sg.id,
      t.sg.id,
      t.x2.eni.id,
      t.x2.instance.id,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      t.x2.instance.id,
      t.x2.eni.id,
      t.x.eni.id,
      t.x.instance.id,
    ]);
    // Across the subnet edge the same deny-all ACL blocks.
    expectBlocked(t.n.traceTcp(t.x.instance.id, t.y.instance.id, 22), 'SUBNET_ACL_RESTRICTION');
  });

  it('checks the reply against both ACLs: inbound ephemeral ports at the source subnet', () => {
    const t = twoSubnets();
    t.n.acl(
      t.vpc,
      'src',
      [t.a],
      [
        allowAll(100, true),
        {
          ruleNumber: 100,
          protocol: 'tcp',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: '0.0.0.0/0',
          portRange: { from: 1024, to: 32767 },
        },
      ],
    );
    const req = {
      source: t.x.instance.id,
      destination: t.y.instance.id,
      protocol: 'tcp' as const,
      destinationPort: 443,
    };
    const r = t.n.trace(req);
    const x = expectBlocked(r, 'SUBNET_ACL_RESTRICTION');
    expect(x).toMatchObject({ Direction: 'ingress', AclRule: { RuleNumber: 32767 } });
    expect(r.ReturnPathComponents?.length).toBeGreaterThan(0);
    // A client port inside the allowed range makes the reply pass.
    expectReachable(t.n.trace({ ...req, sourcePort: 30000 }));
  });
});

describe('security groups', () => {
  it('are stateful: the reply needs no rule, only the connection', () => {
    const t = twoSubnets();
    const quiet = t.n.sg(t.vpc, 'no-inbound', [], { egress: [tcpFrom(443, '10.0.0.0/16')] });
    const dbSg = t.n.sg(t.vpc, 'db', [tcpFrom(443, '10.0.1.0/24')], { egress: [] });
    const client = t.n.instance(t.a, '10.0.1.20', [quiet.id], 'client');
    const server = t.n.instance(t.b, '10.0.2.20', [dbSg.id], 'server');
    expectReachable(t.n.traceTcp(client.instance.id, server.instance.id, 443));
    const x = expectBlocked(
      t.n.traceTcp(server.instance.id, client.instance.id, 443),
      'ENI_SG_RULES_MISMATCH',
    );
    expect(x).toMatchObject({ Direction: 'egress', Component: { Id: server.eni.id } });
  });

  it('references match a peered VPC in the same Region over an active peering, and go stale without it', () => {
    const n = net();
    const a = n.vpc('10.1.0.0/16', 'a');
    const b = n.vpc('10.2.0.0/16', 'b');
    const sa = n.subnet(a, '10.1.1.0/24', 'use1-az1', 'sa');
    const sb = n.subnet(b, '10.2.1.0/24', 'use1-az1', 'sb');
    const web = n.sg(a, 'web');
    const pcx = n.peering(a, b, 'a-b');
    const db = n.sg(b, 'db', [
      {
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        userIdGroupPairs: [{ groupId: web.id, vpcPeeringConnectionId: pcx.id }],
      },
    ]);
    const client = n.instance(sa, '10.1.1.10', [web.id], 'client');
    const other = n.instance(sa, '10.1.1.11', [n.defaultSg(a).id], 'other');
    const server = n.instance(sb, '10.2.1.10', [db.id], 'server');
    n.route(n.mainTable(a).id, {
      destinationCidrBlock: '10.2.0.0/16',
      vpcPeeringConnectionId: pcx.id,
    });
    n.route(n.mainTable(b).id, {
      destinationCidrBlock: '10.1.0.0/16',
      vpcPeeringConnectionId: pcx.id,
    });
    const req = {
      source: client.instance.id,
      destination: server.instance.id,
      protocol: 'tcp' as const,
      destinationPort: 5432,
    };
    const r = n.trace(req);
    expectReachable(r);
    expect(
      r.ForwardPathComponents?.find((c) => c.SecurityGroupRule?.Direction === 'ingress')
        ?.SecurityGroupRule,
    ).toMatchObject({ SecurityGroupId: web.id });
    expect(
      expectBlocked(n.trace({ ...req, source: other.instance.id }), 'ENI_SG_RULES_MISMATCH')
        .PacketField,
    ).toBe('source-address');

    n.h.run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    expectBlocked(n.trace(req), 'BAD_STATE_ROUTE');
  });
});

describe('instances', () => {
  it('a stopped destination instance is a component in a bad state', () => {
    const t = twoSubnets();
    t.n.h.run(stopInstances, { instanceIds: [t.y.instance.id] });
    const x = expectBlocked(t.n.traceTcp(t.x.instance.id, t.y.instance.id, 22), 'BAD_STATE');
    expect(x).toMatchObject({ Component: { Id: t.y.instance.id }, State: 'stopped' });
  });
});
