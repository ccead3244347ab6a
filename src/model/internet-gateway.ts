import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** An internet gateway (EC2 `InternetGateway`); at most one VPC attached. */
export interface InternetGateway extends ResourceBase<'internet-gateway', Id<'internet-gateway'>> {
  readonly attachments: readonly { readonly vpcId: Id<'vpc'>; readonly state: 'available' }[];
}

/** An egress-only internet gateway (IPv6, stateful, outbound only). */
export interface EgressOnlyInternetGateway extends ResourceBase<
  'egress-only-internet-gateway',
  Id<'egress-only-internet-gateway'>
> {
  readonly attachments: readonly { readonly vpcId: Id<'vpc'>; readonly state: 'attached' }[];
}
