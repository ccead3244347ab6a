import type { Cidr } from '../net/index.js';
import { managedPrefixList, type GatewayService } from '../model/aws-services.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { RegionName } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { prefixListFamily, type PrefixList } from '../model/prefix-list.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { cidrParam, idParam, owned, tagsParam } from './params.js';
import { ROUTES_PER_TABLE, routeQuotaCount } from './route.js';
import { exceedsRuleQuota, prefixListSizes } from './security-group-rules.js';

/**
 * Customer-managed prefix lists: CreateManagedPrefixList, ModifyManagedPrefixList and
 * DeleteManagedPrefixList (https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html),
 * plus readers for the AWS-managed lists that `initRegion` puts in every Region.
 */

/** A prefix list holds at most this many entries (API_CreateManagedPrefixList). */
export const PREFIX_LIST_MAX_ENTRIES = 1000;
/** One request adds or removes at most this many entries (AddEntry.N / RemoveEntry.N). */
const ENTRIES_PER_REQUEST = 100;
const TEXT_MAX = 255;

type Entry = PrefixList['entries'][number];

export interface PrefixListEntryInput {
  readonly cidr: string;
  readonly description?: string;
}

/** CreateManagedPrefixList. */
export interface CreateManagedPrefixListInput {
  readonly prefixListName: string;
  readonly maxEntries: number;
  readonly addressFamily: string;
  readonly entries?: readonly PrefixListEntryInput[];
  readonly tags?: readonly Tag[];
}

/** ModifyManagedPrefixList: entries or size in one request, never both (AWS's rule). */
export interface ModifyManagedPrefixListInput {
  readonly prefixListId: string;
  readonly currentVersion?: number;
  readonly prefixListName?: string;
  readonly addEntries?: readonly PrefixListEntryInput[];
  readonly removeEntries?: readonly { readonly cidr: string }[];
  readonly maxEntries?: number;
}

export interface PrefixListIdInput {
  readonly prefixListId: string;
}

function checkName(name: unknown): AwsError | undefined {
  if (typeof name !== 'string' || name === '') return AwsErrors.missingParameter('prefixListName');
  if (name.length > TEXT_MAX) {
    return AwsErrors.invalidParameterValue(
      `Value (${name}) for parameter prefixListName is invalid. Length exceeds maximum of ${TEXT_MAX}.`,
    );
  }
  // AWS keeps the `com.amazonaws` namespace for its own lists.
  if (name.toLowerCase().startsWith('com.amazonaws')) {
    return AwsErrors.invalidParameterValue(
      `Value (${name}) for parameter prefixListName is invalid. Prefix list names cannot start with com.amazonaws.`,
    );
  }
  return undefined;
}

function checkMaxEntries(n: number | undefined): AwsError | undefined {
  if (n === undefined) return AwsErrors.missingParameter('maxEntries');
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > PREFIX_LIST_MAX_ENTRIES) {
    return AwsErrors.invalidParameterValue(
      `Value (${String(n)}) for parameter maxEntries is invalid. It must be between 1 and ${PREFIX_LIST_MAX_ENTRIES}.`,
    );
  }
  return undefined;
}

const tooManyInRequest = (): AwsError =>
  AwsErrors.invalidParameterValue(
    `The request cannot contain more than ${ENTRIES_PER_REQUEST} entry additions or removals.`,
  );

/** Parses entries of one family, canonicalising CIDRs and refusing repeats within the request. */
function parseEntries(
  entries: readonly PrefixListEntryInput[],
  family: 4 | 6,
): Result<Entry[], AwsError> {
  if (entries.length > ENTRIES_PER_REQUEST) return fail(tooManyInRequest());
  const out: Entry[] = [];
  for (const e of entries) {
    const cidr = cidrParam('cidr', e.cidr, family);
    if (!cidr.ok) return cidr;
    if (
      e.description !== undefined &&
      (typeof e.description !== 'string' || e.description.length > TEXT_MAX)
    ) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Value for parameter description is invalid. Length exceeds maximum of ${TEXT_MAX}.`,
        ),
      );
    }
    if (out.some((x) => x.cidr.equals(cidr.value))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The request contains the entry ${cidr.value.toString()} more than once.`,
        ),
      );
    }
    out.push({
      cidr: cidr.value,
      ...(e.description === undefined ? {} : { description: e.description }),
    });
  }
  return ok(out);
}

const maxEntriesExceeded = (max: number): AwsError =>
  AwsErrors.limitExceeded(
    'PrefixListMaxEntriesExceeded',
    `The prefix list cannot have more than its maximum number of entries (${max}).`,
  );

/** CreateManagedPrefixList: a customer-managed list at version 1. */
export const createManagedPrefixList: Operation<CreateManagedPrefixListInput, PrefixList> = (
  s,
  input,
  ctx,
) => {
  const bad = checkName(input.prefixListName) ?? checkMaxEntries(input.maxEntries);
  if (bad) return fail(bad);
  if (input.addressFamily === undefined) return fail(AwsErrors.missingParameter('addressFamily'));
  if (input.addressFamily !== 'IPv4' && input.addressFamily !== 'IPv6') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.addressFamily}) for parameter addressFamily is invalid. Valid values: IPv4, IPv6.`,
      ),
    );
  }
  const addressFamily = input.addressFamily;
  const entries = parseEntries(input.entries ?? [], prefixListFamily({ addressFamily }));
  if (!entries.ok) return entries;
  if (entries.value.length > input.maxEntries) return fail(maxEntriesExceeded(input.maxEntries));
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const list: PrefixList = {
    kind: 'prefix-list',
    id: ctx.ids.next('prefix-list'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    prefixListName: input.prefixListName,
    addressFamily,
    maxEntries: input.maxEntries,
    version: 1,
    entries: entries.value,
    awsManaged: false,
    state: 'create-complete',
  };
  return ok({ changes: [{ op: 'put', resource: list }], output: list });
};

/**
 * The customer-managed list the caller may change: an AWS-managed list in the caller's Region is
 * visible but read-only (UnsupportedOperation); anything else not the caller's is not found.
 */
function ownList(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
  verb: 'modified' | 'deleted',
): Result<PrefixList, AwsError> {
  const shaped = idParam('prefix-list', id);
  if (!shaped.ok) return shaped;
  const pl = s.get('prefix-list', id);
  if (pl?.awsManaged && pl.region === ctx.region) {
    return fail(
      AwsErrors.unsupported(`The prefix list ${id} is managed by AWS and cannot be ${verb}.`),
    );
  }
  return owned(s, 'prefix-list', id, ctx);
}

/**
 * Resources that could not take a list resized to `maxEntries`: security groups over their rule
 * quota and route tables over their route quota, where the list counts as its max entries.
 */
function blockedByResize(s: Snapshot, pl: PrefixList, maxEntries: number): string[] {
  const blocked: string[] = [];
  const sizes = prefixListSizes(s);
  const resized = (id: string) =>
    id === pl.id ? { family: prefixListFamily(pl), maxEntries } : sizes(id);
  for (const g of s.find('securityGroupsByPrefixList', pl.id)) {
    if (exceedsRuleQuota(g.rules, resized)) blocked.push(g.id);
  }
  for (const t of s.find('routeTablesByPrefixList', pl.id)) {
    const uses = t.routes.filter(
      (r) => r.destinationPrefixListId === pl.id && r.origin !== 'EnableVgwRoutePropagation',
    ).length;
    const count = routeQuotaCount(s, t, prefixListFamily(pl)) + uses * (maxEntries - pl.maxEntries);
    if (count > ROUTES_PER_TABLE) blocked.push(t.id);
  }
  return blocked;
}

/** Applies removals, then additions, as AWS does (so one call can re-describe an entry). */
function editEntries(
  pl: PrefixList,
  input: ModifyManagedPrefixListInput,
): Result<Entry[] | undefined, AwsError> {
  const adds = input.addEntries ?? [];
  const removes = input.removeEntries ?? [];
  if (adds.length === 0 && removes.length === 0) return ok(undefined);
  const family = prefixListFamily(pl);
  const removed = parseEntries(removes, family);
  if (!removed.ok) return removed;
  const added = parseEntries(adds, family);
  if (!added.ok) return added;
  let entries = [...pl.entries];
  for (const r of removed.value) {
    if (!entries.some((e) => e.cidr.equals(r.cidr))) {
      return fail(
        AwsErrors.code(
          'InvalidPrefixListModification',
          `The prefix list entry ${r.cidr.toString()} does not exist.`,
        ),
      );
    }
    entries = entries.filter((e) => !e.cidr.equals(r.cidr));
  }
  for (const a of added.value) {
    if (entries.some((e) => e.cidr.equals(a.cidr))) {
      return fail(
        AwsErrors.code(
          'InvalidPrefixListModification',
          `The prefix list entry ${a.cidr.toString()} already exists.`,
        ),
      );
    }
    entries.push(a);
  }
  if (entries.length > pl.maxEntries) return fail(maxEntriesExceeded(pl.maxEntries));
  return ok(entries);
}

/**
 * ModifyManagedPrefixList: renames, resizes, or adds/removes entries. Entry changes make a new
 * version (+1); a rename or a resize does not ("Changing the name of the prefix list does not
 * affect the version", API_ModifyManagedPrefixList).
 */
export const modifyManagedPrefixList: Operation<ModifyManagedPrefixListInput, PrefixList> = (
  s,
  input,
  ctx,
) => {
  const found = ownList(s, input.prefixListId, ctx, 'modified');
  if (!found.ok) return found;
  const pl = found.value;
  if (input.currentVersion !== undefined && input.currentVersion !== pl.version) {
    return fail(
      AwsErrors.code(
        'PrefixListVersionMismatch',
        'The prefix list has the incorrect version number.',
      ),
    );
  }
  if (input.prefixListName !== undefined) {
    const bad = checkName(input.prefixListName);
    if (bad) return fail(bad);
  }
  const editsEntries = (input.addEntries?.length ?? 0) + (input.removeEntries?.length ?? 0) > 0;
  let next: PrefixList = {
    ...pl,
    ...(input.prefixListName === undefined ? {} : { prefixListName: input.prefixListName }),
  };
  if (input.maxEntries !== undefined) {
    if (editsEntries) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'You cannot modify the entries and the maximum number of entries for the prefix list in the same request.',
        ),
      );
    }
    const bad = checkMaxEntries(input.maxEntries);
    if (bad) return fail(bad);
    if (input.maxEntries < pl.entries.length) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The maximum number of entries (${input.maxEntries}) cannot be less than the number of entries in the prefix list (${pl.entries.length}).`,
        ),
      );
    }
    if (input.maxEntries > pl.maxEntries) {
      const blocked = blockedByResize(s, pl, input.maxEntries);
      if (blocked.length > 0) {
        // AWS reports this asynchronously (modify-failed, first ten resources in the state message).
        return fail(
          AwsErrors.invalidParameterValue(
            `The prefix list ${pl.id} cannot be resized to ${input.maxEntries} entries: these resources that reference it would exceed their quotas: ${blocked.slice(0, 10).join(', ')}.`,
          ),
        );
      }
    }
    next = { ...next, maxEntries: input.maxEntries };
  }
  const entries = editEntries(pl, input);
  if (!entries.ok) return entries;
  if (entries.value) {
    next = {
      ...next,
      entries: entries.value,
      version: pl.version + 1,
      previousVersions: [
        ...(pl.previousVersions ?? []),
        { version: pl.version, entries: pl.entries },
      ],
    };
  }
  next = { ...next, state: 'modify-complete' };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

/**
 * DeleteManagedPrefixList: refused while a route, a security group rule or a transit gateway
 * prefix-list reference uses the list.
 */
export const deleteManagedPrefixList: Operation<PrefixListIdInput, true> = (s, input, ctx) => {
  const found = ownList(s, input.prefixListId, ctx, 'deleted');
  if (!found.ok) return found;
  const pl = found.value;
  if (
    s.find('routeTablesByPrefixList', pl.id).length > 0 ||
    s.find('securityGroupsByPrefixList', pl.id).length > 0 ||
    s.find('tgwRouteTablesByPrefixList', pl.id).length > 0
  ) {
    return fail(AwsErrors.hasDependencies('prefix list', pl.id));
  }
  return ok({ changes: [{ op: 'delete', kind: 'prefix-list', id: pl.id }], output: true });
};

/** The CIDRs of a prefix list (empty when it does not exist): what a route or rule matches. */
export function prefixListCidrs(s: Snapshot, id: string): Cidr[] {
  return s.get('prefix-list', id)?.entries.map((e) => e.cidr) ?? [];
}

/** The AWS-managed list of a gateway service in a Region, once `initRegion` has run there. */
export function findAwsManagedPrefixList(
  s: Snapshot,
  region: RegionName,
  service: GatewayService,
): PrefixList | undefined {
  const pl = s.get('prefix-list', managedPrefixList(region, service).id);
  return pl?.awsManaged && pl.region === region ? pl : undefined;
}
