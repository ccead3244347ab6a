import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/**
 * A Direct Connect virtual interface (Direct Connect `VirtualInterface`). A private interface
 * reaches one virtual private gateway, or many through a Direct Connect gateway; a transit
 * interface reaches transit gateways through a Direct Connect gateway
 * (https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html).
 * The physical connection (`dxcon-…`) is not modelled; its id is kept as data.
 */
export interface VirtualInterface extends ResourceBase<
  'virtual-interface',
  Id<'virtual-interface'>
> {
  readonly virtualInterfaceType: 'private' | 'transit';
  readonly virtualInterfaceName: string;
  readonly connectionId: string;
  readonly vlan: number;
  /** The customer side's BGP ASN. */
  readonly asn: number;
  readonly amazonSideAsn: number;
  readonly addressFamily: 'ipv4';
  readonly amazonAddress?: string;
  readonly customerAddress?: string;
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly virtualInterfaceState: 'available' | 'deleted';
  readonly mtu: 1500 | 9001 | 8500;
}

/** True while a virtual interface carries traffic. */
export const isVifUp = (v: VirtualInterface): boolean => v.virtualInterfaceState === 'available';
