import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { Ip } from '../net/index.js';
import type { Caller } from '../store/store.js';
import { routeState } from '../model/route-table.js';
import {
  associatedRouteTable,
  selectTgwRoutes,
  tgwRoutes,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { createManagedPrefixList } from './prefix-list.js';
import { createRoute } from './route.js';
import { createRouteTable } from './route-table.js';
import { createSubnet } from './subnet.js';
import {
  createTransitGateway,
  deleteTransitGateway,
  modifyTransitGateway,
} from './transit-gateway.js';
import {
  createTransitGatewayVpcAttachment,
  deleteTransitGatewayVpcAttachment,
  modifyTransitGatewayVpcAttachment,
} from './transit-gateway-attachment.js';
import {
  acceptTransitGatewayPeeringAttachment,
  createTransitGatewayPeeringAttachment,
  deleteTransitGatewayPeeringAttachment,
  rejectTransitGatewayPeeringAttachment,
} from './transit-gateway-peering.js';
import {
  associateTransitGatewayRouteTable,
  createTransitGatewayRouteTable,
  deleteTransitGatewayRouteTable,
  disableTransitGatewayRouteTablePropagation,
  disassociateTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
} from './transit-gateway-route-table.js';
import {
  createTransitGatewayPrefixListReference,
  createTransitGatewayRoute,
  deleteTransitGatewayRoute,
  replaceTransitGatewayRoute,
} from './transit-gateway-route.js';
import { createVpc } from './vpc.js';

const A = caller('111111111111', 'us-east-1');
const B_WEST = caller('222222222222', 'us-west-2');

const ISOLATED = {
  defaultRouteTableAssociation: 'disable',
  defaultRouteTablePropagation: 'disable',
};

function setup() {
  const h = harness(A);
  h.init(B_WEST);
  /** A VPC with one subnet in each of the first two AZs (a and b) and a third in AZ a. */
  const vpc = (cidr: string, c: Caller = A) => {
    const v = h.run(createVpc, { cidrBlock: cidr }, c);
    const base = cidr.split('.').slice(0, 2).join('.');
    const az = (x: string) => `${c.region}${x}`;
    const sn = (third: number, zone: string) =>
      h.run(
        createSubnet,
        { vpcId: v.id, cidrBlock: `${base}.${third}.0/24`, availabilityZone: az(zone) },
        c,
      );
    return { vpc: v, a: sn(1, 'a'), b: sn(2, 'b'), a2: sn(3, 'a') };
  };
  return { h, vpc };
}

const table = (h: ReturnType<typeof setup>['h'], id: string): TransitGatewayRouteTable =>
  h.s.get('transit-gateway-route-table', id)!;

describe('CreateTransitGateway', () => {
  it('applies AWS defaults and creates one default route table for association and propagation', () => {
    const { h } = setup();
    const tgw = h.run(createTransitGateway, { description: 'core' });
    expect(tgw.id).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(tgw.state).toBe('available');
    expect(tgw.options).toMatchObject({
      amazonSideAsn: 64512,
      autoAcceptSharedAttachments: 'disable',
      defaultRouteTableAssociation: 'enable',
      defaultRouteTablePropagation: 'enable',
      vpnEcmpSupport: 'enable',
      dnsSupport: 'enable',
      securityGroupReferencingSupport: 'disable',
    });
    const rtb = tgw.options.associationDefaultRouteTableId!;
    expect(rtb).toMatch(/^tgw-rtb-[0-9a-f]{17}$/);
    expect(tgw.options.propagationDefaultRouteTableId).toBe(rtb);
    expect(table(h, rtb).transitGatewayId).toBe(tgw.id);
  });

  it('creates no route table when default association and propagation are both disabled', () => {
    const { h } = setup();
    const tgw = h.run(createTransitGateway, { options: { amazonSideAsn: 64600, ...ISOLATED } });
    expect(tgw.options.associationDefaultRouteTableId).toBeUndefined();
    expect(h.s.find('tgwRouteTablesByGateway', tgw.id)).toEqual([]);
  });

  it('refuses an ASN outside the private ranges, a bad toggle and a /25 CIDR block', () => {
    const { h } = setup();
    expect(h.fails(createTransitGateway, { options: { amazonSideAsn: 65535 } }).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(createTransitGateway, { options: { dnsSupport: 'on' } }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createTransitGateway, { options: { transitGatewayCidrBlocks: ['10.99.0.0/25'] } })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.run(createTransitGateway, { options: { amazonSideAsn: 4200000000 } }).options.amazonSideAsn,
    ).toBe(4200000000);
  });

  it('ModifyTransitGateway enabling default association creates a default table', () => {
    const { h } = setup();
    const tgw = h.run(createTransitGateway, { options: ISOLATED });
    const next = h.run(modifyTransitGateway, {
      transitGatewayId: tgw.id,
      options: { defaultRouteTableAssociation: 'enable' },
    });
    expect(next.options.associationDefaultRouteTableId).toMatch(/^tgw-rtb-/);
    expect(next.options.propagationDefaultRouteTableId).toBeUndefined();
    expect(h.fails(modifyTransitGateway, { transitGatewayId: 'tgw-00000000' }).code).toBe(
      'InvalidTransitGatewayID.NotFound',
    );
  });
});

describe('CreateTransitGatewayVpcAttachment', () => {
  it('attaches one subnet per AZ and gets the default association and propagation', () => {
    const { h, vpc } = setup();
    const tgw = h.run(createTransitGateway, {});
    const v = vpc('10.1.0.0/16');
    const att = h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id, v.b.id],
      options: { applianceModeSupport: 'enable' },
    });
    expect(att.id).toMatch(/^tgw-attach-[0-9a-f]{17}$/);
    expect(att).toMatchObject({ state: 'available', resourceType: 'vpc', resourceId: v.vpc.id });
    expect(att.vpc?.options).toEqual({
      dnsSupport: 'enable',
      ipv6Support: 'disable',
      applianceModeSupport: 'enable',
      securityGroupReferencingSupport: 'enable',
    });
    const rtb = table(h, tgw.options.associationDefaultRouteTableId!);
    expect(rtb.associations).toEqual([att.id]);
    expect(rtb.propagations).toEqual([att.id]);
    // The VPC's block is propagated, not stored.
    expect(rtb.routes).toEqual([]);
    expect(
      tgwRoutes(h.s, rtb).map((r) => [r.destination.toString(), r.type, r.attachmentId]),
    ).toEqual([['10.1.0.0/16', 'propagated', att.id]]);
  });

  it('refuses two subnets of one AZ, a second attachment of the VPC, and a subnet of another VPC', () => {
    const { h, vpc } = setup();
    const tgw = h.run(createTransitGateway, {});
    const v = vpc('10.1.0.0/16');
    const other = vpc('10.2.0.0/16');
    const dup = h.fails(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id, v.a2.id],
    });
    expect(dup).toMatchObject({
      code: 'DuplicateSubnetsInSameZone',
      message: 'Duplicate Subnets for same AZ',
    });
    expect(
      h.fails(createTransitGatewayVpcAttachment, {
        transitGatewayId: tgw.id,
        vpcId: v.vpc.id,
        subnetIds: [other.a.id],
      }).code,
    ).toBe('InvalidParameter');
    h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id],
    });
    expect(
      h.fails(createTransitGatewayVpcAttachment, {
        transitGatewayId: tgw.id,
        vpcId: v.vpc.id,
        subnetIds: [v.b.id],
      }),
    ).toMatchObject({
      code: 'DuplicateTransitGatewayAttachment',
      message: `${tgw.id} has non-deleted Transit Gateway Attachments with same VPC ID.`,
    });
    expect(
      h.fails(createTransitGatewayVpcAttachment, {
        transitGatewayId: 'tgw-0123456789abcdef0',
        vpcId: v.vpc.id,
        subnetIds: [v.a.id],
      }).code,
    ).toBe('InvalidTransitGatewayID.NotFound');
    expect(
      h.fails(createTransitGatewayVpcAttachment, {
        transitGatewayId: 'tgw-x',
        vpcId: v.vpc.id,
        subnetIds: [v.a.id],
      }).code,
    ).toBe('InvalidTransitGatewayID.Malformed');
  });

  it('allows a VPC on at most five transit gateways', () => {
    const { h, vpc } = setup();
    const v = vpc('10.1.0.0/16');
    for (let i = 0; i < 5; i++) {
      const tgw = h.run(createTransitGateway, {});
      h.run(createTransitGatewayVpcAttachment, {
        transitGatewayId: tgw.id,
        vpcId: v.vpc.id,
        subnetIds: [v.a.id],
      });
    }
    const sixth = h.run(createTransitGateway, {});
    expect(
      h.fails(createTransitGatewayVpcAttachment, {
        transitGatewayId: sixth.id,
        vpcId: v.vpc.id,
        subnetIds: [v.a.id],
      }).code,
    ).toBe('TransitGatewayAttachmentLimitExceeded');
  });

  it('modifies subnets (still one per AZ, at least one) and deletes, leaving static routes blackholed', () => {
    const { h, vpc } = setup();
    const tgw = h.run(createTransitGateway, {});
    const v = vpc('10.1.0.0/16');
    const att = h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id],
    });
    expect(
      h.fails(modifyTransitGatewayVpcAttachment, {
        transitGatewayAttachmentId: att.id,
        addSubnetIds: [v.a2.id],
      }).code,
    ).toBe('DuplicateSubnetsInSameZone');
    expect(
      h.fails(modifyTransitGatewayVpcAttachment, {
        transitGatewayAttachmentId: att.id,
        removeSubnetIds: [v.a.id],
      }).code,
    ).toBe('InvalidParameterValue');
    const moved = h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: att.id,
      addSubnetIds: [v.a2.id, v.b.id],
      removeSubnetIds: [v.a.id],
    });
    expect(moved.vpc?.subnetIds).toEqual([v.a2.id, v.b.id]);

    const rtbId = tgw.options.associationDefaultRouteTableId!;
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: rtbId,
      destinationCidrBlock: '10.1.0.0/16',
      transitGatewayAttachmentId: att.id,
    });
    expect(h.fails(deleteTransitGateway, { transitGatewayId: tgw.id })).toMatchObject({
      code: 'IncorrectState',
      message: `${tgw.id} has non-deleted Transit Gateway Attachments: ${att.id}.`,
    });
    h.run(deleteTransitGatewayVpcAttachment, { transitGatewayAttachmentId: att.id });
    expect(h.s.get('transit-gateway-attachment', att.id)?.state).toBe('deleted');
    const rtb = table(h, rtbId);
    expect(rtb.associations).toEqual([]);
    expect(rtb.propagations).toEqual([]);
    expect(tgwRoutes(h.s, rtb).map((r) => [r.destination.toString(), r.type, r.state])).toEqual([
      ['10.1.0.0/16', 'static', 'blackhole'],
    ]);
    expect(h.run(deleteTransitGateway, { transitGatewayId: tgw.id }).state).toBe('deleted');
    expect(h.s.get('transit-gateway-route-table', rtbId)).toBeUndefined();
  });
});

/** A gateway without defaults, two attached VPCs, and a custom table. */
function hub() {
  const t = setup();
  const tgw = t.h.run(createTransitGateway, { options: { amazonSideAsn: 64600, ...ISOLATED } });
  const v1 = t.vpc('10.1.0.0/16');
  const v2 = t.vpc('10.2.0.0/16');
  const attach = (v: typeof v1) =>
    t.h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id, v.b.id],
    });
  const a1 = attach(v1);
  const a2 = attach(v2);
  const rtb = t.h.run(createTransitGatewayRouteTable, { transitGatewayId: tgw.id });
  return { ...t, tgw, v1, v2, a1, a2, rtb };
}

describe('Transit gateway route tables', () => {
  it('associates an attachment once, with one table per gateway', () => {
    const { h, tgw, a1, rtb } = hub();
    const other = h.run(createTransitGatewayRouteTable, { transitGatewayId: tgw.id });
    const link = h.run(associateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: rtb.id,
      transitGatewayAttachmentId: a1.id,
    });
    expect(link).toMatchObject({
      transitGatewayRouteTableId: rtb.id,
      resourceType: 'vpc',
      state: 'associating',
    });
    expect(associatedRouteTable(h.s, tgw.id, a1.id)?.id).toBe(rtb.id);
    expect(
      h.fails(associateTransitGatewayRouteTable, {
        transitGatewayRouteTableId: other.id,
        transitGatewayAttachmentId: a1.id,
      }),
    ).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `Transit Gateway Attachment ${a1.id} is already associated to a route table.`,
    });
    expect(
      h.fails(deleteTransitGatewayRouteTable, { transitGatewayRouteTableId: rtb.id }).code,
    ).toBe('IncorrectState');
    h.run(disassociateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: rtb.id,
      transitGatewayAttachmentId: a1.id,
    });
    expect(
      h.fails(disassociateTransitGatewayRouteTable, {
        transitGatewayRouteTableId: rtb.id,
        transitGatewayAttachmentId: a1.id,
      }).code,
    ).toBe('InvalidAssociation.NotFound');
    h.run(associateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: other.id,
      transitGatewayAttachmentId: a1.id,
    });
    expect(
      h.run(deleteTransitGatewayRouteTable, { transitGatewayRouteTableId: rtb.id }).state,
    ).toBe('deleted');
    expect(
      h.fails(associateTransitGatewayRouteTable, {
        transitGatewayRouteTableId: rtb.id,
        transitGatewayAttachmentId: a1.id,
      }).code,
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('propagates into many tables, once each; static routes hide propagated ones of the same prefix', () => {
    const { h, tgw, a1, a2, rtb } = hub();
    const other = h.run(createTransitGatewayRouteTable, { transitGatewayId: tgw.id });
    for (const t of [rtb, other]) {
      h.run(enableTransitGatewayRouteTablePropagation, {
        transitGatewayRouteTableId: t.id,
        transitGatewayAttachmentId: a1.id,
      });
    }
    expect(
      h.fails(enableTransitGatewayRouteTablePropagation, {
        transitGatewayRouteTableId: rtb.id,
        transitGatewayAttachmentId: a1.id,
      }).code,
    ).toBe('TransitGatewayRouteTablePropagation.Duplicate');
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: rtb.id,
      destinationCidrBlock: '10.1.0.0/16',
      transitGatewayAttachmentId: a2.id,
    });
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: rtb.id,
      destinationCidrBlock: '10.1.5.0/24',
      blackhole: true,
    });
    const routes = tgwRoutes(h.s, table(h, rtb.id));
    expect(routes.map((r) => [r.destination.toString(), r.type, r.state, r.attachmentId])).toEqual([
      ['10.1.0.0/16', 'static', 'active', a2.id],
      ['10.1.5.0/24', 'static', 'blackhole', undefined],
    ]);
    const pick = (ip: string) =>
      selectTgwRoutes(routes, Ip.parse(ip)!).map((r) => r.destination.toString());
    expect(pick('10.1.5.9')).toEqual(['10.1.5.0/24']);
    expect(pick('10.1.6.9')).toEqual(['10.1.0.0/16']);
    expect(pick('10.3.0.1')).toEqual([]);
    expect(
      h.fails(createTransitGatewayRoute, {
        transitGatewayRouteTableId: rtb.id,
        destinationCidrBlock: '10.1.0.0/16',
        blackhole: true,
      }),
    ).toMatchObject({
      code: 'RouteAlreadyExists',
      message: `Route 10.1.0.0/16 already exists in Transit Gateway Route Table ${rtb.id}.`,
    });
    // Removing the static route brings the propagated one back.
    h.run(deleteTransitGatewayRoute, {
      transitGatewayRouteTableId: rtb.id,
      destinationCidrBlock: '10.1.0.0/16',
    });
    expect(
      tgwRoutes(h.s, table(h, rtb.id)).find((r) => r.destination.toString() === '10.1.0.0/16')
        ?.type,
    ).toBe('propagated');
    h.run(disableTransitGatewayRouteTablePropagation, {
      transitGatewayRouteTableId: rtb.id,
      transitGatewayAttachmentId: a1.id,
    });
    expect(
      h.fails(disableTransitGatewayRouteTablePropagation, {
        transitGatewayRouteTableId: rtb.id,
        transitGatewayAttachmentId: a1.id,
      }).code,
    ).toBe('TransitGatewayRouteTablePropagation.NotFound');
  });

  it('validates static routes: one target, an attachment of this gateway, replace needs a route', () => {
    const { h, a1, rtb } = hub();
    const base = { transitGatewayRouteTableId: rtb.id, destinationCidrBlock: '10.9.0.0/16' };
    expect(h.fails(createTransitGatewayRoute, base).code).toBe('MissingParameter');
    expect(
      h.fails(createTransitGatewayRoute, {
        ...base,
        transitGatewayAttachmentId: a1.id,
        blackhole: true,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(createTransitGatewayRoute, {
        ...base,
        destinationCidrBlock: '10.9.0/16',
        blackhole: true,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createTransitGatewayRoute, {
        ...base,
        transitGatewayAttachmentId: 'tgw-attach-0123456789abcdef0',
      }).code,
    ).toBe('InvalidTransitGatewayAttachmentID.NotFound');
    expect(h.fails(replaceTransitGatewayRoute, { ...base, blackhole: true }).code).toBe(
      'InvalidRoute.NotFound',
    );
    h.run(createTransitGatewayRoute, { ...base, blackhole: true });
    expect(
      h.run(replaceTransitGatewayRoute, { ...base, transitGatewayAttachmentId: a1.id }).state,
    ).toBe('active');
  });

  it('prefix-list references act as routes below static and above propagated', () => {
    const { h, a1, a2, rtb } = hub();
    const pl = h.run(createManagedPrefixList, {
      prefixListName: 'corp',
      addressFamily: 'IPv4',
      maxEntries: 2,
      entries: [{ cidr: '10.1.0.0/16' }, { cidr: '172.16.0.0/12' }],
    });
    h.run(enableTransitGatewayRouteTablePropagation, {
      transitGatewayRouteTableId: rtb.id,
      transitGatewayAttachmentId: a1.id,
    });
    const ref = h.run(createTransitGatewayPrefixListReference, {
      transitGatewayRouteTableId: rtb.id,
      prefixListId: pl.id,
      transitGatewayAttachmentId: a2.id,
    });
    expect(ref).toMatchObject({
      prefixListId: pl.id,
      blackhole: false,
      transitGatewayAttachmentId: a2.id,
    });
    const routes = tgwRoutes(h.s, table(h, rtb.id));
    expect(
      selectTgwRoutes(routes, Ip.parse('10.1.1.1')!).map((r) => [r.prefixListId, r.attachmentId]),
    ).toEqual([[pl.id, a2.id]]);
    expect(
      h.fails(createTransitGatewayPrefixListReference, {
        transitGatewayRouteTableId: rtb.id,
        prefixListId: pl.id,
        blackhole: true,
      }).code,
    ).toBe('InvalidPrefixListReference.Duplicate');
  });
});

describe('VPC routes to a transit gateway', () => {
  it('needs an available attachment of the VPC to the gateway; the route blackholes after detaching', () => {
    const { h, vpc } = setup();
    const tgw = h.run(createTransitGateway, {});
    const v = vpc('10.1.0.0/16');
    const rt = h.run(createRouteTable, { vpcId: v.vpc.id });
    const route = {
      routeTableId: rt.id,
      destinationCidrBlock: '10.0.0.0/8',
      transitGatewayId: tgw.id,
    };
    expect(h.fails(createRoute, route)).toMatchObject({
      code: 'InvalidTransitGatewayID.NotFound',
      message: `The transitGateway ID '${tgw.id}' does not exist`,
    });
    const att = h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: v.vpc.id,
      subnetIds: [v.a.id],
    });
    h.run(createRoute, route);
    const stored = () => h.s.get('route-table', rt.id)!;
    const r = stored().routes.find((x) => x.transitGatewayId === tgw.id)!;
    expect(routeState(h.s, r, stored())).toBe('active');
    h.run(deleteTransitGatewayVpcAttachment, { transitGatewayAttachmentId: att.id });
    expect(routeState(h.s, r, stored())).toBe('blackhole');
  });
});

describe('Transit gateway peering', () => {
  /** tgw-A (111…, us-east-1) requests a peering with tgw-B (222…, us-west-2). */
  function peered() {
    const t = setup();
    const tgwA = t.h.run(createTransitGateway, { options: ISOLATED });
    const tgwB = t.h.run(createTransitGateway, { options: { amazonSideAsn: 64601 } }, B_WEST);
    const pcx = t.h.run(createTransitGatewayPeeringAttachment, {
      transitGatewayId: tgwA.id,
      peerTransitGatewayId: tgwB.id,
      peerAccountId: B_WEST.accountId,
      peerRegion: B_WEST.region,
    });
    return { ...t, tgwA, tgwB, pcx };
  }

  it('is pending until the accepter accepts in its Region; then each gateway may associate it', () => {
    const { h, tgwA, tgwB, pcx } = peered();
    expect(pcx).toMatchObject({
      resourceType: 'peering',
      state: 'pendingAcceptance',
      resourceId: tgwB.id,
    });
    expect(pcx.peering?.accepterTgwInfo).toEqual({
      transitGatewayId: tgwB.id,
      ownerId: B_WEST.accountId,
      region: B_WEST.region,
    });
    // The requester cannot accept its own request.
    expect(
      h.fails(acceptTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id }).code,
    ).toBe('IncorrectState');
    const accepted = h.run(
      acceptTransitGatewayPeeringAttachment,
      { transitGatewayAttachmentId: pcx.id },
      B_WEST,
    );
    expect(accepted.state).toBe('available');
    // tgw-B has default association on: the peering lands in its default table, but never propagates.
    const defB = table(h, tgwB.options.associationDefaultRouteTableId!);
    expect(defB.associations).toEqual([pcx.id]);
    expect(defB.propagations).toEqual([]);
    const rtbA = h.run(createTransitGatewayRouteTable, { transitGatewayId: tgwA.id });
    h.run(associateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: rtbA.id,
      transitGatewayAttachmentId: pcx.id,
    });
    expect(associatedRouteTable(h.s, tgwA.id, pcx.id)?.id).toBe(rtbA.id);
    expect(
      h.fails(enableTransitGatewayRouteTablePropagation, {
        transitGatewayRouteTableId: rtbA.id,
        transitGatewayAttachmentId: pcx.id,
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringMatching(/static routes only/) as unknown,
    });
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: rtbA.id,
      destinationCidrBlock: '10.100.0.0/16',
      transitGatewayAttachmentId: pcx.id,
    });
    expect(
      h.fails(createTransitGatewayPeeringAttachment, {
        transitGatewayId: tgwA.id,
        peerTransitGatewayId: tgwB.id,
        peerAccountId: B_WEST.accountId,
        peerRegion: B_WEST.region,
      }).code,
    ).toBe('DuplicateTransitGatewayAttachment');
    expect(h.fails(deleteTransitGateway, { transitGatewayId: tgwA.id }).message).toMatch(
      /non-deleted Transit Gateway Cross Region Peering Attachments/,
    );
    h.run(deleteTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id }, B_WEST);
    expect(table(h, rtbA.id).associations).toEqual([]);
    expect(tgwRoutes(h.s, table(h, rtbA.id))[0]?.state).toBe('blackhole');
  });

  it('may be rejected by the accepter; a missing peer in the own Region fails at once', () => {
    const { h, tgwA, pcx } = peered();
    expect(
      h.run(rejectTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id }, B_WEST)
        .state,
    ).toBe('rejected');
    expect(
      h.fails(acceptTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id }, B_WEST)
        .code,
    ).toBe('IncorrectState');
    expect(
      h.fails(createTransitGatewayPeeringAttachment, {
        transitGatewayId: tgwA.id,
        peerTransitGatewayId: 'tgw-0123456789abcdef0',
        peerAccountId: A.accountId,
        peerRegion: A.region,
      }).code,
    ).toBe('InvalidTransitGatewayID.NotFound');
    expect(
      h.fails(createTransitGatewayPeeringAttachment, {
        transitGatewayId: tgwA.id,
        peerTransitGatewayId: tgwA.id,
        peerAccountId: A.accountId,
        peerRegion: A.region,
      }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('Deletion dependencies', () => {
  it('a prefix list referenced by a transit gateway route table cannot be deleted', async () => {
    const { deleteManagedPrefixList } = await import('./prefix-list.js');
    const { h, rtb } = hub();
    const pl = h.run(createManagedPrefixList, {
      prefixListName: 'corp',
      addressFamily: 'IPv4',
      maxEntries: 1,
      entries: [{ cidr: '172.16.0.0/12' }],
    });
    h.run(createTransitGatewayPrefixListReference, {
      transitGatewayRouteTableId: rtb.id,
      prefixListId: pl.id,
      blackhole: true,
    });
    expect(h.fails(deleteManagedPrefixList, { prefixListId: pl.id }).code).toBe(
      'DependencyViolation',
    );
  });
});

describe('Subnets of an attachment', () => {
  it('cannot be deleted while the attachment lives; can once it is deleted', async () => {
    const { deleteSubnet } = await import('./subnet.js');
    const { h, v1, a1 } = hub();
    expect(h.fails(deleteSubnet, { subnetId: v1.a.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The subnet '${v1.a.id}' has dependencies and cannot be deleted.`,
    });
    h.run(deleteTransitGatewayVpcAttachment, { transitGatewayAttachmentId: a1.id });
    expect(h.run(deleteSubnet, { subnetId: v1.a.id })).toBe(true);
  });
});

describe('Missing parameters', () => {
  it('answer MissingParameter, never a crash', () => {
    const { h, tgw, v1, rtb } = hub();
    expect(
      h.fails(createTransitGatewayVpcAttachment, { transitGatewayId: tgw.id, vpcId: v1.vpc.id }),
    ).toMatchObject({
      code: 'MissingParameter',
      message: expect.stringContaining('SubnetIds') as unknown,
    });
    type RouteIn = Parameters<typeof createTransitGatewayRoute>[1];
    expect(
      h.fails(createTransitGatewayRoute, {
        transitGatewayRouteTableId: rtb.id,
        blackhole: true,
      } as unknown as RouteIn).code,
    ).toBe('MissingParameter');
    expect(
      h.fails(createTransitGatewayRoute, { blackhole: true } as unknown as RouteIn).message,
    ).toContain('TransitGatewayRouteTableId');
    type PeerIn = Parameters<typeof createTransitGatewayPeeringAttachment>[1];
    expect(
      h.fails(createTransitGatewayPeeringAttachment, {
        transitGatewayId: tgw.id,
      } as unknown as PeerIn).message,
    ).toContain('PeerTransitGatewayId');
  });
});

describe('Attachment network interfaces', () => {
  it('one requester-managed ENI per subnet, with its lowest free address; they follow modify and delete', async () => {
    const { deleteNetworkInterface } = await import('./network-interface.js');
    const { h, v1, a1 } = hub();
    const enis = () =>
      h.s
        .find('networkInterfacesByVpc', v1.vpc.id)
        .filter((e) => e.interfaceType === 'transit_gateway')
        .map((e) => [
          e.subnetId,
          e.privateIpAddress?.toString(),
          e.requesterManaged,
          e.description,
        ]);
    const desc = `Network Interface for Transit Gateway Attachment ${a1.id}`;
    expect(enis()).toEqual([
      [v1.a.id, '10.1.1.4', true, desc],
      [v1.b.id, '10.1.2.4', true, desc],
    ]);
    const eniA = a1.vpc!.networkInterfaces![0]!.networkInterfaceId;
    // The gateway owns it: deleting it is refused, as for any in-use managed interface.
    expect(h.fails(deleteNetworkInterface, { networkInterfaceId: eniA }).message).toBe(
      `Network interface '${eniA}' is currently in use.`,
    );
    h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: a1.id,
      addSubnetIds: [v1.a2.id],
      removeSubnetIds: [v1.a.id],
    });
    expect(enis()).toEqual([
      [v1.b.id, '10.1.2.4', true, desc],
      [v1.a2.id, '10.1.3.4', true, desc],
    ]);
    h.run(deleteTransitGatewayVpcAttachment, { transitGatewayAttachmentId: a1.id });
    expect(enis()).toEqual([]);
  });
});

describe('Peering within one account and Region', () => {
  it('still needs acceptance, which the same account gives; the requester may delete it', () => {
    const { h } = setup();
    const a = h.run(createTransitGateway, { options: ISOLATED });
    const b = h.run(createTransitGateway, { options: ISOLATED });
    const pcx = h.run(createTransitGatewayPeeringAttachment, {
      transitGatewayId: a.id,
      peerTransitGatewayId: b.id,
      peerAccountId: A.accountId,
      peerRegion: A.region,
    });
    expect(pcx.state).toBe('pendingAcceptance');
    const rtb = h.run(createTransitGatewayRouteTable, { transitGatewayId: a.id });
    // Not available yet: no association, no static route to it.
    expect(
      h.fails(associateTransitGatewayRouteTable, {
        transitGatewayRouteTableId: rtb.id,
        transitGatewayAttachmentId: pcx.id,
      }).code,
    ).toBe('IncorrectState');
    expect(
      h.run(acceptTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id }).state,
    ).toBe('available');
    // Both gateways see it among their attachments.
    expect(h.s.find('tgwAttachmentsByGateway', b.id).map((x) => x.id)).toEqual([pcx.id]);
    h.run(deleteTransitGatewayPeeringAttachment, { transitGatewayAttachmentId: pcx.id });
    expect(h.s.get('transit-gateway-attachment', pcx.id)?.state).toBe('deleted');
    expect(h.run(deleteTransitGateway, { transitGatewayId: b.id }).state).toBe('deleted');
  });
});

describe('VPN and Direct Connect attachments (hooks for those families)', () => {
  it('attachResource gets default routing; its propagated prefixes come from the registered provider', async () => {
    const { attachResource } = await import('./transit-gateway-attachment.js');
    const { bgpPrefixProviders } = await import('../model/transit-gateway.js');
    const { Draft } = await import('./draft.js');
    const { Cidr } = await import('../net/index.js');
    const { h } = setup();
    const tgw = h.run(createTransitGateway, {});
    const vpn = h.run((s, _i: object, ctx) => {
      const d = new Draft(s);
      const a = attachResource(
        d,
        ctx,
        s.get('transit-gateway', tgw.id)!,
        'vpn',
        'vpn-0123456789abcdef0',
      );
      return { ok: true, value: { changes: d.changes(), output: a } };
    }, {});
    expect(vpn).toMatchObject({ resourceType: 'vpn', state: 'available' });
    const rtb = () => table(h, tgw.options.associationDefaultRouteTableId!);
    expect(rtb().associations).toEqual([vpn.id]);
    expect(tgwRoutes(h.s, rtb())).toEqual([]);
    bgpPrefixProviders.vpn = () => [Cidr.parse('192.168.0.0/16')!];
    try {
      expect(
        tgwRoutes(h.s, rtb()).map((r) => [r.destination.toString(), r.rank, r.resourceType]),
      ).toEqual([['192.168.0.0/16', 5, 'vpn']]);
    } finally {
      delete bgpPrefixProviders.vpn;
    }
  });
});
