import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { isGatewayEndpointRoute, type Route, type RouteTable } from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { gatewayEndpointPrefixList, type VpcEndpoint } from '../model/vpc-endpoint.js';
import type { Vpc } from '../model/vpc.js';
import { idsParam, ownedInVpc } from './params.js';
import type { CreateVpcEndpointInput, ModifyVpcEndpointInput } from './vpc-endpoint.js';
import { invalidServiceName, notSupported } from './vpc-endpoint-types.js';

/**
 * Gateway endpoints (S3, DynamoDB): the service's AWS-managed prefix list routed to the endpoint
 * in each of its route tables, one such route per prefix list per table
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
 */

/** The table with the endpoint's prefix-list route added; one route per prefix list per table. */
export function withGatewayRoute(
  table: RouteTable,
  prefixListId: Id<'prefix-list'>,
  endpointId: Id<'vpc-endpoint'>,
): Result<RouteTable, AwsError> {
  if (table.routes.some((r) => r.destinationPrefixListId === prefixListId)) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `route table ${table.id} already has a route with destination-prefix-list-id ${prefixListId}`,
      ),
    );
  }
  // AWS lists these routes with origin CreateRoute.
  const route: Route = {
    destinationPrefixListId: prefixListId,
    gatewayId: endpointId,
    origin: 'CreateRoute',
  };
  return ok({ ...table, routes: [...table.routes, route] });
}

/** The table without the endpoint's prefix-list route. */
export const withoutGatewayRoute = (table: RouteTable, endpointId: string): RouteTable => ({
  ...table,
  routes: table.routes.filter((r) => !(isGatewayEndpointRoute(r) && r.gatewayId === endpointId)),
});

/** Validates a gateway endpoint request; returns the tables to route and the prefix list. */
export function planGateway(
  s: Snapshot,
  vpc: Vpc,
  input: CreateVpcEndpointInput & { serviceName: string },
  ctx: OperationContext,
): Result<{ tables: RouteTable[]; prefixListId: Id<'prefix-list'> }, AwsError> {
  const prefixListId = gatewayEndpointPrefixList({
    vpcEndpointType: 'Gateway',
    serviceName: input.serviceName,
    region: ctx.region,
  });
  if (!prefixListId) return fail(invalidServiceName(input.serviceName));
  if (input.subnetIds?.length) return fail(notSupported('Subnet IDs are', 'Gateway'));
  if (input.securityGroupIds?.length) return fail(notSupported('Security groups are', 'Gateway'));
  if (input.privateDnsEnabled === true) return fail(notSupported('Private DNS is', 'Gateway'));
  const ids = idsParam('route-table', input.routeTableIds);
  if (!ids.ok) return ids;
  const tables = ownedInVpc(s, 'route-table', ids.value, vpc, ctx);
  if (!tables.ok) return tables;
  return ok({ tables: tables.value, prefixListId });
}

/** Route table changes of a gateway endpoint: removes first, then adds (a table in both stays). */
export function modifyRouteTables(
  s: Snapshot,
  vpc: Vpc,
  endpoint: VpcEndpoint,
  input: ModifyVpcEndpointInput,
  ctx: OperationContext,
): Result<{ tables: RouteTable[]; routeTableIds: Id<'route-table'>[] }, AwsError> {
  const prefixListId = gatewayEndpointPrefixList(endpoint);
  const removeIds = idsParam('route-table', input.removeRouteTableIds);
  if (!removeIds.ok) return removeIds;
  const addIds = idsParam('route-table', input.addRouteTableIds);
  if (!addIds.ok) return addIds;
  const removed = ownedInVpc(s, 'route-table', removeIds.value, vpc, ctx);
  if (!removed.ok) return removed;
  const added = ownedInVpc(s, 'route-table', addIds.value, vpc, ctx);
  if (!added.ok) return added;
  const updated = new Map<string, RouteTable>();
  let ids = [...endpoint.routeTableIds];
  // Removing a table the endpoint is not on is a no-op.
  for (const t of removed.value) {
    if (!ids.includes(t.id)) continue;
    ids = ids.filter((x) => x !== t.id);
    updated.set(t.id, withoutGatewayRoute(t, endpoint.id));
  }
  for (const t of added.value) {
    if (ids.includes(t.id) || !prefixListId) continue; // already on the endpoint: a no-op
    const next = withGatewayRoute(updated.get(t.id) ?? t, prefixListId, endpoint.id);
    if (!next.ok) return next;
    ids.push(t.id);
    updated.set(t.id, next.value);
  }
  return ok({ tables: [...updated.values()], routeTableIds: ids });
}
