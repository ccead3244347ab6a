import { Cidr } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import {
  gatewayAttachments,
  type Toggle,
  type TransitGateway,
  type TransitGatewayOptions,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { tagsParam } from './params.js';
import { incorrectState, ownedTgw, tgwRouteTableNotFound } from './transit-gateway-lookup.js';

/**
 * Transit gateways (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html):
 * CreateTransitGateway, ModifyTransitGateway, DeleteTransitGateway. A gateway whose default
 * association or propagation is enabled gets a default route table, created with it.
 */

/** Amazon-side ASN ranges AWS accepts (16-bit and 32-bit private ranges). */
const ASN_RANGES: readonly (readonly [number, number])[] = [
  [64512, 65534],
  [4200000000, 4294967294],
];

/** AWS's default Amazon-side ASN. */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** Parses an `enable | disable` option, AWS's InvalidParameterValue otherwise. */
export function toggleParam(
  name: string,
  value: string | undefined,
  fallback: Toggle,
): Result<Toggle, AwsError> {
  if (value === undefined) return ok(fallback);
  if (value === 'enable' || value === 'disable') return ok(value);
  return fail(
    AwsErrors.invalidParameterValue(
      `Value (${value}) for parameter ${name} is invalid. Valid values: enable, disable`,
    ),
  );
}

function asnParam(asn: number | undefined): Result<number, AwsError> {
  if (asn === undefined) return ok(DEFAULT_AMAZON_SIDE_ASN);
  if (Number.isInteger(asn) && ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi))
    return ok(asn);
  return fail(
    AwsErrors.invalidParameterValue(
      `The Amazon side ASN ${String(asn)} is invalid. It must be in the range 64512-65534 or 4200000000-4294967294.`,
    ),
  );
}

const LINK_LOCAL = Cidr.parse('169.254.0.0/16') as Cidr;

/** A transit gateway CIDR block: IPv4 /24 or larger, IPv6 /64 or larger, not link-local. */
function tgwCidrParam(text: string): Result<Cidr, AwsError> {
  const cidr = Cidr.parse(text);
  if (!cidr) return fail(AwsErrors.invalidCidr('TransitGatewayCidrBlocks', text));
  const max = cidr.family === 4 ? 24 : 64;
  if (cidr.prefix > max || (cidr.family === 4 && cidr.overlaps(LINK_LOCAL))) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Transit gateway CIDR block ${text} is invalid: it must be an IPv4 /24 or larger, or an IPv6 /64 or larger, outside 169.254.0.0/16.`,
      ),
    );
  }
  return ok(cidr);
}

function tgwCidrsParam(
  texts: readonly string[] | undefined,
  existing: readonly Cidr[],
): Result<Cidr[], AwsError> {
  const out = [...existing];
  for (const t of texts ?? []) {
    const c = tgwCidrParam(t);
    if (!c.ok) return c;
    if (out.some((x) => x.overlaps(c.value))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Transit gateway CIDR block ${t} overlaps a CIDR block of the transit gateway.`,
        ),
      );
    }
    out.push(c.value);
  }
  return ok(out);
}

/** EC2 `TransitGatewayRequestOptions`. */
export interface TransitGatewayRequestOptions {
  readonly amazonSideAsn?: number;
  readonly autoAcceptSharedAttachments?: string;
  readonly defaultRouteTableAssociation?: string;
  readonly defaultRouteTablePropagation?: string;
  readonly vpnEcmpSupport?: string;
  readonly dnsSupport?: string;
  readonly securityGroupReferencingSupport?: string;
  readonly multicastSupport?: string;
  readonly transitGatewayCidrBlocks?: readonly string[];
}

export interface CreateTransitGatewayInput {
  readonly description?: string;
  readonly options?: TransitGatewayRequestOptions;
  readonly tags?: readonly Tag[];
}

/** A new, empty route table of a gateway. */
export function newTgwRouteTable(
  tgw: Pick<TransitGateway, 'id' | 'ownerId' | 'region'>,
  ctx: OperationContext,
  tags: readonly Tag[] = [],
): TransitGatewayRouteTable {
  return {
    kind: 'transit-gateway-route-table',
    id: ctx.ids.next('transit-gateway-route-table'),
    ownerId: tgw.ownerId,
    region: tgw.region,
    tags,
    transitGatewayId: tgw.id,
    state: 'available',
    creationTime: ctx.clock.now().toISOString(),
    associations: [],
    propagations: [],
    routes: [],
    prefixListReferences: [],
  };
}

/** Parses every toggle of a request, each with AWS's default when absent. */
function togglesParam(
  o: TransitGatewayRequestOptions,
  base: Pick<
    TransitGatewayOptions,
    | 'autoAcceptSharedAttachments'
    | 'defaultRouteTableAssociation'
    | 'defaultRouteTablePropagation'
    | 'vpnEcmpSupport'
    | 'dnsSupport'
    | 'securityGroupReferencingSupport'
    | 'multicastSupport'
  >,
): Result<typeof base, AwsError> {
  const out: Record<string, Toggle> = {};
  for (const [key, fallback] of Object.entries(base) as [keyof typeof base, Toggle][]) {
    const t = toggleParam(key.charAt(0).toUpperCase() + key.slice(1), o[key], fallback);
    if (!t.ok) return t;
    out[key] = t.value;
  }
  return ok(out as unknown as typeof base);
}

/** AWS's defaults (TransitGatewayRequestOptions in the API reference). */
const DEFAULT_TOGGLES = {
  autoAcceptSharedAttachments: 'disable',
  defaultRouteTableAssociation: 'enable',
  defaultRouteTablePropagation: 'enable',
  vpnEcmpSupport: 'enable',
  dnsSupport: 'enable',
  securityGroupReferencingSupport: 'disable',
  multicastSupport: 'disable',
} as const;

/**
 * CreateTransitGateway. With default association or propagation enabled (AWS's default) the
 * gateway gets one default route table, recorded as both default tables; with both disabled,
 * none. Gateways are created `available` (the twin has no time passing between calls).
 */
export const createTransitGateway: Operation<CreateTransitGatewayInput, TransitGateway> = (
  _s,
  input,
  ctx,
) => {
  const o = input.options ?? {};
  const asn = asnParam(o.amazonSideAsn);
  if (!asn.ok) return asn;
  const toggles = togglesParam(o, DEFAULT_TOGGLES);
  if (!toggles.ok) return toggles;
  if (toggles.value.multicastSupport === 'enable') {
    return fail(AwsErrors.unsupported('Transit gateway multicast is not supported by vpctwin.'));
  }
  const cidrs = tgwCidrsParam(o.transitGatewayCidrBlocks, []);
  if (!cidrs.ok) return cidrs;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('transit-gateway');
  const wantsTable =
    toggles.value.defaultRouteTableAssociation === 'enable' ||
    toggles.value.defaultRouteTablePropagation === 'enable';
  const table = wantsTable
    ? newTgwRouteTable({ id, ownerId: ctx.accountId, region: ctx.region }, ctx)
    : undefined;
  const tgw: TransitGateway = {
    kind: 'transit-gateway',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    ...(input.description !== undefined ? { description: input.description } : {}),
    state: 'available',
    creationTime: ctx.clock.now().toISOString(),
    options: {
      amazonSideAsn: asn.value,
      ...toggles.value,
      ...(table && toggles.value.defaultRouteTableAssociation === 'enable'
        ? { associationDefaultRouteTableId: table.id }
        : {}),
      ...(table && toggles.value.defaultRouteTablePropagation === 'enable'
        ? { propagationDefaultRouteTableId: table.id }
        : {}),
      transitGatewayCidrBlocks: cidrs.value,
    },
  };
  const changes: Change[] = [{ op: 'put', resource: tgw }];
  if (table) changes.push({ op: 'put', resource: table });
  return ok({ changes, output: tgw });
};

/** EC2 `ModifyTransitGatewayOptions`. */
export interface ModifyTransitGatewayOptions {
  readonly addTransitGatewayCidrBlocks?: readonly string[];
  readonly removeTransitGatewayCidrBlocks?: readonly string[];
  readonly vpnEcmpSupport?: string;
  readonly dnsSupport?: string;
  readonly securityGroupReferencingSupport?: string;
  readonly autoAcceptSharedAttachments?: string;
  readonly defaultRouteTableAssociation?: string;
  readonly associationDefaultRouteTableId?: string;
  readonly defaultRouteTablePropagation?: string;
  readonly propagationDefaultRouteTableId?: string;
  readonly amazonSideAsn?: number;
}

export interface ModifyTransitGatewayInput {
  readonly transitGatewayId: string;
  readonly description?: string;
  readonly options?: ModifyTransitGatewayOptions;
}

/** A default-table id given in a modify request: a table of this gateway. */
function defaultTableParam(
  s: Snapshot,
  tgw: TransitGateway,
  id: string | undefined,
): Result<Id<'transit-gateway-route-table'> | undefined, AwsError> {
  if (id === undefined) return ok(undefined);
  const t = s.get('transit-gateway-route-table', id);
  if (!t || t.transitGatewayId !== tgw.id || t.state === 'deleted')
    return fail(tgwRouteTableNotFound(id));
  return ok(t.id);
}

/**
 * ModifyTransitGateway. Enabling default association or propagation uses the table given, else
 * the gateway's current default table, else a new one (decision D31). The ASN cannot change
 * while the gateway has attachments (VPN and Direct Connect sessions use it).
 */
export const modifyTransitGateway: Operation<ModifyTransitGatewayInput, TransitGateway> = (
  s,
  input,
  ctx,
) => {
  const found = ownedTgw(s, input.transitGatewayId, ctx);
  if (!found.ok) return found;
  const tgw = found.value;
  const o = input.options ?? {};
  const cur = tgw.options;
  const toggles = togglesParam(o, {
    autoAcceptSharedAttachments: cur.autoAcceptSharedAttachments,
    defaultRouteTableAssociation: cur.defaultRouteTableAssociation,
    defaultRouteTablePropagation: cur.defaultRouteTablePropagation,
    vpnEcmpSupport: cur.vpnEcmpSupport,
    dnsSupport: cur.dnsSupport,
    securityGroupReferencingSupport: cur.securityGroupReferencingSupport,
    multicastSupport: cur.multicastSupport,
  });
  if (!toggles.ok) return toggles;
  let asn = cur.amazonSideAsn;
  if (o.amazonSideAsn !== undefined && o.amazonSideAsn !== cur.amazonSideAsn) {
    const parsed = asnParam(o.amazonSideAsn);
    if (!parsed.ok) return parsed;
    if (gatewayAttachments(s, tgw.id).length > 0) {
      return fail(
        incorrectState(
          `The Amazon side ASN of ${tgw.id} cannot be modified while it has attachments.`,
        ),
      );
    }
    asn = parsed.value;
  }
  let cidrs: Cidr[] = [...cur.transitGatewayCidrBlocks];
  for (const text of o.removeTransitGatewayCidrBlocks ?? []) {
    const c = Cidr.parse(text);
    const i = c ? cidrs.findIndex((x) => x.equals(c)) : -1;
    if (i < 0) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Transit gateway CIDR block ${text} is not a CIDR block of ${tgw.id}.`,
        ),
      );
    }
    cidrs.splice(i, 1);
  }
  const added = tgwCidrsParam(o.addTransitGatewayCidrBlocks, cidrs);
  if (!added.ok) return added;
  cidrs = added.value;

  const assocGiven = defaultTableParam(s, tgw, o.associationDefaultRouteTableId);
  if (!assocGiven.ok) return assocGiven;
  const propGiven = defaultTableParam(s, tgw, o.propagationDefaultRouteTableId);
  if (!propGiven.ok) return propGiven;
  const changes: Change[] = [];
  let created: TransitGatewayRouteTable | undefined;
  /** The default table for an enabled option: given, current, the other default, or a new one. */
  const tableFor = (
    enabled: boolean,
    given: Id<'transit-gateway-route-table'> | undefined,
    current: Id<'transit-gateway-route-table'> | undefined,
  ): Id<'transit-gateway-route-table'> | undefined => {
    if (!enabled) return undefined;
    const other = cur.associationDefaultRouteTableId ?? cur.propagationDefaultRouteTableId;
    const id = given ?? current ?? other ?? created?.id;
    if (id !== undefined) return id;
    created = newTgwRouteTable(tgw, ctx);
    changes.push({ op: 'put', resource: created });
    return created.id;
  };
  const associationDefaultRouteTableId = tableFor(
    toggles.value.defaultRouteTableAssociation === 'enable',
    assocGiven.value,
    cur.associationDefaultRouteTableId,
  );
  const propagationDefaultRouteTableId = tableFor(
    toggles.value.defaultRouteTablePropagation === 'enable',
    propGiven.value,
    cur.propagationDefaultRouteTableId,
  );
  const next: TransitGateway = {
    ...tgw,
    ...(input.description !== undefined ? { description: input.description } : {}),
    options: {
      amazonSideAsn: asn,
      ...toggles.value,
      ...(associationDefaultRouteTableId ? { associationDefaultRouteTableId } : {}),
      ...(propagationDefaultRouteTableId ? { propagationDefaultRouteTableId } : {}),
      transitGatewayCidrBlocks: cidrs,
    },
  };
  changes.unshift({ op: 'put', resource: next });
  return ok({ changes, output: next });
};

export interface TransitGatewayIdInput {
  readonly transitGatewayId: string;
}

/** The attachment nouns AWS uses in DeleteTransitGateway's IncorrectState message. */
const ATTACHMENT_NOUN = {
  vpc: 'Transit Gateway Attachments',
  vpn: 'VPN Attachments',
  'direct-connect-gateway': 'DirectConnect Gateway Attachments',
  peering: 'Transit Gateway Cross Region Peering Attachments',
} as const;

/**
 * DeleteTransitGateway: refused with IncorrectState while any attachment is not deleted
 * (AWS: "tgw-… has non-deleted Transit Gateway Attachments: tgw-attach-…."). The gateway stays
 * visible as `deleted`; its route tables go with it.
 */
export const deleteTransitGateway: Operation<TransitGatewayIdInput, TransitGateway> = (
  s,
  input,
  ctx,
) => {
  const found = ownedTgw(s, input.transitGatewayId, ctx);
  if (!found.ok) return found;
  const tgw = found.value;
  const live = gatewayAttachments(s, tgw.id);
  const first = live[0];
  if (first) {
    return fail(
      incorrectState(
        `${tgw.id} has non-deleted ${ATTACHMENT_NOUN[first.resourceType]}: ${live
          .filter((a) => a.resourceType === first.resourceType)
          .map((a) => a.id)
          .join(', ')}.`,
      ),
    );
  }
  const next: TransitGateway = { ...tgw, state: 'deleted' };
  const changes: Change[] = [{ op: 'put', resource: next }];
  for (const t of s.find('tgwRouteTablesByGateway', tgw.id)) {
    changes.push({ op: 'delete', kind: 'transit-gateway-route-table', id: t.id });
  }
  return ok({ changes, output: next });
};
