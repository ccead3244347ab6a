/**
 * Finding security groups the way calls name them: the caller's groups, a `GroupName` of the
 * default VPC, and a peer group named in the VPC of the group being changed.
 */
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { SecurityGroup } from '../../model/security-group.js';
import { defaultVpcOf } from '../../model/vpc.js';
import type { HandlerContext } from './context.js';

/** AWS's error for a group name a VPC does not have; `where` names it (`default VPC 'vpc-…'`). */
export const groupNameNotFound = (name: string, where: string): AwsError =>
  AwsErrors.code(
    'InvalidGroup.NotFound',
    `The security group '${name}' does not exist in ${where}`,
  );

/** The caller's groups in its Region, from the index (no scan over every group). */
export const callerGroups = (ctx: HandlerContext): SecurityGroup[] =>
  ctx.store.snapshot.find(
    'securityGroupsByOwnerRegion',
    `${ctx.caller.accountId}|${ctx.caller.region}`,
  );

/** A group of the caller's default VPC by name: `GroupName` is a default-VPC parameter in AWS. */
export function defaultVpcGroupByName(
  ctx: HandlerContext,
  name: string,
): Result<SecurityGroup, AwsError> {
  const s = ctx.store.snapshot;
  const vpc = defaultVpcOf(s, ctx.caller.accountId, ctx.caller.region);
  const found = vpc && s.find('securityGroupByLowerName', `${vpc.id}|${name.toLowerCase()}`)[0];
  if (!vpc || !found) {
    return fail(groupNameNotFound(name, `default VPC '${vpc?.id ?? 'none'}'`));
  }
  return ok(found);
}

/** The group id a call names: `GroupId`, else `GroupName` in the default VPC. */
export function targetGroupId(
  ctx: HandlerContext,
  groupId: string | undefined,
  groupName: string | undefined,
): Result<string, AwsError> {
  if (groupId !== undefined) return ok(groupId);
  if (groupName === undefined) return fail(AwsErrors.missingParameter('groupId'));
  const found = defaultVpcGroupByName(ctx, groupName);
  return found.ok ? ok(found.value.id) : found;
}

/**
 * A peer group named by name (`SourceSecurityGroupName`, or a `UserIdGroupPair` with only
 * `GroupName`): looked up in the VPC of the group being changed, which AWS requires the peer to
 * share; an unknown target is left for the operation to report.
 */
export function peerGroupByName(
  ctx: HandlerContext,
  targetId: string,
  name: string,
  owner: string | undefined,
): Result<SecurityGroup, AwsError> {
  const s = ctx.store.snapshot;
  const vpcId = s.get('security-group', targetId)?.vpcId;
  const found = s
    .find('securityGroupByLowerName', `${vpcId ?? ''}|${name.toLowerCase()}`)
    .find((g) => g.ownerId === (owner ?? ctx.caller.accountId));
  if (vpcId === undefined || found === undefined) {
    return fail(groupNameNotFound(name, `VPC '${vpcId ?? 'none'}'`));
  }
  return ok(found);
}
