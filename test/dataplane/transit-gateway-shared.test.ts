import { describe, expect, it } from 'vitest';
import {
  createResourceShare,
  disassociateResourceShare,
} from '../../src/control/resource-share.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import {
  acceptTransitGatewayVpcAttachment,
  createTransitGatewayVpcAttachment,
  rejectTransitGatewayVpcAttachment,
} from '../../src/control/transit-gateway-attachment.js';
import { ec2Arn } from '../../src/model/ids.js';
import { caller } from '../support/harness.js';
import { ALL, expectReachable, net } from './net.js';

/**
 * A transit gateway of a network account shared through RAM with an application account, whose
 * VPC attaches to it (D27): the owner accepts, and traffic flows between the accounts' VPCs.
 */
function world(autoAccept: boolean) {
  const n = net();
  const owner = n.h.caller;
  const app = n.as(caller('222222222222'));
  const tgw = n.h.run(createTransitGateway, {
    options: autoAccept ? { autoAcceptSharedAttachments: 'enable' } : {},
  });
  const tgwArn = ec2Arn('transit-gateway', tgw.region, tgw.ownerId, tgw.id);
  const hub = n.vpc('10.0.0.0/16', 'hub');
  const hubSubnet = n.subnet(hub, '10.0.1.0/24', 'use1-az1', 'hub-a');
  const hubSg = n.sg(hub, 'hub-open', [ALL]);
  const hubVm = n.instance(hubSubnet, '10.0.1.10', [hubSg.id], 'hub-vm');
  n.h.run(createTransitGatewayVpcAttachment, {
    transitGatewayId: tgw.id,
    vpcId: hub.id,
    subnetIds: [hubSubnet.id],
  });
  n.route(n.mainTable(hub).id, { destinationCidrBlock: '10.1.0.0/16', transitGatewayId: tgw.id });

  const spoke = n.vpc('10.1.0.0/16', 'spoke', { as: app });
  const spokeSubnet = n.subnet(spoke, '10.1.1.0/24', 'use1-az1', 'spoke-a', { as: app });
  const spokeSg = n.sg(spoke, 'spoke-open', [ALL], { as: app });
  const spokeVm = n.instance(spokeSubnet, '10.1.1.10', [spokeSg.id], 'spoke-vm', { as: app });
  const attach = () =>
    n.h.run(
      createTransitGatewayVpcAttachment,
      { transitGatewayId: tgw.id, vpcId: spoke.id, subnetIds: [spokeSubnet.id] },
      app,
    );
  return { n, owner, app, tgw, tgwArn, hubVm, spoke, spokeVm, attach };
}

describe('a transit gateway shared through RAM', () => {
  it('refuses another account until the gateway is shared with it', () => {
    const w = world(false);
    expect(() => w.attach()).toThrow(/InvalidTransitGatewayID.NotFound/);
  });

  it('takes the attachment pending, then carries traffic once the owner accepts', () => {
    const w = world(false);
    w.n.h.run(createResourceShare, {
      name: 'network',
      resourceArns: [w.tgwArn],
      principals: [w.app.accountId],
    });
    const pending = w.attach();
    expect(pending).toMatchObject({
      state: 'pendingAcceptance',
      ownerId: w.app.accountId,
      transitGatewayOwnerId: w.owner.accountId,
      resourceOwnerId: w.app.accountId,
    });
    // Until accepted, the spoke cannot route to the gateway (D34: an available attachment).
    expect(() =>
      w.n.route(
        w.n.mainTable(w.spoke).id,
        { destinationCidrBlock: '10.0.0.0/16', transitGatewayId: w.tgw.id },
        w.app,
      ),
    ).toThrow(/InvalidTransitGatewayID.NotFound/);
    // Only the gateway's owner decides.
    expect(() =>
      w.n.h.run(
        acceptTransitGatewayVpcAttachment,
        { transitGatewayAttachmentId: pending.id },
        w.app,
      ),
    ).toThrow(/InvalidTransitGatewayAttachmentID.NotFound/);
    const accepted = w.n.h.run(acceptTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: pending.id,
    });
    expect(accepted.state).toBe('available');
    expect(() =>
      w.n.h.run(acceptTransitGatewayVpcAttachment, { transitGatewayAttachmentId: pending.id }),
    ).toThrow(/IncorrectState/);
    // The default route table took the association and the propagation on acceptance.
    const table = w.n.h.s.get(
      'transit-gateway-route-table',
      w.tgw.options.associationDefaultRouteTableId ?? '',
    );
    expect(table?.associations).toContain(pending.id);
    expect(table?.propagations).toContain(pending.id);
    w.n.route(
      w.n.mainTable(w.spoke).id,
      { destinationCidrBlock: '10.0.0.0/16', transitGatewayId: w.tgw.id },
      w.app,
    );
    const r = w.n.traceTcp(w.spokeVm.eni.id, w.hubVm.eni.id, 443);
    expectReachable(r);
    // Out of the spoke's account, across the owner's gateway and route table, into the hub.
    const path = JSON.stringify(r.ForwardPathComponents);
    expect(path).toContain(w.tgw.id);
    expect(path).toContain(pending.id);
    expect(path).toContain(table?.id);
  });

  it('is available at once when the gateway auto-accepts shared attachments', () => {
    const w = world(true);
    w.n.h.run(createResourceShare, {
      name: 'network',
      resourceArns: [w.tgwArn],
      principals: [w.app.accountId],
    });
    expect(w.attach().state).toBe('available');
  });

  it('a rejected attachment carries nothing; an unshared gateway takes no new attachment', () => {
    const w = world(false);
    const share = w.n.h.run(createResourceShare, {
      name: 'network',
      resourceArns: [w.tgwArn],
      principals: [w.app.accountId],
    });
    const pending = w.attach();
    const rejected = w.n.h.run(rejectTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: pending.id,
    });
    expect(rejected.state).toBe('rejected');
    w.n.h.run(disassociateResourceShare, {
      resourceShareArn: share.id,
      principals: [w.app.accountId],
    });
    expect(() => w.attach()).toThrow(/InvalidTransitGatewayID.NotFound/);
  });
});
