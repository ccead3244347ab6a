import { Cidr, Ip, type Family } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError, type NotFoundNoun } from '../model/errors.js';
import type { Id, IdFamily } from '../model/ids.js';
import { ID_PREFIX } from '../model/ids.js';
import type { OperationContext } from '../model/operation.js';
import type { Kind, ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';

/**
 * Parsing and lookup at the operation boundary: request values arrive as AWS sends them
 * (strings) and leave as typed values, or as the error AWS returns for them.
 */

/** Parses a CIDR parameter of one family, canonicalising host bits as AWS does. */
export function cidrParam(param: string, text: string, family: Family): Result<Cidr, AwsError> {
  const cidr = Cidr.parse(text);
  if (!cidr || cidr.family !== family) return fail(AwsErrors.invalidCidr(param, text));
  return ok(cidr);
}

/** Parses an IP address parameter of one family. */
export function ipParam(param: string, text: string, family: Family): Result<Ip, AwsError> {
  const ip = Ip.parse(text);
  if (!ip || ip.family !== family) return fail(AwsErrors.invalidIp(param, text));
  return ok(ip);
}

const MALFORMED_CODE: Partial<Record<IdFamily, string>> = {
  vpc: 'InvalidVpcID.Malformed',
  subnet: 'InvalidSubnetID.Malformed',
  'route-table': 'InvalidRouteTableID.Malformed',
  'internet-gateway': 'InvalidInternetGatewayID.Malformed',
  'network-interface': 'InvalidNetworkInterfaceID.Malformed',
  instance: 'InvalidInstanceID.Malformed',
  'security-group': 'InvalidGroupId.Malformed',
  'network-acl': 'InvalidNetworkAclID.Malformed',
  'prefix-list': 'InvalidPrefixListID.Malformed',
  'vpc-peering-connection': 'InvalidVpcPeeringConnectionId.Malformed',
  'vpc-endpoint': 'InvalidVpcEndpointId.Malformed',
  'elastic-ip': 'InvalidAllocationID.Malformed',
  'nat-gateway': 'InvalidNatGatewayID.Malformed',
  'egress-only-internet-gateway': 'InvalidEgressOnlyInternetGatewayId.Malformed',
};

const ID_SHAPE = /^[a-z]+(?:-[a-z]+)*-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** Checks an id's shape: AWS answers `…Malformed` before it looks anything up. */
export function idParam<F extends IdFamily>(family: F, text: string): Result<Id<F>, AwsError> {
  const prefix = ID_PREFIX[family];
  if (ID_SHAPE.test(text) && text.startsWith(`${prefix}-`) && !text.slice(prefix.length + 1).includes('-')) {
    return ok(text as Id<F>);
  }
  return fail(
    AwsErrors.malformedId(MALFORMED_CODE[family] ?? 'InvalidParameterValue', text, prefix),
  );
}


/**
 * Finds a resource the caller can see: its own, in the caller's Region. AWS reports anything
 * else, including another account's resource, as not found.
 */
export function owned<K extends Exclude<Kind, 'account'>>(
  s: Snapshot,
  kind: K,
  id: string,
  ctx: OperationContext,
): Result<ResourceByKind[K], AwsError> {
  const shaped = idParam(kind as IdFamily, id);
  if (!shaped.ok) return shaped;
  const r = s.get<K>(kind, id);
  if (!r || r.ownerId !== ctx.accountId || r.region !== ctx.region) {
    return fail(AwsErrors.notFound(kind as NotFoundNoun, id));
  }
  return ok(r);
}

/** Finds a resource in the caller's Region whatever its owner (for cross-account references). */
export function inRegion<K extends Exclude<Kind, 'account'>>(
  s: Snapshot,
  kind: K,
  id: string,
  ctx: OperationContext,
): Result<ResourceByKind[K], AwsError> {
  const shaped = idParam(kind as IdFamily, id);
  if (!shaped.ok) return shaped;
  const r = s.get<K>(kind, id);
  if (!r || r.region !== ctx.region) return fail(AwsErrors.notFound(kind as NotFoundNoun, id));
  return ok(r);
}

/** Validates tags as AWS does: keys 1–128 chars, values ≤256, no `aws:` prefix, ≤50 tags. */
export function tagsParam(tags: readonly Tag[] | undefined): Result<Tag[], AwsError> {
  const out: Tag[] = [];
  for (const t of tags ?? []) {
    if (typeof t.key !== 'string' || t.key.length === 0 || t.key.length > 128) {
      return fail(AwsErrors.invalidParameterValue(`Tag key '${String(t.key)}' is invalid.`));
    }
    if (t.key.toLowerCase().startsWith('aws:')) {
      return fail(
        AwsErrors.invalidParameterValue(`Tag keys starting with 'aws:' are reserved for internal use`),
      );
    }
    const value = t.value ?? '';
    if (typeof value !== 'string' || value.length > 256) {
      return fail(AwsErrors.invalidParameterValue(`Tag value for key '${t.key}' is invalid.`));
    }
    const existing = out.findIndex((x) => x.key === t.key);
    if (existing >= 0) out[existing] = { key: t.key, value };
    else out.push({ key: t.key, value });
  }
  if (out.length > 50) {
    return fail(AwsErrors.code('TagLimitExceeded', 'The maximum number of Tags for a resource is 50'));
  }
  return ok(out);
}

/** Runs a chain of checks, stopping at the first error. */
export function firstError(...checks: (AwsError | undefined)[]): AwsError | undefined {
  return checks.find((c) => c !== undefined);
}
