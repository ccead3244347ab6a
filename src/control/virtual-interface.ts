import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { VirtualInterface } from '../model/virtual-interface.js';
import { dxError, liveDirectConnectGateway } from './direct-connect-gateway.js';
import { tagsParam } from './params.js';
import { liveVpnGateway } from './vpn-gateway.js';

/**
 * Direct Connect virtual interfaces
 * (https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-vif.html): private ones to a
 * virtual private gateway or a Direct Connect gateway, transit ones to a Direct Connect gateway.
 * Connections (`dxcon-…`, `dxlag-…`) are not modelled; their ids are checked for shape and kept.
 */

const CONNECTION_ID = /^dx(?:con|lag)-[0-9a-z]{8}$/;

/** The fields of `NewPrivateVirtualInterface` / `NewTransitVirtualInterface` that are modelled. */
export interface NewVirtualInterfaceInput {
  readonly virtualInterfaceName: string;
  readonly vlan: number;
  readonly asn: number;
  readonly mtu?: number;
  readonly amazonAddress?: string;
  readonly customerAddress?: string;
  readonly addressFamily?: string;
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly tags?: readonly Tag[];
}

export interface CreateVirtualInterfaceInput {
  readonly connectionId: string;
  readonly newVirtualInterface: NewVirtualInterfaceInput;
}

/** Checks the fields every virtual interface has: connection, VLAN (unique on it), ASN, MTU. */
function commonChecks(
  s: Snapshot,
  input: CreateVirtualInterfaceInput,
  allowedMtus: readonly number[],
): AwsError | undefined {
  const v = input.newVirtualInterface;
  if (!CONNECTION_ID.test(input.connectionId)) {
    return dxError(`Connection ID ${input.connectionId} has an invalid format.`);
  }
  if (typeof v.virtualInterfaceName !== 'string' || v.virtualInterfaceName.length === 0) {
    return dxError('virtualInterfaceName is required.');
  }
  if (!Number.isInteger(v.vlan) || v.vlan < 1 || v.vlan > 4094) {
    return dxError(`VLAN ${String(v.vlan)} is invalid. It must be between 1 and 4094.`);
  }
  const clash = [...s.all('virtual-interface')].some(
    (x) =>
      x.connectionId === input.connectionId &&
      x.vlan === v.vlan &&
      x.virtualInterfaceState !== 'deleted',
  );
  if (clash) {
    return dxError(`VLAN ${String(v.vlan)} is already in use on connection ${input.connectionId}.`);
  }
  if (!Number.isInteger(v.asn) || v.asn < 1 || v.asn > 4294967294) {
    return dxError(`ASN ${String(v.asn)} is invalid.`);
  }
  if (v.mtu !== undefined && !allowedMtus.includes(v.mtu)) {
    return dxError(`MTU ${String(v.mtu)} is invalid. Valid values: ${allowedMtus.join(', ')}.`);
  }
  if (v.addressFamily !== undefined && v.addressFamily !== 'ipv4') {
    return dxError('Only the ipv4 address family is supported by vpctwin virtual interfaces.');
  }
  return undefined;
}

/** Builds the interface once its gateway has been checked. */
function build(
  input: CreateVirtualInterfaceInput,
  type: VirtualInterface['virtualInterfaceType'],
  gateway: Pick<VirtualInterface, 'virtualGatewayId' | 'directConnectGatewayId'>,
  amazonSideAsn: number,
  tags: readonly Tag[],
  ctx: OperationContext,
): VirtualInterface {
  const v = input.newVirtualInterface;
  const id = ctx.ids.next('virtual-interface');
  return {
    kind: 'virtual-interface',
    // AWS's virtual interface ids carry 8 characters after `dxvif-`.
    id: id.slice(0, 'dxvif-'.length + 8) as typeof id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags,
    virtualInterfaceType: type,
    virtualInterfaceName: v.virtualInterfaceName,
    connectionId: input.connectionId,
    vlan: v.vlan,
    asn: v.asn,
    amazonSideAsn,
    addressFamily: 'ipv4',
    ...(v.amazonAddress !== undefined ? { amazonAddress: v.amazonAddress } : {}),
    ...(v.customerAddress !== undefined ? { customerAddress: v.customerAddress } : {}),
    ...gateway,
    virtualInterfaceState: 'available',
    mtu: (v.mtu ?? 1500) as VirtualInterface['mtu'],
  };
}

/** CreatePrivateVirtualInterface: to exactly one of a VGW or a Direct Connect gateway. */
export const createPrivateVirtualInterface: Operation<
  CreateVirtualInterfaceInput,
  VirtualInterface
> = (s, input, ctx) => {
  const bad = commonChecks(s, input, [1500, 9001]);
  if (bad) return fail(bad);
  const tags = tagsParam(input.newVirtualInterface.tags);
  if (!tags.ok) return tags;
  const { virtualGatewayId, directConnectGatewayId } = input.newVirtualInterface;
  if ((virtualGatewayId === undefined) === (directConnectGatewayId === undefined)) {
    return fail(dxError('Specify exactly one of virtualGatewayId and directConnectGatewayId.'));
  }
  if (virtualGatewayId !== undefined) {
    const vgw = liveVpnGateway(s, virtualGatewayId, ctx);
    if (!vgw.ok)
      return fail(dxError(`Virtual private gateway ${virtualGatewayId} does not exist.`));
    const vif = build(
      input,
      'private',
      { virtualGatewayId: vgw.value.id },
      vgw.value.amazonSideAsn,
      tags.value,
      ctx,
    );
    return ok({ changes: [{ op: 'put', resource: vif }], output: vif });
  }
  const found = gatewayFor(s, directConnectGatewayId ?? '', 'private', ctx);
  if (!found.ok) return found;
  const vif = build(
    input,
    'private',
    { directConnectGatewayId: found.value.id },
    found.value.amazonSideAsn,
    tags.value,
    ctx,
  );
  return ok({ changes: [{ op: 'put', resource: vif }], output: vif });
};

/** CreateTransitVirtualInterface: to a Direct Connect gateway. */
export const createTransitVirtualInterface: Operation<
  CreateVirtualInterfaceInput,
  VirtualInterface
> = (s, input, ctx) => {
  const bad = commonChecks(s, input, [1500, 8500]);
  if (bad) return fail(bad);
  const tags = tagsParam(input.newVirtualInterface.tags);
  if (!tags.ok) return tags;
  const id = input.newVirtualInterface.directConnectGatewayId;
  if (id === undefined) return fail(dxError('directConnectGatewayId is required.'));
  const found = gatewayFor(s, id, 'transit', ctx);
  if (!found.ok) return found;
  const vif = build(
    input,
    'transit',
    { directConnectGatewayId: found.value.id },
    found.value.amazonSideAsn,
    tags.value,
    ctx,
  );
  return ok({ changes: [{ op: 'put', resource: vif }], output: vif });
};

/**
 * A Direct Connect gateway that can take an interface of `type`: private interfaces and transit
 * gateway associations do not mix on one gateway, nor transit interfaces and VGW associations.
 */
function gatewayFor(
  s: Snapshot,
  id: string,
  type: VirtualInterface['virtualInterfaceType'],
  ctx: OperationContext,
) {
  const g = liveDirectConnectGateway(s, id, ctx);
  if (!g.ok) return g;
  const wrong = type === 'private' ? 'transitGateway' : 'virtualPrivateGateway';
  if (g.value.associations.some((a) => a.associatedGateway.type === wrong)) {
    return fail(
      dxError(
        `Direct Connect gateway ${id} is associated with a ${wrong === 'transitGateway' ? 'transit gateway' : 'virtual private gateway'}; a ${type} virtual interface cannot be attached to it.`,
      ),
    );
  }
  const mixed = s
    .find('virtualInterfacesByGateway', id)
    .some((v) => v.virtualInterfaceState !== 'deleted' && v.virtualInterfaceType !== type);
  if (mixed) {
    return fail(
      dxError(`Direct Connect gateway ${id} already has virtual interfaces of the other type.`),
    );
  }
  return g;
}

/** DeleteVirtualInterface: the interface goes to `deleted` and carries nothing more. */
export const deleteVirtualInterface: Operation<
  { readonly virtualInterfaceId: string },
  { readonly virtualInterfaceState: 'deleted' }
> = (s, input, ctx) => {
  const vif = liveVirtualInterface(s, input.virtualInterfaceId, ctx);
  if (!vif.ok) return vif;
  const next: VirtualInterface = { ...vif.value, virtualInterfaceState: 'deleted' };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { virtualInterfaceState: 'deleted' },
  });
};

/** The caller's virtual interface, not deleted. */
export function liveVirtualInterface(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<VirtualInterface, AwsError> {
  const vif = s.get('virtual-interface', id);
  if (!vif || vif.ownerId !== ctx.accountId || vif.virtualInterfaceState === 'deleted') {
    return fail(
      AwsErrors.code('DirectConnectClientException', `Virtual interface ${id} does not exist.`),
    );
  }
  return ok(vif);
}
