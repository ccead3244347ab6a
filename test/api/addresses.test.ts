import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateVpcCommand,
  DescribeAddressesAttributeCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstances } from '../../src/control/instance-launch.js';
import { createNetworkInterface } from '../../src/control/network-interface.js';
import { createSubnet } from '../../src/control/subnet.js';
import type { Operation } from '../../src/model/operation.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

const MISSING_ALLOC = 'eipalloc-0123456789abcdef0';

/** Runs a control operation straight on the store (setup for kinds other families serve). */
const run = <I, O>(op: Operation<I, O>, input: I): O => twin.setup(op, input);

/** The AWS error code a call fails with, checking that it changed nothing. */
const refused = (send: () => Promise<unknown>): Promise<string> => twin.refusal(send);

const sorted = <T>(ids: readonly T[]): T[] => [...ids].sort();

/** A VPC with an attached internet gateway, a subnet, an ENI at 10.0.1.10 and an instance. */
async function world() {
  const vpcId = (await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!
    .VpcId!;
  const igw = (await twin.ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!
    .InternetGatewayId!;
  await twin.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const subnet = run(createSubnet, { vpcId, cidrBlock: '10.0.1.0/24' });
  const eni = run(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.1.10' });
  const [instance] = run(runInstances, { subnetId: subnet.id, imageId: 'ami-12345678' });
  return { vpcId, subnetId: subnet.id, eniId: eni.id, instanceId: instance!.id };
}

async function allocate(name?: string): Promise<{ allocationId: string; publicIp: string }> {
  const out = await twin.ec2.send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      ...(name === undefined
        ? {}
        : {
            TagSpecifications: [
              { ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: name }] },
            ],
          }),
    }),
  );
  return { allocationId: out.AllocationId!, publicIp: out.PublicIp! };
}

describe('Elastic IP addresses', () => {
  it('allocates from the pool or a pinned address, with tags', async () => {
    const out = await twin.ec2.send(
      new AllocateAddressCommand({
        Domain: 'vpc',
        TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'web' }] }],
      }),
    );
    expect(out.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    expect(out.PublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(out.Domain).toBe('vpc');
    expect(out.PublicIpv4Pool).toBe('amazon');
    expect(out.NetworkBorderGroup).toBe(REGION);

    const pinned = await twin.ec2.send(new AllocateAddressCommand({ Address: '54.1.2.3' }));
    expect(pinned.PublicIp).toBe('54.1.2.3');

    const described = await twin.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [out.AllocationId!] }),
    );
    expect(described.Addresses).toEqual([
      {
        AllocationId: out.AllocationId,
        PublicIp: out.PublicIp,
        Domain: 'vpc',
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: REGION,
        Tags: [{ Key: 'Name', Value: 'web' }],
      },
    ]);
  });

  it('associates with an ENI or an instance, reassociates, disassociates and releases', async () => {
    const { eniId, instanceId } = await world();
    const a = await allocate();
    const assoc = await twin.ec2.send(
      new AssociateAddressCommand({ AllocationId: a.allocationId, NetworkInterfaceId: eniId }),
    );
    expect(assoc.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    const described = await twin.ec2.send(
      new DescribeAddressesCommand({ PublicIps: [a.publicIp] }),
    );
    expect(described.Addresses).toEqual([
      {
        AllocationId: a.allocationId,
        PublicIp: a.publicIp,
        AssociationId: assoc.AssociationId,
        Domain: 'vpc',
        NetworkInterfaceId: eniId,
        NetworkInterfaceOwnerId: ACCOUNT,
        PrivateIpAddress: '10.0.1.10',
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: REGION,
        Tags: [],
      },
    ]);

    const moved = await twin.ec2.send(
      new AssociateAddressCommand({
        AllocationId: a.allocationId,
        InstanceId: instanceId,
        AllowReassociation: true,
      }),
    );
    expect(moved.AssociationId).not.toBe(assoc.AssociationId);
    const onInstance = await twin.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [a.allocationId] }),
    );
    expect(onInstance.Addresses?.[0]?.InstanceId).toBe(instanceId);

    await twin.ec2.send(new DisassociateAddressCommand({ AssociationId: moved.AssociationId }));
    const free = await twin.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [a.allocationId] }),
    );
    expect(free.Addresses?.[0]?.AssociationId).toBeUndefined();
    expect(free.Addresses?.[0]?.InstanceId).toBeUndefined();

    await twin.ec2.send(
      new ReleaseAddressCommand({ AllocationId: a.allocationId, NetworkBorderGroup: REGION }),
    );
    const all = await twin.ec2.send(new DescribeAddressesCommand({}));
    expect(all.Addresses).toEqual([]);
  });

  it('applies every documented filter', async () => {
    const { eniId, instanceId } = await world();
    const a = await allocate('a');
    const b = await allocate('b');
    const c = await allocate();
    const assoc = await twin.ec2.send(
      new AssociateAddressCommand({ AllocationId: a.allocationId, NetworkInterfaceId: eniId }),
    );
    await twin.ec2.send(
      new AssociateAddressCommand({ AllocationId: b.allocationId, InstanceId: instanceId }),
    );
    const [ia, ib, ic] = [a.allocationId, b.allocationId, c.allocationId];
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'allocation-id', Values: [ib] }], [ib]],
      [[{ Name: 'association-id', Values: [assoc.AssociationId!] }], [ia]],
      [[{ Name: 'domain', Values: ['vpc'] }], sorted([ia, ib, ic])],
      [[{ Name: 'instance-id', Values: [instanceId] }], [ib]],
      [[{ Name: 'network-border-group', Values: [REGION] }], sorted([ia, ib, ic])],
      [[{ Name: 'network-border-group', Values: ['us-west-2'] }], []],
      [[{ Name: 'network-interface-id', Values: [eniId] }], [ia]],
      [[{ Name: 'network-interface-owner-id', Values: [ACCOUNT] }], sorted([ia, ib])],
      [[{ Name: 'private-ip-address', Values: ['10.0.1.10'] }], [ia]],
      [[{ Name: 'public-ip', Values: [c.publicIp] }], [ic]],
      [[{ Name: 'tag:Name', Values: ['b'] }], [ib]],
      [[{ Name: 'tag-key', Values: ['Name'] }], sorted([ia, ib])],
      [[{ Name: 'tag-value', Values: ['a'] }], [ia]],
    ];
    for (const [Filters, expected] of cases) {
      const out = await twin.ec2.send(new DescribeAddressesCommand({ Filters }));
      const ids = sorted((out.Addresses ?? []).map((x) => x.AllocationId));
      expect(ids, JSON.stringify(Filters)).toEqual(expected);
    }
    // Public IPs, allocation ids and filters narrow each other.
    const both = await twin.ec2.send(
      new DescribeAddressesCommand({ PublicIps: [a.publicIp], AllocationIds: [ia, ib] }),
    );
    expect(both.Addresses?.map((x) => x.AllocationId)).toEqual([ia]);
  });

  it('describes the domain-name attribute, paginated', async () => {
    const all: string[] = [];
    for (let i = 0; i < 3; i++) all.push((await allocate()).allocationId);
    const first = await twin.ec2.send(
      new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', MaxResults: 2 }),
    );
    expect(first.Addresses).toHaveLength(2);
    expect(first.Addresses?.[0]?.PtrRecord).toBeUndefined();
    const second = await twin.ec2.send(
      new DescribeAddressesAttributeCommand({
        Attribute: 'domain-name',
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.Addresses!, ...second.Addresses!].map((x) => x.AllocationId);
    expect(sorted(seen)).toEqual(sorted(all));
    const one = await twin.ec2.send(
      new DescribeAddressesAttributeCommand({ Attribute: 'domain-name', AllocationIds: [all[1]!] }),
    );
    expect(one.Addresses?.map((x) => x.AllocationId)).toEqual([all[1]]);
  });

  it('refuses allocation and lookup errors with AWS codes, changing nothing', async () => {
    await twin.ec2.send(new AllocateAddressCommand({ Address: '54.1.2.3' }));
    const send = twin.ec2.send.bind(twin.ec2);
    const cases: [() => Promise<unknown>, string][] = [
      [() => send(new AllocateAddressCommand({ Address: '54.1.2.3' })), 'InvalidIPAddress.InUse'],
      [() => send(new AllocateAddressCommand({ Address: '10.0.0.1' })), 'InvalidParameterValue'],
      [() => send(new AllocateAddressCommand({ Domain: 'standard' })), 'InvalidParameterValue'],
      [
        () => send(new AllocateAddressCommand({ NetworkBorderGroup: 'us-west-2' })),
        'InvalidParameterValue',
      ],
      [
        () => send(new AllocateAddressCommand({ PublicIpv4Pool: 'ipv4pool-ec2-0123' })),
        'UnsupportedOperation',
      ],
      [
        () =>
          send(
            new AllocateAddressCommand({
              TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'k', Value: 'v' }] }],
            }),
          ),
        'InvalidParameterValue',
      ],
      [() => send(new AllocateAddressCommand({ DryRun: true })), 'DryRunOperation'],
      [
        () => send(new DescribeAddressesCommand({ AllocationIds: [MISSING_ALLOC] })),
        'InvalidAllocationID.NotFound',
      ],
      [
        () => send(new DescribeAddressesCommand({ PublicIps: ['54.9.9.9'] })),
        'InvalidAddress.NotFound',
      ],
      [
        () => send(new DescribeAddressesCommand({ Filters: [{ Name: 'state', Values: ['x'] }] })),
        'InvalidParameterValue',
      ],
      [
        () => send(new DescribeAddressesAttributeCommand({ Attribute: 'ptr' as 'domain-name' })),
        'InvalidParameterValue',
      ],
      [
        () => send(new DescribeAddressesAttributeCommand({ AllocationIds: [MISSING_ALLOC] })),
        'InvalidAllocationID.NotFound',
      ],
    ];
    for (const [call, code] of cases) expect(await refused(call)).toBe(code);
  });

  it('refuses association and release errors with AWS codes, changing nothing', async () => {
    const { eniId, subnetId, instanceId } = await world();
    const a = await allocate();
    const b = await allocate();
    const c = await allocate();
    const { AssociationId } = await twin.ec2.send(
      new AssociateAddressCommand({ AllocationId: a.allocationId, NetworkInterfaceId: eniId }),
    );
    const noIgwVpc = (await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!
      .VpcId!;
    const lonely = run(createSubnet, { vpcId: noIgwVpc, cidrBlock: '10.9.1.0/24' });
    const lonelyEni = run(createNetworkInterface, { subnetId: lonely.id });
    const nat = await twin.ec2.send(
      new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: b.allocationId }),
    );
    const natAssociation = nat.NatGateway!.NatGatewayAddresses![0]!.AssociationId!;
    const send = twin.ec2.send.bind(twin.ec2);
    const cases: [() => Promise<unknown>, string][] = [
      [
        () =>
          send(
            new AssociateAddressCommand({
              AllocationId: a.allocationId,
              InstanceId: 'i-0123456789abcdef0',
            }),
          ),
        'InvalidInstanceID.NotFound',
      ],
      [
        () =>
          send(
            new AssociateAddressCommand({ AllocationId: MISSING_ALLOC, NetworkInterfaceId: eniId }),
          ),
        'InvalidAllocationID.NotFound',
      ],
      [
        () =>
          send(
            new AssociateAddressCommand({ AllocationId: a.allocationId, InstanceId: instanceId }),
          ),
        'Resource.AlreadyAssociated',
      ],
      [
        () =>
          send(
            new AssociateAddressCommand({
              AllocationId: c.allocationId,
              NetworkInterfaceId: lonelyEni.id,
            }),
          ),
        'Gateway.NotAttached',
      ],
      [
        () =>
          send(new AssociateAddressCommand({ PublicIp: a.publicIp, NetworkInterfaceId: eniId })),
        'InvalidParameterCombination',
      ],
      [
        () => send(new DisassociateAddressCommand({ AssociationId: 'eipassoc-0123456789abcdef0' })),
        'InvalidAssociationID.NotFound',
      ],
      [
        () => send(new DisassociateAddressCommand({ PublicIp: a.publicIp })),
        'InvalidParameterValue',
      ],
      [
        () => send(new DisassociateAddressCommand({ PublicIp: a.publicIp, AssociationId })),
        'InvalidParameterCombination',
      ],
      [
        () => send(new DisassociateAddressCommand({ AssociationId: natAssociation })),
        'AuthFailure',
      ],
      [
        () => send(new ReleaseAddressCommand({ AllocationId: a.allocationId })),
        'InvalidIPAddress.InUse',
      ],
      [() => send(new ReleaseAddressCommand({ AllocationId: b.allocationId })), 'AuthFailure'],
      [
        () => send(new ReleaseAddressCommand({ AllocationId: MISSING_ALLOC })),
        'InvalidAllocationID.NotFound',
      ],
      [() => send(new ReleaseAddressCommand({ PublicIp: a.publicIp })), 'InvalidParameterValue'],
      [
        () =>
          send(new ReleaseAddressCommand({ PublicIp: a.publicIp, AllocationId: a.allocationId })),
        'InvalidParameterCombination',
      ],
      [
        () =>
          send(
            new ReleaseAddressCommand({
              AllocationId: a.allocationId,
              NetworkBorderGroup: 'us-west-2',
            }),
          ),
        'InvalidAddress.NotFound',
      ],
      [
        () => send(new ReleaseAddressCommand({ AllocationId: a.allocationId, DryRun: true })),
        'InvalidIPAddress.InUse',
      ],
    ];
    for (const [call, code] of cases) expect(await refused(call), String(call)).toBe(code);
  });

  it('answers raw requests on the wire names', async () => {
    const a = await allocate();
    const res = await twin.query('DescribeAddresses', { 'AllocationId.1': a.allocationId });
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain(`<addressesSet><item><publicIp>${a.publicIp}</publicIp>`);
    const missing = await twin.query('ReleaseAddress', {});
    expect(missing.code).toBe('MissingParameter');
  });
});
