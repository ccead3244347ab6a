import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import { defaultLoadBalancerAttributes, type Elbv2Attribute } from '../model/load-balancer.js';
import type { Operation } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { defaultTargetGroupAttributes, type TargetGroup } from '../model/target-group.js';
import { loadBalancerParam, targetGroupParam } from './elbv2-params.js';

/**
 * ModifyLoadBalancerAttributes and ModifyTargetGroupAttributes: the keys a resource has are the
 * ones its type starts with (model/load-balancer.ts, model/target-group.ts); a value must fit
 * its key (booleans `true`/`false`, numbers, the documented enumerations).
 */

export interface AttributesInput {
  readonly attributes?: readonly { readonly key?: string; readonly value?: string }[];
}

const BOOLEAN = /\.enabled$/;
const NUMBER = /(_seconds)$/;

/** The values a non-boolean, non-numeric key accepts. */
const ENUMS: Record<string, readonly string[]> = {
  'load_balancing.cross_zone.enabled#tg': ['true', 'false', 'use_load_balancer_configuration'],
  'stickiness.type#GENEVE': ['source_ip_dest_ip_proto', 'source_ip_dest_ip'],
  'stickiness.type#HTTP': ['lb_cookie', 'app_cookie'],
  'stickiness.type#TCP': ['source_ip'],
  'target_failover.on_deregistration': ['no_rebalance', 'rebalance'],
  'target_failover.on_unhealthy': ['no_rebalance', 'rebalance'],
  'load_balancing.algorithm.type': ['round_robin', 'least_outstanding_requests', 'weighted_random'],
  'dns_record.client_routing_policy': [
    'availability_zone_affinity',
    'partial_availability_zone_affinity',
    'any_availability_zone',
  ],
  'routing.http.xff_header_processing.mode': ['append', 'preserve', 'remove'],
};

/** Checks one value against its key; `scopes` pick the enumeration where keys share a name. */
function checkValue(key: string, value: string, scopes: readonly string[]): AwsError | undefined {
  const scoped = scopes.map((sc) => ENUMS[`${key}#${sc}`]).find((e) => e !== undefined);
  const allowed = scoped ?? ENUMS[key];
  if (allowed) {
    return allowed.includes(value)
      ? undefined
      : Elbv2Errors.validation(
          `'${value}' is not a valid value for '${key}': expected one of ${allowed.join(', ')}`,
        );
  }
  if (BOOLEAN.test(key) && value !== 'true' && value !== 'false') {
    return Elbv2Errors.validation(`Attribute '${key}' must be 'true' or 'false'`);
  }
  if (NUMBER.test(key) && !/^\d+$/.test(value)) {
    return Elbv2Errors.validation(`Attribute '${key}' must be a non-negative integer`);
  }
  return undefined;
}

/** Applies changes to an attribute list: every key must be one the resource has. */
function applyAttributes(
  current: readonly Elbv2Attribute[],
  known: readonly Elbv2Attribute[],
  input: AttributesInput,
  scopes: readonly string[],
  noun: string,
): Result<Elbv2Attribute[], AwsError> {
  if (!input.attributes?.length)
    return fail(Elbv2Errors.validation('At least one attribute must be specified'));
  let next = [...current];
  for (const a of input.attributes) {
    const key = a.key ?? '';
    if (!known.some((k) => k.key === key)) {
      return fail(
        Elbv2Errors.invalidConfiguration(`${noun} attribute key '${key}' is not recognized`),
      );
    }
    const value = a.value ?? '';
    const bad = checkValue(key, value, scopes);
    if (bad) return fail(bad);
    next = next.some((x) => x.key === key)
      ? next.map((x) => (x.key === key ? { key, value } : x))
      : [...next, { key, value }];
  }
  return ok(next);
}

export interface ModifyLoadBalancerAttributesInput extends AttributesInput {
  readonly loadBalancerArn?: string;
}

/** ModifyLoadBalancerAttributes: answers the load balancer's full attribute list. */
export const modifyLoadBalancerAttributes: Operation<
  ModifyLoadBalancerAttributesInput,
  Elbv2Attribute[]
> = (s, input, ctx) => {
  const found = loadBalancerParam(s, input.loadBalancerArn, ctx);
  if (!found.ok) return found;
  const lb = found.value;
  const next = applyAttributes(
    lb.attributes,
    defaultLoadBalancerAttributes(lb.type),
    input,
    ['lb'],
    'Load balancer',
  );
  if (!next.ok) return next;
  return ok({
    changes: [{ op: 'put', resource: { ...lb, attributes: next.value } }],
    output: next.value,
  });
};

export interface ModifyTargetGroupAttributesInput extends AttributesInput {
  readonly targetGroupArn?: string;
}

/** The enumeration scope of a group's `stickiness.type`. */
const scopeOf = (tg: TargetGroup): string =>
  tg.protocol === 'GENEVE'
    ? 'GENEVE'
    : tg.protocol === 'HTTP' || tg.protocol === 'HTTPS'
      ? 'HTTP'
      : 'TCP';

/** ModifyTargetGroupAttributes: answers the group's full attribute list. */
export const modifyTargetGroupAttributes: Operation<
  ModifyTargetGroupAttributesInput,
  Elbv2Attribute[]
> = (s, input, ctx) => {
  const found = targetGroupParam(s, input.targetGroupArn, ctx);
  if (!found.ok) return found;
  const tg = found.value;
  const known = defaultTargetGroupAttributes(tg.protocol, tg.targetType);
  // A group's cross-zone key takes a three-valued enumeration, not a boolean (scope `tg`).
  const next = applyAttributes(tg.attributes, known, input, [scopeOf(tg), 'tg'], 'Target group');
  if (!next.ok) return next;
  return ok({
    changes: [{ op: 'put', resource: { ...tg, attributes: next.value } }],
    output: next.value,
  });
};
