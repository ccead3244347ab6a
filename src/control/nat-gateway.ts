import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NatGateway, NatGatewayAddress } from '../model/nat-gateway.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import { checkRequestedAddress, nextPrivateIpv4, privateAddressKey } from './addressing.js';
import { associateEip } from './elastic-ip.js';
import {
  buildNetworkInterface,
  countParam,
  deleteInterface,
  disassociateEip,
  Draft,
  insufficientAddresses,
  ipsParam,
} from './network-interface.js';
import { owned, tagsParam } from './params.js';

/**
 * NAT gateways (§3.3): a requester-managed ENI holding the gateway's private IPv4s and, for a
 * public gateway, one Elastic IP per address, associated as AWS does (the internet gateway then
 * maps the private address to the EIP). Private gateways have no EIPs.
 */

/** A NAT gateway has at most eight private IPv4s: one primary and seven secondary (§3.3). */
export const MAX_NAT_ADDRESSES = 8;

function tooManyAddresses(): AwsError {
  return AwsErrors.invalidParameterValue(
    `A NAT gateway can have at most ${MAX_NAT_ADDRESSES} private IPv4 addresses (1 primary and ${MAX_NAT_ADDRESSES - 1} secondary).`,
  );
}

function alreadyAssociated(eip: ElasticIp): AwsError {
  return AwsErrors.code(
    'Resource.AlreadyAssociated',
    `resource ${eip.id} is already associated with associate-id ${eip.associationId ?? ''}`,
  );
}

/** The caller's EIPs for a gateway: each distinct and none associated. */
function freeEips(
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
function natInterface(d: Draft, nat: NatGateway): NetworkInterface | undefined {
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

/** A gateway the caller owns that is still available (address operations need one). */
function availableNat(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<{ nat: NatGateway; eni: NetworkInterface; subnet: Subnet }, AwsError> {
  const found = owned(s, 'nat-gateway', id, ctx);
  if (!found.ok) return found;
  const nat = found.value;
  const eni = natInterface(new Draft(s), nat);
  const subnet = s.get('subnet', nat.subnetId);
  if (nat.state !== 'available' || !eni || !subnet) {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectState',
        `The NAT gateway ${nat.id} is in state ${nat.state}.`,
      ),
    );
  }
  return ok({ nat, eni, subnet });
}

/** Claims new secondary addresses on the gateway's ENI: given ones checked, the rest picked. */
function addSecondaries(
  d: Draft,
  eni: NetworkInterface,
  subnet: Subnet,
  given: readonly Ip[],
  count: number,
): Result<Ip[], AwsError> {
  const out: Ip[] = [];
  for (const ip of given) {
    const bad = checkRequestedAddress(d.s, subnet, ip, d.claimedPrivate);
    if (bad) return fail(bad);
    d.claimedPrivate.add(privateAddressKey(subnet.vpcId, ip));
    out.push(ip);
  }
  for (let i = 0; i < count; i++) {
    const ip = nextPrivateIpv4(d.s, subnet, d.claimedPrivate);
    if (!ip) return fail(insufficientAddresses(subnet, 'addresses'));
    d.claimedPrivate.add(privateAddressKey(subnet.vpcId, ip));
    out.push(ip);
  }
  const current = d.get('network-interface', eni.id) ?? eni;
  d.put({
    ...current,
    privateIpAddresses: [
      ...current.privateIpAddresses,
      ...out.map((privateIpAddress) => ({ privateIpAddress, primary: false })),
    ],
  });
  return ok(out);
}

const secondaryAddress = (
  networkInterfaceId: Id<'network-interface'>,
  privateIp: Ip,
): NatGatewayAddress => ({
  networkInterfaceId,
  privateIp,
  isPrimary: false,
  status: 'succeeded',
});

/** The answer of the NAT gateway address operations. */
export interface NatGatewayAddressesOutput {
  readonly natGatewayId: Id<'nat-gateway'>;
  readonly natGatewayAddresses: readonly NatGatewayAddress[];
}

export interface AssignPrivateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly privateIpAddresses?: readonly string[];
  readonly privateIpAddressCount?: number;
}

/** AssignPrivateNatGatewayAddress: secondary private IPv4s, given or picked, up to eight in all. */
export const assignPrivateNatGatewayAddress: Operation<
  AssignPrivateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni, subnet } = found.value;
  const list = input.privateIpAddresses;
  const count = input.privateIpAddressCount;
  if (list !== undefined && count !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'privateIpAddresses and privateIpAddressCount may not be specified on the same request',
      ),
    );
  }
  const badCount = countParam('privateIpAddressCount', count);
  if (badCount) return fail(badCount);
  if ((list?.length ?? 0) === 0 && (count ?? 0) === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses or privateIpAddressCount'));
  }
  const ips = ipsParam('privateIpAddresses', list, 4);
  if (!ips.ok) return ips;
  if (nat.natGatewayAddresses.length + ips.value.length + (count ?? 0) > MAX_NAT_ADDRESSES) {
    return fail(tooManyAddresses());
  }
  const d = new Draft(s);
  const added = addSecondaries(d, eni, subnet, ips.value, count ?? 0);
  if (!added.ok) return added;
  const addresses = added.value.map((ip) => secondaryAddress(eni.id, ip));
  d.put({ ...nat, natGatewayAddresses: [...nat.natGatewayAddresses, ...addresses] });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: addresses },
  });
};

export interface AssociateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly allocationIds?: readonly string[];
  /** Secondary addresses to put the EIPs on: existing ones without an EIP, or new ones. */
  readonly privateIpAddresses?: readonly string[];
}

/** AWS refuses EIP operations on private gateways. */
function publicOnly(nat: NatGateway): AwsError | undefined {
  return nat.connectivityType === 'public'
    ? undefined
    : AwsErrors.unsupported(
        `NAT gateway ${nat.id} is private; Elastic IPs can only be used with public NAT gateways.`,
      );
}

/**
 * AssociateNatGatewayAddress: secondary EIPs for a public gateway, each on a secondary private
 * address (an existing one without an EIP, a given new one, or a picked new one).
 */
export const associateNatGatewayAddress: Operation<
  AssociateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni, subnet } = found.value;
  const notPublic = publicOnly(nat);
  if (notPublic) return fail(notPublic);
  if (!input.allocationIds || input.allocationIds.length === 0) {
    return fail(AwsErrors.missingParameter('allocationIds'));
  }
  const eips = freeEips(s, ctx, input.allocationIds);
  if (!eips.ok) return eips;
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  if (input.privateIpAddresses !== undefined && ips.value.length !== eips.value.length) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The number of private IPv4 addresses must match the number of allocation IDs.',
      ),
    );
  }
  // Given addresses the gateway already has must be secondary and free of an EIP; others are new.
  const fresh: Ip[] = [];
  for (const ip of ips.value) {
    const existing = nat.natGatewayAddresses.find((a) => a.privateIp.equals(ip));
    if (existing && (existing.isPrimary || existing.allocationId)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} of NAT gateway ${nat.id} already has an Elastic IP address.`,
        ),
      );
    }
    if (!existing) fresh.push(ip);
  }
  const newCount = input.privateIpAddresses === undefined ? eips.value.length : 0;
  if (nat.natGatewayAddresses.length + fresh.length + newCount > MAX_NAT_ADDRESSES) {
    return fail(tooManyAddresses());
  }
  const d = new Draft(s);
  const added = addSecondaries(d, eni, subnet, fresh, newCount);
  if (!added.ok) return added;
  const targets = input.privateIpAddresses === undefined ? added.value : ips.value;
  const associated: NatGatewayAddress[] = [];
  let addresses = [
    ...nat.natGatewayAddresses,
    ...added.value.map((ip) => secondaryAddress(eni.id, ip)),
  ];
  for (const [i, eip] of eips.value.entries()) {
    const ip = targets[i];
    if (!ip) continue;
    const associationId = associateEip(d, ctx, eip, eni.id, ip);
    const address: NatGatewayAddress = {
      ...secondaryAddress(eni.id, ip),
      allocationId: eip.id,
      publicIp: eip.publicIp,
      associationId,
    };
    addresses = addresses.map((a) => (a.privateIp.equals(ip) ? address : a));
    associated.push(address);
  }
  d.put({ ...nat, natGatewayAddresses: addresses });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: associated },
  });
};

export interface DisassociateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly associationIds?: readonly string[];
  /** Accepted for AWS compatibility; the twin disassociates at once. */
  readonly maxDrainDurationSeconds?: number;
}

/**
 * DisassociateNatGatewayAddress: secondary EIPs leave a public gateway; their private addresses
 * stay (UnassignPrivateNatGatewayAddress removes them). The primary EIP cannot go.
 */
export const disassociateNatGatewayAddress: Operation<
  DisassociateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat } = found.value;
  const notPublic = publicOnly(nat);
  if (notPublic) return fail(notPublic);
  if (!input.associationIds || input.associationIds.length === 0) {
    return fail(AwsErrors.missingParameter('associationIds'));
  }
  const targets: NatGatewayAddress[] = [];
  for (const id of new Set(input.associationIds)) {
    const address = nat.natGatewayAddresses.find((a) => a.associationId === id);
    if (!address) return fail(AwsErrors.notFound('elastic-ip-association', id));
    if (address.isPrimary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary Elastic IP address association ${id} of NAT gateway ${nat.id} cannot be disassociated.`,
        ),
      );
    }
    targets.push(address);
  }
  const d = new Draft(s);
  for (const a of targets) {
    const eip = a.allocationId ? s.get('elastic-ip', a.allocationId) : undefined;
    if (eip) disassociateEip(d, eip);
  }
  const bare = (a: NatGatewayAddress) => secondaryAddress(a.networkInterfaceId, a.privateIp);
  d.put({
    ...nat,
    natGatewayAddresses: nat.natGatewayAddresses.map((a) => (targets.includes(a) ? bare(a) : a)),
  });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: targets },
  });
};

export interface UnassignPrivateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly privateIpAddresses?: readonly string[];
  /** Accepted for AWS compatibility; the twin unassigns at once. */
  readonly maxDrainDurationSeconds?: number;
}

/**
 * UnassignPrivateNatGatewayAddress: secondary private addresses leave the gateway and its ENI.
 * An address that still has an EIP must be disassociated first; the primary cannot go.
 */
export const unassignPrivateNatGatewayAddress: Operation<
  UnassignPrivateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni } = found.value;
  if (!input.privateIpAddresses || input.privateIpAddresses.length === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses'));
  }
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const targets: NatGatewayAddress[] = [];
  for (const ip of ips.value) {
    const address = nat.natGatewayAddresses.find((a) => a.privateIp.equals(ip));
    if (!address) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} is not assigned to NAT gateway ${nat.id}.`,
        ),
      );
    }
    if (address.isPrimary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary private IP address ${ip.toString()} of NAT gateway ${nat.id} cannot be unassigned.`,
        ),
      );
    }
    if (address.associationId) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} is associated with Elastic IP ${address.allocationId ?? ''}; disassociate it first.`,
        ),
      );
    }
    targets.push(address);
  }
  const gone = (ip: Ip) => targets.some((t) => t.privateIp.equals(ip));
  const nextEni: NetworkInterface = {
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.filter((p) => !gone(p.privateIpAddress)),
  };
  const nextNat: NatGateway = {
    ...nat,
    natGatewayAddresses: nat.natGatewayAddresses.filter((a) => !gone(a.privateIp)),
  };
  return ok({
    changes: [
      { op: 'put', resource: nextEni },
      { op: 'put', resource: nextNat },
    ],
    output: { natGatewayId: nat.id, natGatewayAddresses: targets },
  });
};
