import type { Tag } from '../model/common.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import {
  canonicalHostedZoneId,
  defaultLoadBalancerAttributes,
  elbv2Suffix,
  loadBalancerArn,
  loadBalancerDnsName,
  type LoadBalancer,
  type LoadBalancerScheme,
  type LoadBalancerType,
  type LoadBalancerZone,
} from '../model/load-balancer.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { defaultSecurityGroupOf } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import { Draft } from './draft.js';
import { elbv2NameParam, enumParam } from './elbv2-params.js';
import { elbv2TagsParam } from './elbv2-tags.js';
import {
  buildNode,
  mappedSubnets,
  removeNode,
  type SubnetMappingInput,
} from './load-balancer-node.js';
import { attributeValue } from '../model/load-balancer.js';

/**
 * CreateLoadBalancer and DeleteLoadBalancer for Application, Network and Gateway Load Balancers
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).
 * Subnet and security-group changes of a running load balancer are in load-balancer-subnets.ts.
 */

export interface CreateLoadBalancerInput {
  readonly name?: string;
  /** `application` (the default), `network` or `gateway`. */
  readonly type?: string;
  /** `internet-facing` (the default) or `internal`; Gateway Load Balancers take none. */
  readonly scheme?: string;
  readonly ipAddressType?: string;
  readonly subnets?: readonly string[];
  readonly subnetMappings?: readonly SubnetMappingInput[];
  readonly securityGroups?: readonly string[];
  readonly tags?: readonly Tag[];
}

/** The security groups of a load balancer: each the caller's, in the VPC. */
export function loadBalancerGroups(
  s: Snapshot,
  ids: readonly string[],
  vpcId: string,
  ctx: OperationContext,
): Result<Id<'security-group'>[], AwsError> {
  const out: Id<'security-group'>[] = [];
  for (const id of ids) {
    const g = s.get('security-group', id);
    if (!g || g.ownerId !== ctx.accountId || g.region !== ctx.region || g.vpcId !== vpcId) {
      return fail(Elbv2Errors.invalidSecurityGroup(id));
    }
    if (!out.includes(g.id)) out.push(g.id);
  }
  if (out.length > 5) {
    return fail(Elbv2Errors.validation('A load balancer can have at most 5 security groups'));
  }
  return ok(out);
}

/** Checks the request's shape: type, scheme, address type and how subnets are given. */
function checkRequest(input: CreateLoadBalancerInput): Result<
  {
    type: LoadBalancerType;
    scheme: LoadBalancerScheme | undefined;
    ipAddressType: 'ipv4' | 'dualstack';
    mappings: SubnetMappingInput[];
  },
  AwsError
> {
  const badName = elbv2NameParam('load balancer', input.name);
  if (badName) return fail(badName);
  const type = enumParam('type', input.type, ['application', 'network', 'gateway'] as const);
  if (!type.ok) return type;
  const t = type.value ?? 'application';
  const scheme = enumParam('scheme', input.scheme, ['internet-facing', 'internal'] as const);
  if (!scheme.ok) return scheme;
  if (t === 'gateway' && scheme.value !== undefined) {
    return fail(
      Elbv2Errors.validation("Scheme is not supported for load balancers of type 'gateway'"),
    );
  }
  const ipType = enumParam('ipAddressType', input.ipAddressType, ['ipv4', 'dualstack'] as const);
  if (!ipType.ok) return ipType;
  if (input.subnets?.length && input.subnetMappings?.length) {
    return fail(Elbv2Errors.validation('You can specify subnets or subnet mappings, but not both'));
  }
  const mappings: SubnetMappingInput[] = input.subnetMappings?.length
    ? [...input.subnetMappings]
    : (input.subnets ?? []).map((subnetId) => ({ subnetId }));
  if (mappings.length === 0) {
    return fail(Elbv2Errors.validation('At least one subnet must be specified'));
  }
  if (t === 'gateway' && input.securityGroups?.length) {
    return fail(
      Elbv2Errors.invalidConfiguration(
        "Security groups are not supported for load balancers with type 'gateway'",
      ),
    );
  }
  return ok({
    type: t,
    scheme: t === 'gateway' ? undefined : (scheme.value ?? 'internet-facing'),
    ipAddressType: ipType.value ?? 'ipv4',
    mappings,
  });
}

/** Checks the subnets against the type and scheme: ALBs need two zones, internet-facing an IGW. */
export function checkSubnets(
  s: Snapshot,
  type: LoadBalancerType,
  scheme: LoadBalancerScheme | undefined,
  ipAddressType: 'ipv4' | 'dualstack',
  subnets: readonly Subnet[],
): AwsError | undefined {
  if (type === 'application' && subnets.length < 2) {
    return Elbv2Errors.validation(
      'At least two subnets in two different Availability Zones must be specified',
    );
  }
  const vpcId = subnets[0]?.vpcId;
  if (
    scheme === 'internet-facing' &&
    vpcId &&
    s.find('internetGatewaysByVpc', vpcId).length === 0
  ) {
    return Elbv2Errors.invalidSubnet(`VPC ${vpcId} has no internet gateway`);
  }
  const v4Only = subnets.find((sn) => sn.ipv6CidrBlockAssociationSet.length === 0);
  if (ipAddressType === 'dualstack' && v4Only) {
    return Elbv2Errors.invalidSubnet(
      `Subnet '${v4Only.id}' has no IPv6 CIDR block; a dualstack load balancer needs IPv6 in every subnet`,
    );
  }
  return undefined;
}

/** Whether an existing load balancer is what the request asks for (CreateLoadBalancer is idempotent). */
function sameSettings(
  lb: LoadBalancer,
  type: LoadBalancerType,
  scheme: string | undefined,
  subnets: readonly Subnet[],
): boolean {
  return (
    lb.type === type &&
    lb.scheme === scheme &&
    lb.availabilityZones.length === subnets.length &&
    subnets.every((sn) => lb.availabilityZones.some((z) => z.subnetId === sn.id))
  );
}

/**
 * CreateLoadBalancer: one node per subnet, the security groups (an ALB without any gets the
 * VPC's default group; an NLB keeps none; a GWLB takes none), the type's default attributes.
 * Asking again with the same name and settings returns the existing load balancer, as AWS does.
 */
export const createLoadBalancer: Operation<CreateLoadBalancerInput, LoadBalancer> = (
  s,
  input,
  ctx,
) => {
  const req = checkRequest(input);
  if (!req.ok) return req;
  const { type, scheme, ipAddressType, mappings } = req.value;
  const name = input.name as string;
  const d = new Draft(s);
  const subnets = mappedSubnets(d, mappings, ctx);
  if (!subnets.ok) return subnets;
  const existing = s.find(
    'loadBalancerByName',
    `${ctx.accountId}|${ctx.region}|${name.toLowerCase()}`,
  )[0];
  if (existing) {
    return sameSettings(existing, type, scheme, subnets.value)
      ? ok({ changes: [], output: existing })
      : fail(Elbv2Errors.duplicateLoadBalancerName(name));
  }
  const bad = checkSubnets(s, type, scheme, ipAddressType, subnets.value);
  if (bad) return fail(bad);
  const vpcId = (subnets.value[0] as Subnet).vpcId;
  const tags = elbv2TagsParam(input.tags);
  if (!tags.ok) return tags;
  let groups: Id<'security-group'>[] = [];
  if (input.securityGroups?.length) {
    const found = loadBalancerGroups(s, input.securityGroups, vpcId, ctx);
    if (!found.ok) return found;
    groups = found.value;
  } else if (type === 'application') {
    const fallback = defaultSecurityGroupOf(s, vpcId);
    if (fallback) groups = [fallback.id];
  }
  const suffix = elbv2Suffix(ctx.ids.next('load-balancer'));
  const arn = loadBalancerArn(ctx.region, ctx.accountId, type, name, suffix);
  const owner = { id: arn, type, scheme, securityGroups: groups, ipAddressType };
  const zones: LoadBalancerZone[] = [];
  for (const [i, sn] of subnets.value.entries()) {
    const zone = buildNode(d, ctx, owner, sn, mappings[i] ?? {});
    if (!zone.ok) return zone;
    zones.push(zone.value);
  }
  const zoneId = canonicalHostedZoneId(ctx.region, type);
  const lb: LoadBalancer = {
    kind: 'load-balancer',
    id: arn,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    loadBalancerName: name,
    type,
    ...(scheme ? { scheme } : {}),
    ipAddressType,
    vpcId,
    dnsName: loadBalancerDnsName(ctx.region, type, scheme, name, suffix),
    ...(zoneId ? { canonicalHostedZoneId: zoneId } : {}),
    createdTime: ctx.clock.now().toISOString(),
    state: { code: 'active' },
    availabilityZones: zones,
    securityGroups: groups,
    attributes: defaultLoadBalancerAttributes(type),
  };
  d.put(lb);
  return ok({ changes: d.changes(), output: lb });
};

export interface LoadBalancerArnInput {
  readonly loadBalancerArn?: string;
}

/**
 * DeleteLoadBalancer: the load balancer, its listeners and its nodes go; target groups stay.
 * Deleting one that does not exist succeeds, as in AWS; one with deletion protection on, or
 * offered as an endpoint service, is refused.
 */
export const deleteLoadBalancer: Operation<LoadBalancerArnInput, true> = (s, input, ctx) => {
  const arn = input.loadBalancerArn;
  if (arn === undefined)
    return fail(Elbv2Errors.validation('A load balancer ARN must be specified'));
  const lb = s.get('load-balancer', arn);
  if (!lb || lb.ownerId !== ctx.accountId || lb.region !== ctx.region) {
    return ok({ changes: [], output: true });
  }
  if (attributeValue(lb, 'deletion_protection.enabled') === 'true') {
    return fail(
      Elbv2Errors.operationNotPermitted(
        `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
      ),
    );
  }
  const service = s.find('vpcEndpointServicesByLoadBalancer', arn)[0];
  if (service) {
    return fail(
      Elbv2Errors.resourceInUse(
        `Load balancer '${arn}' cannot be deleted because it is currently associated with another service (${service.id})`,
      ),
    );
  }
  const d = new Draft(s);
  for (const l of s.find('listenersByLoadBalancer', arn)) d.delete('listener', l.id);
  for (const z of lb.availabilityZones) removeNode(d, z);
  d.delete('load-balancer', arn);
  return ok({ changes: d.changes(), output: true });
};
