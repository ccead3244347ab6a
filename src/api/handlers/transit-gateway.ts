import { idsParam } from '../../control/params.js';
import {
  createTransitGateway,
  deleteTransitGateway,
  modifyTransitGateway,
} from '../../control/transit-gateway.js';
import { ok } from '../../model/result.js';
import type { TransitGateway } from '../../model/transit-gateway.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Transit gateways over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html): CreateTransitGateway,
 * DescribeTransitGateways, ModifyTransitGateway, DeleteTransitGateway. Create and delete answer
 * with the transitional state AWS answers with (`pending`, `deleting`; decision D60); Describe
 * shows the settled one.
 */

type TgwOutput = NonNullable<Ec2Output<'CreateTransitGateway'>['transitGateway']>;

/** `arn:aws:ec2:<region>:<account>:transit-gateway/<id>`. */
const tgwArn = (t: TransitGateway): string =>
  `arn:aws:ec2:${t.region}:${t.ownerId}:transit-gateway/${t.id}`;

/** EC2 `TransitGateway`; `state` overrides the stored one in create/modify/delete answers. */
export function tgwOutput(t: TransitGateway, state: string = t.state): TgwOutput {
  const o = t.options;
  return {
    transitGatewayId: t.id,
    transitGatewayArn: tgwArn(t),
    state,
    ownerId: t.ownerId,
    description: t.description,
    creationTime: new Date(t.creationTime),
    options: {
      amazonSideAsn: o.amazonSideAsn,
      transitGatewayCidrBlocks:
        o.transitGatewayCidrBlocks.length > 0 ? o.transitGatewayCidrBlocks.map(String) : undefined,
      autoAcceptSharedAttachments: o.autoAcceptSharedAttachments,
      defaultRouteTableAssociation: o.defaultRouteTableAssociation,
      associationDefaultRouteTableId: o.associationDefaultRouteTableId,
      defaultRouteTablePropagation: o.defaultRouteTablePropagation,
      propagationDefaultRouteTableId: o.propagationDefaultRouteTableId,
      vpnEcmpSupport: o.vpnEcmpSupport,
      dnsSupport: o.dnsSupport,
      securityGroupReferencingSupport: o.securityGroupReferencingSupport,
      multicastSupport: o.multicastSupport,
    },
    tags: tagSet(t.tags),
  };
}

/** CreateTransitGateway: AWS answers `pending`; the twin's gateway is available at once. */
export const createTransitGatewayHandler = defineHandler('CreateTransitGateway', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'transit-gateway');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateTransitGateway', createTransitGateway, {
    description: input.description,
    options: input.options,
    tags: tags.value,
  });
  return result.ok ? ok({ transitGateway: tgwOutput(result.value, 'pending') }) : result;
});

/** ModifyTransitGateway: AWS answers `modifying`. */
export const modifyTransitGatewayHandler = defineHandler('ModifyTransitGateway', (input, ctx) => {
  const result = ctx.run('ModifyTransitGateway', modifyTransitGateway, {
    transitGatewayId: input.transitGatewayId,
    description: input.description,
    options: input.options,
  });
  return result.ok ? ok({ transitGateway: tgwOutput(result.value, 'modifying') }) : result;
});

/** DeleteTransitGateway: AWS answers `deleting`; the gateway then reads `deleted`. */
export const deleteTransitGatewayHandler = defineHandler('DeleteTransitGateway', (input, ctx) => {
  const result = ctx.run('DeleteTransitGateway', deleteTransitGateway, {
    transitGatewayId: input.transitGatewayId,
  });
  return result.ok ? ok({ transitGateway: tgwOutput(result.value, 'deleting') }) : result;
});

/** DescribeTransitGateways filters, as AWS documents them (tags are built in). */
export const TGW_FILTERS: FilterTable<TransitGateway> = {
  'options.propagation-default-route-table-id': (t) => [t.options.propagationDefaultRouteTableId],
  'options.amazon-side-asn': (t) => [String(t.options.amazonSideAsn)],
  'options.association-default-route-table-id': (t) => [t.options.associationDefaultRouteTableId],
  'options.auto-accept-shared-attachments': (t) => [t.options.autoAcceptSharedAttachments],
  'options.default-route-table-association': (t) => [t.options.defaultRouteTableAssociation],
  'options.default-route-table-propagation': (t) => [t.options.defaultRouteTablePropagation],
  'options.dns-support': (t) => [t.options.dnsSupport],
  'options.vpn-ecmp-support': (t) => [t.options.vpnEcmpSupport],
  'owner-id': (t) => [t.ownerId],
  state: (t) => [t.state],
  'transit-gateway-id': (t) => [t.id],
};

/** The caller's gateways in its Region, deleted ones included (AWS lists them for a while). */
const visibleGateways = (ctx: HandlerContext): TransitGateway[] =>
  ctx.store.snapshot.find(
    'transitGatewaysByOwnerRegion',
    `${ctx.caller.accountId}|${ctx.caller.region}`,
  );

/** DescribeTransitGateways: ids, filters, MaxResults (5..1000) and NextToken. */
export const describeTransitGatewaysHandler = defineHandler(
  'DescribeTransitGateways',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway', input.transitGatewayIds);
    if (!shaped.ok) return shaped;
    const page = describe(
      visibleGateways(ctx),
      { ...input, ids: input.transitGatewayIds },
      {
        idOf: (t) => t.id,
        filters: TGW_FILTERS,
        noun: 'transit-gateway',
        idsParameter: 'transitGatewayIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGateways: page.value.items.map((t) => tgwOutput(t)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The transit gateway handlers, by action. */
export const TRANSIT_GATEWAY_HANDLERS = handlerRegistry(
  createTransitGatewayHandler,
  describeTransitGatewaysHandler,
  modifyTransitGatewayHandler,
  deleteTransitGatewayHandler,
);
