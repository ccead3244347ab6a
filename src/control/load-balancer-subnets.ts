import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { LoadBalancer, LoadBalancerZone } from '../model/load-balancer.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import { Draft } from './draft.js';
import { loadBalancerParam } from './elbv2-params.js';
import { checkSubnets, loadBalancerGroups } from './load-balancer.js';
import {
  buildNode,
  mappedSubnets,
  removeNode,
  type SubnetMappingInput,
} from './load-balancer-node.js';

/**
 * SetSubnets and SetSecurityGroups: the zones and groups of a running load balancer. A node
 * whose subnet stays keeps its ENI and addresses; new subnets get new nodes; removed ones lose
 * theirs (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSubnets.html).
 */

export interface SetSubnetsInput {
  readonly loadBalancerArn?: string;
  readonly subnets?: readonly string[];
  readonly subnetMappings?: readonly SubnetMappingInput[];
}

/** SetSubnets: answers the load balancer's zones after the change. */
export const setSubnets: Operation<SetSubnetsInput, readonly LoadBalancerZone[]> = (
  s,
  input,
  ctx,
) => {
  const found = loadBalancerParam(s, input.loadBalancerArn, ctx);
  if (!found.ok) return found;
  const lb = found.value;
  if (input.subnets?.length && input.subnetMappings?.length) {
    return fail(Elbv2Errors.validation('You can specify subnets or subnet mappings, but not both'));
  }
  const mappings: SubnetMappingInput[] = input.subnetMappings?.length
    ? [...input.subnetMappings]
    : (input.subnets ?? []).map((subnetId) => ({ subnetId }));
  if (mappings.length === 0)
    return fail(Elbv2Errors.validation('At least one subnet must be specified'));
  const d = new Draft(s);
  const subnets = mappedSubnets(d, mappings, ctx);
  if (!subnets.ok) return subnets;
  const foreign = subnets.value.find((sn) => sn.vpcId !== lb.vpcId);
  if (foreign) {
    return fail(
      Elbv2Errors.invalidConfiguration(
        `Subnet '${foreign.id}' is not in the load balancer's VPC '${lb.vpcId}'`,
      ),
    );
  }
  const bad = checkSubnets(s, lb.type, lb.scheme, lb.ipAddressType, subnets.value);
  if (bad) return fail(bad);
  const zones: LoadBalancerZone[] = [];
  for (const [i, sn] of subnets.value.entries()) {
    const kept = lb.availabilityZones.find((z) => z.subnetId === sn.id);
    if (kept) {
      zones.push(kept);
      continue;
    }
    const zone = buildNode(d, ctx, lb, sn, mappings[i] ?? {});
    if (!zone.ok) return zone;
    zones.push(zone.value);
  }
  for (const z of lb.availabilityZones) {
    if (!zones.includes(z)) removeNode(d, z);
  }
  const next: LoadBalancer = { ...lb, availabilityZones: zones };
  d.put(next);
  return ok({ changes: d.changes(), output: zones });
};

export interface SetSecurityGroupsInput {
  readonly loadBalancerArn?: string;
  readonly securityGroups?: readonly string[];
}

/**
 * SetSecurityGroups: ALBs and NLBs (an NLB created without groups cannot get any); node ENIs
 * carry the new groups. GWLBs have none.
 */
export const setSecurityGroups: Operation<SetSecurityGroupsInput, readonly string[]> = (
  s,
  input,
  ctx,
) => {
  const found = loadBalancerParam(s, input.loadBalancerArn, ctx);
  if (!found.ok) return found;
  const lb = found.value;
  if (lb.type === 'gateway') {
    return fail(
      Elbv2Errors.invalidConfiguration(
        "Security groups are not supported for load balancers with type 'gateway'",
      ),
    );
  }
  const ids = input.securityGroups ?? [];
  if (lb.type === 'network' && lb.securityGroups.length === 0 && ids.length > 0) {
    return fail(
      Elbv2Errors.invalidConfiguration(
        'You cannot set security groups on a Network Load Balancer which was created without any security groups',
      ),
    );
  }
  if (lb.type === 'application' && ids.length === 0) {
    return fail(
      Elbv2Errors.validation('An Application Load Balancer must have at least one security group'),
    );
  }
  const groups = loadBalancerGroups(s, ids, lb.vpcId, ctx);
  if (!groups.ok) return groups;
  const d = new Draft(s);
  for (const z of lb.availabilityZones) {
    const eni = d.get('network-interface', z.networkInterfaceId);
    if (eni) d.put({ ...eni, groups: groups.value });
  }
  d.put({ ...lb, securityGroups: groups.value });
  return ok({ changes: d.changes(), output: groups.value });
};
