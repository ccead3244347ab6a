import { Cidr, Ip, type Family } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError, type NotFoundNoun } from '../model/errors.js';
import { ID_PREFIX, type Id, type IdFamily } from '../model/ids.js';
import type { OperationContext } from '../model/operation.js';
import type { PrefixList } from '../model/prefix-list.js';
import type { Kind, ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';

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

/** True for an integer n with min ≤ n ≤ max. */
export const isIntIn = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** Checks a count parameter: a non-negative integer, when given. */
export function countParam(name: string, n: number | undefined): AwsError | undefined {
  if (n === undefined || (Number.isInteger(n) && n >= 0)) return undefined;
  return AwsErrors.invalidParameterValue(`Value (${String(n)}) for parameter ${name} is invalid.`);
}

/** Exactly one of a list and a count (AssignPrivateIpAddresses, AssignIpv6Addresses). */
export function listOrCountParam(
  listName: string,
  list: readonly unknown[] | undefined,
  countName: string,
  count: number | undefined,
): AwsError | undefined {
  if (list !== undefined && count !== undefined) {
    return AwsErrors.invalidParameterCombination(
      `${listName} and ${countName} may not be specified on the same request`,
    );
  }
  if ((list === undefined || list.length === 0) && (count === undefined || count === 0)) {
    return AwsErrors.missingParameter(`${listName} or ${countName}`);
  }
  return countParam(countName, count);
}

/** Parses a list of addresses of one family; an address given twice is refused. */
export function ipsParam(
  param: string,
  texts: readonly string[] | undefined,
  family: Family,
): Result<Ip[], AwsError> {
  const out: Ip[] = [];
  for (const t of texts ?? []) {
    const ip = ipParam(param, t, family);
    if (!ip.ok) return ip;
    if (out.some((x) => x.equals(ip.value))) {
      return fail(AwsErrors.invalidParameterValue(`Address ${t} is specified more than once.`));
    }
    out.push(ip.value);
  }
  return ok(out);
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
  'transit-gateway': 'InvalidTransitGatewayID.Malformed',
  'transit-gateway-attachment': 'InvalidTransitGatewayAttachmentID.Malformed',
  'transit-gateway-route-table': 'InvalidRouteTableID.Malformed',
  'vpc-endpoint-service': 'InvalidVpcEndpointServiceId.Malformed',
  'customer-gateway': 'InvalidCustomerGatewayId.Malformed',
  'vpn-gateway': 'InvalidVpnGatewayID.Malformed',
  'vpn-connection': 'InvalidVpnConnectionID.Malformed',
  'on-premises-site': 'InvalidOnPremisesSiteId.Malformed',
  ipam: 'InvalidIpamId.Malformed',
  'ipam-scope': 'InvalidIpamScopeId.Malformed',
  'ipam-pool': 'InvalidIpamPoolId.Malformed',
  'ipam-pool-allocation': 'InvalidIpamPoolAllocationId.Malformed',
};

const ID_SHAPE = /^[a-z]+(?:-[a-z]+)*-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** Checks an id's shape: AWS answers `…Malformed` before it looks anything up. */
export function idParam<F extends IdFamily>(family: F, text: string): Result<Id<F>, AwsError> {
  const prefix = ID_PREFIX[family];
  if (
    ID_SHAPE.test(text) &&
    text.startsWith(`${prefix}-`) &&
    !text.slice(prefix.length + 1).includes('-')
  ) {
    return ok(text as Id<F>);
  }
  return fail(
    AwsErrors.malformedId(MALFORMED_CODE[family] ?? 'InvalidParameterValue', text, prefix),
  );
}

/** Ids of one family, shape-checked, duplicates dropped (AWS treats a repeat as one). */
export function idsParam<F extends IdFamily>(
  family: F,
  ids: readonly string[] | undefined,
): Result<Id<F>[], AwsError> {
  const out: Id<F>[] = [];
  for (const text of ids ?? []) {
    const id = idParam(family, text);
    if (!id.ok) return id;
    if (!out.includes(id.value)) out.push(id.value);
  }
  return ok(out);
}

/** Finds a resource of `kind` that passes `visible`; AWS reports any other as not found. */
function findVisible<K extends Exclude<Kind, 'account'>>(
  s: Snapshot,
  kind: K,
  id: string,
  visible: (r: ResourceByKind[K]) => boolean,
): Result<ResourceByKind[K], AwsError> {
  const shaped = idParam(kind as IdFamily, id);
  if (!shaped.ok) return shaped;
  const r = s.get<K>(kind, id);
  if (!r || !visible(r)) return fail(AwsErrors.notFound(kind as NotFoundNoun, id));
  return ok(r);
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
  return findVisible(s, kind, id, (r) => r.ownerId === ctx.accountId && r.region === ctx.region);
}

/** Finds a resource in the caller's Region whatever its owner (for cross-account references). */
export function inRegion<K extends Exclude<Kind, 'account'>>(
  s: Snapshot,
  kind: K,
  id: string,
  ctx: OperationContext,
): Result<ResourceByKind[K], AwsError> {
  return findVisible(s, kind, id, (r) => r.region === ctx.region);
}

/**
 * The one field of `fields` that a request gives (route destinations, route targets): AWS
 * refuses none, naming them all, and two, naming the first two given.
 */
export function exactlyOneParam<F extends string>(
  fields: readonly F[],
  input: { readonly [K in F]?: string },
): Result<F, AwsError> {
  const [field, other] = fields.filter((f) => input[f] !== undefined);
  if (field === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        `The request must contain exactly one of the parameters ${fields.join(', ')}`,
      ),
    );
  }
  if (other !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${field} cannot be used with the parameter ${other}`,
      ),
    );
  }
  return ok(field);
}

const IN_VPC_NOUN = {
  'route-table': 'route table',
  subnet: 'subnet',
  'security-group': 'security group',
} as const;

/** The caller's resources of one kind (`owned`), each of which must sit in `vpc`. */
export function ownedInVpc<K extends keyof typeof IN_VPC_NOUN>(
  s: Snapshot,
  kind: K,
  ids: readonly string[],
  vpc: Vpc,
  ctx: OperationContext,
): Result<ResourceByKind[K][], AwsError> {
  const out: ResourceByKind[K][] = [];
  for (const id of ids) {
    const found = owned(s, kind, id, ctx);
    if (!found.ok) return found;
    if (found.value.vpcId !== vpc.id) {
      return fail(
        AwsErrors.invalidParameter(
          `The ${IN_VPC_NOUN[kind]} ${id} does not belong to the VPC ${vpc.id}.`,
        ),
      );
    }
    out.push(found.value);
  }
  return ok(out);
}

/**
 * A prefix list the caller may reference (route destination, rule peer): its own or an
 * AWS-managed one, in its Region.
 */
export function visiblePrefixList(
  s: Snapshot,
  id: Id<'prefix-list'>,
  ctx: OperationContext,
): Result<PrefixList, AwsError> {
  const list = s.get('prefix-list', id);
  if (!list || list.region !== ctx.region || !(list.awsManaged || list.ownerId === ctx.accountId)) {
    return fail(AwsErrors.notFound('prefix-list', id));
  }
  return ok(list);
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
        AwsErrors.invalidParameterValue(
          `Tag keys starting with 'aws:' are reserved for internal use`,
        ),
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
    return fail(
      AwsErrors.code('TagLimitExceeded', 'The maximum number of Tags for a resource is 50'),
    );
  }
  return ok(out);
}

/** Runs a chain of checks, stopping at the first error. */
export function firstError(...checks: (AwsError | undefined)[]): AwsError | undefined {
  return checks.find((c) => c !== undefined);
}
