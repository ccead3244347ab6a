/**
 * What every Describe* action shares: selection by id, filters declared as a table per
 * resource, and MaxResults/NextToken pagination in id order. A handler supplies the
 * candidates it may see, its filter table and its limits; this module does the rest the same
 * way for every resource, as EC2 does.
 */
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError, type NotFoundNoun } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';

/** What a filter reads from a resource: the values its patterns are matched against. */
export type Extractor<T> = (r: T) => readonly (string | undefined)[];

/** A resource's Describe filters, by AWS's names; `tag:<key>` is built in for tagged ones. */
export type FilterTable<T> = Readonly<Record<string, Extractor<T>>>;

/** `Filter.N` as decoded. */
export interface WireFilter {
  readonly name?: string;
  readonly values?: readonly string[];
}

/** The selection part of a Describe request, as decoded. */
export interface DescribeRequest {
  readonly ids?: readonly string[];
  readonly filters?: readonly WireFilter[];
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** How one resource is described. */
export interface DescribeSpec<T> {
  readonly idOf: (r: T) => string;
  readonly filters: FilterTable<T>;
  /** The not-found error for an id given explicitly. */
  readonly noun: NotFoundNoun;
  /** AWS's MaxResults bounds for this action; 5..1000 when not given. */
  readonly maxResultsRange?: readonly [number, number];
  /** The wire name of the id list, for the error when ids and MaxResults are combined. */
  readonly idsParameter?: string;
  /** Some actions (DescribeSecurityGroups) accept MaxResults together with ids. */
  readonly idsWithMaxResults?: boolean;
}

/** One page of a Describe answer. */
export interface DescribePage<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/** Booleans as filters compare them. */
export const flag = (b: boolean): string => (b ? 'true' : 'false');

/** AWS filter values: `*` any run of characters, `?` one character; otherwise exact. */
export function valueMatcher(values: readonly string[]): (s: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const v of values) {
    if (!v.includes('*') && !v.includes('?')) {
      exact.add(v);
      continue;
    }
    const source = [...v]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    patterns.push(new RegExp(`^${source}$`, 's'));
  }
  return (s) => exact.has(s) || patterns.some((p) => p.test(s));
}

/**
 * Compiles filters into one predicate: values of one filter are ORed, filters ANDed. An
 * unknown filter name is AWS's error.
 */
export function compileFilters<T>(
  filters: readonly WireFilter[] | undefined,
  table: FilterTable<T>,
  tagsOf?: (r: T) => readonly Tag[],
): Result<(r: T) => boolean, AwsError> {
  const tests: ((r: T) => boolean)[] = [];
  for (const f of filters ?? []) {
    const name = f.name ?? '';
    const matches = valueMatcher(f.values ?? []);
    let extract: Extractor<T> | undefined;
    if (tagsOf !== undefined && name.startsWith('tag:')) {
      const key = name.slice(4);
      extract = (r) => tagsOf(r).flatMap((t) => (t.key === key ? [t.value] : []));
    } else if (tagsOf !== undefined && (name === 'tag-key' || name === 'tag-value')) {
      extract =
        name === 'tag-key'
          ? (r) => tagsOf(r).map((t) => t.key)
          : (r) => tagsOf(r).map((t) => t.value);
    } else if (Object.hasOwn(table, name)) {
      extract = table[name];
    }
    if (extract === undefined) {
      return fail(AwsErrors.invalidParameterValue(`The filter '${name}' is invalid`));
    }
    const get = extract;
    tests.push((r) => get(r).some((v) => v !== undefined && matches(v)));
  }
  return ok((r) => tests.every((t) => t(r)));
}

/** Opaque pagination tokens: the last id of the previous page, base64url-encoded. */
export const encodeToken = (lastId: string): string =>
  Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');

/** The id a token vpctwin issued resumes after; undefined for anything else. */
export function decodeToken(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'after' in parsed) {
      const after = parsed.after;
      if (typeof after === 'string') return after;
    }
  } catch {
    // fall through: not a token vpctwin issued
  }
  return undefined;
}

/** Checks MaxResults against an action's bounds, with AWS's message. */
export function checkMaxResults(
  maxResults: number | undefined,
  [min, max]: readonly [number, number] = [5, 1000],
): AwsError | undefined {
  if (maxResults === undefined || (maxResults >= min && maxResults <= max)) return undefined;
  return AwsErrors.invalidParameterValue(
    `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`,
  );
}

/**
 * Orders `items` by id and cuts the page after `nextToken`; `maxResults` undefined means all.
 * Shared by Describe actions and by the Get* actions that page without filters.
 */
export function paginate<T>(
  items: readonly T[],
  idOf: (r: T) => string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Result<DescribePage<T>, AwsError> {
  let page = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  if (nextToken !== undefined && nextToken !== '') {
    const after = decodeToken(nextToken);
    if (after === undefined) {
      return fail(
        AwsErrors.code('InvalidPaginationToken', 'The specified pagination token is not valid.'),
      );
    }
    page = page.filter((r) => idOf(r) > after);
  }
  let token: string | undefined;
  if (maxResults !== undefined && page.length > maxResults) {
    page = page.slice(0, maxResults);
    const last = page[page.length - 1];
    token = last === undefined ? undefined : encodeToken(idOf(last));
  }
  return ok({ items: page, nextToken: token });
}

/**
 * Answers a Describe request over `visible`, the resources the caller may see: explicit ids
 * must all exist (AWS's NotFound otherwise), then filters, then one page.
 */
export function describe<T extends { readonly tags: readonly Tag[] }>(
  visible: Iterable<T>,
  request: DescribeRequest,
  spec: DescribeSpec<T>,
): Result<DescribePage<T>, AwsError> {
  const { ids, maxResults } = request;
  const bad = checkMaxResults(maxResults, spec.maxResultsRange);
  if (bad !== undefined) return fail(bad);
  const byIds = ids !== undefined && ids.length > 0;
  if (byIds && maxResults !== undefined && spec.idsWithMaxResults !== true) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${spec.idsParameter ?? 'ids'} cannot be used with the parameter maxResults`,
      ),
    );
  }
  const predicate = compileFilters(request.filters, spec.filters, (r) => r.tags);
  if (!predicate.ok) return predicate;
  let selected: T[];
  if (byIds) {
    const byId = new Map<string, T>();
    for (const r of visible) byId.set(spec.idOf(r), r);
    selected = [];
    for (const id of new Set(ids)) {
      const r = byId.get(id);
      if (r === undefined) return fail(AwsErrors.notFound(spec.noun, id));
      selected.push(r);
    }
  } else {
    selected = [...visible];
  }
  return paginate(selected.filter(predicate.value), spec.idOf, maxResults, request.nextToken);
}
