import type { Cidr, Family } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { prefixListFamily } from '../model/prefix-list.js';
import { fail, ok, type Result } from '../model/result.js';
import {
  isGatewayEndpointRoute,
  isGatewayRouteTable,
  isLocalRoute,
  ROUTE_TARGET_FIELDS,
  type Route,
  type RouteTable,
} from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { vpcCidrs, type Vpc } from '../model/vpc.js';
import { localRoute } from './defaults.js';
import { owned } from './params.js';
import {
  checkReserved,
  DESTINATION_WIRE,
  destinationFamily,
  destinationFields,
  parseDestination,
  routeKey,
  type Destination,
  type RouteDestinationInput,
} from './route-destination.js';
import {
  checkFamily,
  EDGE,
  MIDDLEBOX,
  resolveTarget,
  type RouteTargetInput,
  type Target,
} from './route-target.js';

/**
 * Routes: CreateRoute, ReplaceRoute and DeleteRoute
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html), with AWS's rules for
 * local routes, routes more specific than local, gateway (edge) route tables and the routes quota.
 */

/** Non-propagated routes per table, per address family (VPC quotas page). */
export const ROUTES_PER_TABLE = 50;

/** The address family and quota weight of a route: a prefix list weighs its max entries. */
function routeWeight(s: Snapshot, r: Route): { family: Family; weight: number } {
  const cidr = r.destinationCidrBlock ?? r.destinationIpv6CidrBlock;
  if (cidr) return { family: cidr.family, weight: 1 };
  const list = r.destinationPrefixListId && s.get('prefix-list', r.destinationPrefixListId);
  if (!list) return { family: 4, weight: 1 };
  return { family: prefixListFamily(list), weight: list.maxEntries };
}

/**
 * The routes of one family that count against the 50-routes quota: every non-propagated route
 * but the local ones, a prefix-list destination counting as its max entries.
 */
export function routeQuotaCount(s: Snapshot, table: RouteTable, family: Family): number {
  let n = 0;
  for (const r of table.routes) {
    if (isLocalRoute(r) || r.origin === 'EnableVgwRoutePropagation') continue;
    const w = routeWeight(s, r);
    if (w.family === family) n += w.weight;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Rules on destinations that depend on the table and the target

/** True when some subnet of the VPC has exactly this block. */
function isSubnetBlock(s: Snapshot, vpc: Vpc, cidr: Cidr): boolean {
  return s
    .find('subnetsByVpc', vpc.id)
    .some(
      (sn) =>
        sn.cidrBlock?.equals(cidr) ||
        sn.ipv6CidrBlockAssociationSet.some((a) => a.ipv6CidrBlock.equals(cidr)),
    );
}

/**
 * The rules on a non-local route's destination (spec §1.1, §1.2.4): a VPC block's destination
 * belongs to its local route; a more specific one must be exactly a subnet's block, with a NAT
 * gateway, ENI or GWLB endpoint target; a gateway route table stays inside the VPC and targets
 * only ENIs and GWLB endpoints.
 */
function checkDestination(
  s: Snapshot,
  table: RouteTable,
  vpc: Vpc,
  dest: Destination,
  target: Target,
): AwsError | undefined {
  const cidr = dest.cidr;
  const blocks = vpcCidrs(vpc);
  if (isGatewayRouteTable(table)) {
    if (!cidr) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes cannot have a prefix list destination.`,
      );
    }
    if (!blocks.some((b) => b.containsCidr(cidr))) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes cannot go to ${dest.key}, outside the VPC's CIDR blocks.`,
      );
    }
    if (!EDGE.has(target.kind)) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes can only target a network interface or a Gateway Load Balancer endpoint.`,
      );
    }
  }
  if (!cidr) return undefined;
  if (blocks.some((b) => b.equals(cidr))) {
    return AwsErrors.invalidParameterValue(
      `The destination CIDR block ${dest.key} is equal to a CIDR block of VPC ${vpc.id}; only the target of its local route can be replaced (ReplaceRoute).`,
    );
  }
  if (
    blocks.some((b) => b.containsCidr(cidr)) &&
    !(MIDDLEBOX.has(target.kind) && isSubnetBlock(s, vpc, cidr))
  ) {
    return AwsErrors.invalidParameterValue(
      `The destination CIDR block ${dest.key} is more specific than a CIDR block of VPC ${vpc.id}. Such a route must have the entire CIDR block of a subnet as destination and a NAT gateway, network interface or Gateway Load Balancer endpoint as target.`,
    );
  }
  return undefined;
}

/** The table's VPC; it always exists while the table does. */
function tableVpc(s: Snapshot, table: RouteTable): Result<Vpc, AwsError> {
  const vpc = s.get('vpc', table.vpcId);
  return vpc ? ok(vpc) : fail(AwsErrors.notFound('vpc', table.vpcId));
}

// ---------------------------------------------------------------------------------------------
// Routes: operations

export type CreateRouteInput = RouteDestinationInput & RouteTargetInput;

/** CreateRoute: one destination, one target, with every rule AWS applies to both. */
export const createRoute: Operation<CreateRouteInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const reserved = checkReserved(dest.value);
  if (reserved) return fail(reserved);
  const family = destinationFamily(s, dest.value, ctx);
  if (!family.ok) return family;
  const target = resolveTarget(s, table, input, ctx);
  if (!target.ok) return target;
  const vpc = tableVpc(s, table);
  if (!vpc.ok) return vpc;
  const bad =
    checkFamily(target.value, family.value, dest.value) ??
    checkDestination(s, table, vpc.value, dest.value, target.value);
  if (bad) return fail(bad);
  if (table.routes.some((r) => routeKey(r) === dest.value.key)) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `The route identified by ${dest.value.key} already exists.`,
      ),
    );
  }
  const route: Route = {
    ...destinationFields(dest.value),
    ...target.value.fields,
    origin: 'CreateRoute',
  };
  const next: RouteTable = { ...table, routes: [...table.routes, route] };
  if (routeQuotaCount(s, next, family.value) > ROUTES_PER_TABLE) {
    return fail(
      AwsErrors.limitExceeded(
        'RouteLimitExceeded',
        `The maximum number of routes (${ROUTES_PER_TABLE}) has been reached for route table ${table.id}.`,
      ),
    );
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

export type ReplaceRouteInput = CreateRouteInput & {
  /** Restores a local route's `local` target. */
  readonly localTarget?: boolean;
};

/**
 * ReplaceRoute: a new target for an existing route. A local route may only be pointed at an ENI,
 * NAT gateway or GWLB endpoint (an ENI or GWLB endpoint in a gateway route table), and put back
 * with `localTarget`.
 */
export const replaceRoute: Operation<ReplaceRouteInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const index = table.routes.findIndex((r) => routeKey(r) === dest.value.key);
  const route = table.routes[index];
  if (!route) {
    return fail(
      AwsErrors.invalidParameterValue(
        `There is no route defined for '${dest.value.key}' in the route table. Use CreateRoute instead.`,
      ),
    );
  }
  if (isGatewayEndpointRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The route ${dest.value.key} belongs to gateway endpoint ${route.gatewayId ?? ''}; change the endpoint's route tables instead.`,
      ),
    );
  }
  const next = input.localTarget
    ? restoredLocal(route, dest.value, input)
    : retargeted(s, table, route, dest.value, input, ctx);
  if (!next.ok) return next;
  const routes = table.routes.map((r, i) => (i === index ? next.value : r));
  return ok({ changes: [{ op: 'put', resource: { ...table, routes } }], output: true });
};

/** `localTarget: true`: the local route gets its `local` target back. */
function restoredLocal(
  route: Route,
  dest: Destination,
  input: ReplaceRouteInput,
): Result<Route, AwsError> {
  const other = ROUTE_TARGET_FIELDS.find((f) => input[f] !== undefined);
  if (other) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter localTarget cannot be used with the parameter ${other}`,
      ),
    );
  }
  if (!isLocalRoute(route) || !dest.cidr) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The route ${dest.key} is not a local route; localTarget only restores the target of a local route.`,
      ),
    );
  }
  return ok(localRoute(dest.cidr));
}

/** A route with a new target, checked as CreateRoute checks it (local routes: middleboxes only). */
function retargeted(
  s: Snapshot,
  table: RouteTable,
  route: Route,
  dest: Destination,
  input: ReplaceRouteInput,
  ctx: OperationContext,
): Result<Route, AwsError> {
  const target = resolveTarget(s, table, input, ctx);
  if (!target.ok) return target;
  const family = destinationFamily(s, dest, ctx);
  if (!family.ok) return family;
  const badFamily = checkFamily(target.value, family.value, dest);
  if (badFamily) return fail(badFamily);
  if (isLocalRoute(route)) {
    const allowed = isGatewayRouteTable(table) ? EDGE : MIDDLEBOX;
    if (!allowed.has(target.value.kind)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The target of the local route ${dest.key} can only be replaced with a network interface, a NAT gateway or a Gateway Load Balancer endpoint${isGatewayRouteTable(table) ? ' (no NAT gateway in a gateway route table)' : ''}.`,
        ),
      );
    }
    return ok({ ...destinationFields(dest), ...target.value.fields, origin: 'CreateRouteTable' });
  }
  const vpc = tableVpc(s, table);
  if (!vpc.ok) return vpc;
  const bad = checkDestination(s, table, vpc.value, dest, target.value);
  if (bad) return fail(bad);
  return ok({ ...destinationFields(dest), ...target.value.fields, origin: 'CreateRoute' });
}

/** DeleteRoute: any route the caller created; not local routes, nor a gateway endpoint's. */
export const deleteRoute: Operation<RouteDestinationInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const route = table.routes.find((r) => routeKey(r) === dest.value.key);
  if (!route) {
    return fail(
      AwsErrors.code(
        'InvalidRoute.NotFound',
        `no route with ${DESTINATION_WIRE[dest.value.field]} ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  if (isLocalRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove local route ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  if (isGatewayEndpointRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove route ${dest.value.key} in route table ${table.id}: it belongs to gateway endpoint ${route.gatewayId ?? ''}; change the endpoint's route tables instead`,
      ),
    );
  }
  if (route.origin === 'EnableVgwRoutePropagation') {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove propagated route ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  const routes = table.routes.filter((r) => r !== route);
  return ok({ changes: [{ op: 'put', resource: { ...table, routes } }], output: true });
};
