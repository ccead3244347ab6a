import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { EgressOnlyInternetGateway, InternetGateway } from '../model/internet-gateway.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';
import { owned, tagsParam } from './params.js';

/**
 * Internet gateways and egress-only internet gateways
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html).
 * Routes that point at a detached or deleted gateway stay in their tables and read as
 * blackholes (see `routeState` in src/model/route-table.ts).
 */

export interface CreateInternetGatewayInput {
  readonly tags?: readonly Tag[];
}

/** CreateInternetGateway: a detached gateway. */
export const createInternetGateway: Operation<CreateInternetGatewayInput, InternetGateway> = (
  _s,
  input,
  ctx,
) => {
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const igw: InternetGateway = {
    kind: 'internet-gateway',
    id: ctx.ids.next('internet-gateway'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    attachments: [],
  };
  return ok({ changes: [{ op: 'put', resource: igw }], output: igw });
};

export interface InternetGatewayAttachmentInput {
  readonly internetGatewayId: string;
  readonly vpcId: string;
}

/** The caller's gateway and VPC that an attach or detach request names. */
function gatewayAndVpc(
  s: Snapshot,
  input: InternetGatewayAttachmentInput,
  ctx: OperationContext,
): Result<{ igw: InternetGateway; vpc: Vpc }, AwsError> {
  const igw = owned(s, 'internet-gateway', input.internetGatewayId, ctx);
  if (!igw.ok) return igw;
  const vpc = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpc.ok) return vpc;
  return ok({ igw: igw.value, vpc: vpc.value });
}

/** AttachInternetGateway: one VPC per gateway and one gateway per VPC. */
export const attachInternetGateway: Operation<InternetGatewayAttachmentInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = gatewayAndVpc(s, input, ctx);
  if (!found.ok) return found;
  const { igw, vpc } = found.value;
  const current = igw.attachments[0];
  if (current) {
    return fail(
      AwsErrors.code(
        'Resource.AlreadyAssociated',
        `resource ${igw.id} is already attached to network ${current.vpcId}`,
      ),
    );
  }
  if (s.find('internetGatewaysByVpc', vpc.id).length > 0) {
    return fail(
      AwsErrors.code(
        'Resource.AlreadyAssociated',
        `Network ${vpc.id} already has an internet gateway attached`,
      ),
    );
  }
  const next: InternetGateway = { ...igw, attachments: [{ vpcId: vpc.id, state: 'available' }] };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

/** True when anything in the VPC still has a public IPv4 the gateway maps. */
function hasMappedPublicAddresses(s: Snapshot, vpc: Vpc): boolean {
  const mapped = s
    .find('networkInterfacesByVpc', vpc.id)
    .some((eni) => eni.privateIpAddresses.some((p) => p.association !== undefined));
  return (
    mapped ||
    s
      .find('natGatewaysByVpc', vpc.id)
      .some((n) => n.connectivityType === 'public' && n.state !== 'deleted')
  );
}

/**
 * DetachInternetGateway: refused while public addresses are mapped in the VPC. The gateway's
 * edge association (a gateway route table) goes with the attachment, since the table can only
 * serve a gateway attached to its VPC.
 */
export const detachInternetGateway: Operation<InternetGatewayAttachmentInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = gatewayAndVpc(s, input, ctx);
  if (!found.ok) return found;
  const { igw, vpc } = found.value;
  if (!igw.attachments.some((a) => a.vpcId === vpc.id)) {
    return fail(
      AwsErrors.code(
        'Gateway.NotAttached',
        `resource ${igw.id} is not attached to network ${vpc.id}`,
      ),
    );
  }
  if (hasMappedPublicAddresses(s, vpc)) {
    return fail(
      AwsErrors.dependencyViolation(
        `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      ),
    );
  }
  const changes: Change[] = [{ op: 'put', resource: { ...igw, attachments: [] } }];
  for (const t of s.find('routeTableByGateway', igw.id)) {
    const associations = t.associations.filter((a) => a.gatewayId !== igw.id);
    changes.push({ op: 'put', resource: { ...t, associations } });
  }
  return ok({ changes, output: true });
};

export interface InternetGatewayIdInput {
  readonly internetGatewayId: string;
}

/** DeleteInternetGateway: only once detached. Routes to it stay, as blackholes. */
export const deleteInternetGateway: Operation<InternetGatewayIdInput, true> = (s, input, ctx) => {
  const igw = owned(s, 'internet-gateway', input.internetGatewayId, ctx);
  if (!igw.ok) return igw;
  if (igw.value.attachments.length > 0) {
    return fail(AwsErrors.hasDependencies('internetGateway', igw.value.id));
  }
  return ok({
    changes: [{ op: 'delete', kind: 'internet-gateway', id: igw.value.id }],
    output: true,
  });
};

export interface CreateEgressOnlyInternetGatewayInput {
  readonly vpcId: string;
  readonly tags?: readonly Tag[];
}

/** CreateEgressOnlyInternetGateway: attached to its VPC from the start; one per VPC. */
export const createEgressOnlyInternetGateway: Operation<
  CreateEgressOnlyInternetGatewayInput,
  EgressOnlyInternetGateway
> = (s, input, ctx) => {
  const vpc = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpc.ok) return vpc;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  // "You can attach only one egress-only internet gateway to a VPC at a time" (VPC quotas page).
  if (s.find('egressOnlyInternetGatewaysByVpc', vpc.value.id).length > 0) {
    return fail(
      AwsErrors.code(
        'Resource.AlreadyAssociated',
        `Network ${vpc.value.id} already has an egress-only internet gateway attached`,
      ),
    );
  }
  const eigw: EgressOnlyInternetGateway = {
    kind: 'egress-only-internet-gateway',
    id: ctx.ids.next('egress-only-internet-gateway'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    attachments: [{ vpcId: vpc.value.id, state: 'attached' }],
  };
  return ok({ changes: [{ op: 'put', resource: eigw }], output: eigw });
};

export interface EgressOnlyInternetGatewayIdInput {
  readonly egressOnlyInternetGatewayId: string;
}

/** DeleteEgressOnlyInternetGateway: routes to it stay, as blackholes. */
export const deleteEgressOnlyInternetGateway: Operation<
  EgressOnlyInternetGatewayIdInput,
  { returnCode: true }
> = (s, input, ctx) => {
  const eigw = owned(s, 'egress-only-internet-gateway', input.egressOnlyInternetGatewayId, ctx);
  if (!eigw.ok) return eigw;
  return ok({
    changes: [{ op: 'delete', kind: 'egress-only-internet-gateway', id: eigw.value.id }],
    output: { returnCode: true },
  });
};
