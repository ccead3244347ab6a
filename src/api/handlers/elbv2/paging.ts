import { Elbv2Errors } from '../../../model/elbv2-errors.js';
import type { AwsError } from '../../../model/errors.js';
import { fail, ok, type Result } from '../../../model/result.js';

/**
 * ELBv2 paging: `PageSize` (1–400) and an opaque `Marker`; the twin's marker is the position
 * of the next item.
 */
export function page<T>(
  items: readonly T[],
  marker: string | undefined,
  pageSize: number | undefined,
): Result<{ items: T[]; nextMarker?: string }, AwsError> {
  if (pageSize !== undefined && (pageSize < 1 || pageSize > 400)) {
    return fail(
      Elbv2Errors.validation(
        `1 validation error detected: Value '${pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
      ),
    );
  }
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    return fail(Elbv2Errors.validation(`The marker '${marker ?? ''}' is not valid`));
  }
  const end = pageSize === undefined ? items.length : Math.min(items.length, start + pageSize);
  const out = items.slice(start, end);
  return ok(end < items.length ? { items: out, nextMarker: String(end) } : { items: out });
}
