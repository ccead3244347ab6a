import type { Ip } from '../net/index.js';
import { AwsErrors } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import { Draft } from './draft.js';
import {
  claimNext,
  claimRequested,
  insufficientAddresses,
  ipv6Limit,
  ipv6ListAndCount,
  MAX_ADDRESSES_PER_INTERFACE,
  noIpv6,
} from './interface-builder.js';
import { managedByCaller, subnetOf } from './network-interface.js';
import { ipsParam, listOrCountParam } from './params.js';

/** IPv6 addresses of an ENI: AssignIpv6Addresses and UnassignIpv6Addresses. */

export interface AssignIpv6AddressesInput {
  readonly networkInterfaceId: string;
  readonly ipv6Addresses?: readonly string[];
  readonly ipv6AddressCount?: number;
}

/** AssignIpv6Addresses: given addresses, or the lowest free ones of the subnet's /64. */
export const assignIpv6Addresses: Operation<
  AssignIpv6AddressesInput,
  { networkInterfaceId: Id<'network-interface'>; assignedIpv6Addresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (input.ipv6Addresses !== undefined && input.ipv6AddressCount !== undefined) {
    return fail(ipv6ListAndCount());
  }
  const bad = listOrCountParam(
    'ipv6Addresses',
    input.ipv6Addresses,
    'ipv6AddressCount',
    input.ipv6AddressCount,
  );
  if (bad) return fail(bad);
  const ips = ipsParam('ipv6Addresses', input.ipv6Addresses, 6);
  if (!ips.ok) return ips;
  const sub = subnetOf(s, eni);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  if (subnet.ipv6CidrBlockAssociationSet.length === 0) return fail(noIpv6(subnet));
  const count = input.ipv6AddressCount ?? 0;
  if (eni.ipv6Addresses.length + ips.value.length + count > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(ipv6Limit());
  }
  const d = new Draft(s);
  const err = claimRequested(d, subnet, ips.value);
  if (err) return fail(err);
  const picked = claimNext(d, subnet, 6, count);
  if (!picked) return fail(insufficientAddresses(subnet, 'addresses'));
  const assigned = [...ips.value, ...picked];
  d.put({
    ...eni,
    ipv6Addresses: [...eni.ipv6Addresses, ...assigned.map((ipv6Address) => ({ ipv6Address }))],
  });
  return ok({
    changes: d.changes(),
    output: { networkInterfaceId: eni.id, assignedIpv6Addresses: assigned },
  });
};

export interface UnassignIpv6AddressesInput {
  readonly networkInterfaceId: string;
  readonly ipv6Addresses?: readonly string[];
}

/** UnassignIpv6Addresses: each address must be on the ENI. */
export const unassignIpv6Addresses: Operation<
  UnassignIpv6AddressesInput,
  { networkInterfaceId: Id<'network-interface'>; unassignedIpv6Addresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (!input.ipv6Addresses || input.ipv6Addresses.length === 0) {
    return fail(AwsErrors.missingParameter('ipv6Addresses'));
  }
  const ips = ipsParam('ipv6Addresses', input.ipv6Addresses, 6);
  if (!ips.ok) return ips;
  for (const ip of ips.value) {
    if (!eni.ipv6Addresses.some((a) => a.ipv6Address.equals(ip))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Some of the specified addresses are not assigned to interface ${eni.id}`,
        ),
      );
    }
  }
  const next: NetworkInterface = {
    ...eni,
    ipv6Addresses: eni.ipv6Addresses.filter(
      (a) => !ips.value.some((ip) => ip.equals(a.ipv6Address)),
    ),
  };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: { networkInterfaceId: eni.id, unassignedIpv6Addresses: ips.value },
  });
};
