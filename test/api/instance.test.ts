import {
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateVpcCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type DescribeInstanceStatusCommandInput,
  type Filter,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTANCE_FILTERS, INSTANCE_STATUS_FILTERS } from '../../src/api/handlers/instance.js';
import { allocateAddress, associateAddress } from '../../src/control/elastic-ip.js';
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

const MISSING_INSTANCE = 'i-0123456789abcdef0';
const AMI = 'ami-12345678';

/** Runs a control operation straight on the store (setup for kinds other families serve). */
const run = <I, O>(op: Operation<I, O>, input: I): O => twin.setup(op, input);

/** The AWS error code a call fails with, checking that it changed nothing. */
const refused = (send: () => Promise<unknown>): Promise<string> => twin.refusal(send);

/** A raw request's error code, checking that it changed nothing. */
async function refusedRaw(action: string, params: Record<string, string>): Promise<string> {
  return (await twin.rawRefusal(action, params)).code ?? '';
}

/**
 * A dual-stack VPC with DNS hostnames and an internet gateway, subnets in two zones and a
 * security group `web`.
 */
async function world() {
  const vpc = (
    await twin.ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: true }),
    )
  ).Vpc!;
  const vpcId = vpc.VpcId!;
  const v6 = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
  run(modifyVpcAttribute, { vpcId, enableDnsHostnames: true });
  const igw = run(createInternetGateway, {});
  run(attachInternetGateway, { internetGatewayId: igw.id, vpcId });
  const subnetA = run(createSubnet, {
    vpcId,
    cidrBlock: '10.0.1.0/24',
    ipv6CidrBlock: v6.replace('/56', '/64'),
    availabilityZone: 'us-east-1a',
  }).id;
  const subnetB = run(createSubnet, {
    vpcId,
    cidrBlock: '10.0.2.0/24',
    availabilityZone: 'us-east-1b',
  }).id;
  const webId = run(createSecurityGroup, { groupName: 'web', description: 'web', vpcId }).id;
  return { vpcId, subnetA, subnetB, webId };
}

async function launch(input: Partial<RunInstancesCommandInput>) {
  return twin.ec2.send(
    new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, ...input }),
  );
}

async function describeInstances(filters?: Filter[], ids?: string[]): Promise<Instance[]> {
  const out = await twin.ec2.send(
    new DescribeInstancesCommand({ Filters: filters, InstanceIds: ids }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

const instanceIds = async (filters: Filter[]) =>
  (await describeInstances(filters)).map((i) => i.InstanceId).sort();

const stateOf = async (id: string) => (await describeInstances(undefined, [id]))[0]!.State;

describe('RunInstances', () => {
  it('launches a reservation of instances with their ENIs, groups and tags', async () => {
    const w = await world();
    const out = await launch({
      InstanceType: 't3.small',
      MinCount: 2,
      MaxCount: 2,
      SubnetId: w.subnetA,
      SecurityGroupIds: [w.webId],
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] },
        { ResourceType: 'network-interface', Tags: [{ Key: 'Role', Value: 'eth0' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'Disk', Value: 'root' }] },
      ],
    });
    expect(out.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(out.OwnerId).toBe(ACCOUNT);
    expect(out.Groups).toEqual([]);
    const [first, second] = out.Instances!;
    expect(first).toMatchObject({
      AmiLaunchIndex: 0,
      ImageId: AMI,
      InstanceType: 't3.small',
      State: { Code: 0, Name: 'pending' },
      SubnetId: w.subnetA,
      VpcId: w.vpcId,
      Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
      PrivateIpAddress: '10.0.1.4',
      PrivateDnsName: 'ip-10-0-1-4.ec2.internal',
      PublicDnsName: '',
      SecurityGroups: [{ GroupId: w.webId, GroupName: 'web' }],
      SourceDestCheck: true,
      Tags: [{ Key: 'Name', Value: 'web' }],
      Monitoring: { State: 'disabled' },
      RootDeviceType: 'ebs',
    });
    expect(first!.LaunchTime).toBeInstanceOf(Date);
    expect(first!.PublicIpAddress).toBeUndefined();
    expect(first!.NetworkInterfaces).toHaveLength(1);
    expect(first!.NetworkInterfaces![0]).toMatchObject({
      Attachment: { DeviceIndex: 0, Status: 'attached', DeleteOnTermination: true },
      Groups: [{ GroupId: w.webId, GroupName: 'web' }],
      PrivateIpAddress: '10.0.1.4',
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.4' }],
      Status: 'in-use',
      SubnetId: w.subnetA,
      VpcId: w.vpcId,
      OwnerId: ACCOUNT,
      InterfaceType: 'interface',
    });
    expect(second).toMatchObject({ AmiLaunchIndex: 1, PrivateIpAddress: '10.0.1.5' });
    const enis = await twin.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: [first!.InstanceId!] }],
      }),
    );
    expect(enis.NetworkInterfaces?.[0]?.TagSet).toEqual([{ Key: 'Role', Value: 'eth0' }]);
    // Describe shows the launch completed.
    expect(await stateOf(first!.InstanceId!)).toEqual({ Code: 16, Name: 'running' });
  });

  it('launches with network interface specifications and a public IP', async () => {
    const w = await world();
    const out = await launch({
      NetworkInterfaces: [
        {
          DeviceIndex: 0,
          SubnetId: w.subnetA,
          Groups: [w.webId],
          AssociatePublicIpAddress: true,
          PrivateIpAddresses: [
            { PrivateIpAddress: '10.0.1.30', Primary: true },
            { PrivateIpAddress: '10.0.1.31' },
          ],
          Description: 'eth0',
        },
      ],
    });
    const [i] = out.Instances!;
    expect(i!.PrivateIpAddress).toBe('10.0.1.30');
    expect(i!.PublicIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(i!.PublicDnsName).toBe(
      `ec2-${i!.PublicIpAddress!.replaceAll('.', '-')}.compute-1.amazonaws.com`,
    );
    const [eni] = i!.NetworkInterfaces!;
    expect(eni!.Description).toBe('eth0');
    expect(eni!.Association).toEqual({
      IpOwnerId: 'amazon',
      PublicIp: i!.PublicIpAddress,
      PublicDnsName: i!.PublicDnsName,
    });
    expect(eni!.PrivateIpAddresses?.map((p) => [p.PrivateIpAddress, p.Primary])).toEqual([
      ['10.0.1.30', true],
      ['10.0.1.31', false],
    ]);

    const existing = (
      await twin.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: w.subnetA }))
    ).NetworkInterface!.NetworkInterfaceId!;
    const two = await launch({
      NetworkInterfaces: [
        { DeviceIndex: 0, SubnetId: w.subnetA },
        { DeviceIndex: 1, NetworkInterfaceId: existing },
      ],
    });
    const [j] = two.Instances!;
    expect(j!.NetworkInterfaces?.map((n) => n.Attachment?.DeviceIndex)).toEqual([0, 1]);
    expect(j!.NetworkInterfaces?.[1]).toMatchObject({
      NetworkInterfaceId: existing,
      Attachment: { DeleteOnTermination: false },
    });
  });

  it('places a default-VPC launch by zone and resolves group names there', async () => {
    const withDefault = await startTwin({ defaultVpcs: true });
    try {
      const out = await withDefault.ec2.send(
        new RunInstancesCommand({
          ImageId: AMI,
          MinCount: 1,
          MaxCount: 1,
          Placement: { AvailabilityZone: 'us-east-1b' },
          SecurityGroups: ['default'],
        }),
      );
      const [i] = out.Instances!;
      expect(i!.Placement?.AvailabilityZone).toBe('us-east-1b');
      expect(i!.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
      const missing = await withDefault.ec2
        .send(
          new RunInstancesCommand({
            ImageId: AMI,
            MinCount: 1,
            MaxCount: 1,
            SecurityGroups: ['nope'],
          }),
        )
        .catch((e: Error) => e.name);
      expect(missing).toBe('InvalidGroup.NotFound');
    } finally {
      await withDefault.close();
    }
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    expect(await refused(() => launch({ SubnetId: w.subnetA, ImageId: 'ami-x' }))).toBe(
      'InvalidAMIID.Malformed',
    );
    expect(await refused(() => launch({ SubnetId: 'subnet-0123456789abcdef0' }))).toBe(
      'InvalidSubnetID.NotFound',
    );
    expect(await refused(() => launch({}))).toBe('VPCIdNotSpecified');
    expect(await refused(() => launch({ SubnetId: w.subnetA, MinCount: 3, MaxCount: 2 }))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() =>
        launch({ SubnetId: w.subnetA, Placement: { AvailabilityZone: 'us-east-1b' } }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await refused(() => launch({ SubnetId: w.subnetA, SecurityGroups: ['web'] }))).toBe(
      'InvalidParameterCombination',
    );
    expect(
      await refused(() =>
        launch({
          SubnetId: w.subnetA,
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: w.subnetA }],
        }),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await refused(() =>
        launch({
          SubnetId: w.subnetA,
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
        }),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        launch({ SubnetId: w.subnetA, PrivateIpAddress: '10.0.1.9', MinCount: 2, MaxCount: 2 }),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await refused(() =>
        launch({
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: w.subnetA, InterfaceType: 'efa' }],
        }),
      ),
    ).toBe('UnsupportedOperation');
    expect(
      await refused(() =>
        launch({
          NetworkInterfaces: [
            {
              DeviceIndex: 0,
              SubnetId: w.subnetA,
              PrivateIpAddresses: [
                { PrivateIpAddress: '10.0.1.30', Primary: true },
                { PrivateIpAddress: '10.0.1.31', Primary: true },
              ],
            },
          ],
        }),
      ),
    ).toBe('InvalidParameterValue');
    expect(await refused(() => launch({ SubnetId: w.subnetA, DryRun: true }))).toBe(
      'DryRunOperation',
    );
    expect(await refusedRaw('RunInstances', { ImageId: AMI, MaxCount: '1' })).toBe(
      'MissingParameter',
    );
  });
});

describe('DescribeInstances', () => {
  /**
   * Instance `a` (subnet A, tagged, t3.large, an Elastic IP, IPv6, a second ENI with group web),
   * instance `b` (subnet B, stopped) and `c` (terminated), each its own reservation.
   */
  async function filterWorld() {
    const w = await world();
    const a = (
      await launch({
        SubnetId: w.subnetA,
        InstanceType: 't3.large',
        Ipv6AddressCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'alpha' }] }],
      })
    ).Instances![0]!;
    const second = (
      await twin.ec2.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: w.subnetA,
          Groups: [w.webId],
          PrivateIpAddress: '10.0.1.40',
          Description: 'second',
        }),
      )
    ).NetworkInterface!.NetworkInterfaceId!;
    const eip = run(allocateAddress, {});
    const association = run(associateAddress, { allocationId: eip.id, instanceId: a.InstanceId! });
    const { AttachmentId } = await twin.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: second,
        InstanceId: a.InstanceId,
        DeviceIndex: 1,
      }),
    );
    const b = (await launch({ SubnetId: w.subnetB })).Instances![0]!;
    await twin.ec2.send(new StopInstancesCommand({ InstanceIds: [b.InstanceId!] }));
    const c = (await launch({ SubnetId: w.subnetA })).Instances![0]!;
    await twin.ec2.send(new TerminateInstancesCommand({ InstanceIds: [c.InstanceId!] }));
    const [shownA] = await describeInstances(undefined, [a.InstanceId!]);
    return {
      ...w,
      a: a.InstanceId!,
      aEni: shownA!.NetworkInterfaces![0]!,
      aV6: shownA!.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address!,
      aLaunch: shownA!.LaunchTime!.toISOString(),
      aReservation: (
        await twin.ec2.send(new DescribeInstancesCommand({ InstanceIds: [a.InstanceId!] }))
      ).Reservations![0]!.ReservationId!,
      b: b.InstanceId!,
      c: c.InstanceId!,
      second,
      secondAttachment: AttachmentId!,
      publicIp: eip.publicIp.toString(),
      allocationId: eip.id,
      associationId: association.associationId,
    };
  }

  it('groups instances into reservations and shows stopped and terminated ones as AWS does', async () => {
    const w = await filterWorld();
    const out = await twin.ec2.send(new DescribeInstancesCommand({}));
    expect(out.Reservations).toHaveLength(3);
    for (const r of out.Reservations!) {
      expect(r.OwnerId).toBe(ACCOUNT);
      expect(r.Instances).toHaveLength(1);
    }
    const [a] = await describeInstances(undefined, [w.a]);
    expect(a).toMatchObject({
      PublicIpAddress: w.publicIp,
      PrivateIpAddress: '10.0.1.4',
      SecurityGroups: [{ GroupName: 'default' }, { GroupId: w.webId, GroupName: 'web' }],
      State: { Code: 16, Name: 'running' },
      StateTransitionReason: '',
    });
    expect(a!.NetworkInterfaces?.map((n) => n.NetworkInterfaceId)).toEqual([
      w.aEni.NetworkInterfaceId,
      w.second,
    ]);
    expect(a!.NetworkInterfaces![0]!.Association).toMatchObject({
      IpOwnerId: ACCOUNT,
      PublicIp: w.publicIp,
    });
    const [b] = await describeInstances(undefined, [w.b]);
    expect(b).toMatchObject({
      State: { Code: 80, Name: 'stopped' },
      StateReason: { Code: 'Client.UserInitiatedShutdown' },
      PrivateIpAddress: '10.0.2.4',
      SubnetId: w.subnetB,
    });
    const [c] = await describeInstances(undefined, [w.c]);
    expect(c!.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(c!.SubnetId).toBeUndefined();
    expect(c!.VpcId).toBeUndefined();
    expect(c!.PrivateIpAddress).toBeUndefined();
    expect(c!.NetworkInterfaces).toEqual([]);
  });

  it('supports the documented filters', async () => {
    const w = await filterWorld();
    const azIdA = twin.store.snapshot.get('subnet', w.subnetA)!.availabilityZoneId;
    const dns = `ec2-${w.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com`;
    const all = [w.a, w.b, w.c];
    const live = [w.a, w.b];
    const cases: [string, string[], string[]][] = [
      ['availability-zone', ['us-east-1b'], [w.b]],
      ['availability-zone-id', [azIdA], [w.a, w.c]],
      ['dns-name', [dns], [w.a]],
      ['ebs-optimized', ['false'], all],
      ['ena-support', ['true'], all],
      ['enclave-options.enabled', ['false'], all],
      ['hibernation-options.configured', ['false'], all],
      ['hypervisor', ['xen'], all],
      ['image-id', [AMI], all],
      ['instance-id', [w.b], [w.b]],
      ['instance-state-code', ['80'], [w.b]],
      ['instance-state-name', ['running', 'terminated'], [w.a, w.c]],
      ['instance-type', ['t3.large'], [w.a]],
      ['instance.group-id', [w.webId], [w.a]],
      ['instance.group-name', ['default'], live],
      ['ip-address', [w.publicIp], [w.a]],
      ['ipv6-address', [w.aV6], [w.a]],
      ['launch-index', ['0'], all],
      ['launch-time', [w.aLaunch], all],
      ['monitoring-state', ['disabled'], all],
      ['operator.managed', ['false'], all],
      ['owner-id', [ACCOUNT], all],
      ['private-dns-name', ['ip-10-0-2-4.ec2.internal'], [w.b]],
      ['private-dns-name-options.enable-resource-name-dns-a-record', ['false'], all],
      ['private-dns-name-options.enable-resource-name-dns-aaaa-record', ['false'], all],
      ['private-dns-name-options.hostname-type', ['ip-name'], all],
      ['private-ip-address', ['10.0.1.4'], [w.a]],
      ['reason', ['User initiated'], [w.b, w.c]],
      ['reservation-id', [w.aReservation], [w.a]],
      ['root-device-name', ['/dev/xvda'], all],
      ['root-device-type', ['ebs'], all],
      ['source-dest-check', ['true'], live],
      ['state-reason-code', ['Client.UserInitiatedShutdown'], [w.b, w.c]],
      ['state-reason-message', ['*shutdown'], [w.b, w.c]],
      ['subnet-id', [w.subnetA], [w.a]],
      ['tenancy', ['default'], all],
      ['virtualization-type', ['hvm'], all],
      ['vpc-id', [w.vpcId], live],
      ['tag:Name', ['alpha'], [w.a]],
      ['tag-key', ['Name'], [w.a]],
      ['network-interface.addresses.association.allocation-id', [w.allocationId], [w.a]],
      ['network-interface.addresses.association.association-id', [w.associationId], [w.a]],
      ['network-interface.addresses.association.ip-owner-id', [ACCOUNT], [w.a]],
      ['network-interface.addresses.association.public-dns-name', [dns], [w.a]],
      ['network-interface.addresses.association.public-ip', [w.publicIp], [w.a]],
      ['network-interface.addresses.primary', ['true'], live],
      ['network-interface.addresses.private-dns-name', ['ip-10-0-1-40.ec2.internal'], [w.a]],
      ['network-interface.addresses.private-ip-address', ['10.0.1.40'], [w.a]],
      ['network-interface.association.allocation-id', [w.allocationId], [w.a]],
      ['network-interface.association.association-id', [w.associationId], [w.a]],
      ['network-interface.association.ip-owner-id', [ACCOUNT], [w.a]],
      ['network-interface.association.public-dns-name', [dns], [w.a]],
      ['network-interface.association.public-ip', [w.publicIp], [w.a]],
      ['network-interface.attachment.attachment-id', [w.secondAttachment], [w.a]],
      ['network-interface.attachment.delete-on-termination', ['false'], [w.a]],
      ['network-interface.attachment.device-index', ['1'], [w.a]],
      ['network-interface.attachment.instance-id', [w.b], [w.b]],
      ['network-interface.attachment.instance-owner-id', [ACCOUNT], live],
      ['network-interface.attachment.network-card-index', ['0'], live],
      ['network-interface.attachment.status', ['attached'], live],
      ['network-interface.availability-zone', ['us-east-1a'], [w.a]],
      ['network-interface.description', ['second'], [w.a]],
      ['network-interface.group-id', [w.webId], [w.a]],
      ['network-interface.group-name', ['web'], [w.a]],
      ['network-interface.ipv6-addresses.ipv6-address', [w.aV6], [w.a]],
      ['network-interface.ipv6-addresses.is-primary-ipv6', ['false'], [w.a]],
      ['network-interface.ipv6-native', ['false'], live],
      ['network-interface.mac-address', [w.aEni.MacAddress!], [w.a]],
      ['network-interface.network-interface-id', [w.second], [w.a]],
      ['network-interface.operator.managed', ['false'], live],
      ['network-interface.owner-id', [ACCOUNT], live],
      ['network-interface.private-dns-name', ['ip-10-0-2-4.ec2.internal'], [w.b]],
      ['network-interface.private-ip-address', ['10.0.2.4'], [w.b]],
      ['network-interface.public-dns-name', [dns], [w.a]],
      ['network-interface.requester-managed', ['false'], live],
      ['network-interface.status', ['in-use'], live],
      ['network-interface.source-dest-check', ['true'], live],
      ['network-interface.subnet-id', [w.subnetB], [w.b]],
      ['network-interface.tag-key', ['*'], []],
      ['network-interface.tag-value', ['*'], []],
      ['network-interface.vpc-id', [w.vpcId], live],
    ];
    for (const [name, values, expected] of cases) {
      expect(await instanceIds([{ Name: name, Values: values }]), name).toEqual(
        [...expected].sort(),
      );
    }
    // The rest describe what the twin does not model: accepted, and nothing matches them.
    const named = new Set(cases.map(([name]) => name));
    const rest = Object.keys(INSTANCE_FILTERS).filter((n) => !named.has(n));
    // AWS documents 53 `network-interface.*` filters for DescribeInstances.
    expect(
      Object.keys(INSTANCE_FILTERS).filter((n) => n.startsWith('network-interface.')),
    ).toHaveLength(53);
    expect(rest.length).toBeGreaterThan(0);
    for (const name of rest) {
      expect(await instanceIds([{ Name: name, Values: ['*'] }]), name).toEqual([]);
    }
    expect(await refused(() => describeInstances([{ Name: 'colour', Values: ['x'] }]))).toBe(
      'InvalidParameterValue',
    );
  });

  it('pages instances with MaxResults and NextToken', async () => {
    const w = await world();
    await launch({ SubnetId: w.subnetA, MinCount: 4, MaxCount: 4 });
    await launch({ SubnetId: w.subnetB, MinCount: 3, MaxCount: 3 });
    const first = await twin.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const count = (r: typeof first) =>
      (r.Reservations ?? []).reduce((n, x) => n + (x.Instances?.length ?? 0), 0);
    expect(count(first)).toBe(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(count(second)).toBe(2);
    expect(second.NextToken).toBeUndefined();
    const ids = [first, second].flatMap((r) =>
      (r.Reservations ?? []).flatMap((x) => x.Instances!.map((i) => i.InstanceId)),
    );
    expect(new Set(ids).size).toBe(7);
    expect(
      await refused(() => twin.ec2.send(new DescribeInstancesCommand({ MaxResults: 1001 }))),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        twin.ec2.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [ids[0]!] })),
      ),
    ).toBe('InvalidParameterCombination');
    expect(await refused(() => describeInstances(undefined, [MISSING_INSTANCE]))).toBe(
      'InvalidInstanceID.NotFound',
    );
  });
});

describe('StopInstances, StartInstances and TerminateInstances', () => {
  it('answers state changes with AWS codes and moves the public IP', async () => {
    const w = await world();
    const [i] = (await launch({ SubnetId: w.subnetA, NetworkInterfaces: undefined })).Instances!;
    const id = i!.InstanceId!;
    const withIp = (
      await launch({
        NetworkInterfaces: [
          { DeviceIndex: 0, SubnetId: w.subnetA, AssociatePublicIpAddress: true },
        ],
      })
    ).Instances![0]!.InstanceId!;
    const stop = await twin.ec2.send(new StopInstancesCommand({ InstanceIds: [id, withIp] }));
    expect(stop.StoppingInstances).toEqual([
      {
        InstanceId: id,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 64, Name: 'stopping' },
      },
      {
        InstanceId: withIp,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 64, Name: 'stopping' },
      },
    ]);
    expect(await stateOf(id)).toEqual({ Code: 80, Name: 'stopped' });
    expect((await describeInstances(undefined, [withIp]))[0]!.PublicIpAddress).toBeUndefined();
    const again = await twin.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(again.StoppingInstances![0]!.CurrentState).toEqual({ Code: 80, Name: 'stopped' });

    const start = await twin.ec2.send(new StartInstancesCommand({ InstanceIds: [id, withIp] }));
    expect(start.StartingInstances![0]).toEqual({
      InstanceId: id,
      PreviousState: { Code: 80, Name: 'stopped' },
      CurrentState: { Code: 0, Name: 'pending' },
    });
    expect(await stateOf(id)).toEqual({ Code: 16, Name: 'running' });
    expect((await describeInstances(undefined, [withIp]))[0]!.PublicIpAddress).toMatch(/\./);

    const term = await twin.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances).toEqual([
      {
        InstanceId: id,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 32, Name: 'shutting-down' },
      },
    ]);
    expect(await stateOf(id)).toEqual({ Code: 48, Name: 'terminated' });
    const twice = await twin.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(twice.TerminatingInstances![0]!.CurrentState).toEqual({ Code: 48, Name: 'terminated' });
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    const [i] = (await launch({ SubnetId: w.subnetA })).Instances!;
    const id = i!.InstanceId!;
    await twin.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(
      await refused(() => twin.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }))),
    ).toBe('IncorrectInstanceState');
    expect(
      await refused(() => twin.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }))),
    ).toBe('IncorrectInstanceState');
    expect(
      await refused(() =>
        twin.ec2.send(new TerminateInstancesCommand({ InstanceIds: [MISSING_INSTANCE] })),
      ),
    ).toBe('InvalidInstanceID.NotFound');
    expect(
      await refused(() => twin.ec2.send(new StopInstancesCommand({ InstanceIds: ['i-bad'] }))),
    ).toBe('InvalidInstanceID.Malformed');
    expect(await refusedRaw('TerminateInstances', {})).toBe('MissingParameter');
  });
});

describe('ModifyInstanceAttribute and DescribeInstanceAttribute', () => {
  it('changes sourceDestCheck, groups and instance type and describes attributes', async () => {
    const w = await world();
    const [i] = (await launch({ SubnetId: w.subnetA })).Instances!;
    const InstanceId = i!.InstanceId!;
    const modify = (input: Omit<ModifyInput, 'InstanceId'>) =>
      twin.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId, ...input }));
    const attribute = (Attribute: string) =>
      twin.ec2.send(
        new DescribeInstanceAttributeCommand({ InstanceId, Attribute: Attribute as 'kernel' }),
      );
    await modify({ SourceDestCheck: { Value: false } });
    await modify({ Groups: [w.webId] });
    expect((await attribute('sourceDestCheck')).SourceDestCheck).toEqual({ Value: false });
    expect((await attribute('groupSet')).Groups).toEqual([{ GroupId: w.webId, GroupName: 'web' }]);
    const [shown] = await describeInstances(undefined, [InstanceId]);
    expect(shown).toMatchObject({
      SourceDestCheck: false,
      SecurityGroups: [{ GroupId: w.webId, GroupName: 'web' }],
    });

    expect(await refused(() => modify({ InstanceType: { Value: 't3.large' } }))).toBe(
      'IncorrectInstanceState',
    );
    await twin.ec2.send(new StopInstancesCommand({ InstanceIds: [InstanceId] }));
    await modify({ InstanceType: { Value: 't3.large' } });
    expect((await attribute('instanceType')).InstanceType).toEqual({ Value: 't3.large' });
    await modify({ Attribute: 'instanceType', Value: 'm5.large' });
    expect((await attribute('instanceType')).InstanceType).toEqual({ Value: 'm5.large' });
    await modify({ DisableApiTermination: { Value: false } });

    expect((await attribute('disableApiTermination')).DisableApiTermination).toEqual({
      Value: false,
    });
    expect((await attribute('disableApiStop')).DisableApiStop).toEqual({ Value: false });
    expect((await attribute('ebsOptimized')).EbsOptimized).toEqual({ Value: false });
    expect((await attribute('enaSupport')).EnaSupport).toEqual({ Value: true });
    expect(
      (await attribute('instanceInitiatedShutdownBehavior')).InstanceInitiatedShutdownBehavior,
    ).toEqual({ Value: 'stop' });
    expect((await attribute('rootDeviceName')).RootDeviceName).toEqual({ Value: '/dev/xvda' });
    expect((await attribute('blockDeviceMapping')).BlockDeviceMappings).toEqual([]);
    expect((await attribute('productCodes')).ProductCodes).toEqual([]);
    expect((await attribute('enclaveOptions')).EnclaveOptions).toEqual({ Enabled: false });
    for (const name of ['kernel', 'ramdisk', 'userData', 'sriovNetSupport']) {
      const out = await attribute(name);
      expect(out.InstanceId, name).toBe(InstanceId);
    }
  });

  it('answers AWS errors and changes nothing', async () => {
    const w = await world();
    const [i] = (await launch({ SubnetId: w.subnetA })).Instances!;
    const InstanceId = i!.InstanceId!;
    const modify = (input: Omit<ModifyInput, 'InstanceId'>, id = InstanceId) =>
      twin.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, ...input }));
    expect(await refused(() => modify({}))).toBe('MissingParameter');
    expect(
      await refused(() =>
        modify({ SourceDestCheck: { Value: false }, InstanceType: { Value: 't3.large' } }),
      ),
    ).toBe('InvalidParameterCombination');
    expect(await refused(() => modify({ DisableApiTermination: { Value: true } }))).toBe(
      'UnsupportedOperation',
    );
    expect(await refused(() => modify({ UserData: { Value: new Uint8Array([1]) } }))).toBe(
      'UnsupportedOperation',
    );
    expect(await refused(() => modify({ Groups: ['sg-0123456789abcdef0'] }))).toBe(
      'InvalidGroup.NotFound',
    );
    expect(
      await refused(() => modify({ SourceDestCheck: { Value: false } }, MISSING_INSTANCE)),
    ).toBe('InvalidInstanceID.NotFound');
    expect(await refused(() => modify({ Attribute: 'colour' as 'kernel', Value: 'red' }))).toBe(
      'InvalidParameterValue',
    );
    const eni = (await twin.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: w.subnetA })))
      .NetworkInterface!.NetworkInterfaceId!;
    await twin.ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: eni,
        InstanceId,
        DeviceIndex: 1,
      }),
    );
    expect(await refused(() => modify({ SourceDestCheck: { Value: false } }))).toBe(
      'InvalidInstanceID',
    );
    const attribute = (Attribute: string, id = InstanceId) =>
      twin.ec2.send(
        new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: Attribute as 'kernel' }),
      );
    expect(await refused(() => attribute('colour'))).toBe('InvalidParameterValue');
    expect(await refused(() => attribute('kernel', MISSING_INSTANCE))).toBe(
      'InvalidInstanceID.NotFound',
    );
    expect(await refusedRaw('DescribeInstanceAttribute', { InstanceId })).toBe('MissingParameter');
  });
});

type ModifyInput = ConstructorParameters<typeof ModifyInstanceAttributeCommand>[0];

describe('DescribeInstanceStatus', () => {
  it('shows running instances, all with IncludeAllInstances, with filters and pages', async () => {
    const w = await world();
    const [a, b] = (await launch({ SubnetId: w.subnetA, MinCount: 2, MaxCount: 2 })).Instances!;
    const [c] = (await launch({ SubnetId: w.subnetB })).Instances!;
    await twin.ec2.send(new StopInstancesCommand({ InstanceIds: [c!.InstanceId!] }));
    const status = (input: DescribeInstanceStatusCommandInput) =>
      twin.ec2.send(new DescribeInstanceStatusCommand(input));
    const ids = (out: Awaited<ReturnType<typeof status>>) =>
      (out.InstanceStatuses ?? []).map((s) => s.InstanceId).sort();
    const running = [a!.InstanceId, b!.InstanceId].sort();

    const shown = await status({});
    expect(ids(shown)).toEqual(running);
    expect(shown.InstanceStatuses![0]).toMatchObject({
      AvailabilityZone: 'us-east-1a',
      InstanceState: { Code: 16, Name: 'running' },
      InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      SystemStatus: { Status: 'ok' },
      Events: [],
    });
    expect(ids(await status({ InstanceIds: [c!.InstanceId!] }))).toEqual([]);
    const everything = await status({ IncludeAllInstances: true });
    expect(ids(everything)).toEqual([...running, c!.InstanceId].sort());
    expect(
      everything.InstanceStatuses!.find((s) => s.InstanceId === c!.InstanceId)!.InstanceStatus,
    ).toEqual({ Status: 'not-applicable' });

    const azIdB = twin.store.snapshot.get('subnet', w.subnetB)!.availabilityZoneId;
    const cases: [string, string[], (string | undefined)[]][] = [
      ['availability-zone', ['us-east-1b'], [c!.InstanceId]],
      ['availability-zone-id', [azIdB], [c!.InstanceId]],
      ['instance-state-code', ['80'], [c!.InstanceId]],
      ['instance-state-name', ['running'], running],
      ['instance-status.reachability', ['passed'], running],
      ['instance-status.status', ['not-applicable'], [c!.InstanceId]],
      ['system-status.reachability', ['passed'], running],
      ['system-status.status', ['ok'], running],
      ['attached-ebs-status.status', ['ok'], running],
      ['operator.managed', ['false'], [...running, c!.InstanceId]],
    ];
    for (const [name, values, expected] of cases) {
      expect(
        ids(await status({ IncludeAllInstances: true, Filters: [{ Name: name, Values: values }] })),
        name,
      ).toEqual([...expected].sort());
    }
    const named = new Set(cases.map(([name]) => name));
    for (const name of Object.keys(INSTANCE_STATUS_FILTERS).filter((n) => !named.has(n))) {
      expect(
        ids(await status({ IncludeAllInstances: true, Filters: [{ Name: name, Values: ['*'] }] })),
        name,
      ).toEqual([]);
    }

    const first = await status({ IncludeAllInstances: true, MaxResults: 5 });
    expect(first.NextToken).toBeUndefined();
    expect(await refused(() => status({ InstanceIds: [MISSING_INSTANCE] }))).toBe(
      'InvalidInstanceID.NotFound',
    );
    expect(await refused(() => status({ MaxResults: 2 }))).toBe('InvalidParameterValue');
  });

  it('pages across more instances than MaxResults', async () => {
    const w = await world();
    await launch({ SubnetId: w.subnetA, MinCount: 6, MaxCount: 6 });
    const first = await twin.ec2.send(new DescribeInstanceStatusCommand({ MaxResults: 5 }));
    expect(first.InstanceStatuses).toHaveLength(5);
    const second = await twin.ec2.send(
      new DescribeInstanceStatusCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.InstanceStatuses).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });
});
