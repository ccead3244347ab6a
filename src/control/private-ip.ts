import type { Ip } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NetworkInterface, PrivateIpAddress } from '../model/network-interface.js';
import type { Operation } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Subnet } from '../model/subnet.js';
import { checkRequestedAddress, privateAddressKey } from './addressing.js';
import { Draft } from './draft.js';
import {
  claimNext,
  insufficientAddresses,
  ipv6OnlySubnet,
  MAX_ADDRESSES_PER_INTERFACE,
  privateIpLimit,
} from './interface-builder.js';
import { managedByCaller, subnetOf } from './network-interface.js';
import { ipsParam, listOrCountParam } from './params.js';
import { disassociateEip } from './public-address.js';

/**
 * Secondary private IPv4 addresses of an ENI: AssignPrivateIpAddresses (with reassignment from
 * another ENI of the subnet) and UnassignPrivateIpAddresses
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/MultipleIP.html).
 */

export interface AssignPrivateIpAddressesInput {
  readonly networkInterfaceId: string;
  readonly privateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
  /** Take the addresses even from another ENI of the subnet (their EIPs move with them). */
  readonly allowReassignment?: boolean;
}

/**
 * Takes a secondary address away from the ENI holding it, for reassignment. Returns the
 * association it carries (its Elastic IP moves with it), or AWS's error when it cannot move.
 */
function takeSecondary(
  d: Draft,
  subnet: Subnet,
  holder: NetworkInterface,
  ip: Ip,
): Result<PrivateIpAddress['association'], AwsError> {
  const from = d.get('network-interface', holder.id) ?? holder;
  const entry = from.privateIpAddresses.find((p) => p.privateIpAddress.equals(ip));
  if (!subnet.cidrBlock?.contains(ip)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Address ${ip.toString()} does not fall within the subnet's address range`,
      ),
    );
  }
  if (!entry || entry.primary || from.requesterManaged) {
    return fail(
      AwsErrors.code('InvalidIPAddress.InUse', `Address ${ip.toString()} is already in use.`),
    );
  }
  d.put({ ...from, privateIpAddresses: from.privateIpAddresses.filter((p) => p !== entry) });
  return ok(entry.association);
}

/**
 * AssignPrivateIpAddresses: secondary private IPv4s, given or picked (lowest free). With
 * `allowReassignment`, a secondary address of another ENI in the subnet moves here, and its
 * Elastic IP with it (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/MultipleIP.html).
 */
export const assignPrivateIpAddresses: Operation<
  AssignPrivateIpAddressesInput,
  { networkInterfaceId: Id<'network-interface'>; assignedPrivateIpAddresses: Ip[] }
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  const bad = listOrCountParam(
    'privateIpAddresses',
    input.privateIpAddresses,
    'secondaryPrivateIpAddressCount',
    input.secondaryPrivateIpAddressCount,
  );
  if (bad) return fail(bad);
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const sub = subnetOf(s, eni);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  if (!subnet.cidrBlock) return fail(ipv6OnlySubnet(subnet));
  const count = input.secondaryPrivateIpAddressCount ?? 0;
  if (eni.privateIpAddresses.length + ips.value.length + count > MAX_ADDRESSES_PER_INTERFACE) {
    return fail(privateIpLimit());
  }
  const d = new Draft(s);
  const entries: PrivateIpAddress[] = [];
  for (const ip of ips.value) {
    const key = privateAddressKey(eni.vpcId, ip);
    const holder = s.find('networkInterfaceByAddress', key)[0];
    if (holder && holder.id !== eni.id && input.allowReassignment) {
      const taken = takeSecondary(d, subnet, holder, ip);
      if (!taken.ok) return taken;
      d.claimedPrivate.add(key);
      entries.push(
        taken.value
          ? { privateIpAddress: ip, primary: false, association: taken.value }
          : { privateIpAddress: ip, primary: false },
      );
      continue;
    }
    const err = checkRequestedAddress(s, subnet, ip, d.claimedPrivate);
    if (err) return fail(err);
    d.claimedPrivate.add(key);
    entries.push({ privateIpAddress: ip, primary: false });
  }
  const picked = claimNext(d, subnet, 4, count);
  if (!picked) return fail(insufficientAddresses(subnet, 'addresses'));
  entries.push(...picked.map((ip) => ({ privateIpAddress: ip, primary: false })));
  d.put({ ...eni, privateIpAddresses: [...eni.privateIpAddresses, ...entries] });
  for (const e of entries) {
    const allocationId = e.association?.allocationId;
    const eip = allocationId ? d.get('elastic-ip', allocationId) : undefined;
    if (!eip) continue;
    const { instanceId: _, ...rest } = eip;
    d.put({
      ...rest,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: eni.ownerId,
      ...(eni.attachment ? { instanceId: eni.attachment.instanceId } : {}),
    });
  }
  return ok({
    changes: d.changes(),
    output: {
      networkInterfaceId: eni.id,
      assignedPrivateIpAddresses: entries.map((e) => e.privateIpAddress),
    },
  });
};

export interface UnassignPrivateIpAddressesInput {
  readonly networkInterfaceId: string;
  readonly privateIpAddresses?: readonly string[];
}

/** UnassignPrivateIpAddresses: secondary addresses only; an EIP on one is disassociated. */
export const unassignPrivateIpAddresses: Operation<UnassignPrivateIpAddressesInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (!input.privateIpAddresses || input.privateIpAddresses.length === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses'));
  }
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const entries: PrivateIpAddress[] = [];
  for (const ip of ips.value) {
    const entry = eni.privateIpAddresses.find((p) => p.privateIpAddress.equals(ip));
    if (!entry) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Some of the specified addresses are not assigned to interface ${eni.id}`,
        ),
      );
    }
    if (entry.primary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary private IP address ${ip.toString()} of interface ${eni.id} cannot be unassigned.`,
        ),
      );
    }
    entries.push(entry);
  }
  const d = new Draft(s);
  for (const e of entries) {
    const allocationId = e.association?.allocationId;
    const eip = allocationId ? s.get('elastic-ip', allocationId) : undefined;
    if (eip) disassociateEip(d, eip);
  }
  const current = d.get('network-interface', eni.id) ?? eni;
  d.put({
    ...current,
    privateIpAddresses: current.privateIpAddresses.filter(
      (p) => !entries.some((e) => e.privateIpAddress.equals(p.privateIpAddress)),
    ),
  });
  return ok({ changes: d.changes(), output: true });
};
