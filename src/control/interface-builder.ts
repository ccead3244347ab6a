import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type {
  InterfaceType,
  NetworkInterface,
  PrivateIpAddress,
} from '../model/network-interface.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { defaultSecurityGroupOf } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import {
  checkRequestedAddress,
  macAddress,
  nextIpv6,
  nextPrivateIpv4,
  privateAddressKey,
} from './addressing.js';
import type { Draft } from './draft.js';
import { owned } from './params.js';

/**
 * How a new ENI is built (CreateNetworkInterface, RunInstances, CreateNatGateway): its addresses
 * checked or picked from the subnet and claimed in the operation's Draft, its security groups
 * resolved, and AWS's per-interface limits.
 */

/** AWS's default quota of security groups per network interface (§1.5). */
export const MAX_GROUPS_PER_INTERFACE = 5;

/**
 * The most private IPv4 (and, separately, IPv6) addresses one ENI can hold. AWS's limit depends
 * on the instance type (50 on the largest); the twin applies the largest to every ENI.
 */
export const MAX_ADDRESSES_PER_INTERFACE = 50;

/** What an ENI is to be built with; addresses not given are picked from the subnet. */
export interface InterfaceRequest {
  readonly description?: string;
  readonly interfaceType?: InterfaceType;
  readonly primaryIp?: Ip;
  readonly secondaryIps?: readonly Ip[];
  readonly secondaryCount?: number;
  readonly ipv6Addresses?: readonly Ip[];
  readonly ipv6Count?: number;
  readonly groups: readonly Id<'security-group'>[];
  readonly sourceDestCheck?: boolean;
  readonly requesterManaged?: boolean;
  readonly tags?: readonly Tag[];
  readonly attachment?: NetworkInterface['attachment'];
  /** RunInstances words a full subnet in terms of instances, other callers of addresses. */
  readonly shortageNoun?: 'addresses' | 'instances';
}

/** AWS's error for a subnet without enough free addresses. */
export function insufficientAddresses(subnet: Subnet, noun: 'addresses' | 'instances'): AwsError {
  return AwsErrors.code(
    'InsufficientFreeAddressesInSubnet',
    `There are not enough free addresses in subnet '${subnet.id}' to satisfy the requested number of ${noun}.`,
  );
}

/** Checks and claims addresses a caller asked for, in order; duplicates are refused. */
export function claimRequested(d: Draft, subnet: Subnet, ips: readonly Ip[]): AwsError | undefined {
  for (const ip of ips) {
    const bad = checkRequestedAddress(d.s, subnet, ip, d.claimedPrivate);
    if (bad) return bad;
    d.claimedPrivate.add(privateAddressKey(subnet.vpcId, ip));
  }
  return undefined;
}

/** Picks and claims n more addresses of one family. */
export function claimNext(d: Draft, subnet: Subnet, family: 4 | 6, n: number): Ip[] | undefined {
  const out: Ip[] = [];
  for (let i = 0; i < n; i++) {
    const ip =
      family === 4
        ? nextPrivateIpv4(d.s, subnet, d.claimedPrivate)
        : nextIpv6(d.s, subnet, d.claimedPrivate);
    if (!ip) return undefined;
    d.claimedPrivate.add(privateAddressKey(subnet.vpcId, ip));
    out.push(ip);
  }
  return out;
}

/**
 * Builds a new ENI in a subnet: checks the requested addresses, picks the rest (lowest free),
 * and claims them all in the draft. Does not put the ENI; the caller does.
 */
export function buildNetworkInterface(
  d: Draft,
  ctx: OperationContext,
  subnet: Subnet,
  req: InterfaceRequest,
): Result<NetworkInterface, AwsError> {
  const secondaryIps = req.secondaryIps ?? [];
  const secondaryCount = req.secondaryCount ?? 0;
  const v6Given = req.ipv6Addresses ?? [];
  // An IPv6-only subnet has no IPv4 and AWS gives every ENI there at least one IPv6 address.
  const v6Count =
    !subnet.cidrBlock && v6Given.length === 0
      ? Math.max(1, req.ipv6Count ?? 0)
      : (req.ipv6Count ?? 0);
  const v4Total = subnet.cidrBlock ? 1 + secondaryIps.length + secondaryCount : 0;
  if (!subnet.cidrBlock && (req.primaryIp || secondaryIps.length > 0 || secondaryCount > 0)) {
    return fail(ipv6OnlySubnet(subnet));
  }
  if (v4Total > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(privateIpLimit());
  }
  if (v6Given.length + v6Count > 0 && subnet.ipv6CidrBlockAssociationSet.length === 0) {
    return fail(noIpv6(subnet));
  }
  if (v6Given.length + v6Count > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(ipv6Limit());
  }
  const requested = [...(req.primaryIp ? [req.primaryIp] : []), ...secondaryIps, ...v6Given];
  const bad = claimRequested(d, subnet, requested);
  if (bad) return fail(bad);
  const noun = req.shortageNoun ?? 'addresses';
  let primary = req.primaryIp;
  if (subnet.cidrBlock && !primary) {
    primary = claimNext(d, subnet, 4, 1)?.[0];
    if (!primary) return fail(insufficientAddresses(subnet, noun));
  }
  const moreV4 = claimNext(d, subnet, 4, subnet.cidrBlock ? secondaryCount : 0);
  const moreV6 = claimNext(d, subnet, 6, v6Count);
  if (!moreV4 || !moreV6) return fail(insufficientAddresses(subnet, noun));
  const privateIpAddresses: PrivateIpAddress[] = [
    ...(primary ? [{ privateIpAddress: primary, primary: true }] : []),
    ...[...secondaryIps, ...moreV4].map((ip) => ({ privateIpAddress: ip, primary: false })),
  ];
  const id = ctx.ids.next('network-interface');
  const eni: NetworkInterface = {
    kind: 'network-interface',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: req.tags ?? [],
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    availabilityZone: subnet.availabilityZone,
    description: req.description ?? '',
    interfaceType: req.interfaceType ?? 'interface',
    macAddress: macAddress(id),
    ...(primary ? { privateIpAddress: primary } : {}),
    privateIpAddresses,
    ipv6Addresses: [...v6Given, ...moreV6].map((ipv6Address) => ({ ipv6Address })),
    groups: req.groups,
    sourceDestCheck: req.sourceDestCheck ?? true,
    requesterManaged: req.requesterManaged ?? false,
    ...(req.attachment ? { attachment: req.attachment } : {}),
    status: req.attachment || req.requesterManaged ? 'in-use' : 'available',
  };
  return ok(eni);
}

/** AWS's answer when an ENI would hold too many private IPv4s. */
export function privateIpLimit(): AwsError {
  return AwsErrors.limitExceeded(
    'PrivateIpAddressLimitExceeded',
    'Number of private addresses will exceed limit.',
  );
}

/** AWS's answer when an ENI would hold too many IPv6 addresses. */
export function ipv6Limit(): AwsError {
  return AwsErrors.limitExceeded(
    'PrivateIpAddressLimitExceeded',
    'Number of IPv6 addresses will exceed limit.',
  );
}

/** AWS's answer for IPv6 addresses in a subnet without an IPv6 block. */
export function noIpv6(subnet: Subnet): AwsError {
  return AwsErrors.invalidParameterValue(
    `Subnet '${subnet.id}' does not have an IPv6 CIDR block; IPv6 addresses cannot be assigned.`,
  );
}

/**
 * Resolves the security groups of an ENI: ids of groups in the subnet's VPC, at most five,
 * duplicates dropped; none given means the VPC's default group, as AWS does.
 */
export function groupsParam(
  s: Snapshot,
  ctx: OperationContext,
  subnet: Pick<Subnet, 'id' | 'vpcId'>,
  groups: readonly string[] | undefined,
): Result<Id<'security-group'>[], AwsError> {
  const unique = [...new Set(groups ?? [])];
  if (unique.length === 0) {
    const found = defaultSecurityGroupOf(s, subnet.vpcId);
    return ok(found ? [found.id] : []);
  }
  if (unique.length > MAX_GROUPS_PER_INTERFACE) {
    return fail(
      AwsErrors.limitExceeded(
        'SecurityGroupsPerInterfaceLimitExceeded',
        'The maximum number of security groups per interface has been reached.',
      ),
    );
  }
  const out: Id<'security-group'>[] = [];
  for (const g of unique) {
    const found = owned(s, 'security-group', g, ctx);
    if (!found.ok) return found;
    if (found.value.vpcId !== subnet.vpcId) {
      return fail(
        AwsErrors.invalidParameter(
          `Security group ${g} and subnet ${subnet.id} belong to different networks.`,
        ),
      );
    }
    out.push(found.value.id);
  }
  return ok(out);
}

/** AWS's answer for private IPv4s asked for in an IPv6-only subnet. */
export function ipv6OnlySubnet(subnet: Subnet): AwsError {
  return AwsErrors.invalidParameterValue(
    `Subnet '${subnet.id}' is IPv6-only: private IPv4 addresses cannot be assigned in it.`,
  );
}

/** AWS's answer for IPv6 addresses and an IPv6 address count in one request. */
export function ipv6ListAndCount(): AwsError {
  return AwsErrors.invalidParameterCombination(
    'IPv6 addresses and IPv6 address count may not be specified on the same request',
  );
}
