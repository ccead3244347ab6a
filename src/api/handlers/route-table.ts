import { tableRoutes } from '../../model/vgw-route-propagation.js';
import {
  associateRouteTable,
  createRouteTable,
  deleteRouteTable,
  disassociateRouteTable,
  replaceRouteTableAssociation,
} from '../../control/route-table.js';
import {
  createRoute,
  deleteRoute,
  replaceRoute,
  type CreateRouteInput,
} from '../../control/route.js';
import type { RouteDestinationInput } from '../../control/route-destination.js';
import { ok } from '../../model/result.js';
import {
  routeState,
  type Route,
  type RouteTable,
  type RouteTableAssociation,
} from '../../model/route-table.js';
import type { Snapshot } from '../../model/snapshot.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/**
 * Route tables, their associations and their routes. The rules live in src/control
 * (route-table.ts, route.ts); this module maps the wire. A route's state is derived from its
 * target each time it is shown (`routeState`), so it is never stale.
 */

/**
 * The gateway a route names as `GatewayId`: AWS's `Route` has no VpcEndpointId member, so a
 * Gateway Load Balancer endpoint target is shown (and filtered) as the gateway, as AWS does.
 */
const routeGatewayId = (r: Route): string | undefined => r.gatewayId ?? r.vpcEndpointId;

/** `Route` in the model's output shape, with its state as of `s`. */
export function routeOutput(s: Snapshot, t: RouteTable, r: Route): Ec2.Route {
  return {
    destinationCidrBlock: r.destinationCidrBlock?.toString(),
    destinationIpv6CidrBlock: r.destinationIpv6CidrBlock?.toString(),
    destinationPrefixListId: r.destinationPrefixListId,
    egressOnlyInternetGatewayId: r.egressOnlyInternetGatewayId,
    gatewayId: routeGatewayId(r),
    instanceId: r.instanceId,
    instanceOwnerId:
      r.instanceId === undefined ? undefined : s.get('instance', r.instanceId)?.ownerId,
    natGatewayId: r.natGatewayId,
    transitGatewayId: r.transitGatewayId,
    localGatewayId: r.localGatewayId,
    carrierGatewayId: r.carrierGatewayId,
    networkInterfaceId: r.networkInterfaceId,
    origin: r.origin,
    state: routeState(s, r, t),
    vpcPeeringConnectionId: r.vpcPeeringConnectionId,
    coreNetworkArn: r.coreNetworkArn,
  };
}

/** `RouteTableAssociation` in the model's output shape; stored associations are all live. */
const associationOutput = (t: RouteTable, a: RouteTableAssociation) => ({
  main: a.main,
  routeTableAssociationId: a.routeTableAssociationId,
  routeTableId: t.id,
  subnetId: a.subnetId,
  gatewayId: a.gatewayId,
  associationState: { state: 'associated' },
});

/** `RouteTable` in the model's output shape; route states are read from `s`. */
export function routeTableOutput(s: Snapshot, t: RouteTable): Ec2.RouteTable {
  return {
    associations: t.associations.map((a) => associationOutput(t, a)),
    propagatingVgws: t.propagatingVgws.map((gatewayId) => ({ gatewayId })),
    routeTableId: t.id,
    routes: tableRoutes(s, t).map((r) => routeOutput(s, t, r)),
    tags: tagSet(t.tags),
    vpcId: t.vpcId,
    ownerId: t.ownerId,
  };
}

/** CreateRouteTable: a custom table with the VPC's local routes. */
export const createRouteTableHandler = defineHandler('CreateRouteTable', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'route-table');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateRouteTable', createRouteTable, {
    vpcId: input.vpcId,
    tags: tags.value,
  });
  return result.ok
    ? ok({ routeTable: routeTableOutput(ctx.store.snapshot, result.value) })
    : result;
});

/**
 * DescribeRouteTables filters, by name, as AWS documents them (tags are built in). Association
 * filters see explicit associations only: an implicitly associated subnet is not listed, and a
 * table without associations matches no `association.*` value.
 */
export function routeTableFilters(s: Snapshot): FilterTable<RouteTable> {
  const routes =
    (get: (r: Route, t: RouteTable) => string | undefined) =>
    (t: RouteTable): (string | undefined)[] =>
      tableRoutes(s, t).map((r) => get(r, t));
  return {
    'association.gateway-id': (t) => t.associations.map((a) => a.gatewayId),
    'association.route-table-association-id': (t) =>
      t.associations.map((a) => a.routeTableAssociationId),
    'association.route-table-id': (t) => t.associations.map(() => t.id),
    'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
    'association.main': (t) => t.associations.map((a) => flag(a.main)),
    'owner-id': (t) => [t.ownerId],
    'route-table-id': (t) => [t.id],
    'route.destination-cidr-block': routes((r) => r.destinationCidrBlock?.toString()),
    'route.destination-ipv6-cidr-block': routes((r) => r.destinationIpv6CidrBlock?.toString()),
    'route.destination-prefix-list-id': routes((r) => r.destinationPrefixListId),
    'route.egress-only-internet-gateway-id': routes((r) => r.egressOnlyInternetGatewayId),
    'route.gateway-id': routes(routeGatewayId),
    'route.instance-id': routes((r) => r.instanceId),
    'route.nat-gateway-id': routes((r) => r.natGatewayId),
    'route.transit-gateway-id': routes((r) => r.transitGatewayId),
    'route.origin': routes((r) => r.origin),
    'route.state': routes((r, t) => routeState(s, r, t)),
    'route.vpc-peering-connection-id': routes((r) => r.vpcPeeringConnectionId),
    'vpc-id': (t) => [t.vpcId],
  };
}

/** DescribeRouteTables: ids, filters and MaxResults (5–100)/NextToken pagination, in id order. */
export const describeRouteTablesHandler = defineHandler('DescribeRouteTables', (input, ctx) => {
  const s = ctx.store.snapshot;
  const page = describe(
    ctx.mine('route-table'),
    { ...input, ids: input.routeTableIds },
    {
      idOf: (t) => t.id,
      filters: routeTableFilters(s),
      noun: 'route-table',
      maxResultsRange: [5, 100],
      idsParameter: 'routeTableIdSet',
    },
  );
  return page.ok
    ? ok({
        routeTables: page.value.items.map((t) => routeTableOutput(s, t)),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** DeleteRouteTable. */
export const deleteRouteTableHandler = defineHandler('DeleteRouteTable', (input, ctx) => {
  const result = ctx.run('DeleteRouteTable', deleteRouteTable, {
    routeTableId: input.routeTableId,
  });
  return result.ok ? ok(undefined) : result;
});

/** AssociateRouteTable: a subnet, or an internet/virtual private gateway (edge association). */
export const associateRouteTableHandler = defineHandler('AssociateRouteTable', (input, ctx) => {
  const result = ctx.run('AssociateRouteTable', associateRouteTable, {
    routeTableId: input.routeTableId,
    subnetId: input.subnetId,
    gatewayId: input.gatewayId,
  });
  return result.ok
    ? ok({
        associationId: result.value.associationId,
        associationState: { state: result.value.associationState.state },
      })
    : result;
});

/** DisassociateRouteTable: the subnet falls back to the main table. */
export const disassociateRouteTableHandler = defineHandler(
  'DisassociateRouteTable',
  (input, ctx) => {
    const result = ctx.run('DisassociateRouteTable', disassociateRouteTable, {
      associationId: input.associationId,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** ReplaceRouteTableAssociation: a subnet, gateway or the main flag moves to another table. */
export const replaceRouteTableAssociationHandler = defineHandler(
  'ReplaceRouteTableAssociation',
  (input, ctx) => {
    const result = ctx.run('ReplaceRouteTableAssociation', replaceRouteTableAssociation, {
      associationId: input.associationId,
      routeTableId: input.routeTableId,
    });
    return result.ok
      ? ok({
          newAssociationId: result.value.newAssociationId,
          associationState: { state: result.value.associationState.state },
        })
      : result;
  },
);

/** The route actions' inputs: each has the destination members, the first two the targets. */
type RouteWire = Ec2.CreateRouteInput | Ec2.ReplaceRouteInput;
type RouteDestinationWire = RouteWire | Ec2.DeleteRouteInput;

/** The operation's destination input; the operation picks exactly one field and checks it. */
const destinationInput = (w: RouteDestinationWire): RouteDestinationInput => ({
  routeTableId: w.routeTableId,
  destinationCidrBlock: w.destinationCidrBlock,
  destinationIpv6CidrBlock: w.destinationIpv6CidrBlock,
  destinationPrefixListId: w.destinationPrefixListId,
});

/** The operation's route input: the destination and every target field as given. */
const routeInput = (w: RouteWire): CreateRouteInput => ({
  ...destinationInput(w),
  gatewayId: w.gatewayId,
  egressOnlyInternetGatewayId: w.egressOnlyInternetGatewayId,
  natGatewayId: w.natGatewayId,
  networkInterfaceId: w.networkInterfaceId,
  instanceId: w.instanceId,
  vpcPeeringConnectionId: w.vpcPeeringConnectionId,
  transitGatewayId: w.transitGatewayId,
  vpcEndpointId: w.vpcEndpointId,
  localGatewayId: w.localGatewayId,
  carrierGatewayId: w.carrierGatewayId,
  coreNetworkArn: w.coreNetworkArn,
});

/** CreateRoute: answers `<return>true</return>`. */
export const createRouteHandler = defineHandler('CreateRoute', (input, ctx) => {
  const result = ctx.run('CreateRoute', createRoute, routeInput(input));
  return result.ok ? ok({ return: true }) : result;
});

/** ReplaceRoute: a new target for an existing route; `LocalTarget=true` restores `local`. */
export const replaceRouteHandler = defineHandler('ReplaceRoute', (input, ctx) => {
  const result = ctx.run('ReplaceRoute', replaceRoute, {
    ...routeInput(input),
    localTarget: input.localTarget,
  });
  return result.ok ? ok(undefined) : result;
});

/** DeleteRoute. */
export const deleteRouteHandler = defineHandler('DeleteRoute', (input, ctx) => {
  const result = ctx.run('DeleteRoute', deleteRoute, destinationInput(input));
  return result.ok ? ok(undefined) : result;
});

/** The route-table handlers, by action. */
export const ROUTE_TABLE_HANDLERS = handlerRegistry(
  createRouteTableHandler,
  describeRouteTablesHandler,
  deleteRouteTableHandler,
  associateRouteTableHandler,
  disassociateRouteTableHandler,
  replaceRouteTableAssociationHandler,
  createRouteHandler,
  replaceRouteHandler,
  deleteRouteHandler,
);
