/**
 * The wire input of the rule actions: `IpPermissions` as the operations take them, and the
 * legacy flat form of Authorize/RevokeSecurityGroupIngress (`CidrIp`, `SourceSecurityGroupName`…).
 */
import type {
  IpPermissionInput,
  UserIdGroupPairInput,
} from '../../control/security-group-rules.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { HandlerContext } from './context.js';
import { peerGroupByName, targetGroupId } from './security-group-lookup.js';
import type { WireTagSpecification } from './tags.js';

/** `UserIdGroupPair` as decoded: every member optional. */
interface WirePair {
  readonly description?: string;
  readonly groupId?: string;
  readonly groupName?: string;
  readonly userId?: string;
  readonly vpcId?: string;
  readonly vpcPeeringConnectionId?: string;
}

/** `IpPermission` as decoded. */
export interface WirePermission {
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges?: readonly { readonly cidrIp?: string; readonly description?: string }[];
  readonly ipv6Ranges?: readonly { readonly cidrIpv6?: string; readonly description?: string }[];
  readonly prefixListIds?: readonly {
    readonly prefixListId?: string;
    readonly description?: string;
  }[];
  readonly userIdGroupPairs?: readonly WirePair[];
}

/** The flat, single-rule parameters of Authorize/RevokeSecurityGroupIngress. */
interface FlatWire {
  readonly cidrIp?: string;
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly sourceSecurityGroupName?: string;
  readonly sourceSecurityGroupOwnerId?: string;
}

/** Authorize/Revoke as decoded: the group, and the rules in either form or by id. */
export interface RuleCallWire extends FlatWire {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly ipPermissions?: readonly WirePermission[];
  readonly securityGroupRuleIds?: readonly string[];
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

const FLAT_NAMES: readonly (keyof FlatWire)[] = [
  'cidrIp',
  'ipProtocol',
  'fromPort',
  'toPort',
  'sourceSecurityGroupName',
  'sourceSecurityGroupOwnerId',
];

/** Wire names of the flat parameters, for error messages. */
const capitalised = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** A pair as the operation takes it: a pair named only by `GroupName` is resolved here. */
function pairInput(
  ctx: HandlerContext,
  targetId: string,
  pair: WirePair,
): Result<UserIdGroupPairInput, AwsError> {
  let groupId = pair.groupId;
  if (groupId === undefined && pair.groupName !== undefined) {
    const found = peerGroupByName(ctx, targetId, pair.groupName, pair.userId);
    if (!found.ok) return found;
    groupId = found.value.id;
  }
  if (groupId === undefined) return fail(AwsErrors.missingParameter('groupId'));
  return ok({
    groupId,
    userId: pair.userId,
    vpcId: pair.vpcId,
    vpcPeeringConnectionId: pair.vpcPeeringConnectionId,
    description: pair.description,
  });
}

/** IpPermissions as the operations take them; a missing CIDR or list id is AWS's MissingParameter. */
export function permissionsInput(
  ctx: HandlerContext,
  targetId: string,
  wire: readonly WirePermission[],
): Result<IpPermissionInput[], AwsError> {
  const out: IpPermissionInput[] = [];
  for (const p of wire) {
    const pairs: UserIdGroupPairInput[] = [];
    for (const pair of p.userIdGroupPairs ?? []) {
      const resolved = pairInput(ctx, targetId, pair);
      if (!resolved.ok) return resolved;
      pairs.push(resolved.value);
    }
    const ipRanges = [];
    for (const r of p.ipRanges ?? []) {
      if (r.cidrIp === undefined) return fail(AwsErrors.missingParameter('cidrIp'));
      ipRanges.push({ cidrIp: r.cidrIp, description: r.description });
    }
    const ipv6Ranges = [];
    for (const r of p.ipv6Ranges ?? []) {
      if (r.cidrIpv6 === undefined) return fail(AwsErrors.missingParameter('cidrIpv6'));
      ipv6Ranges.push({ cidrIpv6: r.cidrIpv6, description: r.description });
    }
    const prefixListIds = [];
    for (const r of p.prefixListIds ?? []) {
      if (r.prefixListId === undefined) return fail(AwsErrors.missingParameter('prefixListId'));
      prefixListIds.push({ prefixListId: r.prefixListId, description: r.description });
    }
    out.push({
      ipProtocol: p.ipProtocol ?? '',
      fromPort: p.fromPort,
      toPort: p.toPort,
      ipRanges,
      ipv6Ranges,
      prefixListIds,
      userIdGroupPairs: pairs,
    });
  }
  return ok(out);
}

/**
 * The legacy flat form of an ingress call as IpPermissions. `CidrIp` with protocol and ports is
 * one permission; `SourceSecurityGroupName` grants (or revokes) full ICMP, TCP and UDP access
 * from that group, and cannot be combined with a CIDR, protocol or ports (API reference).
 * Undefined when the call does not use the flat form.
 */
function flatPermissions(
  ctx: HandlerContext,
  targetId: string,
  input: RuleCallWire,
): Result<IpPermissionInput[] | undefined, AwsError> {
  const given = FLAT_NAMES.filter((n) => input[n] !== undefined);
  const [first] = given;
  if (first === undefined) return ok(undefined);
  if (input.ipPermissions !== undefined && input.ipPermissions.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${capitalised(first)} cannot be used with the parameter IpPermissions`,
      ),
    );
  }
  const name = input.sourceSecurityGroupName;
  if (name === undefined) {
    if (input.sourceSecurityGroupOwnerId !== undefined) {
      return fail(AwsErrors.missingParameter('SourceSecurityGroupName'));
    }
    const { ipProtocol = '', fromPort, toPort, cidrIp } = input;
    return ok([
      { ipProtocol, fromPort, toPort, ipRanges: cidrIp === undefined ? [] : [{ cidrIp }] },
    ]);
  }
  const clash = given.find(
    (n) => n !== 'sourceSecurityGroupName' && n !== 'sourceSecurityGroupOwnerId',
  );
  if (clash !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter SourceSecurityGroupName cannot be used with the parameter ${capitalised(clash)}`,
      ),
    );
  }
  const peer = peerGroupByName(ctx, targetId, name, input.sourceSecurityGroupOwnerId);
  if (!peer.ok) return peer;
  const pair = { groupId: peer.value.id, userId: peer.value.ownerId };
  return ok([
    { ipProtocol: 'icmp', fromPort: -1, toPort: -1, userIdGroupPairs: [pair] },
    { ipProtocol: 'tcp', fromPort: 0, toPort: 65535, userIdGroupPairs: [pair] },
    { ipProtocol: 'udp', fromPort: 0, toPort: 65535, userIdGroupPairs: [pair] },
  ]);
}

/** AuthorizeSecurityGroupEgress documents the flat parameters as "Not supported". */
function refuseFlatEgress(input: RuleCallWire): AwsError | undefined {
  const name = FLAT_NAMES.find((n) => input[n] !== undefined);
  return name === undefined
    ? undefined
    : AwsErrors.code(
        'UnknownParameter',
        `The parameter ${capitalised(name)} is not supported for egress rules; use IpPermissions.`,
      );
}

/** The group and the permissions of an Authorize/Revoke call, from either form. */
export function ruleCall(
  ctx: HandlerContext,
  input: RuleCallWire,
  isEgress: boolean,
): Result<{ groupId: string; permissions: IpPermissionInput[] | undefined }, AwsError> {
  if (isEgress) {
    const bad = refuseFlatEgress(input);
    if (bad) return fail(bad);
  }
  const groupId = targetGroupId(ctx, input.groupId, isEgress ? undefined : input.groupName);
  if (!groupId.ok) return groupId;
  const flat = flatPermissions(ctx, groupId.value, input);
  if (!flat.ok) return flat;
  if (flat.value !== undefined) return ok({ groupId: groupId.value, permissions: flat.value });
  if (input.ipPermissions === undefined)
    return ok({ groupId: groupId.value, permissions: undefined });
  const permissions = permissionsInput(ctx, groupId.value, input.ipPermissions);
  return permissions.ok
    ? ok({ groupId: groupId.value, permissions: permissions.value })
    : permissions;
}
