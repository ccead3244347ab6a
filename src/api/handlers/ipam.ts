import {
  createIpam,
  createIpamScope,
  deleteIpam,
  deleteIpamScope,
  modifyIpam,
} from '../../control/ipam.js';
import type { Ipam, IpamScope } from '../../model/ipam.js';
import { ipamArn } from '../../model/ipam.js';
import { ok } from '../../model/result.js';
import { describe, flag, type FilterTable } from './describe.js';
import { ipamOutput, scopeOutput } from './ipam-view.js';
import { tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/** CreateIpam: the IPAM and its two default scopes. */
export const createIpamHandler = defineHandler('CreateIpam', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'ipam');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateIpam', createIpam, {
    description: input.description,
    operatingRegions: input.operatingRegions?.map((r) => r.regionName ?? ''),
    tier: input.tier,
    enablePrivateGua: input.enablePrivateGua,
    tags: tags.value,
  });
  return result.ok ? ok({ ipam: ipamOutput(ctx.store.snapshot, result.value) }) : result;
});

/** DescribeIpams filters: the output's fields in AWS's kebab case (D113). */
const IPAM_FILTERS: FilterTable<Ipam> = {
  'ipam-id': (i) => [i.id],
  'ipam-arn': (i) => [ipamArn('ipam', i.ownerId, i.id)],
  'ipam-region': (i) => [i.region],
  'owner-id': (i) => [i.ownerId],
  description: (i) => [i.description],
  'operating-region': (i) => i.operatingRegions,
  'operating-regions.region-name': (i) => i.operatingRegions,
  state: (i) => [i.state],
  tier: (i) => [i.tier],
};

/** DescribeIpams: the caller's IPAM in its Region. */
export const describeIpamsHandler = defineHandler('DescribeIpams', (input, ctx) => {
  const page = describe(
    ctx.mine('ipam'),
    { ...input, ids: input.ipamIds },
    { idOf: (i) => i.id, filters: IPAM_FILTERS, noun: 'ipam', idsParameter: 'IpamIds' },
  );
  const s = ctx.store.snapshot;
  return page.ok
    ? ok({ ipams: page.value.items.map((i) => ipamOutput(s, i)), nextToken: page.value.nextToken })
    : page;
});

/** ModifyIpam. */
export const modifyIpamHandler = defineHandler('ModifyIpam', (input, ctx) => {
  const result = ctx.run('ModifyIpam', modifyIpam, {
    ipamId: input.ipamId,
    description: input.description,
    addOperatingRegions: input.addOperatingRegions?.map((r) => r.regionName ?? ''),
    removeOperatingRegions: input.removeOperatingRegions?.map((r) => r.regionName ?? ''),
    tier: input.tier,
    enablePrivateGua: input.enablePrivateGua,
  });
  return result.ok ? ok({ ipam: ipamOutput(ctx.store.snapshot, result.value) }) : result;
});

/** DeleteIpam: answers with the IPAM in state `delete-complete` (D101). */
export const deleteIpamHandler = defineHandler('DeleteIpam', (input, ctx) => {
  const before = ctx.store.snapshot;
  const result = ctx.run('DeleteIpam', deleteIpam, {
    ipamId: input.ipamId,
    cascade: input.cascade,
  });
  return result.ok ? ok({ ipam: { ...ipamOutput(before, result.value) } }) : result;
});

/** CreateIpamScope: always private. */
export const createIpamScopeHandler = defineHandler('CreateIpamScope', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'ipam-scope');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateIpamScope', createIpamScope, {
    ipamId: input.ipamId,
    description: input.description,
    tags: tags.value,
  });
  return result.ok ? ok({ ipamScope: scopeOutput(ctx.store.snapshot, result.value) }) : result;
});

const SCOPE_FILTERS: FilterTable<IpamScope> = {
  'ipam-scope-id': (x) => [x.id],
  'ipam-scope-arn': (x) => [ipamArn('ipam-scope', x.ownerId, x.id)],
  'ipam-arn': (x) => [ipamArn('ipam', x.ownerId, x.ipamId)],
  'ipam-id': (x) => [x.ipamId],
  'ipam-region': (x) => [x.region],
  'ipam-scope-type': (x) => [x.ipamScopeType],
  'is-default': (x) => [flag(x.isDefault)],
  'owner-id': (x) => [x.ownerId],
  description: (x) => [x.description],
  state: (x) => [x.state],
};

/** DescribeIpamScopes. */
export const describeIpamScopesHandler = defineHandler('DescribeIpamScopes', (input, ctx) => {
  const page = describe(
    ctx.mine('ipam-scope'),
    { ...input, ids: input.ipamScopeIds },
    { idOf: (x) => x.id, filters: SCOPE_FILTERS, noun: 'ipam-scope', idsParameter: 'IpamScopeIds' },
  );
  const s = ctx.store.snapshot;
  return page.ok
    ? ok({
        ipamScopes: page.value.items.map((x) => scopeOutput(s, x)),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** DeleteIpamScope. */
export const deleteIpamScopeHandler = defineHandler('DeleteIpamScope', (input, ctx) => {
  const before = ctx.store.snapshot;
  const result = ctx.run('DeleteIpamScope', deleteIpamScope, { ipamScopeId: input.ipamScopeId });
  return result.ok ? ok({ ipamScope: scopeOutput(before, result.value) }) : result;
});

export const IPAM_HANDLERS = handlerRegistry(
  createIpamHandler,
  describeIpamsHandler,
  modifyIpamHandler,
  deleteIpamHandler,
  createIpamScopeHandler,
  describeIpamScopesHandler,
  deleteIpamScopeHandler,
);
