import { idsParam } from '../../control/params.js';
import {
  createTransitGatewayRouteTable,
  deleteTransitGatewayRouteTable,
} from '../../control/transit-gateway-route-table.js';
import { ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { TransitGatewayRouteTable } from '../../model/transit-gateway.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Transit gateway route tables over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html): create, describe, delete.
 * Associations and propagations are in transit-gateway-association.ts.
 */

type RouteTableOutput = NonNullable<
  Ec2Output<'CreateTransitGatewayRouteTable'>['transitGatewayRouteTable']
>;

/** Whether a table is its gateway's default association / propagation table. */
function defaults(s: Snapshot, t: TransitGatewayRouteTable): { assoc: boolean; prop: boolean } {
  const o = s.get('transit-gateway', t.transitGatewayId)?.options;
  return {
    assoc: o?.associationDefaultRouteTableId === t.id,
    prop: o?.propagationDefaultRouteTableId === t.id,
  };
}

/** EC2 `TransitGatewayRouteTable`; `state` overrides the stored one in answers to changes. */
export function routeTableOutput(
  s: Snapshot,
  t: TransitGatewayRouteTable,
  state: string = t.state,
): RouteTableOutput {
  const d = defaults(s, t);
  return {
    transitGatewayRouteTableId: t.id,
    transitGatewayId: t.transitGatewayId,
    state,
    defaultAssociationRouteTable: d.assoc,
    defaultPropagationRouteTable: d.prop,
    creationTime: new Date(t.creationTime),
    tags: tagSet(t.tags),
  };
}

/** CreateTransitGatewayRouteTable: AWS answers `pending`. */
export const createTransitGatewayRouteTableHandler = defineHandler(
  'CreateTransitGatewayRouteTable',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'transit-gateway-route-table');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateTransitGatewayRouteTable', createTransitGatewayRouteTable, {
      transitGatewayId: input.transitGatewayId,
      tags: tags.value,
    });
    return result.ok
      ? ok({
          transitGatewayRouteTable: routeTableOutput(ctx.store.snapshot, result.value, 'pending'),
        })
      : result;
  },
);

/** DeleteTransitGatewayRouteTable: AWS answers `deleting`. */
export const deleteTransitGatewayRouteTableHandler = defineHandler(
  'DeleteTransitGatewayRouteTable',
  (input, ctx) => {
    const result = ctx.run('DeleteTransitGatewayRouteTable', deleteTransitGatewayRouteTable, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
    });
    return result.ok
      ? ok({
          transitGatewayRouteTable: routeTableOutput(ctx.store.snapshot, result.value, 'deleting'),
        })
      : result;
  },
);

/** A table with its default flags, for filtering. */
interface TableView {
  readonly t: TransitGatewayRouteTable;
  readonly assoc: boolean;
  readonly prop: boolean;
  readonly tags: TransitGatewayRouteTable['tags'];
}

/** DescribeTransitGatewayRouteTables filters, as AWS documents them (tags built in). */
export const ROUTE_TABLE_FILTERS: FilterTable<TableView> = {
  'default-association-route-table': (v) => [flag(v.assoc)],
  'default-propagation-route-table': (v) => [flag(v.prop)],
  state: (v) => [v.t.state],
  'transit-gateway-id': (v) => [v.t.transitGatewayId],
  'transit-gateway-route-table-id': (v) => [v.t.id],
};

/** DescribeTransitGatewayRouteTables: the tables of the caller's gateways in its Region. */
export const describeTransitGatewayRouteTablesHandler = defineHandler(
  'DescribeTransitGatewayRouteTables',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway-route-table', input.transitGatewayRouteTableIds);
    if (!shaped.ok) return shaped;
    const s = ctx.store.snapshot;
    const views = ctx.mine('transit-gateway-route-table').map((t) => {
      const d = defaults(s, t);
      return { t, assoc: d.assoc, prop: d.prop, tags: t.tags };
    });
    const page = describe(
      views,
      { ...input, ids: input.transitGatewayRouteTableIds },
      {
        idOf: (v) => v.t.id,
        filters: ROUTE_TABLE_FILTERS,
        noun: 'transit-gateway-route-table',
        idsParameter: 'transitGatewayRouteTableIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGatewayRouteTables: page.value.items.map((v) => routeTableOutput(s, v.t)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The route table handlers, by action. */
export const TGW_ROUTE_TABLE_HANDLERS = handlerRegistry(
  createTransitGatewayRouteTableHandler,
  describeTransitGatewayRouteTablesHandler,
  deleteTransitGatewayRouteTableHandler,
);
