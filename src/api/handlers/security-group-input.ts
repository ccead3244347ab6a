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
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { peerGroupByName, targetGroupId } from './security-group-lookup.js';

/** The flat, single-rule parameters of Authorize/RevokeSecurityGroupIngress. */
type FlatName =
  | 'cidrIp'
  | 'ipProtocol'
  | 'fromPort'
  | 'toPort'
  | 'sourceSecurityGroupName'
  | 'sourceSecurityGroupOwnerId';

/**
 * What {@link ruleCall} reads of an Authorize/Revoke call, ingress or egress: the group, and the
 * rules in either form (the egress inputs have no `GroupName`).
 */
export type RuleCallInput = Pick<
  Ec2.RevokeSecurityGroupIngressInput,
  'groupId' | 'groupName' | 'ipPermissions' | FlatName
>;

const FLAT_NAMES: readonly FlatName[] = [
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
  pair: Ec2.UserIdGroupPairInput,
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
  wire: readonly Ec2.IpPermissionInput[],
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
  input: RuleCallInput,
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
function refuseFlatEgress(input: RuleCallInput): AwsError | undefined {
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
  input: RuleCallInput,
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
