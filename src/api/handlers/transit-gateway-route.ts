import {
  createTransitGatewayRoute,
  deleteTransitGatewayRoute,
  replaceTransitGatewayRoute,
  type TransitGatewayRouteOutput,
} from '../../control/transit-gateway-route.js';
import { ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import { peerTgwOf } from '../../model/transit-gateway.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Static and blackhole routes of transit gateway route tables over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html#tgw-create-static-route).
 */

export type TgwRouteWire = NonNullable<Ec2Output<'CreateTransitGatewayRoute'>['route']>;
type AttachmentRef = NonNullable<TgwRouteWire['transitGatewayAttachments']>[number];

/**
 * An attachment as a route names it, from the side of `tgwId` (the table's gateway): a peering's
 * resource is the gateway across from it. Undefined when the attachment is unknown.
 */
export function attachmentRef(
  s: Snapshot,
  tgwId: string,
  attachmentId: string | undefined,
): AttachmentRef | undefined {
  if (attachmentId === undefined) return undefined;
  const a = s.get('transit-gateway-attachment', attachmentId);
  if (!a) return { transitGatewayAttachmentId: attachmentId };
  return {
    resourceId: peerTgwOf(a, tgwId)?.transitGatewayId ?? a.resourceId,
    transitGatewayAttachmentId: a.id,
    resourceType: a.resourceType,
  };
}

/** EC2 `TransitGatewayRoute` for a static route the route actions answer with. */
function staticRouteOutput(
  s: Snapshot,
  tableId: string,
  r: TransitGatewayRouteOutput,
  state: string = r.state,
): TgwRouteWire {
  const tgwId = s.get('transit-gateway-route-table', tableId)?.transitGatewayId ?? '';
  const ref = attachmentRef(s, tgwId, r.transitGatewayAttachmentId);
  return {
    destinationCidrBlock: r.destinationCidrBlock,
    transitGatewayAttachments: ref ? [ref] : undefined,
    type: r.type,
    state,
  };
}

/** CreateTransitGatewayRoute: to an attachment of the table's gateway, or a blackhole. */
export const createTransitGatewayRouteHandler = defineHandler(
  'CreateTransitGatewayRoute',
  (input, ctx) => {
    const result = ctx.run('CreateTransitGatewayRoute', createTransitGatewayRoute, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
      destinationCidrBlock: input.destinationCidrBlock,
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
      blackhole: input.blackhole,
    });
    return result.ok
      ? ok({
          route: staticRouteOutput(
            ctx.store.snapshot,
            input.transitGatewayRouteTableId,
            result.value,
          ),
        })
      : result;
  },
);

/** ReplaceTransitGatewayRoute: a static route of that prefix must exist. */
export const replaceTransitGatewayRouteHandler = defineHandler(
  'ReplaceTransitGatewayRoute',
  (input, ctx) => {
    const result = ctx.run('ReplaceTransitGatewayRoute', replaceTransitGatewayRoute, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
      destinationCidrBlock: input.destinationCidrBlock,
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
      blackhole: input.blackhole,
    });
    return result.ok
      ? ok({
          route: staticRouteOutput(
            ctx.store.snapshot,
            input.transitGatewayRouteTableId,
            result.value,
          ),
        })
      : result;
  },
);

/** DeleteTransitGatewayRoute: AWS answers the route as `deleted`. */
export const deleteTransitGatewayRouteHandler = defineHandler(
  'DeleteTransitGatewayRoute',
  (input, ctx) => {
    const result = ctx.run('DeleteTransitGatewayRoute', deleteTransitGatewayRoute, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
      destinationCidrBlock: input.destinationCidrBlock,
    });
    return result.ok
      ? ok({
          route: staticRouteOutput(
            ctx.store.snapshot,
            input.transitGatewayRouteTableId,
            result.value,
            'deleted',
          ),
        })
      : result;
  },
);

/** The static route handlers, by action. */
export const TGW_ROUTE_HANDLERS = handlerRegistry(
  createTransitGatewayRouteHandler,
  replaceTransitGatewayRouteHandler,
  deleteTransitGatewayRouteHandler,
);
