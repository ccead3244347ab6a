import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** A VPC endpoint (EC2 `VpcEndpoint`): gateway (S3/DynamoDB), interface or GWLB. */
export interface VpcEndpoint extends ResourceBase<'vpc-endpoint', Id<'vpc-endpoint'>> {
  readonly vpcEndpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  readonly vpcId: Id<'vpc'>;
  readonly serviceName: string;
  readonly state: 'available';
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
