import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import { createTags, deleteTags } from '../../control/tags.js';
import type { Handler } from './context.js';

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

interface CreateTagsWire {
  readonly resources: readonly string[];
  readonly tags: readonly WireTag[];
}

interface DeleteTagsWire {
  readonly resources: readonly string[];
  readonly tags?: readonly WireTag[];
}

/** CreateTags: output is just the request id. */
export const createTagsHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as CreateTagsWire;
  const tags = input.tags.map((t) => ({ key: t.key as string, value: t.value ?? '' }));
  const result = ctx.run('CreateTags', createTags, { resources: input.resources, tags });
  return result.ok ? ok(undefined) : result;
};

/** DeleteTags: a tag given without a value removes the key whatever its value. */
export const deleteTagsHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as DeleteTagsWire;
  const tags = input.tags?.map((t) => ({ key: t.key ?? '', value: t.value }));
  const result = ctx.run('DeleteTags', deleteTags, { resources: input.resources, tags });
  return result.ok ? ok(undefined) : result;
};

/** The tag handlers, by action. */
export const TAG_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateTags: createTagsHandler,
  DeleteTags: deleteTagsHandler,
};
