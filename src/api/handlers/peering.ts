import { idsParam } from '../../control/params.js';
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  deleteVpcPeeringConnection,
  modifyVpcPeeringConnectionOptions,
  peeringVisibleTo,
  rejectVpcPeeringConnection,
  type PeeringConnectionOptionsInput,
} from '../../control/vpc-peering.js';
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import {
  peeringAt,
  peeringTagsFor,
  type VpcPeeringConnection,
  type VpcPeeringConnectionVpcInfo,
} from '../../model/vpc-peering.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs } from '../../model/vpc.js';
import type { Caller } from '../../store/store.js';
import type { HandlerContext } from './context.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/**
 * VPC peering (https://docs.aws.amazon.com/vpc/latest/peering/). A connection is stored once,
 * with the requester, and both owners see it, each in its own VPC's Region. Its status is read
 * as of now: an unaccepted request past its expiry reads `expired`.
 */

/** One side of a connection as AWS shows it: CIDR blocks and options only once it has them. */
interface SideView {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly region: string;
  /** Absent while the accepter has not accepted (AWS shows only the VPC id and owner then). */
  readonly detail?: {
    readonly cidrBlock: string | undefined;
    readonly cidrBlocks: readonly string[];
    readonly ipv6CidrBlocks: readonly string[];
    readonly allowDnsResolutionFromRemoteVpc: boolean;
  };
}

/** A connection as one caller sees it now. */
interface PeeringView {
  readonly pcx: VpcPeeringConnection;
  readonly requester: SideView;
  readonly accepter: SideView;
  readonly tags: readonly Tag[];
}

/** A side's blocks, read live from its VPC while it exists (they change with associations). */
function sideView(s: Snapshot, info: VpcPeeringConnectionVpcInfo, detailed: boolean): SideView {
  const base = { vpcId: info.vpcId, ownerId: info.ownerId, region: info.region };
  if (!detailed) return base;
  const candidate = s.get('vpc', info.vpcId);
  const vpc =
    candidate?.ownerId === info.ownerId && candidate.region === info.region ? candidate : undefined;
  const v4 = vpc ? vpcIpv4Cidrs(vpc) : info.cidrBlock ? [info.cidrBlock] : [];
  return {
    ...base,
    detail: {
      cidrBlock: (vpc?.cidrBlock ?? info.cidrBlock)?.toString(),
      cidrBlocks: v4.map(String),
      ipv6CidrBlocks: vpc ? vpcIpv6Cidrs(vpc).map(String) : [],
      allowDnsResolutionFromRemoteVpc: info.allowDnsResolutionFromRemoteVpc,
    },
  };
}

/** Statuses in which AWS shows the accepter's blocks and options: once the peering is set up. */
const ACCEPTER_DETAILED: ReadonlySet<string> = new Set(['provisioning', 'active', 'deleting']);

/** The connection as seen at `now`. */
function peeringView(
  s: Snapshot,
  stored: VpcPeeringConnection,
  now: Date,
  who: Caller,
): PeeringView {
  const pcx = peeringAt(stored, now);
  return {
    pcx,
    requester: sideView(s, pcx.requesterVpcInfo, true),
    accepter: sideView(s, pcx.accepterVpcInfo, ACCEPTER_DETAILED.has(pcx.status.code)),
    tags: peeringTagsFor(pcx, who),
  };
}

/** `PeeringConnectionOptions`: the ClassicLink options are always off (EC2-Classic is retired). */
const peeringOptions = (allowDnsResolutionFromRemoteVpc: boolean) => ({
  allowDnsResolutionFromRemoteVpc,
  allowEgressFromLocalClassicLinkToRemoteVpc: false,
  allowEgressFromLocalVpcToRemoteClassicLink: false,
});

/** `VpcPeeringConnectionVpcInfo` in the model's output shape. */
function sideOutput(side: SideView): Ec2.AccepterVpcInfo {
  const d = side.detail;
  return {
    vpcId: side.vpcId,
    ownerId: side.ownerId,
    region: side.region,
    ...(d === undefined
      ? {}
      : {
          cidrBlock: d.cidrBlock,
          cidrBlockSet: d.cidrBlocks.map((cidrBlock) => ({ cidrBlock })),
          ipv6CidrBlockSet: d.ipv6CidrBlocks.map((ipv6CidrBlock) => ({ ipv6CidrBlock })),
          peeringOptions: peeringOptions(d.allowDnsResolutionFromRemoteVpc),
        }),
  };
}

/** `VpcPeeringConnection` in the model's output shape; `status` overrides the one seen. */
export function peeringOutput(
  view: PeeringView,
  status: VpcPeeringConnection['status'] = view.pcx.status,
): Ec2.VpcPeeringConnection {
  const { pcx } = view;
  return {
    vpcPeeringConnectionId: pcx.id,
    requesterVpcInfo: sideOutput(view.requester),
    accepterVpcInfo: sideOutput(view.accepter),
    status: { code: status.code, message: status.message },
    expirationTime: pcx.expirationTime === undefined ? undefined : new Date(pcx.expirationTime),
    tags: tagSet(view.tags),
  };
}

const now = (ctx: HandlerContext): Date => ctx.store.clock.now();

/**
 * CreateVpcPeeringConnection. AWS answers while the request is still `initiating-request`
 * (it reads `pending-acceptance` right after); a request that failed at once says so.
 */
export const createVpcPeeringConnectionHandler = defineHandler(
  'CreateVpcPeeringConnection',
  (input, ctx) => {
    if (input.vpcId === undefined) return fail(AwsErrors.missingParameter('vpcId'));
    const tags = tagsFromSpecifications(input.tagSpecifications, 'vpc-peering-connection');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateVpcPeeringConnection', createVpcPeeringConnection, {
      vpcId: input.vpcId,
      peerVpcId: input.peerVpcId,
      peerOwnerId: input.peerOwnerId,
      peerRegion: input.peerRegion,
      tags: tags.value,
    });
    if (!result.ok) return result;
    const view = peeringView(ctx.store.snapshot, result.value, now(ctx), ctx.caller);
    const status =
      result.value.status.code === 'pending-acceptance'
        ? {
            code: 'initiating-request' as const,
            message: `Initiating Request to ${result.value.accepterVpcInfo.ownerId}`,
          }
        : result.value.status;
    return ok({ vpcPeeringConnection: peeringOutput(view, status) });
  },
);

/** AcceptVpcPeeringConnection: AWS answers `provisioning`, with the accepter's blocks. */
export const acceptVpcPeeringConnectionHandler = defineHandler(
  'AcceptVpcPeeringConnection',
  (input, ctx) => {
    const result = ctx.run('AcceptVpcPeeringConnection', acceptVpcPeeringConnection, {
      vpcPeeringConnectionId: input.vpcPeeringConnectionId,
    });
    if (!result.ok) return result;
    const view = peeringView(ctx.store.snapshot, result.value, now(ctx), ctx.caller);
    return ok({
      vpcPeeringConnection: peeringOutput(view, { code: 'provisioning', message: 'Provisioning' }),
    });
  },
);

/** RejectVpcPeeringConnection. */
export const rejectVpcPeeringConnectionHandler = defineHandler(
  'RejectVpcPeeringConnection',
  (input, ctx) => {
    const result = ctx.run('RejectVpcPeeringConnection', rejectVpcPeeringConnection, {
      vpcPeeringConnectionId: input.vpcPeeringConnectionId,
    });
    return result.ok ? ok({ return: true }) : result;
  },
);

/** DeleteVpcPeeringConnection. */
export const deleteVpcPeeringConnectionHandler = defineHandler(
  'DeleteVpcPeeringConnection',
  (input, ctx) => {
    const result = ctx.run('DeleteVpcPeeringConnection', deleteVpcPeeringConnection, {
      vpcPeeringConnectionId: input.vpcPeeringConnectionId,
    });
    return result.ok ? ok({ return: true }) : result;
  },
);

/** `PeeringConnectionOptionsRequest` as decoded. */
interface WireOptions {
  readonly allowDnsResolutionFromRemoteVpc?: boolean;
  readonly allowEgressFromLocalClassicLinkToRemoteVpc?: boolean;
  readonly allowEgressFromLocalVpcToRemoteClassicLink?: boolean;
}

/** The options the twin models; turning a ClassicLink option on is refused (EC2-Classic is gone). */
function optionsInput(
  given: WireOptions | undefined,
): Result<PeeringConnectionOptionsInput | undefined, AwsError> {
  if (given === undefined) return ok(undefined);
  if (
    given.allowEgressFromLocalClassicLinkToRemoteVpc === true ||
    given.allowEgressFromLocalVpcToRemoteClassicLink === true
  ) {
    return fail(
      AwsErrors.unsupported('ClassicLink options are not supported: EC2-Classic is retired.'),
    );
  }
  return ok({ allowDnsResolutionFromRemoteVpc: given.allowDnsResolutionFromRemoteVpc });
}

/** ModifyVpcPeeringConnectionOptions: answers with the options of the sides it changed. */
export const modifyVpcPeeringConnectionOptionsHandler = defineHandler(
  'ModifyVpcPeeringConnectionOptions',
  (input, ctx) => {
    const requester = optionsInput(input.requesterPeeringConnectionOptions);
    if (!requester.ok) return requester;
    const accepter = optionsInput(input.accepterPeeringConnectionOptions);
    if (!accepter.ok) return accepter;
    const result = ctx.run('ModifyVpcPeeringConnectionOptions', modifyVpcPeeringConnectionOptions, {
      vpcPeeringConnectionId: input.vpcPeeringConnectionId,
      requesterPeeringConnectionOptions: requester.value,
      accepterPeeringConnectionOptions: accepter.value,
    });
    if (!result.ok) return result;
    const req = result.value.requesterPeeringConnectionOptions;
    const acc = result.value.accepterPeeringConnectionOptions;
    return ok({
      requesterPeeringConnectionOptions:
        req === undefined ? undefined : peeringOptions(req.allowDnsResolutionFromRemoteVpc),
      accepterPeeringConnectionOptions:
        acc === undefined ? undefined : peeringOptions(acc.allowDnsResolutionFromRemoteVpc),
    });
  },
);

/** A side's filterable values: AWS matches `*-vpc-info.cidr-block` against any of its blocks. */
const sideCidrs = (side: SideView): string[] => [...(side.detail?.cidrBlocks ?? [])];

/** DescribeVpcPeeringConnections filters, by name, as AWS documents them (tags are built in). */
export const PEERING_FILTERS: FilterTable<PeeringView> = {
  'accepter-vpc-info.cidr-block': (v) => sideCidrs(v.accepter),
  'accepter-vpc-info.owner-id': (v) => [v.accepter.ownerId],
  'accepter-vpc-info.vpc-id': (v) => [v.accepter.vpcId],
  'expiration-time': (v) => [v.pcx.expirationTime],
  'requester-vpc-info.cidr-block': (v) => sideCidrs(v.requester),
  'requester-vpc-info.owner-id': (v) => [v.requester.ownerId],
  'requester-vpc-info.vpc-id': (v) => [v.requester.vpcId],
  'status-code': (v) => [v.pcx.status.code],
  'status-message': (v) => [v.pcx.status.message],
  'vpc-peering-connection-id': (v) => [v.pcx.id],
};

/** The connections the caller sees: either side's, in that side's Region. */
function visiblePeerings(ctx: HandlerContext): PeeringView[] {
  const s = ctx.store.snapshot;
  const at = now(ctx);
  const out: PeeringView[] = [];
  for (const pcx of s.all('vpc-peering-connection')) {
    if (peeringVisibleTo(pcx, ctx.caller)) out.push(peeringView(s, pcx, at, ctx.caller));
  }
  return out;
}

/** DescribeVpcPeeringConnections: ids, filters and MaxResults/NextToken (5..1000). */
export const describeVpcPeeringConnectionsHandler = defineHandler(
  'DescribeVpcPeeringConnections',
  (input, ctx) => {
    const shaped = idsParam('vpc-peering-connection', input.vpcPeeringConnectionIds);
    if (!shaped.ok) return shaped;
    const page = describe(
      visiblePeerings(ctx),
      { ...input, ids: input.vpcPeeringConnectionIds },
      {
        idOf: (v) => v.pcx.id,
        filters: PEERING_FILTERS,
        noun: 'vpc-peering-connection',
        idsParameter: 'vpcPeeringConnectionIds',
      },
    );
    return page.ok
      ? ok({
          vpcPeeringConnections: page.value.items.map((v) => peeringOutput(v)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The peering handlers, by action. */
export const PEERING_HANDLERS = handlerRegistry(
  createVpcPeeringConnectionHandler,
  acceptVpcPeeringConnectionHandler,
  rejectVpcPeeringConnectionHandler,
  deleteVpcPeeringConnectionHandler,
  describeVpcPeeringConnectionsHandler,
  modifyVpcPeeringConnectionOptionsHandler,
);
