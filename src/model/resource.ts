import type { Account } from './account.js';
import type { ElasticIp } from './elastic-ip.js';
import { idFamily } from './ids.js';
import type { EgressOnlyInternetGateway, InternetGateway } from './internet-gateway.js';
import type { Instance } from './instance.js';
import type { NatGateway } from './nat-gateway.js';
import type { NetworkAcl } from './network-acl.js';
import type { NetworkInsightsAnalysis, NetworkInsightsPath } from './network-insights.js';
import type { NetworkInterface } from './network-interface.js';
import type { PrefixList } from './prefix-list.js';
import type { RouteTable } from './route-table.js';
import type { SecurityGroup } from './security-group.js';
import type { Subnet } from './subnet.js';
import type {
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
} from './transit-gateway.js';
import type { Vpc } from './vpc.js';
import type { CustomerGateway } from './customer-gateway.js';
import type { DirectConnectGateway } from './direct-connect-gateway.js';
import type { OnPremisesSite } from './on-premises-site.js';
import type { VirtualInterface } from './virtual-interface.js';
import type { VpnConnection } from './vpn-connection.js';
import type { VpnGateway } from './vpn-gateway.js';
import type { Listener } from './listener.js';
import type { LoadBalancer } from './load-balancer.js';
import type { TargetGroup } from './target-group.js';
import type { VpcEndpointService } from './vpc-endpoint-service.js';
import type { ResourceShare } from './resource-share.js';
import type { VpcEndpoint } from './vpc-endpoint.js';
import type { VpcPeeringConnection } from './vpc-peering.js';
import type { Ipam, IpamPool, IpamPoolAllocation, IpamScope } from './ipam.js';
import type {
  NetworkInsightsAccessScope,
  NetworkInsightsAccessScopeAnalysis,
} from './network-insights-access-scope.js';

/** Every stored resource, keyed by its kind. */
export interface ResourceByKind {
  account: Account;
  vpc: Vpc;
  subnet: Subnet;
  'route-table': RouteTable;
  'internet-gateway': InternetGateway;
  'egress-only-internet-gateway': EgressOnlyInternetGateway;
  'nat-gateway': NatGateway;
  'elastic-ip': ElasticIp;
  'network-interface': NetworkInterface;
  instance: Instance;
  'security-group': SecurityGroup;
  'network-acl': NetworkAcl;
  'prefix-list': PrefixList;
  'vpc-peering-connection': VpcPeeringConnection;
  'vpc-endpoint': VpcEndpoint;
  'network-insights-path': NetworkInsightsPath;
  'network-insights-analysis': NetworkInsightsAnalysis;
  'customer-gateway': CustomerGateway;
  'vpn-gateway': VpnGateway;
  'vpn-connection': VpnConnection;
  'direct-connect-gateway': DirectConnectGateway;
  'virtual-interface': VirtualInterface;
  'on-premises-site': OnPremisesSite;
  'transit-gateway': TransitGateway;
  'transit-gateway-attachment': TransitGatewayAttachment;
  'transit-gateway-route-table': TransitGatewayRouteTable;
  'load-balancer': LoadBalancer;
  'target-group': TargetGroup;
  listener: Listener;
  'vpc-endpoint-service': VpcEndpointService;
  'resource-share': ResourceShare;
  ipam: Ipam;
  'ipam-scope': IpamScope;
  'ipam-pool': IpamPool;
  'ipam-pool-allocation': IpamPoolAllocation;
  // Network Access Analyzer: scopes, and analyses naming their scope.
  'network-insights-access-scope': NetworkInsightsAccessScope;
  'network-insights-access-scope-analysis': NetworkInsightsAccessScopeAnalysis;
}

export type Kind = keyof ResourceByKind;
export type Resource = ResourceByKind[Kind];

/** Kinds in dependency order: a kind only refers to kinds before it (used for export and load). */
export const KINDS: readonly Kind[] = [
  'account',
  'prefix-list',
  'vpc',
  'subnet',
  'internet-gateway',
  'egress-only-internet-gateway',
  'security-group',
  'network-acl',
  'route-table',
  'instance',
  'network-interface',
  'elastic-ip',
  'nat-gateway',
  'vpc-peering-connection',
  // Load balancers own node ENIs; listeners name both; endpoint services name load balancers,
  // and GWLB and interface endpoints (below) name endpoint services.
  'load-balancer',
  'target-group',
  'listener',
  'vpc-endpoint-service',
  'vpc-endpoint',
  // Hybrid connectivity: VPN connections name customer and virtual private gateways; virtual
  // interfaces name gateways; an on-premises site names the customer gateways and virtual
  // interfaces it sits behind.
  'customer-gateway',
  'vpn-gateway',
  'vpn-connection',
  'direct-connect-gateway',
  'virtual-interface',
  'on-premises-site',
  // Transit gateways: attachments name VPCs, subnets and gateways; route tables name attachments.
  'transit-gateway',
  'transit-gateway-attachment',
  'transit-gateway-route-table',
  // RAM shares name resources of the kinds above (transit gateways, subnets, prefix lists).
  'resource-share',
  // Reachability Analyzer paths name the resources above; analyses name their path.
  'network-insights-path',
  'network-insights-analysis',
  // IPAM: scopes name their IPAM, pools their scope and source pool, allocations their pool and
  // the resource (a VPC) holding them.
  'ipam',
  'ipam-scope',
  'ipam-pool',
  'ipam-pool-allocation',
  // Network Access Analyzer: analyses name their scope.
  'network-insights-access-scope',
  'network-insights-access-scope-analysis',
];

/** The kind of resource an id names, from its prefix (`subnet-…` → `subnet`), if it names one. */
export function kindOfId(id: string): Exclude<Kind, 'account'> | undefined {
  const family = idFamily(id);
  return KINDS.find((k): k is Exclude<Kind, 'account'> => k !== 'account' && k === family);
}

/** The VPC a resource belongs to or is attached to, if it has one. */
export function vpcIdOf(r: Resource): string | undefined {
  if ('vpcId' in r) return r.vpcId;
  if ('attachments' in r) return r.attachments[0]?.vpcId;
  return undefined;
}
