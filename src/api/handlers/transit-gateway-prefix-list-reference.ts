import {
  createTransitGatewayPrefixListReference,
  deleteTransitGatewayPrefixListReference,
  modifyTransitGatewayPrefixListReference,
  type TransitGatewayPrefixListReferenceOutput,
} from '../../control/transit-gateway-route.js';
import { ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { TgwPrefixListReference } from '../../model/transit-gateway.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import { flag, type FilterTable } from './describe.js';
import { tableListPage } from './transit-gateway-association.js';
import { attachmentRef } from './transit-gateway-route.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Prefix-list references of transit gateway route tables over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-prefix-lists.html): each entry of the list
 * acts as a static route to the attachment, or a blackhole.
 */

type ReferenceWire = NonNullable<
  Ec2Output<'CreateTransitGatewayPrefixListReference'>['transitGatewayPrefixListReference']
>;

/** EC2 `TransitGatewayPrefixListReference`, its attachment named from the table's gateway. */
function referenceOutput(s: Snapshot, r: TransitGatewayPrefixListReferenceOutput): ReferenceWire {
  const tgwId = s.get(
    'transit-gateway-route-table',
    r.transitGatewayRouteTableId,
  )?.transitGatewayId;
  return {
    transitGatewayRouteTableId: r.transitGatewayRouteTableId,
    prefixListId: r.prefixListId,
    prefixListOwnerId: r.prefixListOwnerId,
    state: r.state,
    blackhole: r.blackhole,
    transitGatewayAttachment: attachmentRef(s, tgwId ?? '', r.transitGatewayAttachmentId),
  };
}

/** CreateTransitGatewayPrefixListReference: one per prefix list per table. */
export const createTransitGatewayPrefixListReferenceHandler = defineHandler(
  'CreateTransitGatewayPrefixListReference',
  (input, ctx) => {
    const result = ctx.run(
      'CreateTransitGatewayPrefixListReference',
      createTransitGatewayPrefixListReference,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        prefixListId: input.prefixListId,
        transitGatewayAttachmentId: input.transitGatewayAttachmentId,
        blackhole: input.blackhole,
      },
    );
    return result.ok
      ? ok({ transitGatewayPrefixListReference: referenceOutput(ctx.store.snapshot, result.value) })
      : result;
  },
);

/** ModifyTransitGatewayPrefixListReference: a new target for an existing reference. */
export const modifyTransitGatewayPrefixListReferenceHandler = defineHandler(
  'ModifyTransitGatewayPrefixListReference',
  (input, ctx) => {
    const result = ctx.run(
      'ModifyTransitGatewayPrefixListReference',
      modifyTransitGatewayPrefixListReference,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        prefixListId: input.prefixListId,
        transitGatewayAttachmentId: input.transitGatewayAttachmentId,
        blackhole: input.blackhole,
      },
    );
    return result.ok
      ? ok({ transitGatewayPrefixListReference: referenceOutput(ctx.store.snapshot, result.value) })
      : result;
  },
);

/** DeleteTransitGatewayPrefixListReference: AWS answers `deleting`. */
export const deleteTransitGatewayPrefixListReferenceHandler = defineHandler(
  'DeleteTransitGatewayPrefixListReference',
  (input, ctx) => {
    const result = ctx.run(
      'DeleteTransitGatewayPrefixListReference',
      deleteTransitGatewayPrefixListReference,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        prefixListId: input.prefixListId,
      },
    );
    return result.ok
      ? ok({ transitGatewayPrefixListReference: referenceOutput(ctx.store.snapshot, result.value) })
      : result;
  },
);

/** A stored reference with what its filters read. */
interface ReferenceView {
  readonly ref: TgwPrefixListReference;
  readonly wire: ReferenceWire;
}

/** GetTransitGatewayPrefixListReferences filters, as AWS documents them. */
export const REFERENCE_FILTERS: FilterTable<ReferenceView> = {
  'attachment.resource-id': (v) => [v.wire.transitGatewayAttachment?.resourceId],
  'attachment.resource-type': (v) => [v.wire.transitGatewayAttachment?.resourceType],
  'attachment.transit-gateway-attachment-id': (v) => [
    v.wire.transitGatewayAttachment?.transitGatewayAttachmentId,
  ],
  'is-blackhole': (v) => [flag(v.ref.blackhole)],
  'prefix-list-id': (v) => [v.ref.prefixListId],
  'prefix-list-owner-id': (v) => [v.ref.prefixListOwnerId],
  state: (v) => [v.wire.state],
};

/** GetTransitGatewayPrefixListReferences: the table's references, filtered and paged. */
export const getTransitGatewayPrefixListReferencesHandler = defineHandler(
  'GetTransitGatewayPrefixListReferences',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const page = tableListPage(
      ctx,
      input,
      (t) =>
        t.prefixListReferences.map((ref) => ({
          ref,
          wire: referenceOutput(s, {
            transitGatewayRouteTableId: t.id,
            prefixListId: ref.prefixListId,
            prefixListOwnerId: ref.prefixListOwnerId,
            state: 'available',
            blackhole: ref.blackhole,
            transitGatewayAttachmentId: ref.transitGatewayAttachmentId,
          }),
        })),
      REFERENCE_FILTERS,
      (v) => v.ref.prefixListId,
    );
    if (!page.ok) return page;
    return ok({
      transitGatewayPrefixListReferences: page.value.items.map((v) => v.wire),
      nextToken: page.value.nextToken,
    });
  },
);

/** The prefix-list reference handlers, by action. */
export const TGW_PREFIX_LIST_REFERENCE_HANDLERS = handlerRegistry(
  createTransitGatewayPrefixListReferenceHandler,
  modifyTransitGatewayPrefixListReferenceHandler,
  deleteTransitGatewayPrefixListReferenceHandler,
  getTransitGatewayPrefixListReferencesHandler,
);
