import { Cidr, Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { OnPremisesHost, OnPremisesSite } from '../model/on-premises-site.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { isLive } from '../model/customer-gateway.js';
import { idParam, owned, tagsParam } from './params.js';
import { liveVirtualInterface } from './virtual-interface.js';

/**
 * On-premises sites (D41): vpctwin's model of the network behind customer gateways and Direct
 * Connect virtual interfaces. Not an AWS resource, so the rules are the twin's own, worded like
 * AWS's: names unique per account, hosts inside the site's blocks, a gateway or interface
 * serving one site.
 */

export interface OnPremisesSiteInput {
  readonly siteName: string;
  readonly cidrs: readonly string[];
  readonly hosts?: readonly { readonly name: string; readonly ip: string }[];
  /** Prefixes the site advertises over BGP; its own blocks when absent. */
  readonly advertisedPrefixes?: readonly string[];
  readonly customerGatewayIds?: readonly string[];
  readonly virtualInterfaceIds?: readonly string[];
  readonly tags?: readonly Tag[];
}

const parseCidrs = (param: string, texts: readonly string[]): Result<Cidr[], AwsError> => {
  const out: Cidr[] = [];
  for (const t of texts) {
    const c = Cidr.parse(t);
    if (!c) return fail(AwsErrors.invalidCidr(param, t));
    out.push(c);
  }
  return ok(out);
};

/** The site's blocks: at least one, none overlapping another. */
function blocksParam(texts: readonly string[]): Result<Cidr[], AwsError> {
  if (texts.length === 0) return fail(AwsErrors.missingParameter('Cidrs'));
  const cidrs = parseCidrs('Cidrs', texts);
  if (!cidrs.ok) return cidrs;
  for (const [i, a] of cidrs.value.entries()) {
    const b = cidrs.value.slice(i + 1).find((x) => x.overlaps(a));
    if (b) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The CIDR blocks ${a.toString()} and ${b.toString()} of an on-premises site overlap.`,
        ),
      );
    }
  }
  return cidrs;
}

/** Hosts: unique names, each address inside one of the site's blocks. */
function hostsParam(
  given: OnPremisesSiteInput['hosts'],
  cidrs: readonly Cidr[],
): Result<OnPremisesHost[], AwsError> {
  const out: OnPremisesHost[] = [];
  for (const h of given ?? []) {
    if (typeof h.name !== 'string' || h.name.length === 0) {
      return fail(AwsErrors.missingParameter('Hosts.Name'));
    }
    if (out.some((x) => x.name === h.name)) {
      return fail(AwsErrors.invalidParameterValue(`Host name ${h.name} is given more than once.`));
    }
    const ip: Ip | undefined = Ip.parse(h.ip);
    if (!ip) return fail(AwsErrors.invalidIp('Hosts.Ip', h.ip));
    if (!cidrs.some((c) => c.contains(ip))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Host ${h.name} (${h.ip}) is outside the site's CIDR blocks.`,
        ),
      );
    }
    out.push({ name: h.name, ip });
  }
  return ok(out);
}

/** Gateways and interfaces the site sits behind: live, the caller's, serving no other site. */
function attachmentsParam(
  s: Snapshot,
  input: OnPremisesSiteInput,
  self: string | undefined,
  ctx: OperationContext,
): Result<Pick<OnPremisesSite, 'customerGatewayIds' | 'virtualInterfaceIds'>, AwsError> {
  const customerGatewayIds: Id<'customer-gateway'>[] = [];
  for (const id of input.customerGatewayIds ?? []) {
    // A site is the account's, not a Region's: its gateways may sit in any Region.
    const shaped = idParam('customer-gateway', id);
    if (!shaped.ok) return shaped;
    const cgw = s.get('customer-gateway', id);
    if (!cgw || cgw.ownerId !== ctx.accountId || !isLive(cgw)) {
      return fail(AwsErrors.notFound('customer-gateway', id));
    }
    const other = s.find('onPremisesSiteByCustomerGateway', id).find((o) => o.id !== self);
    if (other) {
      return fail(
        AwsErrors.code(
          'Resource.AlreadyAssociated',
          `The customer gateway ${id} already serves the on-premises site ${other.siteName}.`,
        ),
      );
    }
    if (!customerGatewayIds.includes(cgw.id)) customerGatewayIds.push(cgw.id);
  }
  const virtualInterfaceIds: Id<'virtual-interface'>[] = [];
  for (const id of input.virtualInterfaceIds ?? []) {
    const vif = liveVirtualInterface(s, id, ctx);
    if (!vif.ok) return vif;
    const other = s.find('onPremisesSiteByVirtualInterface', id).find((o) => o.id !== self);
    if (other) {
      return fail(
        AwsErrors.code(
          'Resource.AlreadyAssociated',
          `The virtual interface ${id} already serves the on-premises site ${other.siteName}.`,
        ),
      );
    }
    if (!virtualInterfaceIds.includes(vif.value.id)) virtualInterfaceIds.push(vif.value.id);
  }
  return ok({ customerGatewayIds, virtualInterfaceIds });
}

/** Builds a site from a request, for a new site or (with `self`) a replacement of one. */
function buildSite(
  s: Snapshot,
  input: OnPremisesSiteInput,
  self: OnPremisesSite | undefined,
  ctx: OperationContext,
): Result<OnPremisesSite, AwsError> {
  if (typeof input.siteName !== 'string' || input.siteName.length === 0) {
    return fail(AwsErrors.missingParameter('SiteName'));
  }
  const clash = s
    .find('onPremisesSiteByName', `${ctx.accountId}|${input.siteName}`)
    .find((o) => o.id !== self?.id);
  if (clash) {
    return fail(
      AwsErrors.code(
        'InvalidOnPremisesSite.Duplicate',
        `An on-premises site named '${input.siteName}' already exists.`,
      ),
    );
  }
  const cidrs = blocksParam(input.cidrs);
  if (!cidrs.ok) return cidrs;
  const hosts = hostsParam(input.hosts, cidrs.value);
  if (!hosts.ok) return hosts;
  const advertised =
    input.advertisedPrefixes === undefined
      ? ok(cidrs.value)
      : parseCidrs('AdvertisedPrefixes', input.advertisedPrefixes);
  if (!advertised.ok) return advertised;
  const attachments = attachmentsParam(s, input, self?.id, ctx);
  if (!attachments.ok) return attachments;
  const tags = tagsParam(input.tags ?? self?.tags);
  if (!tags.ok) return tags;
  return ok({
    kind: 'on-premises-site',
    id: self?.id ?? ctx.ids.next('on-premises-site'),
    ownerId: ctx.accountId,
    region: self?.region ?? ctx.region,
    tags: tags.value,
    siteName: input.siteName,
    cidrs: cidrs.value,
    hosts: hosts.value,
    advertisedPrefixes: advertised.value,
    ...attachments.value,
  });
}

/** Creates an on-premises site. */
export const createOnPremisesSite: Operation<OnPremisesSiteInput, OnPremisesSite> = (
  s,
  input,
  ctx,
) => {
  const site = buildSite(s, input, undefined, ctx);
  if (!site.ok) return site;
  return ok({ changes: [{ op: 'put', resource: site.value }], output: site.value });
};

/** Replaces a site's definition (blocks, hosts, prefixes, gateways), keeping its id. */
export const modifyOnPremisesSite: Operation<
  OnPremisesSiteInput & { readonly siteId: string },
  OnPremisesSite
> = (s, input, ctx) => {
  const found = owned(s, 'on-premises-site', input.siteId, ctx);
  if (!found.ok) return found;
  const site = buildSite(s, input, found.value, ctx);
  if (!site.ok) return site;
  return ok({ changes: [{ op: 'put', resource: site.value }], output: site.value });
};

/** Deletes a site: the gateways and interfaces it sat behind lead nowhere afterwards. */
export const deleteOnPremisesSite: Operation<{ readonly siteId: string }, true> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'on-premises-site', input.siteId, ctx);
  if (!found.ok) return found;
  return ok({
    changes: [{ op: 'delete', kind: 'on-premises-site', id: found.value.id }],
    output: true,
  });
};
