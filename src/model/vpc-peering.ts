import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { AccountId, Id, RegionName } from './ids.js';

/** One side of a peering connection (EC2 `VpcPeeringConnectionVpcInfo`). */
export interface VpcPeeringConnectionVpcInfo {
  readonly vpcId: Id<'vpc'>;
  readonly ownerId: AccountId;
  readonly region: RegionName;
  readonly cidrBlock?: Cidr;
  readonly allowDnsResolutionFromRemoteVpc: boolean;
}

/** Peering lifecycle states (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html). */
export type PeeringStatusCode =
  | 'initiating-request'
  | 'pending-acceptance'
  | 'active'
  | 'deleted'
  | 'rejected'
  | 'failed'
  | 'expired'
  | 'provisioning'
  | 'deleting';

/**
 * A VPC peering connection. It is stored once, in the requester's Region; the snapshot shows it
 * to both sides. The CIDR blocks of each side are read live from the VPCs.
 */
export interface VpcPeeringConnection
  extends ResourceBase<'vpc-peering-connection', Id<'vpc-peering-connection'>> {
  readonly requesterVpcInfo: VpcPeeringConnectionVpcInfo;
  readonly accepterVpcInfo: VpcPeeringConnectionVpcInfo;
  readonly status: { readonly code: PeeringStatusCode; readonly message: string };
  readonly expirationTime?: string;
}
