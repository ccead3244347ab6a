import { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';
import { vpcAttachmentBetween } from './transit-gateway.js';

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
  const d =
    route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId;
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

/**
 * The blocks AWS keeps for its own services (IMDS, DNS, NTP): no route may go to them or inside
 * them, and the VPC router never forwards to them, whatever larger route covers them
 * (https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html).
 */
export const RESERVED_DESTINATIONS: readonly Cidr[] = ['169.254.168.0/22', 'fd00:ec2::/32'].map(
  (c) => Cidr.parse(c) as Cidr,
);

/** True for a VPC block's local route, whether or not its target was replaced. */
export const isLocalRoute = (r: Route): boolean => r.origin === 'CreateRouteTable';

/** True for a route a gateway endpoint owns (prefix-list destination, `vpce-` gateway). */
export const isGatewayEndpointRoute = (r: Route): boolean =>
  r.gatewayId?.startsWith('vpce-') ?? false;

/** True for the VPC's main route table. */
export const isMainRouteTable = (t: RouteTable): boolean => t.associations.some((a) => a.main);

/** True for a route table associated with an internet or virtual private gateway. */
export const isGatewayRouteTable = (t: RouteTable): boolean =>
  t.associations.some((a) => a.gatewayId !== undefined);

/** The VPC's main route table. */
export function mainRouteTableOf(s: Snapshot, vpcId: string): RouteTable | undefined {
  return s.find('mainRouteTableByVpc', vpcId)[0];
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
export function subnetRouteTable(s: Snapshot, subnetId: string): RouteTable | undefined {
  const explicit = s.find('routeTableBySubnet', subnetId)[0];
  if (explicit) return explicit;
  const subnet = s.get('subnet', subnetId);
  return subnet ? mainRouteTableOf(s, subnet.vpcId) : undefined;
}

export type RouteState = 'active' | 'blackhole';

/**
 * A route's state, derived from its target as AWS shows it: `blackhole` when the target is gone
 * or unusable (gateway deleted or detached from the table's VPC, NAT gateway deleted, ENI gone,
 * instance not running, peering not active). Pass the route's table so gateway attachments are
 * checked against its VPC; without it, any attachment counts.
 */
export function routeState(
  s: Snapshot,
  route: Route,
  table?: Pick<RouteTable, 'vpcId'>,
): RouteState {
  const attached = (atts: readonly { vpcId: string }[]) =>
    atts.some((a) => table === undefined || a.vpcId === table.vpcId);
  const state = (up: boolean): RouteState => (up ? 'active' : 'blackhole');
  const gw = route.gatewayId;
  if (gw !== undefined) {
    if (gw === 'local') return 'active';
    if (gw.startsWith('igw-')) {
      const igw = s.get('internet-gateway', gw);
      return state(igw !== undefined && attached(igw.attachments));
    }
    if (gw.startsWith('vpce-')) return state(s.get('vpc-endpoint', gw) !== undefined);
    if (gw.startsWith('vgw-')) {
      const vgw = s.get('vpn-gateway', gw);
      return state(
        vgw !== undefined &&
          vgw.state === 'available' &&
          vgw.vpcAttachments.some(
            (a) => a.state === 'attached' && (table === undefined || a.vpcId === table.vpcId),
          ),
      );
    }
    return 'blackhole';
  }
  if (route.egressOnlyInternetGatewayId !== undefined) {
    const eigw = s.get('egress-only-internet-gateway', route.egressOnlyInternetGatewayId);
    return state(eigw !== undefined && attached(eigw.attachments));
  }
  if (route.natGatewayId !== undefined) {
    const nat = s.get('nat-gateway', route.natGatewayId);
    return state(nat !== undefined && nat.state !== 'deleted');
  }
  // An instance route also records the instance's ENI (as AWS does): both must be usable.
  if (route.instanceId !== undefined) {
    const instance = s.get('instance', route.instanceId);
    if (!instance || instance.state !== 'running') return 'blackhole';
  }
  if (route.networkInterfaceId !== undefined) {
    const eni = s.get('network-interface', route.networkInterfaceId);
    if (!eni) return 'blackhole';
    // A detached ENI still receives; an attached one only while its instance runs.
    const owner = eni.attachment && s.get('instance', eni.attachment.instanceId);
    return state(!eni.attachment || owner?.state === 'running');
  }
  if (route.instanceId !== undefined) return 'active';
  if (route.vpcPeeringConnectionId !== undefined) {
    const pcx = s.get('vpc-peering-connection', route.vpcPeeringConnectionId);
    return state(pcx?.status.code === 'active');
  }
  if (route.vpcEndpointId !== undefined) {
    return state(s.get('vpc-endpoint', route.vpcEndpointId) !== undefined);
  }
  // A transit gateway route works while the table's VPC has an available attachment to it.
  if (route.transitGatewayId !== undefined) {
    if (table === undefined)
      return state(s.get('transit-gateway', route.transitGatewayId)?.state === 'available');
    return state(
      vpcAttachmentBetween(s, table.vpcId, route.transitGatewayId)?.state === 'available',
    );
  }
  // Local gateways, carrier gateways and core networks are not modelled.
  return 'blackhole';
}
