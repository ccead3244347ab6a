import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteRouteCommand,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  ReplaceRouteCommand,
  ReplaceRouteTableAssociationCommand,
  type CreateRouteCommandInput,
  type DeleteRouteCommandInput,
  type DescribeRouteTablesCommandInput,
  type ReplaceRouteCommandInput,
  type Filter,
  type Route,
  type RouteTable,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstances } from '../../src/control/instance-launch.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
  detachInternetGateway,
} from '../../src/control/internet-gateway.js';
import { createNatGateway, deleteNatGateway } from '../../src/control/nat-gateway.js';
import { createNetworkInterface } from '../../src/control/network-interface.js';
import { createManagedPrefixList } from '../../src/control/prefix-list.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import { createTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { createVpcEndpoint } from '../../src/control/vpc-endpoint.js';
import { createLoadBalancer } from '../../src/control/load-balancer.js';
import { createVpcEndpointServiceConfiguration } from '../../src/control/vpc-endpoint-service.js';
import { attachVpnGateway, createVpnGateway } from '../../src/control/vpn-gateway.js';
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
} from '../../src/control/vpc-peering.js';
import type { Operation } from '../../src/model/operation.js';
import { Cidr } from '../../src/net/index.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

const UNKNOWN_RTB = 'rtb-0123456789abcdef0';

/** Runs a control operation of another family straight on the store (its API is not ours). */
const run = <I, O>(op: Operation<I, O>, input: I): O => twin.setup(op, input);

/** The AWS error code a call fails with; fails the test when the call succeeds. */
async function errorCode(call: Promise<unknown>): Promise<string> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err as { name: string },
  );
  if (e === undefined) throw new Error('expected the call to fail');
  return e.name;
}

/** Expects a mutating call to fail with `code` and to leave the state as it was. */
async function refused(call: () => Promise<unknown>, code: string): Promise<void> {
  expect(await twin.refusal(call)).toBe(code);
}

/** Expects a raw query to fail with `code` and to leave the state as it was. */
async function refusedRaw(action: string, params: Record<string, string>, code: string) {
  const res = await twin.rawRefusal(action, params);
  expect(res.status, res.body).toBe(400);
  expect(res.code).toBe(code);
  return res;
}

async function createVpc(cidr: string, ipv6: boolean): Promise<Vpc> {
  const out = await twin.ec2.send(
    new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: ipv6 }),
  );
  return out.Vpc!;
}

async function createSubnet(vpcId: string, cidr: string, ipv6?: string): Promise<Subnet> {
  const out = await twin.ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, Ipv6CidrBlock: ipv6 }),
  );
  return out.Subnet!;
}

async function createTable(vpcId: string, name?: string): Promise<RouteTable> {
  const out = await twin.ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications:
        name === undefined
          ? undefined
          : [{ ResourceType: 'route-table', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  return out.RouteTable!;
}

const describeTables = async (Filters?: Filter[], RouteTableIds?: string[]) =>
  (await twin.ec2.send(new DescribeRouteTablesCommand({ Filters, RouteTableIds }))).RouteTables ??
  [];

const table = async (id: string): Promise<RouteTable> =>
  (await describeTables(undefined, [id]))[0]!;

/** The route of a table with this destination (CIDR or prefix-list id). */
const routeTo = (t: RouteTable, dest: string): Route | undefined =>
  t.Routes?.find(
    (r) =>
      r.DestinationCidrBlock === dest ||
      r.DestinationIpv6CidrBlock === dest ||
      r.DestinationPrefixListId === dest,
  );

const createRoute = (input: CreateRouteCommandInput) =>
  twin.ec2.send(new CreateRouteCommand(input));

/**
 * A dual-stack VPC with two subnets, its main table, a custom table and an attached internet
 * gateway.
 */
async function world() {
  const vpc = await createVpc('10.0.0.0/16', true);
  const v6 = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const subnet = await createSubnet(
    vpc.VpcId!,
    '10.0.1.0/24',
    [...Cidr.parse(v6)!.subnets(64)][0]!.toString(),
  );
  const subnet2 = await createSubnet(vpc.VpcId!, '10.0.2.0/24');
  const [main] = await describeTables([
    { Name: 'vpc-id', Values: [vpc.VpcId!] },
    { Name: 'association.main', Values: ['true'] },
  ]);
  const rtb = await createTable(vpc.VpcId!, 'custom');
  const igw = run(createInternetGateway, {});
  run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.VpcId! });
  return { vpc, v6, subnet, subnet2, main: main!, rtb, igw };
}

describe('CreateRouteTable and DeleteRouteTable', () => {
  it('creates a table with the local routes of every VPC block', async () => {
    const { vpc, v6, rtb } = await world();
    expect(rtb.RouteTableId).toMatch(/^rtb-[0-9a-f]{17}$/);
    expect(rtb).toEqual({
      RouteTableId: rtb.RouteTableId,
      VpcId: vpc.VpcId,
      OwnerId: ACCOUNT,
      Associations: [],
      PropagatingVgws: [],
      Tags: [{ Key: 'Name', Value: 'custom' }],
      Routes: [
        {
          DestinationCidrBlock: '10.0.0.0/16',
          GatewayId: 'local',
          Origin: 'CreateRouteTable',
          State: 'active',
        },
        {
          DestinationIpv6CidrBlock: v6,
          GatewayId: 'local',
          Origin: 'CreateRouteTable',
          State: 'active',
        },
      ],
    });
    expect(await table(rtb.RouteTableId!)).toEqual(rtb);
  });

  it('shows the main table with its main association', async () => {
    const { main } = await world();
    expect(main.Associations).toEqual([
      {
        Main: true,
        RouteTableAssociationId: expect.stringMatching(/^rtbassoc-[0-9a-f]{17}$/) as unknown,
        RouteTableId: main.RouteTableId,
        AssociationState: { State: 'associated' },
      },
    ]);
  });

  it('refuses bad creates and changes nothing', async () => {
    await world();
    await refused(() => createTable('vpc-0123456789abcdef0'), 'InvalidVpcID.NotFound');
    await refused(() => createTable('vpc-x'), 'InvalidVpcID.Malformed');
    await refusedRaw('CreateRouteTable', {}, 'MissingParameter');
    const vpc = (await describeTables())[0]!.VpcId!;
    await refused(
      () =>
        twin.ec2.send(
          new CreateRouteTableCommand({
            VpcId: vpc,
            TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'a', Value: 'b' }] }],
          }),
        ),
      'InvalidParameterValue',
    );
  });

  it('deletes an unassociated table; refuses the main, an associated and an unknown one', async () => {
    const { main, rtb, subnet } = await world();
    const del = (id: string) => () =>
      twin.ec2.send(new DeleteRouteTableCommand({ RouteTableId: id }));
    await refused(del(main.RouteTableId!), 'DependencyViolation');
    await refused(del(UNKNOWN_RTB), 'InvalidRouteTableID.NotFound');
    await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: rtb.RouteTableId, SubnetId: subnet.SubnetId }),
    );
    await refused(del(rtb.RouteTableId!), 'DependencyViolation');
    const spare = await createTable(rtb.VpcId!);
    await del(spare.RouteTableId!)();
    expect(
      await errorCode(
        twin.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [spare.RouteTableId!] })),
      ),
    ).toBe('InvalidRouteTableID.NotFound');
  });
});

describe('route table associations', () => {
  it('associates a subnet, moves it, and disassociates it', async () => {
    const { main, rtb, subnet } = await world();
    const assoc = await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: rtb.RouteTableId, SubnetId: subnet.SubnetId }),
    );
    expect(assoc.AssociationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
    expect(assoc.AssociationState).toEqual({ State: 'associated' });
    expect((await table(rtb.RouteTableId!)).Associations).toEqual([
      {
        Main: false,
        RouteTableAssociationId: assoc.AssociationId,
        RouteTableId: rtb.RouteTableId,
        SubnetId: subnet.SubnetId,
        AssociationState: { State: 'associated' },
      },
    ]);

    const moved = await twin.ec2.send(
      new ReplaceRouteTableAssociationCommand({
        AssociationId: assoc.AssociationId,
        RouteTableId: main.RouteTableId,
      }),
    );
    expect(moved.NewAssociationId).toMatch(/^rtbassoc-/);
    expect(moved.NewAssociationId).not.toBe(assoc.AssociationId);
    expect(moved.AssociationState).toEqual({ State: 'associated' });
    expect((await table(rtb.RouteTableId!)).Associations).toEqual([]);
    const onMain = (await table(main.RouteTableId!)).Associations!;
    expect(onMain.find((a) => a.SubnetId === subnet.SubnetId)?.RouteTableAssociationId).toBe(
      moved.NewAssociationId,
    );

    await twin.ec2.send(
      new DisassociateRouteTableCommand({ AssociationId: moved.NewAssociationId }),
    );
    expect((await table(main.RouteTableId!)).Associations!.map((a) => a.Main)).toEqual([true]);
  });

  it('moves the main flag to another table', async () => {
    const { main, rtb } = await world();
    const mainAssoc = main.Associations![0]!.RouteTableAssociationId!;
    await twin.ec2.send(
      new ReplaceRouteTableAssociationCommand({
        AssociationId: mainAssoc,
        RouteTableId: rtb.RouteTableId,
      }),
    );
    const mains = await describeTables([{ Name: 'association.main', Values: ['true'] }]);
    expect(mains.map((t) => t.RouteTableId)).toEqual([rtb.RouteTableId]);
  });

  it('associates an internet gateway (edge association)', async () => {
    const { vpc, igw } = await world();
    const edge = await createTable(vpc.VpcId!);
    const assoc = await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: edge.RouteTableId, GatewayId: igw.id }),
    );
    expect((await table(edge.RouteTableId!)).Associations).toEqual([
      {
        Main: false,
        RouteTableAssociationId: assoc.AssociationId,
        RouteTableId: edge.RouteTableId,
        GatewayId: igw.id,
        AssociationState: { State: 'associated' },
      },
    ]);
  });

  it('refuses bad associations with AWS error codes and changes nothing', async () => {
    const { main, rtb, subnet, igw } = await world();
    const other = await createVpc('10.9.0.0/16', false);
    const foreign = await createSubnet(other.VpcId!, '10.9.1.0/24');
    await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: rtb.RouteTableId, SubnetId: subnet.SubnetId }),
    );
    const associate = (routeTableId: string, subnetId?: string, gatewayId?: string) => () =>
      twin.ec2.send(
        new AssociateRouteTableCommand({
          RouteTableId: routeTableId,
          SubnetId: subnetId,
          GatewayId: gatewayId,
        }),
      );
    await refused(associate(main.RouteTableId!, subnet.SubnetId), 'Resource.AlreadyAssociated');
    await refused(associate(rtb.RouteTableId!, foreign.SubnetId), 'InvalidParameterValue');
    await refused(associate(UNKNOWN_RTB, subnet.SubnetId), 'InvalidRouteTableID.NotFound');
    await refused(
      associate(rtb.RouteTableId!, 'subnet-0123456789abcdef0'),
      'InvalidSubnetID.NotFound',
    );
    await refused(associate(main.RouteTableId!, undefined, igw.id), 'InvalidParameterValue');
    await refused(
      associate(rtb.RouteTableId!, 'subnet-0123456789abcdef0', igw.id),
      'InvalidParameterCombination',
    );
    await refusedRaw(
      'AssociateRouteTable',
      { RouteTableId: rtb.RouteTableId! },
      'MissingParameter',
    );

    const mainAssoc = main.Associations![0]!.RouteTableAssociationId!;
    const disassociate = (id: string) => () =>
      twin.ec2.send(new DisassociateRouteTableCommand({ AssociationId: id }));
    await refused(disassociate(mainAssoc), 'InvalidParameterValue');
    await refused(disassociate('rtbassoc-0123456789abcdef0'), 'InvalidAssociationID.NotFound');
    await refused(
      () =>
        twin.ec2.send(
          new ReplaceRouteTableAssociationCommand({
            AssociationId: 'rtbassoc-0123456789abcdef0',
            RouteTableId: rtb.RouteTableId,
          }),
        ),
      'InvalidAssociationID.NotFound',
    );
    const foreignTable = await createTable(other.VpcId!);
    await refused(
      () =>
        twin.ec2.send(
          new ReplaceRouteTableAssociationCommand({
            AssociationId: mainAssoc,
            RouteTableId: foreignTable.RouteTableId,
          }),
        ),
      'InvalidParameterValue',
    );
  });
});

/**
 * `world()` plus one resource of every kind of route target, each in the VPC: a private NAT
 * gateway, an ENI, an instance, an egress-only IGW, an active peering, a GWLB endpoint, a
 * customer prefix list.
 */
async function targets() {
  const w = await world();
  const vpcId = w.vpc.VpcId!;
  const subnetId = w.subnet.SubnetId!;
  const nat = run(createNatGateway, { subnetId, connectivityType: 'private' });
  const eni = run(createNetworkInterface, { subnetId });
  const [instance] = run(runInstances, { subnetId });
  const eigw = run(createEgressOnlyInternetGateway, { vpcId });
  const peer = await createVpc('10.9.0.0/16', false);
  const pcx = run(createVpcPeeringConnection, { vpcId, peerVpcId: peer.VpcId! });
  run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
  const gwlb = run(createLoadBalancer, {
    name: 'inspection',
    type: 'gateway',
    subnets: [w.subnet2.SubnetId!],
  });
  const service = run(createVpcEndpointServiceConfiguration, {
    gatewayLoadBalancerArns: [gwlb.id],
    acceptanceRequired: false,
  });
  const gwlbe = run(createVpcEndpoint, {
    vpcId,
    vpcEndpointType: 'GatewayLoadBalancer',
    serviceName: service.serviceName,
    subnetIds: [w.subnet2.SubnetId!],
  });
  const list = run(createManagedPrefixList, {
    prefixListName: 'offices',
    maxEntries: 2,
    addressFamily: 'IPv4',
    entries: [{ cidr: '192.0.2.0/24' }],
  });
  const instanceEni = twin.store.snapshot.find('networkInterfacesByInstance', instance!.id)[0]!.id;
  // A VPC route may name a transit gateway only once the VPC is attached to it, and an
  // attached virtual private gateway only.
  const tgw = run(createTransitGateway, {});
  run(createTransitGatewayVpcAttachment, {
    transitGatewayId: tgw.id,
    vpcId,
    subnetIds: [subnetId],
  });
  const vgw = run(createVpnGateway, { type: 'ipsec.1' });
  run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId });
  return { ...w, nat, eni, instance: instance!, instanceEni, eigw, pcx, gwlbe, list, tgw, vgw };
}

describe('CreateRoute, ReplaceRoute and DeleteRoute', () => {
  it('creates a route to every kind of target and shows each as AWS does', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    const cases: [Omit<CreateRouteCommandInput, 'RouteTableId'>, Route][] = [
      [
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: t.igw.id },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: t.igw.id },
      ],
      [
        { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: t.eigw.id },
        { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: t.eigw.id },
      ],
      [
        { DestinationCidrBlock: '192.168.0.0/16', NatGatewayId: t.nat.id },
        { DestinationCidrBlock: '192.168.0.0/16', NatGatewayId: t.nat.id },
      ],
      [
        { DestinationCidrBlock: '172.16.0.0/12', NetworkInterfaceId: t.eni.id },
        { DestinationCidrBlock: '172.16.0.0/12', NetworkInterfaceId: t.eni.id },
      ],
      [
        { DestinationCidrBlock: '198.51.100.0/24', InstanceId: t.instance.id },
        {
          DestinationCidrBlock: '198.51.100.0/24',
          InstanceId: t.instance.id,
          InstanceOwnerId: ACCOUNT,
          NetworkInterfaceId: t.instanceEni,
        },
      ],
      [
        { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: t.pcx.id },
        { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: t.pcx.id },
      ],
      [
        { DestinationCidrBlock: '203.0.113.0/24', TransitGatewayId: t.tgw.id },
        { DestinationCidrBlock: '203.0.113.0/24', TransitGatewayId: t.tgw.id },
      ],
      [
        { DestinationCidrBlock: '100.64.0.0/10', GatewayId: t.vgw.id },
        { DestinationCidrBlock: '100.64.0.0/10', GatewayId: t.vgw.id },
      ],
      // A GWLB endpoint shows as GatewayId: AWS's Route has no VpcEndpointId member.
      [
        { DestinationCidrBlock: '192.0.2.0/25', VpcEndpointId: t.gwlbe.id },
        { DestinationCidrBlock: '192.0.2.0/25', GatewayId: t.gwlbe.id },
      ],
      [
        { DestinationPrefixListId: t.list.id, GatewayId: t.igw.id },
        { DestinationPrefixListId: t.list.id, GatewayId: t.igw.id },
      ],
    ];
    for (const [input, expected] of cases) {
      const out = await createRoute({ RouteTableId: rtb, ...input });
      expect(out.Return).toBe(true);
      const dest =
        input.DestinationCidrBlock ??
        input.DestinationIpv6CidrBlock ??
        input.DestinationPrefixListId!;
      expect(routeTo(await table(rtb), dest), dest).toEqual({
        ...expected,
        Origin: 'CreateRoute',
        State: 'active',
      });
    }
    expect((await table(rtb)).Routes).toHaveLength(2 + cases.length);
  });

  it('derives blackhole from a target that is gone or detached', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: t.igw.id,
    });
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '192.168.0.0/16',
      NatGatewayId: t.nat.id,
    });
    run(deleteNatGateway, { natGatewayId: t.nat.id });
    expect(routeTo(await table(rtb), '192.168.0.0/16')?.State).toBe('blackhole');
    expect(routeTo(await table(rtb), '0.0.0.0/0')?.State).toBe('active');
    run(detachInternetGateway, { internetGatewayId: t.igw.id, vpcId: t.vpc.VpcId! });
    expect(routeTo(await table(rtb), '0.0.0.0/0')?.State).toBe('blackhole');
  });

  it('shows a gateway endpoint route with its vpce- id as the gateway', async () => {
    const { vpc, rtb } = await world();
    const vpce = run(createVpcEndpoint, {
      vpcId: vpc.VpcId!,
      serviceName: `com.amazonaws.${REGION}.s3`,
      routeTableIds: [rtb.RouteTableId!],
    });
    const route = (await table(rtb.RouteTableId!)).Routes!.find((r) => r.GatewayId === vpce.id);
    expect(route).toEqual({
      DestinationPrefixListId: expect.stringMatching(/^pl-/) as unknown,
      GatewayId: vpce.id,
      Origin: 'CreateRoute',
      State: 'active',
    });
  });

  it('refuses bad routes with AWS error codes and changes nothing', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: t.igw.id,
    });
    const bad =
      (input: Omit<CreateRouteCommandInput, 'RouteTableId'>, table = rtb) =>
      () =>
        createRoute({ RouteTableId: table, ...input });
    await refused(
      bad({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: t.igw.id }),
      'RouteAlreadyExists',
    );
    await refused(
      bad({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: t.igw.id }, UNKNOWN_RTB),
      'InvalidRouteTableID.NotFound',
    );
    await refused(
      bad({ DestinationCidrBlock: '1.0.0.0/8', GatewayId: 'igw-0123456789abcdef0' }),
      'InvalidGatewayID.NotFound',
    );
    await refused(
      bad({ DestinationCidrBlock: '1.0.0.0/8', NatGatewayId: 'nat-0123456789abcdef0' }),
      'InvalidNatGatewayID.NotFound',
    );
    await refused(
      bad({ DestinationCidrBlock: '1.0.0.0/8', GatewayId: t.igw.id, NatGatewayId: t.nat.id }),
      'InvalidParameterCombination',
    );
    await refused(
      bad({ DestinationCidrBlock: '1.0.0.0/8', EgressOnlyInternetGatewayId: t.eigw.id }),
      'InvalidParameterValue',
    );
    await refused(
      bad({ DestinationCidrBlock: 'nonsense', GatewayId: t.igw.id }),
      'InvalidParameterValue',
    );
    await refused(
      bad({ DestinationCidrBlock: '169.254.169.0/24', GatewayId: t.igw.id }),
      'InvalidParameterValue',
    );
    await refused(
      bad({ DestinationPrefixListId: 'pl-0123456789abcdef0', GatewayId: t.igw.id }),
      'InvalidPrefixListID.NotFound',
    );
    await refused(
      bad({ DestinationCidrBlock: '1.0.0.0/8', LocalGatewayId: 'lgw-0123456789abcdef0' }),
      'UnsupportedOperation',
    );
    await refusedRaw(
      'CreateRoute',
      { RouteTableId: rtb, DestinationCidrBlock: '1.0.0.0/8' },
      'MissingParameter',
    );
    await refusedRaw('CreateRoute', { RouteTableId: rtb, GatewayId: t.igw.id }, 'MissingParameter');
    await refusedRaw(
      'CreateRoute',
      {
        RouteTableId: rtb,
        DestinationCidrBlock: '1.0.0.0/8',
        DestinationIpv6CidrBlock: '2001:db8::/32',
        GatewayId: t.igw.id,
      },
      'InvalidParameterCombination',
    );
  });

  it('replaces a target, retargets a local route and restores it with LocalTarget', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: t.igw.id,
    });
    await twin.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rtb,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: t.nat.id,
      }),
    );
    expect(routeTo(await table(rtb), '0.0.0.0/0')).toEqual({
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: t.nat.id,
      Origin: 'CreateRoute',
      State: 'active',
    });

    await twin.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rtb,
        DestinationCidrBlock: '10.0.0.0/16',
        NetworkInterfaceId: t.eni.id,
      }),
    );
    expect(routeTo(await table(rtb), '10.0.0.0/16')).toEqual({
      DestinationCidrBlock: '10.0.0.0/16',
      NetworkInterfaceId: t.eni.id,
      Origin: 'CreateRouteTable',
      State: 'active',
    });
    await twin.ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: rtb,
        DestinationCidrBlock: '10.0.0.0/16',
        LocalTarget: true,
      }),
    );
    expect(routeTo(await table(rtb), '10.0.0.0/16')?.GatewayId).toBe('local');
  });

  it('refuses bad replacements and changes nothing', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: t.igw.id,
    });
    const replace = (input: Omit<ReplaceRouteCommandInput, 'RouteTableId'>) => () =>
      twin.ec2.send(new ReplaceRouteCommand({ RouteTableId: rtb, ...input }));
    await refused(
      replace({ DestinationCidrBlock: '1.0.0.0/8', GatewayId: t.igw.id }),
      'InvalidParameterValue',
    );
    await refused(
      replace({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0123456789abcdef0' }),
      'InvalidGatewayID.NotFound',
    );
    await refused(
      replace({ DestinationCidrBlock: '10.0.0.0/16', GatewayId: t.igw.id }),
      'InvalidParameterValue',
    );
    await refused(
      replace({ DestinationCidrBlock: '0.0.0.0/0', LocalTarget: true }),
      'InvalidParameterValue',
    );
  });

  it('deletes routes of every destination kind; refuses local and missing ones', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    await createRoute({
      RouteTableId: rtb,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: t.igw.id,
    });
    await createRoute({
      RouteTableId: rtb,
      DestinationIpv6CidrBlock: '::/0',
      EgressOnlyInternetGatewayId: t.eigw.id,
    });
    await createRoute({
      RouteTableId: rtb,
      DestinationPrefixListId: t.list.id,
      GatewayId: t.igw.id,
    });
    const del = (input: Omit<DeleteRouteCommandInput, 'RouteTableId'>) => () =>
      twin.ec2.send(new DeleteRouteCommand({ RouteTableId: rtb, ...input }));
    await del({ DestinationCidrBlock: '0.0.0.0/0' })();
    await del({ DestinationIpv6CidrBlock: '::/0' })();
    await del({ DestinationPrefixListId: t.list.id })();
    expect((await table(rtb)).Routes!.map((r) => r.Origin)).toEqual([
      'CreateRouteTable',
      'CreateRouteTable',
    ]);
    await refused(del({ DestinationCidrBlock: '0.0.0.0/0' }), 'InvalidRoute.NotFound');
    await refused(del({ DestinationCidrBlock: '10.0.0.0/16' }), 'InvalidParameterValue');
    await refusedRaw('DeleteRoute', { RouteTableId: rtb }, 'MissingParameter');
  });
});

describe('DescribeRouteTables', () => {
  it('applies every documented filter', async () => {
    const t = await targets();
    const rtb = t.rtb.RouteTableId!;
    const main = t.main.RouteTableId!;
    const edge = (await createTable(t.vpc.VpcId!, 'edge')).RouteTableId!;
    const edgeAssoc = await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: edge, GatewayId: t.igw.id }),
    );
    const subnetAssoc = await twin.ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: rtb, SubnetId: t.subnet.SubnetId }),
    );
    const peerMain = (
      await describeTables([{ Name: 'vpc-id', Values: [t.pcx.accepterVpcInfo.vpcId] }])
    )[0]!.RouteTableId!;
    const route = (input: Omit<CreateRouteCommandInput, 'RouteTableId'>) =>
      createRoute({ RouteTableId: rtb, ...input });
    await route({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: t.igw.id });
    await route({ DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: t.eigw.id });
    await route({ DestinationPrefixListId: t.list.id, GatewayId: t.igw.id });
    await route({ DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: t.pcx.id });
    await route({ DestinationCidrBlock: '203.0.113.0/24', TransitGatewayId: t.tgw.id });
    await route({ DestinationCidrBlock: '198.51.100.0/24', InstanceId: t.instance.id });
    await createRoute({
      RouteTableId: main,
      DestinationCidrBlock: '192.168.0.0/16',
      NatGatewayId: t.nat.id,
    });
    run(deleteNatGateway, { natGatewayId: t.nat.id });
    const cases: [string, string[], string[]][] = [
      ['association.gateway-id', [t.igw.id], [edge]],
      ['association.route-table-association-id', [subnetAssoc.AssociationId!], [rtb]],
      ['association.route-table-association-id', [edgeAssoc.AssociationId!], [edge]],
      ['association.route-table-id', [rtb, edge, main], [rtb, edge, main]],
      ['association.subnet-id', [t.subnet.SubnetId!], [rtb]],
      ['association.main', ['true'], [main, peerMain]],
      ['association.main', ['false'], [rtb, edge]],
      ['owner-id', [ACCOUNT], [rtb, edge, main, peerMain]],
      ['route-table-id', [rtb, peerMain], [rtb, peerMain]],
      ['route.destination-cidr-block', ['0.0.0.0/0'], [rtb]],
      ['route.destination-cidr-block', ['10.0.0.0/16'], [rtb, edge, main]],
      ['route.destination-ipv6-cidr-block', ['::/0'], [rtb]],
      ['route.destination-prefix-list-id', [t.list.id], [rtb]],
      ['route.egress-only-internet-gateway-id', [t.eigw.id], [rtb]],
      ['route.gateway-id', [t.igw.id], [rtb]],
      ['route.gateway-id', ['local'], [rtb, edge, main, peerMain]],
      ['route.instance-id', [t.instance.id], [rtb]],
      ['route.nat-gateway-id', [t.nat.id], [main]],
      ['route.transit-gateway-id', [t.tgw.id], [rtb]],
      ['route.origin', ['CreateRoute'], [rtb, main]],
      ['route.origin', ['EnableVgwRoutePropagation'], []],
      ['route.state', ['blackhole'], [main]],
      ['route.state', ['active'], [rtb, edge, main, peerMain]],
      ['route.vpc-peering-connection-id', [t.pcx.id], [rtb]],
      ['vpc-id', [t.vpc.VpcId!], [rtb, edge, main]],
      ['tag:Name', ['custom', 'edge'], [rtb, edge]],
      ['tag-key', ['Name'], [rtb, edge]],
      ['tag-value', ['ed*'], [edge]],
    ];
    for (const [name, values, expected] of cases) {
      const got = await describeTables([{ Name: name, Values: values }]);
      expect(got.map((x) => x.RouteTableId).sort(), `${name}=${values.join(',')}`).toEqual(
        [...expected].sort(),
      );
    }
    // Filters are ANDed; values of one filter are ORed.
    const both = await describeTables([
      { Name: 'vpc-id', Values: [t.vpc.VpcId!] },
      { Name: 'route.state', Values: ['blackhole', 'nothing'] },
    ]);
    expect(both.map((x) => x.RouteTableId)).toEqual([main]);
  });

  it('refuses unknown ids and filters, and MaxResults out of 5..100 or with ids', async () => {
    const { rtb } = await world();
    const send = (input: DescribeRouteTablesCommandInput) =>
      errorCode(twin.ec2.send(new DescribeRouteTablesCommand(input)));
    expect(await send({ RouteTableIds: [rtb.RouteTableId!, UNKNOWN_RTB] })).toBe(
      'InvalidRouteTableID.NotFound',
    );
    expect(await send({ Filters: [{ Name: 'route.colour', Values: ['x'] }] })).toBe(
      'InvalidParameterValue',
    );
    expect(await send({ MaxResults: 4 })).toBe('InvalidParameterValue');
    expect(await send({ MaxResults: 101 })).toBe('InvalidParameterValue');
    expect(await send({ MaxResults: 5, RouteTableIds: [rtb.RouteTableId!] })).toBe(
      'InvalidParameterCombination',
    );
  });

  it('pages with MaxResults and NextToken in id order', async () => {
    const vpc = await createVpc('10.0.0.0/16', false);
    const ids = [(await describeTables())[0]!.RouteTableId!];
    for (let i = 0; i < 6; i++) ids.push((await createTable(vpc.VpcId!)).RouteTableId!);
    const first = await twin.ec2.send(new DescribeRouteTablesCommand({ MaxResults: 5 }));
    expect(first.RouteTables).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeRouteTablesCommand({ MaxResults: 100, NextToken: first.NextToken }),
    );
    expect(second.RouteTables).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.RouteTables!, ...second.RouteTables!].map((x) => x.RouteTableId);
    expect(seen).toEqual([...ids].sort());
  });
});
