/**
 * The Resource Access Manager API (REST-JSON): resource shares, their resource and principal
 * associations, and the views from both sides (`resourceOwner` SELF or OTHER-ACCOUNTS), mapped
 * to src/control/resource-share.ts.
 */
import {
  associateResourceShare,
  createResourceShare,
  deleteResourceShare,
  disassociateResourceShare,
  ramError,
  updateResourceShare,
  type CreateResourceShareInput,
  type ShareAssociationInput,
} from '../../control/resource-share.js';
import type { AwsError } from '../../model/errors.js';
import {
  ramResourceType,
  type ResourceShare,
  type ResourceShareAssociation,
} from '../../model/resource-share.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Handler, HandlerContext } from './context.js';
import { tokenPage } from './token-paging.js';

const time = (iso: string) => new Date(iso);

const shareView = (r: ResourceShare) => ({
  resourceShareArn: r.id,
  name: r.name,
  owningAccountId: r.ownerId,
  allowExternalPrincipals: r.allowExternalPrincipals,
  status: r.status,
  tags: r.tags,
  creationTime: time(r.creationTime),
  lastUpdatedTime: time(r.lastUpdatedTime),
  featureSet: 'STANDARD',
});

const associationView = (r: ResourceShare, a: ResourceShareAssociation) => ({
  resourceShareArn: r.id,
  resourceShareName: r.name,
  associatedEntity: a.associatedEntity,
  associationType: a.associationType,
  status: a.status,
  creationTime: time(a.creationTime),
  lastUpdatedTime: time(a.lastUpdatedTime),
  external: a.external,
});

const ramType = (arn: string) => ramResourceType(arn) ?? '';

type Owner = 'SELF' | 'OTHER-ACCOUNTS';

function ownerParam(input: Record<string, unknown>): Result<Owner, AwsError> {
  const v = input.resourceOwner;
  return v === 'SELF' || v === 'OTHER-ACCOUNTS'
    ? ok(v)
    : fail(
        ramError(
          'InvalidParameterException',
          `resourceOwner must be SELF or OTHER-ACCOUNTS, not ${String(v)}.`,
        ),
      );
}

/** Shares the caller owns (SELF) or is a principal of (OTHER-ACCOUNTS), in its Region. */
function sharesSeenBy(ctx: HandlerContext, owner: Owner): ResourceShare[] {
  const s = ctx.store.snapshot;
  const all =
    owner === 'SELF'
      ? [...s.all('resource-share')].filter((r) => r.ownerId === ctx.caller.accountId)
      : s.find('resourceSharesByPrincipal', ctx.caller.accountId);
  return all
    .filter((r) => r.region === ctx.caller.region)
    .sort((a, b) => a.creationTime.localeCompare(b.creationTime) || a.id.localeCompare(b.id));
}

/** RAM paging: `maxResults` 1–500. */
const page = <T>(items: readonly T[], input: Record<string, unknown>) =>
  tokenPage(items, input, {
    token: (t) => ramError('InvalidNextTokenException', `The nextToken ${t} is not valid.`),
    max: ramError('InvalidParameterException', 'maxResults must be between 1 and 500.'),
    maxResults: 500,
  });

const inList = (list: unknown, value: string) =>
  list === undefined || (list as string[]).includes(value);

const getResourceShares: Handler = (input, ctx) => {
  const owner = ownerParam(input);
  if (!owner.ok) return owner;
  const shares = sharesSeenBy(ctx, owner.value).filter(
    (r) =>
      inList(input.resourceShareArns, r.id) &&
      (input.name === undefined || r.name === input.name) &&
      (input.resourceShareStatus === undefined || r.status === input.resourceShareStatus),
  );
  const p = page(shares, input);
  if (!p.ok) return p;
  return ok({ resourceShares: p.value.items.map(shareView), nextToken: p.value.nextToken });
};

const getAssociations: Handler = (input, ctx) => {
  const type = input.associationType;
  if (type !== 'PRINCIPAL' && type !== 'RESOURCE') {
    return fail(
      ramError('InvalidParameterException', 'associationType must be PRINCIPAL or RESOURCE.'),
    );
  }
  const entity = type === 'PRINCIPAL' ? input.principal : input.resourceArn;
  const rows = sharesSeenBy(ctx, 'SELF')
    .filter((r) => inList(input.resourceShareArns, r.id))
    .flatMap((r) => r.associations.map((a) => [r, a] as const))
    .filter(
      ([, a]) =>
        a.associationType === type &&
        (entity === undefined || a.associatedEntity === entity) &&
        (input.associationStatus === undefined || a.status === input.associationStatus),
    );
  const p = page(rows, input);
  if (!p.ok) return p;
  return ok({
    resourceShareAssociations: p.value.items.map(([r, a]) => associationView(r, a)),
    nextToken: p.value.nextToken,
  });
};

/** The live associations of one type across the shares `owner` sees, with `filter` applied. */
function liveAssociations(
  ctx: HandlerContext,
  input: Record<string, unknown>,
  owner: Owner,
  type: ResourceShareAssociation['associationType'],
) {
  return sharesSeenBy(ctx, owner)
    .filter((r) => r.status === 'ACTIVE' && inList(input.resourceShareArns, r.id))
    .flatMap((r) =>
      r.associations
        .filter((a) => a.associationType === type && a.status === 'ASSOCIATED')
        .map((a) => [r, a] as const),
    );
}

const listResources: Handler = (input, ctx) => {
  const owner = ownerParam(input);
  if (!owner.ok) return owner;
  const rows = liveAssociations(ctx, input, owner.value, 'RESOURCE').filter(
    ([r, a]) =>
      inList(input.resourceArns, a.associatedEntity) &&
      (input.resourceType === undefined ||
        ramType(a.associatedEntity).toLowerCase() ===
          (input.resourceType as string).toLowerCase()) &&
      (input.principal === undefined ||
        r.associations.some(
          (x) =>
            x.associationType === 'PRINCIPAL' &&
            x.status === 'ASSOCIATED' &&
            x.associatedEntity === input.principal,
        )),
  );
  const p = page(rows, input);
  if (!p.ok) return p;
  return ok({
    resources: p.value.items.map(([r, a]) => ({
      arn: a.associatedEntity,
      type: ramType(a.associatedEntity),
      resourceShareArn: r.id,
      status: 'AVAILABLE',
      creationTime: time(a.creationTime),
      lastUpdatedTime: time(a.lastUpdatedTime),
      resourceRegionScope: 'REGIONAL',
    })),
    nextToken: p.value.nextToken,
  });
};

const listPrincipals: Handler = (input, ctx) => {
  const owner = ownerParam(input);
  if (!owner.ok) return owner;
  const rows = liveAssociations(ctx, input, owner.value, 'PRINCIPAL').filter(
    ([r, a]) =>
      inList(input.principals, a.associatedEntity) &&
      (input.resourceArn === undefined ||
        r.associations.some(
          (x) => x.associatedEntity === input.resourceArn && x.status === 'ASSOCIATED',
        )),
  );
  const p = page(rows, input);
  if (!p.ok) return p;
  return ok({
    principals: p.value.items.map(([r, a]) => ({
      id: a.associatedEntity,
      resourceShareArn: r.id,
      creationTime: time(a.creationTime),
      lastUpdatedTime: time(a.lastUpdatedTime),
      external: a.external,
    })),
    nextToken: p.value.nextToken,
  });
};

const associations =
  (op: typeof associateResourceShare, name: string): Handler =>
  (input, ctx) => {
    const r = ctx.run(name, op, input as unknown as ShareAssociationInput);
    if (!r.ok) return r;
    return ok({
      resourceShareAssociations: r.value.associations.map((a) => associationView(r.value.share, a)),
      clientToken: input.clientToken,
    });
  };

export const RAM_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateResourceShare: (input, ctx) => {
    const r = ctx.run(
      'CreateResourceShare',
      createResourceShare,
      input as unknown as CreateResourceShareInput,
    );
    return r.ok ? ok({ resourceShare: shareView(r.value), clientToken: input.clientToken }) : r;
  },
  GetResourceShares: getResourceShares,
  UpdateResourceShare: (input, ctx) => {
    const r = ctx.run('UpdateResourceShare', updateResourceShare, {
      resourceShareArn: input.resourceShareArn as string,
      name: input.name as string | undefined,
      allowExternalPrincipals: input.allowExternalPrincipals as boolean | undefined,
    });
    return r.ok ? ok({ resourceShare: shareView(r.value), clientToken: input.clientToken }) : r;
  },
  DeleteResourceShare: (input, ctx) => {
    const r = ctx.run('DeleteResourceShare', deleteResourceShare, {
      resourceShareArn: input.resourceShareArn as string,
    });
    return r.ok ? ok({ returnValue: true, clientToken: input.clientToken }) : r;
  },
  AssociateResourceShare: associations(associateResourceShare, 'AssociateResourceShare'),
  DisassociateResourceShare: associations(disassociateResourceShare, 'DisassociateResourceShare'),
  GetResourceShareAssociations: getAssociations,
  ListResources: listResources,
  ListPrincipals: listPrincipals,
  // The twin's accounts are one organization (D26): nothing ever waits for acceptance.
  GetResourceShareInvitations: (input) => {
    const p = page([], input);
    return p.ok ? ok({ resourceShareInvitations: [] }) : p;
  },
};
