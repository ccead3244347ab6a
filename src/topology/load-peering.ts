import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  rejectVpcPeeringConnection,
} from '../control/vpc-peering.js';
import { callerFor, tagsOf, type LoadContext, type VpcPlan } from './context.js';
import type { TopologyPeering } from './schema.js';
import type { DocPath } from './source.js';

type Side = TopologyPeering['requester'];

/** The VPC one side of a peering names: by name, narrowed by account and Region when given. */
function sideVpc(L: LoadContext, plans: readonly VpcPlan[], side: Side, path: DocPath): VpcPlan {
  const hits = plans.filter(
    (p) =>
      p.vpc.name === side.vpc &&
      (side.account === undefined || p.scope.caller.accountId === side.account) &&
      (side.region === undefined || p.scope.caller.region === side.region),
  );
  if (hits.length === 1 && hits[0]) return hits[0];
  return L.abort(
    [...path, 'vpc'],
    hits.length === 0
      ? `no VPC named '${side.vpc}'${side.region ? ` in ${side.region}` : ''}`
      : `the VPC name '${side.vpc}' is ambiguous: add account and region`,
  );
}

/**
 * Peerings: requested by the requester's owner, then accepted (or rejected) by the accepter's
 * owner in its own Region, exactly as two AWS accounts would do it.
 */
export function loadPeerings(
  L: LoadContext,
  peerings: readonly TopologyPeering[],
  plans: readonly VpcPlan[],
  path: DocPath,
): void {
  peerings.forEach((pcx, i) => {
    const at = [...path, i];
    const requester = sideVpc(L, plans, pcx.requester, [...at, 'requester']);
    const accepter = sideVpc(L, plans, pcx.accepter, [...at, 'accepter']);
    const created = L.run(
      'CreateVpcPeeringConnection',
      createVpcPeeringConnection,
      {
        vpcId: requester.id,
        peerVpcId: accepter.id,
        peerOwnerId: accepter.scope.caller.accountId,
        peerRegion: accepter.scope.caller.region,
        tags: tagsOf(pcx.name, pcx.tags),
      },
      requester.scope.caller,
      at,
    );
    if (created.status.code === 'failed')
      L.abort(at, `the peering connection failed: ${created.status.message}`);
    L.name(
      'vpc-peering-connection',
      pcx.name,
      created.id,
      { caller: requester.scope.caller, vpc: '' },
      [...at, 'name'],
    );
    const acceptCaller = callerFor(accepter.scope.caller.accountId, accepter.scope.caller.region);
    const status = pcx.status ?? 'active';
    if (status === 'active') {
      L.run(
        'AcceptVpcPeeringConnection',
        acceptVpcPeeringConnection,
        { vpcPeeringConnectionId: created.id },
        acceptCaller,
        [...at, 'status'],
      );
    } else if (status === 'rejected') {
      L.run(
        'RejectVpcPeeringConnection',
        rejectVpcPeeringConnection,
        { vpcPeeringConnectionId: created.id },
        acceptCaller,
        [...at, 'status'],
      );
    }
  });
}
