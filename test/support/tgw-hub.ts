/**
 * The hub-and-spoke reference network (../shared/scenarios/hub-and-spoke.md) built through the
 * EC2 API with @aws-sdk/client-ec2, as a user's script would: stage 1 (one transit gateway, two
 * routing domains) and the second Region of stage 3 (a peered gateway). Used by the Transit
 * Gateway API tests.
 */
import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayPeeringAttachmentCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DescribeRouteTablesCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

/** One VPC of the network, with its attachment to its Region's gateway. */
export interface HubVpc {
  readonly vpcId: string;
  readonly mainRouteTableId: string;
  readonly attachmentId: string;
}

/** Stage 1: tgw-A, its two route tables, three attached VPCs. */
export interface Stage1 {
  readonly tgwA: string;
  readonly spokeTable: string;
  readonly sharedTable: string;
  readonly shared: HubVpc;
  readonly spoke1: HubVpc;
  readonly spoke2: HubVpc;
}

/** Stage 3's second Region: tgw-B, its table, its VPC, and the peering. */
export interface Stage3 {
  readonly tgwB: string;
  readonly tableB: string;
  readonly sharedB: HubVpc;
  readonly peeringId: string;
}

const named = (resourceType: 'transit-gateway' | 'transit-gateway-route-table', name: string) => [
  { ResourceType: resourceType, Tags: [{ Key: 'Name', Value: name }] },
];

/** A transit gateway without default tables, as the scenario has them. */
export async function createHubTgw(ec2: EC2Client, name: string, asn: number): Promise<string> {
  const out = await ec2.send(
    new CreateTransitGatewayCommand({
      Description: name,
      Options: {
        AmazonSideAsn: asn,
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        VpnEcmpSupport: 'enable',
      },
      TagSpecifications: named('transit-gateway', name),
    }),
  );
  return out.TransitGateway?.TransitGatewayId ?? '';
}

/** A named route table of a gateway. */
export async function createHubTable(ec2: EC2Client, tgwId: string, name: string) {
  const out = await ec2.send(
    new CreateTransitGatewayRouteTableCommand({
      TransitGatewayId: tgwId,
      TagSpecifications: named('transit-gateway-route-table', name),
    }),
  );
  return out.TransitGatewayRouteTable?.TransitGatewayRouteTableId ?? '';
}

/**
 * A VPC `10.<n>.0.0/16` with workload subnets and attachment subnets in two zones, attached to
 * `tgwId` in both attachment subnets, its main route table sending 10.0.0.0/8 to the gateway.
 */
export async function attachedVpc(
  ec2: EC2Client,
  tgwId: string,
  n: number,
  region: string,
): Promise<HubVpc> {
  const vpcId =
    (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${n}.0.0/16` }))).Vpc?.VpcId ?? '';
  const subnet = async (cidr: string, zone: string) =>
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zone }),
      )
    ).Subnet?.SubnetId ?? '';
  await subnet(`10.${n}.1.0/24`, `${region}a`);
  await subnet(`10.${n}.2.0/24`, `${region}b`);
  const tgwSubnets = [
    await subnet(`10.${n}.255.0/28`, `${region}a`),
    await subnet(`10.${n}.255.16/28`, `${region}b`),
  ];
  const attachment = await ec2.send(
    new CreateTransitGatewayVpcAttachmentCommand({
      TransitGatewayId: tgwId,
      VpcId: vpcId,
      SubnetIds: tgwSubnets,
    }),
  );
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ],
    }),
  );
  const mainRouteTableId = tables.RouteTables?.[0]?.RouteTableId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: mainRouteTableId,
      DestinationCidrBlock: '10.0.0.0/8',
      TransitGatewayId: tgwId,
    }),
  );
  return {
    vpcId,
    mainRouteTableId,
    attachmentId: attachment.TransitGatewayVpcAttachment?.TransitGatewayAttachmentId ?? '',
  };
}

const associate = (ec2: EC2Client, table: string, attachment: string) =>
  ec2.send(
    new AssociateTransitGatewayRouteTableCommand({
      TransitGatewayRouteTableId: table,
      TransitGatewayAttachmentId: attachment,
    }),
  );

const propagate = (ec2: EC2Client, table: string, attachment: string) =>
  ec2.send(
    new EnableTransitGatewayRouteTablePropagationCommand({
      TransitGatewayRouteTableId: table,
      TransitGatewayAttachmentId: attachment,
    }),
  );

/** Stage 1 in us-east-1: spokes reach shared services, never each other. */
export async function buildStage1(ec2: EC2Client): Promise<Stage1> {
  const tgwA = await createHubTgw(ec2, 'tgw-A', 64600);
  const shared = await attachedVpc(ec2, tgwA, 0, 'us-east-1');
  const spoke1 = await attachedVpc(ec2, tgwA, 1, 'us-east-1');
  const spoke2 = await attachedVpc(ec2, tgwA, 2, 'us-east-1');
  const spokeTable = await createHubTable(ec2, tgwA, 'spoke-tgw-route-table');
  const sharedTable = await createHubTable(ec2, tgwA, 'shared-services-tgw-route-table');
  await associate(ec2, spokeTable, spoke1.attachmentId);
  await associate(ec2, spokeTable, spoke2.attachmentId);
  await propagate(ec2, spokeTable, shared.attachmentId);
  await associate(ec2, sharedTable, shared.attachmentId);
  await propagate(ec2, sharedTable, spoke1.attachmentId);
  await propagate(ec2, sharedTable, spoke2.attachmentId);
  return { tgwA, spokeTable, sharedTable, shared, spoke1, spoke2 };
}

/**
 * Stage 3: tgw-B in us-west-2 with shared-services-vpc-B, peered from tgw-A and accepted from
 * us-west-2 (`west`, a client signing for that Region), static routes on both sides.
 */
export async function buildStage3(
  east: EC2Client,
  west: EC2Client,
  s1: Stage1,
  account: string,
): Promise<Stage3> {
  const tgwB = await createHubTgw(west, 'tgw-B', 64601);
  const sharedB = await attachedVpc(west, tgwB, 100, 'us-west-2');
  const tableB = await createHubTable(west, tgwB, 'shared-services-tgw-route-table-B');
  const requested = await east.send(
    new CreateTransitGatewayPeeringAttachmentCommand({
      TransitGatewayId: s1.tgwA,
      PeerTransitGatewayId: tgwB,
      PeerAccountId: account,
      PeerRegion: 'us-west-2',
    }),
  );
  const peeringId = requested.TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? '';
  await west.send(
    new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: peeringId }),
  );
  await east.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId: s1.sharedTable,
      DestinationCidrBlock: '10.100.0.0/16',
      TransitGatewayAttachmentId: peeringId,
    }),
  );
  await associate(east, s1.spokeTable, peeringId);
  await associate(west, tableB, sharedB.attachmentId);
  await associate(west, tableB, peeringId);
  await propagate(west, tableB, sharedB.attachmentId);
  await west.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId: tableB,
      DestinationCidrBlock: '10.0.0.0/16',
      TransitGatewayAttachmentId: peeringId,
    }),
  );
  return { tgwB, tableB, sharedB, peeringId };
}
