import {
  CreateCustomerGatewayCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteCommand,
  CreateVpnConnectionCommand,
  CreateVpnConnectionRouteCommand,
  DeleteVpnConnectionCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeVpnConnectionsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTwin, type Twin } from '../support/api.js';

/**
 * Site-to-Site VPN connections on a transit gateway through the EC2 API (D70): the attachment
 * CreateVpnConnection makes, found by the Describe filters, routed by the gateway's tables,
 * gone with the connection.
 */

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

async function world() {
  const tgw = (
    await twin.ec2.send(new CreateTransitGatewayCommand({ Options: { AmazonSideAsn: 64600 } }))
  ).TransitGateway!;
  const table = tgw.Options!.AssociationDefaultRouteTableId!;
  const cgw = (
    await twin.ec2.send(
      new CreateCustomerGatewayCommand({
        Type: 'ipsec.1',
        IpAddress: '203.0.113.10',
        BgpAsn: 65010,
      }),
    )
  ).CustomerGateway!;
  const vpn = (
    await twin.ec2.send(
      new CreateVpnConnectionCommand({
        Type: 'ipsec.1',
        CustomerGatewayId: cgw.CustomerGatewayId,
        TransitGatewayId: tgw.TransitGatewayId,
        Options: { StaticRoutesOnly: true },
      }),
    )
  ).VpnConnection!;
  return { tgw, table, cgw, vpn };
}

const vpnAttachments = async (filters: { Name: string; Values: string[] }[]) =>
  (await twin.ec2.send(new DescribeTransitGatewayAttachmentsCommand({ Filters: filters })))
    .TransitGatewayAttachments ?? [];

describe('VPN connections on a transit gateway over the API', () => {
  it('CreateVpnConnection attaches the connection, with the default association and propagation', async () => {
    const { tgw, table, vpn } = await world();
    expect(vpn).toMatchObject({ TransitGatewayId: tgw.TransitGatewayId, State: 'available' });
    expect(vpn.VpnGatewayId).toBeUndefined();
    const found = await vpnAttachments([
      { Name: 'resource-type', Values: ['vpn'] },
      { Name: 'transit-gateway-id', Values: [tgw.TransitGatewayId!] },
    ]);
    expect(found).toEqual([
      expect.objectContaining({
        TransitGatewayId: tgw.TransitGatewayId,
        ResourceType: 'vpn',
        ResourceId: vpn.VpnConnectionId,
        State: 'available',
        Association: { TransitGatewayRouteTableId: table, State: 'associated' },
      }),
    ]);
    const attachmentId = found[0]!.TransitGatewayAttachmentId!;
    expect(
      await vpnAttachments([
        { Name: 'association.transit-gateway-route-table-id', Values: [table] },
      ]),
    ).toHaveLength(1);
    const propagations = await twin.ec2.send(
      new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: table }),
    );
    expect(propagations.TransitGatewayRouteTablePropagations).toEqual([
      expect.objectContaining({
        TransitGatewayAttachmentId: attachmentId,
        ResourceId: vpn.VpnConnectionId,
        ResourceType: 'vpn',
        State: 'enabled',
      }),
    ]);
    const byGateway = await twin.ec2.send(
      new DescribeVpnConnectionsCommand({
        Filters: [{ Name: 'transit-gateway-id', Values: [tgw.TransitGatewayId!] }],
      }),
    );
    expect(byGateway.VpnConnections?.map((v) => v.VpnConnectionId)).toEqual([vpn.VpnConnectionId]);
  });

  it('keeps static routes in the transit gateway route table, not on the connection', async () => {
    const { table, vpn } = await world();
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new CreateVpnConnectionRouteCommand({
            VpnConnectionId: vpn.VpnConnectionId,
            DestinationCidrBlock: '192.168.0.0/16',
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    const [attachment] = await vpnAttachments([
      { Name: 'resource-id', Values: [vpn.VpnConnectionId!] },
    ]);
    await twin.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: table,
        DestinationCidrBlock: '192.168.0.0/16',
        TransitGatewayAttachmentId: attachment!.TransitGatewayAttachmentId,
      }),
    );
    const routes = await twin.ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: table,
        Filters: [{ Name: 'type', Values: ['static'] }],
      }),
    );
    expect(routes.Routes).toEqual([
      expect.objectContaining({
        DestinationCidrBlock: '192.168.0.0/16',
        Type: 'static',
        State: 'active',
        TransitGatewayAttachments: [
          expect.objectContaining({
            TransitGatewayAttachmentId: attachment!.TransitGatewayAttachmentId,
            ResourceId: vpn.VpnConnectionId,
            ResourceType: 'vpn',
          }),
        ],
      }),
    ]);
    // Deleting the connection deletes its attachment; the static route turns blackhole.
    await twin.ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: vpn.VpnConnectionId }));
    const after = await vpnAttachments([{ Name: 'resource-id', Values: [vpn.VpnConnectionId!] }]);
    expect(after.map((a) => a.State)).toEqual(['deleted']);
    const blackholed = await twin.ec2.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: table,
        Filters: [{ Name: 'state', Values: ['blackhole'] }],
      }),
    );
    expect(blackholed.Routes?.map((r) => r.DestinationCidrBlock)).toEqual(['192.168.0.0/16']);
  });

  it('refuses an unknown transit gateway with AWS’s code, creating nothing', async () => {
    const { cgw } = await world();
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new CreateVpnConnectionCommand({
            Type: 'ipsec.1',
            CustomerGatewayId: cgw.CustomerGatewayId,
            TransitGatewayId: 'tgw-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidTransitGatewayID.NotFound');
    expect(await vpnAttachments([{ Name: 'resource-type', Values: ['vpn'] }])).toHaveLength(1);
  });
});
