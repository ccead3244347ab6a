import { execFile } from 'node:child_process';
import {
  AttachVpnGatewayCommand,
  CreateCustomerGatewayCommand,
  CreateRouteCommand,
  CreateTransitGatewayCommand,
  CreateVpnConnectionCommand,
  CreateVpnConnectionRouteCommand,
  CreateVpnGatewayCommand,
  DeleteCustomerGatewayCommand,
  DeleteVpnConnectionCommand,
  DeleteVpnConnectionRouteCommand,
  DeleteVpnGatewayCommand,
  DescribeCustomerGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  DetachVpnGatewayCommand,
  DisableVgwRoutePropagationCommand,
  EnableVgwRoutePropagationCommand,
  ModifyVpnConnectionCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVpc } from '../../src/control/vpc.js';
import { startTwin, type Twin } from '../support/api.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

const tags = (
  ResourceType: 'customer-gateway' | 'vpn-gateway' | 'vpn-connection',
  Value: string,
) => [{ ResourceType, Tags: [{ Key: 'Name', Value }] }];

/** A VPC (through the store), a customer gateway, an attached VGW, a static VPN with a route. */
async function world() {
  const vpc = twin.setup(createVpc, { cidrBlock: '10.40.0.0/16' });
  const cgw = (
    await twin.ec2.send(
      new CreateCustomerGatewayCommand({
        Type: 'ipsec.1',
        IpAddress: '203.0.113.20',
        BgpAsn: 65010,
        TagSpecifications: tags('customer-gateway', 'hq-router'),
      }),
    )
  ).CustomerGateway!;
  const vgw = (
    await twin.ec2.send(
      new CreateVpnGatewayCommand({
        Type: 'ipsec.1',
        AmazonSideAsn: 64600,
        TagSpecifications: tags('vpn-gateway', 'vgw'),
      }),
    )
  ).VpnGateway!;
  const attached = await twin.ec2.send(
    new AttachVpnGatewayCommand({ VpnGatewayId: vgw.VpnGatewayId, VpcId: vpc.id }),
  );
  const vpn = (
    await twin.ec2.send(
      new CreateVpnConnectionCommand({
        Type: 'ipsec.1',
        CustomerGatewayId: cgw.CustomerGatewayId,
        VpnGatewayId: vgw.VpnGatewayId,
        Options: {
          StaticRoutesOnly: true,
          TunnelOptions: [{ TunnelInsideCidr: '169.254.44.0/30' }],
        },
        TagSpecifications: tags('vpn-connection', 'hq-vpn'),
      }),
    )
  ).VpnConnection!;
  await twin.ec2.send(
    new CreateVpnConnectionRouteCommand({
      VpnConnectionId: vpn.VpnConnectionId,
      DestinationCidrBlock: '172.16.0.0/16',
    }),
  );
  const main = twin.store.snapshot.find('mainRouteTableByVpc', vpc.id)[0]!;
  return { vpc, cgw, vgw, vpn, attached, main };
}

describe('Site-to-Site VPN through @aws-sdk/client-ec2', () => {
  it('creates gateways and a connection, shown as AWS shows them', async () => {
    const w = await world();
    expect(w.cgw).toMatchObject({
      BgpAsn: '65010',
      IpAddress: '203.0.113.20',
      State: 'available',
      Type: 'ipsec.1',
    });
    expect(w.cgw.Tags).toEqual([{ Key: 'Name', Value: 'hq-router' }]);
    expect(w.vgw).toMatchObject({
      AmazonSideAsn: 64600,
      State: 'available',
      Type: 'ipsec.1',
      VpcAttachments: [],
    });
    expect(w.attached.VpcAttachment).toEqual({ State: 'attached', VpcId: w.vpc.id });
    expect(w.vpn).toMatchObject({
      State: 'available',
      Type: 'ipsec.1',
      Category: 'VPN',
      CustomerGatewayId: w.cgw.CustomerGatewayId,
      VpnGatewayId: w.vgw.VpnGatewayId,
    });
    expect(w.vpn.Options?.StaticRoutesOnly).toBe(true);
    expect(w.vpn.Options?.TunnelOptions?.map((t) => t.TunnelInsideCidr)[0]).toBe('169.254.44.0/30');
    expect(w.vpn.VgwTelemetry?.map((t) => t.Status)).toEqual(['UP', 'UP']);
    const described = await twin.ec2.send(
      new DescribeVpnConnectionsCommand({ VpnConnectionIds: [w.vpn.VpnConnectionId!] }),
    );
    expect(described.VpnConnections?.[0]?.Routes).toEqual([
      { DestinationCidrBlock: '172.16.0.0/16', Source: 'Static', State: 'available' },
    ]);
    const gateways = await twin.ec2.send(new DescribeVpnGatewaysCommand({}));
    expect(gateways.VpnGateways?.[0]?.VpcAttachments).toEqual([
      { State: 'attached', VpcId: w.vpc.id },
    ]);
  });

  it('propagates the static route into the route table, and routes to the VGW', async () => {
    const w = await world();
    await twin.ec2.send(
      new EnableVgwRoutePropagationCommand({
        RouteTableId: w.main.id,
        GatewayId: w.vgw.VpnGatewayId,
      }),
    );
    await twin.ec2.send(
      new CreateRouteCommand({
        RouteTableId: w.main.id,
        DestinationCidrBlock: '192.168.0.0/16',
        GatewayId: w.vgw.VpnGatewayId,
      }),
    );
    const table = (
      await twin.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [w.main.id] }))
    ).RouteTables![0]!;
    expect(table.PropagatingVgws).toEqual([{ GatewayId: w.vgw.VpnGatewayId }]);
    expect(
      table.Routes?.map((r) => [r.DestinationCidrBlock, r.GatewayId, r.Origin, r.State]),
    ).toEqual([
      ['10.40.0.0/16', 'local', 'CreateRouteTable', 'active'],
      ['192.168.0.0/16', w.vgw.VpnGatewayId, 'CreateRoute', 'active'],
      ['172.16.0.0/16', w.vgw.VpnGatewayId, 'EnableVgwRoutePropagation', 'active'],
    ]);
    const filtered = await twin.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'route.origin', Values: ['EnableVgwRoutePropagation'] }],
      }),
    );
    expect(filtered.RouteTables?.map((t) => t.RouteTableId)).toEqual([w.main.id]);
    await twin.ec2.send(
      new DeleteVpnConnectionRouteCommand({
        VpnConnectionId: w.vpn.VpnConnectionId,
        DestinationCidrBlock: '172.16.0.0/16',
      }),
    );
    await twin.ec2.send(
      new DisableVgwRoutePropagationCommand({
        RouteTableId: w.main.id,
        GatewayId: w.vgw.VpnGatewayId,
      }),
    );
    const after = (
      await twin.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [w.main.id] }))
    ).RouteTables![0]!;
    expect(after.PropagatingVgws).toEqual([]);
    expect(after.Routes?.map((r) => r.Origin)).toEqual(['CreateRouteTable', 'CreateRoute']);
  });

  it('filters, and answers AWS errors without changing anything', async () => {
    const w = await world();
    const byAsn = await twin.ec2.send(
      new DescribeCustomerGatewaysCommand({ Filters: [{ Name: 'bgp-asn', Values: ['65010'] }] }),
    );
    expect(byAsn.CustomerGateways?.map((g) => g.CustomerGatewayId)).toEqual([
      w.cgw.CustomerGatewayId,
    ]);
    const none = await twin.ec2.send(
      new DescribeVpnGatewaysCommand({
        Filters: [{ Name: 'attachment.state', Values: ['detached'] }],
      }),
    );
    expect(none.VpnGateways).toEqual([]);
    const byStatic = await twin.ec2.send(
      new DescribeVpnConnectionsCommand({
        Filters: [{ Name: 'option.static-routes-only', Values: ['true'] }],
      }),
    );
    expect(byStatic.VpnConnections).toHaveLength(1);
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: w.vgw.VpnGatewayId })),
      ),
    ).toBe('IncorrectState');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new DeleteCustomerGatewayCommand({ CustomerGatewayId: w.cgw.CustomerGatewayId }),
        ),
      ),
    ).toBe('IncorrectState');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0123456789abcdef0'] })),
      ),
    ).toBe('InvalidVpnGatewayID.NotFound');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1', AmazonSideAsn: 7224 })),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new EnableVgwRoutePropagationCommand({
            RouteTableId: w.main.id,
            GatewayId: 'vgw-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidVpnGatewayID.NotFound');
  });

  it('moves a connection to a transit gateway with ModifyVpnConnection, which attaches it', async () => {
    const w = await world();
    const tgw = await twin.ec2.send(new CreateTransitGatewayCommand({}));
    const tgwId = tgw.TransitGateway!.TransitGatewayId!;
    const out = await twin.ec2.send(
      new ModifyVpnConnectionCommand({
        VpnConnectionId: w.vpn.VpnConnectionId,
        TransitGatewayId: tgwId,
      }),
    );
    expect(out.VpnConnection).toMatchObject({
      VpnConnectionId: w.vpn.VpnConnectionId,
      TransitGatewayId: tgwId,
    });
    expect(out.VpnConnection?.VpnGatewayId).toBeUndefined();
    expect(out.VpnConnection?.Routes).toEqual([]);
    const attachments = await twin.ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [{ Name: 'resource-id', Values: [w.vpn.VpnConnectionId!] }],
      }),
    );
    expect(attachments.TransitGatewayAttachments).toMatchObject([
      { TransitGatewayId: tgwId, ResourceType: 'vpn', State: 'available' },
    ]);
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new ModifyVpnConnectionCommand({
            VpnConnectionId: w.vpn.VpnConnectionId,
            TransitGatewayId: 'tgw-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidTransitGatewayID.NotFound');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new ModifyVpnConnectionCommand({ VpnConnectionId: w.vpn.VpnConnectionId })),
      ),
    ).toBe('MissingParameter');
  });

  it('tears down in AWS order', async () => {
    const w = await world();
    await twin.ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: w.vpn.VpnConnectionId }));
    await twin.ec2.send(
      new DetachVpnGatewayCommand({ VpnGatewayId: w.vgw.VpnGatewayId, VpcId: w.vpc.id }),
    );
    await twin.ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: w.vgw.VpnGatewayId }));
    await twin.ec2.send(
      new DeleteCustomerGatewayCommand({ CustomerGatewayId: w.cgw.CustomerGatewayId }),
    );
    const vpns = await twin.ec2.send(new DescribeVpnConnectionsCommand({}));
    expect(vpns.VpnConnections?.map((v) => v.State)).toEqual(['deleted']);
    const cgws = await twin.ec2.send(
      new DescribeCustomerGatewaysCommand({ Filters: [{ Name: 'state', Values: ['deleted'] }] }),
    );
    expect(cgws.CustomerGateways).toHaveLength(1);
  });
});

/** Runs the AWS CLI (v1 on PATH) against the twin; resolves on any exit code. */
function aws(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', twin.endpoint, '--region', 'us-east-1', '--output', 'json', ...args],
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

describe('Site-to-Site VPN through the AWS CLI', () => {
  it('creates a customer gateway and a VPN connection, and reports a bad id', async () => {
    const cgw = await aws([
      'ec2',
      'create-customer-gateway',
      '--type',
      'ipsec.1',
      '--public-ip',
      '198.51.100.9',
      '--bgp-asn',
      '65020',
    ]);
    expect(cgw.code, cgw.stderr).toBe(0);
    const cgwId = (JSON.parse(cgw.stdout) as { CustomerGateway: { CustomerGatewayId: string } })
      .CustomerGateway.CustomerGatewayId;
    const vgw = await aws(['ec2', 'create-vpn-gateway', '--type', 'ipsec.1']);
    const vgwId = (JSON.parse(vgw.stdout) as { VpnGateway: { VpnGatewayId: string } }).VpnGateway
      .VpnGatewayId;
    const vpn = await aws([
      'ec2',
      'create-vpn-connection',
      '--type',
      'ipsec.1',
      '--customer-gateway-id',
      cgwId,
      '--vpn-gateway-id',
      vgwId,
      '--options',
      'StaticRoutesOnly=true',
    ]);
    expect(vpn.code, vpn.stderr).toBe(0);
    const created = JSON.parse(vpn.stdout) as {
      VpnConnection: { VpnConnectionId: string; Options: { StaticRoutesOnly: boolean } };
    };
    expect(created.VpnConnection.Options.StaticRoutesOnly).toBe(true);
    const bad = await aws([
      'ec2',
      'describe-vpn-connections',
      '--vpn-connection-ids',
      'vpn-0123456789abcdef0',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidVpnConnectionID.NotFound');
  });
});
