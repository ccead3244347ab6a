import type { Cidr } from '../net/index.js';
import { gatewayServiceOf, managedPrefixList } from './aws-services.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** A VPC endpoint (EC2 `VpcEndpoint`): gateway (S3/DynamoDB), interface or GWLB. */
export interface VpcEndpoint extends ResourceBase<'vpc-endpoint', Id<'vpc-endpoint'>> {
  readonly vpcEndpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  readonly vpcId: Id<'vpc'>;
  readonly serviceName: string;
  /** `pendingAcceptance` while an endpoint service that requires acceptance has not accepted it. */
  readonly state: 'available' | 'pendingAcceptance' | 'rejected';
  /** Gateway endpoints: the route tables that carry its prefix-list route. */
  readonly routeTableIds: readonly Id<'route-table'>[];
  /** Interface/GWLB endpoints: one subnet per AZ, one ENI per subnet. */
  readonly subnetIds: readonly Id<'subnet'>[];
  readonly networkInterfaceIds: readonly Id<'network-interface'>[];
  readonly groups: readonly Id<'security-group'>[];
  readonly privateDnsEnabled: boolean;
  readonly policyDocument?: string;
  readonly creationTimestamp: string;
}

/**
 * The AWS-managed prefix list of a gateway endpoint's service (S3, DynamoDB) with its built-in
 * ranges; undefined for interface and GWLB endpoints and for unknown services.
 */
export function gatewayEndpointManagedList(
  endpoint: Pick<VpcEndpoint, 'vpcEndpointType' | 'serviceName' | 'region'>,
):
  | { readonly id: Id<'prefix-list'>; readonly name: string; readonly cidrs: readonly Cidr[] }
  | undefined {
  if (endpoint.vpcEndpointType !== 'Gateway') return undefined;
  const service = gatewayServiceOf(endpoint.serviceName, endpoint.region);
  if (!service) return undefined;
  const list = managedPrefixList(endpoint.region, service);
  return { ...list, id: list.id as Id<'prefix-list'> };
}

/** The AWS-managed prefix list a gateway endpoint routes to, if it is a gateway endpoint. */
export function gatewayEndpointPrefixList(
  endpoint: Pick<VpcEndpoint, 'vpcEndpointType' | 'serviceName' | 'region'>,
): Id<'prefix-list'> | undefined {
  return gatewayEndpointManagedList(endpoint)?.id;
}
