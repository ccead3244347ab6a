import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { kindOfId, type Kind, type Resource, type ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { owned, tagsParam } from './params.js';
import { peeringTagsFor, withPeeringTags } from '../model/vpc-peering.js';
import { visiblePeering } from './vpc-peering.js';

/**
 * A resource the caller may tag: its own, in its Region; a peering connection from either side,
 * as each side's owner sees it in its own Region (the accepter too, though it is stored with the
 * requester).
 */
function taggable(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<ResourceByKind[Exclude<Kind, 'account'>], AwsError> {
  // Every kind but the account carries tags.
  const kind = kindOfId(id);
  // Direct Connect tags its own resources; on-premises sites are vpctwin's (D41): not EC2's.
  const notEc2 = kind === 'virtual-interface' || kind === 'on-premises-site';
  if (!kind || notEc2) return fail(AwsErrors.invalidParameterValue(`Invalid id: "${id}"`));
  return kind === 'vpc-peering-connection' ? visiblePeering(s, id, ctx) : owned(s, kind, id, ctx);
}

/** The tags the caller sees: a peering's accepter has its own set across accounts or Regions. */
const tagsOf = (r: Resource, ctx: OperationContext): readonly Tag[] =>
  r.kind === 'vpc-peering-connection' ? peeringTagsFor(r, ctx) : 'tags' in r ? r.tags : [];

/** The resource with the tags the caller sees replaced. */
const withTags = (r: Resource, ctx: OperationContext, tags: readonly Tag[]): Resource =>
  r.kind === 'vpc-peering-connection'
    ? withPeeringTags(r, ctx, tags)
    : ({ ...r, tags } as Resource);

export interface CreateTagsInput {
  readonly resources: readonly string[];
  readonly tags: readonly Tag[];
}

/** CreateTags: adds or overwrites tags on each resource; all resources must exist. */
export const createTags: Operation<CreateTagsInput, true> = (s, input, ctx) => {
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const changes: Change[] = [];
  for (const id of input.resources) {
    const found = taggable(s, id, ctx);
    if (!found.ok) return found;
    const merged = tagsParam([...tagsOf(found.value, ctx), ...tags.value]);
    if (!merged.ok) return merged;
    changes.push({ op: 'put', resource: withTags(found.value, ctx, merged.value) });
  }
  return ok({ changes, output: true });
};

export interface DeleteTagsInput {
  readonly resources: readonly string[];
  /** A tag with no value removes the key whatever its value; with a value, only on a match. */
  readonly tags?: readonly { readonly key: string; readonly value?: string }[];
}

/** DeleteTags: removes the given tags (all tags when none are given). */
export const deleteTags: Operation<DeleteTagsInput, true> = (s, input, ctx) => {
  const changes: Change[] = [];
  for (const id of input.resources) {
    const found = taggable(s, id, ctx);
    if (!found.ok) return found;
    const drop = (t: Tag) =>
      input.tags === undefined ||
      input.tags.some((d) => d.key === t.key && (d.value === undefined || d.value === t.value));
    const kept = tagsOf(found.value, ctx).filter((t) => !drop(t));
    changes.push({ op: 'put', resource: withTags(found.value, ctx, kept) });
  }
  return ok({ changes, output: true });
};
