import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Instance } from '../model/instance.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { isPublicIpTaken, isPublicIpv4, nextPublicIpv4 } from './addressing.js';
import { disassociateEip, Draft } from './network-interface.js';
import { idParam, ipParam, owned, tagsParam } from './params.js';

/**
 * Elastic IPs and the public side of ENIs. An association lives in two places kept in step by
 * every operation here: on the ElasticIp and on the ENI's private address entry, which the
 * internet gateway's 1:1 NAT reads (§3.1).
 */

/** AWS's answer when the pool has no address left. */
function noAddressLeft(): AwsError {
  return AwsErrors.limitExceeded(
    'AddressLimitExceeded',
    'The maximum number of addresses has been reached.',
  );
}

/**
 * AWS's answer when a caller touches an association a service manages (a NAT gateway's EIP):
 * the misleading AuthFailure users report for DisassociateAddress and ReleaseAddress.
 */
function serviceManaged(): AwsError {
  return AwsErrors.code(
    'AuthFailure',
    'You do not have permission to access the specified resource.',
  );
}

/** True when the EIP is associated with an ENI that an AWS service manages. */
function heldByService(d: Draft, eip: ElasticIp): boolean {
  const eni = eip.networkInterfaceId
    ? d.get('network-interface', eip.networkInterfaceId)
    : undefined;
  return eni?.requesterManaged === true;
}

/** The ENIs attached to an instance, as the draft sees them. */
function attachedInterfaces(d: Draft, instanceId: Id<'instance'>): NetworkInterface[] {
  return d.s
    .find('networkInterfacesByInstance', instanceId)
    .map((n) => d.get('network-interface', n.id))
    .filter((n): n is NetworkInterface => n?.attachment?.instanceId === instanceId);
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

/** Refills the auto-assigned public IP of the instance an ENI is attached to, if due. */
function refillFor(
  d: Draft,
  ctx: OperationContext,
  eniId: Id<'network-interface'> | undefined,
): Result<void, AwsError> {
  const eni = eniId ? d.get('network-interface', eniId) : undefined;
  const instance = eni?.attachment ? d.get('instance', eni.attachment.instanceId) : undefined;
  return instance ? refillAutoPublicIp(d, ctx, instance) : ok(undefined);
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

/** AllocateAddress, as far as the twin models it. */
export interface AllocateAddressInput {
  readonly domain?: string;
  /**
   * vpctwin extension for topology files and imports: pin the public IPv4 (AWS only allows this
   * for BYOIP pools). It must be globally routable and not held by anyone.
   */
  readonly address?: string;
  readonly tags?: readonly Tag[];
}

/** AllocateAddress: the lowest free address of the Region's Amazon pool, or a pinned one. */
export const allocateAddress: Operation<AllocateAddressInput, ElasticIp> = (s, input, ctx) => {
  if (input.domain !== undefined && input.domain !== 'vpc') {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${input.domain}) for parameter domain is invalid.`),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('elastic-ip');
  let publicIp: Ip | undefined;
  if (input.address !== undefined) {
    const ip = ipParam('address', input.address, 4);
    if (!ip.ok) return ip;
    if (!isPublicIpv4(ip.value)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Address ${input.address} is not a public IPv4 address and cannot be an Elastic IP.`,
        ),
      );
    }
    if (isPublicIpTaken(s, ip.value)) {
      return fail(
        AwsErrors.code('InvalidIPAddress.InUse', `Address ${input.address} is already allocated.`),
      );
    }
    publicIp = ip.value;
  } else {
    publicIp = nextPublicIpv4(s, ctx.region, id);
    if (!publicIp) return fail(noAddressLeft());
  }
  const eip: ElasticIp = {
    kind: 'elastic-ip',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    publicIp,
    domain: 'vpc',
    networkBorderGroup: ctx.region,
    publicIpv4Pool: 'amazon',
  };
  return ok({ changes: [{ op: 'put', resource: eip }], output: eip });
};

export interface AssociateAddressInput {
  readonly allocationId?: string;
  /** The instance's only ENI; AWS refuses instances with several (use the ENI id). */
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  /** Default: the ENI's primary private IPv4. */
  readonly privateIpAddress?: string;
  readonly allowReassociation?: boolean;
}

/** The ENI AssociateAddress targets: given directly or as an instance's single ENI. */
function targetInterface(
  d: Draft,
  input: AssociateAddressInput,
  ctx: OperationContext,
): Result<NetworkInterface, AwsError> {
  if (input.instanceId !== undefined && input.networkInterfaceId !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Only one of instanceId and networkInterfaceId may be specified.',
      ),
    );
  }
  if (input.networkInterfaceId !== undefined) {
    return owned(d.s, 'network-interface', input.networkInterfaceId, ctx);
  }
  if (input.instanceId === undefined) {
    return fail(AwsErrors.missingParameter('instanceId or networkInterfaceId'));
  }
  const found = owned(d.s, 'instance', input.instanceId, ctx);
  if (!found.ok) return found;
  const instance = found.value;
  const enis = attachedInterfaces(d, instance.id);
  const eni = enis[0];
  if (instance.state === 'terminated' || !eni) {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectInstanceState',
        `The instance '${instance.id}' is not in a valid state for this operation.`,
      ),
    );
  }
  // AssociateAddress: "The instance must have exactly one attached network interface."
  if (enis.length > 1) {
    return fail(
      AwsErrors.code(
        'InvalidInstanceID',
        `There are multiple interfaces attached to instance '${instance.id}'. Please specify an interface ID for the operation instead.`,
      ),
    );
  }
  return ok(eni);
}

/**
 * AssociateAddress: maps the EIP 1:1 to a private address. The VPC needs an internet gateway;
 * an EIP already in use moves only with `allowReassociation`. An auto-assigned public IP on the
 * address is released; the instance that lost the EIP gets a new one if AWS would give it.
 */
export const associateAddress: Operation<
  AssociateAddressInput,
  { associationId: Id<'elastic-ip-association'> }
> = (s, input, ctx) => {
  if (input.allocationId === undefined) return fail(AwsErrors.missingParameter('allocationId'));
  const foundEip = owned(s, 'elastic-ip', input.allocationId, ctx);
  if (!foundEip.ok) return foundEip;
  const eip = foundEip.value;
  const d = new Draft(s);
  const target = targetInterface(d, input, ctx);
  if (!target.ok) return target;
  const eni = target.value;
  if (eni.requesterManaged) return fail(serviceManaged());
  let privateIp = eni.privateIpAddress;
  if (input.privateIpAddress !== undefined) {
    const ip = ipParam('privateIpAddress', input.privateIpAddress, 4);
    if (!ip.ok) return ip;
    if (!eni.privateIpAddresses.some((p) => p.privateIpAddress.equals(ip.value))) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The private IP address ${input.privateIpAddress} is not assigned to network interface ${eni.id}.`,
        ),
      );
    }
    privateIp = ip.value;
  }
  if (!privateIp) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Network interface ${eni.id} has no private IPv4 address to associate with.`,
      ),
    );
  }
  if (s.find('internetGatewaysByVpc', eni.vpcId).length === 0) {
    return fail(
      AwsErrors.code(
        'Gateway.NotAttached',
        `Network ${eni.vpcId} is not attached to any internet gateway`,
      ),
    );
  }
  const sameTarget =
    eip.networkInterfaceId === eni.id && eip.privateIpAddress?.equals(privateIp) === true;
  if (eip.associationId && sameTarget) {
    return ok({ changes: [], output: { associationId: eip.associationId } });
  }
  if (eip.associationId) {
    if (heldByService(d, eip)) return fail(serviceManaged());
    if (!input.allowReassociation) {
      return fail(
        AwsErrors.code(
          'Resource.AlreadyAssociated',
          `resource ${eip.id} is already associated with associate-id ${eip.associationId}`,
        ),
      );
    }
  }
  const previous = eip.networkInterfaceId;
  const associationId = associateEip(d, ctx, eip, eni.id, privateIp);
  const refilled = refillFor(d, ctx, previous);
  if (!refilled.ok) return refilled;
  return ok({ changes: d.changes(), output: { associationId } });
};

export interface DisassociateAddressInput {
  readonly associationId?: string;
}

/**
 * DisassociateAddress: both ends let go. An instance launched with an auto-assigned public IP
 * gets a new one if it has a single ENI, as AWS does.
 */
export const disassociateAddress: Operation<DisassociateAddressInput, true> = (s, input, ctx) => {
  if (input.associationId === undefined) return fail(AwsErrors.missingParameter('associationId'));
  const shaped = idParam('elastic-ip-association', input.associationId);
  if (!shaped.ok) return shaped;
  const eip = s.find('elasticIpByAssociationId', input.associationId)[0];
  if (!eip || eip.ownerId !== ctx.accountId || eip.region !== ctx.region) {
    return fail(AwsErrors.notFound('elastic-ip-association', input.associationId));
  }
  const d = new Draft(s);
  if (heldByService(d, eip)) return fail(serviceManaged());
  const eniId = eip.networkInterfaceId;
  disassociateEip(d, eip);
  const refilled = refillFor(d, ctx, eniId);
  if (!refilled.ok) return refilled;
  return ok({ changes: d.changes(), output: true });
};

export interface ReleaseAddressInput {
  readonly allocationId?: string;
}

/** ReleaseAddress: only an EIP that is not associated. */
export const releaseAddress: Operation<ReleaseAddressInput, true> = (s, input, ctx) => {
  if (input.allocationId === undefined) return fail(AwsErrors.missingParameter('allocationId'));
  const found = owned(s, 'elastic-ip', input.allocationId, ctx);
  if (!found.ok) return found;
  const eip = found.value;
  if (eip.associationId) {
    if (heldByService(new Draft(s), eip)) return fail(serviceManaged());
    return fail(
      AwsErrors.code(
        'InvalidIPAddress.InUse',
        `The address with allocation id [${eip.id}] is in use.`,
      ),
    );
  }
  return ok({ changes: [{ op: 'delete', kind: 'elastic-ip', id: eip.id }], output: true });
};
