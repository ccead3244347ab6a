import type { Tag } from '../model/common.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Listener } from '../model/listener.js';
import type { LoadBalancer } from '../model/load-balancer.js';
import type { TargetGroup } from '../model/target-group.js';
import { listenerParam, loadBalancerParam, targetGroupParam } from './elbv2-params.js';

/**
 * ELBv2 tags (AddTags, RemoveTags, DescribeTags): on load balancers, target groups and
 * listeners, named by ARN. Keys are 1–128 characters, values up to 256, at most 50 per resource,
 * no `aws:` prefix, and a key given twice in one request is `DuplicateTagKeys`.
 */

/** Validates a tag list as ELBv2 does. */
export function elbv2TagsParam(tags: readonly Tag[] | undefined): Result<Tag[], AwsError> {
  const out: Tag[] = [];
  for (const t of tags ?? []) {
    if (typeof t.key !== 'string' || t.key.length === 0 || t.key.length > 128) {
      return fail(Elbv2Errors.validation(`Tag key '${String(t.key)}' is not valid`));
    }
    if (t.key.toLowerCase().startsWith('aws:')) {
      return fail(Elbv2Errors.validation(`Tag key '${t.key}' cannot start with 'aws:'`));
    }
    const value = t.value ?? '';
    if (value.length > 256)
      return fail(Elbv2Errors.validation(`Tag value for key '${t.key}' is too long`));
    if (out.some((x) => x.key === t.key)) return fail(Elbv2Errors.duplicateTagKeys(t.key));
    out.push({ key: t.key, value });
  }
  return ok(out);
}

type Taggable = LoadBalancer | TargetGroup | Listener;

/** The caller's load balancer, target group or listener named by an ARN. */
export function taggableByArn(
  s: Snapshot,
  arn: string,
  ctx: Pick<OperationContext, 'accountId' | 'region'>,
): Result<Taggable, AwsError> {
  if (arn.includes(':targetgroup/')) return targetGroupParam(s, arn, ctx);
  if (arn.includes(':listener/')) return listenerParam(s, arn, ctx);
  if (arn.includes(':loadbalancer/')) return loadBalancerParam(s, arn, ctx);
  return fail(
    Elbv2Errors.validation(`'${arn}' is not a valid load balancer, target group or listener ARN`),
  );
}

export interface AddTagsInput {
  readonly resourceArns?: readonly string[];
  readonly tags?: readonly Tag[];
}

/** AddTags: adds or overwrites tags on each resource. */
export const addElbv2Tags: Operation<AddTagsInput, true> = (s, input, ctx) => {
  const tags = elbv2TagsParam(input.tags);
  if (!tags.ok) return tags;
  if (tags.value.length === 0)
    return fail(Elbv2Errors.validation('At least one tag must be specified'));
  const changes: Change[] = [];
  for (const arn of input.resourceArns ?? []) {
    const found = taggableByArn(s, arn, ctx);
    if (!found.ok) return found;
    const merged = [
      ...found.value.tags.filter((t) => !tags.value.some((n) => n.key === t.key)),
      ...tags.value,
    ];
    if (merged.length > 50) return fail(Elbv2Errors.tooManyTags());
    changes.push({ op: 'put', resource: { ...found.value, tags: merged } });
  }
  return ok({ changes, output: true });
};

export interface RemoveTagsInput {
  readonly resourceArns?: readonly string[];
  readonly tagKeys?: readonly string[];
}

/** RemoveTags: removes the given keys from each resource. */
export const removeElbv2Tags: Operation<RemoveTagsInput, true> = (s, input, ctx) => {
  const changes: Change[] = [];
  for (const arn of input.resourceArns ?? []) {
    const found = taggableByArn(s, arn, ctx);
    if (!found.ok) return found;
    const tags = found.value.tags.filter((t) => !(input.tagKeys ?? []).includes(t.key));
    changes.push({ op: 'put', resource: { ...found.value, tags } });
  }
  return ok({ changes, output: true });
};
