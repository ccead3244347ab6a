import { describe, expect, it } from 'vitest';
import { formatTrace } from '../../src/analysis/trace/index.js';
import { APPLIANCE_MODE_WARNING } from '../../src/analysis/trace/trace.js';
import { modifyTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { createTransitGatewayRoute } from '../../src/control/transit-gateway-route.js';
import { expectBlocked, expectReachable, ids, ip } from './net.js';
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

describe('route shadowing: MORE_SPECIFIC_ROUTE and HIGHER_PRIORITY_ROUTE (D76)', () => {
  it('a VPC route to an internet gateway, more specific than the route to the TGW', () => {
    const w = world();
    const igw = w.n.igw(w.spoke.vpc, 'spoke-igw');
    w.n.route(w.spoke.main.id, { destinationCidrBlock: '10.2.2.0/24', gatewayId: igw.id });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectBlocked(r, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.app1.instance.id,
      w.app1.eni.id,
      w.spoke.sg.id,
      acl(w, 'spoke'),
      w.spoke.main.id,
      igw.id,
    ]);
    expect(r.ForwardPathComponents![4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '10.2.2.0/24',
      GatewayId: igw.id,
    });
    expect(r.Explanations!.map((x) => x.ExplanationCode)).toEqual([
      'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
      'MORE_SPECIFIC_ROUTE',
    ]);
    const x = r.Explanations![1]!;
    expect(x.Component?.Id).toBe(w.spoke.main.id);
    expect(x.RouteTable?.Id).toBe(w.spoke.main.id);
    expect(x.Vpc?.Id).toBe(w.spoke.vpc.id);
    // The route the path did not take: the one to the transit gateway.
    expect(x.RouteTableRoute).toEqual({
      DestinationCidr: '0.0.0.0/0',
      TransitGatewayId: w.tgw.id,
      Origin: 'CreateRoute',
      State: 'active',
    });
    expect(formatTrace(r)).toContain('not taken: MORE_SPECIFIC_ROUTE');
  });

  it('a static VPC route over a prefix-list route of the same prefix', () => {
    const w = world();
    const igw = w.n.igw(w.spoke.vpc, 'spoke-igw');
    const pl = w.n.prefixList('spoke2', ['10.2.0.0/16']);
    w.n.route(w.spoke.main.id, { destinationPrefixListId: pl.id, transitGatewayId: w.tgw.id });
    w.n.route(w.spoke.main.id, { destinationCidrBlock: '10.2.0.0/16', gatewayId: igw.id });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectBlocked(r, 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
    expect(ids(r.ForwardPathComponents).slice(-2)).toEqual([w.spoke.main.id, igw.id]);
    const x = r.Explanations![1]!;
    expect(x.ExplanationCode).toBe('HIGHER_PRIORITY_ROUTE');
    expect(x.RouteTableRoute).toMatchObject({
      DestinationPrefixListId: pl.id,
      TransitGatewayId: w.tgw.id,
      State: 'active',
    });
  });

  it('a static TGW blackhole over the propagated route of the same prefix', () => {
    const w = world();
    w.n.h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: w.inspRt.id,
      destinationCidrBlock: '10.2.0.0/16',
      blackhole: true,
    });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    const blocked = expectBlocked(r, 'TGW_RTB_BAD_STATE_ROUTE');
    expect(blocked.Component?.Id).toBe(w.inspRt.id);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.app1.instance.id,
      w.app1.eni.id,
      w.spoke.sg.id,
      acl(w, 'spoke'),
      w.spoke.main.id,
      acl(w, 'spoke'),
      w.spokeAtt.id,
      w.spokesRt.id,
      w.inspAtt.id,
      acl(w, 'insp'),
      subnetTable(w, w.insp.ta.id),
      acl(w, 'insp'),
      w.insp.sg.id,
      w.fw1.eni.id,
      w.insp.sg.id,
      acl(w, 'insp'),
      w.insp.main.id,
      acl(w, 'insp'),
      w.inspAtt.id,
      w.inspRt.id,
    ]);
    expect(r.Explanations!.map((x) => x.ExplanationCode)).toEqual([
      'TGW_RTB_BAD_STATE_ROUTE',
      'TGW_RTB_HIGHER_PRIORITY_ROUTE',
    ]);
    const x = r.Explanations![1]!;
    expect(x.Component?.Id).toBe(w.inspRt.id);
    expect(x.TransitGatewayRouteTable?.Id).toBe(w.inspRt.id);
    expect(x.TransitGateway?.Id).toBe(w.tgw.id);
    expect(x.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '10.2.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: w.spoke2Att.id,
      ResourceId: w.spoke2.vpc.id,
      ResourceType: 'vpc',
    });
  });

  it('a more specific TGW blackhole over the static default route', () => {
    const w = world();
    w.n.h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: w.spokesRt.id,
      destinationCidrBlock: '10.2.2.0/24',
      blackhole: true,
    });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectBlocked(r, 'TGW_RTB_BAD_STATE_ROUTE');
    expect(ids(r.ForwardPathComponents).slice(-2)).toEqual([w.spokeAtt.id, w.spokesRt.id]);
    const x = r.Explanations![1]!;
    expect(x.ExplanationCode).toBe('TGW_RTB_MORE_SPECIFIC_ROUTE');
    expect(x.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      RouteOrigin: 'static',
      AttachmentId: w.inspAtt.id,
    });
  });

  it('is not reported when the route used was local, or the path was filtered', () => {
    const w = world();
    // An address of spoke2 no ENI holds: the local route delivers nowhere; 0.0.0.0/0 is not blamed.
    const r = w.n.traceTcp(w.app1.instance.id, ip('10.2.2.99'), 443);
    expect(r.NetworkPathFound).toBe(false);
    expect(r.Explanations!.map((x) => x.ExplanationCode)).toEqual([
      r.Explanations![0]!.ExplanationCode,
    ]);
    expect(ids(r.ForwardPathComponents)).toContain(w.spoke2.main.id);
    // And a reachable path carries no explanations at all.
    expect(w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443).Explanations).toBeUndefined();
  });
});
