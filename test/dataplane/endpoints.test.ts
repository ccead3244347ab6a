import { describe, expect, it } from 'vitest';
import { managedPrefixList } from '../../src/model/aws-services.js';
import type { RegionName } from '../../src/model/ids.js';
import { ALL, expectBlocked, expectReachable, ids, net, tcpFrom } from './net.js';

const S3 = managedPrefixList('us-east-1' as RegionName, 's3');

function storage() {
  const n = net();
  const vpc = n.vpc('10.0.0.0/16', 'storage');
  const subnet = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'app');
  const subnetB = n.subnet(vpc, '10.0.2.0/24', 'use1-az2', 'app-b');
  const rt = n.mainTable(vpc);
  const sg = n.sg(vpc, 'open', [ALL]);
  const app = n.instance(subnet, '10.0.1.10', [sg.id], 'app');
  const acl = n.h.s.find('networkAclsByVpc', vpc.id)[0]!.id;
  /** app's side of every path: the instance, its ENI, its security group. */
  const appOut = [app.instance.id, app.eni.id, sg.id];
  return { n, vpc, subnet, subnetB, rt, sg, app, acl, appOut };
}

describe('gateway endpoint', () => {
  it('carries traffic to the service prefix list from its own VPC', () => {
    const b = storage();
    const ep = b.n.gatewayEndpoint(b.vpc, 's3', [b.rt.id]);
    const r = b.n.traceTcp(b.app.instance.id, ep.id, 443);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([...b.appOut, b.acl, b.rt.id, ep.id]);
    expect(r.ForwardPathComponents![4]!.RouteTableRoute).toMatchObject({
      DestinationPrefixListId: S3.id,
      GatewayId: ep.id,
      State: 'active',
    });
    expect(r.ForwardPathComponents![5]!.ServiceName).toBe('com.amazonaws.us-east-1.s3');
    expect(r.ForwardPathComponents![0]!.OutboundHeader?.DestinationAddresses).toEqual([
      `${S3.cidrs[0]!.first.toString()}/32`,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([ep.id, b.acl, b.app.eni.id, b.app.instance.id]);
  });

  it('carries only TCP and ICMP echo', () => {
    const b = storage();
    const ep = b.n.gatewayEndpoint(b.vpc, 's3', [b.rt.id]);
    expectBlocked(
      b.n.trace({
        source: b.app.instance.id,
        destination: ep.id,
        protocol: 'udp',
        destinationPort: 443,
      }),
      'VPCE_GATEWAY_PROTOCOL_RESTRICTION',
    );
    expectReachable(b.n.trace({ source: b.app.instance.id, destination: ep.id, protocol: 'icmp' }));
  });

  it('cannot be used from a peered VPC', () => {
    const b = storage();
    const ep = b.n.gatewayEndpoint(b.vpc, 's3', [b.rt.id]);
    const peer = b.n.vpc('10.9.0.0/16', 'peer');
    const ps = b.n.subnet(peer, '10.9.1.0/24', 'use1-az1', 'peer-subnet');
    const host = b.n.instance(ps, '10.9.1.10', [b.n.sg(peer, 'p', [ALL]).id], 'peer-host');
    const pcx = b.n.peering(peer, b.vpc, 'peer-storage');
    b.n.route(b.n.mainTable(peer).id, {
      destinationCidrBlock: S3.cidrs[0]!.toString(),
      vpcPeeringConnectionId: pcx.id,
    });
    b.n.route(b.rt.id, { destinationCidrBlock: '10.9.0.0/16', vpcPeeringConnectionId: pcx.id });
    const r = b.n.traceTcp(host.instance.id, ep.id, 443);
    const x = expectBlocked(r, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
    expect(x).toMatchObject({ Component: { Id: pcx.id }, PacketField: 'destination-address' });
    expect(ids(r.ForwardPathComponents)).not.toContain(ep.id);
  });
});

describe('interface endpoint', () => {
  it('terminates traffic at its ENI, filtered by its security groups', () => {
    const b = storage();
    const epSg = b.n.sg(b.vpc, 'endpoint-sg', [tcpFrom(443, '10.0.0.0/16')]);
    const ep = b.n.interfaceEndpoint(
      b.vpc,
      'com.amazonaws.us-east-1.s3',
      [b.subnet, b.subnetB],
      [epSg.id],
    );
    const [eniA, eniB] = ep.networkInterfaceIds;
    const r = b.n.traceTcp(b.app.instance.id, ep.id, 443);
    expectReachable(r);
    // The endpoint's ENI in the caller's AZ, on the same subnet: no ACL, no route table.
    expect(ids(r.ForwardPathComponents)).toEqual([...b.appOut, epSg.id, eniA]);
    const x = expectBlocked(b.n.traceTcp(b.app.instance.id, ep.id, 80), 'ENI_SG_RULES_MISMATCH');
    expect(x.SecurityGroups?.map((g) => g.Id)).toEqual([epSg.id]);
    const viaB = b.n.traceTcp(b.app.instance.id, eniB!, 443);
    expectReachable(viaB);
    expect(ids(viaB.ForwardPathComponents)).toContain(b.rt.id);
  });

  it('does not start connections inside its own VPC', () => {
    const b = storage();
    const ep = b.n.interfaceEndpoint(b.vpc, 'com.amazonaws.us-east-1.s3', [b.subnet], [b.sg.id]);
    const x = expectBlocked(b.n.traceTcp(ep.id, b.app.instance.id, 443), 'VPCE_INTRA_VPC_TRAFFIC');
    expect(x.Component?.Id).toBe(ep.id);
  });
});
