import { allocateIpamPoolCidr, releaseIpamPoolAllocation } from '../../control/ipam-allocation.js';
import { ownedIpamResource } from '../../control/ipam-lookup.js';
import { createIpamPool, deleteIpamPool, modifyIpamPool } from '../../control/ipam-pool.js';
import { deprovisionIpamPoolCidr, provisionIpamPoolCidr } from '../../control/ipam-pool-cidr.js';
import type { Tag } from '../../model/common.js';
import type { IpamPool, IpamPoolAllocation, IpamPoolCidr } from '../../model/ipam.js';
import { ipamArn } from '../../model/ipam.js';
import { IpamErrors } from '../../model/ipam-errors.js';
import { fail, ok } from '../../model/result.js';
import { contextFor } from '../../store/store.js';
import {
  checkMaxResults,
  compileFilters,
  describe,
  flag,
  paginate,
  type FilterTable,
} from './describe.js';
import type { HandlerContext } from './context.js';
import { allocationOutput, poolCidrOutput, poolOutput } from './ipam-view.js';
import { tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

const requestTags = (tags: readonly { key?: string; value?: string }[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));

/** A pool of the caller's account, from any Region (D100). */
const callerPool = (ctx: HandlerContext, id: string) =>
  ownedIpamResource(ctx.store.snapshot, 'ipam-pool', id, contextFor(ctx.store, ctx.caller));

/** CreateIpamPool. */
export const createIpamPoolHandler = defineHandler('CreateIpamPool', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'ipam-pool');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateIpamPool', createIpamPool, {
    ipamScopeId: input.ipamScopeId,
    addressFamily: input.addressFamily,
    locale: input.locale,
    sourceIpamPoolId: input.sourceIpamPoolId,
    description: input.description,
    autoImport: input.autoImport,
    publiclyAdvertisable: input.publiclyAdvertisable,
    allocationMinNetmaskLength: input.allocationMinNetmaskLength,
    allocationMaxNetmaskLength: input.allocationMaxNetmaskLength,
    allocationDefaultNetmaskLength: input.allocationDefaultNetmaskLength,
    allocationResourceTags: requestTags(input.allocationResourceTags),
    awsService: input.awsService,
    publicIpSource: input.publicIpSource,
    tags: tags.value,
  });
  return result.ok ? ok({ ipamPool: poolOutput(result.value) }) : result;
});

const POOL_FILTERS: FilterTable<IpamPool> = {
  'ipam-pool-id': (p) => [p.id],
  'ipam-pool-arn': (p) => [ipamArn('ipam-pool', p.ownerId, p.id)],
  'ipam-scope-arn': (p) => [ipamArn('ipam-scope', p.ownerId, p.ipamScopeId)],
  'ipam-scope-id': (p) => [p.ipamScopeId],
  'ipam-scope-type': (p) => [p.ipamScopeType],
  'ipam-arn': (p) => [ipamArn('ipam', p.ownerId, p.ipamId)],
  'ipam-id': (p) => [p.ipamId],
  'ipam-region': (p) => [p.region],
  'source-ipam-pool-id': (p) => [p.sourceIpamPoolId],
  locale: (p) => [p.locale ?? 'None'],
  'address-family': (p) => [p.addressFamily],
  'pool-depth': (p) => [String(p.poolDepth)],
  'auto-import': (p) => [flag(p.autoImport)],
  description: (p) => [p.description],
  'owner-id': (p) => [p.ownerId],
  state: (p) => [p.state],
  'aws-service': (p) => [p.awsService],
  'public-ip-source': (p) => [p.publicIpSource],
};

/** DescribeIpamPools: the caller's pools in the IPAM's home Region. */
export const describeIpamPoolsHandler = defineHandler('DescribeIpamPools', (input, ctx) => {
  const page = describe(
    ctx.mine('ipam-pool'),
    { ...input, ids: input.ipamPoolIds },
    { idOf: (p) => p.id, filters: POOL_FILTERS, noun: 'ipam-pool', idsParameter: 'IpamPoolIds' },
  );
  return page.ok
    ? ok({ ipamPools: page.value.items.map(poolOutput), nextToken: page.value.nextToken })
    : page;
});

/** ModifyIpamPool. */
export const modifyIpamPoolHandler = defineHandler('ModifyIpamPool', (input, ctx) => {
  const result = ctx.run('ModifyIpamPool', modifyIpamPool, {
    ipamPoolId: input.ipamPoolId,
    description: input.description,
    autoImport: input.autoImport,
    allocationMinNetmaskLength: input.allocationMinNetmaskLength,
    allocationMaxNetmaskLength: input.allocationMaxNetmaskLength,
    allocationDefaultNetmaskLength: input.allocationDefaultNetmaskLength,
    clearAllocationDefaultNetmaskLength: input.clearAllocationDefaultNetmaskLength,
    addAllocationResourceTags:
      input.addAllocationResourceTags && requestTags(input.addAllocationResourceTags),
    removeAllocationResourceTags:
      input.removeAllocationResourceTags && requestTags(input.removeAllocationResourceTags),
  });
  return result.ok ? ok({ ipamPool: poolOutput(result.value) }) : result;
});

/** DeleteIpamPool. */
export const deleteIpamPoolHandler = defineHandler('DeleteIpamPool', (input, ctx) => {
  const result = ctx.run('DeleteIpamPool', deleteIpamPool, {
    ipamPoolId: input.ipamPoolId,
    cascade: input.cascade,
  });
  return result.ok ? ok({ ipamPool: poolOutput(result.value) }) : result;
});

/** ProvisionIpamPoolCidr. */
export const provisionIpamPoolCidrHandler = defineHandler('ProvisionIpamPoolCidr', (input, ctx) => {
  const result = ctx.run('ProvisionIpamPoolCidr', provisionIpamPoolCidr, {
    ipamPoolId: input.ipamPoolId,
    cidr: input.cidr,
    netmaskLength: input.netmaskLength,
    cidrAuthorizationContext: input.cidrAuthorizationContext,
  });
  return result.ok ? ok({ ipamPoolCidr: poolCidrOutput(result.value) }) : result;
});

/** DeprovisionIpamPoolCidr. */
export const deprovisionIpamPoolCidrHandler = defineHandler(
  'DeprovisionIpamPoolCidr',
  (input, ctx) => {
    const result = ctx.run('DeprovisionIpamPoolCidr', deprovisionIpamPoolCidr, {
      ipamPoolId: input.ipamPoolId,
      cidr: input.cidr,
    });
    return result.ok ? ok({ ipamPoolCidr: poolCidrOutput(result.value) }) : result;
  },
);

const POOL_CIDR_FILTERS: FilterTable<IpamPoolCidr> = {
  cidr: (c) => [c.cidr.toString()],
  state: (c) => [c.state],
  'ipam-pool-cidr-id': (c) => [c.ipamPoolCidrId],
  'netmask-length': (c) => [String(c.cidr.prefix)],
};

/** GetIpamPoolCidrs: MaxResults 5–1000. */
export const getIpamPoolCidrsHandler = defineHandler('GetIpamPoolCidrs', (input, ctx) => {
  const pool = callerPool(ctx, input.ipamPoolId);
  if (!pool.ok) return pool;
  const bad = checkMaxResults(input.maxResults, [5, 1000]);
  if (bad) return fail(bad);
  const predicate = compileFilters(input.filters, POOL_CIDR_FILTERS);
  if (!predicate.ok) return predicate;
  const page = paginate(
    pool.value.cidrs.filter(predicate.value),
    (c) => c.ipamPoolCidrId,
    input.maxResults,
    input.nextToken,
  );
  return page.ok
    ? ok({ ipamPoolCidrs: page.value.items.map(poolCidrOutput), nextToken: page.value.nextToken })
    : page;
});

/** AllocateIpamPoolCidr; with PreviewNextCidr only the CIDR is answered. */
export const allocateIpamPoolCidrHandler = defineHandler('AllocateIpamPoolCidr', (input, ctx) => {
  const result = ctx.run('AllocateIpamPoolCidr', allocateIpamPoolCidr, {
    ipamPoolId: input.ipamPoolId,
    cidr: input.cidr,
    netmaskLength: input.netmaskLength,
    description: input.description,
    previewNextCidr: input.previewNextCidr,
    allowedCidrs: input.allowedCidrs,
    disallowedCidrs: input.disallowedCidrs,
  });
  if (!result.ok) return result;
  const a = result.value;
  return ok({
    ipamPoolAllocation: 'id' in a ? allocationOutput(a) : { cidr: a.cidr.toString() },
  });
});

const ALLOCATION_FILTERS: FilterTable<IpamPoolAllocation> = {
  cidr: (a) => [a.cidr.toString()],
  'ipam-pool-allocation-id': (a) => [a.id],
  'resource-type': (a) => [a.resourceType],
  'resource-id': (a) => [a.resourceId],
  'resource-region': (a) => [a.resourceRegion],
  'resource-owner': (a) => [a.resourceOwner],
  description: (a) => [a.description],
};

/** GetIpamPoolAllocations: MaxResults 1000–100000. */
export const getIpamPoolAllocationsHandler = defineHandler(
  'GetIpamPoolAllocations',
  (input, ctx) => {
    const pool = callerPool(ctx, input.ipamPoolId);
    if (!pool.ok) return pool;
    const all = ctx.store.snapshot.find('ipamAllocationsByPool', pool.value.id);
    const wanted = input.ipamPoolAllocationId;
    if (wanted !== undefined && !all.some((a) => a.id === wanted)) {
      return fail(IpamErrors.allocationNotFound(wanted));
    }
    const page = describe(
      wanted !== undefined ? all.filter((a) => a.id === wanted) : all,
      { filters: input.filters, maxResults: input.maxResults, nextToken: input.nextToken },
      {
        idOf: (a) => a.id,
        filters: ALLOCATION_FILTERS,
        noun: 'ipam-pool-allocation',
        maxResultsRange: [1000, 100000],
      },
    );
    return page.ok
      ? ok({
          ipamPoolAllocations: page.value.items.map(allocationOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** ReleaseIpamPoolAllocation. */
export const releaseIpamPoolAllocationHandler = defineHandler(
  'ReleaseIpamPoolAllocation',
  (input, ctx) => {
    const result = ctx.run('ReleaseIpamPoolAllocation', releaseIpamPoolAllocation, {
      ipamPoolId: input.ipamPoolId,
      cidr: input.cidr,
      ipamPoolAllocationId: input.ipamPoolAllocationId,
    });
    return result.ok ? ok({ success: true }) : result;
  },
);

export const IPAM_POOL_HANDLERS = handlerRegistry(
  createIpamPoolHandler,
  describeIpamPoolsHandler,
  modifyIpamPoolHandler,
  deleteIpamPoolHandler,
  provisionIpamPoolCidrHandler,
  deprovisionIpamPoolCidrHandler,
  getIpamPoolCidrsHandler,
  allocateIpamPoolCidrHandler,
  getIpamPoolAllocationsHandler,
  releaseIpamPoolAllocationHandler,
);
