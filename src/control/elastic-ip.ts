import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import type { ElasticIp } from '../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { isPublicIpTaken, isPublicIpv4, nextPublicIpv4 } from './addressing.js';
import { attachedInterfaces, Draft } from './draft.js';
import { idParam, ipParam, owned, tagsParam } from './params.js';
import {
  alreadyAssociated,
  associateEip,
  disassociateEip,
  noAddressLeft,
  refillAutoPublicIp,
} from './public-address.js';

/**
 * Elastic IPs: AllocateAddress, AssociateAddress, DisassociateAddress and ReleaseAddress. How an
 * association is kept in step on both of its ends is in public-address.ts.
 */

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
    return fail(AwsErrors.invalidInstanceState(instance.id));
  }
  // AssociateAddress: "The instance must have exactly one attached network interface."
  if (enis.length > 1) return fail(AwsErrors.multipleInterfaces(instance.id));
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
    if (!input.allowReassociation) return fail(alreadyAssociated(eip));
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
