import { createTags } from '../control/tags.js';
import { createTransitGateway } from '../control/transit-gateway.js';
import {
  acceptTransitGatewayVpcAttachment,
  createTransitGatewayVpcAttachment,
  rejectTransitGatewayVpcAttachment,
} from '../control/transit-gateway-attachment.js';
import {
  acceptTransitGatewayPeeringAttachment,
  createTransitGatewayPeeringAttachment,
  rejectTransitGatewayPeeringAttachment,
} from '../control/transit-gateway-peering.js';
import {
  associateTransitGatewayRouteTable,
  createTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
} from '../control/transit-gateway-route-table.js';
import {
  createTransitGatewayPrefixListReference,
  createTransitGatewayRoute,
} from '../control/transit-gateway-route.js';
import { associatedRouteTable } from '../model/transit-gateway.js';
import { callerFor, tagsOf, type LoadContext, type Scope } from './context.js';
import type { Topology, TopologyTransitGateway } from './schema.js';
import { loadResourceShares } from './load-resource-share.js';
import type { DocPath } from './source.js';

/**
 * The `transitGateways` of each Region: gateways first (every Region, so peerings can name
 * gateways anywhere), then VPC attachments, then peerings (requested by this gateway's owner,
 * accepted or rejected by the peer's owner in its own Region), then route tables with their
 * associations, propagations, static routes and prefix-list references — all through the
 * control operations, so a file fails exactly as the API would.
 */

interface TgwPlan {
  readonly tgw: TopologyTransitGateway;
  readonly scope: Scope;
  readonly path: DocPath;
  id: string;
}

const toggle = (b: boolean | undefined): 'enable' | 'disable' | undefined =>
  b === undefined ? undefined : b ? 'enable' : 'disable';

/** Every transit gateway of the file, in order. */
function plansOf(topology: Topology): TgwPlan[] {
  const plans: TgwPlan[] = [];
  topology.accounts.forEach((account, a) => {
    account.regions.forEach((region, r) => {
      region.transitGateways?.forEach((tgw, i) => {
        plans.push({
          tgw,
          scope: { caller: callerFor(account.id, region.name), vpc: '' },
          path: ['accounts', a, 'regions', r, 'transitGateways', i],
          id: '',
        });
      });
    });
  });
  return plans;
}

/**
 * Loads the gateways, VPC attachments and peerings of the file (after VPCs and subnets, before
 * the hybrid sections, whose VPN connections and Direct Connect associations attach to them).
 */
export function loadTransitGateways(L: LoadContext, topology: Topology): void {
  const plans = plansOf(topology);
  for (const p of plans) createGateway(L, p);
  // RAM shares between gateways and attachments: another account attaches to a shared gateway.
  loadResourceShares(L, topology);
  for (const p of plans) createVpcAttachments(L, p);
  for (const p of plans) createPeerings(L, p, plans);
}

/**
 * Loads the route tables of every gateway, once every attachment exists — VPN and Direct
 * Connect gateway attachments included, which the hybrid sections create (D73).
 */
export function loadTransitGatewayRouteTables(L: LoadContext, topology: Topology): void {
  for (const p of plansOf(topology)) {
    p.id = L.resolve('transit-gateway', p.tgw.name, p.scope, [...p.path, 'name']);
    loadRouteTables(L, p);
  }
}

function createGateway(L: LoadContext, p: TgwPlan): void {
  const t = p.tgw;
  const created = L.run(
    'CreateTransitGateway',
    createTransitGateway,
    {
      ...(t.description !== undefined ? { description: t.description } : {}),
      options: {
        ...(t.amazonSideAsn !== undefined ? { amazonSideAsn: t.amazonSideAsn } : {}),
        defaultRouteTableAssociation: toggle(t.defaultRouteTableAssociation),
        defaultRouteTablePropagation: toggle(t.defaultRouteTablePropagation),
        vpnEcmpSupport: toggle(t.vpnEcmpSupport),
        dnsSupport: toggle(t.dnsSupport),
        securityGroupReferencingSupport: toggle(t.securityGroupReferencingSupport),
        autoAcceptSharedAttachments: toggle(t.autoAcceptSharedAttachments),
        ...(t.cidrBlocks ? { transitGatewayCidrBlocks: t.cidrBlocks } : {}),
      },
      tags: tagsOf(t.name, t.tags),
    },
    p.scope.caller,
    p.path,
  );
  p.id = created.id;
  L.name('transit-gateway', t.name, created.id, p.scope, [...p.path, 'name']);
}

function createVpcAttachments(L: LoadContext, p: TgwPlan): void {
  p.tgw.vpcAttachments?.forEach((att, i) => {
    const at = [...p.path, 'vpcAttachments', i];
    // Another account's VPC (D78): that account attaches it, its names resolve in its Region.
    const owner = att.account ?? p.scope.caller.accountId;
    const vpcCaller = callerFor(owner, p.scope.caller.region);
    const vpcId = L.resolve('vpc', att.vpc, { caller: vpcCaller, vpc: '' }, [...at, 'vpc']);
    const inVpc: Scope = { caller: vpcCaller, vpc: att.vpc };
    const subnetIds = att.subnets.map((ref, j) =>
      L.resolve('subnet', ref, inVpc, [...at, 'subnets', j]),
    );
    const created = L.run(
      'CreateTransitGatewayVpcAttachment',
      createTransitGatewayVpcAttachment,
      {
        transitGatewayId: p.id,
        vpcId,
        subnetIds,
        options: {
          applianceModeSupport: toggle(att.applianceMode),
          dnsSupport: toggle(att.dnsSupport),
          ipv6Support: toggle(att.ipv6Support),
          securityGroupReferencingSupport: toggle(att.securityGroupReferencing),
        },
        tags: tagsOf(att.name, att.tags),
      },
      vpcCaller,
      at,
    );
    L.name('transit-gateway-attachment', att.name, created.id, p.scope, [...at, 'name']);
    decideAttachment(L, p, att.status ?? 'available', created.state, created.id, at);
  });
}

/**
 * Brings another account's attachment to the file's `status` (D78): the gateway's owner accepts
 * or rejects it, or leaves it waiting. An attachment that is already available (the gateway's
 * own VPC, or auto-accepted) cannot be made to wait or be rejected.
 */
function decideAttachment(
  L: LoadContext,
  p: TgwPlan,
  status: 'available' | 'pendingAcceptance' | 'rejected',
  state: string,
  id: string,
  at: DocPath,
): void {
  if (state !== 'pendingAcceptance') {
    if (status !== 'available') {
      L.abort(
        [...at, 'status'],
        `the attachment is ${state} at once (the gateway's own VPC, or AutoAcceptSharedAttachments): it cannot be ${status}`,
      );
    }
    return;
  }
  if (status === 'pendingAcceptance') return;
  const op =
    status === 'available' ? acceptTransitGatewayVpcAttachment : rejectTransitGatewayVpcAttachment;
  L.run(
    status === 'available'
      ? 'AcceptTransitGatewayVpcAttachment'
      : 'RejectTransitGatewayVpcAttachment',
    op,
    { transitGatewayAttachmentId: id },
    p.scope.caller,
    [...at, 'status'],
  );
}

function createPeerings(L: LoadContext, p: TgwPlan, plans: readonly TgwPlan[]): void {
  p.tgw.peerings?.forEach((pcx, i) => {
    const at = [...p.path, 'peerings', i];
    const hits = plans.filter(
      (q) =>
        q.tgw.name === pcx.peer &&
        (pcx.account === undefined || q.scope.caller.accountId === pcx.account) &&
        (pcx.region === undefined || q.scope.caller.region === pcx.region),
    );
    const peer = hits.length === 1 ? hits[0] : undefined;
    if (!peer) {
      L.abort(
        [...at, 'peer'],
        hits.length === 0
          ? `no transit gateway named '${pcx.peer}'`
          : `the transit gateway name '${pcx.peer}' is ambiguous: add account and region`,
      );
    }
    const created = L.run(
      'CreateTransitGatewayPeeringAttachment',
      createTransitGatewayPeeringAttachment,
      {
        transitGatewayId: p.id,
        peerTransitGatewayId: peer.id,
        peerAccountId: peer.scope.caller.accountId,
        peerRegion: peer.scope.caller.region,
        tags: tagsOf(pcx.name, pcx.tags),
      },
      p.scope.caller,
      at,
    );
    if (created.state === 'failed') L.abort(at, 'the peering attachment failed');
    L.name('transit-gateway-attachment', pcx.name, created.id, p.scope, [...at, 'name']);
    const status = pcx.status ?? 'available';
    const answer = { transitGatewayAttachmentId: created.id };
    if (status === 'available') {
      L.run(
        'AcceptTransitGatewayPeeringAttachment',
        acceptTransitGatewayPeeringAttachment,
        answer,
        peer.scope.caller,
        [...at, 'status'],
      );
    } else if (status === 'rejected') {
      L.run(
        'RejectTransitGatewayPeeringAttachment',
        rejectTransitGatewayPeeringAttachment,
        answer,
        peer.scope.caller,
        [...at, 'status'],
      );
    }
  });
}

/** An attachment id, or undefined for `blackhole`. */
function targetOf(L: LoadContext, p: TgwPlan, target: string, at: DocPath): string | undefined {
  return target === 'blackhole'
    ? undefined
    : L.resolve('transit-gateway-attachment', target, p.scope, at);
}

function loadRouteTables(L: LoadContext, p: TgwPlan): void {
  p.tgw.routeTables?.forEach((rt, i) => {
    const at = [...p.path, 'routeTables', i];
    const caller = p.scope.caller;
    let id: string;
    if (rt.default) {
      const tgw = L.store.snapshot.get('transit-gateway', p.id);
      const existing =
        tgw?.options.associationDefaultRouteTableId ?? tgw?.options.propagationDefaultRouteTableId;
      if (!existing) {
        L.abort(
          [...at, 'default'],
          'the transit gateway has no default route table (default association and propagation are disabled)',
        );
      }
      id = existing;
      L.run(
        'CreateTags',
        createTags,
        { resources: [id], tags: tagsOf(rt.name, rt.tags) },
        caller,
        at,
      );
    } else {
      id = L.run(
        'CreateTransitGatewayRouteTable',
        createTransitGatewayRouteTable,
        { transitGatewayId: p.id, tags: tagsOf(rt.name, rt.tags) },
        caller,
        at,
      ).id;
    }
    L.name('transit-gateway-route-table', rt.name, id, p.scope, [...at, 'name']);
    const link = { transitGatewayRouteTableId: id };
    rt.associations?.forEach((ref, j) => {
      const where = [...at, 'associations', j];
      const attachmentId = L.resolve('transit-gateway-attachment', ref, p.scope, where);
      // The default table already holds the attachments the gateway associated by default.
      if (associatedRouteTable(L.store.snapshot, p.id, attachmentId)?.id === id) return;
      L.run(
        'AssociateTransitGatewayRouteTable',
        associateTransitGatewayRouteTable,
        { ...link, transitGatewayAttachmentId: attachmentId },
        caller,
        where,
      );
    });
    rt.propagations?.forEach((ref, j) => {
      const where = [...at, 'propagations', j];
      const attachmentId = L.resolve('transit-gateway-attachment', ref, p.scope, where);
      const table = L.store.snapshot.get('transit-gateway-route-table', id);
      if (table?.propagations.some((x) => x === attachmentId)) return;
      L.run(
        'EnableTransitGatewayRouteTablePropagation',
        enableTransitGatewayRouteTablePropagation,
        { ...link, transitGatewayAttachmentId: attachmentId },
        caller,
        where,
      );
    });
    rt.routes?.forEach((route, j) => {
      const where = [...at, 'routes', j];
      const attachmentId = targetOf(L, p, route.target, [...where, 'target']);
      L.run(
        'CreateTransitGatewayRoute',
        createTransitGatewayRoute,
        {
          ...link,
          destinationCidrBlock: route.destination,
          ...(attachmentId ? { transitGatewayAttachmentId: attachmentId } : { blackhole: true }),
        },
        caller,
        where,
      );
    });
    rt.prefixListReferences?.forEach((ref, j) => {
      const where = [...at, 'prefixListReferences', j];
      const attachmentId = targetOf(L, p, ref.target, [...where, 'target']);
      L.run(
        'CreateTransitGatewayPrefixListReference',
        createTransitGatewayPrefixListReference,
        {
          ...link,
          prefixListId: L.resolve('prefix-list', ref.prefixList, p.scope, [...where, 'prefixList']),
          ...(attachmentId ? { transitGatewayAttachmentId: attachmentId } : { blackhole: true }),
        },
        caller,
        where,
      );
    });
  });
}
