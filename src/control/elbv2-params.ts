import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import type { Listener } from '../model/listener.js';
import type { LoadBalancer } from '../model/load-balancer.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TargetGroup } from '../model/target-group.js';

/**
 * Parameters and lookups shared by the Elastic Load Balancing v2 operations: resource names,
 * ports, and resources found by ARN (the caller's own, in its Region; anything else is "not
 * found", as ELBv2 answers).
 */

/** Who is asking: lookups need only the account and Region. */
type Who = Pick<OperationContext, 'accountId' | 'region'>;

const visible = (r: { ownerId: string; region: string }, ctx: Who) =>
  r.ownerId === ctx.accountId && r.region === ctx.region;

/** The caller's load balancer with this ARN. */
export function loadBalancerParam(
  s: Snapshot,
  arn: string | undefined,
  ctx: Who,
): Result<LoadBalancer, AwsError> {
  if (arn === undefined)
    return fail(Elbv2Errors.validation('A load balancer ARN must be specified'));
  const lb = s.get('load-balancer', arn);
  return lb && visible(lb, ctx) ? ok(lb) : fail(Elbv2Errors.loadBalancerNotFound());
}

/** The caller's target group with this ARN. */
export function targetGroupParam(
  s: Snapshot,
  arn: string | undefined,
  ctx: Who,
): Result<TargetGroup, AwsError> {
  if (arn === undefined)
    return fail(Elbv2Errors.validation('A target group ARN must be specified'));
  const tg = s.get('target-group', arn);
  return tg && visible(tg, ctx) ? ok(tg) : fail(Elbv2Errors.targetGroupNotFound());
}

/** The caller's listener with this ARN. */
export function listenerParam(
  s: Snapshot,
  arn: string | undefined,
  ctx: Who,
): Result<Listener, AwsError> {
  if (arn === undefined) return fail(Elbv2Errors.validation('A listener ARN must be specified'));
  const l = s.get('listener', arn);
  return l && visible(l, ctx) ? ok(l) : fail(Elbv2Errors.listenerNotFound());
}

/**
 * A load balancer or target group name: 1–32 characters, letters, digits and hyphens, not
 * starting or ending with a hyphen; load balancer names may not start with `internal-`.
 */
export function elbv2NameParam(
  noun: 'load balancer' | 'target group',
  name: string | undefined,
): AwsError | undefined {
  const Noun = noun === 'load balancer' ? 'Load balancer' : 'Target group';
  if (name === undefined || name === '') {
    return Elbv2Errors.validation(`${Noun} name must be specified`);
  }
  if (name.length > 32) {
    return Elbv2Errors.validation(`${Noun} name '${name}' cannot be longer than '32' characters`);
  }
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    return Elbv2Errors.validation(
      `${Noun} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    return Elbv2Errors.validation(`${Noun} name '${name}' cannot begin or end with '-' character`);
  }
  if (noun === 'load balancer' && name.toLowerCase().startsWith('internal-')) {
    return Elbv2Errors.validation(`Load balancer name '${name}' cannot begin with 'internal-'`);
  }
  return undefined;
}

/** A port parameter: an integer 1–65535. */
export function portParam(name: string, port: number | undefined): AwsError | undefined {
  if (port === undefined) return undefined;
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : Elbv2Errors.validation(
        `1 validation error detected: Value '${String(port)}' at '${name}' failed to satisfy constraint: Member must have value between 1 and 65535`,
      );
}

/** One of an enumeration, in ELBv2's validation wording. */
export function enumParam<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): Result<T | undefined, AwsError> {
  if (value === undefined) return ok(undefined);
  if ((allowed as readonly string[]).includes(value)) return ok(value as T);
  return fail(
    Elbv2Errors.validation(
      `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    ),
  );
}
