import type { Snapshot } from './snapshot.js';
import type { TransitGateway, TransitGatewayAttachment } from './transit-gateway.js';

/**
 * Security group referencing across a transit gateway
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html, "Security group
 * referencing"): an inbound rule of a group in one VPC may name a group of another VPC when both
 * VPCs are attached to one transit gateway in the Region and the gateway's
 * `SecurityGroupReferencingSupport` and both VPC attachments' option of that name are `enable`.
 * Outbound rules cannot reference across a gateway, and peering attachments carry no references.
 */

/** A transit gateway that connects two VPCs, with their attachments and what lacks the support. */
export interface TgwSgReferencing {
  readonly transitGateway: TransitGateway;
  /** The attachment of the first VPC, then of the second. */
  readonly attachments: readonly [TransitGatewayAttachment, TransitGatewayAttachment];
  /**
   * What keeps references from crossing: the gateway (option off), else the first attachment
   * with it off; undefined when references cross.
   */
  readonly lacking: TransitGateway | TransitGatewayAttachment | undefined;
}

const availableVpcAttachments = (s: Snapshot, vpcId: string): TransitGatewayAttachment[] =>
  s.find('tgwAttachmentsByVpc', vpcId).filter((a) => a.state === 'available' && a.vpc);

/**
 * The transit gateway between two VPCs for security group references: one with the support on
 * everywhere if there is one, else the first (by gateway id) that connects them, saying what
 * lacks the support; undefined when no available gateway has available attachments of both.
 */
export function tgwSgReferencing(
  s: Snapshot,
  vpcA: string,
  vpcB: string,
): TgwSgReferencing | undefined {
  const theirs = new Map(
    availableVpcAttachments(s, vpcB).map((a) => [a.transitGatewayId as string, a]),
  );
  const found: TgwSgReferencing[] = [];
  for (const a of availableVpcAttachments(s, vpcA)) {
    const b = theirs.get(a.transitGatewayId);
    const tgw = s.get('transit-gateway', a.transitGatewayId);
    if (!b || !tgw || tgw.state !== 'available') continue;
    const off = [tgw, a, b].find((x) =>
      x.kind === 'transit-gateway'
        ? x.options.securityGroupReferencingSupport !== 'enable'
        : x.vpc?.options.securityGroupReferencingSupport !== 'enable',
    );
    found.push({ transitGateway: tgw, attachments: [a, b], lacking: off });
  }
  found.sort((x, y) => (x.transitGateway.id < y.transitGateway.id ? -1 : 1));
  return found.find((f) => f.lacking === undefined) ?? found[0];
}

/** Whether a transit gateway carries security group references between two VPCs. */
export function tgwCarriesReferences(s: Snapshot, vpcA: string, vpcB: string): boolean {
  const via = tgwSgReferencing(s, vpcA, vpcB);
  return via !== undefined && via.lacking === undefined;
}
