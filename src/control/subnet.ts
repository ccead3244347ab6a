import type { Cidr, Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import { defaultNetworkAclOf } from '../model/network-acl.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import {
  SUBNET_RESERVED_ADDRESSES,
  type Subnet,
  type SubnetIpv6CidrBlockAssociation,
} from '../model/subnet.js';
import { isLiveAttachment } from '../model/transit-gateway.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs, type Vpc } from '../model/vpc.js';
import { resolveAz } from './account.js';
import { VPC_MAX_PREFIX, VPC_MIN_PREFIX } from './cidr-rules.js';
import { cidrParam, owned, tagsParam } from './params.js';

/**
 * Subnets (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html): IPv4-only,
 * dual-stack and IPv6-only, their attributes and IPv6 blocks, and their free addresses. A
 * subnet's route table and network ACL are derived in the model (`subnetRouteTable`,
 * `subnetNetworkAcl`).
 */

/** Subnets per VPC (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html). */
export const SUBNETS_PER_VPC = 200;

/**
 * IPv6 subnet prefix lengths: /64 is the Amazon-provided case; since Nov 2023 /44–/64 in /4
 * steps are accepted too.
 */
const IPV6_SUBNET_PREFIXES = new Set([44, 48, 52, 56, 60, 64]);

/** The five addresses AWS keeps in every subnet block: network, router, DNS, reserved, last. */
export function reservedAddresses(cidr: Cidr): Ip[] {
  return [cidr.nth(0n), cidr.nth(1n), cidr.nth(2n), cidr.nth(3n), cidr.last];
}

/** Free IPv4 addresses: block size − 5 reserved − private IPv4s of the ENIs in the subnet. */
export function availableIpAddressCount(s: Snapshot, subnet: Subnet): number {
  if (!subnet.cidrBlock) return 0;
  let used = 0;
  for (const eni of s.find('networkInterfacesBySubnet', subnet.id)) {
    used += eni.privateIpAddresses.length;
  }
  return Math.max(0, Number(subnet.cidrBlock.size) - SUBNET_RESERVED_ADDRESSES - used);
}

const invalidRange = (cidr: Cidr): AwsError =>
  AwsErrors.code('InvalidSubnet.Range', `The CIDR '${cidr.toString()}' is invalid.`);

const conflict = (cidr: Cidr): AwsError =>
  AwsErrors.code(
    'InvalidSubnet.Conflict',
    `The CIDR '${cidr.toString()}' conflicts with another subnet`,
  );

/** An IPv4 subnet block: /16–/28, inside one VPC block, overlapping no other subnet. */
function checkIpv4Block(s: Snapshot, vpc: Vpc, cidr: Cidr): AwsError | undefined {
  if (
    cidr.prefix < VPC_MIN_PREFIX ||
    cidr.prefix > VPC_MAX_PREFIX ||
    !vpcIpv4Cidrs(vpc).some((b) => b.containsCidr(cidr))
  ) {
    return invalidRange(cidr);
  }
  const taken = s.find('subnetsByVpc', vpc.id).some((x) => x.cidrBlock?.overlaps(cidr));
  return taken ? conflict(cidr) : undefined;
}

/** An IPv6 subnet block: /44–/64 in /4 steps, inside one VPC block, overlapping no other subnet. */
function checkIpv6Block(s: Snapshot, vpc: Vpc, cidr: Cidr): AwsError | undefined {
  if (
    !IPV6_SUBNET_PREFIXES.has(cidr.prefix) ||
    !vpcIpv6Cidrs(vpc).some((b) => b.containsCidr(cidr))
  ) {
    return invalidRange(cidr);
  }
  const taken = s
    .find('subnetsByVpc', vpc.id)
    .some((x) => x.ipv6CidrBlockAssociationSet.some((a) => a.ipv6CidrBlock.overlaps(cidr)));
  return taken ? conflict(cidr) : undefined;
}

/** CreateSubnet, as far as the twin models it. */
export interface CreateSubnetInput {
  readonly vpcId: string;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly ipv6Native?: boolean;
  readonly availabilityZone?: string;
  readonly availabilityZoneId?: string;
  readonly tags?: readonly Tag[];
  /** Only the first-use path sets this: it builds the default VPC's default subnets. */
  readonly defaultForAz?: boolean;
}

/**
 * CreateSubnet: an IPv4, dual-stack or IPv6-only subnet. It is implicitly on the VPC's main
 * route table and is associated with the VPC's default network ACL.
 */
export const createSubnet: Operation<CreateSubnetInput, Subnet> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  const native = input.ipv6Native ?? false;
  if (native && input.cidrBlock !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter cidrBlock cannot be used with the parameter ipv6Native',
      ),
    );
  }
  if (native && input.ipv6CidrBlock === undefined) {
    return fail(AwsErrors.missingParameter('ipv6CidrBlock'));
  }
  if (!native && input.cidrBlock === undefined) {
    return fail(AwsErrors.missingParameter('cidrBlock'));
  }
  const az = resolveAz(s, ctx, input);
  if (!az.ok) return az;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  let cidrBlock: Cidr | undefined;
  if (input.cidrBlock !== undefined) {
    const cidr = cidrParam('cidrBlock', input.cidrBlock, 4);
    if (!cidr.ok) return cidr;
    const bad = checkIpv4Block(s, vpc, cidr.value);
    if (bad) return fail(bad);
    cidrBlock = cidr.value;
  }
  const ipv6: SubnetIpv6CidrBlockAssociation[] = [];
  if (input.ipv6CidrBlock !== undefined) {
    const cidr = cidrParam('ipv6CidrBlock', input.ipv6CidrBlock, 6);
    if (!cidr.ok) return cidr;
    const bad = checkIpv6Block(s, vpc, cidr.value);
    if (bad) return fail(bad);
    ipv6.push({
      associationId: ctx.ids.next('subnet-cidr-association'),
      ipv6CidrBlock: cidr.value,
      ipv6CidrBlockState: { state: 'associated' },
    });
  }
  if (s.find('subnetsByVpc', vpc.id).length >= SUBNETS_PER_VPC) {
    return fail(
      AwsErrors.limitExceeded(
        'SubnetLimitExceeded',
        `The maximum number of subnets (${SUBNETS_PER_VPC}) has been reached for VPC ${vpc.id}.`,
      ),
    );
  }
  const defaultForAz = input.defaultForAz ?? false;
  const subnet: Subnet = {
    kind: 'subnet',
    id: ctx.ids.next('subnet'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    vpcId: vpc.id,
    availabilityZone: az.value.zoneName,
    availabilityZoneId: az.value.zoneId,
    ...(cidrBlock ? { cidrBlock } : {}),
    ipv6CidrBlockAssociationSet: ipv6,
    ipv6Native: native,
    // Default subnets map public IPv4s; every other subnet starts with it off.
    mapPublicIpOnLaunch: defaultForAz,
    // AWS turns IPv6 assignment on for IPv6-only subnets: their ENIs have no other address.
    assignIpv6AddressOnCreation: native,
    enableDns64: false,
    defaultForAz,
    state: 'available',
  };
  const changes: Change[] = [{ op: 'put', resource: subnet }];
  const acl = defaultNetworkAclOf(s, vpc.id);
  if (acl) {
    const association = {
      networkAclAssociationId: ctx.ids.next('network-acl-association'),
      subnetId: subnet.id,
    };
    changes.push({
      op: 'put',
      resource: { ...acl, associations: [...acl.associations, association] },
    });
  }
  return ok({ changes, output: subnet });
};

export interface SubnetIdInput {
  readonly subnetId: string;
}

/** Whatever still lives in a subnet and blocks its deletion. */
function hasDependencies(s: Snapshot, subnet: Subnet): boolean {
  return (
    s.find('networkInterfacesBySubnet', subnet.id).length > 0 ||
    s.find('instancesBySubnet', subnet.id).some((i) => i.state !== 'terminated') ||
    s.find('natGatewaysBySubnet', subnet.id).some((n) => n.state !== 'deleted') ||
    s.find('vpcEndpointsBySubnet', subnet.id).length > 0 ||
    // A transit gateway VPC attachment keeps an ENI in each of its subnets.
    s.find('tgwAttachmentsBySubnet', subnet.id).some(isLiveAttachment)
  );
}

/**
 * DeleteSubnet: fails while ENIs, instances, NAT gateways, endpoint ENIs or transit gateway
 * attachments are in it; drops its
 * route-table and network ACL associations with it.
 */
export const deleteSubnet: Operation<SubnetIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  if (hasDependencies(s, subnet)) return fail(AwsErrors.hasDependencies('subnet', subnet.id));
  const changes: Change[] = [];
  for (const t of s.find('routeTableBySubnet', subnet.id)) {
    const associations = t.associations.filter((a) => a.subnetId !== subnet.id);
    changes.push({ op: 'put', resource: { ...t, associations } });
  }
  for (const acl of s.find('networkAclBySubnet', subnet.id)) {
    const associations = acl.associations.filter((a) => a.subnetId !== subnet.id);
    changes.push({ op: 'put', resource: { ...acl, associations } });
  }
  // NAT gateways already deleted stay visible for a while in AWS; they go with their subnet here.
  for (const n of s.find('natGatewaysBySubnet', subnet.id)) {
    changes.push({ op: 'delete', kind: 'nat-gateway', id: n.id });
  }
  changes.push({ op: 'delete', kind: 'subnet', id: subnet.id });
  return ok({ changes, output: true });
};

export interface ModifySubnetAttributeInput {
  readonly subnetId: string;
  readonly mapPublicIpOnLaunch?: boolean;
  readonly assignIpv6AddressOnCreation?: boolean;
  readonly enableDns64?: boolean;
}

const ATTRIBUTES = ['mapPublicIpOnLaunch', 'assignIpv6AddressOnCreation', 'enableDns64'] as const;

/** AWS's wire names of the attributes, used in its messages. */
const WIRE_NAME = {
  mapPublicIpOnLaunch: 'map-public-ip-on-launch',
  assignIpv6AddressOnCreation: 'assign-ipv6-address-on-creation',
  enableDns64: 'enable-dns64',
} as const;

/** Checks an attribute value against the subnet's address families. */
function checkAttribute(
  subnet: Subnet,
  name: (typeof ATTRIBUTES)[number],
  value: boolean,
): AwsError | undefined {
  const hasV6 = subnet.ipv6CidrBlockAssociationSet.length > 0;
  const wire = WIRE_NAME[name];
  if (value && name !== 'mapPublicIpOnLaunch' && !hasV6) {
    return AwsErrors.invalidParameterValue(
      `Invalid value 'true' for ${wire}. Cannot set ${wire} to true unless the subnet (${subnet.id}) has an IPv6 CIDR block associated with it.`,
    );
  }
  if (value && name === 'mapPublicIpOnLaunch' && subnet.ipv6Native) {
    return AwsErrors.invalidParameterValue(
      `Invalid value 'true' for ${wire}. Cannot set ${wire} to true on an IPv6-only subnet (${subnet.id}).`,
    );
  }
  if (!value && name === 'assignIpv6AddressOnCreation' && subnet.ipv6Native) {
    return AwsErrors.invalidParameterValue(
      `Invalid value 'false' for ${wire}. Cannot set ${wire} to false on an IPv6-only subnet (${subnet.id}).`,
    );
  }
  return undefined;
}

/** ModifySubnetAttribute: one attribute per call, as AWS requires. */
export const modifySubnetAttribute: Operation<ModifySubnetAttributeInput, Subnet> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  const given = ATTRIBUTES.filter((name) => input[name] !== undefined);
  const [name] = given;
  if (name === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        `The request must contain one of the parameters ${ATTRIBUTES.join(', ')}`,
      ),
    );
  }
  if (given.length > 1) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `Fields for multiple attribute types specified: ${given.join(', ')}`,
      ),
    );
  }
  const value = input[name] === true;
  const bad = checkAttribute(subnet, name, value);
  if (bad) return fail(bad);
  const next: Subnet = { ...subnet, [name]: value };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

export interface AssociateSubnetCidrBlockInput {
  readonly subnetId: string;
  readonly ipv6CidrBlock: string;
}

/** What the subnet CIDR association calls answer. */
export interface SubnetCidrBlockOutput {
  readonly subnetId: Id<'subnet'>;
  readonly ipv6CidrBlockAssociation: SubnetIpv6CidrBlockAssociation;
}

/** AssociateSubnetCidrBlock: gives a subnet without one an IPv6 block from its VPC. */
export const associateSubnetCidrBlock: Operation<
  AssociateSubnetCidrBlockInput,
  SubnetCidrBlockOutput
> = (s, input, ctx) => {
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  const cidr = cidrParam('ipv6CidrBlock', input.ipv6CidrBlock, 6);
  if (!cidr.ok) return cidr;
  // One IPv6 block per subnet (https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html).
  if (subnet.ipv6CidrBlockAssociationSet.length > 0) {
    return fail(
      AwsErrors.code(
        'InvalidSubnet.Conflict',
        `The subnet ${subnet.id} already has an IPv6 CIDR block associated with it.`,
      ),
    );
  }
  const vpc = s.get('vpc', subnet.vpcId);
  if (!vpc) return fail(AwsErrors.notFound('vpc', subnet.vpcId));
  const bad = checkIpv6Block(s, vpc, cidr.value);
  if (bad) return fail(bad);
  const association: SubnetIpv6CidrBlockAssociation = {
    associationId: ctx.ids.next('subnet-cidr-association'),
    ipv6CidrBlock: cidr.value,
    ipv6CidrBlockState: { state: 'associated' },
  };
  const next: Subnet = { ...subnet, ipv6CidrBlockAssociationSet: [association] };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { subnetId: subnet.id, ipv6CidrBlockAssociation: association },
  });
};

/**
 * DisassociateSubnetCidrBlock: removes a subnet's IPv6 block, unless the subnet is IPv6-only,
 * still hands out IPv6 addresses on creation, or ENIs still hold addresses from it.
 */
export const disassociateSubnetCidrBlock: Operation<
  { readonly associationId: string },
  SubnetCidrBlockOutput
> = (s, input, ctx) => {
  const subnet = s
    .find('subnetByCidrAssociation', input.associationId)
    .find((x) => x.ownerId === ctx.accountId && x.region === ctx.region);
  const association = subnet?.ipv6CidrBlockAssociationSet.find(
    (a) => a.associationId === input.associationId,
  );
  if (!subnet || !association) {
    return fail(AwsErrors.notFound('subnet-cidr-association', input.associationId));
  }
  const inUse = (why: string): AwsError =>
    AwsErrors.code(
      'InvalidCidrBlock.InUse',
      `The subnet IPv6 CIDR block with association ID ${input.associationId} may not be disassociated, because ${why}.`,
    );
  if (subnet.ipv6Native) return fail(inUse('its subnet is IPv6-only'));
  if (subnet.assignIpv6AddressOnCreation) {
    return fail(inUse('its subnet has assign-ipv6-address-on-creation set to true'));
  }
  if (subnet.enableDns64) return fail(inUse('its subnet has enable-dns64 set to true'));
  const block = association.ipv6CidrBlock;
  const assigned = s
    .find('networkInterfacesBySubnet', subnet.id)
    .some((eni) => eni.ipv6Addresses.some((a) => block.contains(a.ipv6Address)));
  if (assigned)
    return fail(inUse('IPv6 addresses from it are still assigned to network interfaces'));
  const next: Subnet = {
    ...subnet,
    ipv6CidrBlockAssociationSet: subnet.ipv6CidrBlockAssociationSet.filter(
      (a) => a !== association,
    ),
  };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { subnetId: subnet.id, ipv6CidrBlockAssociation: association },
  });
};
