import {
  AssociateTransitGatewayRouteTableCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  DeleteTagsCommand,
  DeleteTransitGatewayCommand,
  DeleteTransitGatewayRouteTableCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DisableTransitGatewayRouteTablePropagationCommand,
  DisassociateTransitGatewayRouteTableCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  ModifyTransitGatewayCommand,
  ModifyTransitGatewayVpcAttachmentCommand,
  ReplaceRouteCommand,
  SearchTransitGatewayRoutesCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';
import { attachedVpc, buildStage1, createHubTgw, type Stage1 } from '../support/tgw-hub.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

/** SearchTransitGatewayRoutes as `destination type state attachment…` lines. */
async function search(table: string, filters: Filter[]): Promise<string[]> {
  const out = await twin.ec2.send(
    new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: table, Filters: filters }),
  );
  expect(out.AdditionalRoutesAvailable).toBe(false);
  return (out.Routes ?? []).map((r) =>
    [
      r.DestinationCidrBlock,
      r.Type,
      r.State,
      ...(r.TransitGatewayAttachments ?? []).map(
        (a) => `${a.TransitGatewayAttachmentId}:${a.ResourceType}:${a.ResourceId}`,
      ),
    ].join(' '),
  );
}

const attachmentIds = async (filters: Filter[]) =>
  (
    (await twin.ec2.send(new DescribeTransitGatewayAttachmentsCommand({ Filters: filters })))
      .TransitGatewayAttachments ?? []
  )
    .map((a) => a.TransitGatewayAttachmentId)
    .sort();

describe('Transit Gateway over the API: hub-and-spoke stage 1', () => {
  let hub: Stage1;
  beforeEach(async () => {
    hub = await buildStage1(twin.ec2);
  });

  it('describes the gateway, its options and its tables as built', async () => {
    const [tgw] =
      (await twin.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [hub.tgwA] })))
        .TransitGateways ?? [];
    expect(tgw).toMatchObject({
      TransitGatewayId: hub.tgwA,
      TransitGatewayArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:transit-gateway/${hub.tgwA}`,
      State: 'available',
      OwnerId: ACCOUNT,
      Description: 'tgw-A',
      Tags: [{ Key: 'Name', Value: 'tgw-A' }],
      Options: {
        AmazonSideAsn: 64600,
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        VpnEcmpSupport: 'enable',
        DnsSupport: 'enable',
        AutoAcceptSharedAttachments: 'disable',
        MulticastSupport: 'disable',
      },
    });
    expect(tgw?.Options?.AssociationDefaultRouteTableId).toBeUndefined();

    const tables = await twin.ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [{ Name: 'tag:Name', Values: ['spoke-*'] }],
      }),
    );
    expect(tables.TransitGatewayRouteTables).toEqual([
      expect.objectContaining({
        TransitGatewayRouteTableId: hub.spokeTable,
        TransitGatewayId: hub.tgwA,
        State: 'available',
        DefaultAssociationRouteTable: false,
        DefaultPropagationRouteTable: false,
      }),
    ]);

    const vpcAttachments = await twin.ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        Filters: [{ Name: 'vpc-id', Values: [hub.spoke1.vpcId] }],
      }),
    );
    expect(vpcAttachments.TransitGatewayVpcAttachments).toEqual([
      expect.objectContaining({
        TransitGatewayAttachmentId: hub.spoke1.attachmentId,
        TransitGatewayId: hub.tgwA,
        VpcId: hub.spoke1.vpcId,
        VpcOwnerId: ACCOUNT,
        State: 'available',
        Options: {
          DnsSupport: 'enable',
          Ipv6Support: 'disable',
          ApplianceModeSupport: 'disable',
          SecurityGroupReferencingSupport: 'enable',
        },
      }),
    ]);
    expect(vpcAttachments.TransitGatewayVpcAttachments?.[0]?.SubnetIds).toHaveLength(2);
  });

  it('lists associations and propagations per table, and attachments by association', async () => {
    const assoc = await twin.ec2.send(
      new GetTransitGatewayRouteTableAssociationsCommand({
        TransitGatewayRouteTableId: hub.spokeTable,
      }),
    );
    expect(
      assoc.Associations?.map((a) => [a.TransitGatewayAttachmentId, a.ResourceId, a.State]),
    ).toEqual(
      [
        [hub.spoke1.attachmentId, hub.spoke1.vpcId, 'associated'],
        [hub.spoke2.attachmentId, hub.spoke2.vpcId, 'associated'],
      ].sort(),
    );
    const props = await twin.ec2.send(
      new GetTransitGatewayRouteTablePropagationsCommand({
        TransitGatewayRouteTableId: hub.sharedTable,
        Filters: [{ Name: 'resource-id', Values: [hub.spoke2.vpcId] }],
      }),
    );
    expect(props.TransitGatewayRouteTablePropagations).toEqual([
      {
        TransitGatewayAttachmentId: hub.spoke2.attachmentId,
        ResourceId: hub.spoke2.vpcId,
        ResourceType: 'vpc',
        State: 'enabled',
      },
    ]);

    expect(
      await attachmentIds([
        { Name: 'association.transit-gateway-route-table-id', Values: [hub.spokeTable] },
      ]),
    ).toEqual([hub.spoke1.attachmentId, hub.spoke2.attachmentId].sort());
    const [shared] =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayAttachmentsCommand({
            TransitGatewayAttachmentIds: [hub.shared.attachmentId],
          }),
        )
      ).TransitGatewayAttachments ?? [];
    expect(shared).toMatchObject({
      TransitGatewayId: hub.tgwA,
      TransitGatewayOwnerId: ACCOUNT,
      ResourceType: 'vpc',
      ResourceId: hub.shared.vpcId,
      ResourceOwnerId: ACCOUNT,
      State: 'available',
      Association: { TransitGatewayRouteTableId: hub.sharedTable, State: 'associated' },
    });
  });

  it('searches routes: spokes see shared services only, shared services see both spokes', async () => {
    const a = (v: { attachmentId: string; vpcId: string }) => `${v.attachmentId}:vpc:${v.vpcId}`;
    expect(await search(hub.spokeTable, [{ Name: 'type', Values: ['propagated'] }])).toEqual([
      `10.0.0.0/16 propagated active ${a(hub.shared)}`,
    ]);
    expect(await search(hub.sharedTable, [{ Name: 'state', Values: ['active'] }])).toEqual([
      `10.1.0.0/16 propagated active ${a(hub.spoke1)}`,
      `10.2.0.0/16 propagated active ${a(hub.spoke2)}`,
    ]);
    // app-1 → app-2: the spoke table has no route to 10.2.1.10.
    expect(
      await search(hub.spokeTable, [
        { Name: 'route-search.longest-prefix-match', Values: ['10.2.1.10/32'] },
      ]),
    ).toEqual([]);
    expect(
      await search(hub.sharedTable, [
        { Name: 'route-search.longest-prefix-match', Values: ['10.2.1.10/32'] },
      ]),
    ).toEqual([`10.2.0.0/16 propagated active ${a(hub.spoke2)}`]);
    expect(
      await search(hub.sharedTable, [
        { Name: 'route-search.subnet-of-match', Values: ['10.0.0.0/8'] },
        { Name: 'attachment.resource-id', Values: [hub.spoke1.vpcId] },
      ]),
    ).toEqual([`10.1.0.0/16 propagated active ${a(hub.spoke1)}`]);
  });

  it('shows VPC routes to the gateway in DescribeRouteTables', async () => {
    const out = await twin.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'route.transit-gateway-id', Values: [hub.tgwA] }],
      }),
    );
    expect(out.RouteTables?.map((t) => t.RouteTableId).sort()).toEqual(
      [hub.shared, hub.spoke1, hub.spoke2].map((v) => v.mainRouteTableId).sort(),
    );
    const route = out.RouteTables?.[0]?.Routes?.find((r) => r.TransitGatewayId === hub.tgwA);
    expect(route).toMatchObject({
      DestinationCidrBlock: '10.0.0.0/8',
      State: 'active',
      Origin: 'CreateRoute',
    });
  });

  it("refuses bad input with AWS's errors and changes nothing", async () => {
    const missingTgw = 'tgw-0123456789abcdef0';
    const missingTable = 'tgw-rtb-0123456789abcdef0';
    const missingAttachment = 'tgw-attach-0123456789abcdef0';
    const spoke1Subnets =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            TransitGatewayAttachmentIds: [hub.spoke1.attachmentId],
          }),
        )
      ).TransitGatewayVpcAttachments?.[0]?.SubnetIds ?? [];
    const spoke1Workload =
      (
        await twin.ec2.send(
          new DescribeSubnetsCommand({
            Filters: [{ Name: 'cidr-block', Values: ['10.1.1.0/24'] }],
          }),
        )
      ).Subnets?.[0]?.SubnetId ?? '';
    const cases: [string, () => Promise<unknown>][] = [
      [
        'InvalidTransitGatewayID.NotFound',
        () =>
          twin.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [missingTgw] })),
      ],
      [
        'InvalidTransitGatewayID.NotFound',
        () =>
          twin.ec2.send(
            new CreateTransitGatewayVpcAttachmentCommand({
              TransitGatewayId: missingTgw,
              VpcId: hub.spoke1.vpcId,
              SubnetIds: ['subnet-0123456789abcdef0'],
            }),
          ),
      ],
      [
        'InvalidRouteTableID.NotFound',
        () =>
          twin.ec2.send(
            new AssociateTransitGatewayRouteTableCommand({
              TransitGatewayRouteTableId: missingTable,
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
            }),
          ),
      ],
      [
        'InvalidTransitGatewayAttachmentID.NotFound',
        () =>
          twin.ec2.send(
            new EnableTransitGatewayRouteTablePropagationCommand({
              TransitGatewayRouteTableId: hub.spokeTable,
              TransitGatewayAttachmentId: missingAttachment,
            }),
          ),
      ],
      [
        'InvalidTransitGatewayAttachmentID.NotFound',
        () =>
          twin.ec2.send(
            new DescribeTransitGatewayAttachmentsCommand({
              TransitGatewayAttachmentIds: [missingAttachment],
            }),
          ),
      ],
      [
        'InvalidRouteTableID.NotFound',
        () =>
          twin.ec2.send(
            new SearchTransitGatewayRoutesCommand({
              TransitGatewayRouteTableId: missingTable,
              Filters: [{ Name: 'state', Values: ['active'] }],
            }),
          ),
      ],
      // One association per attachment, even to another table.
      [
        'Resource.AlreadyAssociated',
        () =>
          twin.ec2.send(
            new AssociateTransitGatewayRouteTableCommand({
              TransitGatewayRouteTableId: hub.sharedTable,
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
            }),
          ),
      ],
      [
        'TransitGatewayRouteTablePropagation.Duplicate',
        () =>
          twin.ec2.send(
            new EnableTransitGatewayRouteTablePropagationCommand({
              TransitGatewayRouteTableId: hub.spokeTable,
              TransitGatewayAttachmentId: hub.shared.attachmentId,
            }),
          ),
      ],
      [
        'TransitGatewayRouteTablePropagation.NotFound',
        () =>
          twin.ec2.send(
            new DisableTransitGatewayRouteTablePropagationCommand({
              TransitGatewayRouteTableId: hub.spokeTable,
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
            }),
          ),
      ],
      [
        'InvalidAssociation.NotFound',
        () =>
          twin.ec2.send(
            new DisassociateTransitGatewayRouteTableCommand({
              TransitGatewayRouteTableId: hub.sharedTable,
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
            }),
          ),
      ],
      [
        'MissingParameter',
        () =>
          twin.ec2.send(
            new CreateTransitGatewayVpcAttachmentCommand({
              TransitGatewayId: hub.tgwA,
              VpcId: hub.spoke1.vpcId,
              SubnetIds: [],
            }),
          ),
      ],
      [
        'DuplicateTransitGatewayAttachment',
        () =>
          twin.ec2.send(
            new CreateTransitGatewayVpcAttachmentCommand({
              TransitGatewayId: hub.tgwA,
              VpcId: hub.spoke1.vpcId,
              SubnetIds: spoke1Subnets,
            }),
          ),
      ],
      // Two subnets of one zone.
      [
        'DuplicateSubnetsInSameZone',
        () =>
          twin.ec2.send(
            new ModifyTransitGatewayVpcAttachmentCommand({
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
              AddSubnetIds: [spoke1Workload],
            }),
          ),
      ],
      // A gateway with attachments, a table with associations: IncorrectState.
      [
        'IncorrectState',
        () => twin.ec2.send(new DeleteTransitGatewayCommand({ TransitGatewayId: hub.tgwA })),
      ],
      [
        'IncorrectState',
        () =>
          twin.ec2.send(
            new DeleteTransitGatewayRouteTableCommand({
              TransitGatewayRouteTableId: hub.spokeTable,
            }),
          ),
      ],
      [
        'InvalidParameterValue',
        () =>
          twin.ec2.send(
            new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] }),
          ),
      ],
      [
        'InvalidParameterValue',
        () =>
          twin.ec2.send(
            new SearchTransitGatewayRoutesCommand({
              TransitGatewayRouteTableId: hub.spokeTable,
              Filters: [{ Name: 'route-search.exact-match', Values: ['10.0.0.0/33'] }],
            }),
          ),
      ],
      [
        'InvalidParameterValue',
        () => twin.ec2.send(new CreateTransitGatewayCommand({ Options: { AmazonSideAsn: 100 } })),
      ],
      [
        'InvalidParameterValue',
        () =>
          twin.ec2.send(
            new ModifyTransitGatewayVpcAttachmentCommand({
              TransitGatewayAttachmentId: hub.spoke1.attachmentId,
              Options: { ApplianceModeSupport: 'sometimes' as 'enable' },
            }),
          ),
      ],
      [
        'InvalidTransitGatewayID.Malformed',
        () => twin.ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-xyz'] })),
      ],
      [
        'DryRunOperation',
        () =>
          twin.ec2.send(
            new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: hub.tgwA, DryRun: true }),
          ),
      ],
      [
        'DryRunOperation',
        () =>
          twin.ec2.send(
            new DeleteTransitGatewayVpcAttachmentCommand({
              TransitGatewayAttachmentId: hub.spoke2.attachmentId,
              DryRun: true,
            }),
          ),
      ],
    ];
    for (const [code, call] of cases) {
      expect(await twin.refusal(call), code).toBe(code);
    }
    // Requests the SDK would not send: Filters is required by SearchTransitGatewayRoutes.
    const raw: [string, Record<string, string>, string][] = [
      [
        'SearchTransitGatewayRoutes',
        { TransitGatewayRouteTableId: hub.spokeTable },
        'MissingParameter',
      ],
      [
        'EnableTransitGatewayRouteTablePropagation',
        { TransitGatewayRouteTableId: hub.spokeTable },
        'MissingParameter',
      ],
      [
        'CreateTransitGatewayRouteTable',
        {
          TransitGatewayId: hub.tgwA,
          'TagSpecifications.1.ResourceType': 'vpc',
          'TagSpecifications.1.Tag.1.Key': 'Name',
        },
        'InvalidParameterValue',
      ],
    ];
    for (const [action, params, code] of raw) {
      expect((await twin.rawRefusal(action, params)).code, action).toBe(code);
    }
  });

  it('changes routing: disassociate, re-associate, disable propagation, modify, delete', async () => {
    const moved = await twin.ec2.send(
      new DisassociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: hub.spokeTable,
        TransitGatewayAttachmentId: hub.spoke2.attachmentId,
      }),
    );
    expect(moved.Association).toMatchObject({
      TransitGatewayRouteTableId: hub.spokeTable,
      TransitGatewayAttachmentId: hub.spoke2.attachmentId,
      ResourceType: 'vpc',
      State: 'disassociating',
    });
    const joined = await twin.ec2.send(
      new AssociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: hub.sharedTable,
        TransitGatewayAttachmentId: hub.spoke2.attachmentId,
      }),
    );
    expect(joined.Association?.State).toBe('associating');
    expect(
      await attachmentIds([
        { Name: 'association.transit-gateway-route-table-id', Values: [hub.sharedTable] },
      ]),
    ).toEqual([hub.shared.attachmentId, hub.spoke2.attachmentId].sort());

    const disabled = await twin.ec2.send(
      new DisableTransitGatewayRouteTablePropagationCommand({
        TransitGatewayRouteTableId: hub.sharedTable,
        TransitGatewayAttachmentId: hub.spoke1.attachmentId,
      }),
    );
    expect(disabled.Propagation?.State).toBe('disabled');
    expect(await search(hub.sharedTable, [{ Name: 'type', Values: ['propagated'] }])).toEqual([
      `10.2.0.0/16 propagated active ${hub.spoke2.attachmentId}:vpc:${hub.spoke2.vpcId}`,
    ]);

    const modified = await twin.ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: hub.spoke1.attachmentId,
        Options: { ApplianceModeSupport: 'enable' },
      }),
    );
    expect(modified.TransitGatewayVpcAttachment?.State).toBe('modifying');
    expect(modified.TransitGatewayVpcAttachment?.Options?.ApplianceModeSupport).toBe('enable');

    // Stage 1's AZ case: the shared-services attachment kept only in az2.
    const sharedSubnets =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            TransitGatewayAttachmentIds: [hub.shared.attachmentId],
          }),
        )
      ).TransitGatewayVpcAttachments?.[0]?.SubnetIds ?? [];
    const az1 =
      (
        await twin.ec2.send(
          new DescribeSubnetsCommand({
            Filters: [{ Name: 'cidr-block', Values: ['10.0.255.0/28'] }],
          }),
        )
      ).Subnets?.[0]?.SubnetId ?? '';
    const narrowed = await twin.ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: hub.shared.attachmentId,
        RemoveSubnetIds: [az1],
      }),
    );
    expect(narrowed.TransitGatewayVpcAttachment?.SubnetIds).toEqual(
      sharedSubnets.filter((id) => id !== az1),
    );
    expect(narrowed.TransitGatewayVpcAttachment?.SubnetIds).toHaveLength(1);

    // Tags through CreateTags/DeleteTags, read back by Describe filters.
    await twin.ec2.send(
      new CreateTagsCommand({
        Resources: [hub.tgwA, hub.spokeTable, hub.spoke1.attachmentId],
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    const tagged = await Promise.all([
      twin.ec2.send(
        new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'tag:env', Values: ['prod'] }] }),
      ),
      twin.ec2.send(
        new DescribeTransitGatewayRouteTablesCommand({
          Filters: [{ Name: 'tag-key', Values: ['env'] }],
        }),
      ),
      attachmentIds([{ Name: 'tag:env', Values: ['prod'] }]),
    ]);
    expect(tagged[0].TransitGateways?.map((t) => t.TransitGatewayId)).toEqual([hub.tgwA]);
    expect(tagged[1].TransitGatewayRouteTables?.map((t) => t.TransitGatewayRouteTableId)).toEqual([
      hub.spokeTable,
    ]);
    expect(tagged[2]).toEqual([hub.spoke1.attachmentId]);
    await twin.ec2.send(new DeleteTagsCommand({ Resources: [hub.tgwA], Tags: [{ Key: 'env' }] }));
    expect(
      (
        await twin.ec2.send(
          new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'tag-key', Values: ['env'] }] }),
        )
      ).TransitGateways,
    ).toEqual([]);

    const gw = await twin.ec2.send(
      new ModifyTransitGatewayCommand({
        TransitGatewayId: hub.tgwA,
        Description: 'hub',
        Options: {
          DefaultRouteTableAssociation: 'enable',
          AssociationDefaultRouteTableId: hub.spokeTable,
        },
      }),
    );
    expect(gw.TransitGateway?.State).toBe('modifying');
    expect(gw.TransitGateway?.Options?.AssociationDefaultRouteTableId).toBe(hub.spokeTable);
    const [spoke] =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayRouteTablesCommand({
            Filters: [{ Name: 'default-association-route-table', Values: ['true'] }],
          }),
        )
      ).TransitGatewayRouteTables ?? [];
    expect(spoke?.TransitGatewayRouteTableId).toBe(hub.spokeTable);

    // Deleting an attachment: `deleting` in the answer, `deleted` afterwards, VPC route blackhole.
    const deleted = await twin.ec2.send(
      new DeleteTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: hub.spoke1.attachmentId,
      }),
    );
    expect(deleted.TransitGatewayVpcAttachment?.State).toBe('deleting');
    expect(await attachmentIds([{ Name: 'state', Values: ['deleted'] }])).toEqual([
      hub.spoke1.attachmentId,
    ]);
    const rt = await twin.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [hub.spoke1.mainRouteTableId] }),
    );
    expect(rt.RouteTables?.[0]?.Routes?.find((r) => r.TransitGatewayId)?.State).toBe('blackhole');
  });
});

describe('Transit Gateway over the API: lifecycle and pagination', () => {
  it('creates with AWS defaults and a default table, pages, and deletes', async () => {
    const created = await twin.ec2.send(new CreateTransitGatewayCommand({}));
    const tgw = created.TransitGateway;
    expect(tgw?.TransitGatewayId).toMatch(/^tgw-[0-9a-f]{17}$/);
    expect(tgw?.State).toBe('pending');
    expect(tgw?.Options).toMatchObject({
      AmazonSideAsn: 64512,
      DefaultRouteTableAssociation: 'enable',
      DefaultRouteTablePropagation: 'enable',
      VpnEcmpSupport: 'enable',
      DnsSupport: 'enable',
    });
    const defaultTable = tgw?.Options?.AssociationDefaultRouteTableId;
    expect(defaultTable).toMatch(/^tgw-rtb-[0-9a-f]{17}$/);
    expect(tgw?.Options?.PropagationDefaultRouteTableId).toBe(defaultTable);
    const [table] =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayRouteTablesCommand({
            Filters: [{ Name: 'transit-gateway-id', Values: [tgw?.TransitGatewayId ?? ''] }],
          }),
        )
      ).TransitGatewayRouteTables ?? [];
    expect(table).toMatchObject({
      TransitGatewayRouteTableId: defaultTable,
      DefaultAssociationRouteTable: true,
      DefaultPropagationRouteTable: true,
    });

    const ids = [tgw?.TransitGatewayId];
    for (let i = 0; i < 5; i += 1) ids.push(await createHubTgw(twin.ec2, `tgw-${i}`, 64700 + i));
    const first = await twin.ec2.send(new DescribeTransitGatewaysCommand({ MaxResults: 5 }));
    expect(first.TransitGateways).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const rest = await twin.ec2.send(
      new DescribeTransitGatewaysCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(rest.NextToken).toBeUndefined();
    expect(
      [...(first.TransitGateways ?? []), ...(rest.TransitGateways ?? [])]
        .map((t) => t.TransitGatewayId)
        .sort(),
    ).toEqual([...ids].sort());
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DescribeTransitGatewaysCommand({ MaxResults: 4 })),
      ),
    ).toBe('InvalidParameterValue');
    // Ids and MaxResults together page the named gateways (D63).
    const named = await twin.ec2.send(
      new DescribeTransitGatewaysCommand({ TransitGatewayIds: ids as string[], MaxResults: 5 }),
    );
    expect(named.TransitGateways).toHaveLength(5);
    expect(named.NextToken).toBeDefined();
    const byAsn = await twin.ec2.send(
      new DescribeTransitGatewaysCommand({
        Filters: [{ Name: 'options.amazon-side-asn', Values: ['64702'] }],
      }),
    );
    expect(byAsn.TransitGateways?.map((t) => t.Description)).toEqual(['tgw-2']);

    const gone = await twin.ec2.send(
      new DeleteTransitGatewayCommand({ TransitGatewayId: tgw?.TransitGatewayId }),
    );
    expect(gone.TransitGateway?.State).toBe('deleting');
    const after = await twin.ec2.send(
      new DescribeTransitGatewaysCommand({ Filters: [{ Name: 'state', Values: ['deleted'] }] }),
    );
    expect(after.TransitGateways?.map((t) => t.TransitGatewayId)).toEqual([tgw?.TransitGatewayId]);
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DeleteTransitGatewayCommand({ TransitGatewayId: tgw?.TransitGatewayId })),
      ),
    ).toBe('InvalidTransitGatewayID.NotFound');
    // Its default table went with it.
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new DescribeTransitGatewayRouteTablesCommand({
            TransitGatewayRouteTableIds: [defaultTable ?? ''],
          }),
        ),
      ),
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('routes a VPC to a gateway only once attached: CreateRoute and ReplaceRoute', async () => {
    const first = await createHubTgw(twin.ec2, 'first', 64512);
    const second = await createHubTgw(twin.ec2, 'second', 64513);
    const vpc = await attachedVpc(twin.ec2, first, 9, REGION);
    const replace = (tgw: string) =>
      twin.ec2.send(
        new ReplaceRouteCommand({
          RouteTableId: vpc.mainRouteTableId,
          DestinationCidrBlock: '10.0.0.0/8',
          TransitGatewayId: tgw,
        }),
      );
    const target = async () =>
      (
        await twin.ec2.send(
          new DescribeRouteTablesCommand({ RouteTableIds: [vpc.mainRouteTableId] }),
        )
      ).RouteTables?.[0]?.Routes?.find((r) => r.DestinationCidrBlock === '10.0.0.0/8')
        ?.TransitGatewayId;
    expect(await target()).toBe(first);
    expect(await twin.refusal(() => replace(second))).toBe('InvalidTransitGatewayID.NotFound');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new CreateRouteCommand({
            RouteTableId: vpc.mainRouteTableId,
            DestinationCidrBlock: '172.16.0.0/12',
            TransitGatewayId: second,
          }),
        ),
      ),
    ).toBe('InvalidTransitGatewayID.NotFound');
    const subnets =
      (
        await twin.ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            TransitGatewayAttachmentIds: [vpc.attachmentId],
          }),
        )
      ).TransitGatewayVpcAttachments?.[0]?.SubnetIds ?? [];
    await twin.ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: second,
        VpcId: vpc.vpcId,
        SubnetIds: subnets,
      }),
    );
    await replace(second);
    expect(await target()).toBe(second);
  });
});
