import type { IcmpTypeCode, PortRange, Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NetworkAcl, NetworkAclEntry } from '../model/network-acl.js';
import type { Operation, OperationContext, Outcome } from '../model/operation.js';
import { parseProtocol } from '../model/protocol.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { denyAllEntries, sortEntries } from './defaults.js';
import { cidrParam, idParam, isIntIn, owned, tagsParam } from './params.js';

/**
 * Network ACLs: CreateNetworkAcl, DeleteNetworkAcl, Create/Replace/DeleteNetworkAclEntry and
 * ReplaceNetworkAclAssociation (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkAclEntry.html).
 * Entries are kept sorted by direction then rule number, the order AWS evaluates them in.
 */

/** Rules per ACL per direction, IPv4 and IPv6 counted separately, the `*` deny included. */
export const NACL_RULES_PER_DIRECTION = 20;
/** Network ACLs per VPC (VPC quotas page). */
export const NACLS_PER_VPC = 200;
/** Rule numbers a caller may use; 32767/32768 are the `*` deny rules. */
const RULE_MIN = 1;
const RULE_MAX = 32766;

/** CreateNetworkAcl. */
export interface CreateNetworkAclInput {
  readonly vpcId: string;
  readonly tags?: readonly Tag[];
}

export interface NetworkAclIdInput {
  readonly networkAclId: string;
}

/** CreateNetworkAclEntry / ReplaceNetworkAclEntry. */
export interface NetworkAclEntryInput {
  readonly networkAclId: string;
  readonly ruleNumber: number;
  /** `-1`/`all`, a protocol number 0–255, or `tcp`/`udp`/`icmp`/`icmpv6`; stored as the number. */
  readonly protocol: string | number;
  readonly ruleAction: string;
  readonly egress: boolean;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  /** Required for TCP (6) and UDP (17). */
  readonly portRange?: { readonly from?: number; readonly to?: number };
  /** Required for ICMP (1), and for ICMPv6 (58) with an IPv6 block. */
  readonly icmpTypeCode?: { readonly type?: number; readonly code?: number };
}

/** DeleteNetworkAclEntry. */
export interface DeleteNetworkAclEntryInput {
  readonly networkAclId: string;
  readonly ruleNumber: number;
  readonly egress: boolean;
}

/** ReplaceNetworkAclAssociation: moves the association's subnet to another ACL of its VPC. */
export interface ReplaceNetworkAclAssociationInput {
  readonly associationId: string;
  readonly networkAclId: string;
}

export interface ReplaceNetworkAclAssociationOutput {
  readonly newAssociationId: Id<'network-acl-association'>;
  readonly networkAclId: Id<'network-acl'>;
  readonly subnetId: Id<'subnet'>;
}

// ---------------------------------------------------------------------------------------------
// Entry parsing

/** Normalises an ACL protocol to AWS's stored text: `-1` or a decimal number 0–255. */
export function aclProtocol(value: string | number): string | undefined {
  const n = parseProtocol(value);
  return n === undefined ? undefined : String(n);
}

function checkRuleNumber(n: number | undefined): AwsError | undefined {
  if (n === undefined) return AwsErrors.missingParameter('ruleNumber');
  if (!isIntIn(n, RULE_MIN, RULE_MAX)) {
    return AwsErrors.invalidParameterValue(
      `Value (${String(n)}) for parameter ruleNumber is invalid. Rule numbers must be between ${RULE_MIN} and ${RULE_MAX}.`,
    );
  }
  return undefined;
}

function parsePortRange(p: NetworkAclEntryInput['portRange']): Result<PortRange, AwsError> {
  if (p === undefined || p.from === undefined || p.to === undefined) {
    return fail(AwsErrors.missingParameter('portRange'));
  }
  if (!isIntIn(p.from, 0, 65535) || !isIntIn(p.to, 0, 65535) || p.from > p.to) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${String(p.from)}-${String(p.to)}) for parameter portRange is invalid. Ports must be 0-65535 and from must not exceed to.`,
      ),
    );
  }
  return ok({ from: p.from, to: p.to });
}

function parseIcmp(p: NetworkAclEntryInput['icmpTypeCode']): Result<IcmpTypeCode, AwsError> {
  if (p === undefined || p.type === undefined || p.code === undefined) {
    return fail(AwsErrors.missingParameter('icmpTypeCode'));
  }
  if (!isIntIn(p.type, -1, 255) || !isIntIn(p.code, -1, 255)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (type ${String(p.type)}, code ${String(p.code)}) for parameter icmpTypeCode is invalid. Type and code must each be -1 (all) or 0-255.`,
      ),
    );
  }
  return ok({ type: p.type, code: p.code });
}

/** Validates a whole entry as AWS does and returns it as stored. */
function parseEntry(input: NetworkAclEntryInput): Result<NetworkAclEntry, AwsError> {
  const badNumber = checkRuleNumber(input.ruleNumber);
  if (badNumber) return fail(badNumber);
  if (input.protocol === undefined || input.protocol === '') {
    return fail(AwsErrors.missingParameter('protocol'));
  }
  const protocol = aclProtocol(input.protocol);
  if (protocol === undefined) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${String(input.protocol)}) for parameter protocol is invalid. Use -1 or a protocol number 0-255.`,
      ),
    );
  }
  if (input.ruleAction === undefined) return fail(AwsErrors.missingParameter('ruleAction'));
  const ruleAction = String(input.ruleAction).toLowerCase();
  if (ruleAction !== 'allow' && ruleAction !== 'deny') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.ruleAction}) for parameter ruleAction is invalid. Valid values: allow, deny.`,
      ),
    );
  }
  if (typeof input.egress !== 'boolean') return fail(AwsErrors.missingParameter('egress'));
  if ((input.cidrBlock === undefined) === (input.ipv6CidrBlock === undefined)) {
    const err =
      input.cidrBlock === undefined
        ? AwsErrors.missingParameter('cidrBlock or ipv6CidrBlock')
        : AwsErrors.invalidParameterCombination(
            'Only one of cidrBlock or ipv6CidrBlock may be specified.',
          );
    return fail(err);
  }
  const cidr =
    input.cidrBlock !== undefined
      ? cidrParam('cidrBlock', input.cidrBlock, 4)
      : cidrParam('ipv6CidrBlock', input.ipv6CidrBlock ?? '', 6);
  if (!cidr.ok) return cidr;
  const entry: NetworkAclEntry = {
    ruleNumber: input.ruleNumber,
    protocol,
    ruleAction,
    egress: input.egress,
    ...(cidr.value.family === 4 ? { cidrBlock: cidr.value } : { ipv6CidrBlock: cidr.value }),
  };
  if (protocol === '6' || protocol === '17') {
    const portRange = parsePortRange(input.portRange);
    if (!portRange.ok) return portRange;
    return ok({ ...entry, portRange: portRange.value });
  }
  // ICMPv6 with an IPv4 block allows every type and code whatever is given (API docs).
  if (protocol === '1' || (protocol === '58' && cidr.value.family === 6)) {
    const icmp = parseIcmp(input.icmpTypeCode);
    if (!icmp.ok) return icmp;
    return ok({ ...entry, icmpTypeCode: icmp.value });
  }
  // Other protocols cover every port: AWS ignores a port range or ICMP type given with them.
  return ok(entry);
}

// ---------------------------------------------------------------------------------------------
// Entry operations

const familyOf = (e: NetworkAclEntry): 4 | 6 => (e.cidrBlock ? 4 : 6);
const isDenyAll = (e: NetworkAclEntry): boolean => e.ruleNumber > RULE_MAX;

/** Caller-made entries of one direction and family (the `*` deny is counted separately). */
const userEntries = (entries: readonly NetworkAclEntry[], egress: boolean, family: 4 | 6) =>
  entries.filter((e) => e.egress === egress && familyOf(e) === family && !isDenyAll(e)).length;

function checkEntryQuota(
  entries: readonly NetworkAclEntry[],
  added: NetworkAclEntry,
): AwsError | undefined {
  // +1 for the new entry, +1 for the `*` deny rule that the quota includes.
  if (userEntries(entries, added.egress, familyOf(added)) + 2 > NACL_RULES_PER_DIRECTION) {
    return AwsErrors.limitExceeded(
      'NetworkAclEntryLimitExceeded',
      'The maximum number of network acl entries has been reached.',
    );
  }
  return undefined;
}

/** The ACL with new entries, sorted, and the edited direction marked as modified. */
function withEntries(
  acl: NetworkAcl,
  entries: readonly NetworkAclEntry[],
  egress: boolean,
): NetworkAcl {
  return {
    ...acl,
    entries: sortEntries(entries),
    modified: egress ? { ...acl.modified, egress: true } : { ...acl.modified, ingress: true },
  };
}

const sameSlot = (e: NetworkAclEntry, ruleNumber: number, egress: boolean) =>
  e.ruleNumber === ruleNumber && e.egress === egress;

const entryNotFound = (ruleNumber: number, egress: boolean): AwsError =>
  AwsErrors.code(
    'InvalidNetworkAclEntry.NotFound',
    `The network acl entry identified by ${ruleNumber} does not exist in the ${egress ? 'egress' : 'ingress'} direction.`,
  );

/**
 * Puts an entry in its slot — its number and direction, shared by IPv4 and IPv6 entries — which
 * must be free to create an entry and taken to replace one.
 */
function putEntry(
  s: Snapshot,
  input: NetworkAclEntryInput,
  ctx: OperationContext,
  slot: 'free' | 'taken',
): Result<Outcome<NetworkAclEntry>, AwsError> {
  const found = owned(s, 'network-acl', input.networkAclId, ctx);
  if (!found.ok) return found;
  const acl = found.value;
  const entry = parseEntry(input);
  if (!entry.ok) return entry;
  const e = entry.value;
  const taken = acl.entries.some((x) => sameSlot(x, e.ruleNumber, e.egress));
  if (taken && slot === 'free') {
    return fail(
      AwsErrors.code(
        'NetworkAclEntryAlreadyExists',
        `The network acl entry identified by ${e.ruleNumber} already exists.`,
      ),
    );
  }
  if (!taken && slot === 'taken') return fail(entryNotFound(e.ruleNumber, e.egress));
  const others = acl.entries.filter((x) => !sameSlot(x, e.ruleNumber, e.egress));
  const bad = checkEntryQuota(others, e);
  if (bad) return fail(bad);
  const next = withEntries(acl, [...others, e], e.egress);
  return ok({ changes: [{ op: 'put', resource: next }], output: e });
}

/** CreateNetworkAclEntry: a new numbered entry; the number must be free in that direction. */
export const createNetworkAclEntry: Operation<NetworkAclEntryInput, NetworkAclEntry> = (
  s,
  input,
  ctx,
) => putEntry(s, input, ctx, 'free');

/** ReplaceNetworkAclEntry: swaps a whole existing entry (same number and direction). */
export const replaceNetworkAclEntry: Operation<NetworkAclEntryInput, NetworkAclEntry> = (
  s,
  input,
  ctx,
) => putEntry(s, input, ctx, 'taken');

/** DeleteNetworkAclEntry: removes a numbered entry; the `*` deny rules cannot be removed. */
export const deleteNetworkAclEntry: Operation<DeleteNetworkAclEntryInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'network-acl', input.networkAclId, ctx);
  if (!found.ok) return found;
  const acl = found.value;
  const badNumber = checkRuleNumber(input.ruleNumber);
  if (badNumber) return fail(badNumber);
  if (typeof input.egress !== 'boolean') return fail(AwsErrors.missingParameter('egress'));
  if (!acl.entries.some((x) => sameSlot(x, input.ruleNumber, input.egress))) {
    return fail(entryNotFound(input.ruleNumber, input.egress));
  }
  const entries = acl.entries.filter((x) => !sameSlot(x, input.ruleNumber, input.egress));
  return ok({
    changes: [{ op: 'put', resource: withEntries(acl, entries, input.egress) }],
    output: true,
  });
};

// ---------------------------------------------------------------------------------------------
// ACLs and associations

/** CreateNetworkAcl: a custom ACL holding only the `*` deny rules (IPv6 too if the VPC has it). */
export const createNetworkAcl: Operation<CreateNetworkAclInput, NetworkAcl> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  if (s.find('networkAclsByVpc', vpc.id).length >= NACLS_PER_VPC) {
    return fail(
      AwsErrors.limitExceeded(
        'NetworkAclLimitExceeded',
        `The maximum number of network ACLs (${NACLS_PER_VPC}) has been reached for VPC ${vpc.id}.`,
      ),
    );
  }
  const acl: NetworkAcl = {
    kind: 'network-acl',
    id: ctx.ids.next('network-acl'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    vpcId: vpc.id,
    isDefault: false,
    entries: denyAllEntries(vpc.ipv6CidrBlockAssociationSet.length > 0),
    associations: [],
    modified: { ingress: false, egress: false },
  };
  return ok({ changes: [{ op: 'put', resource: acl }], output: acl });
};

/** DeleteNetworkAcl: never the default ACL, and not while a subnet is associated with it. */
export const deleteNetworkAcl: Operation<NetworkAclIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'network-acl', input.networkAclId, ctx);
  if (!found.ok) return found;
  const acl = found.value;
  if (acl.isDefault) {
    return fail(AwsErrors.invalidParameterValue(`cannot delete default network ACL ${acl.id}`));
  }
  if (acl.associations.length > 0) return fail(AwsErrors.hasDependencies('networkAcl', acl.id));
  return ok({ changes: [{ op: 'delete', kind: 'network-acl', id: acl.id }], output: true });
};

/**
 * ReplaceNetworkAclAssociation: the subnet leaves its ACL for another ACL of the same VPC under a
 * new association id, so a subnet always has exactly one ACL. Replacing with the same ACL also
 * issues a new id, as AWS does.
 */
export const replaceNetworkAclAssociation: Operation<
  ReplaceNetworkAclAssociationInput,
  ReplaceNetworkAclAssociationOutput
> = (s, input, ctx) => {
  const shaped = idParam('network-acl-association', input.associationId);
  if (!shaped.ok) return shaped;
  const current = s
    .find('networkAclByAssociation', input.associationId)
    .find((a) => a.ownerId === ctx.accountId && a.region === ctx.region);
  const association = current?.associations.find(
    (a) => a.networkAclAssociationId === input.associationId,
  );
  if (!current || !association) {
    return fail(AwsErrors.notFound('network-acl-association', input.associationId));
  }
  const found = owned(s, 'network-acl', input.networkAclId, ctx);
  if (!found.ok) return found;
  const target = found.value;
  if (target.vpcId !== current.vpcId) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Network ACL ${target.id} and subnet ${association.subnetId} belong to different networks.`,
      ),
    );
  }
  const fresh = {
    networkAclAssociationId: ctx.ids.next('network-acl-association'),
    subnetId: association.subnetId,
  };
  const rest = current.associations.filter((a) => a !== association);
  const changes: Change[] =
    target.id === current.id
      ? [{ op: 'put', resource: { ...current, associations: [...rest, fresh] } }]
      : [
          { op: 'put', resource: { ...current, associations: rest } },
          { op: 'put', resource: { ...target, associations: [...target.associations, fresh] } },
        ];
  return ok({
    changes,
    output: {
      newAssociationId: fresh.networkAclAssociationId,
      networkAclId: target.id,
      subnetId: association.subnetId,
    },
  });
};
