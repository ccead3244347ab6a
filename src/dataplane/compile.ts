import { RangeSet, type Cidr, type Ip } from '../net/index.js';
import { nameTag } from '../model/common.js';
import type { IdFamily } from '../model/ids.js';
import type { SecurityGroupRule } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import { subnetIpv6Cidrs } from '../model/subnet.js';
import { vpcCidrs } from '../model/vpc.js';
import { NO_ADDRESSES, compileSecurityGroup } from './eni.js';
import {
  ec2Arn,
  type AddressSet,
  type AclNode,
  type Dataplane,
  type EigwNode,
  type EndpointNode,
  type EniNode,
  type IgwNode,
  type InstanceNode,
  type NatNode,
  type NodeBase,
  type PeeringNode,
  type PrefixListNode,
  type RouteTableNode,
  type SgNode,
  type SubnetNode,
  type VpcNode,
} from './graph.js';
import { v4Key } from './packet.js';
import { compileRouteTable } from './route-table.js';
import { compileNetworkAcl, subnetNetworkAcl, subnetRouteTable } from './subnet.js';
import { gatewayServiceAddresses } from './vpc-endpoint.js';

/**
 * Compiles a snapshot into the forwarding graph. Everything a trace consults is built here,
 * once: address-owner maps per VPC, public-IP maps, compiled ACL and security-group rule
 * lists, prefix tries per route table, and one address set per referenced security group.
 * Every lookup goes through an index; nothing scans all resources per item, so the cost is
 * linear in the size of the network.
 */
export function compile(s: Snapshot): Dataplane {
  const base = (family: IdFamily, r: { id: string; region: string; ownerId: string; tags: readonly { key: string; value: string }[] }): NodeBase => {
    const name = nameTag(r);
    const b = { id: r.id, arn: ec2Arn(family, r.region, r.ownerId, r.id), region: r.region, ownerId: r.ownerId };
    return (name === undefined ? b : { ...b, name }) as NodeBase;
  };

  const prefixLists = new Map<string, PrefixListNode>();
  for (const pl of s.all('prefix-list')) {
    const cidrs = pl.entries.map((e) => e.cidr);
    prefixLists.set(pl.id, { ...base('prefix-list', pl), kind: 'prefix-list', cidrs, addresses: addressSet(cidrs) });
  }

  const vpcs = new Map<string, VpcNode>();
  for (const v of s.all('vpc')) {
    const cidrs = vpcCidrs(v);
    vpcs.set(v.id, {
      ...base('vpc', v),
      kind: 'vpc',
      cidrs,
      blocks: addressSet(cidrs),
      owners4: new Map(),
      owners6: new Map(),
      publicIps: new Map(),
    });
  }

  const peerings = new Map<string, PeeringNode>();
  for (const p of s.all('vpc-peering-connection')) {
    const requester = vpcs.get(p.requesterVpcInfo.vpcId);
    const accepter = vpcs.get(p.accepterVpcInfo.vpcId);
    peerings.set(p.id, {
      ...base('vpc-peering-connection', p),
      kind: 'vpc-peering-connection',
      status: p.status.code,
      requesterVpcId: p.requesterVpcInfo.vpcId,
      accepterVpcId: p.accepterVpcInfo.vpcId,
      ...(requester ? { requester } : {}),
      ...(accepter ? { accepter } : {}),
    });
  }

  const networkAcls = new Map<string, AclNode>();
  for (const a of s.all('network-acl')) networkAcls.set(a.id, compileNetworkAcl(a, base('network-acl', a)));

  const routeTables = new Map<string, RouteTableNode>();
  for (const t of s.all('route-table')) {
    routeTables.set(t.id, compileRouteTable(s, t, base('route-table', t), (id) => prefixLists.get(id)));
  }

  const subnets = new Map<string, SubnetNode>();
  for (const sn of s.all('subnet')) {
    const vpc = vpcs.get(sn.vpcId);
    if (!vpc) continue;
    const acl = subnetNetworkAcl(s, sn);
    const table = subnetRouteTable(s, sn);
    const aclNode = acl && networkAcls.get(acl.id);
    const tableNode = table && routeTables.get(table.id);
    subnets.set(sn.id, {
      ...base('subnet', sn),
      kind: 'subnet',
      vpc,
      availabilityZone: sn.availabilityZone,
      availabilityZoneId: sn.availabilityZoneId,
      cidrs6: subnetIpv6Cidrs(sn),
      ...(sn.cidrBlock ? { cidr4: sn.cidrBlock } : {}),
      ...(aclNode ? { acl: aclNode } : {}),
      ...(tableNode ? { routeTable: tableNode } : {}),
    });
  }

  const internetGateways = new Map<string, IgwNode>();
  for (const g of s.all('internet-gateway')) {
    const vpc = g.attachments[0] && vpcs.get(g.attachments[0].vpcId);
    const node: IgwNode = { ...base('internet-gateway', g), kind: 'internet-gateway', ...(vpc ? { vpc } : {}) };
    const edge = s.find('routeTableByGateway', g.id)[0];
    const edgeNode = edge && routeTables.get(edge.id);
    if (edgeNode) node.edgeRouteTable = edgeNode;
    if (vpc) vpc.internetGateway = node;
    internetGateways.set(g.id, node);
  }

  const egressOnlyInternetGateways = new Map<string, EigwNode>();
  for (const g of s.all('egress-only-internet-gateway')) {
    const vpc = g.attachments[0] && vpcs.get(g.attachments[0].vpcId);
    const node: EigwNode = { ...base('egress-only-internet-gateway', g), kind: 'egress-only-internet-gateway', ...(vpc ? { vpc } : {}) };
    if (vpc) vpc.egressOnlyInternetGateway = node;
    egressOnlyInternetGateways.set(g.id, node);
  }

  const instances = new Map<string, InstanceNode>();
  for (const i of s.all('instance')) {
    instances.set(i.id, { ...base('instance', i), kind: 'instance', state: i.state, enis: [] });
  }

  // Interface endpoints' ENIs take the endpoint's groups when their own list is empty.
  const endpointOfEni = new Map<string, string>();
  const endpointGroups = new Map<string, readonly string[]>();
  for (const ep of s.all('vpc-endpoint')) {
    endpointGroups.set(ep.id, ep.groups);
    for (const eniId of ep.networkInterfaceIds) endpointOfEni.set(eniId, ep.id);
  }
  const groupsOf = (eni: { id: string; groups: readonly string[] }): readonly string[] => {
    if (eni.groups.length > 0) return eni.groups;
    const ep = endpointOfEni.get(eni.id);
    return ep ? (endpointGroups.get(ep) ?? []) : [];
  };

  // Security-group references: one address set per referenced group, built once.
  const referenced = new Set<string>();
  for (const g of s.all('security-group')) {
    for (const r of g.rules) if (r.referencedGroupInfo) referenced.add(r.referencedGroupInfo.groupId);
  }
  const members = new Map<string, { v4: bigint[]; v6: bigint[] }>();
  for (const id of referenced) members.set(id, { v4: [], v6: [] });
  for (const eni of s.all('network-interface')) {
    for (const g of groupsOf(eni)) {
      const m = members.get(g);
      if (!m) continue;
      for (const p of eni.privateIpAddresses) m.v4.push(p.privateIpAddress.value);
      for (const a of eni.ipv6Addresses) m.v6.push(a.ipv6Address.value);
    }
  }
  const memberSets = new Map<string, AddressSet>();
  const memberSet = (groupId: string): AddressSet => {
    let set = memberSets.get(groupId);
    if (!set) {
      const m = members.get(groupId) ?? { v4: [], v6: [] };
      set = {
        v4: RangeSet.fromRanges(4, m.v4.map((v) => ({ start: v, end: v }))),
        v6: RangeSet.fromRanges(6, m.v6.map((v) => ({ start: v, end: v }))),
      };
      memberSets.set(groupId, set);
    }
    return set;
  };
  const peeredInRegion = (a: string, b: string): boolean => {
    const va = vpcs.get(a);
    const vb = vpcs.get(b);
    if (!va || !vb || va.region !== vb.region) return false;
    return s.find('peeringsByVpc', a).some(
      (p) =>
        p.status.code === 'active' &&
        ((p.requesterVpcInfo.vpcId === a && p.accepterVpcInfo.vpcId === b) ||
          (p.requesterVpcInfo.vpcId === b && p.accepterVpcInfo.vpcId === a)),
    );
  };
  const cidrSets = new Map<string, AddressSet>();
  const cidrSet = (c: Cidr): AddressSet => {
    const key = c.toString();
    let set = cidrSets.get(key);
    if (!set) cidrSets.set(key, (set = addressSet([c])));
    return set;
  };

  const securityGroups = new Map<string, SgNode>();
  for (const g of s.all('security-group')) {
    const peerOf = (r: SecurityGroupRule): AddressSet => {
      if (r.cidrIpv4) return cidrSet(r.cidrIpv4);
      if (r.cidrIpv6) return cidrSet(r.cidrIpv6);
      if (r.prefixListId) return prefixLists.get(r.prefixListId)?.addresses ?? NO_ADDRESSES;
      const ref = r.referencedGroupInfo;
      if (!ref) return NO_ADDRESSES;
      const target = s.get('security-group', ref.groupId);
      // A reference reaches the group's own VPC or a peer in the same Region over an active
      // peering; anything else is a stale rule that matches nothing.
      if (!target || (target.vpcId !== g.vpcId && !peeredInRegion(g.vpcId, target.vpcId))) return NO_ADDRESSES;
      return memberSet(ref.groupId);
    };
    securityGroups.set(g.id, compileSecurityGroup(g, base('security-group', g), peerOf));
  }

  const enis = new Map<string, EniNode>();
  const publicIps = new Map<number, { eni: EniNode; privateIp: Ip }>();
  const register = (eni: EniNode): void => {
    for (const ip of eni.v4) eni.vpc.owners4.set(v4Key(ip), eni);
    for (const ip of eni.v6) eni.vpc.owners6.set(ip.value, eni);
  };
  const mapPublic = (eni: EniNode, privateIp: Ip, publicIp: Ip): void => {
    eni.publicIps.set(v4Key(privateIp), publicIp);
    const entry = { eni, privateIp };
    eni.vpc.publicIps.set(v4Key(publicIp), entry);
    publicIps.set(v4Key(publicIp), entry);
  };
  for (const n of s.all('network-interface')) {
    const vpc = vpcs.get(n.vpcId);
    const subnet = subnets.get(n.subnetId);
    if (!vpc || !subnet) continue;
    const instance = n.attachment ? instances.get(n.attachment.instanceId) : undefined;
    const node: EniNode = {
      ...base('network-interface', n),
      kind: 'network-interface',
      vpc,
      subnet,
      v4: n.privateIpAddresses.map((p) => p.privateIpAddress),
      v6: n.ipv6Addresses.map((a) => a.ipv6Address),
      publicIps: new Map(),
      securityGroups: groupsOf(n).flatMap((g) => securityGroups.get(g) ?? []),
      sourceDestCheck: n.sourceDestCheck,
      role: n.interfaceType === 'interface' ? { kind: 'interface' } : { kind: 'other', interfaceType: n.interfaceType },
      ...(instance ? { instance } : {}),
      ...(n.attachment ? { deviceIndex: n.attachment.deviceIndex } : {}),
    };
    enis.set(n.id, node);
    instance?.enis.push(node);
    register(node);
    for (const p of n.privateIpAddresses) {
      if (p.association) mapPublic(node, p.privateIpAddress, p.association.publicIp);
    }
  }
  for (const i of instances.values()) i.enis.sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0));
  // Elastic IPs are also recorded on the address; take either record.
  for (const e of s.all('elastic-ip')) {
    const eni = e.networkInterfaceId && enis.get(e.networkInterfaceId);
    const privateIp = e.privateIpAddress ?? (eni ? eni.v4[0] : undefined);
    if (eni && privateIp && !eni.publicIps.has(v4Key(privateIp))) mapPublic(eni, privateIp, e.publicIp);
  }

  const natGateways = new Map<string, NatNode>();
  for (const n of s.all('nat-gateway')) {
    const vpc = vpcs.get(n.vpcId);
    const subnet = subnets.get(n.subnetId);
    if (!vpc || !subnet) continue;
    const primary = n.natGatewayAddresses.find((a) => a.isPrimary) ?? n.natGatewayAddresses[0];
    const node: NatNode = {
      ...base('nat-gateway', n),
      kind: 'nat-gateway',
      vpc,
      subnet,
      connectivityType: n.connectivityType,
      state: n.state,
      ...(primary ? { privateIp: primary.privateIp } : {}),
      ...(primary?.publicIp ? { publicIp: primary.publicIp } : {}),
    };
    if (n.state === 'available' && primary) {
      // The gateway's interface: the stored ENI if there is one, else one made from its addresses.
      let eni = enis.get(primary.networkInterfaceId);
      if (!eni) {
        eni = {
          id: primary.networkInterfaceId,
          arn: ec2Arn('network-interface', n.region, n.ownerId, primary.networkInterfaceId),
          region: n.region,
          ownerId: n.ownerId,
          kind: 'network-interface',
          vpc,
          subnet,
          v4: n.natGatewayAddresses.map((a) => a.privateIp),
          v6: [],
          publicIps: new Map(),
          securityGroups: [],
          sourceDestCheck: true,
          role: { kind: 'nat-gateway', nat: node },
        };
        enis.set(eni.id, eni);
        register(eni);
      }
      eni.role = { kind: 'nat-gateway', nat: node };
      node.eni = eni;
      for (const a of n.natGatewayAddresses) {
        if (a.publicIp && !eni.publicIps.has(v4Key(a.privateIp))) mapPublic(eni, a.privateIp, a.publicIp);
      }
    }
    natGateways.set(n.id, node);
  }

  const endpoints = new Map<string, EndpointNode>();
  for (const ep of s.all('vpc-endpoint')) {
    const vpc = vpcs.get(ep.vpcId);
    const service = gatewayServiceAddresses(s, ep);
    const node: EndpointNode = {
      ...base('vpc-endpoint', ep),
      kind: 'vpc-endpoint',
      endpointType: ep.vpcEndpointType,
      serviceName: ep.serviceName,
      serviceAddresses: service.addresses,
      enis: ep.networkInterfaceIds.flatMap((id) => enis.get(id) ?? []),
      ...(vpc ? { vpc } : {}),
      ...(service.prefixListId ? { prefixListId: service.prefixListId } : {}),
    };
    if (ep.vpcEndpointType === 'Interface') for (const eni of node.enis) eni.role = { kind: 'interface-endpoint', endpoint: node };
    endpoints.set(ep.id, node);
  }

  return {
    revision: s.revision,
    vpcs,
    subnets,
    enis,
    instances,
    securityGroups,
    networkAcls,
    routeTables,
    internetGateways,
    egressOnlyInternetGateways,
    natGateways,
    peerings,
    endpoints,
    prefixLists,
    publicIps,
  };
}

/** The address set covered by some CIDRs of either family. */
function addressSet(cidrs: readonly Cidr[]): AddressSet {
  return {
    v4: RangeSet.fromCidrs(4, cidrs.filter((c) => c.family === 4)),
    v6: RangeSet.fromCidrs(6, cidrs.filter((c) => c.family === 6)),
  };
}
