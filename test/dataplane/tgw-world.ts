import { modifyNetworkInterfaceAttribute } from '../../src/control/network-interface.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import { createTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import {
  associateTransitGatewayRouteTable,
  createTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
} from '../../src/control/transit-gateway-route-table.js';
import { createTransitGatewayRoute } from '../../src/control/transit-gateway-route.js';
import type { Subnet } from '../../src/model/subnet.js';
import type { Vpc } from '../../src/model/vpc.js';
import { ALL, net } from './net.js';

/**
 * A spoke, a second spoke, an inspection VPC with an appliance per AZ and a centralised egress
 * VPC (NAT gateway, internet gateway) on one transit gateway: spokes → inspection → egress, and
 * everything coming back through inspection.
 */
export function world() {
  const n = net();
  const tgw = n.h.run(createTransitGateway, {
    options: { defaultRouteTableAssociation: 'disable', defaultRouteTablePropagation: 'disable' },
  });
  const run = <I, O>(op: Parameters<typeof n.h.run<I, O>>[0], input: I) => n.h.run(op, input);
  /** A VPC with workload subnets a and b, attachment subnets in both AZs, and an open SG. */
  const vpc = (cidr: string, name: string) => {
    const v = n.vpc(cidr, name);
    const b = cidr.split('.').slice(0, 2).join('.');
    const sn = (c: string, az: string, s: string) => n.subnet(v, c, az, `${name}-${s}`);
    const a = sn(`${b}.1.0/24`, 'use1-az1', 'a');
    const bb = sn(`${b}.2.0/24`, 'use1-az2', 'b');
    const ta = sn(`${b}.255.0/28`, 'use1-az1', 'tgw-a');
    const tb = sn(`${b}.255.16/28`, 'use1-az2', 'tgw-b');
    const sg = n.sg(v, `${name}-open`, [ALL]);
    const attach = (subnets: Subnet[], applianceMode = false) =>
      run(createTransitGatewayVpcAttachment, {
        transitGatewayId: tgw.id,
        vpcId: v.id,
        subnetIds: subnets.map((x) => x.id),
        options: { applianceModeSupport: applianceMode ? 'enable' : 'disable' },
      });
    return { vpc: v, a, b: bb, ta, tb, sg, attach, main: n.mainTable(v) };
  };
  const toTgw = (v: Vpc, tableId: string, cidr = '0.0.0.0/0') =>
    n.route(tableId, { destinationCidrBlock: cidr, transitGatewayId: tgw.id });

  const spoke = vpc('10.1.0.0/16', 'spoke');
  const spoke2 = vpc('10.2.0.0/16', 'spoke2');
  const insp = vpc('10.50.0.0/16', 'insp');
  const egress = vpc('10.9.0.0/16', 'egress');
  const app1 = n.instance(spoke.a, '10.1.1.10', [spoke.sg.id], 'app1');
  const app3 = n.instance(spoke2.b, '10.2.2.10', [spoke2.sg.id], 'app3');
  const fw1 = n.instance(insp.a, '10.50.1.10', [insp.sg.id], 'fw1');
  const fw2 = n.instance(insp.b, '10.50.2.10', [insp.sg.id], 'fw2');
  for (const fw of [fw1, fw2]) {
    run(modifyNetworkInterfaceAttribute, { networkInterfaceId: fw.eni.id, sourceDestCheck: false });
  }
  const spokeAtt = spoke.attach([spoke.ta, spoke.tb]);
  const spoke2Att = spoke2.attach([spoke2.ta, spoke2.tb]);
  const inspAtt = insp.attach([insp.ta, insp.tb]);
  const egressAtt = egress.attach([egress.ta]);
  toTgw(spoke.vpc, spoke.main.id);
  toTgw(spoke2.vpc, spoke2.main.id);
  toTgw(insp.vpc, insp.main.id);
  // The inspection VPC's attachment subnets send everything to the appliance of their AZ.
  for (const [sn, fw, name] of [
    [insp.ta, fw1, 'insp-tgw-a-rt'],
    [insp.tb, fw2, 'insp-tgw-b-rt'],
  ] as const) {
    const t = n.table(insp.vpc, name, [sn]);
    n.route(t.id, { destinationCidrBlock: '0.0.0.0/0', networkInterfaceId: fw.eni.id });
  }
  // Egress: attachment subnet → NAT gateway → internet gateway; replies back to the TGW.
  const igw = n.igw(egress.vpc, 'egress-igw');
  const nat = n.nat(egress.a, 'egress-nat', { eip: '198.51.100.7' });
  const egressTgwRt = n.table(egress.vpc, 'egress-tgw-rt', [egress.ta]);
  n.route(egressTgwRt.id, { destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
  n.route(egress.main.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
  toTgw(egress.vpc, egress.main.id, '10.0.0.0/8');

  const table = (name: string) =>
    run(createTransitGatewayRouteTable, {
      transitGatewayId: tgw.id,
      tags: [{ key: 'Name', value: name }],
    });
  const link = (
    op: typeof associateTransitGatewayRouteTable,
    t: { id: string },
    a: { id: string },
  ) => run(op, { transitGatewayRouteTableId: t.id, transitGatewayAttachmentId: a.id });
  const staticRoute = (t: { id: string }, cidr: string, a: { id: string }) =>
    run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: t.id,
      destinationCidrBlock: cidr,
      transitGatewayAttachmentId: a.id,
    });
  const spokesRt = table('spokes');
  link(associateTransitGatewayRouteTable, spokesRt, spokeAtt);
  link(associateTransitGatewayRouteTable, spokesRt, spoke2Att);
  staticRoute(spokesRt, '0.0.0.0/0', inspAtt);
  const inspRt = table('inspection');
  link(associateTransitGatewayRouteTable, inspRt, inspAtt);
  link(enableTransitGatewayRouteTablePropagation, inspRt, spokeAtt);
  link(enableTransitGatewayRouteTablePropagation, inspRt, spoke2Att);
  staticRoute(inspRt, '0.0.0.0/0', egressAtt);
  const egressRt = table('egress');
  link(associateTransitGatewayRouteTable, egressRt, egressAtt);
  staticRoute(egressRt, '10.0.0.0/8', inspAtt);
  return {
    n,
    tgw,
    spoke,
    spoke2,
    insp,
    egress,
    app1,
    app3,
    fw1,
    fw2,
    nat,
    igw,
    egressTgwRt,
    spokeAtt,
    spoke2Att,
    inspAtt,
    egressAtt,
    spokesRt,
    inspRt,
    egressRt,
  };
}

/** A world's network ACL of one of its VPCs (each VPC has its default one). */
export const acl = (w: ReturnType<typeof world>, v: 'spoke' | 'spoke2' | 'insp' | 'egress') =>
  w.n.h.s.find('networkAclsByVpc', w[v].vpc.id)[0]!.id;
