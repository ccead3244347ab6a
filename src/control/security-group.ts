import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type {
  ReferencedSecurityGroup,
  SecurityGroup,
  SecurityGroupRule,
} from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';
import type { VpcPeeringConnection } from '../model/vpc-peering.js';
import { allowAllEgress } from './defaults.js';
import { cidrParam, idParam, owned, tagsParam } from './params.js';

/**
 * Security groups and their rules: CreateSecurityGroup, DeleteSecurityGroup, Authorize/Revoke
 * Ingress/Egress and ModifySecurityGroupRules, with AWS's validation
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
 */

/** Inbound or outbound rules per group, counted separately for IPv4 and IPv6 (VPC quotas page). */
export const SG_RULES_PER_DIRECTION = 60;
/** VPC security groups per account per Region (VPC quotas page). */
export const SECURITY_GROUPS_PER_REGION = 2500;

const TEXT_MAX = 255;
/** The characters AWS allows in VPC group names, group descriptions and rule descriptions. */
const VALID_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

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

/** AWS `UserIdGroupPair`: a security group peer; `userId` names another account's group. */
export interface UserIdGroupPairInput {
  readonly groupId: string;
  readonly userId?: string;
  readonly vpcId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly description?: string;
}

/** AWS `IpPermission`: one protocol and port range, any number of peers. */
export interface IpPermissionInput {
  /** `-1`/`all`, `tcp`, `udp`, `icmp`, `icmpv6` (any case) or a protocol number 0–255. */
  readonly ipProtocol: string | number;
  /** TCP/UDP: first port. ICMP: the type (-1 = all). */
  readonly fromPort?: number;
  /** TCP/UDP: last port. ICMP: the code (-1 = all). */
  readonly toPort?: number;
  readonly ipRanges?: readonly { readonly cidrIp: string; readonly description?: string }[];
  readonly ipv6Ranges?: readonly { readonly cidrIpv6: string; readonly description?: string }[];
  readonly prefixListIds?: readonly {
    readonly prefixListId: string;
    readonly description?: string;
  }[];
  readonly userIdGroupPairs?: readonly UserIdGroupPairInput[];
}

/** AuthorizeSecurityGroupIngress / AuthorizeSecurityGroupEgress. */
export interface AuthorizeSecurityGroupInput {
  readonly groupId: string;
  readonly ipPermissions: readonly IpPermissionInput[];
}

/** RevokeSecurityGroupIngress / RevokeSecurityGroupEgress: by permissions or by rule ids. */
export interface RevokeSecurityGroupInput {
  readonly groupId: string;
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly securityGroupRuleIds?: readonly string[];
}

/** AWS `SecurityGroupRuleRequest`: one rule with exactly one peer. */
export interface SecurityGroupRuleRequestInput {
  readonly ipProtocol: string | number;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
  readonly description?: string;
}

/** ModifySecurityGroupRules: replaces rules in place, keeping their ids and direction. */
export interface ModifySecurityGroupRulesInput {
  readonly groupId: string;
  readonly securityGroupRules: readonly {
    readonly securityGroupRuleId: string;
    readonly securityGroupRule: SecurityGroupRuleRequestInput;
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
// Parsing
// ---------------------------------------------------------------------------------------------

const NAMED: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'icmpv6',
};

/**
 * Normalises a security group protocol as AWS stores it: `-1` for all, the names `tcp`, `udp`,
 * `icmp`, `icmpv6` for their numbers (6, 17, 1, 58), other numbers 0–255 as decimal text.
 */
export function sgProtocol(value: string | number): string | undefined {
  const text = String(value).trim().toLowerCase();
  if (text === '-1' || text === 'all') return '-1';
  if (text === 'tcp' || text === 'udp' || text === 'icmp' || text === 'icmpv6') return text;
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  if (n > 255) return undefined;
  return NAMED[String(n)] ?? String(n);
}

const PORT_RANGE_ERROR =
  'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.';

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** The stored port fields for a protocol: TCP/UDP ranges, ICMP type/code, -1 otherwise. */
function portsFor(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): Result<{ fromPort: number; toPort: number }, AwsError> {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (!isInt(from, 0, 65535) || !isInt(to, 0, 65535) || from > to) {
      return fail(AwsErrors.invalidParameterValue(PORT_RANGE_ERROR));
    }
    return ok({ fromPort: from, toPort: to });
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    // Omitted type/code mean "all", as the console and CLI send them.
    const type = from ?? -1;
    const code = to ?? -1;
    if (!isInt(type, -1, 255) || !isInt(code, -1, 255)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Invalid value for portRange. ICMP type (${String(from)}) and code (${String(to)}) must each be -1 (all) or 0-255.`,
        ),
      );
    }
    // "If you specify all ICMP types, you must specify all ICMP codes." (API_IpPermission)
    if (type === -1 && code !== -1) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Invalid value for portRange. ICMP code (${code}) must be -1 when the ICMP type is -1 (all types).`,
        ),
      );
    }
    return ok({ fromPort: type, toPort: code });
  }
  // All protocols, and numbered protocols other than the four above, cover every port.
  return ok({ fromPort: -1, toPort: -1 });
}

function checkRuleDescription(description: string | undefined): AwsError | undefined {
  if (description === undefined) return undefined;
  if (
    typeof description !== 'string' ||
    description.length > TEXT_MAX ||
    !VALID_TEXT.test(description)
  ) {
    return AwsErrors.invalidParameterValue(
      'Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*',
    );
  }
  return undefined;
}

/** A rule before it has an id; group peers are unresolved until `resolvePeers`. */
type Draft = Omit<SecurityGroupRule, 'securityGroupRuleId'>;
/** A draft plus the request's group pair, for the resolution step. */
interface ParsedRule {
  readonly draft: Draft;
  readonly pair?: UserIdGroupPairInput;
}

/** Splits IpPermissions into one rule per (protocol, ports, peer), checking only syntax. */
function parsePermissions(
  permissions: readonly IpPermissionInput[],
  isEgress: boolean,
  ctx: OperationContext,
): Result<ParsedRule[], AwsError> {
  const out: ParsedRule[] = [];
  for (const p of permissions) {
    if (p.ipProtocol === undefined || p.ipProtocol === '') {
      return fail(AwsErrors.missingParameter('ipProtocol'));
    }
    const ipProtocol = sgProtocol(p.ipProtocol);
    if (ipProtocol === undefined) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Invalid value '${String(p.ipProtocol)}' for IP protocol. Unknown protocol.`,
        ),
      );
    }
    const ports = portsFor(ipProtocol, p.fromPort, p.toPort);
    if (!ports.ok) return ports;
    const base = { isEgress, ipProtocol, ...ports.value };
    const withDescription = (d: string | undefined) => (d === undefined ? {} : { description: d });
    const count =
      (p.ipRanges?.length ?? 0) +
      (p.ipv6Ranges?.length ?? 0) +
      (p.prefixListIds?.length ?? 0) +
      (p.userIdGroupPairs?.length ?? 0);
    if (count === 0) {
      return fail(
        AwsErrors.missingParameter('ipRanges, ipv6Ranges, prefixListIds or userIdGroupPairs'),
      );
    }
    for (const r of p.ipRanges ?? []) {
      const cidr = cidrParam('cidrIp', r.cidrIp, 4);
      if (!cidr.ok) return cidr;
      const bad = checkRuleDescription(r.description);
      if (bad) return fail(bad);
      out.push({ draft: { ...base, cidrIpv4: cidr.value, ...withDescription(r.description) } });
    }
    for (const r of p.ipv6Ranges ?? []) {
      const cidr = cidrParam('cidrIpv6', r.cidrIpv6, 6);
      if (!cidr.ok) return cidr;
      const bad = checkRuleDescription(r.description);
      if (bad) return fail(bad);
      out.push({ draft: { ...base, cidrIpv6: cidr.value, ...withDescription(r.description) } });
    }
    for (const r of p.prefixListIds ?? []) {
      const id = idParam('prefix-list', r.prefixListId);
      if (!id.ok) return id;
      const bad = checkRuleDescription(r.description);
      if (bad) return fail(bad);
      out.push({ draft: { ...base, prefixListId: id.value, ...withDescription(r.description) } });
    }
    for (const pair of p.userIdGroupPairs ?? []) {
      if (pair.groupId === undefined) return fail(AwsErrors.missingParameter('groupId'));
      const id = idParam('security-group', pair.groupId);
      if (!id.ok) return id;
      const bad = checkRuleDescription(pair.description);
      if (bad) return fail(bad);
      const referencedGroupInfo: ReferencedSecurityGroup = {
        groupId: id.value,
        userId: pair.userId ?? ctx.accountId,
      };
      out.push({
        draft: { ...base, referencedGroupInfo, ...withDescription(pair.description) },
        pair,
      });
    }
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// Peers: security group references and prefix lists
// ---------------------------------------------------------------------------------------------

const otherVpc = (p: VpcPeeringConnection, vpcId: string): string =>
  p.requesterVpcInfo.vpcId === vpcId ? p.accepterVpcInfo.vpcId : p.requesterVpcInfo.vpcId;

/** The active peering connection between two VPCs, if any (AWS allows one per pair). */
function activePeering(s: Snapshot, a: string, b: string): VpcPeeringConnection | undefined {
  return s.find('peeringsByVpc', a).find((p) => p.status.code === 'active' && otherVpc(p, a) === b);
}

const sameRegion = (p: VpcPeeringConnection): boolean =>
  p.requesterVpcInfo.region === p.accepterVpcInfo.region;

/**
 * Resolves a group peer: the group must be the caller's (or `userId`'s) and sit in the same VPC,
 * or in a VPC peered with this one by an active peering connection in the same Region
 * (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
 */
function resolveGroupPeer(
  s: Snapshot,
  group: SecurityGroup,
  pair: UserIdGroupPairInput,
  ctx: OperationContext,
): Result<ReferencedSecurityGroup, AwsError> {
  const owner = pair.userId ?? ctx.accountId;
  const target = s.get('security-group', pair.groupId);
  if (!target || target.ownerId !== owner) {
    return fail(AwsErrors.notFound('security-group', pair.groupId));
  }
  if (pair.vpcId !== undefined && pair.vpcId !== target.vpcId) {
    return fail(AwsErrors.notFound('security-group', pair.groupId));
  }
  if (target.vpcId === group.vpcId) return ok({ groupId: target.id, userId: target.ownerId });
  const peering = activePeering(s, group.vpcId, target.vpcId);
  if (target.region !== ctx.region || (peering && !sameRegion(peering))) {
    if (peering) {
      // AWS does not document the exact error; the code matches what clients check for.
      return fail(
        AwsErrors.code(
          'InvalidGroup.NotFound',
          `The security group '${target.id}' is in VPC '${target.vpcId}', which is peered with VPC '${group.vpcId}' across Regions (${peering.id}). Security group references across inter-Region VPC peering are not supported; reference the peer VPC's CIDR blocks instead.`,
        ),
      );
    }
    return fail(AwsErrors.notFound('security-group', pair.groupId));
  }
  if (!peering) {
    return fail(
      AwsErrors.code(
        'InvalidGroup.NotFound',
        'You have specified two resources that belong to different networks.',
      ),
    );
  }
  if (pair.vpcPeeringConnectionId !== undefined && pair.vpcPeeringConnectionId !== peering.id) {
    return fail(AwsErrors.notFound('vpc-peering-connection', pair.vpcPeeringConnectionId));
  }
  return ok({
    groupId: target.id,
    userId: target.ownerId,
    vpcId: target.vpcId,
    vpcPeeringConnectionId: peering.id,
  });
}

/** A prefix list a rule may name: the caller's own in its Region, or an AWS-managed one there. */
function checkPrefixListPeer(
  s: Snapshot,
  id: Id<'prefix-list'>,
  ctx: OperationContext,
): AwsError | undefined {
  const pl = s.get('prefix-list', id);
  const visible =
    pl !== undefined && pl.region === ctx.region && (pl.awsManaged || pl.ownerId === ctx.accountId);
  return visible ? undefined : AwsErrors.notFound('prefix-list', id);
}

/** Resolves every peer of parsed rules against the snapshot (existence and reachability). */
function resolvePeers(
  s: Snapshot,
  group: SecurityGroup,
  parsed: readonly ParsedRule[],
  ctx: OperationContext,
): Result<Draft[], AwsError> {
  const out: Draft[] = [];
  for (const { draft, pair } of parsed) {
    if (draft.prefixListId !== undefined) {
      const bad = checkPrefixListPeer(s, draft.prefixListId, ctx);
      if (bad) return fail(bad);
    }
    if (pair) {
      const ref = resolveGroupPeer(s, group, pair, ctx);
      if (!ref.ok) return ref;
      out.push({ ...draft, referencedGroupInfo: ref.value });
    } else {
      out.push(draft);
    }
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// Identity, duplicates and quota
// ---------------------------------------------------------------------------------------------

function peerKey(r: Draft): string {
  if (r.cidrIpv4) return r.cidrIpv4.toString();
  if (r.cidrIpv6) return r.cidrIpv6.toString();
  if (r.prefixListId) return r.prefixListId;
  return r.referencedGroupInfo?.groupId ?? '';
}

/** What makes two rules the same rule: direction, protocol, ports and peer (not description). */
function ruleKey(r: Draft): string {
  return `${r.isEgress ? 'out' : 'in'}|${r.ipProtocol}|${r.fromPort}|${r.toPort}|${peerKey(r)}`;
}

/** AWS's wording of a rule in InvalidPermission.Duplicate. */
function describeRule(r: Draft): string {
  const p = r.ipProtocol;
  const what =
    p === '-1'
      ? 'ALL'
      : p === 'tcp' || p === 'udp'
        ? `${p.toUpperCase()}, from port: ${r.fromPort}, to port: ${r.toPort}`
        : p === 'icmp' || p === 'icmpv6'
          ? `${p.toUpperCase()}, type: ${r.fromPort}, code: ${r.toPort}`
          : p;
  return `peer: ${peerKey(r)}, ${what}, ALLOW`;
}

/** The family and size of a prefix list, for the rule quota. */
export interface PrefixListSize {
  readonly family: 4 | 6;
  readonly maxEntries: number;
}

/** Looks prefix-list sizes up in a snapshot. */
export function prefixListSizes(s: Snapshot): (id: string) => PrefixListSize | undefined {
  return (id) => {
    const pl = s.get('prefix-list', id);
    return pl && { family: pl.addressFamily === 'IPv4' ? 4 : 6, maxEntries: pl.maxEntries };
  };
}

/**
 * Whether a group's rules break the rules-per-group quota: per direction, IPv4 and IPv6 counted
 * separately; a CIDR counts 1 in its family, a group reference 1 in both (AWS: "counts as one
 * rule for IPv4 and one rule for IPv6"), a prefix list its max entries in its family.
 */
export function exceedsRuleQuota(
  rules: readonly Draft[],
  sizeOf: (id: string) => PrefixListSize | undefined,
  limit = SG_RULES_PER_DIRECTION,
): boolean {
  // [ingress IPv4, ingress IPv6, egress IPv4, egress IPv6]
  const used = [0, 0, 0, 0];
  for (const r of rules) {
    const at = r.isEgress ? 2 : 0;
    let v4 = 0;
    let v6 = 0;
    if (r.cidrIpv4) v4 = 1;
    else if (r.cidrIpv6) v6 = 1;
    else if (r.prefixListId) {
      const size = sizeOf(r.prefixListId);
      if (size?.family === 4) v4 = size.maxEntries;
      else if (size?.family === 6) v6 = size.maxEntries;
    } else {
      v4 = 1;
      v6 = 1;
    }
    used[at] = (used[at] ?? 0) + v4;
    used[at + 1] = (used[at + 1] ?? 0) + v6;
  }
  return used.some((n) => n > limit);
}

const quotaError = (): AwsError =>
  AwsErrors.limitExceeded(
    'RulesPerSecurityGroupLimitExceeded',
    'The maximum number of rules per security group has been reached.',
  );

/** Fails with InvalidPermission.Duplicate on the first rule already present (or repeated). */
function findDuplicate(existing: readonly Draft[], added: readonly Draft[]): AwsError | undefined {
  const seen = new Set(existing.map(ruleKey));
  for (const r of added) {
    const key = ruleKey(r);
    if (seen.has(key)) {
      return AwsErrors.code(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeRule(r)}" already exists`,
      );
    }
    seen.add(key);
  }
  return undefined;
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

function defaultVpc(s: Snapshot, ctx: OperationContext): Vpc | undefined {
  return s.find('vpcsByOwnerRegion', `${ctx.accountId}|${ctx.region}`).find((v) => v.isDefault);
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
    const found = defaultVpc(s, ctx);
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
  const vpc = defaultVpc(s, ctx);
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

const withIds = (drafts: readonly Draft[], ctx: OperationContext): SecurityGroupRule[] =>
  drafts.map((d) => ({ securityGroupRuleId: ctx.ids.next('security-group-rule'), ...d }));

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
    const parsed = parsePermissions(input.ipPermissions, isEgress, ctx);
    if (!parsed.ok) return parsed;
    const drafts = resolvePeers(s, group, parsed.value, ctx);
    if (!drafts.ok) return drafts;
    const dup = findDuplicate(group.rules, drafts.value);
    if (dup) return fail(dup);
    if (exceedsRuleQuota([...group.rules, ...drafts.value], prefixListSizes(s))) {
      return fail(quotaError());
    }
    const added = withIds(drafts.value, ctx);
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

/** Turns a SecurityGroupRuleRequest into a one-peer IpPermission. */
function asPermission(r: SecurityGroupRuleRequestInput): Result<IpPermissionInput, AwsError> {
  const peers = [r.cidrIpv4, r.cidrIpv6, r.prefixListId, r.referencedGroupId].filter(
    (x) => x !== undefined,
  );
  if (peers.length !== 1) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Exactly one of cidrIpv4, cidrIpv6, prefixListId or referencedGroupId must be specified.',
      ),
    );
  }
  const d = r.description === undefined ? {} : { description: r.description };
  return ok({
    ipProtocol: r.ipProtocol,
    ...(r.fromPort === undefined ? {} : { fromPort: r.fromPort }),
    ...(r.toPort === undefined ? {} : { toPort: r.toPort }),
    ...(r.cidrIpv4 === undefined ? {} : { ipRanges: [{ cidrIp: r.cidrIpv4, ...d }] }),
    ...(r.cidrIpv6 === undefined ? {} : { ipv6Ranges: [{ cidrIpv6: r.cidrIpv6, ...d }] }),
    ...(r.prefixListId === undefined
      ? {}
      : { prefixListIds: [{ prefixListId: r.prefixListId, ...d }] }),
    ...(r.referencedGroupId === undefined
      ? {}
      : { userIdGroupPairs: [{ groupId: r.referencedGroupId, ...d }] }),
  });
}

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
    if (draft)
      replaced.set(securityGroupRuleId, { securityGroupRuleId: old.securityGroupRuleId, ...draft });
  }
  const rules = group.rules.map((r) => replaced.get(r.securityGroupRuleId) ?? r);
  const dup = findDuplicate([], rules);
  if (dup) return fail(dup);
  if (exceedsRuleQuota(rules, prefixListSizes(s))) return fail(quotaError());
  return ok({ changes: [{ op: 'put', resource: { ...group, rules } }], output: true });
};

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

/**
 * Whether a rule is stale (DescribeStaleSecurityGroups): it references a group that no longer
 * exists, or a group in another VPC with no active same-Region peering to this group's VPC.
 */
export function isStaleRule(s: Snapshot, group: SecurityGroup, rule: SecurityGroupRule): boolean {
  const ref = rule.referencedGroupInfo;
  if (!ref) return false;
  const target = s.get('security-group', ref.groupId);
  if (!target) return true;
  if (target.vpcId === group.vpcId) return false;
  const peering = activePeering(s, group.vpcId, target.vpcId);
  return !peering || !sameRegion(peering);
}
