import { Cidr } from '../net/index.js';
import { amazonIpv6Pool } from '../model/aws-services.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { isLocalRoute, isMainRouteTable } from '../model/route-table.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { vpcIpv4Cidrs, type Vpc, type VpcIpv6CidrBlockAssociation } from '../model/vpc.js';
import {
  isLivePeering,
  isLivePeeringStatus,
  peerVpcOf,
  peeringStatusAt,
} from '../model/vpc-peering.js';
import {
  isLinkLocal,
  isRestrictedSecondary,
  VPC_MAX_PREFIX,
  VPC_MIN_PREFIX,
} from './cidr-rules.js';
import {
  defaultNetworkAcl,
  defaultSecurityGroup,
  ipv6EntriesFor,
  localRoute,
  newRouteTable,
  sortEntries,
} from './defaults.js';
import { cidrParam, owned, tagsParam } from './params.js';
import { autoImportVpcBlock } from './ipam-auto-import.js';
import {
  releaseVpcAllocations,
  vpcAllocationChange,
  vpcBlocksFromPools,
  type VpcIpamInput,
} from './ipam-vpc.js';

/** CreateVpc, as far as the twin models it. */
export interface CreateVpcInput extends VpcIpamInput {
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  /** Pins the Amazon-provided /56 (topology files and imports of real networks use this). */
  readonly ipv6CidrBlock?: string;
  readonly instanceTenancy?: string;
  readonly tags?: readonly Tag[];
  /** Only the first-use path sets this: it builds the default VPC. */
  readonly isDefault?: boolean;
}

/** Checks an IPv4 block for a VPC: size limits and the link-local range. */
function checkVpcBlock(cidr: Cidr): AwsError | undefined {
  if (cidr.prefix < VPC_MIN_PREFIX || cidr.prefix > VPC_MAX_PREFIX || isLinkLocal(cidr)) {
    return AwsErrors.code('InvalidVpc.Range', `The CIDR '${cidr.toString()}' is invalid.`);
  }
  return undefined;
}

/**
 * Picks an Amazon-provided /56 for a VPC: the lowest free one in the Region's pool, or the pinned
 * one, which must be a /56 nobody else in the Region holds.
 */
function amazonIpv6Block(
  s: Snapshot,
  ctx: OperationContext,
  pinned: string | undefined,
): Result<Cidr, AwsError> {
  const taken = new Set<string>();
  for (const v of s.all('vpc')) {
    if (v.region !== ctx.region) continue;
    for (const a of v.ipv6CidrBlockAssociationSet) taken.add(a.ipv6CidrBlock.toString());
  }
  if (pinned !== undefined) {
    const parsed = cidrParam('ipv6CidrBlock', pinned, 6);
    if (!parsed.ok) return parsed;
    if (parsed.value.prefix !== 56) {
      return fail(AwsErrors.invalidParameterValue(`The IPv6 CIDR '${pinned}' must be a /56.`));
    }
    if (taken.has(parsed.value.toString())) {
      return fail(AwsErrors.code('InvalidVpc.Range', `The CIDR '${pinned}' is already in use.`));
    }
    return parsed;
  }
  for (const block of amazonIpv6Pool(ctx.region).subnets(56)) {
    if (!taken.has(block.toString())) return ok(block);
  }
  return fail(
    AwsErrors.code('InsufficientCidrBlocks', 'No Amazon-provided IPv6 CIDR blocks are available.'),
  );
}

function ipv6Association(
  cidr: Cidr,
  ctx: OperationContext,
  pool = 'Amazon',
): VpcIpv6CidrBlockAssociation {
  return {
    associationId: ctx.ids.next('vpc-cidr-association'),
    ipv6CidrBlock: cidr,
    ipv6Pool: pool,
    networkBorderGroup: ctx.region,
    ipv6CidrBlockState: { state: 'associated' },
  };
}

/**
 * CreateVpc: the VPC plus its main route table, default security group and default network
 * ACL, each with AWS's default contents.
 */
export const createVpc: Operation<CreateVpcInput, Vpc> = (s, input, ctx) => {
  // Blocks drawn from IPAM pools (D108): the pool picks, or checks, the block.
  const pooled = vpcBlocksFromPools(s, input, input.tags ?? [], ctx);
  if (!pooled.ok) return pooled;
  const cidrText = pooled.value.v4?.cidr.toString() ?? input.cidrBlock;
  if (cidrText === undefined) {
    return fail(AwsErrors.missingParameter('cidrBlock'));
  }
  const cidr = cidrParam('cidrBlock', cidrText, 4);
  if (!cidr.ok) return cidr;
  const bad = checkVpcBlock(cidr.value);
  if (bad) return fail(bad);
  const tenancy = input.instanceTenancy ?? 'default';
  if (tenancy !== 'default' && tenancy !== 'dedicated') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${tenancy}) for parameter instanceTenancy is invalid.`,
      ),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  let ipv6: VpcIpv6CidrBlockAssociation[] = [];
  if (pooled.value.v6) {
    ipv6 = [ipv6Association(pooled.value.v6.cidr, ctx, pooled.value.v6.pool.id)];
  } else if (input.amazonProvidedIpv6CidrBlock || input.ipv6CidrBlock !== undefined) {
    const block = amazonIpv6Block(s, ctx, input.ipv6CidrBlock);
    if (!block.ok) return block;
    ipv6 = [ipv6Association(block.value, ctx)];
  }
  const isDefault = input.isDefault ?? false;
  const vpc: Vpc = {
    kind: 'vpc',
    id: ctx.ids.next('vpc'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    cidrBlock: cidr.value,
    cidrBlockAssociationSet: [
      {
        associationId: ctx.ids.next('vpc-cidr-association'),
        cidrBlock: cidr.value,
        cidrBlockState: { state: 'associated' },
      },
    ],
    ipv6CidrBlockAssociationSet: ipv6,
    instanceTenancy: tenancy,
    isDefault,
    enableDnsSupport: true,
    // AWS turns DNS hostnames on only in default VPCs.
    enableDnsHostnames: isDefault,
    state: 'available',
  };
  const changes: Change[] = [
    { op: 'put', resource: vpc },
    { op: 'put', resource: newRouteTable(vpc, ctx, true) },
    { op: 'put', resource: defaultSecurityGroup(vpc, ctx) },
    { op: 'put', resource: defaultNetworkAcl(vpc, ctx) },
  ];
  for (const block of [pooled.value.v4, pooled.value.v6]) {
    if (block) changes.push(vpcAllocationChange(block, vpc.id, ctx));
  }
  if (!pooled.value.v4) changes.push(...autoImportVpcBlock(s, vpc, vpc.cidrBlock, ctx));
  return ok({ changes, output: vpc });
};

/** What still lives in a VPC and blocks its deletion at `now`, as AWS checks it. */
function vpcDependency(s: Snapshot, vpc: Vpc, now: Date): string | undefined {
  if (s.find('subnetsByVpc', vpc.id).length > 0) return 'subnet';
  if (s.find('internetGatewaysByVpc', vpc.id).length > 0) return 'internet gateway';
  if (s.find('egressOnlyInternetGatewaysByVpc', vpc.id).length > 0)
    return 'egress-only internet gateway';
  if (s.find('securityGroupsByVpc', vpc.id).some((g) => g.groupName !== 'default'))
    return 'security group';
  if (s.find('routeTablesByVpc', vpc.id).some((t) => !isMainRouteTable(t))) return 'route table';
  if (s.find('networkAclsByVpc', vpc.id).some((a) => !a.isDefault)) return 'network ACL';
  if (s.find('vpcEndpointsByVpc', vpc.id).length > 0) return 'VPC endpoint';
  if (s.find('natGatewaysByVpc', vpc.id).some((n) => n.state !== 'deleted')) return 'NAT gateway';
  if (s.find('vpnGatewaysByVpc', vpc.id).length > 0) return 'virtual private gateway';
  // A request past its expiry no longer counts, though its stored status still reads pending.
  if (s.find('peeringsByVpc', vpc.id).some((p) => isLivePeering(p, now))) {
    return 'VPC peering connection';
  }
  return undefined;
}

export interface VpcIdInput {
  readonly vpcId: string;
}

/** DeleteVpc: fails with DependencyViolation while anything but the VPC's defaults remains. */
export const deleteVpc: Operation<VpcIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  if (vpcDependency(s, vpc, ctx.clock.now())) return fail(AwsErrors.hasDependencies('vpc', vpc.id));
  const changes: Change[] = [
    ...s
      .find('routeTablesByVpc', vpc.id)
      .map((t) => ({ op: 'delete' as const, kind: t.kind, id: t.id })),
    ...s
      .find('securityGroupsByVpc', vpc.id)
      .map((g) => ({ op: 'delete' as const, kind: g.kind, id: g.id })),
    ...s
      .find('networkAclsByVpc', vpc.id)
      .map((a) => ({ op: 'delete' as const, kind: a.kind, id: a.id })),
    // NAT gateways already deleted stay visible for a while in AWS; they go with their VPC here.
    ...s
      .find('natGatewaysByVpc', vpc.id)
      .map((n) => ({ op: 'delete' as const, kind: n.kind, id: n.id })),
    // Its IPAM allocations: the CIDRs return to their pools.
    ...releaseVpcAllocations(s, vpc.id),
    { op: 'delete', kind: 'vpc', id: vpc.id },
  ];
  return ok({ changes, output: true });
};

export interface AssociateVpcCidrBlockInput extends VpcIpamInput {
  readonly vpcId: string;
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  readonly ipv6CidrBlock?: string;
}

/** Checks a secondary IPv4 block against every rule AWS applies when associating it at `now`. */
function checkSecondary(s: Snapshot, vpc: Vpc, cidr: Cidr, now: Date): AwsError | undefined {
  const bad = checkVpcBlock(cidr);
  if (bad) return bad;
  const existing = vpcIpv4Cidrs(vpc);
  if (existing.some((e) => e.overlaps(cidr))) {
    return AwsErrors.code(
      'InvalidVpc.Range',
      `The CIDR '${cidr.toString()}' conflicts with another CIDR block of the VPC.`,
    );
  }
  if (isRestrictedSecondary(cidr, existing)) {
    return AwsErrors.code(
      'InvalidVpc.Range',
      `The CIDR '${cidr.toString()}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR.`,
    );
  }
  // A new block may not be equal to or larger than an existing route's destination.
  for (const t of s.find('routeTablesByVpc', vpc.id)) {
    for (const r of t.routes) {
      const d = r.destinationCidrBlock;
      if (d && r.gatewayId !== 'local' && cidr.containsCidr(d)) {
        return AwsErrors.code(
          'InvalidVpc.Range',
          `The CIDR '${cidr.toString()}' is equal to or more general than the destination of route '${d.toString()}' in route table ${t.id}.`,
        );
      }
    }
  }
  for (const p of s.find('peeringsByVpc', vpc.id)) {
    // Read at `now`: a request past its expiry binds neither side any more.
    const status = peeringStatusAt(p, now).code;
    if (!isLivePeeringStatus(status)) continue;
    if (status === 'pending-acceptance' && p.requesterVpcInfo.vpcId === vpc.id) {
      return AwsErrors.incorrectState(
        'IncorrectState',
        `The VPC ${vpc.id} has a pending VPC peering connection ${p.id}; CIDR blocks cannot be added by the requester until it is accepted.`,
      );
    }
    const other = peerVpcOf(p, vpc.id);
    const peer = other && s.get('vpc', other.vpcId);
    if (peer && vpcIpv4Cidrs(peer).some((c) => c.overlaps(cidr))) {
      return AwsErrors.code(
        'InvalidVpc.Range',
        `The CIDR '${cidr.toString()}' overlaps with peered VPC ${peer.id} through ${p.id}.`,
      );
    }
  }
  return undefined;
}

/** AssociateVpcCidrBlock: a secondary IPv4 block or an Amazon-provided IPv6 /56. */
export const associateVpcCidrBlock: Operation<
  AssociateVpcCidrBlockInput,
  { vpcId: Id<'vpc'>; associationId: string; cidr: Cidr }
> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  const wantsV6 =
    input.amazonProvidedIpv6CidrBlock === true ||
    input.ipv6CidrBlock !== undefined ||
    input.ipv6IpamPoolId !== undefined;
  const wantsV4 = input.cidrBlock !== undefined || input.ipv4IpamPoolId !== undefined;
  if (wantsV6 === wantsV4) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Exactly one of cidrBlock or amazonProvidedIpv6CidrBlock must be specified.',
      ),
    );
  }
  const pooled = vpcBlocksFromPools(s, input, vpc.tags, ctx);
  if (!pooled.ok) return pooled;
  const changes: Change[] = [];
  let next: Vpc;
  let association: { associationId: string; cidr: Cidr };
  const cidrText = pooled.value.v4?.cidr.toString() ?? input.cidrBlock;
  if (cidrText !== undefined) {
    const cidr = cidrParam('cidrBlock', cidrText, 4);
    if (!cidr.ok) return cidr;
    const bad = checkSecondary(s, vpc, cidr.value, ctx.clock.now());
    if (bad) return fail(bad);
    const assoc = {
      associationId: ctx.ids.next('vpc-cidr-association'),
      cidrBlock: cidr.value,
      cidrBlockState: { state: 'associated' as const },
    };
    next = { ...vpc, cidrBlockAssociationSet: [...vpc.cidrBlockAssociationSet, assoc] };
    association = { associationId: assoc.associationId, cidr: cidr.value };
  } else {
    if (vpc.ipv6CidrBlockAssociationSet.length >= 5) {
      return fail(
        AwsErrors.limitExceeded(
          'CidrLimitExceeded',
          `The VPC ${vpc.id} already has the maximum number of IPv6 CIDR blocks.`,
        ),
      );
    }
    const v6 = pooled.value.v6;
    const block = v6 ? ok(v6.cidr) : amazonIpv6Block(s, ctx, input.ipv6CidrBlock);
    if (!block.ok) return block;
    const assoc = ipv6Association(block.value, ctx, v6?.pool.id);
    next = { ...vpc, ipv6CidrBlockAssociationSet: [...vpc.ipv6CidrBlockAssociationSet, assoc] };
    association = { associationId: assoc.associationId, cidr: block.value };
    // Every ACL gains the IPv6 `*` deny; the default one its rule 101 where nobody edited it.
    for (const acl of s.find('networkAclsByVpc', vpc.id)) {
      const added = ipv6EntriesFor(acl);
      if (added.length === 0) continue;
      changes.push({
        op: 'put',
        resource: { ...acl, entries: sortEntries([...acl.entries, ...added]) },
      });
    }
  }
  changes.unshift({ op: 'put', resource: next });
  for (const t of s.find('routeTablesByVpc', vpc.id)) {
    changes.push({
      op: 'put',
      resource: { ...t, routes: [...t.routes, localRoute(association.cidr)] },
    });
  }
  const drawn = pooled.value.v4 ?? pooled.value.v6;
  if (drawn) changes.push(vpcAllocationChange(drawn, vpc.id, ctx));
  else if (association.cidr.family === 4) {
    changes.push(...autoImportVpcBlock(s, next, association.cidr, ctx));
  }
  return ok({ changes, output: { vpcId: vpc.id, ...association } });
};

/** DisassociateVpcCidrBlock: the primary IPv4 block cannot go, nor a block subnets still use. */
export const disassociateVpcCidrBlock: Operation<
  { readonly associationId: string },
  { vpcId: Id<'vpc'>; cidr: Cidr }
> = (s, input, ctx) => {
  for (const vpc of s.find('vpcsByOwnerRegion', `${ctx.accountId}|${ctx.region}`)) {
    const v4 = vpc.cidrBlockAssociationSet.find((a) => a.associationId === input.associationId);
    const v6 = vpc.ipv6CidrBlockAssociationSet.find((a) => a.associationId === input.associationId);
    const cidr = v4?.cidrBlock ?? v6?.ipv6CidrBlock;
    if (!cidr) continue;
    if (v4 && v4.cidrBlock.equals(vpc.cidrBlock)) {
      return fail(
        AwsErrors.code(
          'OperationNotPermitted',
          `The vpc CIDR block with association ID ${input.associationId} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
        ),
      );
    }
    const subnets = s.find('subnetsByVpc', vpc.id);
    const inUse = subnets.some(
      (sn) =>
        (sn.cidrBlock && cidr.containsCidr(sn.cidrBlock)) ||
        sn.ipv6CidrBlockAssociationSet.some((a) => cidr.containsCidr(a.ipv6CidrBlock)),
    );
    if (inUse) {
      return fail(
        AwsErrors.dependencyViolation(
          `The vpc CIDR block with association ID ${input.associationId} may not be disassociated because it has subnets.`,
        ),
      );
    }
    const next: Vpc = {
      ...vpc,
      cidrBlockAssociationSet: vpc.cidrBlockAssociationSet.filter((a) => a !== v4),
      ipv6CidrBlockAssociationSet: vpc.ipv6CidrBlockAssociationSet.filter((a) => a !== v6),
    };
    const changes: Change[] = [
      { op: 'put', resource: next },
      ...releaseVpcAllocations(s, vpc.id, cidr),
    ];
    for (const t of s.find('routeTablesByVpc', vpc.id)) {
      const routes = t.routes.filter(
        (r) =>
          !(
            isLocalRoute(r) && (r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.equals(cidr)
          ),
      );
      changes.push({ op: 'put', resource: { ...t, routes } });
    }
    return ok({ changes, output: { vpcId: vpc.id, cidr } });
  }
  return fail(AwsErrors.notFound('vpc-cidr-association', input.associationId));
};

export interface ModifyVpcAttributeInput {
  readonly vpcId: string;
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
}

/** ModifyVpcAttribute: one attribute per call, as AWS requires; hostnames need DNS support. */
export const modifyVpcAttribute: Operation<ModifyVpcAttributeInput, Vpc> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const given = [input.enableDnsSupport, input.enableDnsHostnames].filter((x) => x !== undefined);
  if (given.length !== 1) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames',
      ),
    );
  }
  const next: Vpc = {
    ...found.value,
    ...(input.enableDnsSupport !== undefined ? { enableDnsSupport: input.enableDnsSupport } : {}),
    ...(input.enableDnsHostnames !== undefined
      ? { enableDnsHostnames: input.enableDnsHostnames }
      : {}),
  };
  if (next.enableDnsHostnames && !next.enableDnsSupport) {
    return fail(
      AwsErrors.invalidParameterValue(
        'Cannot enable DNS hostnames on a VPC that has DNS support disabled.',
      ),
    );
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};
