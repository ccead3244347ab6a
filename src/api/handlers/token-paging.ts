import type { AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';

/**
 * Paging for the JSON services (Direct Connect, RAM): `maxResults` and an opaque `nextToken`,
 * here the position of the next item. Each service words its refusals with its own error.
 */
export function tokenPage<T>(
  items: readonly T[],
  input: Readonly<Record<string, unknown>>,
  refuse: {
    readonly token: (token: string) => AwsError;
    readonly max: AwsError;
    readonly maxResults: number;
  },
): Result<{ items: T[]; nextToken?: string }, AwsError> {
  const token = input.nextToken as string | undefined;
  const max = input.maxResults as number | undefined;
  const start = token === undefined ? 0 : Number(token);
  if (token !== undefined && (!Number.isInteger(start) || start < 0 || start > items.length)) {
    return fail(refuse.token(token));
  }
  if (max !== undefined && (max < 1 || max > refuse.maxResults)) return fail(refuse.max);
  const end = max === undefined ? items.length : Math.min(items.length, start + max);
  const out = items.slice(start, end);
  return ok(end < items.length ? { items: out, nextToken: String(end) } : { items: out });
}
