import { describe, expect, it } from 'vitest';
import { associateAddress } from '../../src/control/elastic-ip.js';
import { modifyNetworkInterfaceAttribute } from '../../src/control/network-interface.js';
import { assignPrivateIpAddresses } from '../../src/control/private-ip.js';
import { associateRouteTable } from '../../src/control/route-table.js';
import { replaceRoute } from '../../src/control/route.js';
import { ALL, expectBlocked, expectReachable, ids, ip, net, tcpFrom } from './net.js';

/** A public subnet with an instance that has a public IP, and a private one without. */
function publicSubnet() {
  const n = net();
  const vpc = n.vpc('10.0.0.0/16', 'web');
  const igw = n.igw(vpc);
  const subnet = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'public');
  const rt = n.table(vpc, 'public-rt', [subnet]);
  n.route(rt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
  const sg = n.sg(vpc, 'ssh', [tcpFrom(22, '0.0.0.0/0')]);
  const web = n.instance(subnet, '10.0.1.10', [sg.id], 'web', { publicIp: true });
  const hidden = n.instance(subnet, '10.0.1.11', [sg.id], 'hidden');
  const acl = n.h.s.find('networkAclsByVpc', vpc.id)[0]!.id;
  const publicIp = web.eni.privateIpAddresses[0]!.association!.publicIp;
  return { n, vpc, igw, subnet, rt, sg, web, hidden, acl, publicIp };
}

describe('internet gateway', () => {
  it('admits the internet to a public IP, mapping it 1:1 to the private IP, and lets the reply out', () => {
    const b = publicSubnet();
    const r = b.n.trace({
      source: b.igw.id,
      destination: b.web.instance.id,
      protocol: 'tcp',
      destinationPort: 22,
      sourceIp: ip('93.184.216.34'),
    });
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      b.igw.id,
      b.acl,
      b.sg.id,
      b.web.eni.id,
      b.web.instance.id,
    ]);
    const igwHop = r.ForwardPathComponents![0]!;
    expect(igwHop.InboundHeader?.DestinationAddresses).toEqual([`${b.publicIp.toString()}/32`]);
    expect(igwHop.OutboundHeader?.DestinationAddresses).toEqual(['10.0.1.10/32']);
    expect(ids(r.ReturnPathComponents)).toEqual([
      b.web.instance.id,
      b.web.eni.id,
      b.acl,
      b.rt.id,
      b.igw.id,
    ]);
    expect(r.ReturnPathComponents!.at(-1)!.OutboundHeader?.SourceAddresses).toEqual([
      `${b.publicIp.toString()}/32`,
    ]);
  });

  it('refuses inbound traffic to an address that is no public IP of the VPC', () => {
    const b = publicSubnet();
    const r = b.n.traceTcp(b.igw.id, b.hidden.instance.id, 22);
    const x = expectBlocked(r, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(x).toMatchObject({
      Component: { Id: b.igw.id },
      Direction: 'ingress',
      PacketField: 'destination-address',
      Address: '10.0.1.11',
    });
    expect(ids(r.ForwardPathComponents)).toEqual([b.igw.id]);
  });

  it('refuses private and shared-space sources inbound and destinations outbound', () => {
    const b = publicSubnet();
    const from = (src: string) =>
      b.n.trace({
        source: b.igw.id,
        destination: b.web.instance.id,
        protocol: 'tcp',
        destinationPort: 22,
        sourceIp: ip(src),
      });
    expectBlocked(from('192.168.1.1'), 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS');
    expectBlocked(from('100.64.1.1'), 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS');
    const to = (dst: string) => b.n.traceTcp(b.web.instance.id, ip(dst), 443);
    expectBlocked(to('172.16.0.1'), 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
    expectBlocked(to('100.100.0.1'), 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS');
    expectReachable(to('93.184.216.34'));
  });

  it('needs a route back to the gateway for the reply', () => {
    const b = publicSubnet();
    const other = b.n.subnet(b.vpc, '10.0.2.0/24', 'use1-az1', 'no-route');
    const lost = b.n.instance(other, '10.0.2.10', [b.sg.id], 'lost', { publicIp: true });
    const r = b.n.traceTcp(b.igw.id, lost.instance.id, 22);
    const x = expectBlocked(r, 'NO_ROUTE_TO_DESTINATION');
    expect(x.Component?.Id).toBe(b.n.mainTable(b.vpc).id);
    expect(ids(r.ReturnPathComponents)).toEqual([
      lost.instance.id,
      lost.eni.id,
      b.acl,
      b.n.mainTable(b.vpc).id,
    ]);
  });

  it('maps an Elastic IP on a secondary private address to that address', () => {
    const b = publicSubnet();
    b.n.h.run(assignPrivateIpAddresses, {
      networkInterfaceId: b.web.eni.id,
      privateIpAddresses: ['10.0.1.50'],
    });
    const eip = b.n.eip();
    b.n.h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: b.web.eni.id,
      privateIpAddress: '10.0.1.50',
    });
    const r = b.n.traceTcp(b.igw.id, eip.publicIp, 22);
    expectReachable(r);
    expect(r.ForwardPathComponents![0]!.OutboundHeader?.DestinationAddresses).toEqual([
      '10.0.1.50/32',
    ]);
    expect(r.ReturnPathComponents!.at(-1)!.OutboundHeader?.SourceAddresses).toEqual([
      `${eip.publicIp.toString()}/32`,
    ]);
  });

  it('does not carry a peer VPC to the internet (edge to edge)', () => {
    const b = publicSubnet();
    const peer = b.n.vpc('10.9.0.0/16', 'peer');
    const ps = b.n.subnet(peer, '10.9.1.0/24', 'use1-az1', 'peer-subnet');
    const host = b.n.instance(ps, '10.9.1.10', [b.n.sg(peer, 'open', [ALL]).id], 'peer-host');
    const pcx = b.n.peering(peer, b.vpc, 'peer-web');
    b.n.route(b.n.mainTable(peer).id, {
      destinationCidrBlock: '0.0.0.0/0',
      vpcPeeringConnectionId: pcx.id,
    });
    const r = b.n.traceTcp(host.instance.id, ip('93.184.216.34'), 443);
    expect(expectBlocked(r, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR').PacketField).toBe(
      'destination-address',
    );
  });

  it('follows an edge route table to an appliance for inbound traffic', () => {
    const b = publicSubnet();
    const fwSubnet = b.n.subnet(b.vpc, '10.0.9.0/24', 'use1-az1', 'fw');
    const fwRt = b.n.table(b.vpc, 'fw-rt', [fwSubnet]);
    b.n.route(fwRt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: b.igw.id });
    const fwSg = b.n.sg(b.vpc, 'fw', [ALL]);
    const fw = b.n.instance(fwSubnet, '10.0.9.10', [fwSg.id], 'fw', { publicIp: true });
    b.n.h.run(modifyNetworkInterfaceAttribute, {
      networkInterfaceId: fw.eni.id,
      sourceDestCheck: false,
    });
    const edge = b.n.table(b.vpc, 'edge');
    b.n.h.run(associateRouteTable, { routeTableId: edge.id, gatewayId: b.igw.id });
    b.n.route(edge.id, { destinationCidrBlock: '10.0.1.0/24', networkInterfaceId: fw.eni.id });
    b.n.h.run(replaceRoute, {
      routeTableId: b.rt.id,
      destinationCidrBlock: '0.0.0.0/0',
      networkInterfaceId: fw.eni.id,
    });
    const r = b.n.traceTcp(b.igw.id, b.web.instance.id, 22);
    expectReachable(r);
    const { acl, sg, web, igw } = b;
    expect(ids(r.ForwardPathComponents)).toEqual([
      igw.id,
      edge.id,
      acl,
      fwSg.id,
      fw.eni.id,
      fwSg.id,
      acl,
      fwRt.id,
      acl,
      sg.id,
      web.eni.id,
      web.instance.id,
    ]);
    // The reply goes back through the appliance (the app subnet's default route), then out.
    expect(ids(r.ReturnPathComponents)).toEqual([
      web.instance.id,
      web.eni.id,
      acl,
      b.rt.id,
      acl,
      fw.eni.id,
      acl,
      fwRt.id,
      igw.id,
    ]);
  });

  it('lets an interface send only from its own addresses while its source/destination check is on', () => {
    const b = publicSubnet();
    const r = b.n.trace({
      source: b.web.instance.id,
      sourceIp: ip('10.0.1.99'),
      destinationIp: ip('93.184.216.34'),
      protocol: 'tcp',
      destinationPort: 443,
    });
    const x = expectBlocked(r, 'ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(x).toMatchObject({
      Direction: 'egress',
      PacketField: 'source-address',
      Address: '10.0.1.99',
    });
    expect(ids(r.ForwardPathComponents)).toEqual([b.web.instance.id, b.web.eni.id]);
  });
});
