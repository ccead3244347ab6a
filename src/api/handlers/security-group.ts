/**
 * Security groups and their rules over the EC2 API: the handlers. Output shapes are in
 * security-group-view.ts, Describe filters in security-group-filters.ts, name lookups in
 * security-group-lookup.ts and the rule actions' wire input in security-group-input.ts.
 */
import { idsParam } from '../../control/params.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  modifySecurityGroupRules,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
  updateSecurityGroupRuleDescriptionsEgress,
  updateSecurityGroupRuleDescriptionsIngress,
  type ModifySecurityGroupRulesInput,
} from '../../control/security-group.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import { isStaleRule } from '../../model/security-group.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import { checkMaxResults, describe, paginate } from './describe.js';
import {
  SECURITY_GROUP_RULE_FILTERS,
  securityGroupFilters,
  type RuleItem,
} from './security-group-filters.js';
import { permissionsInput, ruleCall } from './security-group-input.js';
import { callerGroups, defaultVpcGroupByName, targetGroupId } from './security-group-lookup.js';
import {
  securityGroupOutput,
  securityGroupRuleOutput,
  staleIpPermissions,
} from './security-group-view.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { callerResource } from './wire.js';

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/** CreateSecurityGroup: the new group's id and tags (the model's output has no ARN member). */
export const createSecurityGroupHandler = defineHandler('CreateSecurityGroup', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'security-group');
  if (!tags.ok) return tags;
  // GroupName and GroupDescription are required by the model: the decoder refuses a call
  // without them, so they are always given here.
  const result = ctx.run('CreateSecurityGroup', createSecurityGroup, {
    groupName: input.groupName,
    description: input.description,
    vpcId: input.vpcId,
    tags: tags.value,
  });
  return result.ok ? ok({ groupId: result.value.id, tags: tagSet(result.value.tags) }) : result;
});

/**
 * DescribeSecurityGroups: `GroupIds`, `GroupNames` (default VPC), filters and pagination. AWS
 * documents MaxResults (5–1000) without forbidding it alongside ids, so both may be given.
 */
export const describeSecurityGroupsHandler = defineHandler(
  'DescribeSecurityGroups',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const ids = idsParam('security-group', input.groupIds);
    if (!ids.ok) return ids;
    const named: string[] = [];
    for (const name of input.groupNames ?? []) {
      const found = defaultVpcGroupByName(ctx, name);
      if (!found.ok) return found;
      named.push(found.value.id);
    }
    const page = describe(
      callerGroups(ctx),
      { ...input, ids: [...ids.value, ...named] },
      {
        idOf: (g) => g.id,
        filters: securityGroupFilters(s),
        noun: 'security-group',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          securityGroups: page.value.items.map((g) => securityGroupOutput(s, g)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DeleteSecurityGroup: by `GroupId`, or by `GroupName` in the default VPC. */
export const deleteSecurityGroupHandler = defineHandler('DeleteSecurityGroup', (input, ctx) => {
  const { groupId, groupName } = input;
  const result = ctx.run('DeleteSecurityGroup', deleteSecurityGroup, { groupId, groupName });
  return result.ok ? ok(undefined) : result;
});

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** AuthorizeSecurityGroupIngress / Egress: the new rules with their ids. */
function authorize(
  ctx: HandlerContext,
  input: Ec2.AuthorizeSecurityGroupIngressInput | Ec2.AuthorizeSecurityGroupEgressInput,
  isEgress: boolean,
): Result<Ec2.SecurityGroupRule[], AwsError> {
  const [name, op] = isEgress
    ? (['AuthorizeSecurityGroupEgress', authorizeSecurityGroupEgress] as const)
    : (['AuthorizeSecurityGroupIngress', authorizeSecurityGroupIngress] as const);
  const tags = tagsFromSpecifications(input.tagSpecifications, 'security-group-rule');
  if (!tags.ok) return tags;
  const call = ruleCall(ctx, input, isEgress);
  if (!call.ok) return call;
  const result = ctx.run(name, op, {
    groupId: call.value.groupId,
    ipPermissions: call.value.permissions ?? [],
    tags: tags.value,
  });
  if (!result.ok) return result;
  // The operation only changes the caller's own groups.
  const group = { id: result.value.groupId, ownerId: ctx.caller.accountId };
  const s = ctx.store.snapshot;
  return ok(result.value.securityGroupRules.map((r) => securityGroupRuleOutput(s, group, r)));
}

/** AuthorizeSecurityGroupIngress: `return` and the new rules with their ids. */
export const authorizeSecurityGroupIngressHandler = defineHandler(
  'AuthorizeSecurityGroupIngress',
  (input, ctx) => {
    const rules = authorize(ctx, input, false);
    return rules.ok ? ok({ return: true, securityGroupRules: rules.value }) : rules;
  },
);

/** AuthorizeSecurityGroupEgress: `return` and the new rules with their ids. */
export const authorizeSecurityGroupEgressHandler = defineHandler(
  'AuthorizeSecurityGroupEgress',
  (input, ctx) => {
    const rules = authorize(ctx, input, true);
    return rules.ok ? ok({ return: true, securityGroupRules: rules.value }) : rules;
  },
);

/** RevokeSecurityGroupIngress / Egress: by IpPermissions (or the flat form) or by rule ids. */
function revoke(
  ctx: HandlerContext,
  input: Ec2.RevokeSecurityGroupIngressInput | Ec2.RevokeSecurityGroupEgressInput,
  isEgress: boolean,
): Result<undefined, AwsError> {
  const [name, op] = isEgress
    ? (['RevokeSecurityGroupEgress', revokeSecurityGroupEgress] as const)
    : (['RevokeSecurityGroupIngress', revokeSecurityGroupIngress] as const);
  const call = ruleCall(ctx, input, isEgress);
  if (!call.ok) return call;
  const result = ctx.run(name, op, {
    groupId: call.value.groupId,
    ipPermissions: call.value.permissions,
    securityGroupRuleIds: input.securityGroupRuleIds,
  });
  return result.ok ? ok(undefined) : result;
}

/** RevokeSecurityGroupIngress: by IpPermissions (or the flat form) or by rule ids. */
export const revokeSecurityGroupIngressHandler = defineHandler(
  'RevokeSecurityGroupIngress',
  (input, ctx) => {
    const revoked = revoke(ctx, input, false);
    return revoked.ok ? ok({ return: true }) : revoked;
  },
);

/** RevokeSecurityGroupEgress: by IpPermissions or by rule ids (no flat form for egress). */
export const revokeSecurityGroupEgressHandler = defineHandler(
  'RevokeSecurityGroupEgress',
  (input, ctx) => {
    const revoked = revoke(ctx, input, true);
    return revoked.ok ? ok({ return: true }) : revoked;
  },
);

/** DescribeSecurityGroupRules: every rule of the caller's groups, by id, filters and pages. */
export const describeSecurityGroupRulesHandler = defineHandler(
  'DescribeSecurityGroupRules',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const ids = idsParam('security-group-rule', input.securityGroupRuleIds);
    if (!ids.ok) return ids;
    const items: RuleItem[] = callerGroups(ctx).flatMap((group) =>
      group.rules.map((rule) => ({ group, rule, tags: rule.tags ?? [] })),
    );
    const page = describe(
      items,
      { ...input, ids: ids.value },
      {
        idOf: (i) => i.rule.securityGroupRuleId,
        filters: SECURITY_GROUP_RULE_FILTERS,
        noun: 'security-group-rule',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          securityGroupRules: page.value.items.map((i) =>
            securityGroupRuleOutput(s, i.group, i.rule),
          ),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** ModifySecurityGroupRules: each update must name a rule and give its new definition. */
export const modifySecurityGroupRulesHandler = defineHandler(
  'ModifySecurityGroupRules',
  (input, ctx) => {
    const updates: ModifySecurityGroupRulesInput['securityGroupRules'][number][] = [];
    // SecurityGroupRuleId is required by the model: the decoder refuses an update without it.
    for (const u of input.securityGroupRules) {
      if (u.securityGroupRule === undefined) {
        return fail(AwsErrors.missingParameter('SecurityGroupRule.N.SecurityGroupRule'));
      }
      updates.push({
        securityGroupRuleId: u.securityGroupRuleId,
        securityGroupRule: {
          ...u.securityGroupRule,
          ipProtocol: u.securityGroupRule.ipProtocol ?? '',
        },
      });
    }
    const result = ctx.run('ModifySecurityGroupRules', modifySecurityGroupRules, {
      groupId: input.groupId,
      securityGroupRules: updates,
    });
    return result.ok ? ok({ return: true }) : result;
  },
);

/** UpdateSecurityGroupRuleDescriptionsIngress / Egress: by IpPermissions or by rule ids. */
function updateDescriptions(
  ctx: HandlerContext,
  input:
    | Ec2.UpdateSecurityGroupRuleDescriptionsIngressInput
    | Ec2.UpdateSecurityGroupRuleDescriptionsEgressInput,
  isEgress: boolean,
): Result<undefined, AwsError> {
  const [name, op] = isEgress
    ? ([
        'UpdateSecurityGroupRuleDescriptionsEgress',
        updateSecurityGroupRuleDescriptionsEgress,
      ] as const)
    : ([
        'UpdateSecurityGroupRuleDescriptionsIngress',
        updateSecurityGroupRuleDescriptionsIngress,
      ] as const);
  const groupId = targetGroupId(ctx, input.groupId, input.groupName);
  if (!groupId.ok) return groupId;
  const permissions = permissionsInput(ctx, groupId.value, input.ipPermissions ?? []);
  if (!permissions.ok) return permissions;
  const result = ctx.run(name, op, {
    groupId: groupId.value,
    ipPermissions: permissions.value,
    securityGroupRuleDescriptions: input.securityGroupRuleDescriptions,
  });
  return result.ok ? ok(undefined) : result;
}

/** UpdateSecurityGroupRuleDescriptionsIngress. */
export const updateSecurityGroupRuleDescriptionsIngressHandler = defineHandler(
  'UpdateSecurityGroupRuleDescriptionsIngress',
  (input, ctx) => {
    const updated = updateDescriptions(ctx, input, false);
    return updated.ok ? ok({ return: true }) : updated;
  },
);

/** UpdateSecurityGroupRuleDescriptionsEgress. */
export const updateSecurityGroupRuleDescriptionsEgressHandler = defineHandler(
  'UpdateSecurityGroupRuleDescriptionsEgress',
  (input, ctx) => {
    const updated = updateDescriptions(ctx, input, true);
    return updated.ok ? ok({ return: true }) : updated;
  },
);

// ---------------------------------------------------------------------------------------------
// Stale rules
// ---------------------------------------------------------------------------------------------

/** DescribeStaleSecurityGroups: AWS's MaxResults bounds for it are 5–255. */
const STALE_MAX_RESULTS: readonly [number, number] = [5, 255];

/** DescribeStaleSecurityGroups: the VPC's groups with rules referencing unreachable groups. */
export const describeStaleSecurityGroupsHandler = defineHandler(
  'DescribeStaleSecurityGroups',
  (input, ctx) => {
    const bad = checkMaxResults(input.maxResults, STALE_MAX_RESULTS);
    if (bad) return fail(bad);
    const s = ctx.store.snapshot;
    const found = callerResource(ctx, 'vpc', input.vpcId);
    if (!found.ok) return found;
    const vpc = found.value;
    const stale = s
      .find('securityGroupsByVpc', vpc.id)
      .filter((g) => g.ownerId === ctx.caller.accountId)
      .map((g) => ({ group: g, rules: g.rules.filter((r) => isStaleRule(s, g, r)) }))
      .filter((x) => x.rules.length > 0);
    const page = paginate(stale, (x) => x.group.id, input.maxResults, input.nextToken);
    if (!page.ok) return page;
    return ok({
      staleSecurityGroupSet: page.value.items.map(({ group, rules }) => ({
        description: group.description,
        groupId: group.id,
        groupName: group.groupName,
        staleIpPermissions: staleIpPermissions(
          s,
          rules.filter((r) => !r.isEgress),
        ),
        staleIpPermissionsEgress: staleIpPermissions(
          s,
          rules.filter((r) => r.isEgress),
        ),
        vpcId: group.vpcId,
      })),
      nextToken: page.value.nextToken,
    });
  },
);

/** The security-group handlers, by action. */
export const SECURITY_GROUP_HANDLERS = handlerRegistry(
  createSecurityGroupHandler,
  describeSecurityGroupsHandler,
  deleteSecurityGroupHandler,
  authorizeSecurityGroupIngressHandler,
  authorizeSecurityGroupEgressHandler,
  revokeSecurityGroupIngressHandler,
  revokeSecurityGroupEgressHandler,
  describeSecurityGroupRulesHandler,
  modifySecurityGroupRulesHandler,
  updateSecurityGroupRuleDescriptionsIngressHandler,
  updateSecurityGroupRuleDescriptionsEgressHandler,
  describeStaleSecurityGroupsHandler,
);
