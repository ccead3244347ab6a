import type { Ip } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NatGateway, NatGatewayAddress } from '../model/nat-gateway.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import { Draft } from './draft.js';
import { claimNext, claimRequested, insufficientAddresses } from './interface-builder.js';
import { freeEips, MAX_NAT_ADDRESSES, natInterface, tooManyAddresses } from './nat-gateway.js';
import { countParam, ipsParam, owned } from './params.js';
import { associateEip, disassociateEip } from './public-address.js';

/**
 * The addresses of a running NAT gateway (§3.3): secondary private IPv4s
 * (Assign/UnassignPrivateNatGatewayAddress) and, on a public gateway, the Elastic IPs on them
 * (Associate/DisassociateNatGatewayAddress).
 */

/** A gateway the caller owns that is still available (address operations need one). */
function availableNat(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<{ nat: NatGateway; eni: NetworkInterface; subnet: Subnet }, AwsError> {
  const found = owned(s, 'nat-gateway', id, ctx);
  if (!found.ok) return found;
  const nat = found.value;
  const eni = natInterface(new Draft(s), nat);
  const subnet = s.get('subnet', nat.subnetId);
  if (nat.state !== 'available' || !eni || !subnet) {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectState',
        `The NAT gateway ${nat.id} is in state ${nat.state}.`,
      ),
    );
  }
  return ok({ nat, eni, subnet });
}

/** Claims new secondary addresses on the gateway's ENI: given ones checked, the rest picked. */
function addSecondaries(
  d: Draft,
  eni: NetworkInterface,
  subnet: Subnet,
  given: readonly Ip[],
  count: number,
): Result<Ip[], AwsError> {
  const bad = claimRequested(d, subnet, given);
  if (bad) return fail(bad);
  const picked = claimNext(d, subnet, 4, count);
  if (!picked) return fail(insufficientAddresses(subnet, 'addresses'));
  const out = [...given, ...picked];
  const current = d.get('network-interface', eni.id) ?? eni;
  d.put({
    ...current,
    privateIpAddresses: [
      ...current.privateIpAddresses,
      ...out.map((privateIpAddress) => ({ privateIpAddress, primary: false })),
    ],
  });
  return ok(out);
}

const secondaryAddress = (
  networkInterfaceId: Id<'network-interface'>,
  privateIp: Ip,
): NatGatewayAddress => ({
  networkInterfaceId,
  privateIp,
  isPrimary: false,
  status: 'succeeded',
});

/** The answer of the NAT gateway address operations. */
export interface NatGatewayAddressesOutput {
  readonly natGatewayId: Id<'nat-gateway'>;
  readonly natGatewayAddresses: readonly NatGatewayAddress[];
}

export interface AssignPrivateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly privateIpAddresses?: readonly string[];
  readonly privateIpAddressCount?: number;
}

/** AssignPrivateNatGatewayAddress: secondary private IPv4s, given or picked, up to eight in all. */
export const assignPrivateNatGatewayAddress: Operation<
  AssignPrivateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni, subnet } = found.value;
  const list = input.privateIpAddresses;
  const count = input.privateIpAddressCount;
  if (list !== undefined && count !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'privateIpAddresses and privateIpAddressCount may not be specified on the same request',
      ),
    );
  }
  const badCount = countParam('privateIpAddressCount', count);
  if (badCount) return fail(badCount);
  if ((list?.length ?? 0) === 0 && (count ?? 0) === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses or privateIpAddressCount'));
  }
  const ips = ipsParam('privateIpAddresses', list, 4);
  if (!ips.ok) return ips;
  if (nat.natGatewayAddresses.length + ips.value.length + (count ?? 0) > MAX_NAT_ADDRESSES) {
    return fail(tooManyAddresses());
  }
  const d = new Draft(s);
  const added = addSecondaries(d, eni, subnet, ips.value, count ?? 0);
  if (!added.ok) return added;
  const addresses = added.value.map((ip) => secondaryAddress(eni.id, ip));
  d.put({ ...nat, natGatewayAddresses: [...nat.natGatewayAddresses, ...addresses] });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: addresses },
  });
};

export interface AssociateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly allocationIds?: readonly string[];
  /** Secondary addresses to put the EIPs on: existing ones without an EIP, or new ones. */
  readonly privateIpAddresses?: readonly string[];
}

/** AWS refuses EIP operations on private gateways. */
function publicOnly(nat: NatGateway): AwsError | undefined {
  return nat.connectivityType === 'public'
    ? undefined
    : AwsErrors.unsupported(
        `NAT gateway ${nat.id} is private; Elastic IPs can only be used with public NAT gateways.`,
      );
}

/**
 * AssociateNatGatewayAddress: secondary EIPs for a public gateway, each on a secondary private
 * address (an existing one without an EIP, a given new one, or a picked new one).
 */
export const associateNatGatewayAddress: Operation<
  AssociateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni, subnet } = found.value;
  const notPublic = publicOnly(nat);
  if (notPublic) return fail(notPublic);
  if (!input.allocationIds || input.allocationIds.length === 0) {
    return fail(AwsErrors.missingParameter('allocationIds'));
  }
  const eips = freeEips(s, ctx, input.allocationIds);
  if (!eips.ok) return eips;
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  if (input.privateIpAddresses !== undefined && ips.value.length !== eips.value.length) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The number of private IPv4 addresses must match the number of allocation IDs.',
      ),
    );
  }
  // Given addresses the gateway already has must be secondary and free of an EIP; others are new.
  const fresh: Ip[] = [];
  for (const ip of ips.value) {
    const existing = nat.natGatewayAddresses.find((a) => a.privateIp.equals(ip));
    if (existing && (existing.isPrimary || existing.allocationId)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} of NAT gateway ${nat.id} already has an Elastic IP address.`,
        ),
      );
    }
    if (!existing) fresh.push(ip);
  }
  const newCount = input.privateIpAddresses === undefined ? eips.value.length : 0;
  if (nat.natGatewayAddresses.length + fresh.length + newCount > MAX_NAT_ADDRESSES) {
    return fail(tooManyAddresses());
  }
  const d = new Draft(s);
  const added = addSecondaries(d, eni, subnet, fresh, newCount);
  if (!added.ok) return added;
  const targets = input.privateIpAddresses === undefined ? added.value : ips.value;
  const associated: NatGatewayAddress[] = [];
  let addresses = [
    ...nat.natGatewayAddresses,
    ...added.value.map((ip) => secondaryAddress(eni.id, ip)),
  ];
  for (const [i, eip] of eips.value.entries()) {
    const ip = targets[i];
    if (!ip) continue;
    const associationId = associateEip(d, ctx, eip, eni.id, ip);
    const address: NatGatewayAddress = {
      ...secondaryAddress(eni.id, ip),
      allocationId: eip.id,
      publicIp: eip.publicIp,
      associationId,
    };
    addresses = addresses.map((a) => (a.privateIp.equals(ip) ? address : a));
    associated.push(address);
  }
  d.put({ ...nat, natGatewayAddresses: addresses });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: associated },
  });
};

export interface DisassociateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly associationIds?: readonly string[];
  /** Accepted for AWS compatibility; the twin disassociates at once. */
  readonly maxDrainDurationSeconds?: number;
}

/**
 * DisassociateNatGatewayAddress: secondary EIPs leave a public gateway; their private addresses
 * stay (UnassignPrivateNatGatewayAddress removes them). The primary EIP cannot go.
 */
export const disassociateNatGatewayAddress: Operation<
  DisassociateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat } = found.value;
  const notPublic = publicOnly(nat);
  if (notPublic) return fail(notPublic);
  if (!input.associationIds || input.associationIds.length === 0) {
    return fail(AwsErrors.missingParameter('associationIds'));
  }
  const targets: NatGatewayAddress[] = [];
  for (const id of new Set(input.associationIds)) {
    const address = nat.natGatewayAddresses.find((a) => a.associationId === id);
    if (!address) return fail(AwsErrors.notFound('elastic-ip-association', id));
    if (address.isPrimary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary Elastic IP address association ${id} of NAT gateway ${nat.id} cannot be disassociated.`,
        ),
      );
    }
    targets.push(address);
  }
  const d = new Draft(s);
  for (const a of targets) {
    const eip = a.allocationId ? s.get('elastic-ip', a.allocationId) : undefined;
    if (eip) disassociateEip(d, eip);
  }
  const bare = (a: NatGatewayAddress) => secondaryAddress(a.networkInterfaceId, a.privateIp);
  d.put({
    ...nat,
    natGatewayAddresses: nat.natGatewayAddresses.map((a) => (targets.includes(a) ? bare(a) : a)),
  });
  return ok({
    changes: d.changes(),
    output: { natGatewayId: nat.id, natGatewayAddresses: targets },
  });
};

export interface UnassignPrivateNatGatewayAddressInput {
  readonly natGatewayId: string;
  readonly privateIpAddresses?: readonly string[];
  /** Accepted for AWS compatibility; the twin unassigns at once. */
  readonly maxDrainDurationSeconds?: number;
}

/**
 * UnassignPrivateNatGatewayAddress: secondary private addresses leave the gateway and its ENI.
 * An address that still has an EIP must be disassociated first; the primary cannot go.
 */
export const unassignPrivateNatGatewayAddress: Operation<
  UnassignPrivateNatGatewayAddressInput,
  NatGatewayAddressesOutput
> = (s, input, ctx) => {
  const found = availableNat(s, input.natGatewayId, ctx);
  if (!found.ok) return found;
  const { nat, eni } = found.value;
  if (!input.privateIpAddresses || input.privateIpAddresses.length === 0) {
    return fail(AwsErrors.missingParameter('privateIpAddresses'));
  }
  const ips = ipsParam('privateIpAddresses', input.privateIpAddresses, 4);
  if (!ips.ok) return ips;
  const targets: NatGatewayAddress[] = [];
  for (const ip of ips.value) {
    const address = nat.natGatewayAddresses.find((a) => a.privateIp.equals(ip));
    if (!address) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} is not assigned to NAT gateway ${nat.id}.`,
        ),
      );
    }
    if (address.isPrimary) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The primary private IP address ${ip.toString()} of NAT gateway ${nat.id} cannot be unassigned.`,
        ),
      );
    }
    if (address.associationId) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Private IP address ${ip.toString()} is associated with Elastic IP ${address.allocationId ?? ''}; disassociate it first.`,
        ),
      );
    }
    targets.push(address);
  }
  const gone = (ip: Ip) => targets.some((t) => t.privateIp.equals(ip));
  const nextEni: NetworkInterface = {
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.filter((p) => !gone(p.privateIpAddress)),
  };
  const nextNat: NatGateway = {
    ...nat,
    natGatewayAddresses: nat.natGatewayAddresses.filter((a) => !gone(a.privateIp)),
  };
  return ok({
    changes: [
      { op: 'put', resource: nextEni },
      { op: 'put', resource: nextNat },
    ],
    output: { natGatewayId: nat.id, natGatewayAddresses: targets },
  });
};
