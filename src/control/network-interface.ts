import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type {
  InterfaceType,
  NetworkInterface,
  PrivateIpAddress,
} from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { Kind, Resource, ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import {
  checkRequestedAddress,
  macAddress,
  nextIpv6,
  nextPrivateIpv4,
  privateAddressKey,
} from './addressing.js';
import { idParam, ipParam, owned, tagsParam } from './params.js';

/**
 * Elastic network interfaces: CreateNetworkInterface and friends, plus the pieces other
 * operations build ENIs with (RunInstances, CreateNatGateway, interface endpoints).
 */

/** AWS's default quota of security groups per network interface (§1.5). */
export const MAX_GROUPS_PER_INTERFACE = 5;

/**
 * The most private IPv4 (and, separately, IPv6) addresses one ENI can hold. AWS's limit depends
 * on the instance type (50 on the largest); the twin applies the largest to every ENI.
 */
export const MAX_ADDRESSES_PER_INTERFACE = 50;

/**
 * The resources an operation is changing, readable before they reach the snapshot, plus the
 * addresses it has handed out. Lets one operation touch the same ENI or EIP several times and
 * still emit one consistent change per resource.
 */
export class Draft {
  private readonly edits = new Map<string, Change>();
  /** Private addresses handed out by this operation, keyed as `privateAddressKey`. */
  readonly claimedPrivate = new Set<string>();
  /** Public IPv4s handed out by this operation. */
  readonly claimedPublic = new Set<string>();

  constructor(readonly s: Snapshot) {}

  /** The resource as this operation has left it so far (undefined once deleted). */
  get<K extends Kind>(kind: K, id: string): ResourceByKind[K] | undefined {
    const e = this.edits.get(`${kind}|${id}`);
    if (e) return e.op === 'put' ? (e.resource as ResourceByKind[K]) : undefined;
    return this.s.get(kind, id);
  }

  put(r: Resource): void {
    this.edits.set(`${r.kind}|${r.id}`, { op: 'put', resource: r });
  }

  delete(kind: Kind, id: string): void {
    this.edits.set(`${kind}|${id}`, { op: 'delete', kind, id });
  }

  /** The changes to apply, one per resource touched. */
  changes(): Change[] {
    return [...this.edits.values()];
  }
}

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
function claimRequested(d: Draft, subnet: Subnet, ips: readonly Ip[]): AwsError | undefined {
  for (const ip of ips) {
    const bad = checkRequestedAddress(d.s, subnet, ip, d.claimedPrivate);
    if (bad) return bad;
    d.claimedPrivate.add(privateAddressKey(subnet.vpcId, ip));
  }
  return undefined;
}

/** Picks and claims n more addresses of one family. */
function claimNext(d: Draft, subnet: Subnet, family: 4 | 6, n: number): Ip[] | undefined {
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

/** Checks a count parameter: a non-negative integer. */
export function countParam(name: string, n: number | undefined): AwsError | undefined {
  if (n === undefined || (Number.isInteger(n) && n >= 0)) return undefined;
  return AwsErrors.invalidParameterValue(`Value (${String(n)}) for parameter ${name} is invalid.`);
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
    return fail(
      AwsErrors.invalidParameterValue(
        `Subnet '${subnet.id}' is IPv6-only: private IPv4 addresses cannot be assigned in it.`,
      ),
    );
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

function privateIpLimit(): AwsError {
  return AwsErrors.limitExceeded(
    'PrivateIpAddressLimitExceeded',
    'Number of private addresses will exceed limit.',
  );
}

function ipv6Limit(): AwsError {
  return AwsErrors.limitExceeded(
    'PrivateIpAddressLimitExceeded',
    'Number of IPv6 addresses will exceed limit.',
  );
}

function noIpv6(subnet: Subnet): AwsError {
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
    const found = s.find('securityGroupByName', `${subnet.vpcId}|default`)[0];
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

/** Parses a list of addresses of one family. */
export function ipsParam(
  param: string,
  texts: readonly string[] | undefined,
  family: 4 | 6,
): Result<Ip[], AwsError> {
  const out: Ip[] = [];
  for (const t of texts ?? []) {
    const ip = ipParam(param, t, family);
    if (!ip.ok) return ip;
    if (out.some((x) => x.equals(ip.value))) {
      return fail(AwsErrors.invalidParameterValue(`Address ${t} is specified more than once.`));
    }
    out.push(ip.value);
  }
  return ok(out);
}

/** The EIP with its association cleared, as DisassociateAddress leaves it. */
function unassociated(eip: ElasticIp): ElasticIp {
  const {
    associationId: _a,
    networkInterfaceId: _n,
    networkInterfaceOwnerId: _o,
    privateIpAddress: _p,
    instanceId: _i,
    ...rest
  } = eip;
  return rest;
}

/** One private address entry without its public association. */
function withoutAssociation(p: PrivateIpAddress): PrivateIpAddress {
  const { association: _, ...rest } = p;
  return rest;
}

/**
 * Disassociates an Elastic IP in the draft: both the EIP and the ENI's private address entry
 * (if the ENI still exists) lose the association, in the same operation.
 */
export function disassociateEip(d: Draft, eip: ElasticIp): void {
  const current = d.get('elastic-ip', eip.id) ?? eip;
  if (current.networkInterfaceId) {
    const eni = d.get('network-interface', current.networkInterfaceId);
    if (eni) {
      d.put({
        ...eni,
        privateIpAddresses: eni.privateIpAddresses.map((p) =>
          p.association?.associationId === current.associationId ? withoutAssociation(p) : p,
        ),
      });
    }
  }
  d.put(unassociated(current));
}

/** The Elastic IPs currently associated with an ENI, as the draft sees them. */
export function eipsOfInterface(d: Draft, eni: NetworkInterface): ElasticIp[] {
  return d.s
    .find('elasticIpsByNetworkInterface', eni.id)
    .map((e) => d.get('elastic-ip', e.id))
    .filter((e): e is ElasticIp => e?.networkInterfaceId === eni.id);
}

/** Releases the auto-assigned (Amazon-owned) public IPv4s of an ENI in the draft. */
export function releaseAutoPublicIps(d: Draft, eniId: Id<'network-interface'>): void {
  const eni = d.get('network-interface', eniId);
  if (!eni || !eni.privateIpAddresses.some((p) => p.association?.ipOwnerId === 'amazon')) return;
  d.put({
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.map((p) =>
      p.association?.ipOwnerId === 'amazon' ? withoutAssociation(p) : p,
    ),
  });
}

/** Deletes an ENI in the draft, disassociating its Elastic IPs first (AWS keeps them allocated). */
export function deleteInterface(d: Draft, eni: NetworkInterface): void {
  for (const eip of eipsOfInterface(d, eni)) disassociateEip(d, eip);
  d.delete('network-interface', eni.id);
}

/** Detaches an ENI in the draft: it becomes available and its EIPs no longer name the instance. */
export function detachInterface(d: Draft, eniId: Id<'network-interface'>): void {
  const eni = d.get('network-interface', eniId);
  if (!eni) return;
  const { attachment: _, ...rest } = eni;
  d.put({ ...rest, status: 'available' });
  for (const eip of eipsOfInterface(d, eni)) {
    const { instanceId: _i, ...unnamed } = eip;
    d.put(unnamed);
  }
}

/** AWS's answer when something tries to use an ENI another service manages (NAT, endpoint). */
export function managedInterfaceError(eni: NetworkInterface): AwsError {
  return AwsErrors.code(
    'OperationNotPermitted',
    `You are not allowed to manage '${eni.interfaceType}' network interface '${eni.id}'; it is managed by its service.`,
  );
}

/** AWS's answer for an ENI that is attached or otherwise in use. */
export function interfaceInUse(eni: NetworkInterface): AwsError {
  return AwsErrors.code(
    'InvalidNetworkInterface.InUse',
    `Network interface '${eni.id}' is currently in use.`,
  );
}

/** CreateNetworkInterface, as far as the twin models it. */
export interface CreateNetworkInterfaceInput {
  readonly subnetId: string;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly {
    readonly privateIpAddress: string;
    readonly primary?: boolean;
  }[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly ipv6Addresses?: readonly { readonly ipv6Address: string }[];
  readonly ipv6AddressCount?: number;
  /** Security group ids (EC2's `SecurityGroupId.N`). */
  readonly groups?: readonly string[];
  readonly interfaceType?: string;
  readonly tags?: readonly Tag[];
}

/** Interface types a caller may create; the others belong to AWS services. */
const CREATABLE_TYPES: readonly InterfaceType[] = ['interface', 'efa', 'efa-only', 'trunk'];

/** Sorts CreateNetworkInterface's address parameters into a primary and secondaries. */
function privateIpsParam(
  input: CreateNetworkInterfaceInput,
): Result<{ primary?: Ip; secondaries: Ip[] }, AwsError> {
  const listed = input.privateIpAddresses ?? [];
  const parsed = ipsParam(
    'privateIpAddresses',
    listed.map((p) => p.privateIpAddress),
    4,
  );
  if (!parsed.ok) return parsed;
  const primaries = listed.flatMap((p, i) => (p.primary ? [parsed.value[i] as Ip] : []));
  if (primaries.length > 1) {
    return fail(AwsErrors.invalidParameterValue('Only one private IP address can be primary.'));
  }
  let primary = primaries[0];
  if (input.privateIpAddress !== undefined) {
    const ip = ipParam('privateIpAddress', input.privateIpAddress, 4);
    if (!ip.ok) return ip;
    if (primary && !primary.equals(ip.value)) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'The primary private IP address was specified twice with different values.',
        ),
      );
    }
    primary = ip.value;
  }
  // With no primary marked, the first listed address is the primary, as AWS does.
  primary ??= parsed.value[0];
  const secondaries = parsed.value.filter((ip) => !primary?.equals(ip));
  return ok(primary ? { primary, secondaries } : { secondaries });
}

/** CreateNetworkInterface: an unattached ENI in a subnet, with the VPC's default group if none. */
export const createNetworkInterface: Operation<CreateNetworkInterfaceInput, NetworkInterface> = (
  s,
  input,
  ctx,
) => {
  if (input.subnetId === undefined) return fail(AwsErrors.missingParameter('subnetId'));
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  const type = (input.interfaceType ?? 'interface') as InterfaceType;
  if (!CREATABLE_TYPES.includes(type)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.interfaceType ?? ''}) for parameter interfaceType is invalid.`,
      ),
    );
  }
  const badCount =
    countParam('secondaryPrivateIpAddressCount', input.secondaryPrivateIpAddressCount) ??
    countParam('ipv6AddressCount', input.ipv6AddressCount);
  if (badCount) return fail(badCount);
  const ips = privateIpsParam(input);
  if (!ips.ok) return ips;
  if (
    input.secondaryPrivateIpAddressCount !== undefined &&
    (input.privateIpAddresses?.length ?? 0) > 1
  ) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'secondaryPrivateIpAddressCount cannot be specified with more than one private IP address.',
      ),
    );
  }
  if (input.ipv6Addresses !== undefined && input.ipv6AddressCount !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'IPv6 addresses and IPv6 address count may not be specified on the same request',
      ),
    );
  }
  const v6 = ipsParam(
    'ipv6Addresses',
    (input.ipv6Addresses ?? []).map((a) => a.ipv6Address),
    6,
  );
  if (!v6.ok) return v6;
  const groups = groupsParam(s, ctx, subnet, input.groups);
  if (!groups.ok) return groups;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const autoV6 =
    subnet.assignIpv6AddressOnCreation && subnet.ipv6CidrBlockAssociationSet.length > 0;
  const d = new Draft(s);
  const built = buildNetworkInterface(d, ctx, subnet, {
    description: input.description ?? '',
    interfaceType: type,
    ...(ips.value.primary ? { primaryIp: ips.value.primary } : {}),
    secondaryIps: ips.value.secondaries,
    secondaryCount: input.secondaryPrivateIpAddressCount ?? 0,
    ipv6Addresses: v6.value,
    ipv6Count: input.ipv6AddressCount ?? (v6.value.length === 0 && autoV6 ? 1 : 0),
    groups: groups.value,
    tags: tags.value,
  });
  if (!built.ok) return built;
  d.put(built.value);
  return ok({ changes: d.changes(), output: built.value });
};

export interface NetworkInterfaceIdInput {
  readonly networkInterfaceId: string;
}

/**
 * DeleteNetworkInterface: only a detached ENI the caller manages. Its Elastic IPs are
 * disassociated (they stay allocated); routes to it turn blackhole, as they are derived.
 */
export const deleteNetworkInterface: Operation<NetworkInterfaceIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'network-interface', input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (eni.requesterManaged) {
    // What AWS answers for a NAT gateway's or an interface endpoint's ENI.
    return fail(
      AwsErrors.invalidParameterValue(`Network interface '${eni.id}' is currently in use.`),
    );
  }
  if (eni.attachment) return fail(interfaceInUse(eni));
  const d = new Draft(s);
  deleteInterface(d, eni);
  return ok({ changes: d.changes(), output: true });
};

export interface AttachNetworkInterfaceInput {
  readonly networkInterfaceId: string;
  readonly instanceId: string;
  readonly deviceIndex?: number;
}

/** AttachNetworkInterface: same AZ as the instance, a device index the instance has free. */
export const attachNetworkInterface: Operation<
  AttachNetworkInterfaceInput,
  { attachmentId: Id<'network-interface-attachment'> }
> = (s, input, ctx) => {
  if (input.deviceIndex === undefined) return fail(AwsErrors.missingParameter('deviceIndex'));
  const badIndex = countParam('deviceIndex', input.deviceIndex);
  if (badIndex) return fail(badIndex);
  const foundEni = owned(s, 'network-interface', input.networkInterfaceId, ctx);
  if (!foundEni.ok) return foundEni;
  const foundInstance = owned(s, 'instance', input.instanceId, ctx);
  if (!foundInstance.ok) return foundInstance;
  const eni = foundEni.value;
  const instance = foundInstance.value;
  if (eni.requesterManaged) return fail(managedInterfaceError(eni));
  if (eni.attachment) return fail(interfaceInUse(eni));
  if (instance.state === 'terminated') {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectInstanceState',
        `The instance '${instance.id}' is not in a valid state for this operation.`,
      ),
    );
  }
  if (eni.availabilityZone !== instance.availabilityZone) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'You may not attach a network interface to an instance if they are not in the same availability zone',
      ),
    );
  }
  const taken = s
    .find('networkInterfacesByInstance', instance.id)
    .some((n) => n.attachment?.deviceIndex === input.deviceIndex);
  if (taken) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Instance '${instance.id}' already has an interface attached at device index '${input.deviceIndex}'.`,
      ),
    );
  }
  const attachmentId = ctx.ids.next('network-interface-attachment');
  const d = new Draft(s);
  d.put({
    ...eni,
    attachment: {
      attachmentId,
      instanceId: instance.id,
      deviceIndex: input.deviceIndex,
      deleteOnTermination: false,
      status: 'attached',
    },
    status: 'in-use',
  });
  // An Elastic IP on an attached ENI shows the instance too (DescribeAddresses' InstanceId).
  for (const eip of eipsOfInterface(d, eni)) d.put({ ...eip, instanceId: instance.id });
  return ok({ changes: d.changes(), output: { attachmentId } });
};

export interface DetachNetworkInterfaceInput {
  readonly attachmentId: string;
  readonly force?: boolean;
}

/** DetachNetworkInterface: any attachment but the primary one (device index 0). */
export const detachNetworkInterface: Operation<DetachNetworkInterfaceInput, true> = (
  s,
  input,
  ctx,
) => {
  const shaped = idParam('network-interface-attachment', input.attachmentId);
  if (!shaped.ok) return shaped;
  const eni = s.find('networkInterfaceByAttachmentId', input.attachmentId)[0];
  if (!eni?.attachment || eni.ownerId !== ctx.accountId || eni.region !== ctx.region) {
    return fail(AwsErrors.notFound('network-interface-attachment', input.attachmentId));
  }
  if (eni.attachment.deviceIndex === 0) {
    return fail(
      AwsErrors.code(
        'OperationNotPermitted',
        'The network interface at device index 0 cannot be detached.',
      ),
    );
  }
  const d = new Draft(s);
  detachInterface(d, eni.id);
  return ok({ changes: d.changes(), output: true });
};

/** Finds an ENI the caller may change the addresses or attributes of. */
function managedByCaller(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<NetworkInterface, AwsError> {
  const found = owned(s, 'network-interface', id, ctx);
  if (!found.ok) return found;
  if (found.value.requesterManaged) return fail(managedInterfaceError(found.value));
  return found;
}

/** The ENI's subnet; it exists while the ENI does (subnets with ENIs cannot be deleted). */
function subnetOf(s: Snapshot, eni: NetworkInterface): Result<Subnet, AwsError> {
  const subnet = s.get('subnet', eni.subnetId);
  return subnet ? ok(subnet) : fail(AwsErrors.notFound('subnet', eni.subnetId));
}

export interface AssignPrivateIpAddressesInput {
  readonly networkInterfaceId: string;
  readonly privateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
  /** Take the addresses even from another ENI of the subnet (their EIPs move with them). */
  readonly allowReassignment?: boolean;
}

/** Exactly one of a list and a count. */
function listOrCount(
  listName: string,
  list: readonly unknown[] | undefined,
  countName: string,
  count: number | undefined,
): AwsError | undefined {
  if (list !== undefined && count !== undefined) {
    return AwsErrors.invalidParameterCombination(
      `${listName} and ${countName} may not be specified on the same request`,
    );
  }
  if ((list === undefined || list.length === 0) && (count === undefined || count === 0)) {
    return AwsErrors.missingParameter(`${listName} or ${countName}`);
  }
  return countParam(countName, count);
}

/**
 * Takes a secondary address away from the ENI holding it, for reassignment. Returns the
 * association it carries (its Elastic IP moves with it), or AWS's error when it cannot move.
 */
function takeSecondary(
  d: Draft,
  subnet: Subnet,
  holder: NetworkInterface,
  ip: Ip,
): Result<PrivateIpAddress['association'], AwsError> {
  const from = d.get('network-interface', holder.id) ?? holder;
  const entry = from.privateIpAddresses.find((p) => p.privateIpAddress.equals(ip));
  if (!subnet.cidrBlock?.contains(ip)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Address ${ip.toString()} does not fall within the subnet's address range`,
      ),
    );
  }
  if (!entry || entry.primary || from.requesterManaged) {
    return fail(
      AwsErrors.code('InvalidIPAddress.InUse', `Address ${ip.toString()} is already in use.`),
    );
  }
  d.put({ ...from, privateIpAddresses: from.privateIpAddresses.filter((p) => p !== entry) });
  return ok(entry.association);
}

/**
 * AssignPrivateIpAddresses: secondary private IPv4s, given or picked (lowest free). With
 * `allowReassignment`, a secondary address of another ENI in the subnet moves here, and its
 * Elastic IP with it (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/MultipleIP.html).
 */
export const assignPrivateIpAddresses: Operation<
  AssignPrivateIpAddressesInput,
  { networkInterfaceId: Id<'network-interface'>; assignedPrivateIpAddresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  const bad = listOrCount(
    'privateIpAddresses',
    input.privateIpAddresses,
    'secondaryPrivateIpAddressCount',
    input.secondaryPrivateIpAddressCount,
  );
  if (bad) return fail(bad);
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const sub = subnetOf(s, eni);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  if (!subnet.cidrBlock) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Subnet '${subnet.id}' is IPv6-only: private IPv4 addresses cannot be assigned in it.`,
      ),
    );
  }
  const count = input.secondaryPrivateIpAddressCount ?? 0;
  if (eni.privateIpAddresses.length + ips.value.length + count > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(privateIpLimit());
  }
  const d = new Draft(s);
  const entries: PrivateIpAddress[] = [];
  for (const ip of ips.value) {
    const key = privateAddressKey(eni.vpcId, ip);
    const holder = s.find('networkInterfaceByAddress', key)[0];
    if (holder && holder.id !== eni.id && input.allowReassignment) {
      const taken = takeSecondary(d, subnet, holder, ip);
      if (!taken.ok) return taken;
      d.claimedPrivate.add(key);
      entries.push(
        taken.value
          ? { privateIpAddress: ip, primary: false, association: taken.value }
          : { privateIpAddress: ip, primary: false },
      );
      continue;
    }
    const err = checkRequestedAddress(s, subnet, ip, d.claimedPrivate);
    if (err) return fail(err);
    d.claimedPrivate.add(key);
    entries.push({ privateIpAddress: ip, primary: false });
  }
  const picked = claimNext(d, subnet, 4, count);
  if (!picked) return fail(insufficientAddresses(subnet, 'addresses'));
  entries.push(...picked.map((ip) => ({ privateIpAddress: ip, primary: false })));
  d.put({ ...eni, privateIpAddresses: [...eni.privateIpAddresses, ...entries] });
  for (const e of entries) {
    const allocationId = e.association?.allocationId;
    const eip = allocationId ? d.get('elastic-ip', allocationId) : undefined;
    if (!eip) continue;
    const { instanceId: _, ...rest } = eip;
    d.put({
      ...rest,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: eni.ownerId,
      ...(eni.attachment ? { instanceId: eni.attachment.instanceId } : {}),
    });
  }
  return ok({
    changes: d.changes(),
    output: {
      networkInterfaceId: eni.id,
      assignedPrivateIpAddresses: entries.map((e) => e.privateIpAddress),
    },
  });
};

export interface UnassignPrivateIpAddressesInput {
  readonly networkInterfaceId: string;
  readonly privateIpAddresses?: readonly string[];
}

/** UnassignPrivateIpAddresses: secondary addresses only; an EIP on one is disassociated. */
export const unassignPrivateIpAddresses: Operation<UnassignPrivateIpAddressesInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (!input.privateIpAddresses || input.privateIpAddresses.length === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses'));
  }
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const entries: PrivateIpAddress[] = [];
  for (const ip of ips.value) {
    const entry = eni.privateIpAddresses.find((p) => p.privateIpAddress.equals(ip));
    if (!entry) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Some of the specified addresses are not assigned to interface ${eni.id}`,
        ),
      );
    }
    if (entry.primary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary private IP address ${ip.toString()} of interface ${eni.id} cannot be unassigned.`,
        ),
      );
    }
    entries.push(entry);
  }
  const d = new Draft(s);
  for (const e of entries) {
    const allocationId = e.association?.allocationId;
    const eip = allocationId ? s.get('elastic-ip', allocationId) : undefined;
    if (eip) disassociateEip(d, eip);
  }
  const current = d.get('network-interface', eni.id) ?? eni;
  d.put({
    ...current,
    privateIpAddresses: current.privateIpAddresses.filter(
      (p) => !entries.some((e) => e.privateIpAddress.equals(p.privateIpAddress)),
    ),
  });
  return ok({ changes: d.changes(), output: true });
};

export interface AssignIpv6AddressesInput {
  readonly networkInterfaceId: string;
  readonly ipv6Addresses?: readonly string[];
  readonly ipv6AddressCount?: number;
}

/** AssignIpv6Addresses: given addresses, or the lowest free ones of the subnet's /64. */
export const assignIpv6Addresses: Operation<
  AssignIpv6AddressesInput,
  { networkInterfaceId: Id<'network-interface'>; assignedIpv6Addresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (input.ipv6Addresses !== undefined && input.ipv6AddressCount !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'IPv6 addresses and IPv6 address count may not be specified on the same request',
      ),
    );
  }
  const bad = listOrCount(
    'ipv6Addresses',
    input.ipv6Addresses,
    'ipv6AddressCount',
    input.ipv6AddressCount,
  );
  if (bad) return fail(bad);
  const ips = ipsParam('ipv6Addresses', input.ipv6Addresses, 6);
  if (!ips.ok) return ips;
  const sub = subnetOf(s, eni);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  if (subnet.ipv6CidrBlockAssociationSet.length === 0) return fail(noIpv6(subnet));
  const count = input.ipv6AddressCount ?? 0;
  if (eni.ipv6Addresses.length + ips.value.length + count > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(ipv6Limit());
  }
  const d = new Draft(s);
  const err = claimRequested(d, subnet, ips.value);
  if (err) return fail(err);
  const picked = claimNext(d, subnet, 6, count);
  if (!picked) return fail(insufficientAddresses(subnet, 'addresses'));
  const assigned = [...ips.value, ...picked];
  d.put({
    ...eni,
    ipv6Addresses: [...eni.ipv6Addresses, ...assigned.map((ipv6Address) => ({ ipv6Address }))],
  });
  return ok({
    changes: d.changes(),
    output: { networkInterfaceId: eni.id, assignedIpv6Addresses: assigned },
  });
};

export interface UnassignIpv6AddressesInput {
  readonly networkInterfaceId: string;
  readonly ipv6Addresses?: readonly string[];
}

/** UnassignIpv6Addresses: each address must be on the ENI. */
export const unassignIpv6Addresses: Operation<
  UnassignIpv6AddressesInput,
  { networkInterfaceId: Id<'network-interface'>; unassignedIpv6Addresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (!input.ipv6Addresses || input.ipv6Addresses.length === 0) {
    return fail(AwsErrors.missingParameter('ipv6Addresses'));
  }
  const ips = ipsParam('ipv6Addresses', input.ipv6Addresses, 6);
  if (!ips.ok) return ips;
  for (const ip of ips.value) {
    if (!eni.ipv6Addresses.some((a) => a.ipv6Address.equals(ip))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Some of the specified addresses are not assigned to interface ${eni.id}`,
        ),
      );
    }
  }
  const next: NetworkInterface = {
    ...eni,
    ipv6Addresses: eni.ipv6Addresses.filter(
      (a) => !ips.value.some((ip) => ip.equals(a.ipv6Address)),
    ),
  };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { networkInterfaceId: eni.id, unassignedIpv6Addresses: ips.value },
  });
};

export interface ModifyNetworkInterfaceAttributeInput {
  readonly networkInterfaceId: string;
  readonly sourceDestCheck?: boolean;
  readonly groups?: readonly string[];
  readonly description?: string;
  readonly attachment?: { readonly attachmentId: string; readonly deleteOnTermination: boolean };
}

/** ModifyNetworkInterfaceAttribute: one attribute per call, as AWS requires. */
export const modifyNetworkInterfaceAttribute: Operation<
  ModifyNetworkInterfaceAttributeInput,
  NetworkInterface
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  const given = (['sourceDestCheck', 'groups', 'description', 'attachment'] as const).filter(
    (k) => input[k] !== undefined,
  );
  if (given.length !== 1) {
    return fail(
      given.length === 0
        ? AwsErrors.missingParameter('sourceDestCheck, groups, description or attachment')
        : AwsErrors.invalidParameterCombination(
            `Fields for multiple attribute types specified: ${given.join(', ')}`,
          ),
    );
  }
  let next: NetworkInterface;
  if (input.sourceDestCheck !== undefined) {
    next = { ...eni, sourceDestCheck: input.sourceDestCheck };
  } else if (input.description !== undefined) {
    next = { ...eni, description: input.description };
  } else if (input.groups !== undefined) {
    if (input.groups.length === 0) return fail(AwsErrors.missingParameter('groups'));
    const groups = groupsParam(s, ctx, { id: eni.subnetId, vpcId: eni.vpcId }, input.groups);
    if (!groups.ok) return groups;
    next = { ...eni, groups: groups.value };
  } else {
    const a = input.attachment;
    if (!a || !eni.attachment || eni.attachment.attachmentId !== a.attachmentId) {
      return fail(AwsErrors.notFound('network-interface-attachment', a?.attachmentId ?? ''));
    }
    next = {
      ...eni,
      attachment: { ...eni.attachment, deleteOnTermination: a.deleteOnTermination },
    };
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};
