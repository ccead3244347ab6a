import type { Ip } from '../net/index.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import {
  LB_ARN_TYPE,
  loadBalancerPath,
  type LoadBalancer,
  type LoadBalancerZone,
} from '../model/load-balancer.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Subnet } from '../model/subnet.js';
import type { Draft } from './draft.js';
import { buildNetworkInterface } from './interface-builder.js';
import { deleteInterface } from './network-interface.js';
import { ipParam, owned } from './params.js';
import { assignAutoPublicIp, associateEip } from './public-address.js';
import { freeEips } from './nat-gateway.js';

/**
 * Load balancer nodes: one per enabled subnet, each a requester-managed ENI (described
 * `ELB <app|net|gwy>/<name>/<id>`) holding the node's private IPv4 and, for an internet-facing
 * load balancer, a public IPv4 — an Elastic IP when an NLB's subnet mapping names one, else an
 * Amazon-owned address.
 */

/** A subnet a load balancer is to be enabled in (ELBv2 `SubnetMapping`). */
export interface SubnetMappingInput {
  readonly subnetId?: string;
  readonly allocationId?: string;
  readonly privateIPv4Address?: string;
}

/** What a node is built for. */
type NodeOwner = Pick<LoadBalancer, 'id' | 'type' | 'scheme' | 'securityGroups'> & {
  readonly ipAddressType?: LoadBalancer['ipAddressType'];
};

const ENI_TYPE = {
  application: 'interface',
  network: 'network_load_balancer',
  gateway: 'gateway_load_balancer',
} as const;

/** The caller's subnets of the mappings: each exists, one VPC, one per zone. */
export function mappedSubnets(
  d: Draft,
  mappings: readonly SubnetMappingInput[],
  ctx: OperationContext,
): Result<Subnet[], AwsError> {
  const out: Subnet[] = [];
  for (const m of mappings) {
    if (m.subnetId === undefined)
      return fail(Elbv2Errors.validation('A subnet ID must be specified'));
    const found = owned(d.s, 'subnet', m.subnetId, ctx);
    if (!found.ok) return fail(Elbv2Errors.subnetNotFound(m.subnetId));
    const sn = found.value;
    if (out.some((o) => o.id === sn.id)) continue;
    if (out.some((o) => o.availabilityZone === sn.availabilityZone)) {
      return fail(
        Elbv2Errors.invalidConfiguration(
          'A load balancer cannot be attached to multiple subnets in the same Availability Zone',
        ),
      );
    }
    if (out[0] && out[0].vpcId !== sn.vpcId) {
      return fail(
        Elbv2Errors.invalidConfiguration(
          `Subnets must be in the same VPC: '${out[0].id}' is in '${out[0].vpcId}' and '${sn.id}' in '${sn.vpcId}'`,
        ),
      );
    }
    if (!sn.cidrBlock) {
      return fail(
        Elbv2Errors.invalidSubnet(
          `Subnet '${sn.id}' has no IPv4 CIDR block; the load balancer needs IPv4 addresses`,
        ),
      );
    }
    out.push(sn);
  }
  return ok(out);
}

/** Builds one node (ENI and zone entry) of a load balancer in a subnet, in the draft. */
export function buildNode(
  d: Draft,
  ctx: OperationContext,
  lb: NodeOwner,
  subnet: Subnet,
  mapping: SubnetMappingInput,
): Result<LoadBalancerZone, AwsError> {
  const internetFacing = lb.scheme === 'internet-facing';
  if (mapping.allocationId !== undefined && (lb.type !== 'network' || !internetFacing)) {
    return fail(
      Elbv2Errors.invalidConfiguration(
        'Elastic IP addresses can be specified only for internet-facing Network Load Balancers',
      ),
    );
  }
  if (mapping.privateIPv4Address !== undefined && (lb.type !== 'network' || internetFacing)) {
    return fail(
      Elbv2Errors.invalidConfiguration(
        'Private IPv4 addresses can be specified only for internal Network Load Balancers',
      ),
    );
  }
  let primaryIp: Ip | undefined;
  if (mapping.privateIPv4Address !== undefined) {
    const ip = ipParam('PrivateIPv4Address', mapping.privateIPv4Address, 4);
    if (!ip.ok) return fail(Elbv2Errors.validation(ip.error.message));
    if (!subnet.cidrBlock?.contains(ip.value)) {
      return fail(
        Elbv2Errors.invalidConfiguration(
          `The private IPv4 address '${mapping.privateIPv4Address}' is not in the subnet '${subnet.id}'`,
        ),
      );
    }
    primaryIp = ip.value;
  }
  const built = buildNetworkInterface(d, ctx, subnet, {
    description: `ELB ${loadBalancerPath(lb.id)}`,
    interfaceType: ENI_TYPE[lb.type],
    ...(primaryIp ? { primaryIp } : {}),
    // A dualstack node takes an IPv6 address from its subnet as well (D87).
    ...(lb.ipAddressType === 'dualstack' ? { ipv6Count: 1 } : {}),
    groups: lb.securityGroups,
    // Nodes forward traffic addressed to targets, not to themselves.
    sourceDestCheck: false,
    requesterManaged: true,
  });
  if (!built.ok) {
    return fail(
      built.error.code === 'InsufficientFreeAddressesInSubnet'
        ? Elbv2Errors.invalidSubnet(
            `Not enough IP space available in ${subnet.id}. ELB requires at least 8 free IP addresses in each subnet.`,
          )
        : built.error,
    );
  }
  const eni = { ...built.value, requesterId: 'amazon-elb' };
  d.put(eni);
  const privateIp = eni.privateIpAddress as Ip;
  const ipv6 = eni.ipv6Addresses[0]?.ipv6Address;
  let publicIp: Ip | undefined;
  let allocationId: Id<'elastic-ip'> | undefined;
  if (mapping.allocationId !== undefined) {
    const eips = freeEips(d.s, ctx, [mapping.allocationId]);
    if (!eips.ok) {
      return fail(
        eips.error.code === 'InvalidAllocationID.NotFound' ||
          eips.error.code === 'InvalidAllocationID.Malformed'
          ? Elbv2Errors.allocationIdNotFound(mapping.allocationId)
          : eips.error,
      );
    }
    const eip = eips.value[0];
    if (eip) {
      associateEip(d, ctx, eip, eni.id, privateIp);
      publicIp = eip.publicIp;
      allocationId = eip.id;
    }
  } else if (internetFacing) {
    const assigned = assignAutoPublicIp(d, ctx, eni);
    if (!assigned.ok) return assigned;
    publicIp = d.get('network-interface', eni.id)?.privateIpAddresses.find((p) => p.primary)
      ?.association?.publicIp;
  }
  return ok({
    zoneName: subnet.availabilityZone,
    subnetId: subnet.id,
    networkInterfaceId: eni.id,
    loadBalancerAddresses: [
      {
        privateIPv4Address: privateIp,
        ...(publicIp ? { ipAddress: publicIp } : {}),
        ...(allocationId ? { allocationId } : {}),
        ...(ipv6 ? { iPv6Address: ipv6 } : {}),
      },
    ],
  });
}

/** Removes a node: its ENI goes and an Elastic IP on it is disassociated (it stays allocated). */
export function removeNode(d: Draft, zone: LoadBalancerZone): void {
  const eni = d.get('network-interface', zone.networkInterfaceId);
  if (eni) deleteInterface(d, eni);
}

/** The description ELB gives its node ENIs, to recognise them. */
export const isNodeDescription = (description: string): boolean =>
  Object.values(LB_ARN_TYPE).some((t) => description.startsWith(`ELB ${t}/`));
