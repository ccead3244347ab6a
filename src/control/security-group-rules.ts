import { AwsErrors, type AwsError } from '../model/errors.js';
import type { OperationContext } from '../model/operation.js';
import { prefixListFamily } from '../model/prefix-list.js';
import { ALL_PROTOCOLS, parseProtocol, protocolName } from '../model/protocol.js';
import { fail, ok, type Result } from '../model/result.js';
import type {
  ReferencedSecurityGroup,
  SecurityGroup,
  SecurityGroupRule,
} from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import { tgwCarriesReferences } from '../model/transit-gateway-sg-referencing.js';
import { activePeeringBetween, isSameRegionPeering } from '../model/vpc-peering.js';
import { cidrParam, idParam, isIntIn, visiblePrefixList } from './params.js';

/**
 * Security group rules: IpPermissions and SecurityGroupRuleRequests parsed into one rule per
 * (protocol, ports, peer), their peers resolved, and what makes two rules the same rule, with
 * the rules-per-group quota
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
 */

/** Inbound or outbound rules per group, counted separately for IPv4 and IPv6 (VPC quotas page). */
export const SG_RULES_PER_DIRECTION = 60;

export const TEXT_MAX = 255;
/** The characters AWS allows in VPC group names, group descriptions and rule descriptions. */
export const VALID_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

// ---------------------------------------------------------------------------------------------
// Request shapes
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Normalises a security group protocol as AWS stores it: `-1` for all, the names `tcp`, `udp`,
 * `icmp`, `icmpv6` for their numbers (6, 17, 1, 58), other numbers 0–255 as decimal text.
 */
export function sgProtocol(value: string | number): string | undefined {
  const n = parseProtocol(value);
  if (n === undefined) return undefined;
  return n === ALL_PROTOCOLS ? '-1' : (protocolName(n) ?? String(n));
}

const PORT_RANGE_ERROR =
  'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.';

/** The stored port fields for a protocol: TCP/UDP ranges, ICMP type/code, -1 otherwise. */
function portsFor(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): Result<{ fromPort: number; toPort: number }, AwsError> {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (!isIntIn(from, 0, 65535) || !isIntIn(to, 0, 65535) || from > to) {
      return fail(AwsErrors.invalidParameterValue(PORT_RANGE_ERROR));
    }
    return ok({ fromPort: from, toPort: to });
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    // Omitted type/code mean "all", as the console and CLI send them.
    const type = from ?? -1;
    const code = to ?? -1;
    if (!isIntIn(type, -1, 255) || !isIntIn(code, -1, 255)) {
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

/** Checks a rule description's length and characters, with AWS's message. */
export function checkRuleDescription(description: string | undefined): AwsError | undefined {
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
export type RuleDraft = Omit<SecurityGroupRule, 'securityGroupRuleId'>;
/** A draft plus the request's group pair, for the resolution step. */
export interface ParsedRule {
  readonly draft: RuleDraft;
  readonly pair?: UserIdGroupPairInput;
}

/** Splits IpPermissions into one rule per (protocol, ports, peer), checking only syntax. */
export function parsePermissions(
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

/** Turns a SecurityGroupRuleRequest into a one-peer IpPermission. */
export function asPermission(
  r: SecurityGroupRuleRequestInput,
): Result<IpPermissionInput, AwsError> {
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

// ---------------------------------------------------------------------------------------------
// Peers: security group references and prefix lists
// ---------------------------------------------------------------------------------------------

/**
 * Resolves a group peer: the group must be the caller's (or `userId`'s) and sit in the same VPC,
 * or in a VPC peered with this one by an active peering connection in the same Region
 * (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html), or — for an
 * inbound rule — in a VPC attached to a transit gateway that carries references (D77).
 */
function resolveGroupPeer(
  s: Snapshot,
  group: SecurityGroup,
  pair: UserIdGroupPairInput,
  isEgress: boolean,
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
  const peering = activePeeringBetween(s, group.vpcId, target.vpcId);
  if (target.region !== ctx.region || (peering && !isSameRegionPeering(peering))) {
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
    // An inbound rule may reference a group across a transit gateway that supports it (D77).
    if (!isEgress && tgwCarriesReferences(s, group.vpcId, target.vpcId)) {
      if (pair.vpcPeeringConnectionId !== undefined) {
        return fail(AwsErrors.notFound('vpc-peering-connection', pair.vpcPeeringConnectionId));
      }
      return ok({ groupId: target.id, userId: target.ownerId, vpcId: target.vpcId });
    }
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

/** Resolves every peer of parsed rules against the snapshot (existence and reachability). */
export function resolvePeers(
  s: Snapshot,
  group: SecurityGroup,
  parsed: readonly ParsedRule[],
  ctx: OperationContext,
): Result<RuleDraft[], AwsError> {
  const out: RuleDraft[] = [];
  for (const { draft, pair } of parsed) {
    if (draft.prefixListId !== undefined) {
      const list = visiblePrefixList(s, draft.prefixListId, ctx);
      if (!list.ok) return list;
    }
    if (pair) {
      const ref = resolveGroupPeer(s, group, pair, draft.isEgress, ctx);
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

function peerKey(r: RuleDraft): string {
  if (r.cidrIpv4) return r.cidrIpv4.toString();
  if (r.cidrIpv6) return r.cidrIpv6.toString();
  if (r.prefixListId) return r.prefixListId;
  return r.referencedGroupInfo?.groupId ?? '';
}

/** What makes two rules the same rule: direction, protocol, ports and peer (not description). */
export function ruleKey(r: RuleDraft): string {
  return `${r.isEgress ? 'out' : 'in'}|${r.ipProtocol}|${r.fromPort}|${r.toPort}|${peerKey(r)}`;
}

/** AWS's wording of a rule in InvalidPermission.Duplicate. */
function describeRule(r: RuleDraft): string {
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
    return pl && { family: prefixListFamily(pl), maxEntries: pl.maxEntries };
  };
}

/**
 * Whether a group's rules break the rules-per-group quota: per direction, IPv4 and IPv6 counted
 * separately; a CIDR counts 1 in its family, a group reference 1 in both (AWS: "counts as one
 * rule for IPv4 and one rule for IPv6"), a prefix list its max entries in its family.
 */
export function exceedsRuleQuota(
  rules: readonly RuleDraft[],
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

/** AWS's answer when a group would hold more rules than its quota. */
export const quotaError = (): AwsError =>
  AwsErrors.limitExceeded(
    'RulesPerSecurityGroupLimitExceeded',
    'The maximum number of rules per security group has been reached.',
  );

/** Fails with InvalidPermission.Duplicate on the first rule already present (or repeated). */
export function findDuplicate(
  existing: readonly RuleDraft[],
  added: readonly RuleDraft[],
): AwsError | undefined {
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
