/**
 * Wire-level helpers several handler families share: EC2's value structures
 * (`SourceDestCheck.Value=false`), the caller's own resource by id, AWS's wording for refused
 * values, and the pieces of ENI input that CreateNetworkInterface and RunInstances both take.
 */
import { idParam } from '../../control/params.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import type { ResourceByKind } from '../../model/resource.js';
import { fail, ok, type Result } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';

/** `AttributeValue` / `AttributeBooleanValue` as decoded: the structure may come without Value. */
export interface WireValue<T> {
  readonly value?: T;
}

/**
 * The value of a value structure: undefined when the structure is absent, AWS's
 * MissingParameter (`SourceDestCheck.Value`) when it comes without its Value.
 * @example attributeValue('SourceDestCheck', { value: false }) // ok(false)
 */
export function attributeValue<T>(
  wire: string,
  given: WireValue<T> | undefined,
): Result<T | undefined, AwsError> {
  if (given === undefined) return ok(undefined);
  return given.value === undefined
    ? fail(AwsErrors.missingParameter(`${wire}.Value`))
    : ok(given.value);
}

/** AWS's wording for a value it refuses: `Value (7) for parameter networkCardIndex is invalid.` */
export const invalidValue = (param: string, value: string | number): AwsError =>
  AwsErrors.invalidParameterValue(`Value (${value}) for parameter ${param} is invalid.`);

/** What every Describe*Attribute action answers for an attribute it does not know. */
export const unknownAttribute = (attribute: string): AwsError =>
  AwsErrors.invalidParameterValue(
    `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
  );

/** Kinds read by id for the caller alone (Describe*Attribute, DescribeStaleSecurityGroups). */
type CallerKind = 'vpc' | 'instance' | 'network-interface';

/**
 * The caller's own resource by id, in its Region: a malformed id is AWS's `…Malformed`, another
 * account's or Region's resource is NotFound, as if it did not exist.
 */
export function callerResource<K extends CallerKind>(
  ctx: HandlerContext,
  kind: K,
  id: string,
): Result<ResourceByKind[K], AwsError> {
  const shaped = idParam(kind, id);
  if (!shaped.ok) return shaped;
  const found = ctx.store.snapshot.get(kind, id);
  if (found?.ownerId !== ctx.caller.accountId || found.region !== ctx.caller.region) {
    return fail(AwsErrors.notFound(kind, id));
  }
  return ok(found);
}

/** A filter on something the twin does not model: AWS's name is accepted and matches nothing. */
export const nothing = (): string[] => [];

/** The twin models one network card per instance, index 0; any other index is refused. */
export const checkNetworkCardIndex = (index: number | undefined): AwsError | undefined =>
  index === undefined || index === 0 ? undefined : invalidValue('networkCardIndex', index);

/**
 * `<param>.N` private addresses as the operations take them; an entry without its address is
 * AWS's MissingParameter naming it (`PrivateIpAddresses.2.PrivateIpAddress`).
 */
export function privateIpSpecifications(
  param: string,
  list: readonly Ec2.PrivateIpAddressInput[] | undefined,
): Result<{ privateIpAddress: string; primary?: boolean }[] | undefined, AwsError> {
  if (list === undefined) return ok(undefined);
  const out: { privateIpAddress: string; primary?: boolean }[] = [];
  for (const [i, p] of list.entries()) {
    if (p.privateIpAddress === undefined) {
      return fail(AwsErrors.missingParameter(`${param}.${i + 1}.PrivateIpAddress`));
    }
    out.push({ privateIpAddress: p.privateIpAddress, primary: p.primary });
  }
  return ok(out);
}
