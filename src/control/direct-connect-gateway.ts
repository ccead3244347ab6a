import type { Cidr } from '../net/index.js';
import {
  nextUuid,
  isUuid,
  type DirectConnectGateway,
  type DirectConnectGatewayAssociation,
} from '../model/direct-connect-gateway.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TransitGateway } from '../model/transit-gateway.js';
import { vpcCidrs } from '../model/vpc.js';
import { attachedVpcId, DEFAULT_AMAZON_SIDE_ASN, isAmazonSideAsn } from '../model/vpn-gateway.js';
import { Draft } from './draft.js';
import { cidrParam } from './params.js';
import { attachResource, gatewayAvailable } from './transit-gateway-attachment.js';
import { detachHybrid } from './transit-gateway-hybrid.js';
import { liveVpnGateway } from './vpn-gateway.js';

/**
 * Direct Connect gateways and their associations with virtual private gateways and transit
 * gateways (https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html).
 * Direct Connect is its own API: every client error is a `DirectConnectClientException`.
 */

/** A Direct Connect client error, in that API's single exception type. */
export const dxError = (message: string): AwsError =>
  AwsErrors.code('DirectConnectClientException', message);

/** Allowed prefixes per association (Direct Connect quotas page). */
export const ALLOWED_PREFIXES_PER_ASSOCIATION = 20;

const TGW_ID = /^tgw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export interface CreateDirectConnectGatewayInput {
  readonly directConnectGatewayName: string;
  readonly amazonSideAsn?: number;
}

/** CreateDirectConnectGateway: a name and an Amazon-side ASN (64512 unless given). */
export const createDirectConnectGateway: Operation<
  CreateDirectConnectGatewayInput,
  DirectConnectGateway
> = (_s, input, ctx) => {
  const name = input.directConnectGatewayName;
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) {
    return fail(dxError('directConnectGatewayName must be 1 to 100 characters long.'));
  }
  const asn = input.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
  if (!isAmazonSideAsn(asn)) {
    return fail(
      dxError(
        `Amazon side ASN ${String(asn)} is invalid. It must be a private ASN in the range 64512-65534 or 4200000000-4294967294.`,
      ),
    );
  }
  const gateway: DirectConnectGateway = {
    kind: 'direct-connect-gateway',
    id: nextUuid(ctx.ids, 'direct-connect-gateway'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: [],
    directConnectGatewayName: name,
    amazonSideAsn: asn,
    directConnectGatewayState: 'available',
    associations: [],
  };
  return ok({ changes: [{ op: 'put', resource: gateway }], output: gateway });
};

/** The caller's Direct Connect gateway (global: any Region), not deleted. */
export function liveDirectConnectGateway(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<DirectConnectGateway, AwsError> {
  const g = isUuid(id) ? s.get('direct-connect-gateway', id) : undefined;
  if (!g || g.ownerId !== ctx.accountId || g.directConnectGatewayState !== 'available') {
    return fail(dxError(`Direct Connect gateway ${id} does not exist.`));
  }
  return ok(g);
}

/** DeleteDirectConnectGateway: only without associations and virtual interfaces. */
export const deleteDirectConnectGateway: Operation<
  { readonly directConnectGatewayId: string },
  DirectConnectGateway
> = (s, input, ctx) => {
  const g = liveDirectConnectGateway(s, input.directConnectGatewayId, ctx);
  if (!g.ok) return g;
  const vifs = s
    .find('virtualInterfacesByGateway', g.value.id)
    .filter((v) => v.virtualInterfaceState !== 'deleted');
  if (g.value.associations.length > 0 || vifs.length > 0) {
    return fail(
      dxError(
        `Direct Connect gateway ${g.value.id} has associations or virtual interfaces attached; remove them first.`,
      ),
    );
  }
  const deleted: DirectConnectGateway = { ...g.value, directConnectGatewayState: 'deleted' };
  return ok({ changes: [{ op: 'put', resource: deleted }], output: deleted });
};

export interface CreateDirectConnectGatewayAssociationInput {
  readonly directConnectGatewayId: string;
  readonly gatewayId: string;
  readonly addAllowedPrefixesToDirectConnectGateway?: readonly { readonly cidr: string }[];
}

/** The allowed prefixes of a request, parsed; at most 20. */
function allowedPrefixes(
  given: readonly { readonly cidr: string }[] | undefined,
): Result<Cidr[] | undefined, AwsError> {
  if (given === undefined) return ok(undefined);
  if (given.length > ALLOWED_PREFIXES_PER_ASSOCIATION) {
    return fail(
      dxError(`At most ${ALLOWED_PREFIXES_PER_ASSOCIATION} allowed prefixes can be specified.`),
    );
  }
  const out: Cidr[] = [];
  for (const p of given) {
    const c = cidrParam('cidr', p.cidr, 4);
    if (!c.ok) return fail(dxError(`Allowed prefix ${p.cidr} is not a valid IPv4 CIDR.`));
    out.push(c.value);
  }
  return ok(out);
}

/**
 * CreateDirectConnectGatewayAssociation: a virtual private gateway attached to a VPC (allowed
 * prefixes default to the VPC's IPv4 blocks) or a transit gateway (allowed prefixes required).
 * A gateway belongs to one Direct Connect gateway; a Direct Connect gateway does not mix
 * private virtual interfaces with transit gateways, nor transit interfaces with VGWs; allowed
 * prefixes of one Direct Connect gateway may not overlap.
 */
export const createDirectConnectGatewayAssociation: Operation<
  CreateDirectConnectGatewayAssociationInput,
  DirectConnectGatewayAssociation
> = (s, input, ctx) => {
  const g = liveDirectConnectGateway(s, input.directConnectGatewayId, ctx);
  if (!g.ok) return g;
  const given = allowedPrefixes(input.addAllowedPrefixesToDirectConnectGateway);
  if (!given.ok) return given;
  const id = input.gatewayId;
  if (s.find('directConnectGatewaysByAssociatedGateway', id).length > 0) {
    return fail(dxError(`Gateway ${id} is already associated with a Direct Connect gateway.`));
  }
  const vifs = s
    .find('virtualInterfacesByGateway', g.value.id)
    .filter((v) => v.virtualInterfaceState !== 'deleted');
  let associatedGateway: DirectConnectGatewayAssociation['associatedGateway'];
  let tgw: TransitGateway | undefined;
  let prefixes: Cidr[];
  if (id.startsWith('vgw-')) {
    const vgw = liveVpnGateway(s, id, ctx);
    if (!vgw.ok) return fail(dxError(`Virtual private gateway ${id} does not exist.`));
    const vpc = s.get('vpc', attachedVpcId(vgw.value) ?? '');
    if (!vpc) return fail(dxError(`Virtual private gateway ${id} is not attached to a VPC.`));
    if (vifs.some((v) => v.virtualInterfaceType === 'transit')) {
      return fail(
        dxError(
          `Direct Connect gateway ${g.value.id} has transit virtual interfaces; it cannot be associated with a virtual private gateway.`,
        ),
      );
    }
    associatedGateway = {
      id,
      type: 'virtualPrivateGateway',
      ownerAccount: vgw.value.ownerId,
      region: vgw.value.region,
    };
    prefixes = given.value ?? vpcCidrs(vpc).filter((c) => c.family === 4);
  } else if (TGW_ID.test(id)) {
    if (given.value === undefined || given.value.length === 0) {
      return fail(dxError('Allowed prefixes are required for a transit gateway association.'));
    }
    const found = dxTransitGateway(s, id, ctx);
    if (!found.ok) return found;
    tgw = found.value;
    if (vifs.some((v) => v.virtualInterfaceType === 'private')) {
      return fail(
        dxError(
          `Direct Connect gateway ${g.value.id} has private virtual interfaces; it cannot be associated with a transit gateway.`,
        ),
      );
    }
    associatedGateway = {
      id,
      type: 'transitGateway',
      ownerAccount: tgw.ownerId,
      region: tgw.region,
    };
    prefixes = given.value;
  } else {
    return fail(
      dxError(`Gateway ${id} is neither a virtual private gateway nor a transit gateway.`),
    );
  }
  for (const a of g.value.associations) {
    const clash = a.allowedPrefixesToDirectConnectGateway.find((x) =>
      prefixes.some((p) => p.overlaps(x)),
    );
    if (clash) {
      return fail(
        dxError(
          `Allowed prefix ${clash.toString()} of association ${a.associationId} overlaps the prefixes of the new association.`,
        ),
      );
    }
  }
  const association: DirectConnectGatewayAssociation = {
    associationId: nextUuid(ctx.ids, 'direct-connect-gateway-association'),
    associatedGateway,
    allowedPrefixesToDirectConnectGateway: prefixes,
    associationState: 'associated',
  };
  const next: DirectConnectGateway = {
    ...g.value,
    associations: [...g.value.associations, association],
  };
  const d = new Draft(s);
  d.put(next);
  // A transit gateway association is a `direct-connect-gateway` attachment on that gateway (D70).
  if (tgw) attachResource(d, ctx, tgw, 'direct-connect-gateway', g.value.id);
  return ok({ changes: d.changes(), output: association });
};

/**
 * A transit gateway a Direct Connect gateway of the caller's may associate with: the caller's,
 * in any Region (Direct Connect gateways are global), available. Cross-account association
 * proposals are not modelled.
 */
function dxTransitGateway(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<TransitGateway, AwsError> {
  const tgw = s.get('transit-gateway', id);
  if (!tgw || tgw.ownerId !== ctx.accountId || tgw.state === 'deleted') {
    return fail(dxError(`Transit gateway ${id} does not exist.`));
  }
  const down = gatewayAvailable(tgw);
  return down ? fail(dxError(`Transit gateway ${id} is in ${tgw.state} state.`)) : ok(tgw);
}

/** DeleteDirectConnectGatewayAssociation: by association id, among the caller's gateways. */
export const deleteDirectConnectGatewayAssociation: Operation<
  { readonly associationId: string },
  DirectConnectGatewayAssociation
> = (s, input, ctx) => {
  for (const g of s.all('direct-connect-gateway')) {
    if (g.ownerId !== ctx.accountId) continue;
    const a = g.associations.find((x) => x.associationId === input.associationId);
    if (!a) continue;
    const next: DirectConnectGateway = {
      ...g,
      associations: g.associations.filter((x) => x !== a),
    };
    // A transit gateway association takes its attachment with it (D70).
    const detached =
      a.associatedGateway.type === 'transitGateway'
        ? detachHybrid(s, a.associatedGateway.id, 'direct-connect-gateway', g.id)
        : [];
    return ok({ changes: [{ op: 'put', resource: next }, ...detached], output: a });
  }
  return fail(dxError(`Direct Connect gateway association ${input.associationId} does not exist.`));
};

/** UpdateDirectConnectGateway: a new name (1 to 100 characters); nothing else changes. */
export const updateDirectConnectGateway: Operation<
  { readonly directConnectGatewayId: string; readonly newDirectConnectGatewayName: string },
  DirectConnectGateway
> = (s, input, ctx) => {
  const g = liveDirectConnectGateway(s, input.directConnectGatewayId, ctx);
  if (!g.ok) return g;
  const name = input.newDirectConnectGatewayName;
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) {
    return fail(dxError('newDirectConnectGatewayName must be 1 to 100 characters long.'));
  }
  const next: DirectConnectGateway = { ...g.value, directConnectGatewayName: name };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};
