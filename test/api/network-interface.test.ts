import {
  AssignIpv6AddressesCommand,
  AssignPrivateIpAddressesCommand,
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateVpcCommand,
  DeleteNetworkInterfaceCommand,
  DescribeNetworkInterfaceAttributeCommand,
  DescribeNetworkInterfacesCommand,
  DetachNetworkInterfaceCommand,
  ModifyNetworkInterfaceAttributeCommand,
  UnassignIpv6AddressesCommand,
  UnassignPrivateIpAddressesCommand,
  type Filter,
  type NetworkInterface,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETWORK_INTERFACE_FILTERS } from '../../src/api/handlers/network-interface.js';
import { allocateAddress, associateAddress } from '../../src/control/elastic-ip.js';
import { runInstances } from '../../src/control/instance-launch.js';
import {
  attachInternetGateway,
  createInternetGateway,
} from '../../src/control/internet-gateway.js';
import { createSecurityGroup } from '../../src/control/security-group.js';
import { createSubnet } from '../../src/control/subnet.js';
import { modifyVpcAttribute } from '../../src/control/vpc.js';
import type { Operation } from '../../src/model/operation.js';
import { ACCOUNT, startTwin, type Twin } from '../support/api.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

const MISSING_ENI = 'eni-0123456789abcdef0';

/** Runs a control operation straight on the store (setup for kinds other families serve). */
const run = <I, O>(op: Operation<I, O>, input: I): O => twin.setup(op, input);

/** The AWS error code a call fails with, checking that it changed nothing. */
const refused = (send: () => Promise<unknown>): Promise<string> => twin.refusal(send);

/** A raw request's error code, checking that it changed nothing. */
async function refusedRaw(action: string, params: Record<string, string>): Promise<string> {
  return (await twin.rawRefusal(action, params)).code ?? '';
}

/** A dual-stack VPC with subnets in two zones and a security group `web`. */
async function world() {
  const vpc = (
    await twin.ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: true }),
    )
  ).Vpc!;
  const vpcId = vpc.VpcId!;
  const v6 = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  const subnetA = run(createSubnet, {
    vpcId,
    cidrBlock: '10.0.1.0/24',
    ipv6CidrBlock: v6.replace('/56', '/64'),
    availabilityZone: 'us-east-1a',
  });
  const subnetB = run(createSubnet, {
    vpcId,
    cidrBlock: '10.0.2.0/24',
    availabilityZone: 'us-east-1b',
  });
  const web = run(createSecurityGroup, { groupName: 'web', description: 'web', vpcId });
  return { vpcId, subnetA, subnetB, webId: web.id };
}

async function createEni(input: ConstructorParameters<typeof CreateNetworkInterfaceCommand>[0]) {
  return (await twin.ec2.send(new CreateNetworkInterfaceCommand(input))).NetworkInterface!;
}

async function describeEnis(filters?: Filter[], ids?: string[]): Promise<NetworkInterface[]> {
  const out = await twin.ec2.send(
    new DescribeNetworkInterfacesCommand({ Filters: filters, NetworkInterfaceIds: ids }),
  );
  return out.NetworkInterfaces ?? [];
}

const eniIds = async (filters: Filter[]) =>
  (await describeEnis(filters)).map((n) => n.NetworkInterfaceId).sort();

describe('CreateNetworkInterface', () => {
  it('creates an ENI with pinned and picked addresses, groups, IPv6 and tags', async () => {
    const { vpcId, subnetA, webId } = await world();
    const eni = await createEni({
      SubnetId: subnetA.id,
      Description: 'app',
      PrivateIpAddress: '10.0.1.10',
      SecondaryPrivateIpAddressCount: 2,
      Groups: [webId],
      Ipv6AddressCount: 1,
      TagSpecifications: [
        { ResourceType: 'network-interface', Tags: [{ Key: 'Name', Value: 'app' }] },
      ],
    });
    expect(eni).toMatchObject({
      SubnetId: subnetA.id,
      VpcId: vpcId,
      AvailabilityZone: 'us-east-1a',
      Description: 'app',
      InterfaceType: 'interface',
      OwnerId: ACCOUNT,
      PrivateIpAddress: '10.0.1.10',
      PrivateDnsName: 'ip-10-0-1-10.ec2.internal',
      RequesterManaged: false,
      SourceDestCheck: true,
      Status: 'available',
      Groups: [{ GroupId: webId, GroupName: 'web' }],
      TagSet: [{ Key: 'Name', Value: 'app' }],
      Ipv6Native: false,
    });
    expect(eni.NetworkInterfaceId).toMatch(/^eni-[0-9a-f]{17}$/);
    expect(eni.MacAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(eni.Attachment).toBeUndefined();
    expect(eni.PrivateIpAddresses).toEqual([
      {
        Primary: true,
        PrivateIpAddress: '10.0.1.10',
        PrivateDnsName: 'ip-10-0-1-10.ec2.internal',
      },
      { Primary: false, PrivateIpAddress: '10.0.1.4', PrivateDnsName: 'ip-10-0-1-4.ec2.internal' },
      { Primary: false, PrivateIpAddress: '10.0.1.5', PrivateDnsName: 'ip-10-0-1-5.ec2.internal' },
    ]);
    expect(eni.Ipv6Addresses).toHaveLength(1);
    expect(eni.Ipv6Addresses![0]!.Ipv6Address).toMatch(/:/);
  });

  it('takes PrivateIpAddresses with a primary and the VPC default group when none is given', async () => {
    const { subnetB } = await world();
    const eni = await createEni({
      SubnetId: subnetB.id,
      PrivateIpAddresses: [
        { PrivateIpAddress: '10.0.2.20' },
        { PrivateIpAddress: '10.0.2.21', Primary: true },
      ],
    });
    expect(eni.PrivateIpAddress).toBe('10.0.2.21');
    expect(eni.PrivateIpAddresses?.map((p) => [p.PrivateIpAddress, p.Primary])).toEqual([
      ['10.0.2.21', true],
      ['10.0.2.20', false],
    ]);
    expect(eni.Groups?.map((g) => g.GroupName)).toEqual(['default']);
    expect(eni.Description).toBe('');
  });

  it('answers AWS errors and changes nothing', async () => {
    const { subnetA, subnetB } = await world();
    await createEni({ SubnetId: subnetA.id, PrivateIpAddress: '10.0.1.10' });
    expect(await refused(() => createEni({ SubnetId: 'subnet-0123456789abcdef0' }))).toBe(
      'InvalidSubnetID.NotFound',
    );
    expect(
      await refused(() => createEni({ SubnetId: subnetA.id, PrivateIpAddress: '10.0.1.10' })),
    ).toBe('InvalidIPAddress.InUse');
    expect(
      await refused(() => createEni({ SubnetId: subnetA.id, PrivateIpAddress: '10.0.9.9' })),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        createEni({
          SubnetId: subnetA.id,
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
        }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await refused(() => createEni({ SubnetId: subnetB.id, Ipv6AddressCount: 1 }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() => createEni({ SubnetId: subnetA.id, Groups: ['sg-0123456789abcdef0'] })),
    ).toBe('InvalidGroup.NotFound');
    expect(await refused(() => createEni({ SubnetId: subnetA.id, Ipv4PrefixCount: 1 }))).toBe(
      'UnsupportedOperation',
    );
    expect(
      await refused(() =>
        createEni({ SubnetId: subnetA.id, InterfaceType: 'nat_gateway' as 'efa' }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await refusedRaw('CreateNetworkInterface', {})).toBe('MissingParameter');
    expect(
      await refusedRaw('CreateNetworkInterface', {
        SubnetId: subnetA.id,
        'PrivateIpAddresses.1.Primary': 'true',
      }),
    ).toBe('MissingParameter');
  });

  it('validates a DryRun without creating anything', async () => {
    const { subnetA } = await world();
    expect(await refused(() => createEni({ SubnetId: subnetA.id, DryRun: true }))).toBe(
      'DryRunOperation',
    );
    expect(
      await refused(() => createEni({ SubnetId: 'subnet-0123456789abcdef0', DryRun: true })),
    ).toBe('InvalidSubnetID.NotFound');
  });
});

describe('DescribeNetworkInterfaces', () => {
  /**
   * Three ENIs: `a` (subnet A, tagged, IPv6, attached to an instance at device 1, with an Elastic
   * IP on its primary address, no source/dest check), `b` (subnet B, unattached), and the
   * instance's own primary ENI `i` (subnet A).
   */
  async function filterWorld() {
    const w = await world();
    run(modifyVpcAttribute, { vpcId: w.vpcId, enableDnsHostnames: true });
    const igw = run(createInternetGateway, {});
    run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: w.vpcId });
    const a = await createEni({
      SubnetId: w.subnetA.id,
      Description: 'alpha',
      PrivateIpAddress: '10.0.1.10',
      SecondaryPrivateIpAddressCount: 1,
      Groups: [w.webId],
      Ipv6AddressCount: 1,
      TagSpecifications: [
        { ResourceType: 'network-interface', Tags: [{ Key: 'Name', Value: 'alpha' }] },
      ],
    });
    const b = await createEni({ SubnetId: w.subnetB.id, Description: 'beta' });
    const [instance] = run(runInstances, { subnetId: w.subnetA.id });
    const instanceId = instance!.id;
    const i = (await describeEnis([{ Name: 'attachment.instance-id', Values: [instanceId] }]))[0]!;
    const { AttachmentId } = await twin.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: a.NetworkInterfaceId,
        InstanceId: instanceId,
        DeviceIndex: 1,
      }),
    );
    await twin.ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: a.NetworkInterfaceId,
        SourceDestCheck: { Value: false },
      }),
    );
    const eip = run(allocateAddress, {});
    const association = run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: a.NetworkInterfaceId!,
    });
    return {
      ...w,
      a: a.NetworkInterfaceId!,
      aMac: a.MacAddress!,
      aV6: a.Ipv6Addresses![0]!.Ipv6Address!,
      b: b.NetworkInterfaceId!,
      i: i.NetworkInterfaceId!,
      instanceId,
      attachmentId: AttachmentId!,
      publicIp: eip.publicIp.toString(),
      allocationId: eip.id,
      associationId: association.associationId,
    };
  }

  it('shows attachments and Elastic IP associations with DNS names', async () => {
    const w = await filterWorld();
    const [a] = await describeEnis(undefined, [w.a]);
    const dns = `ec2-${w.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com`;
    expect(a).toMatchObject({
      Status: 'in-use',
      SourceDestCheck: false,
      Attachment: {
        AttachmentId: w.attachmentId,
        InstanceId: w.instanceId,
        InstanceOwnerId: ACCOUNT,
        DeviceIndex: 1,
        NetworkCardIndex: 0,
        DeleteOnTermination: false,
        Status: 'attached',
      },
      Association: {
        AllocationId: w.allocationId,
        AssociationId: w.associationId,
        IpOwnerId: ACCOUNT,
        PublicIp: w.publicIp,
        PublicDnsName: dns,
      },
    });
    expect(a!.PrivateIpAddresses![0]!.Association?.PublicIp).toBe(w.publicIp);
    expect(a!.PrivateIpAddresses![1]!.Association).toBeUndefined();
  });

  it('supports every documented filter', async () => {
    const w = await filterWorld();
    const azIdA = twin.store.snapshot.get('subnet', w.subnetA.id)!.availabilityZoneId;
    const dns = `ec2-${w.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com`;
    const cases: [string, string[], string[]][] = [
      ['addresses.private-ip-address', ['10.0.1.4'], [w.a]],
      ['addresses.primary', ['false'], [w.a]],
      ['addresses.association.public-ip', [w.publicIp], [w.a]],
      ['addresses.association.owner-id', [ACCOUNT], [w.a]],
      ['association.association-id', [w.associationId], [w.a]],
      ['association.allocation-id', [w.allocationId], [w.a]],
      ['association.ip-owner-id', [ACCOUNT], [w.a]],
      ['association.public-ip', [w.publicIp], [w.a]],
      ['association.public-dns-name', [dns], [w.a]],
      ['attachment.attach-time', ['*'], []],
      ['attachment.attachment-id', [w.attachmentId], [w.a]],
      ['attachment.delete-on-termination', ['true'], [w.i]],
      ['attachment.device-index', ['1'], [w.a]],
      ['attachment.instance-id', [w.instanceId], [w.a, w.i]],
      ['attachment.instance-owner-id', [ACCOUNT], [w.a, w.i]],
      ['attachment.status', ['attached'], [w.a, w.i]],
      ['availability-zone', ['us-east-1b'], [w.b]],
      ['availability-zone-id', [azIdA], [w.a, w.i]],
      ['description', ['al*'], [w.a]],
      ['group-id', [w.webId], [w.a]],
      ['group-name', ['default'], [w.b, w.i]],
      ['ipv6-addresses.ipv6-address', [w.aV6], [w.a]],
      ['interface-type', ['interface'], [w.a, w.b, w.i]],
      ['mac-address', [w.aMac], [w.a]],
      ['network-interface-id', [w.b], [w.b]],
      ['operator.managed', ['false'], [w.a, w.b, w.i]],
      ['operator.principal', ['*'], []],
      ['owner-id', [ACCOUNT], [w.a, w.b, w.i]],
      ['private-dns-name', ['ip-10-0-1-10.ec2.internal'], [w.a]],
      ['private-ip-address', ['10.0.1.10', '10.0.2.4'], [w.a, w.b]],
      ['requester-id', ['*'], []],
      ['requester-managed', ['false'], [w.a, w.b, w.i]],
      ['source-dest-check', ['false'], [w.a]],
      ['status', ['available'], [w.b]],
      ['subnet-id', [w.subnetA.id], [w.a, w.i]],
      ['vpc-id', [w.vpcId], [w.a, w.b, w.i]],
      ['tag:Name', ['alpha'], [w.a]],
      ['tag-key', ['Name'], [w.a]],
      ['tag-value', ['alp?a'], [w.a]],
    ];
    for (const [name, values, expected] of cases) {
      expect(await eniIds([{ Name: name, Values: values }]), name).toEqual([...expected].sort());
    }
    const named = new Set(cases.map(([name]) => name));
    expect(Object.keys(NETWORK_INTERFACE_FILTERS).filter((n) => !named.has(n))).toEqual([]);
    // Filters are ANDed, values ORed.
    expect(
      await eniIds([
        { Name: 'subnet-id', Values: [w.subnetA.id, w.subnetB.id] },
        { Name: 'status', Values: ['in-use'] },
      ]),
    ).toEqual([w.a, w.i].sort());
  });

  it('answers unknown ids, filters and bad pagination with AWS errors', async () => {
    const w = await world();
    const eni = await createEni({ SubnetId: w.subnetA.id });
    expect(
      await refused(() => describeEnis(undefined, [eni.NetworkInterfaceId!, MISSING_ENI])),
    ).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(await refused(() => describeEnis([{ Name: 'colour', Values: ['red'] }]))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() => twin.ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 4 }))),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        twin.ec2.send(
          new DescribeNetworkInterfacesCommand({
            MaxResults: 5,
            NetworkInterfaceIds: [eni.NetworkInterfaceId!],
          }),
        ),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await refused(() =>
        twin.ec2.send(new DescribeNetworkInterfacesCommand({ NextToken: 'garbage' })),
      ),
    ).toBe('InvalidPaginationToken');
  });

  it('pages with MaxResults and NextToken', async () => {
    const w = await world();
    const created: string[] = [];
    for (let n = 0; n < 7; n++) {
      created.push((await createEni({ SubnetId: w.subnetA.id })).NetworkInterfaceId!);
    }
    const first = await twin.ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 5 }));
    expect(first.NetworkInterfaces).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeNetworkInterfacesCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.NetworkInterfaces).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.NetworkInterfaces!, ...second.NetworkInterfaces!].map(
      (n) => n.NetworkInterfaceId,
    );
    expect(seen).toEqual([...created].sort());
  });
});

describe('AttachNetworkInterface and DetachNetworkInterface', () => {
  it('attaches at a device index and detaches again', async () => {
    const w = await world();
    const [instance] = run(runInstances, { subnetId: w.subnetA.id });
    const eni = await createEni({ SubnetId: w.subnetA.id });
    const eniId = eni.NetworkInterfaceId!;
    const attached = await twin.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eniId,
        InstanceId: instance!.id,
        DeviceIndex: 1,
      }),
    );
    expect(attached.AttachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    expect(attached.NetworkCardIndex).toBe(0);
    const [shown] = await describeEnis(undefined, [eniId]);
    expect(shown).toMatchObject({
      Status: 'in-use',
      Attachment: { AttachmentId: attached.AttachmentId, InstanceId: instance!.id, DeviceIndex: 1 },
    });

    await twin.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attached.AttachmentId }));
    const [detached] = await describeEnis(undefined, [eniId]);
    expect(detached!.Status).toBe('available');
    expect(detached!.Attachment).toBeUndefined();
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    const [instance] = run(runInstances, { subnetId: w.subnetA.id });
    const instanceId = instance!.id;
    const eni = (await createEni({ SubnetId: w.subnetA.id })).NetworkInterfaceId!;
    const elsewhere = (await createEni({ SubnetId: w.subnetB.id })).NetworkInterfaceId!;
    const attach = (NetworkInterfaceId: string, DeviceIndex: number, NetworkCardIndex?: number) =>
      twin.ec2.send(
        new AttachNetworkInterfaceCommand({
          NetworkInterfaceId,
          InstanceId: instanceId,
          DeviceIndex,
          NetworkCardIndex,
        }),
      );
    expect(await refused(() => attach(elsewhere, 1))).toBe('InvalidParameterCombination');
    expect(await refused(() => attach(eni, 0))).toBe('InvalidParameterValue');
    expect(await refused(() => attach(MISSING_ENI, 1))).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(await refused(() => attach(eni, 1, 1))).toBe('InvalidParameterValue');
    await attach(eni, 1);
    expect(await refused(() => attach(eni, 2))).toBe('InvalidNetworkInterface.InUse');
    const primary = (await describeEnis([{ Name: 'attachment.device-index', Values: ['0'] }]))[0]!;
    const detach = (AttachmentId: string) =>
      twin.ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId }));
    expect(await refused(() => detach(primary.Attachment!.AttachmentId!))).toBe(
      'OperationNotPermitted',
    );
    expect(await refused(() => detach('eni-attach-0123456789abcdef0'))).toBe(
      'InvalidAttachmentID.NotFound',
    );
    expect(await refusedRaw('AttachNetworkInterface', { NetworkInterfaceId: eni })).toBe(
      'MissingParameter',
    );
  });
});

describe('DeleteNetworkInterface', () => {
  it('deletes a detached ENI and refuses attached, unknown and malformed ones', async () => {
    const w = await world();
    const [instance] = run(runInstances, { subnetId: w.subnetA.id });
    const eni = (await createEni({ SubnetId: w.subnetA.id })).NetworkInterfaceId!;
    const primary = (
      await describeEnis([{ Name: 'attachment.instance-id', Values: [instance!.id] }])
    )[0]!.NetworkInterfaceId!;
    const del = (NetworkInterfaceId: string) =>
      twin.ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId }));
    expect(await refused(() => del(primary))).toBe('InvalidNetworkInterface.InUse');
    expect(await refused(() => del(MISSING_ENI))).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(await refused(() => del('eni-nope'))).toBe('InvalidNetworkInterfaceID.Malformed');
    await del(eni);
    expect(await refused(() => describeEnis(undefined, [eni]))).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
  });
});

describe('ModifyNetworkInterfaceAttribute and DescribeNetworkInterfaceAttribute', () => {
  it('changes one attribute per call and describes each', async () => {
    const w = await world();
    const [instance] = run(runInstances, { subnetId: w.subnetA.id });
    const eniId = (await createEni({ SubnetId: w.subnetA.id, Description: 'old' }))
      .NetworkInterfaceId!;
    const { AttachmentId } = await twin.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eniId,
        InstanceId: instance!.id,
        DeviceIndex: 1,
      }),
    );
    const modify = (input: Omit<ModifyInput, 'NetworkInterfaceId'>) =>
      twin.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eniId, ...input }),
      );
    const attribute = (Attribute: string) =>
      twin.ec2.send(
        new DescribeNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: eniId,
          Attribute: Attribute as 'description',
        }),
      );
    await modify({ SourceDestCheck: { Value: false } });
    await modify({ Description: { Value: 'new' } });
    await modify({ Groups: [w.webId] });
    await modify({ Attachment: { AttachmentId, DeleteOnTermination: true } });

    expect((await attribute('sourceDestCheck')).SourceDestCheck).toEqual({ Value: false });
    expect((await attribute('description')).Description).toEqual({ Value: 'new' });
    expect((await attribute('groupSet')).Groups).toEqual([{ GroupId: w.webId, GroupName: 'web' }]);
    const att = await attribute('attachment');
    expect(att.NetworkInterfaceId).toBe(eniId);
    expect(att.Attachment).toMatchObject({
      AttachmentId,
      DeleteOnTermination: true,
      DeviceIndex: 1,
      InstanceId: instance!.id,
    });
    expect((await attribute('associatePublicIpAddress')).AssociatePublicIpAddress).toBe(false);
    const [shown] = await describeEnis(undefined, [eniId]);
    expect(shown).toMatchObject({ SourceDestCheck: false, Description: 'new' });
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    const eniId = (await createEni({ SubnetId: w.subnetA.id })).NetworkInterfaceId!;
    const modify = (input: Omit<ModifyInput, 'NetworkInterfaceId'>, id = eniId) =>
      twin.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, ...input }),
      );
    expect(await refused(() => modify({}))).toBe('MissingParameter');
    expect(
      await refused(() =>
        modify({ SourceDestCheck: { Value: false }, Description: { Value: 'x' } }),
      ),
    ).toBe('InvalidParameterCombination');
    expect(await refused(() => modify({ SourceDestCheck: { Value: false } }, MISSING_ENI))).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    expect(await refused(() => modify({ Groups: ['sg-0123456789abcdef0'] }))).toBe(
      'InvalidGroup.NotFound',
    );
    expect(
      await refused(() =>
        modify({
          Attachment: { AttachmentId: 'eni-attach-0123456789abcdef0', DeleteOnTermination: true },
        }),
      ),
    ).toBe('InvalidAttachmentID.NotFound');
    expect(await refused(() => modify({ EnaSrdSpecification: { EnaSrdEnabled: true } }))).toBe(
      'UnsupportedOperation',
    );
    expect(
      await refusedRaw('ModifyNetworkInterfaceAttribute', {
        NetworkInterfaceId: eniId,
        'Attachment.AttachmentId': 'eni-attach-0123456789abcdef0',
      }),
    ).toBe('MissingParameter');
    const attribute = (Attribute: string, id = eniId) =>
      twin.ec2.send(
        new DescribeNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: id,
          Attribute: Attribute as 'description',
        }),
      );
    expect(await refused(() => attribute('colour'))).toBe('InvalidParameterValue');
    expect(await refused(() => attribute('description', MISSING_ENI))).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    expect(await refused(() => attribute('description', 'eni-x'))).toBe(
      'InvalidNetworkInterfaceID.Malformed',
    );
    expect(
      await refusedRaw('DescribeNetworkInterfaceAttribute', { NetworkInterfaceId: eniId }),
    ).toBe('MissingParameter');
  });
});

type ModifyInput = ConstructorParameters<typeof ModifyNetworkInterfaceAttributeCommand>[0];

describe('Assign and unassign private IPv4 and IPv6 addresses', () => {
  it('assigns picked and given addresses and unassigns them', async () => {
    const w = await world();
    const eniId = (await createEni({ SubnetId: w.subnetA.id, PrivateIpAddress: '10.0.1.10' }))
      .NetworkInterfaceId!;
    const picked = await twin.ec2.send(
      new AssignPrivateIpAddressesCommand({
        NetworkInterfaceId: eniId,
        SecondaryPrivateIpAddressCount: 2,
      }),
    );
    expect(picked.NetworkInterfaceId).toBe(eniId);
    expect(picked.AssignedPrivateIpAddresses?.map((a) => a.PrivateIpAddress)).toEqual([
      '10.0.1.4',
      '10.0.1.5',
    ]);
    const given = await twin.ec2.send(
      new AssignPrivateIpAddressesCommand({
        NetworkInterfaceId: eniId,
        PrivateIpAddresses: ['10.0.1.50'],
      }),
    );
    expect(given.AssignedPrivateIpAddresses).toEqual([{ PrivateIpAddress: '10.0.1.50' }]);
    await twin.ec2.send(
      new UnassignPrivateIpAddressesCommand({
        NetworkInterfaceId: eniId,
        PrivateIpAddresses: ['10.0.1.4'],
      }),
    );
    const [shown] = await describeEnis(undefined, [eniId]);
    expect(shown!.PrivateIpAddresses?.map((p) => p.PrivateIpAddress)).toEqual([
      '10.0.1.10',
      '10.0.1.5',
      '10.0.1.50',
    ]);

    const v6 = await twin.ec2.send(
      new AssignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6AddressCount: 2 }),
    );
    expect(v6.NetworkInterfaceId).toBe(eniId);
    expect(v6.AssignedIpv6Addresses).toHaveLength(2);
    const [first, second] = v6.AssignedIpv6Addresses!;
    const out = await twin.ec2.send(
      new UnassignIpv6AddressesCommand({ NetworkInterfaceId: eniId, Ipv6Addresses: [first!] }),
    );
    expect(out.UnassignedIpv6Addresses).toEqual([first]);
    const [after] = await describeEnis(undefined, [eniId]);
    expect(after!.Ipv6Addresses?.map((a) => a.Ipv6Address)).toEqual([second]);
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    const eniId = (await createEni({ SubnetId: w.subnetA.id, PrivateIpAddress: '10.0.1.10' }))
      .NetworkInterfaceId!;
    const onB = (await createEni({ SubnetId: w.subnetB.id })).NetworkInterfaceId!;
    await createEni({ SubnetId: w.subnetA.id, PrivateIpAddress: '10.0.1.20' });
    const assign = (input: Omit<AssignInput, 'NetworkInterfaceId'>, id = eniId) =>
      twin.ec2.send(new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: id, ...input }));
    expect(await refused(() => assign({}))).toBe('MissingParameter');
    expect(await refused(() => assign({ PrivateIpAddresses: ['10.0.1.20'] }))).toBe(
      'InvalidIPAddress.InUse',
    );
    expect(await refused(() => assign({ SecondaryPrivateIpAddressCount: 1 }, MISSING_ENI))).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    expect(await refused(() => assign({ Ipv4PrefixCount: 1 }))).toBe('UnsupportedOperation');
    const unassign = (PrivateIpAddresses: string[]) =>
      twin.ec2.send(
        new UnassignPrivateIpAddressesCommand({ NetworkInterfaceId: eniId, PrivateIpAddresses }),
      );
    expect(await refused(() => unassign(['10.0.1.10']))).toBe('InvalidParameterValue');
    expect(await refused(() => unassign(['10.0.1.99']))).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        twin.ec2.send(
          new AssignIpv6AddressesCommand({ NetworkInterfaceId: onB, Ipv6AddressCount: 1 }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        twin.ec2.send(
          new UnassignIpv6AddressesCommand({
            NetworkInterfaceId: eniId,
            Ipv6Addresses: ['2600::1'],
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        twin.ec2.send(
          new AssignIpv6AddressesCommand({
            NetworkInterfaceId: eniId,
            Ipv6AddressCount: 1,
            Ipv6Addresses: ['2600::1'],
          }),
        ),
      ),
    ).toBe('InvalidParameterCombination');
  });
});

type AssignInput = ConstructorParameters<typeof AssignPrivateIpAddressesCommand>[0];
