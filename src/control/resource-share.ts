import { AwsErrors, type AwsError } from '../model/errors.js';
import { parseAccountId, parseEc2Arn } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import {
  ramResourceType,
  resourceShareArn,
  type ResourceShare,
  type ResourceShareAssociation,
} from '../model/resource-share.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Tag } from '../model/common.js';
import { tagsParam } from './params.js';

/**
 * AWS Resource Access Manager: resource shares of transit gateways, subnets and prefix lists
 * with other accounts (https://docs.aws.amazon.com/ram/latest/APIReference/Welcome.html). The
 * twin's accounts form one organization with sharing enabled (D26), so a principal is associated
 * at once and no invitation is ever pending.
 */

/** RAM's client errors: the exception names of its API reference, HTTP 400. */
export const ramError = (code: string, message: string): AwsError => AwsErrors.code(code, message);

/** The shareable resource of `arn`, owned by the caller in the caller's Region. */
function shareableResource(s: Snapshot, arn: string, ctx: OperationContext): AwsError | undefined {
  const parsed = parseEc2Arn(arn);
  if (parsed === undefined) {
    return ramError('MalformedArnException', `The specified resource ARN ${arn} is not valid.`);
  }
  if (ramResourceType(arn) === undefined) {
    return ramError(
      'InvalidParameterException',
      `The resource type of ${arn} cannot be shared (vpctwin shares transit gateways, subnets and prefix lists).`,
    );
  }
  const r =
    parsed.family === 'transit-gateway' ||
    parsed.family === 'subnet' ||
    parsed.family === 'prefix-list'
      ? s.get(parsed.family, parsed.id)
      : undefined;
  if (
    r === undefined ||
    r.ownerId !== ctx.accountId ||
    r.region !== ctx.region ||
    parsed.account !== ctx.accountId ||
    parsed.region !== ctx.region
  ) {
    return ramError('UnknownResourceException', `The resource ${arn} could not be found.`);
  }
  if (r.kind === 'subnet' && s.get('vpc', r.vpcId)?.isDefault === true) {
    return ramError(
      'InvalidParameterException',
      `The subnet ${r.id} belongs to a default VPC and cannot be shared.`,
    );
  }
  return undefined;
}

/** Checks principals (account ids only: D26) and resources, in the request's order. */
function checkEntities(
  s: Snapshot,
  resourceArns: readonly string[],
  principals: readonly string[],
  ctx: OperationContext,
): AwsError | undefined {
  for (const p of principals) {
    if (parseAccountId(p) === undefined) {
      return ramError(
        'InvalidParameterException',
        `The principal ${p} is not valid: vpctwin shares with account ids.`,
      );
    }
    if (p === ctx.accountId) {
      return ramError(
        'InvalidParameterException',
        'The resource share owner cannot be a principal of its own share.',
      );
    }
  }
  for (const arn of resourceArns) {
    const bad = shareableResource(s, arn, ctx);
    if (bad) return bad;
  }
  return undefined;
}

/** Adds (or revives) associations; existing live ones stay as they are. */
function associate(
  current: readonly ResourceShareAssociation[],
  type: ResourceShareAssociation['associationType'],
  entities: readonly string[],
  now: string,
): ResourceShareAssociation[] {
  const out = current.filter(
    (a) =>
      !(
        a.associationType === type &&
        entities.includes(a.associatedEntity) &&
        a.status !== 'ASSOCIATED'
      ),
  );
  for (const e of entities) {
    if (out.some((a) => a.associationType === type && a.associatedEntity === e)) continue;
    out.push({
      associationType: type,
      associatedEntity: e,
      status: 'ASSOCIATED',
      creationTime: now,
      lastUpdatedTime: now,
      external: false,
    });
  }
  return out;
}

export interface CreateResourceShareInput {
  readonly name: string;
  readonly resourceArns?: readonly string[];
  readonly principals?: readonly string[];
  readonly tags?: readonly Tag[];
  readonly allowExternalPrincipals?: boolean;
}

/** CreateResourceShare: a name, and optionally resources and principals associated at once. */
export const createResourceShare: Operation<CreateResourceShareInput, ResourceShare> = (
  s,
  input,
  ctx,
) => {
  if (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > 255) {
    return fail(
      ramError('InvalidParameterException', 'The name must be 1 to 255 characters long.'),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const resources = input.resourceArns ?? [];
  const principals = input.principals ?? [];
  const bad = checkEntities(s, resources, principals, ctx);
  if (bad) return fail(bad);
  const now = ctx.clock.now().toISOString();
  const share: ResourceShare = {
    kind: 'resource-share',
    id: resourceShareArn(ctx.ids, ctx.region, ctx.accountId),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    name: input.name,
    allowExternalPrincipals: input.allowExternalPrincipals ?? true,
    status: 'ACTIVE',
    creationTime: now,
    lastUpdatedTime: now,
    associations: associate(
      associate([], 'RESOURCE', [...new Set(resources)], now),
      'PRINCIPAL',
      [...new Set(principals)],
      now,
    ),
  };
  return ok({ changes: [{ op: 'put', resource: share }], output: share });
};

/** The caller's active share named by `arn`. */
export function liveResourceShare(
  s: Snapshot,
  arn: string,
  ctx: OperationContext,
): Result<ResourceShare, AwsError> {
  if (!/^arn:aws(?:-[a-z]+)*:ram:[a-z0-9-]+:\d{12}:resource-share\/[0-9a-f-]{36}$/.test(arn)) {
    return fail(ramError('MalformedArnException', `The resource share ARN ${arn} is not valid.`));
  }
  const share = s.get('resource-share', arn);
  if (!share || share.ownerId !== ctx.accountId || share.status !== 'ACTIVE') {
    return fail(
      ramError('UnknownResourceException', `The resource share ${arn} could not be found.`),
    );
  }
  return ok(share);
}

export interface ShareAssociationInput {
  readonly resourceShareArn: string;
  readonly resourceArns?: readonly string[];
  readonly principals?: readonly string[];
}

/** AssociateResourceShare: more resources and principals; answers the associations made. */
export const associateResourceShare: Operation<
  ShareAssociationInput,
  { share: ResourceShare; associations: ResourceShareAssociation[] }
> = (s, input, ctx) => {
  const share = liveResourceShare(s, input.resourceShareArn, ctx);
  if (!share.ok) return share;
  const resources = [...new Set(input.resourceArns ?? [])];
  const principals = [...new Set(input.principals ?? [])];
  if (resources.length === 0 && principals.length === 0) {
    return fail(
      ramError('InvalidParameterException', 'Specify at least one resource ARN or principal.'),
    );
  }
  const bad = checkEntities(s, resources, principals, ctx);
  if (bad) return fail(bad);
  const now = ctx.clock.now().toISOString();
  const associations = associate(
    associate(share.value.associations, 'RESOURCE', resources, now),
    'PRINCIPAL',
    principals,
    now,
  );
  const next: ResourceShare = { ...share.value, associations, lastUpdatedTime: now };
  const made = associations.filter((a) =>
    (a.associationType === 'RESOURCE' ? resources : principals).includes(a.associatedEntity),
  );
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { share: next, associations: made },
  });
};

/** DisassociateResourceShare: the named resources and principals leave the share. */
export const disassociateResourceShare: Operation<
  ShareAssociationInput,
  { share: ResourceShare; associations: ResourceShareAssociation[] }
> = (s, input, ctx) => {
  const share = liveResourceShare(s, input.resourceShareArn, ctx);
  if (!share.ok) return share;
  const gone = new Set([...(input.resourceArns ?? []), ...(input.principals ?? [])]);
  if (gone.size === 0) {
    return fail(
      ramError('InvalidParameterException', 'Specify at least one resource ARN or principal.'),
    );
  }
  const missing = [...gone].find(
    (e) =>
      !share.value.associations.some((a) => a.associatedEntity === e && a.status === 'ASSOCIATED'),
  );
  if (missing !== undefined) {
    return fail(
      ramError('UnknownResourceException', `${missing} is not associated with the resource share.`),
    );
  }
  const now = ctx.clock.now().toISOString();
  const associations = share.value.associations.map((a) =>
    gone.has(a.associatedEntity)
      ? { ...a, status: 'DISASSOCIATED' as const, lastUpdatedTime: now }
      : a,
  );
  const next: ResourceShare = { ...share.value, associations, lastUpdatedTime: now };
  const made = associations.filter((a) => gone.has(a.associatedEntity));
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { share: next, associations: made },
  });
};

/** UpdateResourceShare: a new name or external-principals setting. */
export const updateResourceShare: Operation<
  {
    readonly resourceShareArn: string;
    readonly name?: string;
    readonly allowExternalPrincipals?: boolean;
  },
  ResourceShare
> = (s, input, ctx) => {
  const share = liveResourceShare(s, input.resourceShareArn, ctx);
  if (!share.ok) return share;
  if (input.name !== undefined && (input.name.length === 0 || input.name.length > 255)) {
    return fail(
      ramError('InvalidParameterException', 'The name must be 1 to 255 characters long.'),
    );
  }
  const next: ResourceShare = {
    ...share.value,
    name: input.name ?? share.value.name,
    allowExternalPrincipals: input.allowExternalPrincipals ?? share.value.allowExternalPrincipals,
    lastUpdatedTime: ctx.clock.now().toISOString(),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

/** DeleteResourceShare: the share is DELETED and every association ends with it. */
export const deleteResourceShare: Operation<{ readonly resourceShareArn: string }, true> = (
  s,
  input,
  ctx,
) => {
  const share = liveResourceShare(s, input.resourceShareArn, ctx);
  if (!share.ok) return share;
  const now = ctx.clock.now().toISOString();
  const next: ResourceShare = {
    ...share.value,
    status: 'DELETED',
    lastUpdatedTime: now,
    associations: share.value.associations.map((a) => ({
      ...a,
      status: 'DISASSOCIATED' as const,
      lastUpdatedTime: now,
    })),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};
