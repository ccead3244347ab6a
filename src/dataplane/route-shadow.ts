import type { RouteEntry, RouteTableNode, RouteTarget } from './graph.js';
import { routeBeats } from './route-table.js';
import type { TgwRouteEntry, TgwRouteTableNode } from './transit-gateway-graph.js';

/**
 * Route shadowing (D76): the route a table would have used for a packet had the route it did
 * use not been there — the next longest prefix, or on the same prefix the next in priority —
 * when that route is active and leads somewhere else. Reachability Analyzer names such a route
 * with MORE_SPECIFIC_ROUTE / HIGHER_PRIORITY_ROUTE (their TGW_RTB_ forms in transit gateway
 * tables): the path took another route than that one.
 */

/** A shadowed route and why it lost: to a longer prefix, or to a higher priority on its own. */
export type Shadowed<E> = { readonly route: E; readonly by: 'more-specific' | 'higher-priority' };

const targetKey = (t: RouteTarget): string => ('id' in t ? `${t.kind}|${t.id}` : t.kind);

/**
 * The route of a VPC route table that `used` shadows, if any. Local routes take no part: a local
 * winner shadows nothing the user meant (a less specific route never leads to the VPC's own
 * addresses), and a route more specific than the local one is how AWS inserts a middlebox —
 * deliberate, so the local route it hides is not the one the user expected.
 */
export function shadowedVpcRoute(
  table: RouteTableNode,
  used: RouteEntry,
): Shadowed<RouteEntry> | undefined {
  if (used.target.kind === 'local') return undefined;
  let next: RouteEntry | undefined;
  for (const e of table.entries) {
    if (e === used || e.destination.family !== used.destination.family) continue;
    if (!e.destination.containsCidr(used.destination)) continue;
    if (!next || better(e, next)) next = e;
  }
  if (
    !next ||
    next.state !== 'active' ||
    next.target.kind === 'local' ||
    targetKey(next.target) === targetKey(used.target)
  ) {
    return undefined;
  }
  return { route: next, by: by(next.destination.prefix, used.destination.prefix) };
}

/** Longer prefix first, then the table's priority on one prefix. */
const better = (a: RouteEntry, b: RouteEntry): boolean =>
  a.destination.prefix !== b.destination.prefix
    ? a.destination.prefix > b.destination.prefix
    : routeBeats(a, b);

const by = (next: number, used: number): Shadowed<unknown>['by'] =>
  next === used ? 'higher-priority' : 'more-specific';

/**
 * The route of a transit gateway route table that `used` shadows, if any: among the table's
 * candidates (the hidden ones included), the best after `used` and its equal (ECMP) routes.
 */
export function shadowedTgwRoute(
  table: TgwRouteTableNode,
  used: TgwRouteEntry,
): Shadowed<TgwRouteEntry> | undefined {
  const u = used.route;
  let next: TgwRouteEntry | undefined;
  for (const e of table.candidates) {
    const r = e.route;
    if (e === used || r.destination.family !== u.destination.family) continue;
    if (!r.destination.containsCidr(u.destination)) continue;
    // Equal routes (same prefix and rank) are ECMP partners of the one used, not shadowed.
    if (r.destination.prefix === u.destination.prefix && r.rank === u.rank) continue;
    const n = next?.route;
    if (
      !n ||
      r.destination.prefix > n.destination.prefix ||
      (r.destination.prefix === n.destination.prefix && r.rank < n.rank)
    ) {
      next = e;
    }
  }
  const n = next?.route;
  if (!next || !n || n.state !== 'active' || n.attachmentId === u.attachmentId) return undefined;
  return { route: next, by: by(n.destination.prefix, u.destination.prefix) };
}
