import { AwsErrors } from '../model/errors.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import { isGatewayRouteTable, type RouteTable } from '../model/route-table.js';
import { attachedVpcId } from '../model/vpn-gateway.js';
import { owned } from './params.js';
import { liveVpnGateway } from './vpn-gateway.js';

/**
 * EnableVgwRoutePropagation and DisableVgwRoutePropagation: which virtual private gateways
 * propagate their learned routes into a route table. The routes themselves are derived when
 * read (src/model/vgw-route-propagation.ts, D40).
 */

export interface VgwRoutePropagationInput {
  readonly routeTableId: string;
  readonly gatewayId: string;
}

/**
 * EnableVgwRoutePropagation: the gateway must be attached to the table's VPC; a gateway route
 * table cannot propagate (spec §1.1). Enabling twice is harmless, as in AWS.
 */
export const enableVgwRoutePropagation: Operation<VgwRoutePropagationInput, true> = (
  s,
  input,
  ctx,
) => {
  const table = owned(s, 'route-table', input.routeTableId, ctx);
  if (!table.ok) return table;
  const vgw = liveVpnGateway(s, input.gatewayId, ctx);
  if (!vgw.ok) return vgw;
  if (attachedVpcId(vgw.value) !== table.value.vpcId) {
    return fail(
      AwsErrors.code(
        'Gateway.NotAttached',
        `resource ${vgw.value.id} is not attached to network ${table.value.vpcId}`,
      ),
    );
  }
  if (isGatewayRouteTable(table.value)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Route table ${table.value.id} is associated with a gateway; gateway route tables do not support route propagation.`,
      ),
    );
  }
  if (table.value.propagatingVgws.includes(vgw.value.id)) return ok({ changes: [], output: true });
  const next: RouteTable = {
    ...table.value,
    propagatingVgws: [...table.value.propagatingVgws, vgw.value.id],
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

/** DisableVgwRoutePropagation: the gateway's propagated routes leave the table. */
export const disableVgwRoutePropagation: Operation<VgwRoutePropagationInput, true> = (
  s,
  input,
  ctx,
) => {
  const table = owned(s, 'route-table', input.routeTableId, ctx);
  if (!table.ok) return table;
  // A gateway deleted since propagation was enabled can still be turned off by its id.
  const vgw = owned(s, 'vpn-gateway', input.gatewayId, ctx);
  if (!vgw.ok) return vgw;
  if (!table.value.propagatingVgws.includes(vgw.value.id)) return ok({ changes: [], output: true });
  const next: RouteTable = {
    ...table.value,
    propagatingVgws: table.value.propagatingVgws.filter((g) => g !== vgw.value.id),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};
