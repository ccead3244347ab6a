import type { Tag } from '../model/common.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NatGateway, NatGatewayAddress } from '../model/nat-gateway.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { Draft } from './draft.js';
import { buildNetworkInterface } from './interface-builder.js';
import { deleteInterface } from './network-interface.js';
import { countParam, ipsParam, owned, tagsParam } from './params.js';
import { alreadyAssociated, associateEip } from './public-address.js';

/**
 * NAT gateways (§3.3): a requester-managed ENI holding the gateway's private IPv4s and, for a
 * public gateway, one Elastic IP per address, associated as AWS does (the internet gateway then
 * maps the private address to the EIP). Private gateways have no EIPs. CreateNatGateway and
 * DeleteNatGateway are here; the address operations of a running gateway in nat-gateway-address.ts.
 */

/** A NAT gateway has at most eight private IPv4s: one primary and seven secondary (§3.3). */
export const MAX_NAT_ADDRESSES = 8;

/** AWS's answer for more addresses than a NAT gateway holds. */
export function tooManyAddresses(): AwsError {
  return AwsErrors.invalidParameterValue(
    `A NAT gateway can have at most ${MAX_NAT_ADDRESSES} private IPv4 addresses (1 primary and ${MAX_NAT_ADDRESSES - 1} secondary).`,
  );
}

/** The caller's EIPs for a gateway: each distinct and none associated. */
export function freeEips(
  s: Snapshot,
  ctx: OperationContext,
  ids: readonly string[],
): Result<ElasticIp[], AwsError> {
  const out: ElasticIp[] = [];
  for (const id of ids) {
    const found = owned(s, 'elastic-ip', id, ctx);
    if (!found.ok) return found;
    if (out.some((e) => e.id === found.value.id)) {
      return fail(
        AwsErrors.invalidParameterValue(`Allocation ID ${id} is specified more than once.`),
      );
    }
    if (found.value.associationId) return fail(alreadyAssociated(found.value));
    out.push(found.value);
  }
  return ok(out);
}

/** CreateNatGateway, as far as the twin models it. */
export interface CreateNatGatewayInput {
  readonly subnetId?: string;
  /** `public` (default) or `private`. */
  readonly connectivityType?: string;
  /** Required for a public gateway, refused for a private one. */
  readonly allocationId?: string;
  readonly privateIpAddress?: string;
  readonly secondaryAllocationIds?: readonly string[];
  readonly secondaryPrivateIpAddresses?: readonly string[];
  /** Private gateways only. */
  readonly secondaryPrivateIpAddressCount?: number;
  readonly tags?: readonly Tag[];
}

/** Checks which parameters go with which connectivity type, and the address total. */
function checkShape(
  input: CreateNatGatewayInput,
  type: 'public' | 'private',
): AwsError | undefined {
  const secondaryIps = input.secondaryPrivateIpAddresses;
  const secondaryEips = input.secondaryAllocationIds ?? [];
  if (secondaryIps !== undefined && input.secondaryPrivateIpAddressCount !== undefined) {
    return AwsErrors.invalidParameterCombination(
      'secondaryPrivateIpAddresses and secondaryPrivateIpAddressCount may not be specified on the same request',
    );
  }
  if (type === 'public') {
    if (input.allocationId === undefined) return AwsErrors.missingParameter('allocationId');
    if (input.secondaryPrivateIpAddressCount !== undefined) {
      return AwsErrors.invalidParameterCombination(
        'secondaryPrivateIpAddressCount is only supported for private NAT gateways.',
      );
    }
    if (secondaryIps !== undefined && secondaryIps.length !== secondaryEips.length) {
      return AwsErrors.invalidParameterCombination(
        'The number of secondary private IPv4 addresses must match the number of secondary allocation IDs.',
      );
    }
  } else if (input.allocationId !== undefined || secondaryEips.length > 0) {
    return AwsErrors.invalidParameterCombination(
      'Elastic IP allocation IDs cannot be specified for a private NAT gateway.',
    );
  }
  const bad = countParam('secondaryPrivateIpAddressCount', input.secondaryPrivateIpAddressCount);
  if (bad) return bad;
  const secondaries = Math.max(
    secondaryIps?.length ?? 0,
    secondaryEips.length,
    input.secondaryPrivateIpAddressCount ?? 0,
  );
  return 1 + secondaries > MAX_NAT_ADDRESSES ? tooManyAddresses() : undefined;
}

/**
 * CreateNatGateway: the gateway, its requester-managed ENI (type `nat_gateway`, no security
 * groups, no source/destination check) and, for a public one, its EIPs associated with its
 * private addresses. A public gateway in a VPC without an internet gateway is created anyway, as
 * AWS does: it just cannot reach the internet.
 */
export const createNatGateway: Operation<CreateNatGatewayInput, NatGateway> = (s, input, ctx) => {
  if (input.subnetId === undefined) return fail(AwsErrors.missingParameter('subnetId'));
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  const type = input.connectivityType ?? 'public';
  if (type !== 'public' && type !== 'private') {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${type}) for parameter connectivityType is invalid.`),
    );
  }
  const bad = checkShape(input, type);
  if (bad) return fail(bad);
  if (!subnet.cidrBlock) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Subnet '${subnet.id}' is IPv6-only: a NAT gateway needs a private IPv4 address.`,
      ),
    );
  }
  const primaryIp = ipsParam(
    'privateIpAddress',
    input.privateIpAddress !== undefined ? [input.privateIpAddress] : [],
    4,
  );
  if (!primaryIp.ok) return primaryIp;
  const secondaryIps = ipsParam(
    'secondaryPrivateIpAddresses',
    input.secondaryPrivateIpAddresses,
    4,
  );
  if (!secondaryIps.ok) return secondaryIps;
  const eips = freeEips(s, ctx, [
    ...(input.allocationId !== undefined ? [input.allocationId] : []),
    ...(input.secondaryAllocationIds ?? []),
  ]);
  if (!eips.ok) return eips;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const secondaryCount =
    type === 'public'
      ? Math.max(0, eips.value.length - 1 - secondaryIps.value.length)
      : (input.secondaryPrivateIpAddressCount ?? 0);
  const d = new Draft(s);
  const id = ctx.ids.next('nat-gateway');
  const primary = primaryIp.value[0];
  const built = buildNetworkInterface(d, ctx, subnet, {
    description: `Interface for NAT Gateway ${id}`,
    interfaceType: 'nat_gateway',
    ...(primary ? { primaryIp: primary } : {}),
    secondaryIps: secondaryIps.value,
    secondaryCount,
    groups: [],
    sourceDestCheck: false,
    requesterManaged: true,
  });
  if (!built.ok) return built;
  const eni = built.value;
  d.put(eni);
  const addresses: NatGatewayAddress[] = eni.privateIpAddresses.map((p, i) => {
    const eip = eips.value[i];
    const address: NatGatewayAddress = {
      networkInterfaceId: eni.id,
      privateIp: p.privateIpAddress,
      isPrimary: p.primary,
      status: 'succeeded',
    };
    if (!eip) return address;
    const associationId = associateEip(d, ctx, eip, eni.id, p.privateIpAddress);
    return { ...address, allocationId: eip.id, publicIp: eip.publicIp, associationId };
  });
  const nat: NatGateway = {
    kind: 'nat-gateway',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    connectivityType: type,
    state: 'available',
    natGatewayAddresses: addresses,
    createTime: ctx.clock.now().toISOString(),
  };
  d.put(nat);
  return ok({ changes: d.changes(), output: nat });
};

export interface NatGatewayIdInput {
  readonly natGatewayId: string;
}

/** The gateway without association ids on its addresses (its EIPs are no longer associated). */
function withoutAssociations(a: NatGatewayAddress): NatGatewayAddress {
  const { associationId: _, ...rest } = a;
  return rest;
}

/** The gateway's ENI, as the draft sees it. */
export function natInterface(d: Draft, nat: NatGateway): NetworkInterface | undefined {
  const id = nat.natGatewayAddresses[0]?.networkInterfaceId;
  return id ? d.get('network-interface', id) : undefined;
}

/**
 * DeleteNatGateway: the gateway turns `deleted` (and stays visible, so routes to it read as
 * blackhole), its ENI goes and its EIPs are disassociated but stay allocated. Deleting a
 * deleted gateway changes nothing.
 */
export const deleteNatGateway: Operation<NatGatewayIdInput, { natGatewayId: Id<'nat-gateway'> }> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'nat-gateway', input.natGatewayId, ctx);
  if (!found.ok) return found;
  const nat = found.value;
  if (nat.state === 'deleted') return ok({ changes: [], output: { natGatewayId: nat.id } });
  const d = new Draft(s);
  const eni = natInterface(d, nat);
  if (eni) deleteInterface(d, eni);
  d.put({
    ...nat,
    state: 'deleted',
    deleteTime: ctx.clock.now().toISOString(),
    natGatewayAddresses: nat.natGatewayAddresses.map(withoutAssociations),
  });
  return ok({ changes: d.changes(), output: { natGatewayId: nat.id } });
};
