import { PrefixTrie, type Cidr, type Ip } from '../net/index.js';
import {
  RESERVED_DESTINATIONS,
  routeState,
  routeTarget,
  type Route,
  type RouteTable,
} from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { tableRoutes } from '../model/vgw-route-propagation.js';
import type {
  NodeBase,
  PrefixListNode,
  RouteEntry,
  RouteRank,
  RouteTableNode,
  RouteTarget,
} from './graph.js';
import { inAny } from './packet.js';

/**
 * The route-table function: longest prefix first; on equal prefixes static routes beat
 * prefix-list routes, which beat propagated routes; IPv4 and IPv6 are separate tables.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */

/** The graph node a route leads to. */
export function resolveTarget(s: Snapshot, route: Route): RouteTarget {
  const { field, id } = routeTarget(route);
  switch (field) {
    case 'gatewayId':
      if (id === 'local') return { kind: 'local' };
      if (id.startsWith('igw-')) return { kind: 'internet-gateway', id };
      if (id.startsWith('vpce-')) return endpointTarget(s, field, id);
      if (id.startsWith('vgw-')) return { kind: 'vpn-gateway', id };
      return { kind: 'unsupported', field, id };
    case 'egressOnlyInternetGatewayId':
      return { kind: 'egress-only-internet-gateway', id };
    case 'natGatewayId':
      return { kind: 'nat-gateway', id };
    case 'networkInterfaceId':
      return { kind: 'network-interface', id };
    case 'instanceId':
      return { kind: 'instance', id };
    case 'vpcPeeringConnectionId':
      return { kind: 'vpc-peering-connection', id };
    case 'vpcEndpointId':
      return endpointTarget(s, field, id);
    case 'transitGatewayId':
      return { kind: 'transit-gateway', id };
    default:
      return { kind: 'unsupported', field, id };
  }
}

function endpointTarget(
  s: Snapshot,
  field: 'gatewayId' | 'vpcEndpointId',
  id: string,
): RouteTarget {
  const type = s.get('vpc-endpoint', id)?.vpcEndpointType;
  if (type === 'GatewayLoadBalancer') return { kind: 'gateway-load-balancer-endpoint', id };
  return type === undefined || type === 'Gateway'
    ? { kind: 'gateway-endpoint', id }
    : { kind: 'unsupported', field, id };
}

/** The priority class of a route on equal prefixes. */
export function routeRank(route: Route): RouteRank {
  if (route.origin === 'EnableVgwRoutePropagation') return 2;
  return route.destinationPrefixListId !== undefined ? 1 : 0;
}

/**
 * Whether a beats b on the same prefix: lower rank; between two prefix lists the lowest
 * prefix-list id (AWS picks one at random and sticks to it; we pick deterministically);
 * then the earlier route of the table.
 */
export function routeBeats(a: RouteEntry, b: RouteEntry): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  const pa = a.prefixListId ?? '';
  const pb = b.prefixListId ?? '';
  if (pa !== pb) return pa < pb;
  return a.order < b.order;
}

/** Compiles a table: prefix-list routes expanded per entry, one winner per prefix in the trie. */
export function compileRouteTable(
  s: Snapshot,
  t: RouteTable,
  base: NodeBase,
  prefixList: (id: string) => PrefixListNode | undefined,
): RouteTableNode {
  const node: RouteTableNode = {
    id: base.id,
    name: base.name,
    region: base.region,
    ownerId: base.ownerId,
    kind: 'route-table',
    vpcId: t.vpcId,
    v4: new PrefixTrie<RouteEntry>(4),
    v6: new PrefixTrie<RouteEntry>(6),
    entries: [],
  };
  const entries = node.entries as RouteEntry[];
  // Propagated routes are derived, not stored (D40): read the table as AWS shows it.
  tableRoutes(s, t).forEach((route, order) => {
    const rank = routeRank(route);
    const target = resolveTarget(s, route);
    const state = routeState(s, route, t);
    const plId = route.destinationPrefixListId;
    const destinations: readonly Cidr[] =
      plId !== undefined
        ? (prefixList(plId)?.cidrs ?? [])
        : [route.destinationCidrBlock ?? route.destinationIpv6CidrBlock].filter(
            (c): c is Cidr => c !== undefined,
          );
    for (const destination of destinations) {
      const entry: RouteEntry = {
        destination,
        prefixListId: plId,
        rank,
        target,
        state,
        route,
        order,
      };
      entries.push(entry);
      const trie = destination.family === 4 ? node.v4 : node.v6;
      const current = trie.get(destination);
      if (current === undefined || routeBeats(entry, current)) trie.set(destination, entry);
    }
  });
  return node;
}

/**
 * The route a table uses for a destination, or undefined when none applies. Destinations in
 * AWS's reserved link-local service blocks are never forwarded, whatever routes cover them.
 */
export function lookupRoute(table: RouteTableNode, dst: Ip): RouteEntry | undefined {
  if (inAny(RESERVED_DESTINATIONS, dst)) return undefined;
  return (dst.family === 4 ? table.v4 : table.v6).lpm(dst)?.value;
}
