import type { Ip } from '../net/index.js';
import { nameTag } from '../model/common.js';
import { subnetNetworkAcl } from '../model/network-acl.js';
import { subnetRouteTable } from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { subnetIpv6Cidrs } from '../model/subnet.js';
import { vpcCidrs } from '../model/vpc.js';
import { compileSecurityGroups } from './eni.js';
import {
  addressSet,
  nodeBase,
  type AclNode,
  type Dataplane,
  type EigwNode,
  type EndpointNode,
  type EniNode,
  type IgwNode,
  type InstanceNode,
  type NatNode,
  type PeeringNode,
  type PrefixListNode,
  type RouteTableNode,
  type SgNode,
  type SubnetNode,
  type VpcNode,
} from './graph.js';
import { v4Key } from './packet.js';
import { compileHybrid } from './hybrid-compile.js';
import { compileRouteTable } from './route-table.js';
import { compileNetworkAcl } from './subnet.js';
import { compileTransitGateways } from './transit-gateway-graph.js';
import { compileLoadBalancers } from './load-balancer.js';
import { gatewayServiceAddresses } from './vpc-endpoint.js';

type PublicEntry = { readonly eni: EniNode; readonly privateIp: Ip };

/**
 * Compiles a snapshot into the forwarding graph. Everything a trace consults is built here,
 * once: address-owner maps per VPC, public-IP maps, compiled ACL and security-group rule
 * lists, prefix tries per route table, and one address set per referenced security group.
 * Every lookup goes through an index; nothing scans all resources per item, so the cost is
 * linear in the size of the network. Nodes are plain literals of one shape per kind (no
 * spreads): that keeps compiling 40,000 ENIs fast and the tracer's property reads monomorphic.
 * A literal that starts with `...nodeBase(r)` got a hidden class of its own per object in V8
 * (4,215 ENIs, 4,215 maps), tripling compile time and memory (D91).
 */
export function compile(s: Snapshot): Dataplane {
  const prefixLists = new Map<string, PrefixListNode>();
  for (const pl of s.all('prefix-list')) {
    const cidrs = pl.entries.map((e) => e.cidr);
    prefixLists.set(pl.id, {
      id: pl.id,
      name: nameTag(pl),
      region: pl.region,
      ownerId: pl.ownerId,
      kind: 'prefix-list',
      cidrs,
      addresses: addressSet(cidrs),
    });
  }

  const vpcs = new Map<string, VpcNode>();
  for (const v of s.all('vpc')) {
    const cidrs = vpcCidrs(v);
    vpcs.set(v.id, {
      id: v.id,
      name: nameTag(v),
      region: v.region,
      ownerId: v.ownerId,
      kind: 'vpc',
      cidrs,
      blocks: addressSet(cidrs),
      owners4: new Map(),
      owners6: new Map(),
      publicIps: new Map(),
      internetGateway: undefined,
      egressOnlyInternetGateway: undefined,
    });
  }

  const peerings = new Map<string, PeeringNode>();
  for (const p of s.all('vpc-peering-connection')) {
    peerings.set(p.id, {
      id: p.id,
      name: nameTag(p),
      region: p.region,
      ownerId: p.ownerId,
      kind: 'vpc-peering-connection',
      status: p.status.code,
      requester: vpcs.get(p.requesterVpcInfo.vpcId),
      accepter: vpcs.get(p.accepterVpcInfo.vpcId),
      requesterVpcId: p.requesterVpcInfo.vpcId,
      accepterVpcId: p.accepterVpcInfo.vpcId,
    });
  }

  const networkAcls = new Map<string, AclNode>();
  for (const a of s.all('network-acl')) networkAcls.set(a.id, compileNetworkAcl(a, nodeBase(a)));

  const routeTables = new Map<string, RouteTableNode>();
  const prefixList = (id: string) => prefixLists.get(id);
  for (const t of s.all('route-table')) {
    routeTables.set(t.id, compileRouteTable(s, t, nodeBase(t), prefixList));
  }

  const subnets = new Map<string, SubnetNode>();
  for (const sn of s.all('subnet')) {
    const vpc = vpcs.get(sn.vpcId);
    if (!vpc) continue;
    const acl = subnetNetworkAcl(s, sn.id);
    const table = subnetRouteTable(s, sn.id);
    subnets.set(sn.id, {
      id: sn.id,
      name: nameTag(sn),
      region: sn.region,
      ownerId: sn.ownerId,
      kind: 'subnet',
      vpc,
      availabilityZone: sn.availabilityZone,
      availabilityZoneId: sn.availabilityZoneId,
      cidr4: sn.cidrBlock,
      cidrs6: subnetIpv6Cidrs(sn),
      acl: acl && networkAcls.get(acl.id),
      routeTable: table && routeTables.get(table.id),
    });
  }

  const internetGateways = new Map<string, IgwNode>();
  for (const g of s.all('internet-gateway')) {
    const vpc = g.attachments[0] && vpcs.get(g.attachments[0].vpcId);
    const edge = s.find('routeTableByGateway', g.id)[0];
    const node: IgwNode = {
      id: g.id,
      name: nameTag(g),
      region: g.region,
      ownerId: g.ownerId,
      kind: 'internet-gateway',
      vpc,
      edgeRouteTable: edge && routeTables.get(edge.id),
    };
    if (vpc) vpc.internetGateway = node;
    internetGateways.set(g.id, node);
  }

  const egressOnlyInternetGateways = new Map<string, EigwNode>();
  for (const g of s.all('egress-only-internet-gateway')) {
    const vpc = g.attachments[0] && vpcs.get(g.attachments[0].vpcId);
    const node: EigwNode = {
      id: g.id,
      name: nameTag(g),
      region: g.region,
      ownerId: g.ownerId,
      kind: 'egress-only-internet-gateway',
      vpc,
    };
    if (vpc) vpc.egressOnlyInternetGateway = node;
    egressOnlyInternetGateways.set(g.id, node);
  }

  const instances = new Map<string, InstanceNode>();
  for (const i of s.all('instance')) {
    instances.set(i.id, {
      id: i.id,
      name: nameTag(i),
      region: i.region,
      ownerId: i.ownerId,
      kind: 'instance',
      state: i.state,
      enis: [],
    });
  }

  // Interface endpoints' ENIs take the endpoint's groups when their own list is empty.
  const endpointGroupsOfEni = new Map<string, readonly string[]>();
  for (const ep of s.all('vpc-endpoint')) {
    for (const eniId of ep.networkInterfaceIds) endpointGroupsOfEni.set(eniId, ep.groups);
  }
  const groupsOf = (eni: { id: string; groups: readonly string[] }): readonly string[] =>
    eni.groups.length > 0 ? eni.groups : (endpointGroupsOfEni.get(eni.id) ?? []);

  const securityGroups = compileSecurityGroups(s, prefixLists, groupsOf);

  const enis = new Map<string, EniNode>();
  const publicIps = new Map<number, PublicEntry>();
  const register = (eni: EniNode): void => {
    const { owners4, owners6 } = eni.vpc;
    for (const ip of eni.v4) owners4.set(v4Key(ip), eni);
    for (const ip of eni.v6) owners6.set(ip.value, eni);
  };
  const mapPublic = (eni: EniNode, privateIp: Ip, publicIp: Ip): void => {
    (eni.publicIps ??= new Map()).set(v4Key(privateIp), publicIp);
    const entry = { eni, privateIp };
    eni.vpc.publicIps.set(v4Key(publicIp), entry);
    publicIps.set(v4Key(publicIp), entry);
  };
  for (const n of s.all('network-interface')) {
    const vpc = vpcs.get(n.vpcId);
    const subnet = subnets.get(n.subnetId);
    if (!vpc || !subnet) continue;
    const instance = n.attachment ? instances.get(n.attachment.instanceId) : undefined;
    const v4: Ip[] = [];
    for (const p of n.privateIpAddresses) v4.push(p.privateIpAddress);
    const groups: SgNode[] = [];
    for (const g of groupsOf(n)) {
      const node = securityGroups.get(g);
      if (node) groups.push(node);
    }
    const node: EniNode = {
      id: n.id,
      name: nameTag(n),
      region: n.region,
      ownerId: n.ownerId,
      kind: 'network-interface',
      vpc,
      subnet,
      instance,
      deviceIndex: n.attachment?.deviceIndex,
      v4,
      v6: n.ipv6Addresses.length === 0 ? NO_IPS : n.ipv6Addresses.map((a) => a.ipv6Address),
      publicIps: undefined,
      securityGroups: groups,
      sourceDestCheck: n.sourceDestCheck,
      role:
        n.interfaceType === 'interface'
          ? INTERFACE
          : { kind: 'other', interfaceType: n.interfaceType },
    };
    enis.set(n.id, node);
    instance?.enis.push(node);
    register(node);
    for (const p of n.privateIpAddresses) {
      if (p.association) mapPublic(node, p.privateIpAddress, p.association.publicIp);
    }
  }
  for (const i of instances.values()) {
    if (i.enis.length > 1) i.enis.sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0));
  }
  // Elastic IPs are also recorded on the address; take either record.
  for (const e of s.all('elastic-ip')) {
    const eni = e.networkInterfaceId && enis.get(e.networkInterfaceId);
    const privateIp = e.privateIpAddress ?? (eni ? eni.v4[0] : undefined);
    if (eni && privateIp && !eni.publicIps?.has(v4Key(privateIp)))
      mapPublic(eni, privateIp, e.publicIp);
  }

  const natGateways = new Map<string, NatNode>();
  for (const n of s.all('nat-gateway')) {
    const vpc = vpcs.get(n.vpcId);
    const subnet = subnets.get(n.subnetId);
    if (!vpc || !subnet) continue;
    const primary = n.natGatewayAddresses.find((a) => a.isPrimary) ?? n.natGatewayAddresses[0];
    const node: NatNode = {
      id: n.id,
      name: nameTag(n),
      region: n.region,
      ownerId: n.ownerId,
      kind: 'nat-gateway',
      vpc,
      subnet,
      connectivityType: n.connectivityType,
      state: n.state,
      privateIp: primary?.privateIp,
      publicIp: primary?.publicIp,
      eni: undefined,
    };
    natGateways.set(n.id, node);
    if (n.state !== 'available' || !primary) continue;
    // The gateway's interface: the stored ENI if there is one, else one made from its addresses.
    let eni = enis.get(primary.networkInterfaceId);
    if (!eni) {
      eni = {
        id: primary.networkInterfaceId,
        name: undefined,
        region: n.region,
        ownerId: n.ownerId,
        kind: 'network-interface',
        vpc,
        subnet,
        instance: undefined,
        deviceIndex: undefined,
        v4: n.natGatewayAddresses.map((a) => a.privateIp),
        v6: NO_IPS,
        publicIps: undefined,
        securityGroups: [],
        sourceDestCheck: false,
        role: INTERFACE,
      };
      enis.set(eni.id, eni);
      register(eni);
    }
    eni.role = { kind: 'nat-gateway', nat: node };
    node.eni = eni;
    for (const a of n.natGatewayAddresses) {
      if (a.publicIp && !eni.publicIps?.has(v4Key(a.privateIp)))
        mapPublic(eni, a.privateIp, a.publicIp);
    }
  }

  const endpoints = new Map<string, EndpointNode>();
  for (const ep of s.all('vpc-endpoint')) {
    const service = gatewayServiceAddresses(s, ep);
    const node: EndpointNode = {
      id: ep.id,
      name: nameTag(ep),
      region: ep.region,
      ownerId: ep.ownerId,
      kind: 'vpc-endpoint',
      endpointType: ep.vpcEndpointType,
      vpc: vpcs.get(ep.vpcId),
      serviceName: ep.serviceName,
      prefixListId: service.prefixListId,
      serviceAddresses: service.addresses,
      enis: ep.networkInterfaceIds.flatMap((id) => enis.get(id) ?? []),
    };
    if (ep.vpcEndpointType === 'Interface') {
      for (const eni of node.enis) eni.role = { kind: 'interface-endpoint', endpoint: node };
    }
    endpoints.set(ep.id, node);
  }

  const hybrid = compileHybrid(s, vpcs, routeTables);

  const tgw = compileTransitGateways(s, vpcs, subnets);
  const elb = compileLoadBalancers(s, { vpcs, subnets, enis, securityGroups, endpoints });

  return {
    ...tgw,
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
    hybrid,
    loadBalancers: elb.loadBalancers,
    gatewayLoadBalancerOfEndpoint: elb.gatewayLoadBalancerOfEndpoint,
    networkLoadBalancerOfEndpoint: elb.networkLoadBalancerOfEndpoint,
  };
}

const NO_IPS: readonly Ip[] = Object.freeze([]);
const INTERFACE = Object.freeze({ kind: 'interface' as const });
