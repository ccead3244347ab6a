import type { Cidr, Family } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { OperationContext } from '../model/operation.js';
import { prefixListFamily } from '../model/prefix-list.js';
import { ok, type Result } from '../model/result.js';
import { RESERVED_DESTINATIONS, type Route } from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { cidrParam, exactlyOneParam, idParam, visiblePrefixList } from './params.js';

/**
 * Route destinations: the three destination fields of CreateRoute, ReplaceRoute and DeleteRoute
 * parsed into one typed value, and the rules that hold for every destination whatever its
 * table or target.
 */

const DESTINATION_FIELDS = [
  'destinationCidrBlock',
  'destinationIpv6CidrBlock',
  'destinationPrefixListId',
] as const;
export type DestinationField = (typeof DESTINATION_FIELDS)[number];

/** AWS's wire names of the destination fields, as its "no route" message spells them. */
export const DESTINATION_WIRE: Record<DestinationField, string> = {
  destinationCidrBlock: 'destination-cidr-block',
  destinationIpv6CidrBlock: 'destination-ipv6-cidr-block',
  destinationPrefixListId: 'destination-prefix-list-id',
};

export type RouteDestinationInput = { readonly routeTableId: string } & {
  readonly [F in DestinationField]?: string;
};

/** A parsed destination: a canonical CIDR or a prefix-list id, and its key for matching. */
export type Destination =
  | {
      readonly field: 'destinationCidrBlock' | 'destinationIpv6CidrBlock';
      readonly key: string;
      readonly cidr: Cidr;
      readonly prefixListId?: undefined;
    }
  | {
      readonly field: 'destinationPrefixListId';
      readonly key: string;
      readonly cidr?: undefined;
      readonly prefixListId: Id<'prefix-list'>;
    };

/** Parses exactly one destination field (prefix lists by shape only; see `destinationFamily`). */
export function parseDestination(input: RouteDestinationInput): Result<Destination, AwsError> {
  const given = exactlyOneParam(DESTINATION_FIELDS, input);
  if (!given.ok) return given;
  const field = given.value;
  const text = input[field] ?? '';
  if (field === 'destinationPrefixListId') {
    const id = idParam('prefix-list', text);
    if (!id.ok) return id;
    return ok({ field, key: id.value, prefixListId: id.value });
  }
  const cidr = cidrParam(field, text, field === 'destinationCidrBlock' ? 4 : 6);
  if (!cidr.ok) return cidr;
  return ok({ field, key: cidr.value.toString(), cidr: cidr.value });
}

/** The family of a destination; prefix lists must exist and be visible. */
export function destinationFamily(
  s: Snapshot,
  dest: Destination,
  ctx: OperationContext,
): Result<Family, AwsError> {
  if (dest.cidr) return ok(dest.cidr.family);
  const list = visiblePrefixList(s, dest.prefixListId, ctx);
  if (!list.ok) return list;
  return ok(prefixListFamily(list.value));
}

/** The route fields that hold a destination. */
export function destinationFields(dest: Destination): Pick<Route, DestinationField> {
  if (!dest.cidr) return { destinationPrefixListId: dest.prefixListId };
  return dest.cidr.family === 4
    ? { destinationCidrBlock: dest.cidr }
    : { destinationIpv6CidrBlock: dest.cidr };
}

/** A route's destination as AWS prints it: the canonical CIDR or the prefix-list id. */
export function routeKey(r: Route): string {
  return (
    (r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() ??
    r.destinationPrefixListId ??
    ''
  );
}

/** Destinations AWS reserves: the range itself or anything inside it (a larger CIDR is fine). */
export function checkReserved(dest: Destination): AwsError | undefined {
  const cidr = dest.cidr;
  const hit = cidr && RESERVED_DESTINATIONS.find((r) => r.containsCidr(cidr));
  return hit
    ? AwsErrors.invalidParameterValue(
        `The destination CIDR block ${dest.key} is equal to or inside the reserved range ${hit.toString()}.`,
      )
    : undefined;
}
