import { describe, expect, it } from 'vitest';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
} from '../../src/control/security-group.js';
import { modifyTransitGateway } from '../../src/control/transit-gateway.js';
import { modifyTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { isStaleRule } from '../../src/model/security-group.js';
import { expectBlocked, expectReachable, ids } from './net.js';
import { acl, world } from './tgw-world.js';

/**
 * Security group referencing across a transit gateway (D77): spoke2's `db` admits TCP 443 from
 * members of spoke's open group, by reference, across the hub of `world()`.
 */
function referencing() {
  const w = world();
  const sgSupport = (value: 'enable' | 'disable') =>
    w.n.h.run(modifyTransitGateway, {
      transitGatewayId: w.tgw.id,
      options: { securityGroupReferencingSupport: value },
    });
  const attachmentSupport = (id: string, value: 'enable' | 'disable') =>
    w.n.h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: id,
      options: { securityGroupReferencingSupport: value },
    });
  const dbSg = w.n.sg(w.spoke2.vpc, 'db');
  const fromSpoke = {
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    userIdGroupPairs: [{ groupId: w.spoke.sg.id }],
  };
  const db = w.n.instance(w.spoke2.b, '10.2.2.20', [dbSg.id], 'db');
  return { w, sgSupport, attachmentSupport, dbSg, fromSpoke, db };
}

describe('security group references across a transit gateway (D77)', () => {
  it('AuthorizeSecurityGroupIngress accepts a group of a VPC on the gateway only with support on', () => {
    const { w, sgSupport, attachmentSupport, dbSg, fromSpoke } = referencing();
    // The gateway's option is off by default (the attachments' on).
    const off = w.n.h.fails(authorizeSecurityGroupIngress, {
      groupId: dbSg.id,
      ipPermissions: [fromSpoke],
    });
    expect(off.code).toBe('InvalidGroup.NotFound');
    expect(off.message).toBe('You have specified two resources that belong to different networks.');
    sgSupport('enable');
    attachmentSupport(w.spokeAtt.id, 'disable');
    expect(
      w.n.h.fails(authorizeSecurityGroupIngress, { groupId: dbSg.id, ipPermissions: [fromSpoke] })
        .code,
    ).toBe('InvalidGroup.NotFound');
    attachmentSupport(w.spokeAtt.id, 'enable');
    const out = w.n.h.run(authorizeSecurityGroupIngress, {
      groupId: dbSg.id,
      ipPermissions: [fromSpoke],
    });
    expect(out.securityGroupRules[0]?.referencedGroupInfo).toEqual({
      groupId: w.spoke.sg.id,
      userId: w.spoke.sg.ownerId,
      vpcId: w.spoke.vpc.id,
    });
    // Outbound rules cannot reference a group across a transit gateway.
    const egress = w.n.h.fails(authorizeSecurityGroupEgress, {
      groupId: dbSg.id,
      ipPermissions: [fromSpoke],
    });
    expect(egress.code).toBe('InvalidGroup.NotFound');
    // A peering id does not name a transit gateway path.
    const pcx = w.n.h.fails(authorizeSecurityGroupIngress, {
      groupId: dbSg.id,
      ipPermissions: [
        {
          ...fromSpoke,
          userIdGroupPairs: [
            { groupId: w.spoke.sg.id, vpcPeeringConnectionId: 'pcx-0123456789abcdef0' },
          ],
        },
      ],
    });
    expect(pcx.code).toBe('InvalidVpcPeeringConnectionID.NotFound');
  });

  it('the rule goes stale when the support is turned off, and counts again when it is back', () => {
    const { w, sgSupport, attachmentSupport, dbSg, fromSpoke } = referencing();
    sgSupport('enable');
    w.n.h.run(authorizeSecurityGroupIngress, { groupId: dbSg.id, ipPermissions: [fromSpoke] });
    const rule = () => {
      const g = w.n.h.s.get('security-group', dbSg.id)!;
      return { g, r: g.rules.find((r) => r.referencedGroupInfo)! };
    };
    const stale = () => isStaleRule(w.n.h.s, rule().g, rule().r);
    expect(stale()).toBe(false);
    attachmentSupport(w.spoke2Att.id, 'disable');
    expect(stale()).toBe(true);
    attachmentSupport(w.spoke2Att.id, 'enable');
    sgSupport('disable');
    expect(stale()).toBe(true);
    sgSupport('enable');
    expect(stale()).toBe(false);
  });

  it("a member of the referenced group reaches db; with an attachment's support off, SG_REFERENCING_SUPPORT", () => {
    const { w, sgSupport, attachmentSupport, dbSg, fromSpoke, db } = referencing();
    sgSupport('enable');
    w.n.h.run(authorizeSecurityGroupIngress, { groupId: dbSg.id, ipPermissions: [fromSpoke] });
    const r = w.n.traceTcp(w.app1.instance.id, db.instance.id, 443);
    expectReachable(r);
    const tail = [
      w.inspAtt.id,
      w.inspRt.id,
      w.spoke2Att.id,
      acl(w, 'spoke2'),
      w.spoke2.main.id,
      acl(w, 'spoke2'),
      dbSg.id,
      db.eni.id,
      db.instance.id,
    ];
    expect(ids(r.ForwardPathComponents).slice(0, 7)).toEqual([
      w.app1.instance.id,
      w.app1.eni.id,
      w.spoke.sg.id,
      acl(w, 'spoke'),
      w.spoke.main.id,
      acl(w, 'spoke'),
      w.spokeAtt.id,
    ]);
    expect(ids(r.ForwardPathComponents).slice(-tail.length)).toEqual(tail);
    expect(r.ForwardPathComponents!.at(-3)!.SecurityGroupRule).toMatchObject({
      Direction: 'ingress',
      SecurityGroupId: w.spoke.sg.id,
      PortRange: { From: 443, To: 443 },
    });

    attachmentSupport(w.spoke2Att.id, 'disable');
    const blocked = w.n.traceTcp(w.app1.instance.id, db.instance.id, 443);
    expectBlocked(blocked, 'ENI_SG_RULES_MISMATCH');
    // A group mismatch ends the path at the interface, its groups in the explanation.
    expect(ids(blocked.ForwardPathComponents).slice(-7)).toEqual([...tail.slice(0, 6), db.eni.id]);
    expect(blocked.Explanations!.map((x) => x.ExplanationCode)).toEqual([
      'ENI_SG_RULES_MISMATCH',
      'SG_REFERENCING_SUPPORT',
    ]);
    const x = blocked.Explanations![1]!;
    expect(x.Direction).toBe('ingress');
    expect(x.Component?.Id).toBe(w.spoke2Att.id);
    expect(x.TransitGatewayAttachment?.Id).toBe(w.spoke2Att.id);
    expect(x.TransitGateway?.Id).toBe(w.tgw.id);
    expect(x.NetworkInterface?.Id).toBe(db.eni.id);
    expect(x.SecurityGroups?.map((g) => g.Id)).toEqual([dbSg.id]);
    expect(x.SecurityGroupRule).toMatchObject({ SecurityGroupId: w.spoke.sg.id });

    // The gateway's own option off: the gateway is named.
    attachmentSupport(w.spoke2Att.id, 'enable');
    sgSupport('disable');
    const y = expectBlocked(
      w.n.traceTcp(w.app1.instance.id, db.instance.id, 443),
      'SG_REFERENCING_SUPPORT',
    );
    expect(y.Component?.Id).toBe(w.tgw.id);
    expect(y.TransitGatewayAttachment).toBeUndefined();
  });

  it('is not reported for a packet the rule would refuse anyway (another port)', () => {
    const { w, attachmentSupport, sgSupport, dbSg, fromSpoke, db } = referencing();
    sgSupport('enable');
    w.n.h.run(authorizeSecurityGroupIngress, { groupId: dbSg.id, ipPermissions: [fromSpoke] });
    attachmentSupport(w.spokeAtt.id, 'disable');
    const r = w.n.traceTcp(w.app1.instance.id, db.instance.id, 22);
    expect(expectBlocked(r, 'ENI_SG_RULES_MISMATCH')).toBeDefined();
    expect(r.Explanations!.map((x) => x.ExplanationCode)).toEqual(['ENI_SG_RULES_MISMATCH']);
    // Port 443: the source's own attachment lacks the support.
    const at443 = expectBlocked(
      w.n.traceTcp(w.app1.instance.id, db.instance.id, 443),
      'SG_REFERENCING_SUPPORT',
    );
    expect(at443.Component?.Id).toBe(w.spokeAtt.id);
  });
});
