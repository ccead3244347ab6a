import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import {
  isLiveAttachment,
  vpcAttachmentBetween,
  type TgwVpcAttachmentInfo,
  type TgwVpcAttachmentOptions,
  type TransitGateway,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { Draft } from './draft.js';
import { buildNetworkInterface } from './interface-builder.js';
import { deleteInterface } from './network-interface.js';
import { owned, ownedInVpc, tagsParam } from './params.js';
import { toggleParam } from './transit-gateway.js';
import {
  attachmentNotFound,
  incorrectState,
  ownedTgw,
  usableTgw,
  visibleAttachment,
} from './transit-gateway-lookup.js';

/**
 * Transit gateway VPC attachments
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html): one subnet per
 * Availability Zone, one attachment per VPC per gateway, at most five gateways per VPC.
 */

/** A VPC can be attached to at most this many transit gateways (quota, not adjustable). */
export const MAX_TGWS_PER_VPC = 5;

/** EC2 `CreateTransitGatewayVpcAttachmentRequestOptions`. */
export interface TgwVpcAttachmentRequestOptions {
  readonly dnsSupport?: string;
  readonly ipv6Support?: string;
  readonly applianceModeSupport?: string;
  readonly securityGroupReferencingSupport?: string;
}

export interface CreateTransitGatewayVpcAttachmentInput {
  readonly transitGatewayId: string;
  readonly vpcId: string;
  /** Required (MissingParameter without); optional here so a raw request cannot crash it. */
  readonly subnetIds?: readonly string[];
  readonly options?: TgwVpcAttachmentRequestOptions;
  readonly tags?: readonly Tag[];
}

/** Parses the attachment options over a base (AWS's defaults, or the current options). */
function vpcOptionsParam(
  o: TgwVpcAttachmentRequestOptions | undefined,
  base: TgwVpcAttachmentOptions,
): Result<TgwVpcAttachmentOptions, AwsError> {
  const dns = toggleParam('DnsSupport', o?.dnsSupport, base.dnsSupport);
  if (!dns.ok) return dns;
  const v6 = toggleParam('Ipv6Support', o?.ipv6Support, base.ipv6Support);
  if (!v6.ok) return v6;
  const appliance = toggleParam(
    'ApplianceModeSupport',
    o?.applianceModeSupport,
    base.applianceModeSupport,
  );
  if (!appliance.ok) return appliance;
  const sgRef = toggleParam(
    'SecurityGroupReferencingSupport',
    o?.securityGroupReferencingSupport,
    base.securityGroupReferencingSupport,
  );
  if (!sgRef.ok) return sgRef;
  return ok({
    dnsSupport: dns.value,
    ipv6Support: v6.value,
    applianceModeSupport: appliance.value,
    securityGroupReferencingSupport: sgRef.value,
  });
}

/**
 * AWS's defaults: DNS support on, IPv6 and appliance mode off. Security group referencing is
 * on by default for a VPC attachment (the gateway-level option gates it).
 */
const DEFAULT_VPC_OPTIONS: TgwVpcAttachmentOptions = {
  dnsSupport: 'enable',
  ipv6Support: 'disable',
  applianceModeSupport: 'disable',
  securityGroupReferencingSupport: 'enable',
};

/** AWS's answer for two subnets of one Availability Zone. */
const duplicateZone = (): AwsError =>
  AwsErrors.code('DuplicateSubnetsInSameZone', 'Duplicate Subnets for same AZ');

/** Checks that the subnets lie in distinct Availability Zones. */
function oneSubnetPerZone(subnets: readonly Subnet[]): AwsError | undefined {
  const zones = new Set<string>();
  for (const sn of subnets) {
    if (zones.has(sn.availabilityZoneId)) return duplicateZone();
    zones.add(sn.availabilityZoneId);
  }
  return undefined;
}

type AttachmentEni = NonNullable<TgwVpcAttachmentInfo['networkInterfaces']>[number];

/**
 * Puts the requester-managed ENI of an attachment in each subnet, into the draft: it takes the
 * subnet's lowest free private IPv4, as AWS's does (InsufficientFreeAddressesInSubnet when none).
 */
function attachmentEnis(
  d: Draft,
  ctx: OperationContext,
  attachmentId: string,
  subnets: readonly Subnet[],
): Result<AttachmentEni[], AwsError> {
  const out: AttachmentEni[] = [];
  for (const subnet of subnets) {
    const built = buildNetworkInterface(d, ctx, subnet, {
      description: `Network Interface for Transit Gateway Attachment ${attachmentId}`,
      interfaceType: 'transit_gateway',
      groups: [],
      sourceDestCheck: false,
      requesterManaged: true,
    });
    if (!built.ok) return built;
    d.put(built.value);
    out.push({ subnetId: subnet.id, networkInterfaceId: built.value.id });
  }
  return ok(out);
}

/** Removes the attachment ENIs of the given subnets from the draft. */
function removeEnis(d: Draft, enis: readonly AttachmentEni[]): void {
  for (const e of enis) {
    const eni = d.get('network-interface', e.networkInterfaceId);
    if (eni) deleteInterface(d, eni);
  }
}

/** Checks a gateway is in a state to take new attachments. */
export function gatewayAvailable(tgw: TransitGateway): AwsError | undefined {
  return tgw.state === 'available'
    ? undefined
    : incorrectState(`Transit Gateway ${tgw.id} is in ${tgw.state} state.`);
}

/**
 * The default association and propagation a new attachment gets on `tgw`, written into the
 * draft: the gateway's default tables when the options are enabled.
 */
export function applyDefaultRouting(
  d: Draft,
  tgw: TransitGateway,
  attachmentId: Id<'transit-gateway-attachment'>,
): void {
  const { associationDefaultRouteTableId: assoc, propagationDefaultRouteTableId: prop } =
    tgw.options;
  if (tgw.options.defaultRouteTableAssociation === 'enable' && assoc) {
    const t = d.get('transit-gateway-route-table', assoc);
    if (t) d.put({ ...t, associations: [...t.associations, attachmentId] });
  }
  if (tgw.options.defaultRouteTablePropagation === 'enable' && prop) {
    const t = d.get('transit-gateway-route-table', prop);
    if (t) d.put({ ...t, propagations: [...t.propagations, attachmentId] });
  }
}

/**
 * CreateTransitGatewayVpcAttachment. RAM sharing is not modelled, so the gateway must be the
 * caller's (decision D32); the attachment is then `available` at once and gets the gateway's
 * default association and propagation.
 */
export const createTransitGatewayVpcAttachment: Operation<
  CreateTransitGatewayVpcAttachmentInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const tgwFound = usableTgw(s, input.transitGatewayId, ctx);
  if (!tgwFound.ok) return tgwFound;
  const tgw = tgwFound.value;
  const down = gatewayAvailable(tgw);
  if (down) return fail(down);
  if (input.vpcId === undefined) return fail(AwsErrors.missingParameter('VpcId'));
  const vpcFound = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpcFound.ok) return vpcFound;
  const vpc = vpcFound.value;
  const subnetIds = input.subnetIds ?? [];
  if (subnetIds.length === 0) return fail(AwsErrors.missingParameter('SubnetIds'));
  const subnets = ownedInVpc(s, 'subnet', [...new Set(subnetIds)], vpc, ctx);
  if (!subnets.ok) return subnets;
  const zones = oneSubnetPerZone(subnets.value);
  if (zones) return fail(zones);
  const options = vpcOptionsParam(input.options, DEFAULT_VPC_OPTIONS);
  if (!options.ok) return options;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  if (vpcAttachmentBetween(s, vpc.id, tgw.id)) {
    return fail(
      AwsErrors.code(
        'DuplicateTransitGatewayAttachment',
        `${tgw.id} has non-deleted Transit Gateway Attachments with same VPC ID.`,
      ),
    );
  }
  const gateways = new Set(
    s
      .find('tgwAttachmentsByVpc', vpc.id)
      .filter(isLiveAttachment)
      .map((a) => a.transitGatewayId),
  );
  if (gateways.size >= MAX_TGWS_PER_VPC) {
    return fail(
      AwsErrors.limitExceeded(
        'TransitGatewayAttachmentLimitExceeded',
        `VPC ${vpc.id} is already attached to ${MAX_TGWS_PER_VPC} transit gateways, the most a VPC can be attached to.`,
      ),
    );
  }
  const waitsForOwner =
    tgw.ownerId !== ctx.accountId && tgw.options.autoAcceptSharedAttachments !== 'enable';
  const d = new Draft(s);
  const id = ctx.ids.next('transit-gateway-attachment');
  const enis = attachmentEnis(d, ctx, id, subnets.value);
  if (!enis.ok) return enis;
  const attachment: TransitGatewayAttachment = {
    kind: 'transit-gateway-attachment',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    transitGatewayId: tgw.id,
    transitGatewayOwnerId: tgw.ownerId,
    resourceType: 'vpc',
    resourceId: vpc.id,
    resourceOwnerId: vpc.ownerId,
    state: waitsForOwner ? 'pendingAcceptance' : 'available',
    creationTime: ctx.clock.now().toISOString(),
    vpc: {
      vpcId: vpc.id,
      vpcOwnerId: vpc.ownerId,
      subnetIds: subnets.value.map((sn) => sn.id),
      options: options.value,
      networkInterfaces: enis.value,
    },
  };
  d.put(attachment);
  // A shared gateway's owner accepts another account's attachment unless it auto-accepts;
  // default association and propagation apply once the attachment is accepted (D27).
  if (!waitsForOwner) applyDefaultRouting(d, tgw, attachment.id);
  return ok({ changes: d.changes(), output: attachment });
};

/**
 * AcceptTransitGatewayVpcAttachment: the gateway's owner takes another account's attachment,
 * which becomes available with the gateway's default routing.
 */
export const acceptTransitGatewayVpcAttachment: Operation<
  { readonly transitGatewayAttachmentId: string },
  TransitGatewayAttachment
> = (s, input, ctx) => pendingDecision(s, input.transitGatewayAttachmentId, ctx, 'available');

/** RejectTransitGatewayVpcAttachment: the gateway's owner refuses another account's attachment. */
export const rejectTransitGatewayVpcAttachment: Operation<
  { readonly transitGatewayAttachmentId: string },
  TransitGatewayAttachment
> = (s, input, ctx) => pendingDecision(s, input.transitGatewayAttachmentId, ctx, 'rejected');

function pendingDecision(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
  state: 'available' | 'rejected',
): Result<{ changes: Change[]; output: TransitGatewayAttachment }, AwsError> {
  const found = visibleAttachment(s, id, ctx);
  if (!found.ok) return found;
  const a = found.value;
  const tgw = ownedTgw(s, a.transitGatewayId, ctx);
  if (a.resourceType !== 'vpc' || !tgw.ok) return fail(attachmentNotFound(id));
  if (a.state !== 'pendingAcceptance') {
    return fail(incorrectState(`${a.id} is in ${a.state} state, not pendingAcceptance.`));
  }
  const d = new Draft(s);
  const next: TransitGatewayAttachment = { ...a, state };
  d.put(next);
  if (state === 'available') applyDefaultRouting(d, tgw.value, a.id);
  return ok({ changes: d.changes(), output: next });
}

export interface ModifyTransitGatewayVpcAttachmentInput {
  readonly transitGatewayAttachmentId: string;
  readonly addSubnetIds?: readonly string[];
  readonly removeSubnetIds?: readonly string[];
  readonly options?: TgwVpcAttachmentRequestOptions;
}

/** A VPC attachment the caller may modify or delete: its own VPC's, or on its own gateway. */
function vpcAttachmentOf(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<
  TransitGatewayAttachment & { vpc: NonNullable<TransitGatewayAttachment['vpc']> },
  AwsError
> {
  const found = visibleAttachment(s, id, ctx);
  if (!found.ok) return found;
  const a = found.value;
  if (a.resourceType !== 'vpc' || !a.vpc) {
    return fail(
      AwsErrors.invalidParameterValue(`Transit Gateway Attachment ${id} is not a VPC attachment.`),
    );
  }
  return ok({ ...a, vpc: a.vpc });
}

/**
 * ModifyTransitGatewayVpcAttachment: add or remove subnets (still one per zone, at least one
 * left) and change options. Only an available attachment may change.
 */
export const modifyTransitGatewayVpcAttachment: Operation<
  ModifyTransitGatewayVpcAttachmentInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const found = vpcAttachmentOf(s, input.transitGatewayAttachmentId, ctx);
  if (!found.ok) return found;
  const a = found.value;
  if (a.state !== 'available') {
    return fail(incorrectState(`Transit Gateway Attachment ${a.id} is in ${a.state} state.`));
  }
  const vpc = s.get('vpc', a.vpc.vpcId);
  if (!vpc) return fail(AwsErrors.notFound('vpc', a.vpc.vpcId));
  const removed = input.removeSubnetIds ?? [];
  for (const id of removed) {
    if (!a.vpc.subnetIds.includes(id as Id<'subnet'>)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Subnet ${id} is not part of Transit Gateway Attachment ${a.id}.`,
        ),
      );
    }
  }
  const kept = a.vpc.subnetIds.filter((id) => !removed.includes(id));
  const addedIds = (input.addSubnetIds ?? []).filter((id) => !kept.includes(id as Id<'subnet'>));
  const added = ownedInVpc(s, 'subnet', [...new Set(addedIds)], vpc, ctx);
  if (!added.ok) return added;
  const subnets = [...kept.flatMap((id) => s.get('subnet', id) ?? []), ...added.value];
  if (subnets.length === 0) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Transit Gateway Attachment ${a.id} must keep at least one subnet.`,
      ),
    );
  }
  const zones = oneSubnetPerZone(subnets);
  if (zones) return fail(zones);
  const options = vpcOptionsParam(input.options, a.vpc.options);
  if (!options.ok) return options;
  const d = new Draft(s);
  const current = a.vpc.networkInterfaces ?? [];
  removeEnis(
    d,
    current.filter((e) => removed.includes(e.subnetId)),
  );
  const fresh = attachmentEnis(d, ctx, a.id, added.value);
  if (!fresh.ok) return fresh;
  const next: TransitGatewayAttachment = {
    ...a,
    vpc: {
      ...a.vpc,
      subnetIds: subnets.map((sn) => sn.id),
      options: options.value,
      networkInterfaces: [...current.filter((e) => !removed.includes(e.subnetId)), ...fresh.value],
    },
  };
  d.put(next);
  return ok({ changes: d.changes(), output: next });
};

export interface TransitGatewayAttachmentIdInput {
  readonly transitGatewayAttachmentId: string;
}

/**
 * The draft changes that take an attachment off every route table: its associations and
 * propagations go (AWS removes them with the attachment); static routes to it stay and read
 * as blackholes, as in AWS.
 */
export function detachFromRouteTables(d: Draft, attachmentId: string): void {
  const tables = new Map<string, TransitGatewayRouteTable>();
  for (const t of d.s.find('tgwRouteTablesByPropagation', attachmentId)) tables.set(t.id, t);
  for (const tgwId of gatewaysOfAttachment(d.s, attachmentId)) {
    for (const t of d.s.find('tgwRouteTableByAssociation', `${tgwId}|${attachmentId}`))
      tables.set(t.id, t);
  }
  for (const t of tables.values()) {
    const cur = d.get('transit-gateway-route-table', t.id);
    if (!cur) continue;
    d.put({
      ...cur,
      associations: cur.associations.filter((x) => x !== attachmentId),
      propagations: cur.propagations.filter((x) => x !== attachmentId),
    });
  }
}

function gatewaysOfAttachment(s: Snapshot, attachmentId: string): string[] {
  const a = s.get('transit-gateway-attachment', attachmentId);
  if (!a) return [];
  return a.peering
    ? [a.peering.requesterTgwInfo.transitGatewayId, a.peering.accepterTgwInfo.transitGatewayId]
    : [a.transitGatewayId];
}

/** Marks an attachment deleted and takes it off its route tables. */
export function deleteAttachment(s: Snapshot, a: TransitGatewayAttachment): Change[] {
  const d = new Draft(s);
  detachFromRouteTables(d, a.id);
  removeEnis(d, a.vpc?.networkInterfaces ?? []);
  d.put({ ...a, state: 'deleted' });
  return d.changes();
}

/**
 * DeleteTransitGatewayVpcAttachment: the attachment reads `deleted` afterwards; VPC routes to
 * the gateway turn blackhole, as do static routes to the attachment.
 */
export const deleteTransitGatewayVpcAttachment: Operation<
  TransitGatewayAttachmentIdInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const found = vpcAttachmentOf(s, input.transitGatewayAttachmentId, ctx);
  if (!found.ok) return found;
  return ok({
    changes: deleteAttachment(s, found.value),
    output: { ...found.value, state: 'deleting' },
  });
};

/**
 * For the VPN and Direct Connect families: the attachment AWS creates when a VPN connection or a
 * Direct Connect gateway association names a transit gateway, written into their draft with the
 * gateway's default association and propagation. The prefixes it propagates come from the
 * provider that family registers in `bgpPrefixProviders` (src/model/transit-gateway.ts).
 */
export function attachResource(
  d: Draft,
  ctx: OperationContext,
  tgw: TransitGateway,
  resourceType: 'vpn' | 'direct-connect-gateway',
  resourceId: string,
  tags: readonly Tag[] = [],
): TransitGatewayAttachment {
  const attachment: TransitGatewayAttachment = {
    kind: 'transit-gateway-attachment',
    id: ctx.ids.next('transit-gateway-attachment'),
    ownerId: tgw.ownerId,
    region: tgw.region,
    tags,
    transitGatewayId: tgw.id,
    transitGatewayOwnerId: tgw.ownerId,
    resourceType,
    resourceId,
    resourceOwnerId: ctx.accountId,
    state: 'available',
    creationTime: ctx.clock.now().toISOString(),
  };
  d.put(attachment);
  applyDefaultRouting(d, tgw, attachment.id);
  return attachment;
}
