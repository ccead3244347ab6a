import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import { defaultVpcOf, type Vpc } from '../model/vpc.js';
import { allowAllEgress } from './defaults.js';
import { idParam, owned, tagsParam } from './params.js';
import {
  asPermission,
  checkRuleDescription,
  exceedsRuleQuota,
  findDuplicate,
  parsePermissions,
  prefixListSizes,
  quotaError,
  resolvePeers,
  ruleKey,
  TEXT_MAX,
  VALID_TEXT,
  type IpPermissionInput,
  type RuleDraft,
  type SecurityGroupRuleRequestInput,
} from './security-group-rules.js';

/**
 * Security groups: CreateSecurityGroup, DeleteSecurityGroup, Authorize/Revoke Ingress/Egress and
 * ModifySecurityGroupRules (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
 * How a request's permissions become rules is in security-group-rules.ts.
 */

/** VPC security groups per account per Region (VPC quotas page). */
export const SECURITY_GROUPS_PER_REGION = 2500;

// ---------------------------------------------------------------------------------------------
// Request shapes
// ---------------------------------------------------------------------------------------------

/** CreateSecurityGroup. Without `vpcId` the group goes to the caller's default VPC, as in AWS. */
export interface CreateSecurityGroupInput {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId?: string;
  readonly tags?: readonly Tag[];
}

/** DeleteSecurityGroup: by id, or by name in the default VPC only (AWS's rule). */
export interface DeleteSecurityGroupInput {
  readonly groupId?: string;
  readonly groupName?: string;
}

/** AuthorizeSecurityGroupIngress / AuthorizeSecurityGroupEgress. */
export interface AuthorizeSecurityGroupInput {
  readonly groupId: string;
  readonly ipPermissions: readonly IpPermissionInput[];
  /** Tags for every new rule (the call's TagSpecifications for `security-group-rule`). */
  readonly tags?: readonly Tag[];
}

/** RevokeSecurityGroupIngress / RevokeSecurityGroupEgress: by permissions or by rule ids. */
export interface RevokeSecurityGroupInput {
  readonly groupId: string;
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly securityGroupRuleIds?: readonly string[];
}

/** ModifySecurityGroupRules: replaces rules in place, keeping their ids and direction. */
export interface ModifySecurityGroupRulesInput {
  readonly groupId: string;
  readonly securityGroupRules: readonly {
    readonly securityGroupRuleId: string;
    readonly securityGroupRule: SecurityGroupRuleRequestInput;
  }[];
}

/** UpdateSecurityGroupRuleDescriptionsIngress / Egress: rules named by permission or by id. */
export interface UpdateRuleDescriptionsInput {
  readonly groupId: string;
  /** Each peer's description replaces its rule's; a peer without one clears it. */
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly securityGroupRuleDescriptions?: readonly {
    readonly securityGroupRuleId?: string;
    readonly description?: string;
  }[];
}

/** What Authorize* returns: the new rules with their `sgr-` ids. */
export interface AuthorizeSecurityGroupOutput {
  readonly groupId: Id<'security-group'>;
  readonly securityGroupRules: readonly SecurityGroupRule[];
}

/** What Revoke* returns: the rules removed. */
export interface RevokeSecurityGroupOutput {
  readonly groupId: Id<'security-group'>;
  readonly revokedSecurityGroupRules: readonly SecurityGroupRule[];
}

// ---------------------------------------------------------------------------------------------
// CreateSecurityGroup / DeleteSecurityGroup
// ---------------------------------------------------------------------------------------------

function checkText(param: string, value: string): AwsError | undefined {
  if (value.length > TEXT_MAX) {
    return AwsErrors.invalidParameterValue(
      `Value (${value}) for parameter ${param} is invalid. Length exceeds maximum of ${TEXT_MAX}.`,
    );
  }
  if (!VALID_TEXT.test(value)) {
    return AwsErrors.invalidParameterValue(
      `Value (${value}) for parameter ${param} is invalid. Valid characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*`,
    );
  }
  return undefined;
}

/**
 * CreateSecurityGroup: no inbound rules and one outbound allow-all IPv4 rule. Even in a VPC with
 * IPv6 a new group gets no `::/0` egress rule: AWS documents `::/0` only for the default group,
 * and the console shows only the IPv4 rule for new groups (spec §8.11).
 */
export const createSecurityGroup: Operation<CreateSecurityGroupInput, SecurityGroup> = (
  s,
  input,
  ctx,
) => {
  if (typeof input.groupName !== 'string' || input.groupName.trim() === '') {
    return fail(AwsErrors.missingParameter('groupName'));
  }
  if (typeof input.description !== 'string' || input.description === '') {
    return fail(AwsErrors.missingParameter('description'));
  }
  // AWS trims trailing spaces from group names.
  const groupName = input.groupName.replace(/ +$/, '');
  const bad = checkText('groupName', groupName) ?? checkText('description', input.description);
  if (bad) return fail(bad);
  // Names are case-insensitive in a VPC, so `SG-…` and `Default` are refused like `sg-…`/`default`.
  if (groupName.toLowerCase().startsWith('sg-')) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${groupName}) for parameter groupName is invalid. Group names may not be in the format sg-*.`,
      ),
    );
  }
  if (groupName.toLowerCase() === 'default') {
    return fail(
      AwsErrors.code('InvalidGroup.Reserved', "The security group 'default' is reserved"),
    );
  }
  let vpc: Vpc;
  if (input.vpcId !== undefined) {
    const found = owned(s, 'vpc', input.vpcId, ctx);
    if (!found.ok) return found;
    vpc = found.value;
  } else {
    const found = defaultVpcOf(s, ctx.accountId, ctx.region);
    if (!found) return fail(AwsErrors.code('VPCIdNotSpecified', 'No default VPC for this user'));
    vpc = found;
  }
  if (s.find('securityGroupByLowerName', `${vpc.id}|${groupName.toLowerCase()}`).length > 0) {
    return fail(
      AwsErrors.code(
        'InvalidGroup.Duplicate',
        `The security group '${groupName}' already exists for VPC '${vpc.id}'`,
      ),
    );
  }
  if (
    s.find('securityGroupsByOwnerRegion', `${ctx.accountId}|${ctx.region}`).length >=
    SECURITY_GROUPS_PER_REGION
  ) {
    return fail(
      AwsErrors.limitExceeded(
        'SecurityGroupLimitExceeded',
        'The maximum number of security groups has been reached.',
      ),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const group: SecurityGroup = {
    kind: 'security-group',
    id: ctx.ids.next('security-group'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    groupName,
    description: input.description,
    vpcId: vpc.id,
    rules: allowAllEgress(ctx, false),
  };
  return ok({ changes: [{ op: 'put', resource: group }], output: group });
};

/** Finds the group a DeleteSecurityGroup names: by id, or by name in the default VPC. */
function groupToDelete(
  s: Snapshot,
  input: DeleteSecurityGroupInput,
  ctx: OperationContext,
): Result<SecurityGroup, AwsError> {
  if (input.groupId !== undefined) return owned(s, 'security-group', input.groupId, ctx);
  if (input.groupName === undefined) return fail(AwsErrors.missingParameter('groupId'));
  const vpc = defaultVpcOf(s, ctx.accountId, ctx.region);
  const found =
    vpc && s.find('securityGroupByLowerName', `${vpc.id}|${input.groupName.toLowerCase()}`)[0];
  if (!vpc || !found) {
    return fail(
      AwsErrors.code(
        'InvalidGroup.NotFound',
        `The security group '${input.groupName}' does not exist in default VPC '${vpc?.id ?? 'none'}'`,
      ),
    );
  }
  return ok(found);
}

/**
 * DeleteSecurityGroup. The default group cannot go; a group in use by an ENI or an interface
 * endpoint, or referenced by another group's rule in the same VPC, gives DependencyViolation.
 * A reference from a group in a *peered* VPC does not block deletion: that rule becomes stale,
 * as AWS's stale-rule feature describes.
 */
export const deleteSecurityGroup: Operation<DeleteSecurityGroupInput, true> = (s, input, ctx) => {
  const found = groupToDelete(s, input, ctx);
  if (!found.ok) return found;
  const group = found.value;
  if (group.groupName === 'default') {
    return fail(
      AwsErrors.code(
        'CannotDelete',
        `the specified group: "${group.id}" name: "default" cannot be deleted by a user`,
      ),
    );
  }
  const referenced = s
    .find('securityGroupsByReferencedGroup', group.id)
    .some((g) => g.id !== group.id && g.vpcId === group.vpcId);
  if (
    s.find('networkInterfacesBySecurityGroup', group.id).length > 0 ||
    s.find('vpcEndpointsBySecurityGroup', group.id).length > 0 ||
    referenced
  ) {
    return fail(AwsErrors.dependencyViolation(`resource ${group.id} has a dependent object`));
  }
  return ok({ changes: [{ op: 'delete', kind: 'security-group', id: group.id }], output: true });
};

// ---------------------------------------------------------------------------------------------
// Authorize / Revoke / Modify
// ---------------------------------------------------------------------------------------------

const withIds = (
  drafts: readonly RuleDraft[],
  tags: readonly Tag[],
  ctx: OperationContext,
): SecurityGroupRule[] =>
  drafts.map((d) => ({
    securityGroupRuleId: ctx.ids.next('security-group-rule'),
    ...d,
    ...(tags.length > 0 ? { tags } : {}),
  }));

function authorize(
  isEgress: boolean,
): Operation<AuthorizeSecurityGroupInput, AuthorizeSecurityGroupOutput> {
  return (s, input, ctx) => {
    const found = owned(s, 'security-group', input.groupId, ctx);
    if (!found.ok) return found;
    const group = found.value;
    if (!input.ipPermissions || input.ipPermissions.length === 0) {
      return fail(AwsErrors.missingParameter('ipPermissions'));
    }
    const tags = tagsParam(input.tags);
    if (!tags.ok) return tags;
    const parsed = parsePermissions(input.ipPermissions, isEgress, ctx);
    if (!parsed.ok) return parsed;
    const drafts = resolvePeers(s, group, parsed.value, ctx);
    if (!drafts.ok) return drafts;
    const dup = findDuplicate(group.rules, drafts.value);
    if (dup) return fail(dup);
    if (exceedsRuleQuota([...group.rules, ...drafts.value], prefixListSizes(s))) {
      return fail(quotaError());
    }
    const added = withIds(drafts.value, tags.value, ctx);
    const next: SecurityGroup = { ...group, rules: [...group.rules, ...added] };
    return ok({
      changes: [{ op: 'put', resource: next }],
      output: { groupId: group.id, securityGroupRules: added },
    });
  };
}

/** AuthorizeSecurityGroupIngress: adds inbound rules, one `sgr-` per (protocol, ports, peer). */
export const authorizeSecurityGroupIngress = authorize(false);
/** AuthorizeSecurityGroupEgress: adds outbound rules, one `sgr-` per (protocol, ports, peer). */
export const authorizeSecurityGroupEgress = authorize(true);

/** The rules a revoke names, all of which must exist in the given direction. */
function rulesToRevoke(
  group: SecurityGroup,
  input: RevokeSecurityGroupInput,
  isEgress: boolean,
  ctx: OperationContext,
): Result<SecurityGroupRule[], AwsError> {
  const byIds = input.securityGroupRuleIds ?? [];
  const byPermissions = input.ipPermissions ?? [];
  if (byIds.length > 0 && byPermissions.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Only one of ipPermissions or securityGroupRuleIds may be specified.',
      ),
    );
  }
  if (byIds.length === 0 && byPermissions.length === 0) {
    return fail(AwsErrors.missingParameter('ipPermissions or securityGroupRuleIds'));
  }
  const direction = group.rules.filter((r) => r.isEgress === isEgress);
  const out: SecurityGroupRule[] = [];
  for (const id of byIds) {
    const shaped = idParam('security-group-rule', id);
    if (!shaped.ok) return shaped;
    const rule = direction.find((r) => r.securityGroupRuleId === id);
    if (!rule) return fail(AwsErrors.notFound('security-group-rule', id));
    if (!out.includes(rule)) out.push(rule);
  }
  // Revoking needs no peer to exist: a stale rule (its group or peering gone) must be removable.
  const parsed = parsePermissions(byPermissions, isEgress, ctx);
  if (!parsed.ok) return parsed;
  for (const { draft } of parsed.value) {
    const key = ruleKey(draft);
    const rule = direction.find((r) => ruleKey(r) === key);
    if (!rule) {
      return fail(
        AwsErrors.code(
          'InvalidPermission.NotFound',
          'The specified rule does not exist in this security group.',
        ),
      );
    }
    if (!out.includes(rule)) out.push(rule);
  }
  return ok(out);
}

function revoke(isEgress: boolean): Operation<RevokeSecurityGroupInput, RevokeSecurityGroupOutput> {
  return (s, input, ctx) => {
    const found = owned(s, 'security-group', input.groupId, ctx);
    if (!found.ok) return found;
    const group = found.value;
    const gone = rulesToRevoke(group, input, isEgress, ctx);
    if (!gone.ok) return gone;
    const next: SecurityGroup = {
      ...group,
      rules: group.rules.filter((r) => !gone.value.includes(r)),
    };
    return ok({
      changes: [{ op: 'put', resource: next }],
      output: { groupId: group.id, revokedSecurityGroupRules: gone.value },
    });
  };
}

/** RevokeSecurityGroupIngress: removes inbound rules named by permission or by `sgr-` id. */
export const revokeSecurityGroupIngress = revoke(false);
/** RevokeSecurityGroupEgress: removes outbound rules named by permission or by `sgr-` id. */
export const revokeSecurityGroupEgress = revoke(true);

/** ModifySecurityGroupRules: rewrites rules in place; ids and directions stay. */
export const modifySecurityGroupRules: Operation<ModifySecurityGroupRulesInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'security-group', input.groupId, ctx);
  if (!found.ok) return found;
  const group = found.value;
  if (!input.securityGroupRules || input.securityGroupRules.length === 0) {
    return fail(AwsErrors.missingParameter('securityGroupRules'));
  }
  const replaced = new Map<string, SecurityGroupRule>();
  for (const { securityGroupRuleId, securityGroupRule } of input.securityGroupRules) {
    const shaped = idParam('security-group-rule', securityGroupRuleId);
    if (!shaped.ok) return shaped;
    const old = group.rules.find((r) => r.securityGroupRuleId === securityGroupRuleId);
    if (!old) return fail(AwsErrors.notFound('security-group-rule', securityGroupRuleId));
    const permission = asPermission(securityGroupRule);
    if (!permission.ok) return permission;
    const parsed = parsePermissions([permission.value], old.isEgress, ctx);
    if (!parsed.ok) return parsed;
    const resolved = resolvePeers(s, group, parsed.value, ctx);
    if (!resolved.ok) return resolved;
    const [draft] = resolved.value;
    // The rule keeps its id and its tags; everything else is the request's.
    if (draft) {
      replaced.set(securityGroupRuleId, {
        securityGroupRuleId: old.securityGroupRuleId,
        ...draft,
        ...(old.tags ? { tags: old.tags } : {}),
      });
    }
  }
  const rules = group.rules.map((r) => replaced.get(r.securityGroupRuleId) ?? r);
  const dup = findDuplicate([], rules);
  if (dup) return fail(dup);
  if (exceedsRuleQuota(rules, prefixListSizes(s))) return fail(quotaError());
  return ok({ changes: [{ op: 'put', resource: { ...group, rules } }], output: true });
};

// ---------------------------------------------------------------------------------------------
// UpdateSecurityGroupRuleDescriptions
// ---------------------------------------------------------------------------------------------

/** The rule with a new description, or none when `description` is undefined. */
function describedAs(rule: SecurityGroupRule, description: string | undefined): SecurityGroupRule {
  const { description: _old, ...rest } = rule;
  return description === undefined ? rest : { ...rest, description };
}

/** The new description of each rule an update names (by id or by permission), keyed by rule id. */
function descriptionUpdates(
  group: SecurityGroup,
  input: UpdateRuleDescriptionsInput,
  isEgress: boolean,
  ctx: OperationContext,
): Result<Map<string, string | undefined>, AwsError> {
  const byIds = input.securityGroupRuleDescriptions ?? [];
  const byPermissions = input.ipPermissions ?? [];
  if (byIds.length > 0 && byPermissions.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Only one of ipPermissions or securityGroupRuleDescriptions may be specified.',
      ),
    );
  }
  if (byIds.length === 0 && byPermissions.length === 0) {
    return fail(AwsErrors.missingParameter('ipPermissions or securityGroupRuleDescriptions'));
  }
  const direction = group.rules.filter((r) => r.isEgress === isEgress);
  const out = new Map<string, string | undefined>();
  for (const { securityGroupRuleId: id, description } of byIds) {
    if (id === undefined) return fail(AwsErrors.missingParameter('securityGroupRuleId'));
    const shaped = idParam('security-group-rule', id);
    if (!shaped.ok) return shaped;
    if (!direction.some((r) => r.securityGroupRuleId === id)) {
      return fail(AwsErrors.notFound('security-group-rule', id));
    }
    const bad = checkRuleDescription(description);
    if (bad) return fail(bad);
    out.set(id, description);
  }
  // Like a revoke, matching needs no peer to exist, so a stale rule's description can change.
  const parsed = parsePermissions(byPermissions, isEgress, ctx);
  if (!parsed.ok) return parsed;
  for (const { draft } of parsed.value) {
    const key = ruleKey(draft);
    const rule = direction.find((r) => ruleKey(r) === key);
    if (!rule) {
      return fail(
        AwsErrors.code(
          'InvalidPermission.NotFound',
          'The specified rule does not exist in this security group.',
        ),
      );
    }
    out.set(rule.securityGroupRuleId, draft.description);
  }
  return ok(out);
}

function updateDescriptions(isEgress: boolean): Operation<UpdateRuleDescriptionsInput, true> {
  return (s, input, ctx) => {
    const found = owned(s, 'security-group', input.groupId, ctx);
    if (!found.ok) return found;
    const group = found.value;
    const updates = descriptionUpdates(group, input, isEgress, ctx);
    if (!updates.ok) return updates;
    const rules = group.rules.map((r) =>
      updates.value.has(r.securityGroupRuleId)
        ? describedAs(r, updates.value.get(r.securityGroupRuleId))
        : r,
    );
    return ok({ changes: [{ op: 'put', resource: { ...group, rules } }], output: true });
  };
}

/** UpdateSecurityGroupRuleDescriptionsIngress: sets, replaces or clears inbound rule descriptions. */
export const updateSecurityGroupRuleDescriptionsIngress = updateDescriptions(false);
/** UpdateSecurityGroupRuleDescriptionsEgress: sets, replaces or clears outbound rule descriptions. */
export const updateSecurityGroupRuleDescriptionsEgress = updateDescriptions(true);
