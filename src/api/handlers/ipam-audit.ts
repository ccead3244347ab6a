import { modifyIpamResourceCidr } from '../../control/ipam-resource-cidr.js';
import { cidrParam, owned } from '../../control/params.js';
import { addressHistory } from '../../ipam/address-history.js';
import { resourceCidrs, type ResourceCidrRow } from '../../ipam/resource-cidrs.js';
import { AwsErrors } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import { contextFor } from '../../store/store.js';
import { checkMaxResults, compileFilters, paginate, type FilterTable } from './describe.js';
import { historyOutput, resourceCidrOutput } from './ipam-view.js';
import { defineHandler, handlerRegistry } from './typed.js';

const ROW_FILTERS: FilterTable<ResourceCidrRow> = {
  'management-state': (r) => [r.managementState],
  'compliance-status': (r) => [r.complianceStatus],
  'overlap-status': (r) => [r.overlapStatus],
  'resource-cidr': (r) => [r.resourceCidr.toString()],
  'resource-region': (r) => [r.resourceRegion],
  'resource-type': (r) => [r.resourceType],
  'resource-id': (r) => [r.resourceId],
  'resource-owner-id': (r) => [r.resourceOwnerId],
  'ipam-pool-id': (r) => [r.ipamPoolId],
  'vpc-id': (r) => [r.vpcId],
};

const rowKey = (r: ResourceCidrRow): string => `${r.resourceId}|${r.resourceCidr.toString()}`;

/** GetIpamResourceCidrs: the scope's VPC and subnet CIDRs with their audit statuses. */
export const getIpamResourceCidrsHandler = defineHandler('GetIpamResourceCidrs', (input, ctx) => {
  const s = ctx.store.snapshot;
  const scope = owned(s, 'ipam-scope', input.ipamScopeId, contextFor(ctx.store, ctx.caller));
  if (!scope.ok) return scope;
  const bad = checkMaxResults(input.maxResults, [5, 1000]);
  if (bad) return fail(bad);
  const predicate = compileFilters(input.filters, ROW_FILTERS, (r) => r.resourceTags);
  if (!predicate.ok) return predicate;
  const tag = input.resourceTag;
  const rows = resourceCidrs(s, scope.value).filter(
    (r) =>
      (input.ipamPoolId === undefined || r.ipamPoolId === input.ipamPoolId) &&
      (input.resourceId === undefined || r.resourceId === input.resourceId) &&
      (input.resourceType === undefined || r.resourceType === input.resourceType) &&
      (input.resourceOwner === undefined || r.resourceOwnerId === input.resourceOwner) &&
      (tag?.key === undefined ||
        r.resourceTags.some(
          (t) => t.key === tag.key && (tag.value === undefined || t.value === tag.value),
        )) &&
      predicate.value(r),
  );
  const page = paginate(rows, rowKey, input.maxResults, input.nextToken);
  return page.ok
    ? ok({
        ipamResourceCidrs: page.value.items.map(resourceCidrOutput),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** ModifyIpamResourceCidr: answers with the CIDR's row after the change. */
export const modifyIpamResourceCidrHandler = defineHandler(
  'ModifyIpamResourceCidr',
  (input, ctx) => {
    const result = ctx.run('ModifyIpamResourceCidr', modifyIpamResourceCidr, {
      resourceId: input.resourceId,
      resourceCidr: input.resourceCidr,
      resourceRegion: input.resourceRegion,
      currentIpamScopeId: input.currentIpamScopeId,
      destinationIpamScopeId: input.destinationIpamScopeId,
      monitored: input.monitored,
    });
    if (!result.ok) return result;
    const { scope, cidr } = result.value;
    const row = resourceCidrs(ctx.store.snapshot, scope).find(
      (r) => r.resourceId === input.resourceId && r.resourceCidr.equals(cidr),
    );
    return ok(row ? { ipamResourceCidr: resourceCidrOutput(row) } : {});
  },
);

/** GetIpamAddressHistory: from the store's change log (D112); MaxResults 1–1000. */
export const getIpamAddressHistoryHandler = defineHandler('GetIpamAddressHistory', (input, ctx) => {
  const s = ctx.store.snapshot;
  const scope = owned(s, 'ipam-scope', input.ipamScopeId, contextFor(ctx.store, ctx.caller));
  if (!scope.ok) return scope;
  const ip4 = cidrParam('Cidr', input.cidr, 4);
  const cidr = ip4.ok ? ip4 : cidrParam('Cidr', input.cidr, 6);
  if (!cidr.ok) return cidr;
  const bad = checkMaxResults(input.maxResults, [1, 1000]);
  if (bad) return fail(bad);
  if (input.startTime && input.endTime && input.startTime > input.endTime) {
    return fail(AwsErrors.invalidParameterValue('The start time must be before the end time.'));
  }
  const records = addressHistory(ctx.store.changes(), s, scope.value, cidr.value, {
    ...(input.vpcId !== undefined ? { vpcId: input.vpcId } : {}),
    ...(input.startTime !== undefined ? { start: input.startTime } : {}),
    ...(input.endTime !== undefined ? { end: input.endTime } : {}),
  });
  const keyed = records.map((r, i) => ({ r, key: String(i).padStart(8, '0') }));
  const page = paginate(keyed, (k) => k.key, input.maxResults, input.nextToken);
  return page.ok
    ? ok({
        historyRecords: page.value.items.map((k) => historyOutput(k.r)),
        nextToken: page.value.nextToken,
      })
    : page;
});

export const IPAM_AUDIT_HANDLERS = handlerRegistry(
  getIpamResourceCidrsHandler,
  modifyIpamResourceCidrHandler,
  getIpamAddressHistoryHandler,
);
