import type { Cidr } from '../net/index.js';
import type { Snapshot } from './snapshot.js';
import {
  tgwRoutes,
  type TgwAttachmentResourceType,
  type TgwRoute,
  type TgwRouteType,
  type TransitGatewayRouteTable,
} from './transit-gateway.js';

/**
 * SearchTransitGatewayRoutes as a model function: the routes a table shows (a static route
 * hides a propagated one of the same prefix), narrowed by AWS's filters. Every filter given must
 * hold; a list filter holds when any of its values does. Parsing the wire filters is the API's
 * job; this takes them typed.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SearchTransitGatewayRoutes.html
 */
export interface TgwRouteSearch {
  /** `attachment.transit-gateway-attachment-id` */
  readonly attachmentIds?: readonly string[];
  /** `attachment.resource-id` */
  readonly resourceIds?: readonly string[];
  /** `attachment.resource-type` */
  readonly resourceTypes?: readonly TgwAttachmentResourceType[];
  /** `prefix-list-id` */
  readonly prefixListIds?: readonly string[];
  /** `state` */
  readonly states?: readonly ('active' | 'blackhole')[];
  /** `type` */
  readonly types?: readonly TgwRouteType[];
  /** `route-search.exact-match`: the route's destination is one of these. */
  readonly exactMatch?: readonly Cidr[];
  /** `route-search.longest-prefix-match`: the most specific routes containing each CIDR. */
  readonly longestPrefixMatch?: readonly Cidr[];
  /** `route-search.subnet-of-match`: destinations inside one of these (equal included). */
  readonly subnetOfMatch?: readonly Cidr[];
  /** `route-search.supernet-of-match`: destinations containing one of these (equal included). */
  readonly supernetOfMatch?: readonly Cidr[];
}

/** The result of a search: the routes (AWS caps a page at `maxResults`) and whether more exist. */
export interface TgwRouteSearchResult {
  readonly routes: TgwRoute[];
  readonly additionalRoutesAvailable: boolean;
}

const within = <T>(values: readonly T[] | undefined, v: T | undefined): boolean =>
  values === undefined || (v !== undefined && values.includes(v));

/** Searches a table's routes; `maxResults` defaults to AWS's 1,000. */
export function searchTgwRoutes(
  s: Snapshot,
  t: TransitGatewayRouteTable,
  f: TgwRouteSearch,
  maxResults = 1000,
): TgwRouteSearchResult {
  const routes = tgwRoutes(s, t);
  const longest = new Set<TgwRoute>();
  for (const c of f.longestPrefixMatch ?? []) {
    const covering = routes.filter(
      (r) => r.destination.family === c.family && r.destination.containsCidr(c),
    );
    const best = Math.max(-1, ...covering.map((r) => r.destination.prefix));
    for (const r of covering) if (r.destination.prefix === best) longest.add(r);
  }
  const matched = routes.filter(
    (r) =>
      within(f.attachmentIds, r.attachmentId) &&
      within(f.resourceIds, r.resourceId) &&
      within(f.resourceTypes, r.resourceType) &&
      within(f.prefixListIds, r.prefixListId) &&
      within(f.states, r.state) &&
      within(f.types, r.type) &&
      (f.exactMatch === undefined || f.exactMatch.some((c) => c.equals(r.destination))) &&
      (f.longestPrefixMatch === undefined || longest.has(r)) &&
      (f.subnetOfMatch === undefined ||
        f.subnetOfMatch.some(
          (c) => c.family === r.destination.family && c.containsCidr(r.destination),
        )) &&
      (f.supernetOfMatch === undefined ||
        f.supernetOfMatch.some(
          (c) => c.family === r.destination.family && r.destination.containsCidr(c),
        )),
  );
  return {
    routes: matched.slice(0, maxResults),
    additionalRoutesAvailable: matched.length > maxResults,
  };
}
