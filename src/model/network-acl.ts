import type { Cidr } from '../net/index.js';
import type { IcmpTypeCode, PortRange, ResourceBase } from './common.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';

/** One NACL entry (EC2 `NetworkAclEntry`); `protocol` is a number as text, `-1` for all. */
export interface NetworkAclEntry {
  readonly ruleNumber: number;
  readonly protocol: string;
  readonly ruleAction: 'allow' | 'deny';
  readonly egress: boolean;
  readonly cidrBlock?: Cidr;
  readonly ipv6CidrBlock?: Cidr;
  readonly portRange?: PortRange;
  readonly icmpTypeCode?: IcmpTypeCode;
}

/** The catch-all `*` deny rules are stored with these numbers (IPv4, IPv6), as AWS shows them. */
export const ACL_DEFAULT_DENY_V4 = 32767;
export const ACL_DEFAULT_DENY_V6 = 32768;

/** A network ACL (EC2 `NetworkAcl`). */
export interface NetworkAcl extends ResourceBase<'network-acl', Id<'network-acl'>> {
  readonly vpcId: Id<'vpc'>;
  readonly isDefault: boolean;
  readonly entries: readonly NetworkAclEntry[];
  readonly associations: readonly {
    readonly networkAclAssociationId: Id<'network-acl-association'>;
    readonly subnetId: Id<'subnet'>;
  }[];
  /**
   * Whether a direction's rules were ever changed: AWS adds the default ACL's IPv6 allow rules
   * on IPv6 association only to directions never modified.
   */
  readonly modified: { readonly ingress: boolean; readonly egress: boolean };
}

/** The VPC's default network ACL. */
export function defaultNetworkAclOf(s: Snapshot, vpcId: string): NetworkAcl | undefined {
  return s.find('networkAclsByVpc', vpcId).find((a) => a.isDefault);
}

/** The network ACL of a subnet: its association, else its VPC's default ACL. */
export function subnetNetworkAcl(s: Snapshot, subnetId: string): NetworkAcl | undefined {
  const explicit = s.find('networkAclBySubnet', subnetId)[0];
  if (explicit) return explicit;
  const subnet = s.get('subnet', subnetId);
  return subnet ? defaultNetworkAclOf(s, subnet.vpcId) : undefined;
}
