import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { KINDS, type Kind, type Resource } from '../../model/resource.js';
import { fail, ok, type Result } from '../../model/result.js';
import { createTags, deleteTags } from '../../control/tags.js';
import { peeringVisibleTo } from '../../control/vpc-peering.js';
import { peeringTagsFor } from '../../model/vpc-peering.js';
import type { HandlerContext } from './context.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { checkMaxResults, compileFilters, paginate, type FilterTable } from './describe.js';

/** A tag as the decoder hands it over: either part may be missing. */
export interface WireTag {
  readonly key?: string;
  readonly value?: string;
}

/** `TagSpecification.N` as decoded. */
export interface WireTagSpecification {
  readonly resourceType?: string;
  readonly tags?: readonly WireTag[];
}

/** The model's `Tag` list shape, from stored tags. */
export const tagSet = (tags: readonly Tag[]): { key: string; value: string }[] =>
  tags.map((t) => ({ key: t.key, value: t.value }));

/**
 * The tags of a create call's TagSpecifications for one resource type; AWS refuses a
 * specification for any other type. Keys and values are validated by the operation.
 */
export function tagsFromSpecifications(
  specs: readonly WireTagSpecification[] | undefined,
  resourceType: string,
): Result<Tag[], AwsError> {
  const out: Tag[] = [];
  for (const spec of specs ?? []) {
    if (spec.resourceType !== resourceType) {
      return fail(
        AwsErrors.invalidParameterValue(
          `'${spec.resourceType ?? ''}' is not a valid taggable resource type for this operation.`,
        ),
      );
    }
    for (const t of spec.tags ?? []) out.push({ key: t.key as string, value: t.value ?? '' });
  }
  return ok(out);
}

/** CreateTags: output is just the request id. */
export const createTagsHandler = defineHandler('CreateTags', (input, ctx) => {
  const tags = input.tags.map((t) => ({ key: t.key as string, value: t.value ?? '' }));
  const result = ctx.run('CreateTags', createTags, { resources: input.resources, tags });
  return result.ok ? ok(undefined) : result;
});

/** DeleteTags: a tag given without a value removes the key whatever its value. */
export const deleteTagsHandler = defineHandler('DeleteTags', (input, ctx) => {
  const tags = input.tags?.map((t) => ({ key: t.key ?? '', value: t.value }));
  const result = ctx.run('DeleteTags', deleteTags, { resources: input.resources, tags });
  return result.ok ? ok(undefined) : result;
});

/** Every kind EC2 tags: all but the account and the ELBv2 kinds (tagged through ELBv2's API). */
type TaggableKind = Exclude<Kind, 'account' | 'load-balancer' | 'target-group' | 'listener'>;

/**
 * The resource type AWS names each kind by (TagSpecification `ResourceType`, DescribeTags
 * `resourceType`); the NAT gateway is AWS's one irregular name.
 */
export const RESOURCE_TYPES: Readonly<Record<TaggableKind, string>> = {
  vpc: 'vpc',
  subnet: 'subnet',
  'route-table': 'route-table',
  'internet-gateway': 'internet-gateway',
  'egress-only-internet-gateway': 'egress-only-internet-gateway',
  'nat-gateway': 'natgateway',
  'elastic-ip': 'elastic-ip',
  'network-interface': 'network-interface',
  instance: 'instance',
  'security-group': 'security-group',
  'network-acl': 'network-acl',
  'prefix-list': 'prefix-list',
  'vpc-peering-connection': 'vpc-peering-connection',
  'vpc-endpoint': 'vpc-endpoint',
  'network-insights-path': 'network-insights-path',
  'network-insights-analysis': 'network-insights-analysis',
  'transit-gateway': 'transit-gateway',
  'transit-gateway-attachment': 'transit-gateway-attachment',
  'transit-gateway-route-table': 'transit-gateway-route-table',
  'vpc-endpoint-service': 'vpc-endpoint-service',
  'customer-gateway': 'customer-gateway',
  'vpn-gateway': 'vpn-gateway',
  'vpn-connection': 'vpn-connection',
  // Not EC2 resources: Direct Connect and RAM tag their own, and on-premises sites are
  // vpctwin's (D41).
  'resource-share': '',
  'direct-connect-gateway': '',
  'virtual-interface': '',
  'on-premises-site': '',
  ipam: 'ipam',
  'ipam-scope': 'ipam-scope',
  'ipam-pool': 'ipam-pool',
  // Allocations carry no tags in AWS.
  'ipam-pool-allocation': '',
  'network-insights-access-scope': 'network-insights-access-scope',
  'network-insights-access-scope-analysis': 'network-insights-access-scope-analysis',
};

/** One tag of one resource (EC2 `TagDescription`), with the resource's tags for `tag:<key>`. */
interface TagDescription {
  readonly resourceId: string;
  readonly resourceType: string;
  readonly key: string;
  readonly value: string;
  readonly resourceTags: readonly Tag[];
}

/** DescribeTags filters (API reference); `tag:<key>` selects the tags of resources so tagged. */
export const TAG_FILTERS: FilterTable<TagDescription> = {
  key: (t) => [t.key],
  value: (t) => [t.value],
  'resource-id': (t) => [t.resourceId],
  'resource-type': (t) => [t.resourceType],
};

/**
 * The resources of a kind whose tags the caller sees: its own in its Region, and a peering
 * connection from either side (stored with the requester, seen by the accepter in its Region).
 */
function taggedResources(ctx: HandlerContext, kind: TaggableKind): readonly Resource[] {
  if (kind !== 'vpc-peering-connection') return ctx.mine(kind);
  return [...ctx.store.snapshot.all(kind)].filter((p) => peeringVisibleTo(p, ctx.caller));
}

/** Every tag the caller sees in its Region, one item per resource and key. */
function tagDescriptions(ctx: HandlerContext): TagDescription[] {
  const out: TagDescription[] = [];
  for (const kind of KINDS) {
    // ELBv2 resources have their own tags API; sites and virtual interfaces are not EC2's.
    if (kind === 'account' || kind === 'load-balancer' || kind === 'target-group') continue;
    if (kind === 'listener' || RESOURCE_TYPES[kind] === '') continue;
    for (const r of taggedResources(ctx, kind)) {
      if (!('tags' in r)) continue;
      const tags = r.kind === 'vpc-peering-connection' ? peeringTagsFor(r, ctx.caller) : r.tags;
      for (const t of tags) {
        out.push({
          resourceId: r.id,
          resourceType: RESOURCE_TYPES[kind],
          key: t.key,
          value: t.value,
          resourceTags: r.tags,
        });
      }
    }
  }
  return out;
}

/** DescribeTags: the caller's tags in its Region, filtered, paged (MaxResults 5..1000). */
export const describeTagsHandler = defineHandler('DescribeTags', (input, ctx) => {
  const bad = checkMaxResults(input.maxResults);
  if (bad) return fail(bad);
  const predicate = compileFilters(input.filters, TAG_FILTERS, (t) => t.resourceTags);
  if (!predicate.ok) return predicate;
  // Resource id, then key: a key is unique on a resource, so the pair orders pages fully.
  const page = paginate(
    tagDescriptions(ctx).filter(predicate.value),
    (t) => `${t.resourceId}\u0000${t.key}`,
    input.maxResults,
    input.nextToken,
  );
  return page.ok
    ? ok({
        tags: page.value.items.map((t) => ({
          resourceId: t.resourceId,
          resourceType: t.resourceType,
          key: t.key,
          value: t.value,
        })),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** The tag handlers, by action. */
export const TAG_HANDLERS = handlerRegistry(
  createTagsHandler,
  deleteTagsHandler,
  describeTagsHandler,
);
