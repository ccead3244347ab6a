import {
  AssociateSubnetCidrBlockCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DescribeSubnetsCommand,
  DisassociateSubnetCidrBlockCommand,
  ModifySubnetAttributeCommand,
  type CreateSubnetCommandInput,
  type DescribeSubnetsCommandInput,
  type ModifySubnetAttributeCommandInput,
  type Filter,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetworkInterface } from '../../src/control/network-interface.js';
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

async function createVpc(cidr = '10.0.0.0/16', ipv6 = true): Promise<Vpc> {
  const out = await twin.ec2.send(
    new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: ipv6 }),
  );
  return out.Vpc!;
}

/** The n-th /64 of the VPC's IPv6 block. */
const v6Block = (vpc: Vpc, n: number): string => {
  const block = Cidr.parse(vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!)!;
  return [...block.subnets(64)][n]!.toString();
};

async function createSubnet(input: CreateSubnetCommandInput): Promise<Subnet> {
  return (await twin.ec2.send(new CreateSubnetCommand(input))).Subnet!;
}

const describeSubnets = async (Filters?: Filter[], SubnetIds?: string[]) =>
  (await twin.ec2.send(new DescribeSubnetsCommand({ Filters, SubnetIds }))).Subnets ?? [];

const one = async (id: string): Promise<Subnet> => (await describeSubnets(undefined, [id]))[0]!;

describe('CreateSubnet', () => {
  it('creates a dual-stack subnet and answers every member AWS returns', async () => {
    const vpc = await createVpc();
    const subnet = await createSubnet({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.1.0/24',
      Ipv6CidrBlock: v6Block(vpc, 0),
      AvailabilityZoneId: 'use1-az2',
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'web' }] }],
    });
    expect(subnet.SubnetId).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(subnet).toMatchObject({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.1.0/24',
      AvailabilityZoneId: 'use1-az2',
      AvailableIpAddressCount: 251,
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      MapCustomerOwnedIpOnLaunch: false,
      AssignIpv6AddressOnCreation: false,
      EnableDns64: false,
      Ipv6Native: false,
      State: 'available',
      OwnerId: ACCOUNT,
      SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${subnet.SubnetId}`,
      Tags: [{ Key: 'Name', Value: 'web' }],
      PrivateDnsNameOptionsOnLaunch: {
        HostnameType: 'ip-name',
        EnableResourceNameDnsARecord: false,
        EnableResourceNameDnsAAAARecord: false,
      },
    });
    expect(subnet.AvailabilityZone).toMatch(/^us-east-1[a-f]$/);
    expect(subnet.Ipv6CidrBlockAssociationSet).toEqual([
      {
        AssociationId: expect.stringMatching(/^subnet-cidr-assoc-[0-9a-f]{17}$/) as unknown,
        Ipv6CidrBlock: v6Block(vpc, 0),
        Ipv6CidrBlockState: { State: 'associated' },
        Ipv6AddressAttribute: 'public',
        IpSource: 'amazon',
      },
    ]);
    // Describe answers the same subnet.
    expect(await one(subnet.SubnetId!)).toEqual(subnet);
  });

  it('creates an IPv6-only subnet with IPv6 assignment on and no IPv4 block', async () => {
    const vpc = await createVpc();
    const subnet = await createSubnet({
      VpcId: vpc.VpcId,
      Ipv6Native: true,
      Ipv6CidrBlock: v6Block(vpc, 1),
    });
    expect(subnet.CidrBlock).toBeUndefined();
    expect(subnet).toMatchObject({
      Ipv6Native: true,
      AssignIpv6AddressOnCreation: true,
      AvailableIpAddressCount: 0,
      PrivateDnsNameOptionsOnLaunch: { HostnameType: 'resource-name' },
    });
  });

  it('refuses bad requests with AWS error codes and changes nothing', async () => {
    const vpc = await createVpc();
    await createSubnet({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
    const create =
      (input: Omit<CreateSubnetCommandInput, 'VpcId'>, vpcId = vpc.VpcId) =>
      () =>
        twin.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, ...input }));
    await refused(create({ CidrBlock: '10.0.1.0/24' }), 'InvalidSubnet.Conflict');
    await refused(create({ CidrBlock: '10.0.1.128/25' }), 'InvalidSubnet.Conflict');
    await refused(create({ CidrBlock: '10.1.0.0/24' }), 'InvalidSubnet.Range');
    await refused(create({ CidrBlock: '10.0.2.0/29' }), 'InvalidSubnet.Range');
    await refused(create({ CidrBlock: 'banana' }), 'InvalidParameterValue');
    await refused(
      create({ CidrBlock: '10.0.2.0/24' }, 'vpc-0123456789abcdef0'),
      'InvalidVpcID.NotFound',
    );
    await refused(create({ CidrBlock: '10.0.2.0/24' }, 'vpc-nope'), 'InvalidVpcID.Malformed');
    await refused(
      create({ CidrBlock: '10.0.2.0/24', AvailabilityZone: 'eu-west-1a' }),
      'InvalidParameterValue',
    );
    await refused(
      create({
        CidrBlock: '10.0.2.0/24',
        AvailabilityZone: 'us-east-1a',
        AvailabilityZoneId: 'use1-az1',
      }),
      'InvalidParameterCombination',
    );
    await refused(
      create({ Ipv6Native: true, CidrBlock: '10.0.2.0/24', Ipv6CidrBlock: v6Block(vpc, 2) }),
      'InvalidParameterCombination',
    );
    await refused(create({ Ipv6CidrBlock: v6Block(vpc, 2) }), 'MissingParameter');
    await refused(
      create({
        CidrBlock: '10.0.2.0/24',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
      }),
      'InvalidParameterValue',
    );
    await refused(
      create({ CidrBlock: '10.0.2.0/24', Ipv4IpamPoolId: 'ipam-pool-0123456789abcdef0' }),
      'UnsupportedOperation',
    );
    await refused(
      create({ CidrBlock: '10.0.2.0/24', OutpostArn: 'arn:aws:outposts:us-east-1:1:outpost/op-1' }),
      'UnsupportedOperation',
    );
    await refusedRaw('CreateSubnet', { CidrBlock: '10.0.2.0/24' }, 'MissingParameter');
  });

  it('validates a DryRun fully and creates nothing', async () => {
    const vpc = await createVpc();
    const before = twin.state();
    expect(
      await errorCode(
        twin.ec2.send(
          new CreateSubnetCommand({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24', DryRun: true }),
        ),
      ),
    ).toBe('DryRunOperation');
    expect(twin.state()).toBe(before);
  });
});

describe('DescribeSubnets', () => {
  /**
   * Four subnets: a (dual-stack, az1, tagged), b (IPv4, az2, public), c (IPv6-only, az1,
   * DNS64) in one VPC, d (/25, az2) in another.
   */
  async function world() {
    const vpc = await createVpc();
    const vpc2 = await createVpc('10.1.0.0/16', false);
    const a = await createSubnet({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.1.0/24',
      Ipv6CidrBlock: v6Block(vpc, 0),
      AvailabilityZoneId: 'use1-az1',
      TagSpecifications: [
        {
          ResourceType: 'subnet',
          Tags: [
            { Key: 'Name', Value: 'a' },
            { Key: 'Tier', Value: 'web' },
          ],
        },
      ],
    });
    const b = await createSubnet({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.2.0/24',
      AvailabilityZoneId: 'use1-az2',
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'b' }] }],
    });
    await twin.ec2.send(
      new ModifySubnetAttributeCommand({
        SubnetId: b.SubnetId,
        MapPublicIpOnLaunch: { Value: true },
      }),
    );
    const c = await createSubnet({
      VpcId: vpc.VpcId,
      Ipv6Native: true,
      Ipv6CidrBlock: v6Block(vpc, 1),
      AvailabilityZoneId: 'use1-az1',
    });
    await twin.ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: c.SubnetId, EnableDns64: { Value: true } }),
    );
    const d = await createSubnet({
      VpcId: vpc2.VpcId,
      CidrBlock: '10.1.0.0/25',
      AvailabilityZoneId: 'use1-az2',
    });
    return { vpc, vpc2, a, b, c, d };
  }

  it('selects by id, and answers NotFound for an unknown id', async () => {
    const { a, b } = await world();
    const got = await describeSubnets(undefined, [b.SubnetId!, a.SubnetId!]);
    expect(got.map((s) => s.SubnetId).sort()).toEqual([a.SubnetId, b.SubnetId].sort());
    expect(
      await errorCode(
        twin.ec2.send(
          new DescribeSubnetsCommand({ SubnetIds: [a.SubnetId!, 'subnet-0123456789abcdef0'] }),
        ),
      ),
    ).toBe('InvalidSubnetID.NotFound');
  });

  it('applies every documented filter', async () => {
    const { vpc, vpc2, a, b, c, d } = await world();
    const all = [a, b, c, d];
    const az1 = a.AvailabilityZone!;
    const az2 = b.AvailabilityZone!;
    const cases: [string, string[], Subnet[]][] = [
      ['availability-zone', [az1], [a, c]],
      ['availabilityZone', [az2], [b, d]],
      ['availability-zone-id', ['use1-az1'], [a, c]],
      ['availabilityZoneId', ['use1-az2'], [b, d]],
      ['available-ip-address-count', ['251'], [a, b]],
      ['available-ip-address-count', ['123', '0'], [c, d]],
      ['cidr-block', ['10.0.1.0/24'], [a]],
      ['cidr', ['10.0.2.0/24'], [b]],
      ['cidrBlock', ['10.1.0.0/25'], [d]],
      ['customer-owned-ipv4-pool', ['*'], []],
      ['default-for-az', ['false'], all],
      ['defaultForAz', ['true'], []],
      ['enable-dns64', ['true'], [c]],
      ['enable-lni-at-device-index', ['1'], []],
      ['ipv6-cidr-block-association.ipv6-cidr-block', [v6Block(vpc, 0)], [a]],
      [
        'ipv6-cidr-block-association.association-id',
        [a.Ipv6CidrBlockAssociationSet![0]!.AssociationId!],
        [a],
      ],
      ['ipv6-cidr-block-association.state', ['associated'], [a, c]],
      ['ipv6-native', ['true'], [c]],
      ['map-customer-owned-ip-on-launch', ['false'], all],
      ['map-public-ip-on-launch', ['true'], [b]],
      ['outpost-arn', ['*'], []],
      ['owner-id', [ACCOUNT], all],
      ['private-dns-name-options-on-launch.hostname-type', ['resource-name'], [c]],
      ['private-dns-name-options-on-launch.enable-resource-name-dns-a-record', ['false'], all],
      ['private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record', ['true'], []],
      ['state', ['available'], all],
      ['subnet-arn', [`arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${b.SubnetId}`], [b]],
      ['subnet-id', [a.SubnetId!, d.SubnetId!], [a, d]],
      ['subnet-id', ['subnet-*'], all],
      ['vpc-id', [vpc2.VpcId!], [d]],
      ['tag:Name', ['a', 'b'], [a, b]],
      ['tag-key', ['Tier'], [a]],
      ['tag-value', ['b'], [b]],
    ];
    for (const [name, values, expected] of cases) {
      const got = await describeSubnets([{ Name: name, Values: values }]);
      expect(got.map((s) => s.SubnetId).sort(), `${name}=${values.join(',')}`).toEqual(
        expected.map((s) => s.SubnetId).sort(),
      );
    }
    // Filters are ANDed.
    const both = await describeSubnets([
      { Name: 'vpc-id', Values: [vpc.VpcId!] },
      { Name: 'availability-zone-id', Values: ['use1-az2'] },
    ]);
    expect(both.map((s) => s.SubnetId)).toEqual([b.SubnetId]);
  });

  it('counts the addresses ENIs hold as used', async () => {
    const { a } = await world();
    run(createNetworkInterface, { subnetId: a.SubnetId!, secondaryPrivateIpAddressCount: 2 });
    expect((await one(a.SubnetId!)).AvailableIpAddressCount).toBe(248);
    const got = await describeSubnets([{ Name: 'available-ip-address-count', Values: ['248'] }]);
    expect(got.map((s) => s.SubnetId)).toEqual([a.SubnetId]);
  });

  it('refuses an unknown filter and MaxResults out of 5..1000, or with ids', async () => {
    const { a } = await world();
    const send = (input: DescribeSubnetsCommandInput) =>
      errorCode(twin.ec2.send(new DescribeSubnetsCommand(input)));
    expect(await send({ Filters: [{ Name: 'colour', Values: ['x'] }] })).toBe(
      'InvalidParameterValue',
    );
    expect(await send({ MaxResults: 4 })).toBe('InvalidParameterValue');
    expect(await send({ MaxResults: 1001 })).toBe('InvalidParameterValue');
    expect(await send({ MaxResults: 5, SubnetIds: [a.SubnetId!] })).toBe(
      'InvalidParameterCombination',
    );
    expect(await send({ NextToken: 'garbage!' })).toBe('InvalidPaginationToken');
  });

  it('pages with MaxResults and NextToken in id order', async () => {
    const vpc = await createVpc('10.0.0.0/16', false);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createSubnet({ VpcId: vpc.VpcId, CidrBlock: `10.0.${i}.0/24` })).SubnetId!);
    }
    const first = await twin.ec2.send(new DescribeSubnetsCommand({ MaxResults: 5 }));
    expect(first.Subnets).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeSubnetsCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.Subnets).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.Subnets!, ...second.Subnets!].map((s) => s.SubnetId);
    expect(seen).toEqual([...ids].sort());
  });

  it('shows only the caller Region', async () => {
    await world();
    const res = await twin.query('DescribeSubnets', {}, 'eu-west-1');
    expect(res.status, res.body).toBe(200);
    expect(res.body).not.toContain('<subnetId>');
  });
});

describe('DeleteSubnet', () => {
  it('deletes a subnet; then it is not found', async () => {
    const vpc = await createVpc();
    const s = await createSubnet({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
    await twin.ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
    expect(
      await errorCode(twin.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.SubnetId!] }))),
    ).toBe('InvalidSubnetID.NotFound');
  });

  it('refuses while an ENI is in it, and unknown ids', async () => {
    const vpc = await createVpc();
    const s = await createSubnet({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
    run(createNetworkInterface, { subnetId: s.SubnetId! });
    await refused(
      () => twin.ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId })),
      'DependencyViolation',
    );
    await refused(
      () => twin.ec2.send(new DeleteSubnetCommand({ SubnetId: 'subnet-0123456789abcdef0' })),
      'InvalidSubnetID.NotFound',
    );
    await refusedRaw('DeleteSubnet', {}, 'MissingParameter');
  });
});

describe('ModifySubnetAttribute', () => {
  async function subnets() {
    const vpc = await createVpc();
    const v4 = await createSubnet({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
    const dual = await createSubnet({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.2.0/24',
      Ipv6CidrBlock: v6Block(vpc, 0),
    });
    const native = await createSubnet({
      VpcId: vpc.VpcId,
      Ipv6Native: true,
      Ipv6CidrBlock: v6Block(vpc, 1),
    });
    return { v4, dual, native };
  }
  const modify = (input: ModifySubnetAttributeCommandInput) => () =>
    twin.ec2.send(new ModifySubnetAttributeCommand(input));

  it('sets MapPublicIpOnLaunch, AssignIpv6AddressOnCreation and EnableDns64', async () => {
    const { v4, dual } = await subnets();
    await modify({ SubnetId: v4.SubnetId, MapPublicIpOnLaunch: { Value: true } })();
    expect((await one(v4.SubnetId!)).MapPublicIpOnLaunch).toBe(true);
    await modify({ SubnetId: dual.SubnetId, AssignIpv6AddressOnCreation: { Value: true } })();
    await modify({ SubnetId: dual.SubnetId, EnableDns64: { Value: true } })();
    expect(await one(dual.SubnetId!)).toMatchObject({
      AssignIpv6AddressOnCreation: true,
      EnableDns64: true,
      MapPublicIpOnLaunch: false,
    });
    await modify({ SubnetId: v4.SubnetId, MapPublicIpOnLaunch: { Value: false } })();
    expect((await one(v4.SubnetId!)).MapPublicIpOnLaunch).toBe(false);
  });

  it('refuses values the subnet cannot take, and several attributes at once', async () => {
    const { v4, native } = await subnets();
    await refused(
      modify({ SubnetId: v4.SubnetId, AssignIpv6AddressOnCreation: { Value: true } }),
      'InvalidParameterValue',
    );
    await refused(
      modify({ SubnetId: v4.SubnetId, EnableDns64: { Value: true } }),
      'InvalidParameterValue',
    );
    await refused(
      modify({ SubnetId: native.SubnetId, MapPublicIpOnLaunch: { Value: true } }),
      'InvalidParameterValue',
    );
    await refused(
      modify({
        SubnetId: v4.SubnetId,
        MapPublicIpOnLaunch: { Value: true },
        EnableDns64: { Value: false },
      }),
      'InvalidParameterCombination',
    );
    await refused(modify({ SubnetId: v4.SubnetId }), 'MissingParameter');
    await refused(
      modify({ SubnetId: 'subnet-0123456789abcdef0', MapPublicIpOnLaunch: { Value: true } }),
      'InvalidSubnetID.NotFound',
    );
    await refusedRaw(
      'ModifySubnetAttribute',
      { SubnetId: v4.SubnetId!, 'MapPublicIpOnLaunch.Value': 'maybe' },
      'InvalidParameterValue',
    );
  });

  it('keeps private DNS options at their defaults and refuses Outposts attributes', async () => {
    const { v4, native } = await subnets();
    await modify({ SubnetId: v4.SubnetId, PrivateDnsHostnameTypeOnLaunch: 'ip-name' })();
    await modify({
      SubnetId: native.SubnetId,
      EnableResourceNameDnsARecordOnLaunch: { Value: false },
    })();
    await refused(
      modify({ SubnetId: v4.SubnetId, PrivateDnsHostnameTypeOnLaunch: 'resource-name' }),
      'UnsupportedOperation',
    );
    await refused(
      modify({ SubnetId: v4.SubnetId, EnableResourceNameDnsAAAARecordOnLaunch: { Value: true } }),
      'UnsupportedOperation',
    );
    await refused(
      modify({
        SubnetId: v4.SubnetId,
        PrivateDnsHostnameTypeOnLaunch: 'ip-name',
        MapPublicIpOnLaunch: { Value: true },
      }),
      'InvalidParameterCombination',
    );
    await refused(
      modify({ SubnetId: 'subnet-0123456789abcdef0', PrivateDnsHostnameTypeOnLaunch: 'ip-name' }),
      'InvalidSubnetID.NotFound',
    );
    await refused(
      modify({ SubnetId: v4.SubnetId, MapCustomerOwnedIpOnLaunch: { Value: true } }),
      'UnsupportedOperation',
    );
    await refused(
      modify({ SubnetId: v4.SubnetId, EnableLniAtDeviceIndex: 1 }),
      'UnsupportedOperation',
    );
  });
});

describe('AssociateSubnetCidrBlock and DisassociateSubnetCidrBlock', () => {
  it('adds an IPv6 block to an IPv4 subnet and removes it again', async () => {
    const vpc = await createVpc();
    const s = await createSubnet({ VpcId: vpc.VpcId, CidrBlock: '10.0.1.0/24' });
    const assoc = await twin.ec2.send(
      new AssociateSubnetCidrBlockCommand({ SubnetId: s.SubnetId, Ipv6CidrBlock: v6Block(vpc, 3) }),
    );
    expect(assoc.SubnetId).toBe(s.SubnetId);
    expect(assoc.Ipv6CidrBlockAssociation).toMatchObject({
      Ipv6CidrBlock: v6Block(vpc, 3),
      Ipv6CidrBlockState: { State: 'associating' },
    });
    const id = assoc.Ipv6CidrBlockAssociation!.AssociationId!;
    expect((await one(s.SubnetId!)).Ipv6CidrBlockAssociationSet).toMatchObject([
      { AssociationId: id, Ipv6CidrBlockState: { State: 'associated' } },
    ]);
    const gone = await twin.ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: id }));
    expect(gone).toMatchObject({
      SubnetId: s.SubnetId,
      Ipv6CidrBlockAssociation: {
        AssociationId: id,
        Ipv6CidrBlock: v6Block(vpc, 3),
        Ipv6CidrBlockState: { State: 'disassociating' },
      },
    });
    expect((await one(s.SubnetId!)).Ipv6CidrBlockAssociationSet).toEqual([]);
  });

  it('refuses a second block, a block in use, unknown ids and a missing block', async () => {
    const vpc = await createVpc();
    const s = await createSubnet({
      VpcId: vpc.VpcId,
      CidrBlock: '10.0.1.0/24',
      Ipv6CidrBlock: v6Block(vpc, 0),
    });
    const associate =
      (block: string, subnetId = s.SubnetId) =>
      () =>
        twin.ec2.send(
          new AssociateSubnetCidrBlockCommand({ SubnetId: subnetId, Ipv6CidrBlock: block }),
        );
    await refused(associate(v6Block(vpc, 1)), 'InvalidSubnet.Conflict');
    await refused(
      associate(v6Block(vpc, 1), 'subnet-0123456789abcdef0'),
      'InvalidSubnetID.NotFound',
    );
    await refused(associate('2001:db8::/64'), 'InvalidSubnet.Conflict');
    await refusedRaw('AssociateSubnetCidrBlock', { SubnetId: s.SubnetId! }, 'MissingParameter');
    await refusedRaw(
      'AssociateSubnetCidrBlock',
      { SubnetId: s.SubnetId!, Ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0' },
      'UnsupportedOperation',
    );
    await modifyDns64(s.SubnetId!);
    const assocId = s.Ipv6CidrBlockAssociationSet![0]!.AssociationId!;
    await refused(
      () => twin.ec2.send(new DisassociateSubnetCidrBlockCommand({ AssociationId: assocId })),
      'InvalidCidrBlock.InUse',
    );
    await refused(
      () =>
        twin.ec2.send(
          new DisassociateSubnetCidrBlockCommand({
            AssociationId: 'subnet-cidr-assoc-0123456789abcdef0',
          }),
        ),
      'InvalidSubnetCidrBlockAssociationID.NotFound',
    );
  });
});

async function modifyDns64(subnetId: string) {
  await twin.ec2.send(
    new ModifySubnetAttributeCommand({ SubnetId: subnetId, EnableDns64: { Value: true } }),
  );
}
