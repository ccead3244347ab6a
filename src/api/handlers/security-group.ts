/**
 * Security groups and their rules over the EC2 API. Groups and rules are stored as
 * `SecurityGroup.rules`, one rule per (protocol, ports, peer); DescribeSecurityGroups folds them
 * back into AWS's `IpPermission`s (one per protocol and port range, several peers each), while
 * DescribeSecurityGroupRules and the Authorize answers show them one by one with their `sgr-` ids.
 */
import { idParam, idsParam } from '../../control/params.js';
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
import type {
  IpPermissionInput,
  UserIdGroupPairInput,
} from '../../control/security-group-rules.js';
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { parseProtocol } from '../../model/protocol.js';
import { fail, ok, type Result } from '../../model/result.js';
import {
  isStaleRule,
  type ReferencedSecurityGroup,
  type SecurityGroup,
  type SecurityGroupRule,
} from '../../model/security-group.js';
import type { Snapshot } from '../../model/snapshot.js';
import { defaultVpcOf } from '../../model/vpc.js';
import type { Handler, HandlerContext } from './context.js';
import {
  checkMaxResults,
  describe,
  paginate,
  type DescribeRequest,
  type FilterTable,
} from './describe.js';
import { tagSet, tagsFromSpecifications, type WireTagSpecification } from './tags.js';

// ---------------------------------------------------------------------------------------------
// Output shapes
// ---------------------------------------------------------------------------------------------

type Out = Record<string, unknown>;

/** Protocols whose rules carry ports (or ICMP type/code) in an `IpPermission`. */
const PORTED = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

/** A peering's status for `peeringStatus`; a connection no longer stored reads `deleted`. */
function peeringStatus(s: Snapshot, ref: ReferencedSecurityGroup): string | undefined {
  if (ref.vpcPeeringConnectionId === undefined) return undefined;
  return s.get('vpc-peering-connection', ref.vpcPeeringConnectionId)?.status.code ?? 'deleted';
}

/** `ReferencedSecurityGroup` / `UserIdGroupPair` fields of a group reference. */
function referenceOutput(s: Snapshot, ref: ReferencedSecurityGroup): Out {
  return {
    groupId: ref.groupId,
    userId: ref.userId,
    vpcId: ref.vpcId,
    vpcPeeringConnectionId: ref.vpcPeeringConnectionId,
    peeringStatus: peeringStatus(s, ref),
  };
}

/** AWS `SecurityGroupRule`: one rule with its id, group and single peer. */
export function securityGroupRuleOutput(
  s: Snapshot,
  group: Pick<SecurityGroup, 'id' | 'ownerId'>,
  r: SecurityGroupRule,
): Out {
  return {
    securityGroupRuleId: r.securityGroupRuleId,
    groupId: group.id,
    groupOwnerId: group.ownerId,
    isEgress: r.isEgress,
    ipProtocol: r.ipProtocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    cidrIpv4: r.cidrIpv4?.toString(),
    cidrIpv6: r.cidrIpv6?.toString(),
    prefixListId: r.prefixListId,
    referencedGroupInfo: r.referencedGroupInfo && referenceOutput(s, r.referencedGroupInfo),
    description: r.description,
    tags: tagSet(r.tags ?? []),
  };
}

/** One `IpPermission` being assembled: its peers in AWS's four lists. */
interface PermissionOut {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges: Out[];
  readonly ipv6Ranges: Out[];
  readonly prefixListIds: Out[];
  readonly userIdGroupPairs: Out[];
}

/**
 * Folds rules into `IpPermission`s as AWS lists them: one per protocol and port range, in the
 * order first seen; ports only where the protocol has them (AWS omits them for `-1` and for
 * protocols given by number).
 */
export function ipPermissionsOutput(
  s: Snapshot,
  rules: readonly SecurityGroupRule[],
): PermissionOut[] {
  const byKey = new Map<string, PermissionOut>();
  for (const r of rules) {
    const key = `${r.ipProtocol}|${r.fromPort}|${r.toPort}`;
    let p = byKey.get(key);
    if (p === undefined) {
      const ports = PORTED.has(r.ipProtocol) ? { fromPort: r.fromPort, toPort: r.toPort } : {};
      p = {
        ipProtocol: r.ipProtocol,
        ...ports,
        ipRanges: [],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [],
      };
      byKey.set(key, p);
    }
    const description = r.description;
    if (r.cidrIpv4) p.ipRanges.push({ cidrIp: r.cidrIpv4.toString(), description });
    else if (r.cidrIpv6) p.ipv6Ranges.push({ cidrIpv6: r.cidrIpv6.toString(), description });
    else if (r.prefixListId) p.prefixListIds.push({ prefixListId: r.prefixListId, description });
    else if (r.referencedGroupInfo) {
      p.userIdGroupPairs.push({ ...referenceOutput(s, r.referencedGroupInfo), description });
    }
  }
  return [...byKey.values()];
}

/** AWS `SecurityGroup`. */
export function securityGroupOutput(s: Snapshot, g: SecurityGroup): Out {
  return {
    description: g.description,
    groupName: g.groupName,
    ipPermissions: ipPermissionsOutput(
      s,
      g.rules.filter((r) => !r.isEgress),
    ),
    ownerId: g.ownerId,
    groupId: g.id,
    ipPermissionsEgress: ipPermissionsOutput(
      s,
      g.rules.filter((r) => r.isEgress),
    ),
    tags: tagSet(g.tags),
    vpcId: g.vpcId,
  };
}

// ---------------------------------------------------------------------------------------------
// Finding groups by name
// ---------------------------------------------------------------------------------------------

/** The caller's groups in its Region, from the index (no scan over every group). */
const callerGroups = (ctx: HandlerContext): SecurityGroup[] =>
  ctx.store.snapshot.find(
    'securityGroupsByOwnerRegion',
    `${ctx.caller.accountId}|${ctx.caller.region}`,
  );

/** A group of the caller's default VPC by name: `GroupName` is a default-VPC parameter in AWS. */
function defaultVpcGroupByName(ctx: HandlerContext, name: string): Result<SecurityGroup, AwsError> {
  const s = ctx.store.snapshot;
  const vpc = defaultVpcOf(s, ctx.caller.accountId, ctx.caller.region);
  const found = vpc && s.find('securityGroupByLowerName', `${vpc.id}|${name.toLowerCase()}`)[0];
  if (!vpc || !found) {
    return fail(
      AwsErrors.code(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC '${vpc?.id ?? 'none'}'`,
      ),
    );
  }
  return ok(found);
}

/** The group id a call names: `GroupId`, else `GroupName` in the default VPC. */
function targetGroupId(
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
function peerGroupByName(
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
    return fail(
      AwsErrors.code(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in VPC '${vpcId ?? 'none'}'`,
      ),
    );
  }
  return ok(found);
}

// ---------------------------------------------------------------------------------------------
// Wire input: IpPermissions and the legacy flat form
// ---------------------------------------------------------------------------------------------

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
interface WirePermission {
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

interface RuleCallWire extends FlatWire {
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
function permissionsInput(
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
function ruleCall(
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

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

interface CreateSecurityGroupWire {
  readonly groupName?: string;
  readonly description?: string;
  readonly vpcId?: string;
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/** CreateSecurityGroup: the new group's id and tags (the model's output has no ARN member). */
export const createSecurityGroupHandler: Handler = (raw, ctx) => {
  const input = raw as CreateSecurityGroupWire;
  const tags = tagsFromSpecifications(input.tagSpecifications, 'security-group');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateSecurityGroup', createSecurityGroup, {
    groupName: input.groupName ?? '',
    description: input.description ?? '',
    vpcId: input.vpcId,
    tags: tags.value,
  });
  return result.ok ? ok({ groupId: result.value.id, tags: tagSet(result.value.tags) }) : result;
};

/** Protocol values a filter matches: the stored text and its number (`tcp` and `6`). */
function protocolValues(p: string): string[] {
  const n = parseProtocol(p);
  return n === undefined || String(n) === p ? [p] : [p, String(n)];
}

/** The `ip-permission.*` (or `egress.ip-permission.*`) filters of one direction. */
function permissionFilters(
  s: Snapshot,
  prefix: string,
  isEgress: boolean,
): FilterTable<SecurityGroup> {
  const rules = (g: SecurityGroup) => g.rules.filter((r) => r.isEgress === isEgress);
  const ported = (g: SecurityGroup) => rules(g).filter((r) => PORTED.has(r.ipProtocol));
  return {
    [`${prefix}.cidr`]: (g) => rules(g).map((r) => r.cidrIpv4?.toString()),
    [`${prefix}.from-port`]: (g) => ported(g).map((r) => String(r.fromPort)),
    [`${prefix}.to-port`]: (g) => ported(g).map((r) => String(r.toPort)),
    [`${prefix}.group-id`]: (g) => rules(g).map((r) => r.referencedGroupInfo?.groupId),
    [`${prefix}.group-name`]: (g) =>
      rules(g).map((r) => {
        const ref = r.referencedGroupInfo;
        return ref && s.get('security-group', ref.groupId)?.groupName;
      }),
    [`${prefix}.ipv6-cidr`]: (g) => rules(g).map((r) => r.cidrIpv6?.toString()),
    [`${prefix}.prefix-list-id`]: (g) => rules(g).map((r) => r.prefixListId),
    [`${prefix}.protocol`]: (g) => rules(g).flatMap((r) => protocolValues(r.ipProtocol)),
    [`${prefix}.user-id`]: (g) => rules(g).map((r) => r.referencedGroupInfo?.userId),
  };
}

/**
 * DescribeSecurityGroups filters, by name, as AWS documents them (tags are built in). Rule
 * filters match any rule of the group, so two rule filters may be met by two different rules,
 * as AWS documents.
 */
export function securityGroupFilters(s: Snapshot): FilterTable<SecurityGroup> {
  return {
    description: (g) => [g.description],
    'group-id': (g) => [g.id],
    'group-name': (g) => [g.groupName],
    'owner-id': (g) => [g.ownerId],
    'vpc-id': (g) => [g.vpcId],
    ...permissionFilters(s, 'ip-permission', false),
    ...permissionFilters(s, 'egress.ip-permission', true),
  };
}

interface DescribeSecurityGroupsWire extends DescribeRequest {
  readonly groupIds?: readonly string[];
  readonly groupNames?: readonly string[];
}

/**
 * DescribeSecurityGroups: `GroupIds`, `GroupNames` (default VPC), filters and pagination. AWS
 * documents MaxResults (5–1000) without forbidding it alongside ids, so both may be given.
 */
export const describeSecurityGroupsHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeSecurityGroupsWire;
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
};

/** DeleteSecurityGroup: by `GroupId`, or by `GroupName` in the default VPC. */
export const deleteSecurityGroupHandler: Handler = (raw, ctx) => {
  const { groupId, groupName } = raw as { groupId?: string; groupName?: string };
  const result = ctx.run('DeleteSecurityGroup', deleteSecurityGroup, { groupId, groupName });
  return result.ok ? ok(undefined) : result;
};

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** AuthorizeSecurityGroupIngress / Egress: `return` and the new rules with their ids. */
function authorizeHandler(isEgress: boolean): Handler {
  const [name, op] = isEgress
    ? (['AuthorizeSecurityGroupEgress', authorizeSecurityGroupEgress] as const)
    : (['AuthorizeSecurityGroupIngress', authorizeSecurityGroupIngress] as const);
  return (raw, ctx) => {
    const input = raw as RuleCallWire;
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
    return ok({
      return: true,
      securityGroupRules: result.value.securityGroupRules.map((r) =>
        securityGroupRuleOutput(s, group, r),
      ),
    });
  };
}

/** RevokeSecurityGroupIngress / Egress: by IpPermissions (or the flat form) or by rule ids. */
function revokeHandler(isEgress: boolean): Handler {
  const [name, op] = isEgress
    ? (['RevokeSecurityGroupEgress', revokeSecurityGroupEgress] as const)
    : (['RevokeSecurityGroupIngress', revokeSecurityGroupIngress] as const);
  return (raw, ctx) => {
    const input = raw as RuleCallWire;
    const call = ruleCall(ctx, input, isEgress);
    if (!call.ok) return call;
    const result = ctx.run(name, op, {
      groupId: call.value.groupId,
      ipPermissions: call.value.permissions,
      securityGroupRuleIds: input.securityGroupRuleIds,
    });
    return result.ok ? ok({ return: true }) : result;
  };
}

/** A rule of DescribeSecurityGroupRules, with its group; tags for the built-in tag filters. */
interface RuleItem {
  readonly group: SecurityGroup;
  readonly rule: SecurityGroupRule;
  readonly tags: readonly Tag[];
}

/** DescribeSecurityGroupRules filters, as AWS documents them (tags are built in). */
export const SECURITY_GROUP_RULE_FILTERS: FilterTable<RuleItem> = {
  'group-id': (i) => [i.group.id],
  'security-group-rule-id': (i) => [i.rule.securityGroupRuleId],
};

interface DescribeRulesWire extends DescribeRequest {
  readonly securityGroupRuleIds?: readonly string[];
}

/** DescribeSecurityGroupRules: every rule of the caller's groups, by id, filters and pages. */
export const describeSecurityGroupRulesHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRulesWire;
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
};

/** `SecurityGroupRuleUpdate` as decoded. */
interface ModifyWire {
  readonly groupId: string;
  readonly securityGroupRules: readonly {
    readonly securityGroupRuleId?: string;
    readonly securityGroupRule?: ModifySecurityGroupRulesInput['securityGroupRules'][number]['securityGroupRule'];
  }[];
}

/** ModifySecurityGroupRules: each update must name a rule and give its new definition. */
export const modifySecurityGroupRulesHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as ModifyWire;
  const updates: ModifySecurityGroupRulesInput['securityGroupRules'][number][] = [];
  for (const u of input.securityGroupRules) {
    if (u.securityGroupRuleId === undefined) {
      return fail(AwsErrors.missingParameter('SecurityGroupRule.N.SecurityGroupRuleId'));
    }
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
};

interface UpdateDescriptionsWire {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly ipPermissions?: readonly WirePermission[];
  readonly securityGroupRuleDescriptions?: readonly {
    readonly securityGroupRuleId?: string;
    readonly description?: string;
  }[];
}

/** UpdateSecurityGroupRuleDescriptionsIngress / Egress: by IpPermissions or by rule ids. */
function updateDescriptionsHandler(isEgress: boolean): Handler {
  const [name, op] = isEgress
    ? ([
        'UpdateSecurityGroupRuleDescriptionsEgress',
        updateSecurityGroupRuleDescriptionsEgress,
      ] as const)
    : ([
        'UpdateSecurityGroupRuleDescriptionsIngress',
        updateSecurityGroupRuleDescriptionsIngress,
      ] as const);
  return (raw, ctx) => {
    const input = raw as UpdateDescriptionsWire;
    const groupId = targetGroupId(ctx, input.groupId, input.groupName);
    if (!groupId.ok) return groupId;
    const permissions = permissionsInput(ctx, groupId.value, input.ipPermissions ?? []);
    if (!permissions.ok) return permissions;
    const result = ctx.run(name, op, {
      groupId: groupId.value,
      ipPermissions: permissions.value,
      securityGroupRuleDescriptions: input.securityGroupRuleDescriptions,
    });
    return result.ok ? ok({ return: true }) : result;
  };
}

// ---------------------------------------------------------------------------------------------
// Stale rules
// ---------------------------------------------------------------------------------------------

/**
 * A stale rule's peer as AWS shows it: the referenced group and, across a peering, its VPC and
 * the connection with its status (`deleted` once the connection is gone).
 */
function staleIpPermissions(s: Snapshot, rules: readonly SecurityGroupRule[]): Out[] {
  return ipPermissionsOutput(s, rules).map((p) => ({
    ipProtocol: p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    userIdGroupPairs: p.userIdGroupPairs,
  }));
}

/** DescribeStaleSecurityGroups: AWS's MaxResults bounds for it are 5–255. */
const STALE_MAX_RESULTS: readonly [number, number] = [5, 255];

/** DescribeStaleSecurityGroups: the VPC's groups with rules referencing unreachable groups. */
export const describeStaleSecurityGroupsHandler: Handler = (raw, ctx) => {
  const input = raw as { vpcId: string; maxResults?: number; nextToken?: string };
  const bad = checkMaxResults(input.maxResults, STALE_MAX_RESULTS);
  if (bad) return fail(bad);
  const s = ctx.store.snapshot;
  const shaped = idParam('vpc', input.vpcId);
  if (!shaped.ok) return shaped;
  const vpc = s.get('vpc', shaped.value);
  if (!vpc || vpc.ownerId !== ctx.caller.accountId || vpc.region !== ctx.caller.region) {
    return fail(AwsErrors.notFound('vpc', input.vpcId));
  }
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
};

/** The security-group handlers, by action. */
export const SECURITY_GROUP_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateSecurityGroup: createSecurityGroupHandler,
  DescribeSecurityGroups: describeSecurityGroupsHandler,
  DeleteSecurityGroup: deleteSecurityGroupHandler,
  AuthorizeSecurityGroupIngress: authorizeHandler(false),
  AuthorizeSecurityGroupEgress: authorizeHandler(true),
  RevokeSecurityGroupIngress: revokeHandler(false),
  RevokeSecurityGroupEgress: revokeHandler(true),
  DescribeSecurityGroupRules: describeSecurityGroupRulesHandler,
  ModifySecurityGroupRules: modifySecurityGroupRulesHandler,
  UpdateSecurityGroupRuleDescriptionsIngress: updateDescriptionsHandler(false),
  UpdateSecurityGroupRuleDescriptionsEgress: updateDescriptionsHandler(true),
  DescribeStaleSecurityGroups: describeStaleSecurityGroupsHandler,
};
