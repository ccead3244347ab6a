import { type Cidr, HeaderSpace, RangeSet } from '../../net/index.js';
import { RESERVED_DESTINATIONS } from '../../model/route-table.js';
import type { RouteEntry, RouteTableNode, RouteTarget } from '../../dataplane/graph.js';

/**
 * A route table as header spaces: each winning route (one per prefix, chosen by the dataplane's
 * compile) takes the destinations its prefix covers that no longer prefix covers; AWS's
 * reserved service blocks are never forwarded (lookupRoute's rule), so they stay unrouted.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */
export interface RouteShare {
  readonly entry: RouteEntry;
  readonly space: HeaderSpace;
}

export interface RoutePartition {
  /** Each winning route with a non-empty share, IPv4 then IPv6, in address order. */
  readonly shares: readonly RouteShare[];
  /** Headers no route forwards (no covering route, or a reserved destination). */
  readonly unrouted: HeaderSpace;
}

/** Splits both families' destinations among a table's routes by longest prefix. */
export function routeTablePartition(table: RouteTableNode): RoutePartition {
  const shares: RouteShare[] = [];
  const covered: Cidr[] = [];
  for (const trie of [table.v4, table.v6]) {
    const entries = [...trie.entries()].map((e) => e.value);
    entries.sort((a, b) => a.destination.compare(b.destination));
    entries.forEach((entry, i) => {
      const d = entry.destination;
      // Sorted by base then length, the prefixes inside d follow it contiguously.
      const inside: Cidr[] = [...RESERVED_DESTINATIONS];
      for (let j = i + 1; j < entries.length && entries[j]!.destination.base <= d.end; j++) {
        inside.push(entries[j]!.destination);
      }
      const space = HeaderSpace.all()
        .restrictAddress('destination', [d])
        .excludeAddress('destination', inside);
      covered.push(d);
      if (!space.isEmpty()) shares.push({ entry, space });
    });
  }
  // Unrouted: outside every prefix, or reserved. Computed on address sets, not by a union of
  // the shares, which would cost a subtraction per pair of routes.
  const routed = (f: 4 | 6) =>
    RangeSet.fromCidrs(
      f,
      covered.filter((c) => c.family === f),
    ).difference(
      RangeSet.fromCidrs(
        f,
        RESERVED_DESTINATIONS.filter((c) => c.family === f),
      ),
    );
  return {
    shares,
    unrouted: HeaderSpace.all().excludeAddress('destination', { v4: routed(4), v6: routed(6) }),
  };
}

/** A stable key for a route target (and whether the route is a blackhole). */
export function routeTargetKey(entry: RouteEntry): string {
  const t: RouteTarget = entry.target;
  const id = t.kind === 'local' ? 'local' : t.id;
  return `${entry.state}:${t.kind}:${id}`;
}

/** The partition grouped by target: one space per (state, target), in first-share order. */
export function sharesByTarget(
  p: RoutePartition,
): Map<string, { entry: RouteEntry; space: HeaderSpace }> {
  const out = new Map<string, { entry: RouteEntry; space: HeaderSpace }>();
  for (const s of p.shares) {
    const key = routeTargetKey(s.entry);
    const prev = out.get(key);
    out.set(key, prev ? { entry: prev.entry, space: prev.space.union(s.space) } : s);
  }
  return out;
}
