import type { Ip } from '../net/index.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Instance } from '../model/instance.js';
import type { NetworkInterface, PrivateIpAddress } from '../model/network-interface.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { nextPublicIpv4 } from './addressing.js';
import { attachedInterfaces, type Draft } from './draft.js';

/**
 * The public side of ENI addresses, changed in a Draft: Elastic IP associations, which live in
 * two places kept in step (on the ElasticIp and on the ENI's private address entry, which the
 * internet gateway's 1:1 NAT reads, §3.1), and Amazon's auto-assigned public IPv4s.
 */

/** AWS's answer when the pool has no address left. */
export function noAddressLeft(): AwsError {
  return AwsErrors.limitExceeded(
    'AddressLimitExceeded',
    'The maximum number of addresses has been reached.',
  );
}

/** AWS's answer for an Elastic IP that is associated already. */
export function alreadyAssociated(eip: ElasticIp): AwsError {
  return AwsErrors.code(
    'Resource.AlreadyAssociated',
    `resource ${eip.id} is already associated with associate-id ${eip.associationId ?? ''}`,
  );
}

/** The EIP with its association cleared, as DisassociateAddress leaves it. */
function unassociated(eip: ElasticIp): ElasticIp {
  const {
    associationId: _a,
    networkInterfaceId: _n,
    networkInterfaceOwnerId: _o,
    privateIpAddress: _p,
    instanceId: _i,
    ...rest
  } = eip;
  return rest;
}

/** One private address entry without its public association. */
function withoutAssociation(p: PrivateIpAddress): PrivateIpAddress {
  const { association: _, ...rest } = p;
  return rest;
}

/**
 * Disassociates an Elastic IP in the draft: both the EIP and the ENI's private address entry
 * (if the ENI still exists) lose the association, in the same operation.
 */
export function disassociateEip(d: Draft, eip: ElasticIp): void {
  const current = d.get('elastic-ip', eip.id) ?? eip;
  if (current.networkInterfaceId) {
    const eni = d.get('network-interface', current.networkInterfaceId);
    if (eni) {
      d.put({
        ...eni,
        privateIpAddresses: eni.privateIpAddresses.map((p) =>
          p.association?.associationId === current.associationId ? withoutAssociation(p) : p,
        ),
      });
    }
  }
  d.put(unassociated(current));
}

/** Releases the auto-assigned (Amazon-owned) public IPv4s of an ENI in the draft. */
export function releaseAutoPublicIps(d: Draft, eniId: Id<'network-interface'>): void {
  const eni = d.get('network-interface', eniId);
  if (!eni || !eni.privateIpAddresses.some((p) => p.association?.ipOwnerId === 'amazon')) return;
  d.put({
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.map((p) =>
      p.association?.ipOwnerId === 'amazon' ? withoutAssociation(p) : p,
    ),
  });
}

/**
 * Gives an instance a new auto-assigned public IPv4 when AWS would: it was launched with one,
 * it is running, it has exactly one ENI, and that ENI's primary address has no public IP now
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses).
 */
export function refillAutoPublicIp(
  d: Draft,
  ctx: OperationContext,
  instance: Instance,
): Result<void, AwsError> {
  if (!instance.autoAssignPublicIp || instance.state !== 'running') return ok(undefined);
  const enis = attachedInterfaces(d, instance.id);
  const eni = enis[0];
  if (enis.length !== 1 || !eni) return ok(undefined);
  return assignAutoPublicIp(d, ctx, eni);
}

/**
 * Maps a free Amazon public IPv4 to the ENI's primary private address (`ipOwnerId`
 * `amazon`), unless that address already has a public IP. The ENI is read from the draft.
 */
export function assignAutoPublicIp(
  d: Draft,
  ctx: OperationContext,
  eni: NetworkInterface,
): Result<void, AwsError> {
  const current = d.get('network-interface', eni.id) ?? eni;
  const primary = current.privateIpAddresses.find((p) => p.primary);
  if (!primary || primary.association) return ok(undefined);
  const publicIp = nextPublicIpv4(d.s, ctx.region, eni.id, d.claimedPublic);
  if (!publicIp) return fail(noAddressLeft());
  d.claimedPublic.add(publicIp.toString());
  d.put({
    ...current,
    privateIpAddresses: current.privateIpAddresses.map((p) =>
      p === primary ? { ...p, association: { publicIp, ipOwnerId: 'amazon' } } : p,
    ),
  });
  return ok(undefined);
}

/**
 * Associates an EIP with a private address of an ENI, in the draft. Whatever held either end
 * lets go first: the EIP's old association ends, an auto-assigned public IP on the address is
 * released, and another EIP on the address is disassociated (it stays allocated), as AWS does.
 * Callers check the rules (ownership, internet gateway, reassociation) beforehand.
 */
export function associateEip(
  d: Draft,
  ctx: OperationContext,
  eip: ElasticIp,
  eniId: Id<'network-interface'>,
  privateIp: Ip,
): Id<'elastic-ip-association'> {
  const current = d.get('elastic-ip', eip.id) ?? eip;
  if (current.associationId) disassociateEip(d, current);
  const before = d.get('network-interface', eniId);
  const other = before?.privateIpAddresses.find((p) =>
    p.privateIpAddress.equals(privateIp),
  )?.association;
  const otherEip = other?.allocationId ? d.get('elastic-ip', other.allocationId) : undefined;
  if (otherEip) disassociateEip(d, otherEip);
  const associationId = ctx.ids.next('elastic-ip-association');
  const eni = d.get('network-interface', eniId);
  if (eni) {
    d.put({
      ...eni,
      privateIpAddresses: eni.privateIpAddresses.map((p) =>
        p.privateIpAddress.equals(privateIp)
          ? {
              ...p,
              association: {
                publicIp: current.publicIp,
                ipOwnerId: current.ownerId,
                allocationId: current.id,
                associationId,
              },
            }
          : p,
      ),
    });
    const latest = d.get('elastic-ip', eip.id) ?? current;
    const { instanceId: _, ...rest } = latest;
    d.put({
      ...rest,
      associationId,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: eni.ownerId,
      privateIpAddress: privateIp,
      ...(eni.attachment ? { instanceId: eni.attachment.instanceId } : {}),
    });
  }
  return associationId;
}
