import { describe, expect, it } from 'vitest';
import { compile } from '../../src/dataplane/index.js';
import { trace } from '../../src/analysis/trace/index.js';
import type { SecurityGroup } from '../../src/model/security-group.js';
import type { Id } from '../../src/model/ids.js';
import { caller } from '../support/harness.js';
import { expectBlocked, expectReachable, ids, net } from './net.js';

/** /work/shared/scenarios/cross-region-peering.md: db replication over inter-Region peering. */
function replication(opts: { accept?: boolean } = {}) {
  const east = caller('444444444444', 'us-east-1');
  const west = caller('444444444444', 'us-west-2');
  const n = net(east);
  n.as(west);
  const primary = n.vpc('10.50.0.0/16', 'db-primary');
  const standby = n.vpc('10.60.0.0/16', 'db-standby', { as: west });
  const primarySubnet = n.subnet(primary, '10.50.1.0/24', 'use1-az1', 'primary-subnet');
  const standbySubnet = n.subnet(standby, '10.60.1.0/24', 'usw2-az1', 'standby-subnet', {
    as: west,
  });
  const primarySg = n.sg(primary, 'primary-sg');
  const standbySg = n.sg(
    standby,
    'standby-sg',
    [{ ipProtocol: 'tcp', fromPort: 50010, toPort: 50011, ipRanges: [{ cidrIp: '10.50.0.0/16' }] }],
    { as: west },
  );
  const p = n.instance(primarySubnet, '10.50.1.10', [primarySg.id], 'db2-primary');
  const s = n.instance(standbySubnet, '10.60.1.10', [standbySg.id], 'db2-standby', { as: west });
  const pcx = n.peering(primary, standby, 'primary-standby', {
    peerAs: west,
    accept: opts.accept ?? true,
  });
  const primaryRt = n.mainTable(primary);
  const standbyRt = n.mainTable(standby);
  n.route(primaryRt.id, { destinationCidrBlock: '10.60.0.0/16', vpcPeeringConnectionId: pcx.id });
  n.route(
    standbyRt.id,
    { destinationCidrBlock: '10.50.0.0/16', vpcPeeringConnectionId: pcx.id },
    west,
  );
  const aclOf = (vpcId: string) => n.h.s.find('networkAclsByVpc', vpcId)[0]!.id;
  return {
    n,
    east,
    west,
    primary,
    standby,
    primarySg,
    standbySg,
    p,
    s,
    pcx,
    primaryRt,
    standbyRt,
    primaryAcl: aclOf(primary.id),
    standbyAcl: aclOf(standby.id),
    standbySubnet,
  };
}

describe('scenario: cross-Region peering', () => {
  it('db2-primary → db2-standby TCP 50010 is reachable across the inter-Region peering', () => {
    const b = replication();
    const r = b.n.trace({
      source: b.p.instance.id,
      destination: b.s.instance.id,
      protocol: 'tcp',
      destinationPort: 50010,
    });
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.p.instance.id,
      b.p.eni.id,
      b.primarySg.id,
      b.primaryAcl,
      b.primaryRt.id,
      b.pcx.id,
      b.standbyAcl,
      b.standbySg.id,
      b.s.eni.id,
      b.s.instance.id,
    ]);
    const pcxHop = r.ForwardPathComponents![5]!;
    expect(pcxHop.SourceVpc?.Id).toBe(b.primary.id);
    expect(pcxHop.DestinationVpc?.Id).toBe(b.standby.id);
    expect(pcxHop.Component.Arn).toBe(
      `arn:aws:ec2:us-east-1:444444444444:vpc-peering-connection/${b.pcx.id}`,
    );
    expect(ids(r.ReturnPathComponents)).toEqual([
      b.s.instance.id,
      b.s.eni.id,
      b.standbyAcl,
      b.standbyRt.id,
      b.pcx.id,
      b.primaryAcl,
      b.p.eni.id,
      b.p.instance.id,
    ]);
  });

  it('before the peering is accepted its routes are blackholes', () => {
    const b = replication({ accept: false });
    const r = b.n.trace({
      source: b.p.instance.id,
      destination: b.s.instance.id,
      protocol: 'tcp',
      destinationPort: 50010,
    });
    const x = expectBlocked(r, 'BAD_STATE_ROUTE');
    expect(x).toMatchObject({
      Component: { Id: b.primaryRt.id },
      RouteTableRoute: {
        DestinationCidr: '10.60.0.0/16',
        VpcPeeringConnectionId: b.pcx.id,
        State: 'blackhole',
      },
      VpcPeeringConnection: { Id: b.pcx.id },
      State: 'pending-acceptance',
    });
    expect(ids(r.ForwardPathComponents).at(-1)).toBe(b.primaryRt.id);
  });

  it('a security-group reference across an inter-Region peering matches nothing (AWS refuses it)', () => {
    const b = replication();
    // The control plane rejects such a rule; a snapshot imported with one must still not match.
    const stale: SecurityGroup = {
      ...b.n.h.s.get('security-group', b.standbySg.id)!,
      rules: [
        {
          securityGroupRuleId: 'sgr-00000000000000001' as Id<'security-group-rule'>,
          isEgress: false,
          ipProtocol: 'tcp',
          fromPort: 50010,
          toPort: 50011,
          referencedGroupInfo: { groupId: b.primarySg.id, userId: '444444444444' },
        },
      ],
    };
    b.n.h.store.snapshot.apply([{ op: 'put', resource: stale }]);
    const r = trace(compile(b.n.h.s), {
      source: b.p.instance.id,
      destination: b.s.instance.id,
      protocol: 'tcp',
      destinationPort: 50010,
    });
    expect(expectBlocked(r, 'ENI_SG_RULES_MISMATCH').PacketField).toBe('source-address');
  });

  it('peering is not transitive: db-primary cannot reach a VPC peered with db-standby', () => {
    const b = replication();
    const reporting = b.n.vpc('10.70.0.0/16', 'reporting', { as: b.west });
    const subnet = b.n.subnet(reporting, '10.70.1.0/24', 'usw2-az2', 'reporting-subnet', {
      as: b.west,
    });
    const sg = b.n.sg(
      reporting,
      'reporting-sg',
      [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
      { as: b.west },
    );
    const host = b.n.instance(subnet, '10.70.1.10', [sg.id], 'reporting-host', { as: b.west });
    const pcx2 = b.n.peering(reporting, b.standby, 'reporting-standby', { as: b.west });
    b.n.route(
      b.n.mainTable(reporting).id,
      { destinationCidrBlock: '10.50.0.0/16', vpcPeeringConnectionId: pcx2.id },
      b.west,
    );
    b.n.route(
      b.standbyRt.id,
      { destinationCidrBlock: '10.70.0.0/16', vpcPeeringConnectionId: pcx2.id },
      b.west,
    );

    const r = b.n.trace({
      source: b.p.instance.id,
      destination: host.instance.id,
      protocol: 'tcp',
      destinationPort: 443,
    });
    expect(expectBlocked(r, 'NO_ROUTE_TO_DESTINATION').Component?.Id).toBe(b.primaryRt.id);

    // Even with a route into the first peering, the peering carries only the peer's own CIDRs.
    b.n.route(b.primaryRt.id, {
      destinationCidrBlock: '10.70.0.0/16',
      vpcPeeringConnectionId: b.pcx.id,
    });
    const r2 = b.n.trace({
      source: b.p.instance.id,
      destination: host.instance.id,
      protocol: 'tcp',
      destinationPort: 443,
    });
    const x = expectBlocked(r2, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
    expect(x).toMatchObject({
      Component: { Id: b.pcx.id },
      PacketField: 'destination-address',
      Cidrs: ['10.60.0.0/16'],
    });
    expect(ids(r2.ForwardPathComponents).at(-1)).toBe(b.pcx.id);
  });
});
