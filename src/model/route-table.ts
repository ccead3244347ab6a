import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/**
 * A route (EC2 `Route`). AWS's shape: exactly one destination field and exactly one target
 * field is set. `gatewayId` holds `local`, an internet gateway, a virtual private gateway or —
 * for routes a gateway endpoint adds — the `vpce-` id. The route's state (active/blackhole) is
 * derived from its target when it is read, so it can never go stale.
 */
export interface Route {
  readonly destinationCidrBlock?: Cidr;
  readonly destinationIpv6CidrBlock?: Cidr;
  readonly destinationPrefixListId?: Id<'prefix-list'>;
  readonly gatewayId?: string;
  readonly egressOnlyInternetGatewayId?: Id<'egress-only-internet-gateway'>;
  readonly natGatewayId?: Id<'nat-gateway'>;
  readonly networkInterfaceId?: Id<'network-interface'>;
  readonly instanceId?: Id<'instance'>;
  readonly vpcPeeringConnectionId?: Id<'vpc-peering-connection'>;
  readonly transitGatewayId?: string;
  readonly vpcEndpointId?: Id<'vpc-endpoint'>;
  readonly localGatewayId?: string;
  readonly carrierGatewayId?: string;
  readonly coreNetworkArn?: string;
  readonly origin: 'CreateRouteTable' | 'CreateRoute' | 'EnableVgwRoutePropagation';
}

/** The route target fields, in AWS's order; exactly one is set on a route. */
export const ROUTE_TARGET_FIELDS = [
  'gatewayId',
  'egressOnlyInternetGatewayId',
  'natGatewayId',
  'networkInterfaceId',
  'instanceId',
  'vpcPeeringConnectionId',
  'transitGatewayId',
  'vpcEndpointId',
  'localGatewayId',
  'carrierGatewayId',
  'coreNetworkArn',
] as const;

export type RouteTargetField = (typeof ROUTE_TARGET_FIELDS)[number];

/** The target of a route as (field, id). */
export function routeTarget(route: Route): { field: RouteTargetField; id: string } {
  for (const field of ROUTE_TARGET_FIELDS) {
    const id = route[field];
    if (id !== undefined) return { field, id };
  }
  throw new Error('route without a target');
}

/** The destination of a route: a CIDR or a prefix-list id. */
export function routeDestination(route: Route): Cidr | Id<'prefix-list'> {
  const d = route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId;
  if (d === undefined) throw new Error('route without a destination');
  return d;
}

/** A route table association: main, a subnet, or a gateway (edge association). */
export interface RouteTableAssociation {
  readonly routeTableAssociationId: Id<'route-table-association'>;
  readonly main: boolean;
  readonly subnetId?: Id<'subnet'>;
  readonly gatewayId?: string;
}

/** A route table (EC2 `RouteTable`). */
export interface RouteTable extends ResourceBase<'route-table', Id<'route-table'>> {
  readonly vpcId: Id<'vpc'>;
  readonly routes: readonly Route[];
  readonly associations: readonly RouteTableAssociation[];
  readonly propagatingVgws: readonly string[];
}
