import type { Tag } from '../model/common.js';
import { isLive } from '../model/customer-gateway.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import {
  attachedVpcId,
  DEFAULT_AMAZON_SIDE_ASN,
  isAmazonSideAsn,
  type VgwAttachment,
  type VpnGateway,
} from '../model/vpn-gateway.js';
import { owned, tagsParam } from './params.js';

/**
 * Virtual private gateways (https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html):
 * create, attach to one VPC at a time, detach, delete. Routes that point at a detached or
 * deleted gateway stay in their tables and read as blackholes.
 */

export interface CreateVpnGatewayInput {
  readonly type: string;
  readonly amazonSideAsn?: number;
  readonly availabilityZone?: string;
  readonly tags?: readonly Tag[];
}

/** AWS's wording for an Amazon-side ASN outside the private ranges. */
export const invalidAmazonSideAsn = (asn: number): AwsError =>
  AwsErrors.invalidParameterValue(
    `Value (${String(asn)}) for parameter amazonSideAsn is invalid. A private ASN in the range 64512-65534 or 4200000000-4294967294 is required.`,
  );

/** CreateVpnGateway: `ipsec.1`, Amazon-side ASN 64512 unless given. Available at once. */
export const createVpnGateway: Operation<CreateVpnGatewayInput, VpnGateway> = (_s, input, ctx) => {
  if (input.type !== 'ipsec.1') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.type}) for parameter type is invalid. Valid values: ipsec.1`,
      ),
    );
  }
  const asn = input.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
  if (!isAmazonSideAsn(asn)) return fail(invalidAmazonSideAsn(asn));
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const vgw: VpnGateway = {
    kind: 'vpn-gateway',
    id: ctx.ids.next('vpn-gateway'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    type: 'ipsec.1',
    state: 'available',
    amazonSideAsn: asn,
    ...(input.availabilityZone !== undefined ? { availabilityZone: input.availabilityZone } : {}),
    vpcAttachments: [],
  };
  return ok({ changes: [{ op: 'put', resource: vgw }], output: vgw });
};

/** The caller's virtual private gateway, not deleted (a deleted one answers as not found). */
export function liveVpnGateway(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<VpnGateway, AwsError> {
  const vgw = owned(s, 'vpn-gateway', id, ctx);
  if (!vgw.ok) return vgw;
  if (!isLive(vgw.value)) return fail(AwsErrors.notFound('vpn-gateway', id));
  return vgw;
}

export interface VpnGatewayAttachmentInput {
  readonly vpnGatewayId: string;
  readonly vpcId: string;
}

/** AttachVpnGateway: one VPC per gateway and one gateway per VPC. */
export const attachVpnGateway: Operation<VpnGatewayAttachmentInput, VgwAttachment> = (
  s,
  input,
  ctx,
) => {
  const vgw = liveVpnGateway(s, input.vpnGatewayId, ctx);
  if (!vgw.ok) return vgw;
  const vpc = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpc.ok) return vpc;
  const current = attachedVpcId(vgw.value);
  if (current !== undefined) {
    return fail(
      AwsErrors.limitExceeded(
        'VpnGatewayAttachmentLimitExceeded',
        `The virtual private gateway ${vgw.value.id} is already attached to ${current}; a virtual private gateway can be attached to one VPC at a time.`,
      ),
    );
  }
  const other = s.find('vpnGatewaysByVpc', vpc.value.id)[0];
  if (other) {
    return fail(
      AwsErrors.limitExceeded(
        'VpnGatewayAttachmentLimitExceeded',
        `The VPC ${vpc.value.id} already has the virtual private gateway ${other.id} attached; a VPC can have one virtual private gateway.`,
      ),
    );
  }
  const attachment: VgwAttachment = { vpcId: vpc.value.id, state: 'attached' };
  // Earlier, detached attachments are dropped: AWS shows only the latest one.
  const next: VpnGateway = { ...vgw.value, vpcAttachments: [attachment] };
  return ok({ changes: [{ op: 'put', resource: next }], output: attachment });
};

/**
 * DetachVpnGateway: the gateway's edge association goes with the attachment (as for internet
 * gateways, D10); route propagation stays configured and propagates nothing until reattached.
 */
export const detachVpnGateway: Operation<VpnGatewayAttachmentInput, true> = (s, input, ctx) => {
  const vgw = liveVpnGateway(s, input.vpnGatewayId, ctx);
  if (!vgw.ok) return vgw;
  const vpc = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpc.ok) return vpc;
  if (attachedVpcId(vgw.value) !== vpc.value.id) {
    return fail(
      AwsErrors.code(
        'InvalidVpnGatewayAttachment.NotFound',
        `The attachment with vpn gateway ID '${vgw.value.id}' and vpc ID '${vpc.value.id}' does not exist`,
      ),
    );
  }
  const next: VpnGateway = {
    ...vgw.value,
    vpcAttachments: [{ vpcId: vpc.value.id, state: 'detached' }],
  };
  const changes: Change[] = [{ op: 'put', resource: next }];
  for (const t of s.find('routeTableByGateway', vgw.value.id)) {
    const associations = t.associations.filter((a) => a.gatewayId !== vgw.value.id);
    changes.push({ op: 'put', resource: { ...t, associations } });
  }
  return ok({ changes, output: true });
};

/**
 * DeleteVpnGateway: only once detached and without live VPN connections or Direct Connect
 * associations. The gateway stays visible as `deleted`; routes to it read as blackholes.
 */
export const deleteVpnGateway: Operation<{ readonly vpnGatewayId: string }, true> = (
  s,
  input,
  ctx,
) => {
  const vgw = liveVpnGateway(s, input.vpnGatewayId, ctx);
  if (!vgw.ok) return vgw;
  const id = vgw.value.id;
  const vpcId = attachedVpcId(vgw.value);
  if (vpcId !== undefined) {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectState',
        `The virtual private gateway '${id}' is attached to ${vpcId}; detach it first.`,
      ),
    );
  }
  const busy =
    s.find('vpnConnectionsByVpnGateway', id).some((v) => isLive(v)) ||
    s.find('directConnectGatewaysByAssociatedGateway', id).length > 0 ||
    s.find('virtualInterfacesByGateway', id).some((v) => v.virtualInterfaceState !== 'deleted');
  if (busy) return fail(AwsErrors.hasDependencies('vpnGateway', id));
  const deleted: VpnGateway = { ...vgw.value, state: 'deleted' };
  return ok({ changes: [{ op: 'put', resource: deleted }], output: true });
};
