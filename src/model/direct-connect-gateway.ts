import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { IdFamily, IdGenerator } from './ids.js';

/**
 * A Direct Connect gateway association (Direct Connect `DirectConnectGatewayAssociation`): a
 * virtual private gateway or a transit gateway reached through the Direct Connect gateway, with
 * the prefixes the gateway advertises to on-premises (`allowedPrefixesToDirectConnectGateway`).
 */
export interface DirectConnectGatewayAssociation {
  readonly associationId: string;
  readonly associatedGateway: {
    readonly id: string;
    readonly type: 'virtualPrivateGateway' | 'transitGateway';
    readonly ownerAccount: string;
    readonly region: string;
  };
  readonly allowedPrefixesToDirectConnectGateway: readonly Cidr[];
  readonly associationState: 'associated';
}

/**
 * A Direct Connect gateway (Direct Connect `DirectConnectGateway`): a global resource joining
 * virtual interfaces to virtual private gateways or transit gateways in any Region
 * (https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html).
 * Its id is a UUID, as in AWS; `region` records where it was created (the twin files every
 * resource under a Region), not a limit on where it reaches. Associations live on the gateway.
 */
export interface DirectConnectGateway extends ResourceBase<'direct-connect-gateway', string> {
  readonly directConnectGatewayName: string;
  readonly amazonSideAsn: number;
  readonly directConnectGatewayState: 'available' | 'deleted';
  readonly associations: readonly DirectConnectGatewayAssociation[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a UUID-shaped id, as Direct Connect gateway and association ids are. */
export const isUuid = (text: string): boolean => UUID_RE.test(text);

/**
 * A UUID from two draws of the id generator (17 hex digits each), so the ids AWS writes as
 * UUIDs (Direct Connect gateways and associations, RAM shares) keep that shape and stay
 * deterministic.
 */
export function nextUuid(ids: IdGenerator, family: IdFamily): string {
  const hex = (ids.next(family).split('-')[1] ?? '') + (ids.next(family).split('-')[1] ?? '');
  const h = hex.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
