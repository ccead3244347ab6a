import type { Cidr, Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** A named host of an on-premises site, so traces can start or end at it by name. */
export interface OnPremisesHost {
  readonly name: string;
  readonly ip: Ip;
}

/**
 * An on-premises site: an external network behind customer gateways (over Site-to-Site VPN)
 * and Direct Connect virtual interfaces. Not an AWS resource — AWS sees only the gateways and
 * interfaces — but the twin needs the far end to trace to and from it (D41): its address
 * blocks, named hosts, and the prefixes it advertises over BGP (its blocks unless narrowed).
 */
export interface OnPremisesSite extends ResourceBase<'on-premises-site', Id<'on-premises-site'>> {
  readonly siteName: string;
  readonly cidrs: readonly Cidr[];
  readonly hosts: readonly OnPremisesHost[];
  readonly advertisedPrefixes: readonly Cidr[];
  readonly customerGatewayIds: readonly Id<'customer-gateway'>[];
  readonly virtualInterfaceIds: readonly Id<'virtual-interface'>[];
}
