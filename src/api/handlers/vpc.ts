import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  disassociateVpcCidrBlock,
  modifyVpcAttribute,
} from '../../control/vpc.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { Vpc } from '../../model/vpc.js';
import type { Caller } from '../../store/store.js';
import type { Handler } from './context.js';
import { tagSet, tagsFromSpecifications, type WireTagSpecification } from './tags.js';

/** `Vpc` in the model's output shape. */
export function vpcOutput(v: Vpc): Record<string, unknown> {
  return {
    vpcId: v.id,
    state: v.state,
    cidrBlock: v.cidrBlock.toString(),
    cidrBlockAssociationSet: v.cidrBlockAssociationSet.map((a) => ({
      associationId: a.associationId,
      cidrBlock: a.cidrBlock.toString(),
      cidrBlockState: { state: a.cidrBlockState.state },
    })),
    ipv6CidrBlockAssociationSet: v.ipv6CidrBlockAssociationSet.map((a) => ({
      associationId: a.associationId,
      ipv6CidrBlock: a.ipv6CidrBlock.toString(),
      ipv6CidrBlockState: { state: a.ipv6CidrBlockState.state },
      networkBorderGroup: a.networkBorderGroup,
      ipv6Pool: a.ipv6Pool,
    })),
    dhcpOptionsId: 'default',
    instanceTenancy: v.instanceTenancy,
    isDefault: v.isDefault,
    ownerId: v.ownerId,
    tags: tagSet(v.tags),
  };
}

interface CreateVpcWire {
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  readonly instanceTenancy?: string;
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/** CreateVpc. */
export const createVpcHandler: Handler = (raw, ctx) => {
  const input = raw as CreateVpcWire;
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpc');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateVpc', createVpc, {
    cidrBlock: input.cidrBlock,
    amazonProvidedIpv6CidrBlock: input.amazonProvidedIpv6CidrBlock,
    instanceTenancy: input.instanceTenancy,
    tags: tags.value,
  });
  return result.ok ? ok({ vpc: vpcOutput(result.value) }) : result;
};

/** What a filter reads from a VPC: the values it matches against. */
type Extractor = (v: Vpc) => readonly string[];

/** DescribeVpcs filters, by name, as AWS documents them; `tag:<key>` is handled apart. */
export const VPC_FILTERS: Readonly<Record<string, Extractor>> = {
  'vpc-id': (v) => [v.id],
  cidr: (v) => [v.cidrBlock.toString()],
  'cidr-block-association.cidr-block': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.cidrBlock.toString()),
  'cidr-block-association.association-id': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.associationId),
  'cidr-block-association.state': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.cidrBlockState.state),
  'dhcp-options-id': () => ['default'],
  'ipv6-cidr-block-association.ipv6-cidr-block': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock.toString()),
  'ipv6-cidr-block-association.ipv6-pool': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6Pool),
  'ipv6-cidr-block-association.association-id': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.associationId),
  'ipv6-cidr-block-association.state': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlockState.state),
  'is-default': (v) => [String(v.isDefault)],
  'owner-id': (v) => [v.ownerId],
  state: (v) => [v.state],
  'tag-key': (v) => v.tags.map((t) => t.key),
};

interface WireFilter {
  readonly name?: string;
  readonly values?: readonly string[];
}

/** AWS filter values: `*` any run of characters, `?` one character; otherwise exact. */
function valueMatcher(values: readonly string[]): (s: string) => boolean {
  const patterns = values.map(
    (v) =>
      new RegExp(
        `^${v
          .split('')
          .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
          .join('')}$`,
        's',
      ),
  );
  return (s) => patterns.some((p) => p.test(s));
}

/** Compiles filters into one predicate; an unknown filter name is AWS's error. */
export function compileFilters(
  filters: readonly WireFilter[] | undefined,
  table: Readonly<Record<string, Extractor>>,
): Result<(v: Vpc) => boolean, AwsError> {
  const tests: ((v: Vpc) => boolean)[] = [];
  for (const f of filters ?? []) {
    const name = f.name ?? '';
    const matches = valueMatcher(f.values ?? []);
    let extract: Extractor | undefined;
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      extract = (v) => v.tags.filter((t) => t.key === key).map((t) => t.value);
    } else if (Object.hasOwn(table, name)) {
      extract = table[name];
    }
    if (extract === undefined) {
      return fail(AwsErrors.invalidParameterValue(`The filter '${name}' is invalid`));
    }
    const get = extract;
    tests.push((v) => get(v).some(matches));
  }
  return ok((v) => tests.every((t) => t(v)));
}

/** Opaque pagination tokens: the last id of the previous page, base64url-encoded. */
const encodeToken = (lastId: string): string =>
  Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');

function decodeToken(token: string): string | undefined {
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

const callerVpcs = (s: Snapshot, caller: Caller): Vpc[] =>
  s.find('vpcsByOwnerRegion', `${caller.accountId}|${caller.region}`);

interface DescribeVpcsWire {
  readonly vpcIds?: readonly string[];
  readonly filters?: readonly WireFilter[];
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** DescribeVpcs: ids, filters and MaxResults/NextToken pagination, in id order. */
export const describeVpcsHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeVpcsWire;
  const { maxResults, nextToken } = input;
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.`,
      ),
    );
  }
  if (maxResults !== undefined && input.vpcIds !== undefined && input.vpcIds.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter vpcIdSet cannot be used with the parameter maxResults',
      ),
    );
  }
  const predicate = compileFilters(input.filters, VPC_FILTERS);
  if (!predicate.ok) return predicate;
  const mine = callerVpcs(ctx.store.snapshot, ctx.caller);
  let selected: Vpc[];
  if (input.vpcIds !== undefined && input.vpcIds.length > 0) {
    const byId = new Map(mine.map((v) => [v.id as string, v]));
    selected = [];
    for (const id of new Set(input.vpcIds)) {
      const v = byId.get(id);
      if (v === undefined) return fail(AwsErrors.notFound('vpc', id));
      selected.push(v);
    }
  } else {
    selected = mine;
  }
  let page = selected.filter(predicate.value).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (nextToken !== undefined) {
    const after = decodeToken(nextToken);
    if (after === undefined) {
      return fail(
        AwsErrors.code('InvalidPaginationToken', 'The specified pagination token is not valid.'),
      );
    }
    page = page.filter((v) => v.id > after);
  }
  let token: string | undefined;
  if (maxResults !== undefined && page.length > maxResults) {
    page = page.slice(0, maxResults);
    token = encodeToken(page[page.length - 1]?.id ?? '');
  }
  return ok({ vpcs: page.map(vpcOutput), nextToken: token });
};

/** DeleteVpc. */
export const deleteVpcHandler: Handler = (raw, ctx) => {
  const result = ctx.run('DeleteVpc', deleteVpc, { vpcId: raw.vpcId as string });
  return result.ok ? ok(undefined) : result;
};

/** `AttributeBooleanValue` as decoded. */
interface WireBoolean {
  readonly value?: boolean;
}

interface ModifyVpcAttributeWire {
  readonly vpcId: string;
  readonly enableDnsSupport?: WireBoolean;
  readonly enableDnsHostnames?: WireBoolean;
  readonly enableNetworkAddressUsageMetrics?: WireBoolean;
}

/** ModifyVpcAttribute: `EnableDnsSupport.Value=true` and friends. */
export const modifyVpcAttributeHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as ModifyVpcAttributeWire;
  if (input.enableNetworkAddressUsageMetrics !== undefined) {
    return fail(
      AwsErrors.unsupported('The attribute enableNetworkAddressUsageMetrics is not supported.'),
    );
  }
  // An AttributeBooleanValue without its Value is AWS's "value missing" error.
  for (const [name, attr] of [
    ['EnableDnsSupport', input.enableDnsSupport],
    ['EnableDnsHostnames', input.enableDnsHostnames],
  ] as const) {
    if (attr !== undefined && attr.value === undefined) {
      return fail(AwsErrors.missingParameter(`${name}.Value`));
    }
  }
  const result = ctx.run('ModifyVpcAttribute', modifyVpcAttribute, {
    vpcId: input.vpcId,
    enableDnsSupport: input.enableDnsSupport?.value,
    enableDnsHostnames: input.enableDnsHostnames?.value,
  });
  return result.ok ? ok(undefined) : result;
};

/** DescribeVpcAttribute: one attribute per call. */
export const describeVpcAttributeHandler: Handler = (raw, ctx) => {
  const { attribute, vpcId } = raw as { attribute: string; vpcId: string };
  const vpc = callerVpcs(ctx.store.snapshot, ctx.caller).find((v) => v.id === vpcId);
  if (vpc === undefined) return fail(AwsErrors.notFound('vpc', vpcId));
  switch (attribute) {
    case 'enableDnsSupport':
      return ok({ vpcId: vpc.id, enableDnsSupport: { value: vpc.enableDnsSupport } });
    case 'enableDnsHostnames':
      return ok({ vpcId: vpc.id, enableDnsHostnames: { value: vpc.enableDnsHostnames } });
    case 'enableNetworkAddressUsageMetrics':
      return ok({ vpcId: vpc.id, enableNetworkAddressUsageMetrics: { value: false } });
    default:
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
        ),
      );
  }
};

/** The output shapes of an association, IPv4 or IPv6. */
function associationOutput(
  vpcId: string,
  associationId: string,
  cidr: { family: 4 | 6; toString(): string },
  state: string,
  region: string,
): Record<string, unknown> {
  return cidr.family === 4
    ? {
        vpcId,
        cidrBlockAssociation: {
          associationId,
          cidrBlock: cidr.toString(),
          cidrBlockState: { state },
        },
      }
    : {
        vpcId,
        ipv6CidrBlockAssociation: {
          associationId,
          ipv6CidrBlock: cidr.toString(),
          ipv6CidrBlockState: { state },
          networkBorderGroup: region,
          ipv6Pool: 'Amazon',
        },
      };
}

interface AssociateWire {
  readonly vpcId: string;
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  readonly ipv6CidrBlock?: string;
}

/** AssociateVpcCidrBlock: AWS answers with the association in state `associating`. */
export const associateVpcCidrBlockHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as AssociateWire;
  const result = ctx.run('AssociateVpcCidrBlock', associateVpcCidrBlock, {
    vpcId: input.vpcId,
    cidrBlock: input.cidrBlock,
    amazonProvidedIpv6CidrBlock: input.amazonProvidedIpv6CidrBlock,
    ipv6CidrBlock: input.ipv6CidrBlock,
  });
  if (!result.ok) return result;
  const { vpcId, associationId, cidr } = result.value;
  return ok(associationOutput(vpcId, associationId, cidr, 'associating', ctx.caller.region));
};

/** DisassociateVpcCidrBlock: AWS answers with the association in state `disassociating`. */
export const disassociateVpcCidrBlockHandler: Handler = (raw, ctx) => {
  const associationId = raw.associationId as string;
  const result = ctx.run('DisassociateVpcCidrBlock', disassociateVpcCidrBlock, {
    associationId,
  });
  if (!result.ok) return result;
  const { vpcId, cidr } = result.value;
  return ok(associationOutput(vpcId, associationId, cidr, 'disassociating', ctx.caller.region));
};

/** The VPC handlers, by action. */
export const VPC_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateVpc: createVpcHandler,
  DescribeVpcs: describeVpcsHandler,
  DeleteVpc: deleteVpcHandler,
  ModifyVpcAttribute: modifyVpcAttributeHandler,
  DescribeVpcAttribute: describeVpcAttributeHandler,
  AssociateVpcCidrBlock: associateVpcCidrBlockHandler,
  DisassociateVpcCidrBlock: disassociateVpcCidrBlockHandler,
};
