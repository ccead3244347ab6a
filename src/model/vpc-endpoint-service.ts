import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/**
 * VPC endpoint services (EC2 `ServiceConfiguration`): a Gateway Load Balancer or Network Load
 * Balancer offered through PrivateLink. Consumers reach it with GWLB endpoints or interface
 * endpoints named by `serviceName` (https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html).
 */
export interface VpcEndpointService extends ResourceBase<
  'vpc-endpoint-service',
  Id<'vpc-endpoint-service'>
> {
  readonly serviceName: string;
  readonly serviceType: 'GatewayLoadBalancer' | 'Interface';
  readonly serviceState: 'Available';
  readonly acceptanceRequired: boolean;
  readonly managesVpcEndpoints: false;
  readonly gatewayLoadBalancerArns: readonly string[];
  readonly networkLoadBalancerArns: readonly string[];
  /** Principals (IAM ARNs, or `*`) allowed to connect besides the owner. */
  readonly allowedPrincipals: readonly string[];
  readonly supportedIpAddressTypes: readonly ('ipv4' | 'ipv6')[];
}

/** The service name consumers use: `com.amazonaws.vpce.<region>.vpce-svc-…`. */
export const endpointServiceName = (region: string, id: string): string =>
  `com.amazonaws.vpce.${region}.${id}`;

/** Whether an account may connect to a service: its owner, or an allowed principal. */
export function mayConnect(service: VpcEndpointService, account: string): boolean {
  if (service.ownerId === account) return true;
  return service.allowedPrincipals.some(
    (p) => p === '*' || p === account || p.startsWith(`arn:aws:iam::${account}:`),
  );
}
