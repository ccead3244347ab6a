import { modifyLoadBalancerAttributes } from '../../../control/elbv2-attributes.js';
import { loadBalancerParam } from '../../../control/elbv2-params.js';
import { createLoadBalancer, deleteLoadBalancer } from '../../../control/load-balancer.js';
import { setSecurityGroups, setSubnets } from '../../../control/load-balancer-subnets.js';
import { setIpAddressType } from '../../../control/load-balancer-ip-address-type.js';
import { Elbv2Errors } from '../../../model/elbv2-errors.js';
import { fail, ok } from '../../../model/result.js';
import type { Handler } from '../context.js';
import { attributesOf, int, records, str, strs, tagsOf } from './input.js';
import { page } from './paging.js';
import { loadBalancerView, zoneView } from './views.js';

/** ELBv2 load balancer actions. */

const subnetMappings = (input: Readonly<Record<string, unknown>>) =>
  records(input, 'subnetMappings')?.map((m) => ({
    ...(str(m, 'subnetId') !== undefined ? { subnetId: str(m, 'subnetId') } : {}),
    ...(str(m, 'allocationId') !== undefined ? { allocationId: str(m, 'allocationId') } : {}),
    ...(str(m, 'privateIPv4Address') !== undefined
      ? { privateIPv4Address: str(m, 'privateIPv4Address') }
      : {}),
  }));

const createLoadBalancerHandler: Handler = (input, ctx) => {
  const mappings = subnetMappings(input);
  const subnets = strs(input, 'subnets');
  const securityGroups = strs(input, 'securityGroups');
  const tags = tagsOf(input);
  const r = ctx.run('CreateLoadBalancer', createLoadBalancer, {
    name: str(input, 'name'),
    type: str(input, 'type'),
    scheme: str(input, 'scheme'),
    ipAddressType: str(input, 'ipAddressType'),
    ...(subnets ? { subnets } : {}),
    ...(mappings ? { subnetMappings: mappings } : {}),
    ...(securityGroups ? { securityGroups } : {}),
    ...(tags ? { tags } : {}),
  });
  return r.ok ? ok({ loadBalancers: [loadBalancerView(r.value)] }) : r;
};

/** DescribeLoadBalancers: by ARN or name (unknown ones are an error), else all, paged. */
const describeLoadBalancersHandler: Handler = (input, ctx) => {
  const arns = strs(input, 'loadBalancerArns');
  const names = strs(input, 'names');
  if (arns?.length && names?.length) {
    return fail(
      Elbv2Errors.validation(
        'Load balancer names and load balancer ARNs cannot be specified at the same time',
      ),
    );
  }
  let lbs = ctx
    .mine('load-balancer')
    .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.id.localeCompare(b.id));
  if (arns?.length) {
    const found = arns.map((a) => lbs.find((l) => l.id === a));
    if (found.some((l) => l === undefined)) return fail(Elbv2Errors.loadBalancerNotFound());
    lbs = lbs.filter((l) => arns.includes(l.id));
  } else if (names?.length) {
    const missing = names.filter((n) => !lbs.some((l) => l.loadBalancerName === n));
    if (missing.length) {
      return fail({
        ...Elbv2Errors.loadBalancerNotFound(),
        message: `Load balancers '[${missing.join(', ')}]' not found`,
      });
    }
    lbs = lbs.filter((l) => names.includes(l.loadBalancerName));
  }
  const paged = page(lbs, str(input, 'marker'), int(input, 'pageSize'));
  if (!paged.ok) return paged;
  return ok({
    loadBalancers: paged.value.items.map(loadBalancerView),
    ...(paged.value.nextMarker ? { nextMarker: paged.value.nextMarker } : {}),
  });
};

const deleteLoadBalancerHandler: Handler = (input, ctx) => {
  const r = ctx.run('DeleteLoadBalancer', deleteLoadBalancer, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
  });
  return r.ok ? ok({}) : r;
};

const describeLoadBalancerAttributesHandler: Handler = (input, ctx) => {
  const lb = loadBalancerParam(ctx.store.snapshot, str(input, 'loadBalancerArn'), ctx.caller);
  return lb.ok ? ok({ attributes: lb.value.attributes.map((a) => ({ ...a })) }) : lb;
};

const modifyLoadBalancerAttributesHandler: Handler = (input, ctx) => {
  const r = ctx.run('ModifyLoadBalancerAttributes', modifyLoadBalancerAttributes, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
    attributes: attributesOf(input) ?? [],
  });
  return r.ok ? ok({ attributes: r.value }) : r;
};

const setSubnetsHandler: Handler = (input, ctx) => {
  const subnets = strs(input, 'subnets');
  const mappings = subnetMappings(input);
  const r = ctx.run('SetSubnets', setSubnets, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
    ...(subnets ? { subnets } : {}),
    ...(mappings ? { subnetMappings: mappings } : {}),
  });
  if (!r.ok) return r;
  const lb = ctx.store.snapshot.get('load-balancer', str(input, 'loadBalancerArn') ?? '');
  return ok({
    availabilityZones: r.value.map(zoneView),
    ...(lb ? { ipAddressType: lb.ipAddressType } : {}),
  });
};

const setIpAddressTypeHandler: Handler = (input, ctx) => {
  const r = ctx.run('SetIpAddressType', setIpAddressType, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
    ipAddressType: str(input, 'ipAddressType'),
  });
  return r.ok ? ok({ ipAddressType: r.value }) : r;
};

const setSecurityGroupsHandler: Handler = (input, ctx) => {
  const r = ctx.run('SetSecurityGroups', setSecurityGroups, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
    securityGroups: strs(input, 'securityGroups') ?? [],
  });
  return r.ok ? ok({ securityGroupIds: [...r.value] }) : r;
};

export const LOAD_BALANCER_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateLoadBalancer: createLoadBalancerHandler,
  DescribeLoadBalancers: describeLoadBalancersHandler,
  DeleteLoadBalancer: deleteLoadBalancerHandler,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributesHandler,
  ModifyLoadBalancerAttributes: modifyLoadBalancerAttributesHandler,
  SetSubnets: setSubnetsHandler,
  SetSecurityGroups: setSecurityGroupsHandler,
  SetIpAddressType: setIpAddressTypeHandler,
};
