/**
 * The Direct Connect API (JSON 1.1, `OvertureService.*`): Direct Connect gateways, their
 * associations with virtual private gateways and transit gateways, and private and transit
 * virtual interfaces, mapped to the operations in src/control. Every client error is a
 * `DirectConnectClientException`, that API's one client error type (D43).
 */
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
  deleteDirectConnectGateway,
  deleteDirectConnectGatewayAssociation,
  dxError,
  updateDirectConnectGateway,
  type CreateDirectConnectGatewayAssociationInput,
  type CreateDirectConnectGatewayInput,
} from '../../control/direct-connect-gateway.js';
import {
  createPrivateVirtualInterface,
  createTransitVirtualInterface,
  deleteVirtualInterface,
  type CreateVirtualInterfaceInput,
  type NewVirtualInterfaceInput,
} from '../../control/virtual-interface.js';
import type {
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
} from '../../model/direct-connect-gateway.js';
import { fail, ok } from '../../model/result.js';
import type { VirtualInterface } from '../../model/virtual-interface.js';
import type { Handler, HandlerContext, HandlerResult } from './context.js';
import { tokenPage } from './token-paging.js';

const gatewayView = (g: DirectConnectGateway) => ({
  directConnectGatewayId: g.id,
  directConnectGatewayName: g.directConnectGatewayName,
  amazonSideAsn: g.amazonSideAsn,
  ownerAccount: g.ownerId,
  directConnectGatewayState: g.directConnectGatewayState,
});

function associationView(g: DirectConnectGateway, a: DirectConnectGatewayAssociation) {
  const vgw = a.associatedGateway.type === 'virtualPrivateGateway';
  return {
    directConnectGatewayId: g.id,
    directConnectGatewayOwnerAccount: g.ownerId,
    associationState: a.associationState,
    associatedGateway: a.associatedGateway,
    associationId: a.associationId,
    allowedPrefixesToDirectConnectGateway: a.allowedPrefixesToDirectConnectGateway.map((c) => ({
      cidr: c.toString(),
    })),
    ...(vgw
      ? {
          virtualGatewayId: a.associatedGateway.id,
          virtualGatewayRegion: a.associatedGateway.region,
          virtualGatewayOwnerAccount: a.associatedGateway.ownerAccount,
        }
      : {}),
  };
}

const vifView = (v: VirtualInterface) => ({
  ownerAccount: v.ownerId,
  virtualInterfaceId: v.id,
  connectionId: v.connectionId,
  virtualInterfaceType: v.virtualInterfaceType,
  virtualInterfaceName: v.virtualInterfaceName,
  vlan: v.vlan,
  asn: v.asn,
  amazonSideAsn: v.amazonSideAsn,
  amazonAddress: v.amazonAddress,
  customerAddress: v.customerAddress,
  addressFamily: v.addressFamily,
  virtualInterfaceState: v.virtualInterfaceState,
  mtu: v.mtu,
  jumboFrameCapable: v.mtu > 1500,
  virtualGatewayId: v.virtualGatewayId,
  directConnectGatewayId: v.directConnectGatewayId,
  region: v.region,
  tags: v.tags,
  bgpPeers: [
    {
      asn: v.asn,
      addressFamily: v.addressFamily,
      amazonAddress: v.amazonAddress,
      customerAddress: v.customerAddress,
      bgpPeerState: v.virtualInterfaceState === 'available' ? 'available' : 'deleted',
      bgpStatus: v.virtualInterfaceState === 'available' ? 'up' : 'down',
    },
  ],
});

/** The caller's Direct Connect gateways, in every Region (they are global), oldest id first. */
const myGateways = (ctx: HandlerContext) =>
  [...ctx.store.snapshot.all('direct-connect-gateway')]
    .filter((g) => g.ownerId === ctx.caller.accountId)
    .sort((a, b) => a.id.localeCompare(b.id));

/**
 * Direct Connect paging. AWS documents no bound for `maxResults`; below 1 is refused.
 */
const page = <T>(items: readonly T[], input: Record<string, unknown>) =>
  tokenPage(items, input, {
    token: (t) => dxError(`The nextToken ${t} is not valid.`),
    max: dxError('maxResults must be at least 1.'),
    maxResults: Number.MAX_SAFE_INTEGER,
  });

const describeGateways: Handler = (input, ctx) => {
  const id = input.directConnectGatewayId as string | undefined;
  const all = myGateways(ctx).filter((g) => id === undefined || g.id === id);
  if (id !== undefined && all.length === 0) {
    return fail(dxError(`Direct Connect gateway ${id} does not exist.`));
  }
  const p = page(all, input);
  if (!p.ok) return p;
  return ok({
    directConnectGateways: p.value.items.map(gatewayView),
    nextToken: p.value.nextToken,
  });
};

const describeAssociations: Handler = (input, ctx) => {
  const { associationId, associatedGatewayId, directConnectGatewayId, virtualGatewayId } =
    input as Record<string, string | undefined>;
  const gatewayId = associatedGatewayId ?? virtualGatewayId;
  const rows = myGateways(ctx)
    .filter((g) => directConnectGatewayId === undefined || g.id === directConnectGatewayId)
    .flatMap((g) => g.associations.map((a) => [g, a] as const))
    .filter(
      ([, a]) =>
        (associationId === undefined || a.associationId === associationId) &&
        (gatewayId === undefined || a.associatedGateway.id === gatewayId),
    );
  const p = page(rows, input);
  if (!p.ok) return p;
  return ok({
    directConnectGatewayAssociations: p.value.items.map(([g, a]) => associationView(g, a)),
    nextToken: p.value.nextToken,
  });
};

/** The gateway an association belongs to, for its view after a change. */
const ownerOf = (ctx: HandlerContext, associationId: string) =>
  myGateways(ctx).find((g) => g.associations.some((a) => a.associationId === associationId));

const deleteAssociation: Handler = (input, ctx) => {
  let id = input.associationId as string | undefined;
  // The older form names the pair (Direct Connect gateway, VGW) instead of the association.
  if (id === undefined) {
    const g = myGateways(ctx).find((x) => x.id === input.directConnectGatewayId);
    id = g?.associations.find(
      (a) => a.associatedGateway.id === input.virtualGatewayId,
    )?.associationId;
    if (id === undefined) return fail(dxError('The association does not exist.'));
  }
  const g = ownerOf(ctx, id);
  const r = ctx.run(
    'DeleteDirectConnectGatewayAssociation',
    deleteDirectConnectGatewayAssociation,
    {
      associationId: id,
    },
  );
  if (!r.ok || g === undefined)
    return r.ok ? fail(dxError(`Association ${id} does not exist.`)) : r;
  return ok({
    directConnectGatewayAssociation: {
      ...associationView(g, r.value),
      associationState: 'disassociating',
    },
  });
};

const describeVifs: Handler = (input, ctx) => {
  const { connectionId, virtualInterfaceId } = input as Record<string, string | undefined>;
  const vifs = ctx
    .mine('virtual-interface')
    .filter(
      (v) =>
        (connectionId === undefined || v.connectionId === connectionId) &&
        (virtualInterfaceId === undefined || v.id === virtualInterfaceId),
    );
  if (virtualInterfaceId !== undefined && vifs.length === 0) {
    return fail(dxError(`Virtual interface ${virtualInterfaceId} does not exist.`));
  }
  return ok({ virtualInterfaces: vifs.map(vifView) });
};

const describeAttachments: Handler = (input, ctx) => {
  const { directConnectGatewayId, virtualInterfaceId } = input as Record<
    string,
    string | undefined
  >;
  const mine = new Set(myGateways(ctx).map((g) => g.id));
  const rows = [...ctx.store.snapshot.all('virtual-interface')].filter(
    (v) =>
      v.directConnectGatewayId !== undefined &&
      mine.has(v.directConnectGatewayId) &&
      (directConnectGatewayId === undefined ||
        v.directConnectGatewayId === directConnectGatewayId) &&
      (virtualInterfaceId === undefined || v.id === virtualInterfaceId),
  );
  const p = page(rows, input);
  if (!p.ok) return p;
  return ok({
    directConnectGatewayAttachments: p.value.items.map((v) => ({
      directConnectGatewayId: v.directConnectGatewayId,
      virtualInterfaceId: v.id,
      virtualInterfaceRegion: v.region,
      virtualInterfaceOwnerAccount: v.ownerId,
      attachmentState: v.virtualInterfaceState === 'available' ? 'attached' : 'detached',
      attachmentType:
        v.virtualInterfaceType === 'transit'
          ? 'TransitVirtualInterface'
          : 'PrivateVirtualInterface',
    })),
    nextToken: p.value.nextToken,
  });
};

/** A create-interface handler: the `new…VirtualInterface` member carries the interface. */
const createVif =
  (
    member: 'newPrivateVirtualInterface' | 'newTransitVirtualInterface',
    op: typeof createPrivateVirtualInterface,
    wrap: boolean,
  ): Handler =>
  (input, ctx): HandlerResult => {
    const request: CreateVirtualInterfaceInput = {
      connectionId: input.connectionId as string,
      newVirtualInterface: input[member] as NewVirtualInterfaceInput,
    };
    const name =
      member === 'newPrivateVirtualInterface'
        ? 'CreatePrivateVirtualInterface'
        : 'CreateTransitVirtualInterface';
    const r = ctx.run(name, op, request);
    if (!r.ok) return r;
    return ok(wrap ? { virtualInterface: vifView(r.value) } : vifView(r.value));
  };

export const DIRECT_CONNECT_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateDirectConnectGateway: (input, ctx) => {
    const r = ctx.run(
      'CreateDirectConnectGateway',
      createDirectConnectGateway,
      input as unknown as CreateDirectConnectGatewayInput,
    );
    return r.ok ? ok({ directConnectGateway: gatewayView(r.value) }) : r;
  },
  DescribeDirectConnectGateways: describeGateways,
  UpdateDirectConnectGateway: (input, ctx) => {
    const r = ctx.run('UpdateDirectConnectGateway', updateDirectConnectGateway, {
      directConnectGatewayId: input.directConnectGatewayId as string,
      newDirectConnectGatewayName: input.newDirectConnectGatewayName as string,
    });
    return r.ok ? ok({ directConnectGateway: gatewayView(r.value) }) : r;
  },
  DeleteDirectConnectGateway: (input, ctx) => {
    const r = ctx.run('DeleteDirectConnectGateway', deleteDirectConnectGateway, {
      directConnectGatewayId: input.directConnectGatewayId as string,
    });
    return r.ok ? ok({ directConnectGateway: gatewayView(r.value) }) : r;
  },
  CreateDirectConnectGatewayAssociation: (input, ctx) => {
    const gatewayId = (input.gatewayId ?? input.virtualGatewayId) as string | undefined;
    if (gatewayId === undefined) return fail(dxError('gatewayId is required.'));
    const request: CreateDirectConnectGatewayAssociationInput = {
      directConnectGatewayId: input.directConnectGatewayId as string,
      gatewayId,
      addAllowedPrefixesToDirectConnectGateway: input.addAllowedPrefixesToDirectConnectGateway as
        { cidr: string }[] | undefined,
    };
    const r = ctx.run(
      'CreateDirectConnectGatewayAssociation',
      createDirectConnectGatewayAssociation,
      request,
    );
    if (!r.ok) return r;
    const g = ownerOf(ctx, r.value.associationId);
    return g === undefined
      ? fail(dxError('The association does not exist.'))
      : ok({ directConnectGatewayAssociation: associationView(g, r.value) });
  },
  DescribeDirectConnectGatewayAssociations: describeAssociations,
  DeleteDirectConnectGatewayAssociation: deleteAssociation,
  CreatePrivateVirtualInterface: createVif(
    'newPrivateVirtualInterface',
    createPrivateVirtualInterface,
    false,
  ),
  CreateTransitVirtualInterface: createVif(
    'newTransitVirtualInterface',
    createTransitVirtualInterface,
    true,
  ),
  DescribeVirtualInterfaces: describeVifs,
  DeleteVirtualInterface: (input, ctx) => {
    const r = ctx.run('DeleteVirtualInterface', deleteVirtualInterface, {
      virtualInterfaceId: input.virtualInterfaceId as string,
    });
    return r.ok ? ok(r.value) : r;
  },
  DescribeDirectConnectGatewayAttachments: describeAttachments,
};
