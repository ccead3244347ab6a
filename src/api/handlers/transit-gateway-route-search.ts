import { ownedTgwRouteTable } from '../../control/transit-gateway-lookup.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import { tgwRoutes, type TransitGatewayRouteTable } from '../../model/transit-gateway.js';
import { Cidr } from '../../net/index.js';
import { checkMaxResults, compileFilters, type FilterTable, type WireFilter } from './describe.js';
import { attachmentRef, type TgwRouteWire } from './transit-gateway-route.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * SearchTransitGatewayRoutes
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SearchTransitGatewayRoutes.html):
 * the routes a table shows — static, prefix-list and propagated, derived as the model derives
 * them (D30: per prefix only the best kind, a static route hiding a propagated one) — with
 * AWS's filters. Equal routes to several attachments (ECMP) are one route listing them all.
 */

type AttachmentRef = NonNullable<TgwRouteWire['transitGatewayAttachments']>[number];

/** One route as the search lists it. */
interface SearchRoute {
  readonly destination: Cidr;
  readonly prefixListId: string | undefined;
  readonly type: 'static' | 'propagated';
  readonly state: 'active' | 'blackhole';
  readonly attachments: readonly AttachmentRef[];
}

/** The table's routes, one per prefix, in CIDR order. */
function searchRoutes(s: Snapshot, t: TransitGatewayRouteTable): SearchRoute[] {
  const byPrefix = new Map<string, SearchRoute>();
  for (const r of tgwRoutes(s, t)) {
    const key = r.destination.toString();
    const ref = attachmentRef(s, t.transitGatewayId, r.attachmentId);
    const seen = byPrefix.get(key);
    if (seen === undefined) {
      byPrefix.set(key, {
        destination: r.destination,
        prefixListId: r.prefixListId,
        type: r.type,
        state: r.state,
        attachments: ref ? [ref] : [],
      });
      continue;
    }
    byPrefix.set(key, {
      ...seen,
      state: seen.state === 'active' || r.state === 'active' ? 'active' : 'blackhole',
      attachments: ref ? [...seen.attachments, ref] : seen.attachments,
    });
  }
  return [...byPrefix.values()].sort((a, b) => a.destination.compare(b.destination));
}

/** The filters matched as strings, as AWS documents them. */
const PLAIN_FILTERS: FilterTable<SearchRoute> = {
  'attachment.transit-gateway-attachment-id': (r) =>
    r.attachments.map((a) => a.transitGatewayAttachmentId),
  'attachment.resource-id': (r) => r.attachments.map((a) => a.resourceId),
  'attachment.resource-type': (r) => r.attachments.map((a) => a.resourceType),
  'prefix-list-id': (r) => [r.prefixListId],
  state: (r) => [r.state],
  type: (r) => [r.type],
};

type CidrTest = (r: SearchRoute, v: Cidr, all: readonly SearchRoute[]) => boolean;

/** The longest prefix among the routes that contain `v` (-1 when none does). */
const longestContaining = (all: readonly SearchRoute[], v: Cidr): number =>
  all.reduce(
    (best, r) => (r.destination.containsCidr(v) ? Math.max(best, r.destination.prefix) : best),
    -1,
  );

/**
 * The `route-search.*` filters, on CIDRs. Subnet-of and supernet-of include the equal prefix;
 * longest-prefix-match is the most specific route containing the value (decision D61).
 */
const CIDR_FILTERS: Readonly<Record<string, CidrTest>> = {
  'route-search.exact-match': (r, v) => r.destination.equals(v),
  'route-search.subnet-of-match': (r, v) => v.containsCidr(r.destination),
  'route-search.supernet-of-match': (r, v) => r.destination.containsCidr(v),
  'route-search.longest-prefix-match': (r, v, all) =>
    r.destination.containsCidr(v) && r.destination.prefix === longestContaining(all, v),
};

/** Compiles the search's filters into one predicate over the table's routes. */
function searchPredicate(
  filters: readonly WireFilter[],
  all: readonly SearchRoute[],
): Result<(r: SearchRoute) => boolean, AwsError> {
  const plain: WireFilter[] = [];
  const tests: ((r: SearchRoute) => boolean)[] = [];
  for (const f of filters) {
    const name = f.name ?? '';
    const test = Object.hasOwn(CIDR_FILTERS, name) ? CIDR_FILTERS[name] : undefined;
    if (test === undefined) {
      plain.push(f);
      continue;
    }
    const values: Cidr[] = [];
    for (const text of f.values ?? []) {
      const c = Cidr.parse(text);
      if (!c) return fail(AwsErrors.invalidCidr(name, text));
      values.push(c);
    }
    tests.push((r) => values.some((v) => test(r, v, all)));
  }
  const rest = compileFilters(plain, PLAIN_FILTERS);
  if (!rest.ok) return rest;
  return ok((r) => rest.value(r) && tests.every((t) => t(r)));
}

/** AWS answers at most this many routes when MaxResults is not given. */
const DEFAULT_MAX_RESULTS = 1000;

/** SearchTransitGatewayRoutes: filters required; `additionalRoutesAvailable` past MaxResults. */
export const searchTransitGatewayRoutesHandler = defineHandler(
  'SearchTransitGatewayRoutes',
  (input, ctx) => {
    const bad = checkMaxResults(input.maxResults);
    if (bad) return fail(bad);
    const s = ctx.store.snapshot;
    const table = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx.caller);
    if (!table.ok) return table;
    if (input.filters.length === 0) return fail(AwsErrors.missingParameter('Filters'));
    const all = searchRoutes(s, table.value);
    const predicate = searchPredicate(input.filters, all);
    if (!predicate.ok) return predicate;
    const matched = all.filter(predicate.value);
    const limit = input.maxResults ?? DEFAULT_MAX_RESULTS;
    return ok({
      routes: matched.slice(0, limit).map((r) => ({
        destinationCidrBlock: r.destination.toString(),
        prefixListId: r.prefixListId,
        transitGatewayAttachments: r.attachments.length > 0 ? [...r.attachments] : undefined,
        type: r.type,
        state: r.state,
      })),
      additionalRoutesAvailable: matched.length > limit,
    });
  },
);

/** The route search handler, by action. */
export const TGW_ROUTE_SEARCH_HANDLERS = handlerRegistry(searchTransitGatewayRoutesHandler);
