import type { Route, RouteTable } from './route-table.js';
import type { Snapshot } from './snapshot.js';
import { vpcCidrs } from './vpc.js';
import { vgwLearnedRoutes } from './advertised-prefixes.js';
import { attachedVpcId } from './vpn-gateway.js';

/**
 * VGW route propagation (https://docs.aws.amazon.com/vpc/latest/userguide/WorkWithRouteTables.html#EnableDisableRouteProp).
 * Propagated routes are derived when read, never stored (D3, D40): they follow the gateway's
 * attachment, its VPN connections' state and routes, and the sites' advertised prefixes
 * without any operation having to rewrite route tables.
 */

/**
 * The routes a table has by propagation: for each propagating gateway that is available and
 * attached to the table's VPC, one route per prefix it has learned (`Origin`
 * EnableVgwRoutePropagation, target the gateway). Prefixes inside the VPC's own blocks are not
 * installed: the local route keeps them.
 */
export function propagatedRoutes(s: Snapshot, table: RouteTable): Route[] {
  if (table.propagatingVgws.length === 0) return [];
  const vpc = s.get('vpc', table.vpcId);
  const blocks = vpc ? vpcCidrs(vpc) : [];
  const out: Route[] = [];
  const seen = new Set<string>();
  for (const vgwId of table.propagatingVgws) {
    const vgw = s.get('vpn-gateway', vgwId);
    if (!vgw || vgw.state !== 'available' || attachedVpcId(vgw) !== table.vpcId) continue;
    for (const learned of vgwLearnedRoutes(s, vgw)) {
      const d = learned.destination;
      const key = `${d.toString()}|${vgwId}`;
      if (seen.has(key) || blocks.some((b) => b.containsCidr(d))) continue;
      seen.add(key);
      out.push({ destinationCidrBlock: d, gatewayId: vgwId, origin: 'EnableVgwRoutePropagation' });
    }
  }
  return out;
}

/** Every route of a table as AWS shows it: its stored routes, then the propagated ones. */
export function tableRoutes(s: Snapshot, table: RouteTable): readonly Route[] {
  if (table.propagatingVgws.length === 0) return table.routes;
  return [...table.routes, ...propagatedRoutes(s, table)];
}
