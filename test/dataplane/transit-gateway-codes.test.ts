import { describe, expect, it } from 'vitest';
import { APPLIANCE_MODE_WARNING } from '../../src/analysis/trace/trace.js';
import { modifyTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { expectReachable, ids } from './net.js';
import { acl, world } from './tgw-world.js';

/** The explanation codes vpctwin adds to transit gateway paths (D75–D79). */

type World = ReturnType<typeof world>;
const subnetTable = (w: World, subnetId: string) =>
  w.n.h.s.find('routeTableBySubnet', subnetId)[0]!.id;

describe('TGW_ATTACH_VPC_AZ_RESTRICTION (D75)', () => {
  it("flags the inspection attachment where the reply's AZ differs from the request's", () => {
    const w = world();
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    // Reachable (RA keeps no appliance state), with the warning and the hop's explanation.
    expectReachable(r);
    expect(r.WarningMessage).toBe(APPLIANCE_MODE_WARNING);
    expect(r.Explanations).toBeUndefined();
    const ret = r.ReturnPathComponents!;
    // app3 (az2) answers through spoke2's az2 attachment subnet; without appliance mode the
    // gateway keeps the reply in az2, so it reaches fw2 while the request went through fw1.
    expect(ids(ret)).toEqual([
      w.app3.instance.id,
      w.app3.eni.id,
      acl(w, 'spoke2'),
      w.spoke2.main.id,
      acl(w, 'spoke2'),
      w.spoke2Att.id,
      w.spokesRt.id,
      w.inspAtt.id,
      acl(w, 'insp'),
      subnetTable(w, w.insp.tb.id),
      acl(w, 'insp'),
      w.fw2.eni.id,
      acl(w, 'insp'),
      w.insp.main.id,
      acl(w, 'insp'),
      w.inspAtt.id,
      w.inspRt.id,
      w.spokeAtt.id,
      acl(w, 'spoke'),
      w.spoke.main.id,
      acl(w, 'spoke'),
      w.app1.eni.id,
      w.app1.instance.id,
    ]);
    const flagged = ret.filter((c) => c.Explanations);
    expect(flagged.map((c) => c.SequenceNumber)).toEqual([16]);
    expect(flagged[0]!.Subnet?.Id).toBe(w.insp.tb.id);
    const x = flagged[0]!.Explanations!;
    expect(x).toHaveLength(1);
    expect(x[0]!.ExplanationCode).toBe('TGW_ATTACH_VPC_AZ_RESTRICTION');
    expect(x[0]!.Component?.Id).toBe(w.inspAtt.id);
    expect(x[0]!.TransitGatewayAttachment?.Id).toBe(w.inspAtt.id);
    expect(x[0]!.TransitGateway?.Id).toBe(w.tgw.id);
    expect(x[0]!.AvailabilityZoneIds).toEqual(['use1-az1', 'use1-az2']);
    expect(x[0]!.AvailabilityZones).toEqual([
      w.insp.ta.availabilityZone,
      w.insp.tb.availabilityZone,
    ]);
    // The forward path, whose AZ the reply is compared with, carries no such explanation.
    expect(r.ForwardPathComponents!.some((c) => c.Explanations)).toBe(false);
  });

  it('is not reported when appliance mode keeps both directions in one AZ', () => {
    const w = world();
    w.n.h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: w.inspAtt.id,
      options: { applianceModeSupport: 'enable' },
    });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectReachable(r);
    expect(r.ReturnPathComponents!.some((c) => c.Explanations)).toBe(false);
  });

  it('is not reported when both ends sit in the same AZ (the reply keeps the AZ)', () => {
    const w = world();
    const near = w.n.instance(w.spoke2.a, '10.2.1.20', [w.spoke2.sg.id], 'near');
    const r = w.n.traceTcp(w.app1.instance.id, near.instance.id, 443);
    expectReachable(r);
    expect(r.WarningMessage).toBeUndefined();
    expect(ids(r.ReturnPathComponents)).toContain(w.fw1.eni.id);
    expect(r.ReturnPathComponents!.some((c) => c.Explanations)).toBe(false);
  });
});
