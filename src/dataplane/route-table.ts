import { PrefixTrie, type Cidr, type Ip } from '../net/index.js';
import { routeTarget, type Route, type RouteTable } from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import type {
  NodeBase,
  PrefixListNode,
  RouteEntry,
  RouteRank,
  RouteTableNode,
  RouteTarget,
} from './graph.js';
import { NEVER_ROUTED, inAny } from './packet.js';

/**
 * The route-table function: longest prefix first; on equal prefixes static routes beat
 * prefix-list routes, which beat propagated routes; IPv4 and IPv6 are separate tables.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */

/**
 * A route's state, derived from its target as AWS shows it: `blackhole` when the target is
 * gone or not usable (a detached or deleted gateway, a deleted NAT gateway, a peering that
 * is not active, a deleted ENI or an instance that is not running).
 */
export function routeState(s: Snapshot, vpcId: string, route: Route): 'active' | 'blackhole' {
  const { field, id } = routeTarget(route);
  const ok = (b: boolean | undefined): 'active' | 'blackhole' => (b ? 'active' : 'blackhole');
  switch (field) {
    case 'gatewayId':
      if (id === 'local') return 'active';
      if (id.startsWith('igw-')) {
        return ok(s.get('internet-gateway', id)?.attachments.some((a) => a.vpcId === vpcId));
      }
      if (id.startsWith('vpce-')) return ok(s.get('vpc-endpoint', id) !== undefined);
      return 'active'; // virtual private gateways are not modelled yet
    case 'egressOnlyInternetGatewayId':
      return ok(
        s.get('egress-only-internet-gateway', id)?.attachments.some((a) => a.vpcId === vpcId),
      );
    case 'natGatewayId':
      return ok(s.get('nat-gateway', id)?.state === 'available');
    case 'networkInterfaceId': {
      const eni = s.get('network-interface', id);
      if (!eni) return 'blackhole';
      const instance = eni.attachment && s.get('instance', eni.attachment.instanceId);
      return ok(!eni.attachment || instance?.state === 'running');
    }
    case 'instanceId':
      return ok(s.get('instance', id)?.state === 'running');
    case 'vpcPeeringConnectionId':
      return ok(s.get('vpc-peering-connection', id)?.status.code === 'active');
    case 'vpcEndpointId':
      return ok(s.get('vpc-endpoint', id) !== undefined);
    case 'transitGatewayId':
      return 'active'; // transit gateways are not modelled yet
    default:
      return 'blackhole'; // local gateways, carrier gateways, core networks: not modelled
  }
}

/** The graph node a route leads to. */
export function resolveTarget(s: Snapshot, route: Route): RouteTarget {
  const { field, id } = routeTarget(route);
  switch (field) {
    case 'gatewayId':
      if (id === 'local') return { kind: 'local' };
      if (id.startsWith('igw-')) return { kind: 'internet-gateway', id };
      if (id.startsWith('vpce-')) return endpointTarget(s, field, id);
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
  // Gateway Load Balancer endpoints need the GWLB and its appliances: not modelled yet.
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
  t.routes.forEach((route, order) => {
    const rank = routeRank(route);
    const target = resolveTarget(s, route);
    const state = routeState(s, t.vpcId, route);
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
  if (inAny(NEVER_ROUTED, dst)) return undefined;
  return (dst.family === 4 ? table.v4 : table.v6).lpm(dst)?.value;
}
