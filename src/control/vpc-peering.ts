import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { parseAccountId, type AccountId, type RegionName } from '../model/ids.js';
import type { Operation, OperationContext, Outcome } from '../model/operation.js';
import { isKnownRegion } from '../model/regions.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  isLivePeering,
  peeringPairKey,
  peeringStatusAt,
  type PeeringStatusCode,
  type VpcPeeringConnection,
  type VpcPeeringConnectionVpcInfo,
} from '../model/vpc-peering.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs, type Vpc } from '../model/vpc.js';
import { idParam, owned, tagsParam } from './params.js';

/**
 * VPC peering (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
 * A connection is stored once, owned by the requester in the requester's Region, and both
 * sides' owners see it and act on it, each in its own VPC's Region.
 */

/** An unaccepted request expires after 7 days (168 h). */
export const PEERING_REQUEST_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * AWS's one status message for every peering that cannot be set up: a peer VPC that does not
 * exist in the named account and Region, or overlapping CIDR blocks.
 */
export const PEERING_FAILED_MESSAGE =
  'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range';

/** Who is asking: an account in a Region. */
type Where = Pick<OperationContext, 'accountId' | 'region'>;

/** Which sides of the connection the caller acts for: its account, in that side's Region. */
export function peeringSidesOf(
  pcx: VpcPeeringConnection,
  ctx: Where,
): { requester: boolean; accepter: boolean } {
  const is = (info: VpcPeeringConnectionVpcInfo) =>
    info.ownerId === ctx.accountId && info.region === ctx.region;
  return { requester: is(pcx.requesterVpcInfo), accepter: is(pcx.accepterVpcInfo) };
}

/** True when the caller sees the connection: it owns either side and calls in that side's Region. */
export function peeringVisibleTo(pcx: VpcPeeringConnection, ctx: Where): boolean {
  const sides = peeringSidesOf(pcx, ctx);
  return sides.requester || sides.accepter;
}

/** Finds a connection the caller can see, with AWS's not-found error otherwise. */
export function visiblePeering(
  s: Snapshot,
  id: string,
  ctx: Where,
): Result<VpcPeeringConnection, AwsError> {
  const shaped = idParam('vpc-peering-connection', id);
  if (!shaped.ok) return shaped;
  const pcx = s.get('vpc-peering-connection', id);
  if (!pcx || !peeringVisibleTo(pcx, ctx)) {
    return fail(AwsErrors.notFound('vpc-peering-connection', id));
  }
  return ok(pcx);
}

/** True when any IPv4 block, or any IPv6 block, of one VPC overlaps one of the other's. */
function vpcsOverlap(a: Vpc, b: Vpc): boolean {
  const v4 = vpcIpv4Cidrs(b);
  const v6 = vpcIpv6Cidrs(b);
  return (
    vpcIpv4Cidrs(a).some((x) => v4.some((y) => x.overlaps(y))) ||
    vpcIpv6Cidrs(a).some((x) => v6.some((y) => x.overlaps(y)))
  );
}

const vpcInfo = (vpc: Vpc): VpcPeeringConnectionVpcInfo => ({
  vpcId: vpc.id,
  ownerId: vpc.ownerId,
  region: vpc.region,
  cidrBlock: vpc.cidrBlock,
  allowDnsResolutionFromRemoteVpc: false,
});

const invalidStateTransition = (id: string, from: string, to: string): AwsError =>
  AwsErrors.incorrectState(
    'InvalidStateTransition',
    `Invalid state transition for ${id}, attempted to transition from ${from} to ${to}`,
  );

/** CreateVpcPeeringConnection, as far as the twin models it. */
export interface CreateVpcPeeringConnectionInput {
  /** The requester VPC: the caller's, in the caller's Region. */
  readonly vpcId: string;
  readonly peerVpcId?: string;
  /** Defaults to the caller's account. */
  readonly peerOwnerId?: string;
  /** Defaults to the caller's Region. */
  readonly peerRegion?: string;
  readonly tags?: readonly Tag[];
}

/**
 * CreateVpcPeeringConnection. A request that cannot work still creates a connection, in status
 * `failed`, as AWS does (overlapping blocks; a peer that does not exist in another account or
 * Region). Only a peer looked up in the caller's own account and Region is checked at once:
 * AWS answers InvalidVpcID.NotFound for it.
 */
export const createVpcPeeringConnection: Operation<
  CreateVpcPeeringConnectionInput,
  VpcPeeringConnection
> = (s, input, ctx) => {
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const requester = found.value;
  if (input.peerVpcId === undefined) return fail(AwsErrors.missingParameter('peerVpcId'));
  const peerVpcId = idParam('vpc', input.peerVpcId);
  if (!peerVpcId.ok) return peerVpcId;
  let peerOwner: AccountId = ctx.accountId;
  if (input.peerOwnerId !== undefined) {
    const parsed = parseAccountId(input.peerOwnerId);
    if (!parsed) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${input.peerOwnerId}) for parameter peerOwnerId is invalid.`,
        ),
      );
    }
    peerOwner = parsed;
  }
  const peerRegion = (input.peerRegion ?? ctx.region) as RegionName;
  if (!isKnownRegion(peerRegion)) {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${peerRegion}) for parameter peerRegion is invalid.`),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;

  const candidate = s.get('vpc', peerVpcId.value);
  const peer =
    candidate && candidate.ownerId === peerOwner && candidate.region === peerRegion
      ? candidate
      : undefined;
  // Within one account and Region EC2 resolves the peer at once (terraform-provider-aws#35485:
  // a missing peerOwnerId gives InvalidVpcID.NotFound); elsewhere the request fails later.
  if (!peer && peerOwner === ctx.accountId && peerRegion === ctx.region) {
    return fail(AwsErrors.notFound('vpc', peerVpcId.value));
  }
  const now = ctx.clock.now();
  if (peer) {
    const existing = s
      .find('peeringsByVpcPair', peeringPairKey(requester.id, peer.id))
      .find((p) => isLivePeering(p, now));
    if (existing) {
      return fail(
        AwsErrors.code(
          'VpcPeeringConnectionAlreadyExists',
          `A VPC peering connection between ${requester.id} and ${peer.id} already exists: ${existing.id}.`,
        ),
      );
    }
  }

  const failed = !peer || vpcsOverlap(requester, peer);
  const pcx: VpcPeeringConnection = {
    kind: 'vpc-peering-connection',
    id: ctx.ids.next('vpc-peering-connection'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    requesterVpcInfo: vpcInfo(requester),
    accepterVpcInfo: peer
      ? vpcInfo(peer)
      : {
          vpcId: peerVpcId.value,
          ownerId: peerOwner,
          region: peerRegion,
          allowDnsResolutionFromRemoteVpc: false,
        },
    ...(failed
      ? { status: { code: 'failed' as const, message: PEERING_FAILED_MESSAGE } }
      : {
          status: {
            code: 'pending-acceptance' as const,
            message: `Pending Acceptance by ${peerOwner}`,
          },
          expirationTime: new Date(now.getTime() + PEERING_REQUEST_LIFETIME_MS).toISOString(),
        }),
  };
  return ok({ changes: [{ op: 'put', resource: pcx }], output: pcx });
};

export interface VpcPeeringConnectionIdInput {
  readonly vpcPeeringConnectionId: string;
}

/**
 * Checks that the caller acts for the accepter side: the accepter's account, in the accepter's
 * Region (AWS's OperationNotPermitted wording for each case).
 */
function checkAccepter(
  pcx: VpcPeeringConnection,
  ctx: Where,
  verb: 'accept' | 'reject',
): AwsError | undefined {
  if (peeringSidesOf(pcx, ctx).accepter) return undefined;
  const accepter = pcx.accepterVpcInfo;
  if (accepter.ownerId === ctx.accountId) {
    const what = verb === 'accept' ? 'accepted' : 'accepted or rejected';
    return AwsErrors.code(
      'OperationNotPermitted',
      `Incorrect region (${ctx.region}) specified for this request. VPC peering connection ${pcx.id} must be ${what} in region ${accepter.region}`,
    );
  }
  return AwsErrors.code(
    'OperationNotPermitted',
    `User (${ctx.accountId}) cannot ${verb} peering ${pcx.id}`,
  );
}

/** A status change of a connection: the new status, why it may not happen, the answer. */
interface Transition<O> {
  readonly to: VpcPeeringConnection['status'];
  /** Given the connection and its status now (an unaccepted request may have expired). */
  readonly refusal: (pcx: VpcPeeringConnection, now: PeeringStatusCode) => AwsError | undefined;
  readonly output: (next: VpcPeeringConnection) => O;
}

/**
 * Moves a connection the caller sees to a new status, unless the transition's refusal says why
 * not. The expiration time goes, as only a pending request has one.
 */
function transition<O>(
  s: Snapshot,
  input: VpcPeeringConnectionIdInput,
  ctx: OperationContext,
  t: Transition<O>,
): Result<Outcome<O>, AwsError> {
  const found = visiblePeering(s, input.vpcPeeringConnectionId, ctx);
  if (!found.ok) return found;
  const pcx = found.value;
  const denied = t.refusal(pcx, peeringStatusAt(pcx, ctx.clock.now()).code);
  if (denied) return fail(denied);
  const { expirationTime: _gone, ...rest } = pcx;
  const next: VpcPeeringConnection = { ...rest, status: t.to };
  return ok({ changes: [{ op: 'put', resource: next }], output: t.output(next) });
}

/** The accepter's answer to a request: only the accepter may give it, only while it is pending. */
const accepterRefusal =
  (ctx: Where, verb: 'accept' | 'reject', to: PeeringStatusCode) =>
  (pcx: VpcPeeringConnection, now: PeeringStatusCode): AwsError | undefined =>
    checkAccepter(pcx, ctx, verb) ??
    (now !== 'pending-acceptance' ? invalidStateTransition(pcx.id, now, to) : undefined);

/** AcceptVpcPeeringConnection: the accepter, in its Region, turns a pending request active. */
export const acceptVpcPeeringConnection: Operation<
  VpcPeeringConnectionIdInput,
  VpcPeeringConnection
> = (s, input, ctx) =>
  transition(s, input, ctx, {
    to: { code: 'active', message: 'Active' },
    refusal: accepterRefusal(ctx, 'accept', 'active'),
    output: (next) => next,
  });

/** RejectVpcPeeringConnection: the accepter, in its Region, turns down a pending request. */
export const rejectVpcPeeringConnection: Operation<VpcPeeringConnectionIdInput, true> = (
  s,
  input,
  ctx,
) =>
  transition(s, input, ctx, {
    to: { code: 'rejected', message: `Rejected by ${ctx.accountId}` },
    refusal: accepterRefusal(ctx, 'reject', 'rejected'),
    output: () => true,
  });

/**
 * DeleteVpcPeeringConnection: either owner may delete an active connection; only the requester
 * may delete a pending request (the accepter rejects it instead). Failed, rejected, expired and
 * deleted connections cannot be deleted (API reference, DeleteVpcPeeringConnection). Routes that
 * target the connection stay and read as blackholes, as in AWS.
 */
export const deleteVpcPeeringConnection: Operation<VpcPeeringConnectionIdInput, true> = (
  s,
  input,
  ctx,
) =>
  transition(s, input, ctx, {
    to: { code: 'deleted', message: `Deleted by ${ctx.accountId}` },
    refusal: (pcx, now) => {
      if (now !== 'active' && now !== 'pending-acceptance') {
        return invalidStateTransition(pcx.id, now, 'deleting');
      }
      if (now === 'pending-acceptance' && !peeringSidesOf(pcx, ctx).requester) {
        return AwsErrors.code(
          'OperationNotPermitted',
          `User (${ctx.accountId}) cannot delete peering ${pcx.id} while it is pending acceptance; reject it instead`,
        );
      }
      return undefined;
    },
    output: () => true,
  });

/** The options of one side of a connection. */
export interface PeeringConnectionOptionsInput {
  readonly allowDnsResolutionFromRemoteVpc?: boolean;
}

export interface ModifyVpcPeeringConnectionOptionsInput {
  readonly vpcPeeringConnectionId: string;
  readonly requesterPeeringConnectionOptions?: PeeringConnectionOptionsInput;
  readonly accepterPeeringConnectionOptions?: PeeringConnectionOptionsInput;
}

export interface ModifyVpcPeeringConnectionOptionsOutput {
  readonly requesterPeeringConnectionOptions?: {
    readonly allowDnsResolutionFromRemoteVpc: boolean;
  };
  readonly accepterPeeringConnectionOptions?: { readonly allowDnsResolutionFromRemoteVpc: boolean };
}

/**
 * ModifyVpcPeeringConnectionOptions: active connections only. Each side's options are changed by
 * that side's owner in that side's Region (one call may do both when the caller is both).
 * Turning DNS resolution on needs DNS support and DNS hostnames in both VPCs.
 */
export const modifyVpcPeeringConnectionOptions: Operation<
  ModifyVpcPeeringConnectionOptionsInput,
  ModifyVpcPeeringConnectionOptionsOutput
> = (s, input, ctx) => {
  const found = visiblePeering(s, input.vpcPeeringConnectionId, ctx);
  if (!found.ok) return found;
  const pcx = found.value;
  const req = input.requesterPeeringConnectionOptions;
  const acc = input.accepterPeeringConnectionOptions;
  if (req === undefined && acc === undefined) {
    return fail(
      AwsErrors.missingParameter(
        'requesterPeeringConnectionOptions or accepterPeeringConnectionOptions',
      ),
    );
  }
  if (peeringStatusAt(pcx, ctx.clock.now()).code !== 'active') {
    return fail(
      AwsErrors.code(
        'OperationNotPermitted',
        `Peering ${pcx.id} is not active. Peering options can be added only to active peerings.`,
      ),
    );
  }
  const sides = peeringSidesOf(pcx, ctx);
  for (const [side, given, may, info] of [
    ['requester', req, sides.requester, pcx.requesterVpcInfo],
    ['accepter', acc, sides.accepter, pcx.accepterVpcInfo],
  ] as const) {
    if (given !== undefined && !may) {
      return fail(
        AwsErrors.code(
          'OperationNotPermitted',
          `User (${ctx.accountId}) cannot modify the ${side} options of peering ${pcx.id}: the ${side} VPC owner (${info.ownerId}) must do it in ${info.region}`,
        ),
      );
    }
  }
  if (
    req?.allowDnsResolutionFromRemoteVpc === true ||
    acc?.allowDnsResolutionFromRemoteVpc === true
  ) {
    const vpcs = [pcx.requesterVpcInfo.vpcId, pcx.accepterVpcInfo.vpcId].map((id) =>
      s.get('vpc', id),
    );
    if (vpcs.some((v) => !v || !v.enableDnsSupport || !v.enableDnsHostnames)) {
      return fail(
        AwsErrors.code(
          'InvalidVpcPeeringConnectionState.DnsHostnamesDisabled',
          'To enable DNS hostname resolution for the VPC peering connection, DNS hostname support must be enabled for the VPCs.',
        ),
      );
    }
  }
  const apply = (
    info: VpcPeeringConnectionVpcInfo,
    given: PeeringConnectionOptionsInput | undefined,
  ): VpcPeeringConnectionVpcInfo =>
    given?.allowDnsResolutionFromRemoteVpc === undefined
      ? info
      : { ...info, allowDnsResolutionFromRemoteVpc: given.allowDnsResolutionFromRemoteVpc };
  const next: VpcPeeringConnection = {
    ...pcx,
    requesterVpcInfo: apply(pcx.requesterVpcInfo, req),
    accepterVpcInfo: apply(pcx.accepterVpcInfo, acc),
  };
  const options = (info: VpcPeeringConnectionVpcInfo) => ({
    allowDnsResolutionFromRemoteVpc: info.allowDnsResolutionFromRemoteVpc,
  });
  const output: ModifyVpcPeeringConnectionOptionsOutput = {
    ...(req ? { requesterPeeringConnectionOptions: options(next.requesterVpcInfo) } : {}),
    ...(acc ? { accepterPeeringConnectionOptions: options(next.accepterVpcInfo) } : {}),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output });
};
