import { idParam, idsParam, visiblePrefixList } from '../../control/params.js';
import {
  createManagedPrefixList,
  deleteManagedPrefixList,
  modifyManagedPrefixList,
  type PrefixListEntryInput,
} from '../../control/prefix-list.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { ec2Arn } from '../../model/ids.js';
import { prefixListEntriesAt, type PrefixList } from '../../model/prefix-list.js';
import { fail, ok, type Result } from '../../model/result.js';
import { contextFor } from '../../store/store.js';
import type { HandlerContext } from './context.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { checkMaxResults, describe, paginate, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/**
 * Managed prefix lists (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html):
 * the caller's customer-managed lists, and the AWS-managed lists of its Region (owner `AWS`),
 * which every account sees and none may change. DescribePrefixLists is the older view of the
 * AWS-managed lists only.
 */

/**
 * `ManagedPrefixList` in the model's output shape. AWS-managed lists come without MaxEntries
 * and Version (as `describe-managed-prefix-lists` shows them).
 */
export function prefixListOutput(pl: PrefixList, state: string = pl.state): Ec2.PrefixList {
  return {
    prefixListId: pl.id,
    addressFamily: pl.addressFamily,
    state,
    // AWS-managed lists (owner `AWS`) name the account `aws` in their ARN.
    prefixListArn: ec2Arn('prefix-list', pl.region, pl.ownerId, pl.id),
    prefixListName: pl.prefixListName,
    ...(pl.awsManaged ? {} : { maxEntries: pl.maxEntries, version: pl.version }),
    tags: tagSet(pl.tags),
    ownerId: pl.ownerId,
  };
}

/** `AddPrefixListEntry` / `RemovePrefixListEntry` as decoded. */
interface WireEntry {
  readonly cidr?: string;
  readonly description?: string;
}

/** Entries as the operation takes them; an entry without its Cidr is AWS's missing parameter. */
function entriesInput(
  param: string,
  entries: readonly WireEntry[] | undefined,
): Result<PrefixListEntryInput[] | undefined, AwsError> {
  if (entries === undefined) return ok(undefined);
  const out: PrefixListEntryInput[] = [];
  for (const [i, e] of entries.entries()) {
    if (e.cidr === undefined) return fail(AwsErrors.missingParameter(`${param}.${i + 1}.Cidr`));
    out.push({
      cidr: e.cidr,
      ...(e.description === undefined ? {} : { description: e.description }),
    });
  }
  return ok(out);
}

/** CreateManagedPrefixList: AWS answers while the list is still `create-in-progress`. */
export const createManagedPrefixListHandler = defineHandler(
  'CreateManagedPrefixList',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'prefix-list');
    if (!tags.ok) return tags;
    const entries = entriesInput('Entry', input.entries);
    if (!entries.ok) return entries;
    const result = ctx.run('CreateManagedPrefixList', createManagedPrefixList, {
      prefixListName: input.prefixListName,
      maxEntries: input.maxEntries,
      addressFamily: input.addressFamily,
      entries: entries.value,
      tags: tags.value,
    });
    return result.ok
      ? ok({ prefixList: prefixListOutput(result.value, 'create-in-progress') })
      : result;
  },
);

/** ModifyManagedPrefixList: AWS answers while the list is `modify-in-progress`. */
export const modifyManagedPrefixListHandler = defineHandler(
  'ModifyManagedPrefixList',
  (input, ctx) => {
    const add = entriesInput('AddEntry', input.addEntries);
    if (!add.ok) return add;
    const remove = entriesInput('RemoveEntry', input.removeEntries);
    if (!remove.ok) return remove;
    const result = ctx.run('ModifyManagedPrefixList', modifyManagedPrefixList, {
      prefixListId: input.prefixListId,
      currentVersion: input.currentVersion,
      prefixListName: input.prefixListName,
      addEntries: add.value,
      removeEntries: remove.value?.map((e) => ({ cidr: e.cidr })),
      maxEntries: input.maxEntries,
    });
    return result.ok
      ? ok({ prefixList: prefixListOutput(result.value, 'modify-in-progress') })
      : result;
  },
);

/** DeleteManagedPrefixList: AWS answers with the list, `delete-in-progress`. */
export const deleteManagedPrefixListHandler = defineHandler(
  'DeleteManagedPrefixList',
  (input, ctx) => {
    const prefixListId = input.prefixListId;
    // The operation answers only `true`; the list is read before it goes.
    const before = ctx.store.snapshot.get('prefix-list', prefixListId);
    const result = ctx.run('DeleteManagedPrefixList', deleteManagedPrefixList, { prefixListId });
    if (!result.ok) return result;
    return ok({
      prefixList: before === undefined ? undefined : prefixListOutput(before, 'delete-in-progress'),
    });
  },
);

/** The lists the caller sees in its Region: its own and the AWS-managed ones. */
const visibleLists = (ctx: HandlerContext): PrefixList[] =>
  [...ctx.store.snapshot.all('prefix-list')].filter(
    (pl) =>
      pl.region === ctx.caller.region && (pl.awsManaged || pl.ownerId === ctx.caller.accountId),
  );

/** Checks the shape of every id given, as AWS does before it looks any up. */
function checkIds(ids: readonly string[] | undefined): AwsError | undefined {
  const shaped = idsParam('prefix-list', ids);
  return shaped.ok ? undefined : shaped.error;
}

/** DescribeManagedPrefixLists filters (API reference); tags are built in. */
export const MANAGED_PREFIX_LIST_FILTERS: FilterTable<PrefixList> = {
  'owner-id': (pl) => [pl.ownerId],
  'prefix-list-id': (pl) => [pl.id],
  'prefix-list-name': (pl) => [pl.prefixListName],
};

/** DescribeManagedPrefixLists: MaxResults 1..100 (API reference), with ids or without. */
export const describeManagedPrefixListsHandler = defineHandler(
  'DescribeManagedPrefixLists',
  (input, ctx) => {
    const bad = checkIds(input.prefixListIds);
    if (bad) return fail(bad);
    const page = describe(
      visibleLists(ctx),
      { ...input, ids: input.prefixListIds },
      {
        idOf: (pl) => pl.id,
        filters: MANAGED_PREFIX_LIST_FILTERS,
        noun: 'prefix-list',
        maxResultsRange: [1, 100],
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          prefixLists: page.value.items.map((pl) => prefixListOutput(pl)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** A list the caller may read (its own or AWS-managed, in its Region), by a well-formed id. */
function readableList(ctx: HandlerContext, id: string): Result<PrefixList, AwsError> {
  const shaped = idParam('prefix-list', id);
  if (!shaped.ok) return shaped;
  return visiblePrefixList(ctx.store.snapshot, shaped.value, contextFor(ctx.store, ctx.caller));
}

/** The entries of `pl` at `targetVersion`, with AWS's error for a version it never had. */
function entriesAt(
  pl: PrefixList,
  targetVersion: number | undefined,
): Result<PrefixList['entries'], AwsError> {
  if (targetVersion === undefined) return ok(pl.entries);
  const entries = prefixListEntriesAt(pl, targetVersion);
  if (entries === undefined) {
    // AWS's wording for a version out of range (as for ModifyManagedPrefixList's CurrentVersion).
    const bound = targetVersion < 1 ? 'greater than (0)' : `at most (${pl.version})`;
    return fail(
      AwsErrors.invalidParameterValue(
        `The specified value for version is not valid. The value must be ${bound}.`,
      ),
    );
  }
  return ok(entries);
}

/** GetManagedPrefixListEntries: one version's entries (the current one by default), paged. */
export const getManagedPrefixListEntriesHandler = defineHandler(
  'GetManagedPrefixListEntries',
  (input, ctx) => {
    const bad = checkMaxResults(input.maxResults, [1, 100]);
    if (bad) return fail(bad);
    const list = readableList(ctx, input.prefixListId);
    if (!list.ok) return list;
    const entries = entriesAt(list.value, input.targetVersion);
    if (!entries.ok) return entries;
    const page = paginate(
      entries.value,
      (e) => e.cidr.toString(),
      input.maxResults,
      input.nextToken,
    );
    return page.ok
      ? ok({
          entries: page.value.items.map((e) => ({
            cidr: e.cidr.toString(),
            description: e.description,
          })),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

interface Association {
  readonly resourceId: string;
  readonly resourceOwner: string;
}

/**
 * GetManagedPrefixListAssociations: the route tables and security groups that reference the
 * list. For an AWS-managed list, only the caller's own resources (others' are not its to see).
 */
export const getManagedPrefixListAssociationsHandler = defineHandler(
  'GetManagedPrefixListAssociations',
  (input, ctx) => {
    const bad = checkMaxResults(input.maxResults, [5, 255]);
    if (bad) return fail(bad);
    const list = readableList(ctx, input.prefixListId);
    if (!list.ok) return list;
    const s = ctx.store.snapshot;
    const associations: Association[] = [
      ...s.find('routeTablesByPrefixList', list.value.id),
      ...s.find('securityGroupsByPrefixList', list.value.id),
    ]
      .filter((r) => !list.value.awsManaged || r.ownerId === ctx.caller.accountId)
      .map((r) => ({ resourceId: r.id, resourceOwner: r.ownerId }));
    const page = paginate(associations, (a) => a.resourceId, input.maxResults, input.nextToken);
    return page.ok
      ? ok({ prefixListAssociations: page.value.items, nextToken: page.value.nextToken })
      : page;
  },
);

/** DescribePrefixLists filters (API reference). */
export const PREFIX_LIST_FILTERS: FilterTable<PrefixList> = {
  'prefix-list-id': (pl) => [pl.id],
  'prefix-list-name': (pl) => [pl.prefixListName],
};

/** DescribePrefixLists: the AWS services' lists of the Region (S3, DynamoDB) with their CIDRs. */
export const describePrefixListsHandler = defineHandler('DescribePrefixLists', (input, ctx) => {
  const bad = checkIds(input.prefixListIds);
  if (bad) return fail(bad);
  const page = describe(
    visibleLists(ctx).filter((pl) => pl.awsManaged),
    { ...input, ids: input.prefixListIds },
    {
      idOf: (pl) => pl.id,
      filters: PREFIX_LIST_FILTERS,
      noun: 'prefix-list',
      idsWithMaxResults: true,
    },
  );
  return page.ok
    ? ok({
        prefixLists: page.value.items.map((pl) => ({
          prefixListId: pl.id,
          prefixListName: pl.prefixListName,
          cidrs: pl.entries.map((e) => e.cidr.toString()),
        })),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** The prefix-list handlers, by action. */
export const PREFIX_LIST_HANDLERS = handlerRegistry(
  createManagedPrefixListHandler,
  describeManagedPrefixListsHandler,
  getManagedPrefixListEntriesHandler,
  getManagedPrefixListAssociationsHandler,
  modifyManagedPrefixListHandler,
  deleteManagedPrefixListHandler,
  describePrefixListsHandler,
);
