import {
  matchesProto,
  ownsAddress,
  vpcTgwKey,
  type Dataplane,
  type Drop,
  type Endpoint,
  type Hop,
} from '../../dataplane/index.js';
import { component, sgRuleJson } from './render.js';
import type { Explanation } from './types.js';

/**
 * SG_REFERENCING_SUPPORT (D77): a packet that crossed a transit gateway is refused by the
 * destination's security groups, and an inbound rule of theirs names a group the source carries
 * — a rule that would admit it had the gateway carried the reference, but the gateway or one of
 * the two VPC attachments has `SecurityGroupReferencingSupport` off. The explanation names what
 * lacks the support (the attachment, or the gateway), the rule and its group.
 */
export function sgReferencingGap(
  dp: Dataplane,
  drop: Drop,
  hops: readonly Hop[],
  source: Endpoint,
): Explanation | undefined {
  const { refusal, related, packet: p } = drop;
  const dst = related.networkInterface;
  if (refusal.code !== 'ENI_SG_RULES_MISMATCH' || refusal.direction !== 'ingress' || !dst) {
    return undefined;
  }
  if (source.kind !== 'eni' || !ownsAddress(source.eni, p.src)) return undefined;
  const src = source.eni;
  if (src.vpc === dst.vpc) return undefined;
  // The gateway the packet came by into the destination's VPC.
  const into = [...hops]
    .reverse()
    .find((h) => h.node.kind === 'transit-gateway-attachment' && h.vpc === dst.vpc);
  const tgw = into?.transitGateway;
  if (!into || !tgw || into.node.kind !== 'transit-gateway-attachment') return undefined;
  const theirs = into.node;
  const ours = dp.vpcAttachments.get(vpcTgwKey(src.vpc.id, tgw.id));
  if (!ours) return undefined;
  const carried = new Set(src.securityGroups.map((g) => g.id));
  for (const g of dst.securityGroups) {
    for (const r of g.ingress) {
      const ref = r.rule.referencedGroupInfo;
      if (!ref || !carried.has(ref.groupId) || !matchesProto(r.match, p)) continue;
      const lacking = !tgw.sgReferencing
        ? tgw
        : !ours.sgReferencing
          ? ours
          : !theirs.sgReferencing
            ? theirs
            : undefined;
      if (!lacking) return undefined;
      return {
        ExplanationCode: 'SG_REFERENCING_SUPPORT',
        Direction: 'ingress',
        Component: component(lacking),
        TransitGateway: component(tgw),
        ...(lacking.kind === 'transit-gateway-attachment'
          ? { TransitGatewayAttachment: component(lacking) }
          : {}),
        NetworkInterface: component(dst),
        SecurityGroups: [component(g)],
        SecurityGroupRule: sgRuleJson(r),
      };
    }
  }
  return undefined;
}
