import { describe, expect, it } from 'vitest';
import { replaceRoute } from '../../src/control/route-table.js';
import { caller } from '../support/harness.js';
import { expectBlocked, expectReachable, ids, ip, net } from './net.js';

/** /work/shared/scenarios/private-connector.md: ENIs without public IPs, a NAT, a database. */
function books() {
  const c = caller('222222222222', 'eu-west-1');
  const n = net(c);
  const vpc = n.vpc('172.31.0.0/16', 'books');
  const igw = n.igw(vpc);
  const privateA = n.subnet(vpc, '172.31.16.0/20', 'euw1-az1', 'private-a');
  const privateB = n.subnet(vpc, '172.31.32.0/20', 'euw1-az2', 'private-b');
  const publicA = n.subnet(vpc, '172.31.0.0/20', 'euw1-az1', 'public-a');
  const privateRt = n.table(vpc, 'private', [privateA, privateB]);
  n.route(privateRt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
  const publicRt = n.table(vpc, 'public', [publicA]);
  n.route(publicRt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
  const connectorSg = n.sg(vpc, 'connector-sg');
  const dbSg = n.sg(vpc, 'db-sg', [
    {
      ipProtocol: 'tcp',
      fromPort: 3306,
      toPort: 3306,
      userIdGroupPairs: [{ groupId: connectorSg.id }],
    },
  ]);
  const connectorA = n.eni(privateA, '172.31.16.50', [connectorSg.id], 'connector-a');
  const connectorB = n.eni(privateB, '172.31.32.50', [connectorSg.id], 'connector-b');
  const writer = n.eni(privateB, '172.31.32.80', [dbSg.id], 'aurora-writer');
  const acl = n.h.s.find('networkAclsByVpc', vpc.id)[0]!;
  return {
    n,
    c,
    vpc,
    igw,
    privateA,
    privateB,
    publicA,
    privateRt,
    publicRt,
    connectorSg,
    dbSg,
    connectorA,
    connectorB,
    writer,
    acl,
  };
}

describe('scenario: private connector', () => {
  it('connector-a → aurora-writer TCP 3306 is reachable by the local route and the SG reference', () => {
    const b = books();
    const r = b.n.trace({
      source: b.connectorA.id,
      destination: b.writer.id,
      protocol: 'tcp',
      destinationPort: 3306,
    });
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.connectorA.id,
      b.connectorSg.id,
      b.acl.id,
      b.privateRt.id,
      b.acl.id,
      b.dbSg.id,
      b.writer.id,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      b.writer.id,
      b.acl.id,
      b.privateRt.id,
      b.acl.id,
      b.connectorA.id,
    ]);
    const sgHop = r.ForwardPathComponents![5]!;
    expect(sgHop.SecurityGroupRule).toEqual({
      Direction: 'ingress',
      SecurityGroupId: b.connectorSg.id,
      PortRange: { From: 3306, To: 3306 },
      Protocol: 'tcp',
    });
    expect(r.ForwardPathComponents![3]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '172.31.0.0/16',
      GatewayId: 'local',
      State: 'active',
    });
    expect(r.ForwardPathComponents![2]!.AclRule).toEqual({
      Cidr: '0.0.0.0/0',
      Egress: true,
      Protocol: 'all',
      RuleAction: 'allow',
      RuleNumber: 100,
    });
    expect(r.ForwardPathComponents![0]!.OutboundHeader).toEqual({
      SourceAddresses: ['172.31.16.50/32'],
      DestinationAddresses: ['172.31.32.80/32'],
      SourcePortRanges: [{ From: 49152, To: 49152 }],
      DestinationPortRanges: [{ From: 3306, To: 3306 }],
      Protocol: '6',
    });
    expect(r.ForwardPathComponents![0]!.Component).toEqual({
      Id: b.connectorA.id,
      Arn: `arn:aws:ec2:eu-west-1:222222222222:network-interface/${b.connectorA.id}`,
      Name: 'connector-a',
    });
  });

  it('connector-a → aurora-writer TCP 5432 is blocked by db-sg ingress on the destination port', () => {
    const b = books();
    const r = b.n.trace({
      source: b.connectorA.id,
      destination: b.writer.id,
      protocol: 'tcp',
      destinationPort: 5432,
    });
    const x = expectBlocked(r, 'ENI_SG_RULES_MISMATCH');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'destination-port' });
    expect(x.Component?.Id).toBe(b.writer.id);
    expect(x.SecurityGroups?.map((g) => g.Id)).toEqual([b.dbSg.id]);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.connectorA.id,
      b.connectorSg.id,
      b.acl.id,
      b.privateRt.id,
      b.acl.id,
      b.writer.id,
    ]);
    expect(r.ReturnPathComponents).toBeUndefined();
  });

  it('connector-a → the internet is blocked at the IGW: the ENI has no public IPv4', () => {
    const b = books();
    const r = b.n.trace({
      source: b.connectorA.id,
      destinationIp: ip('93.184.216.34'),
      protocol: 'tcp',
      destinationPort: 443,
    });
    const x = expectBlocked(r, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(x.Component?.Id).toBe(b.igw.id);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.connectorA.id,
      b.connectorSg.id,
      b.acl.id,
      b.privateRt.id,
      b.igw.id,
    ]);
  });

  it('through a public NAT gateway in another AZ, connector-b reaches the internet (AZ crossed)', () => {
    const b = books();
    const nat = b.n.nat(b.publicA, 'nat-a');
    b.n.h.run(
      replaceRoute,
      { routeTableId: b.privateRt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id },
      b.c,
    );
    const eip = nat.natGatewayAddresses[0]!;
    const r = b.n.trace({
      source: b.connectorB.id,
      destinationIp: ip('93.184.216.34'),
      protocol: 'tcp',
      destinationPort: 443,
    });
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.connectorB.id,
      b.connectorSg.id,
      b.acl.id,
      b.privateRt.id,
      b.acl.id,
      nat.id,
      b.acl.id,
      b.publicRt.id,
      b.igw.id,
    ]);
    const natHop = r.ForwardPathComponents![5]!;
    expect(natHop.AdditionalDetails).toEqual([
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: natHop.Component },
    ]);
    expect(natHop.OutboundHeader?.SourceAddresses).toEqual([`${eip.privateIp.toString()}/32`]);
    const igwHop = r.ForwardPathComponents![8]!;
    expect(igwHop.OutboundHeader?.SourceAddresses).toEqual([`${eip.publicIp!.toString()}/32`]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      b.igw.id,
      b.acl.id,
      nat.id,
      b.acl.id,
      b.publicRt.id,
      b.acl.id,
      b.connectorB.id,
    ]);
    // The reply reaches the connector with the client's own address and port again.
    expect(r.ReturnPathComponents!.at(-1)!.InboundHeader).toMatchObject({
      SourceAddresses: ['93.184.216.34/32'],
      DestinationAddresses: ['172.31.32.50/32'],
      DestinationPortRanges: [{ From: 49152, To: 49152 }],
    });
  });

  it('a NACL on private-b without outbound ephemeral ports blocks the reply (stateless)', () => {
    const b = books();
    const acl = b.n.acl(
      b.vpc,
      'db-acl',
      [b.privateB],
      [
        {
          ruleNumber: 100,
          protocol: 'tcp',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: '172.31.0.0/16',
          portRange: { from: 3306, to: 3306 },
        },
      ],
    );
    const r = b.n.trace({
      source: b.connectorA.id,
      destination: b.writer.id,
      protocol: 'tcp',
      destinationPort: 3306,
    });
    const x = expectBlocked(r, 'SUBNET_ACL_RESTRICTION');
    expect(x).toMatchObject({
      Direction: 'egress',
      Acl: { Id: acl.id },
      AclRule: { RuleNumber: 32767, RuleAction: 'deny', Egress: true },
    });
    // The forward path is whole; the reply stops at private-b's ACL.
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.connectorA.id,
      b.connectorSg.id,
      b.acl.id,
      b.privateRt.id,
      acl.id,
      b.dbSg.id,
      b.writer.id,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([b.writer.id, acl.id]);
  });
});
