import type { Refusal } from './explanation.js';
import type { PeeringNode, VpcNode } from './graph.js';
import type { Packet } from './packet.js';

/**
 * The VPC peering function: an active connection carries packets between its two VPCs only —
 * the source inside the sending VPC's blocks, the destination inside the peer's — so it is
 * neither transitive nor usable edge to edge. The receiving VPC delivers by its local route.
 * https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
 */

/** The VPC on the other side of a peering from vpcId, when the snapshot holds it. */
export function peerOf(pcx: PeeringNode, vpcId: string): VpcNode | undefined {
  if (pcx.requesterVpcId === vpcId) return pcx.accepter;
  if (pcx.accepterVpcId === vpcId) return pcx.requester;
  return undefined;
}

/** Whether a peering connects the two VPCs and is active. */
export const peeringConnects = (pcx: PeeringNode, a: string, b: string): boolean =>
  pcx.status === 'active' &&
  ((pcx.requesterVpcId === a && pcx.accepterVpcId === b) ||
    (pcx.requesterVpcId === b && pcx.accepterVpcId === a));

/** Carries a packet from one side to the other: the peer VPC, or why not. */
export function peeringForward(
  pcx: PeeringNode,
  from: VpcNode,
  p: Packet,
): { readonly ok: true; readonly to: VpcNode } | ({ readonly ok: false } & Refusal) {
  if (pcx.status !== 'active') return { ok: false, code: 'BAD_STATE', state: pcx.status };
  const to = peerOf(pcx, from.id);
  if (!to) return { ok: false, code: 'UNKNOWN_DESTINATION' };
  const inBlocks = (vpc: VpcNode, ip: Packet['src']) =>
    (ip.family === 4 ? vpc.blocks.v4 : vpc.blocks.v6).has(ip);
  if (!inBlocks(from, p.src)) {
    return {
      ok: false,
      code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
      packetField: 'source-address',
      address: p.src,
      cidrs: from.cidrs,
    };
  }
  if (!inBlocks(to, p.dst)) {
    return {
      ok: false,
      code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
      packetField: 'destination-address',
      address: p.dst,
      cidrs: to.cidrs,
    };
  }
  return { ok: true, to };
}
