import { AwsErrors, type AwsError } from '../model/errors.js';
import { fail, ok, type Result } from '../model/result.js';
import { Ip } from '../net/index.js';
import { notSupported, type VpcEndpointType } from './vpc-endpoint-types.js';

/**
 * CreateVpcEndpoint's `SubnetConfigurations` (EC2 `SubnetConfiguration`): the address an
 * interface or Gateway Load Balancer endpoint's network interface takes in a subnet, instead
 * of the subnet's lowest free one (docs/decisions.md D83).
 */
export interface SubnetConfigurationInput {
  readonly subnetId?: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
}

/** The subnets a request names, in order, and the IPv4 address pinned in some of them. */
export interface EndpointSubnetRequest {
  /** `SubnetIds`, then the subnets only a configuration names; undefined when neither is given. */
  readonly subnetIds: readonly string[] | undefined;
  /** Subnet id → the address its endpoint network interface must take. */
  readonly pinned: ReadonlyMap<string, Ip>;
}

/**
 * Reads `SubnetIds` and `SubnetConfigurations` together. A configuration must name a subnet
 * (once) and an IPv4 address (AWS: "you must provide an IPv4 address if the VPC endpoint
 * supports IPv4"; the twin's endpoints are IPv4 only, so an IPv6 one is refused as unsupported).
 * Whether the address fits the subnet is checked when addresses are assigned.
 */
export function endpointSubnetRequest(
  type: VpcEndpointType,
  subnetIds: readonly string[] | undefined,
  configurations: readonly SubnetConfigurationInput[] | undefined,
): Result<EndpointSubnetRequest, AwsError> {
  if (configurations === undefined || configurations.length === 0) {
    return ok({ subnetIds, pinned: new Map() });
  }
  if (type === 'Gateway') return fail(notSupported('Subnet configurations are', type));
  const pinned = new Map<string, Ip>();
  for (const [i, c] of configurations.entries()) {
    const at = `SubnetConfiguration.${i + 1}`;
    if (c.subnetId === undefined) return fail(AwsErrors.missingParameter(`${at}.SubnetId`));
    if (c.ipv6 !== undefined) {
      return fail(AwsErrors.unsupported('IPv6 addresses for VPC endpoints are not supported.'));
    }
    if (c.ipv4 === undefined) return fail(AwsErrors.missingParameter(`${at}.Ipv4`));
    const ip = Ip.parse(c.ipv4);
    if (ip?.family !== 4) return fail(AwsErrors.invalidIp(`${at}.Ipv4`, c.ipv4));
    if (pinned.has(c.subnetId)) {
      return fail(
        AwsErrors.invalidParameter(
          `The subnet ${c.subnetId} has more than one subnet configuration.`,
        ),
      );
    }
    pinned.set(c.subnetId, ip);
  }
  const listed = subnetIds ?? [];
  const extra = [...pinned.keys()].filter((id) => !listed.includes(id));
  return ok({ subnetIds: [...listed, ...extra], pinned });
}
