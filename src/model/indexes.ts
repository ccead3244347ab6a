import type { Kind, ResourceByKind } from './resource.js';
import { attachmentGateways, tgwAssociationKey } from './transit-gateway.js';
import { peeringPairKey } from './vpc-peering.js';
import { listenerTargetGroups } from './listener.js';
import { attachedVpcId } from './vpn-gateway.js';

/** A secondary index: which keys a resource of one kind is found under. */
export interface IndexSpec<K extends Kind> {
  readonly kind: K;
  readonly keys: (r: ResourceByKind[K]) => readonly string[];
}

const spec = <K extends Kind>(kind: K, keys: (r: ResourceByKind[K]) => readonly string[]) => ({
  kind,
  keys,
});

/**
 * The snapshot's secondary indexes, declared as data: each maps a resource to the keys it is
 * found under. The snapshot keeps them up to date on every change, so lookups the control plane
 * and the dataplane make (subnets of a VPC, the route table of a subnet, who references a
 * security group) are O(1) even at 100,000 ENIs.
 */
export const INDEXES = {
  vpcsByOwnerRegion: spec('vpc', (v) => [`${v.ownerId}|${v.region}`]),
  subnetsByVpc: spec('subnet', (s) => [s.vpcId]),
  routeTablesByVpc: spec('route-table', (t) => [t.vpcId]),
  routeTableBySubnet: spec('route-table', (t) =>
    t.associations.flatMap((a) => (a.subnetId ? [a.subnetId] : [])),
  ),
  routeTableByGateway: spec('route-table', (t) =>
    t.associations.flatMap((a) => (a.gatewayId ? [a.gatewayId] : [])),
  ),
  routeTablesByTarget: spec('route-table', (t) =>
    t.routes.flatMap((r) => {
      const ids = [
        r.gatewayId,
        r.egressOnlyInternetGatewayId,
        r.natGatewayId,
        r.networkInterfaceId,
        r.instanceId,
        r.vpcPeeringConnectionId,
        r.transitGatewayId,
        r.vpcEndpointId,
      ];
      return ids.filter((id): id is string => id !== undefined && id !== 'local');
    }),
  ),
  routeTablesByPrefixList: spec('route-table', (t) =>
    t.routes.flatMap((r) => (r.destinationPrefixListId ? [r.destinationPrefixListId] : [])),
  ),
  securityGroupsByVpc: spec('security-group', (g) => [g.vpcId]),
  securityGroupByName: spec('security-group', (g) => [`${g.vpcId}|${g.groupName}`]),
  securityGroupsByReferencedGroup: spec('security-group', (g) =>
    g.rules.flatMap((r) => (r.referencedGroupInfo ? [r.referencedGroupInfo.groupId] : [])),
  ),
  securityGroupsByPrefixList: spec('security-group', (g) =>
    g.rules.flatMap((r) => (r.prefixListId ? [r.prefixListId] : [])),
  ),
  networkAclsByVpc: spec('network-acl', (a) => [a.vpcId]),
  networkAclBySubnet: spec('network-acl', (a) => a.associations.map((x) => x.subnetId)),
  networkInterfacesByVpc: spec('network-interface', (n) => [n.vpcId]),
  networkInterfacesBySubnet: spec('network-interface', (n) => [n.subnetId]),
  networkInterfacesByInstance: spec('network-interface', (n) =>
    n.attachment ? [n.attachment.instanceId] : [],
  ),
  networkInterfacesBySecurityGroup: spec('network-interface', (n) => n.groups),
  /** `vpcId|address` for every private IPv4 and IPv6 address of an ENI. */
  networkInterfaceByAddress: spec('network-interface', (n) => [
    ...n.privateIpAddresses.map((p) => `${n.vpcId}|${p.privateIpAddress.toString()}`),
    ...n.ipv6Addresses.map((a) => `${n.vpcId}|${a.ipv6Address.toString()}`),
  ]),
  networkInterfaceByPublicIp: spec('network-interface', (n) =>
    n.privateIpAddresses.flatMap((p) => (p.association ? [p.association.publicIp.toString()] : [])),
  ),
  instancesBySubnet: spec('instance', (i) => [i.subnetId]),
  internetGatewaysByVpc: spec('internet-gateway', (g) => g.attachments.map((a) => a.vpcId)),
  egressOnlyInternetGatewaysByVpc: spec('egress-only-internet-gateway', (g) =>
    g.attachments.map((a) => a.vpcId),
  ),
  natGatewaysByVpc: spec('nat-gateway', (n) => [n.vpcId]),
  natGatewaysBySubnet: spec('nat-gateway', (n) => [n.subnetId]),
  elasticIpsByNetworkInterface: spec('elastic-ip', (e) =>
    e.networkInterfaceId ? [e.networkInterfaceId] : [],
  ),
  elasticIpByPublicIp: spec('elastic-ip', (e) => [e.publicIp.toString()]),
  prefixListByName: spec('prefix-list', (p) => [`${p.region}|${p.prefixListName}`]),
  peeringsByVpc: spec('vpc-peering-connection', (p) => [
    p.requesterVpcInfo.vpcId,
    p.accepterVpcInfo.vpcId,
  ]),
  vpcEndpointsByVpc: spec('vpc-endpoint', (e) => [e.vpcId]),
  vpcEndpointsByRouteTable: spec('vpc-endpoint', (e) => e.routeTableIds),
  vpcEndpointsBySecurityGroup: spec('vpc-endpoint', (e) => e.groups),
  vpcEndpointsBySubnet: spec('vpc-endpoint', (e) => e.subnetIds),
  /** The VPC's main route table, found under the VPC id (one per VPC). */
  mainRouteTableByVpc: spec('route-table', (t) =>
    t.associations.some((a) => a.main) ? [t.vpcId] : [],
  ),
  routeTableByAssociation: spec('route-table', (t) =>
    t.associations.map((a) => a.routeTableAssociationId),
  ),
  subnetByCidrAssociation: spec('subnet', (s) =>
    s.ipv6CidrBlockAssociationSet.map((a) => a.associationId),
  ),
  /** `vpcId|name` in lower case: VPC security group names are unique case-insensitively. */
  securityGroupByLowerName: spec('security-group', (g) => [
    `${g.vpcId}|${g.groupName.toLowerCase()}`,
  ]),
  /** `owner|region`, for the per-Region security group quota. */
  securityGroupsByOwnerRegion: spec('security-group', (g) => [`${g.ownerId}|${g.region}`]),
  /** The ACL holding a subnet association, by `aclassoc-` id. */
  networkAclByAssociation: spec('network-acl', (a) =>
    a.associations.map((x) => x.networkAclAssociationId),
  ),
  /** Both VPC ids of a peering, sorted and joined with `|`: AWS allows one live peering per pair. */
  peeringsByVpcPair: spec('vpc-peering-connection', (p) => [
    peeringPairKey(p.requesterVpcInfo.vpcId, p.accepterVpcInfo.vpcId),
  ]),
  /** DisassociateAddress finds the Elastic IP by its association id. */
  elasticIpByAssociationId: spec('elastic-ip', (e) => (e.associationId ? [e.associationId] : [])),
  /** DetachNetworkInterface finds the ENI by its attachment id. */
  networkInterfaceByAttachmentId: spec('network-interface', (n) =>
    n.attachment ? [n.attachment.attachmentId] : [],
  ),
  /** Transit gateways of an account in a Region (`owner|region`). */
  transitGatewaysByOwnerRegion: spec('transit-gateway', (g) => [`${g.ownerId}|${g.region}`]),
  /** Attachments of a transit gateway; a peering is found under both of its gateways. */
  tgwAttachmentsByGateway: spec('transit-gateway-attachment', attachmentGateways),
  tgwAttachmentsByVpc: spec('transit-gateway-attachment', (a) => (a.vpc ? [a.vpc.vpcId] : [])),
  tgwAttachmentsBySubnet: spec('transit-gateway-attachment', (a) => a.vpc?.subnetIds ?? []),
  tgwRouteTablesByGateway: spec('transit-gateway-route-table', (t) => [t.transitGatewayId]),
  /** `tgwId|attachmentId` for each association: an attachment has one table per gateway. */
  tgwRouteTableByAssociation: spec('transit-gateway-route-table', (t) =>
    t.associations.map((a) => tgwAssociationKey(t.transitGatewayId, a)),
  ),
  tgwRouteTablesByPropagation: spec('transit-gateway-route-table', (t) => t.propagations),
  /** Tables whose static routes or prefix-list references send to an attachment. */
  tgwRouteTablesByTargetAttachment: spec('transit-gateway-route-table', (t) => [
    ...t.routes.flatMap((r) =>
      r.transitGatewayAttachmentId ? [r.transitGatewayAttachmentId] : [],
    ),
    ...t.prefixListReferences.flatMap((r) =>
      r.transitGatewayAttachmentId ? [r.transitGatewayAttachmentId] : [],
    ),
  ]),
  tgwRouteTablesByPrefixList: spec('transit-gateway-route-table', (t) =>
    t.prefixListReferences.map((r) => r.prefixListId),
  ),
  // Elastic Load Balancing v2 and endpoint services: names are unique per account and Region.
  loadBalancerByName: spec('load-balancer', (l) => [
    `${l.ownerId}|${l.region}|${l.loadBalancerName.toLowerCase()}`,
  ]),
  loadBalancersByVpc: spec('load-balancer', (l) => [l.vpcId]),
  loadBalancerByNetworkInterface: spec('load-balancer', (l) =>
    l.availabilityZones.map((z) => z.networkInterfaceId),
  ),
  loadBalancerByDnsName: spec('load-balancer', (l) => [l.dnsName.toLowerCase()]),
  targetGroupByName: spec('target-group', (t) => [
    `${t.ownerId}|${t.region}|${t.targetGroupName.toLowerCase()}`,
  ]),
  targetGroupsByVpc: spec('target-group', (t) => [t.vpcId]),
  /** Target groups by registered target id (instance id, IP address or ALB ARN). */
  targetGroupsByTarget: spec('target-group', (t) => t.targets.map((x) => x.id)),
  listenersByLoadBalancer: spec('listener', (l) => [l.loadBalancerArn]),
  listenersByTargetGroup: spec('listener', (l) => listenerTargetGroups(l)),
  vpcEndpointServiceByName: spec('vpc-endpoint-service', (v) => [v.serviceName]),
  vpcEndpointServicesByLoadBalancer: spec('vpc-endpoint-service', (v) => [
    ...v.gatewayLoadBalancerArns,
    ...v.networkLoadBalancerArns,
  ]),
  vpcEndpointsByServiceName: spec('vpc-endpoint', (e) => [e.serviceName]),
  // Hybrid connectivity (VPN, Direct Connect, on-premises sites).
  /** The VPC a virtual private gateway is attached (or attaching) to. */
  vpnGatewaysByVpc: spec('vpn-gateway', (g) => {
    const vpcId = attachedVpcId(g);
    return vpcId ? [vpcId] : [];
  }),
  /** CreateCustomerGateway returns an existing gateway with the same address and ASN. */
  customerGatewaysByAddress: spec('customer-gateway', (g) => [
    `${g.ownerId}|${g.region}|${g.ipAddress.toString()}|${String(g.bgpAsn)}`,
  ]),
  vpnConnectionsByVpnGateway: spec('vpn-connection', (v) =>
    v.vpnGatewayId ? [v.vpnGatewayId] : [],
  ),
  vpnConnectionsByCustomerGateway: spec('vpn-connection', (v) => [v.customerGatewayId]),
  vpnConnectionsByTransitGateway: spec('vpn-connection', (v) =>
    v.transitGatewayId ? [v.transitGatewayId] : [],
  ),
  routeTablesByPropagatingVgw: spec('route-table', (t) => t.propagatingVgws),
  /** A virtual interface under the virtual private gateway or Direct Connect gateway it reaches. */
  virtualInterfacesByGateway: spec('virtual-interface', (v) =>
    [v.virtualGatewayId, v.directConnectGatewayId].filter((id): id is string => id !== undefined),
  ),
  /** A Direct Connect gateway under every gateway (VGW or TGW) associated with it. */
  directConnectGatewaysByAssociatedGateway: spec('direct-connect-gateway', (g) =>
    g.associations.map((a) => a.associatedGateway.id),
  ),
  onPremisesSiteByCustomerGateway: spec('on-premises-site', (o) => o.customerGatewayIds),
  onPremisesSiteByVirtualInterface: spec('on-premises-site', (o) => o.virtualInterfaceIds),
  /** `owner|name`: site names are unique per account. */
  onPremisesSiteByName: spec('on-premises-site', (o) => [`${o.ownerId}|${o.siteName}`]),
  // RAM: shares by the resources (ARNs) and principals (accounts) they associate.
  resourceSharesByResource: spec('resource-share', (r) =>
    r.associations
      .filter((a) => a.associationType === 'RESOURCE' && a.status === 'ASSOCIATED')
      .map((a) => a.associatedEntity),
  ),
  resourceSharesByPrincipal: spec('resource-share', (r) =>
    r.associations
      .filter((a) => a.associationType === 'PRINCIPAL' && a.status === 'ASSOCIATED')
      .map((a) => a.associatedEntity),
  ),
  // VPC IP Address Manager.
  /** `owner|region`: one IPAM per account and Region. */
  ipamsByOwnerRegion: spec('ipam', (i) => [`${i.ownerId}|${i.region}`]),
  ipamScopesByIpam: spec('ipam-scope', (x) => [x.ipamId]),
  ipamPoolsByScope: spec('ipam-pool', (p) => [p.ipamScopeId]),
  ipamPoolsBySource: spec('ipam-pool', (p) => (p.sourceIpamPoolId ? [p.sourceIpamPoolId] : [])),
  ipamAllocationsByPool: spec('ipam-pool-allocation', (a) => [a.ipamPoolId]),
  /** Allocations held by a resource (a VPC's blocks, a child pool's CIDRs). */
  ipamAllocationsByResource: spec('ipam-pool-allocation', (a) =>
    a.resourceId ? [a.resourceId] : [],
  ),
} as const;

export type IndexName = keyof typeof INDEXES;
/** The kind of resource an index returns. */
export type IndexKind<N extends IndexName> = (typeof INDEXES)[N]['kind'];
