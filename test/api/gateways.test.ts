import {
  AllocateAddressCommand,
  AssignPrivateNatGatewayAddressCommand,
  AssociateNatGatewayAddressCommand,
  AttachInternetGatewayCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateVpcCommand,
  DeleteEgressOnlyInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DescribeAddressesCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DetachInternetGatewayCommand,
  DisassociateNatGatewayAddressCommand,
  UnassignPrivateNatGatewayAddressCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubnet } from '../../src/control/subnet.js';
import type { Operation } from '../../src/model/operation.js';
import { ACCOUNT, startTwin, type Twin } from '../support/api.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

const MISSING_IGW = 'igw-0123456789abcdef0';
const MISSING_EIGW = 'eigw-0123456789abcdef0';
const MISSING_NAT = 'nat-0123456789abcdef0';

/** Runs a control operation straight on the store (setup for kinds other families serve). */
const run = <I, O>(op: Operation<I, O>, input: I): O => twin.setup(op, input);

async function vpc(cidr = '10.0.0.0/16'): Promise<string> {
  const out = await twin.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return out.Vpc!.VpcId!;
}

/** The AWS error code a call fails with, checking that it changed nothing. */
const refused = (send: () => Promise<unknown>): Promise<string> => twin.refusal(send);

const nameTag = (resourceType: string, value: string) => [
  { ResourceType: resourceType as 'vpc', Tags: [{ Key: 'Name', Value: value }] },
];

const sorted = <T>(ids: readonly T[]): T[] => [...ids].sort();

describe('internet gateways', () => {
  async function igw(name?: string): Promise<string> {
    const out = await twin.ec2.send(
      new CreateInternetGatewayCommand(
        name === undefined ? {} : { TagSpecifications: nameTag('internet-gateway', name) },
      ),
    );
    return out.InternetGateway!.InternetGatewayId!;
  }

  it('creates, attaches, describes, detaches and deletes', async () => {
    const created = await twin.ec2.send(
      new CreateInternetGatewayCommand({ TagSpecifications: nameTag('internet-gateway', 'edge') }),
    );
    const g = created.InternetGateway!;
    expect(g.InternetGatewayId).toMatch(/^igw-[0-9a-f]{17}$/);
    expect(g.OwnerId).toBe(ACCOUNT);
    expect(g.Attachments).toEqual([]);
    expect(g.Tags).toEqual([{ Key: 'Name', Value: 'edge' }]);

    const v = await vpc();
    await twin.ec2.send(
      new AttachInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId, VpcId: v }),
    );
    const described = await twin.ec2.send(
      new DescribeInternetGatewaysCommand({ InternetGatewayIds: [g.InternetGatewayId!] }),
    );
    expect(described.InternetGateways).toEqual([
      {
        InternetGatewayId: g.InternetGatewayId,
        OwnerId: ACCOUNT,
        Attachments: [{ State: 'available', VpcId: v }],
        Tags: [{ Key: 'Name', Value: 'edge' }],
      },
    ]);

    await twin.ec2.send(
      new DetachInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId, VpcId: v }),
    );
    const detached = await twin.ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(detached.InternetGateways?.[0]?.Attachments).toEqual([]);
    await twin.ec2.send(
      new DeleteInternetGatewayCommand({ InternetGatewayId: g.InternetGatewayId }),
    );
    const after = await twin.ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(after.InternetGateways).toEqual([]);
  });

  it('applies every documented filter', async () => {
    const a = await igw('prod');
    const b = await igw('dev');
    const v = await vpc();
    await twin.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v }));
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'attachment.state', Values: ['available'] }], [a]],
      [[{ Name: 'attachment.vpc-id', Values: [v] }], [a]],
      [[{ Name: 'internet-gateway-id', Values: [b] }], [b]],
      [[{ Name: 'owner-id', Values: [ACCOUNT] }], sorted([a, b])],
      [[{ Name: 'owner-id', Values: ['999999999999'] }], []],
      [[{ Name: 'tag:Name', Values: ['de*'] }], [b]],
      [[{ Name: 'tag-key', Values: ['Name'] }], sorted([a, b])],
      [[{ Name: 'tag-value', Values: ['prod'] }], [a]],
    ];
    for (const [Filters, expected] of cases) {
      const out = await twin.ec2.send(new DescribeInternetGatewaysCommand({ Filters }));
      const ids = sorted((out.InternetGateways ?? []).map((g) => g.InternetGatewayId));
      expect(ids, JSON.stringify(Filters)).toEqual(expected);
    }
  });

  it('paginates in pages of MaxResults', async () => {
    const all = [];
    for (let i = 0; i < 6; i++) all.push(await igw());
    const first = await twin.ec2.send(new DescribeInternetGatewaysCommand({ MaxResults: 5 }));
    expect(first.InternetGateways).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeInternetGatewaysCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.InternetGateways).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.InternetGateways!, ...second.InternetGateways!].map(
      (g) => g.InternetGatewayId,
    );
    expect(sorted(seen)).toEqual(sorted(all));
  });

  it('refuses with AWS codes and changes nothing', async () => {
    const a = await igw();
    const b = await igw();
    const v = await vpc();
    await twin.ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v }));
    const send = twin.ec2.send.bind(twin.ec2);
    expect(
      await refused(() =>
        send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [MISSING_IGW] })),
      ),
    ).toBe('InvalidInternetGatewayID.NotFound');
    expect(
      await refused(() =>
        send(new DeleteInternetGatewayCommand({ InternetGatewayId: MISSING_IGW })),
      ),
    ).toBe('InvalidInternetGatewayID.NotFound');
    expect(
      await refused(() => send(new DeleteInternetGatewayCommand({ InternetGatewayId: a }))),
    ).toBe('DependencyViolation');
    expect(
      await refused(() =>
        send(new AttachInternetGatewayCommand({ InternetGatewayId: a, VpcId: v })),
      ),
    ).toBe('Resource.AlreadyAssociated');
    expect(
      await refused(() =>
        send(new AttachInternetGatewayCommand({ InternetGatewayId: b, VpcId: v })),
      ),
    ).toBe('Resource.AlreadyAssociated');
    expect(
      await refused(() =>
        send(
          new AttachInternetGatewayCommand({
            InternetGatewayId: b,
            VpcId: 'vpc-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidVpcID.NotFound');
    expect(
      await refused(() =>
        send(new DetachInternetGatewayCommand({ InternetGatewayId: b, VpcId: v })),
      ),
    ).toBe('Gateway.NotAttached');
    expect(await refused(() => send(new DescribeInternetGatewaysCommand({ MaxResults: 4 })))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() =>
        send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [a], MaxResults: 5 })),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await refused(() =>
        send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'vpc-id', Values: [v] }] })),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        send(new CreateInternetGatewayCommand({ TagSpecifications: nameTag('vpc', 'x') })),
      ),
    ).toBe('InvalidParameterValue');
    expect(await refused(() => send(new CreateInternetGatewayCommand({ DryRun: true })))).toBe(
      'DryRunOperation',
    );
  });

  it('answers raw requests on the wire names', async () => {
    const a = await igw();
    const res = await twin.query('DescribeInternetGateways', { 'InternetGatewayId.1': a });
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain(
      `<internetGatewaySet><item><attachmentSet/><internetGatewayId>${a}</internetGatewayId>`,
    );
    const missing = await twin.query('AttachInternetGateway', { InternetGatewayId: a });
    expect(missing.code).toBe('MissingParameter');
  });
});

describe('egress-only internet gateways', () => {
  async function eigw(vpcId: string, name?: string): Promise<string> {
    const out = await twin.ec2.send(
      new CreateEgressOnlyInternetGatewayCommand({
        VpcId: vpcId,
        ...(name === undefined
          ? {}
          : { TagSpecifications: nameTag('egress-only-internet-gateway', name) }),
      }),
    );
    return out.EgressOnlyInternetGateway!.EgressOnlyInternetGatewayId!;
  }

  it('creates attached, echoes the client token, describes and deletes', async () => {
    const v = await vpc();
    const created = await twin.ec2.send(
      new CreateEgressOnlyInternetGatewayCommand({
        VpcId: v,
        ClientToken: 'token-1',
        TagSpecifications: nameTag('egress-only-internet-gateway', 'v6-out'),
      }),
    );
    expect(created.ClientToken).toBe('token-1');
    const g = created.EgressOnlyInternetGateway!;
    expect(g.EgressOnlyInternetGatewayId).toMatch(/^eigw-[0-9a-f]{17}$/);
    expect(g.Attachments).toEqual([{ State: 'attached', VpcId: v }]);
    expect(g.Tags).toEqual([{ Key: 'Name', Value: 'v6-out' }]);

    const described = await twin.ec2.send(
      new DescribeEgressOnlyInternetGatewaysCommand({
        EgressOnlyInternetGatewayIds: [g.EgressOnlyInternetGatewayId!],
      }),
    );
    expect(described.EgressOnlyInternetGateways).toEqual([g]);
    const deleted = await twin.ec2.send(
      new DeleteEgressOnlyInternetGatewayCommand({
        EgressOnlyInternetGatewayId: g.EgressOnlyInternetGatewayId,
      }),
    );
    expect(deleted.ReturnCode).toBe(true);
    const after = await twin.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({}));
    expect(after.EgressOnlyInternetGateways).toEqual([]);
  });

  it('filters by tags and paginates (MaxResults 5..255)', async () => {
    const all: string[] = [];
    for (let i = 0; i < 6; i++) all.push(await eigw(await vpc(`10.${i}.0.0/16`), `g${i}`));
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'tag:Name', Values: ['g1'] }], [all[1]!]],
      [[{ Name: 'tag-key', Values: ['Name'] }], sorted(all)],
      [[{ Name: 'tag-value', Values: ['g2', 'g3'] }], sorted([all[2]!, all[3]!])],
    ];
    for (const [Filters, expected] of cases) {
      const out = await twin.ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ Filters }));
      const ids = sorted(
        (out.EgressOnlyInternetGateways ?? []).map((g) => g.EgressOnlyInternetGatewayId),
      );
      expect(ids, JSON.stringify(Filters)).toEqual(expected);
    }
    const first = await twin.ec2.send(
      new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 5 }),
    );
    expect(first.EgressOnlyInternetGateways).toHaveLength(5);
    const second = await twin.ec2.send(
      new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.EgressOnlyInternetGateways).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.EgressOnlyInternetGateways!, ...second.EgressOnlyInternetGateways!];
    expect(sorted(seen.map((g) => g.EgressOnlyInternetGatewayId))).toEqual(sorted(all));
  });

  it('refuses with AWS codes and changes nothing', async () => {
    const v = await vpc();
    await eigw(v);
    const send = twin.ec2.send.bind(twin.ec2);
    expect(
      await refused(() => send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: v }))),
    ).toBe('Resource.AlreadyAssociated');
    expect(
      await refused(() =>
        send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: 'vpc-0123456789abcdef0' })),
      ),
    ).toBe('InvalidVpcID.NotFound');
    expect(
      await refused(() =>
        send(
          new DescribeEgressOnlyInternetGatewaysCommand({
            EgressOnlyInternetGatewayIds: [MISSING_EIGW],
          }),
        ),
      ),
    ).toBe('InvalidGatewayID.NotFound');
    expect(
      await refused(() =>
        send(
          new DeleteEgressOnlyInternetGatewayCommand({ EgressOnlyInternetGatewayId: MISSING_EIGW }),
        ),
      ),
    ).toBe('InvalidGatewayID.NotFound');
    expect(
      await refused(() => send(new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 256 }))),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        send(
          new DescribeEgressOnlyInternetGatewaysCommand({
            Filters: [{ Name: 'vpc-id', Values: [v] }],
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('NAT gateways', () => {
  async function world() {
    const v = await vpc();
    const subnet = run(createSubnet, { vpcId: v, cidrBlock: '10.0.1.0/24' });
    const other = run(createSubnet, { vpcId: v, cidrBlock: '10.0.2.0/24' });
    return { v, subnet: subnet.id, other: other.id };
  }

  async function eip(): Promise<{ allocationId: string; publicIp: string }> {
    const out = await twin.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    return { allocationId: out.AllocationId!, publicIp: out.PublicIp! };
  }

  it('creates a public gateway with its EIP, describes and deletes it', async () => {
    const { v, subnet } = await world();
    const { allocationId, publicIp } = await eip();
    const created = await twin.ec2.send(
      new CreateNatGatewayCommand({
        SubnetId: subnet,
        AllocationId: allocationId,
        ClientToken: 'nat-token',
        PrivateIpAddress: '10.0.1.10',
        TagSpecifications: nameTag('natgateway', 'egress'),
      }),
    );
    expect(created.ClientToken).toBe('nat-token');
    const n = created.NatGateway!;
    expect(n.NatGatewayId).toMatch(/^nat-[0-9a-f]{17}$/);
    expect(n.State).toBe('pending');
    expect(n.ConnectivityType).toBe('public');
    expect(n.SubnetId).toBe(subnet);
    expect(n.VpcId).toBe(v);
    expect(n.CreateTime).toBeInstanceOf(Date);
    expect(n.Tags).toEqual([{ Key: 'Name', Value: 'egress' }]);
    const address = n.NatGatewayAddresses![0]!;
    expect(address).toMatchObject({
      AllocationId: allocationId,
      PublicIp: publicIp,
      PrivateIp: '10.0.1.10',
      IsPrimary: true,
      Status: 'succeeded',
    });
    expect(address.NetworkInterfaceId).toMatch(/^eni-/);
    expect(address.AssociationId).toMatch(/^eipassoc-/);

    const described = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [n.NatGatewayId!] }),
    );
    expect(described.NatGateways?.[0]?.State).toBe('available');
    expect(described.NatGateways?.[0]?.NatGatewayAddresses).toEqual(n.NatGatewayAddresses);
    expect(described.NatGateways?.[0]?.CreateTime).toEqual(n.CreateTime);

    const deleted = await twin.ec2.send(
      new DeleteNatGatewayCommand({ NatGatewayId: n.NatGatewayId }),
    );
    expect(deleted.NatGatewayId).toBe(n.NatGatewayId);
    const gone = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [n.NatGatewayId!] }),
    );
    const after = gone.NatGateways![0]!;
    expect(after.State).toBe('deleted');
    expect(after.DeleteTime).toBeInstanceOf(Date);
    expect(after.NatGatewayAddresses?.[0]?.AssociationId).toBeUndefined();
    const addresses = await twin.ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [allocationId] }),
    );
    expect(addresses.Addresses?.[0]?.AssociationId).toBeUndefined();
  });

  it('applies every documented filter, on the Filter parameter', async () => {
    const { v, subnet, other } = await world();
    const a = (
      await twin.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnet,
          ConnectivityType: 'private',
          TagSpecifications: nameTag('natgateway', 'a'),
        }),
      )
    ).NatGateway!.NatGatewayId!;
    const b = (
      await twin.ec2.send(
        new CreateNatGatewayCommand({ SubnetId: other, ConnectivityType: 'private' }),
      )
    ).NatGateway!.NatGatewayId!;
    await twin.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: b }));
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'nat-gateway-id', Values: [a] }], [a]],
      [[{ Name: 'state', Values: ['deleted'] }], [b]],
      [[{ Name: 'state', Values: ['available', 'deleted'] }], sorted([a, b])],
      [[{ Name: 'subnet-id', Values: [other] }], [b]],
      [[{ Name: 'vpc-id', Values: [v] }], sorted([a, b])],
      [[{ Name: 'vpc-id', Values: ['vpc-0123456789abcdef0'] }], []],
      [[{ Name: 'tag:Name', Values: ['a'] }], [a]],
      [[{ Name: 'tag-key', Values: ['Name'] }], [a]],
    ];
    for (const [Filter, expected] of cases) {
      const out = await twin.ec2.send(new DescribeNatGatewaysCommand({ Filter }));
      const ids = sorted((out.NatGateways ?? []).map((n) => n.NatGatewayId));
      expect(ids, JSON.stringify(Filter)).toEqual(expected);
    }
    const raw = await twin.query('DescribeNatGateways', {
      'NatGatewayId.1': a,
      'Filter.1.Name': 'subnet-id',
      'Filter.1.Value.1': subnet,
    });
    expect(raw.status, raw.body).toBe(200);
    expect(raw.body).toContain(`<natGatewayId>${a}</natGatewayId>`);
  });

  it('paginates in pages of MaxResults', async () => {
    const { subnet } = await world();
    const all: string[] = [];
    for (let i = 0; i < 6; i++) {
      const out = await twin.ec2.send(
        new CreateNatGatewayCommand({ SubnetId: subnet, ConnectivityType: 'private' }),
      );
      all.push(out.NatGateway!.NatGatewayId!);
    }
    const first = await twin.ec2.send(new DescribeNatGatewaysCommand({ MaxResults: 5 }));
    expect(first.NatGateways).toHaveLength(5);
    const second = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.NatGateways).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    const seen = [...first.NatGateways!, ...second.NatGateways!].map((n) => n.NatGatewayId);
    expect(sorted(seen)).toEqual(sorted(all));
  });

  it('associates and disassociates secondary EIPs with transitional statuses', async () => {
    const { subnet } = await world();
    const primary = await eip();
    const secondary = await eip();
    const n = (
      await twin.ec2.send(
        new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: primary.allocationId }),
      )
    ).NatGateway!;
    const assoc = await twin.ec2.send(
      new AssociateNatGatewayAddressCommand({
        NatGatewayId: n.NatGatewayId,
        AllocationIds: [secondary.allocationId],
        PrivateIpAddresses: ['10.0.1.50'],
      }),
    );
    expect(assoc.NatGatewayId).toBe(n.NatGatewayId);
    expect(assoc.NatGatewayAddresses).toHaveLength(1);
    const added = assoc.NatGatewayAddresses![0]!;
    expect(added).toMatchObject({
      AllocationId: secondary.allocationId,
      PublicIp: secondary.publicIp,
      PrivateIp: '10.0.1.50',
      IsPrimary: false,
      Status: 'associating',
    });
    const described = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [n.NatGatewayId!] }),
    );
    const addresses = described.NatGateways![0]!.NatGatewayAddresses!;
    expect(addresses.map((a) => a.Status)).toEqual(['succeeded', 'succeeded']);

    const dis = await twin.ec2.send(
      new DisassociateNatGatewayAddressCommand({
        NatGatewayId: n.NatGatewayId,
        AssociationIds: [added.AssociationId!],
      }),
    );
    expect(dis.NatGatewayAddresses).toMatchObject([
      { AllocationId: secondary.allocationId, Status: 'disassociating' },
    ]);
    const unassign = await twin.ec2.send(
      new UnassignPrivateNatGatewayAddressCommand({
        NatGatewayId: n.NatGatewayId,
        PrivateIpAddresses: ['10.0.1.50'],
      }),
    );
    expect(unassign.NatGatewayAddresses).toMatchObject([
      { PrivateIp: '10.0.1.50', Status: 'unassigning' },
    ]);
    const final = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [n.NatGatewayId!] }),
    );
    expect(final.NatGateways![0]!.NatGatewayAddresses).toHaveLength(1);
  });

  it('assigns and unassigns private addresses on a private gateway', async () => {
    const { subnet } = await world();
    const n = (
      await twin.ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnet,
          ConnectivityType: 'private',
          SecondaryPrivateIpAddressCount: 1,
        }),
      )
    ).NatGateway!;
    expect(n.NatGatewayAddresses).toHaveLength(2);
    expect(n.NatGatewayAddresses!.every((a) => a.PublicIp === undefined)).toBe(true);
    const assigned = await twin.ec2.send(
      new AssignPrivateNatGatewayAddressCommand({
        NatGatewayId: n.NatGatewayId,
        PrivateIpAddressCount: 2,
      }),
    );
    expect(assigned.NatGatewayAddresses).toHaveLength(2);
    expect(assigned.NatGatewayAddresses!.map((a) => a.Status)).toEqual(['assigning', 'assigning']);
    const ips = assigned.NatGatewayAddresses!.map((a) => a.PrivateIp!);
    const unassigned = await twin.ec2.send(
      new UnassignPrivateNatGatewayAddressCommand({
        NatGatewayId: n.NatGatewayId,
        PrivateIpAddresses: ips,
      }),
    );
    expect(unassigned.NatGatewayAddresses!.map((a) => a.PrivateIp)).toEqual(ips);
    const described = await twin.ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [n.NatGatewayId!] }),
    );
    expect(described.NatGateways![0]!.NatGatewayAddresses).toHaveLength(2);
  });

  it('refuses with AWS codes and changes nothing', async () => {
    const { subnet } = await world();
    const { allocationId } = await eip();
    const priv = (
      await twin.ec2.send(
        new CreateNatGatewayCommand({ SubnetId: subnet, ConnectivityType: 'private' }),
      )
    ).NatGateway!.NatGatewayId!;
    const send = twin.ec2.send.bind(twin.ec2);
    expect(await refused(() => send(new CreateNatGatewayCommand({ SubnetId: subnet })))).toBe(
      'MissingParameter',
    );
    expect(
      await refused(() =>
        send(
          new CreateNatGatewayCommand({
            SubnetId: 'subnet-0123456789abcdef0',
            AllocationId: allocationId,
          }),
        ),
      ),
    ).toBe('InvalidSubnetID.NotFound');
    expect(
      await refused(() =>
        send(
          new CreateNatGatewayCommand({
            SubnetId: subnet,
            AllocationId: 'eipalloc-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidAllocationID.NotFound');
    expect(
      await refused(() =>
        send(
          new CreateNatGatewayCommand({
            SubnetId: subnet,
            ConnectivityType: 'private',
            AllocationId: allocationId,
          }),
        ),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await refused(() =>
        send(
          new CreateNatGatewayCommand({
            SubnetId: subnet,
            AllocationId: allocationId,
            TagSpecifications: nameTag('nat-gateway', 'x'),
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() => send(new DescribeNatGatewaysCommand({ NatGatewayIds: [MISSING_NAT] }))),
    ).toBe('NatGatewayNotFound');
    expect(
      await refused(() => send(new DeleteNatGatewayCommand({ NatGatewayId: MISSING_NAT }))),
    ).toBe('NatGatewayNotFound');
    expect(await refused(() => send(new DescribeNatGatewaysCommand({ MaxResults: 1001 })))).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() =>
        send(
          new DescribeNatGatewaysCommand({
            Filter: [{ Name: 'connectivity-type', Values: ['private'] }],
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        send(
          new AssociateNatGatewayAddressCommand({
            NatGatewayId: priv,
            AllocationIds: [allocationId],
          }),
        ),
      ),
    ).toBe('UnsupportedOperation');
    expect(
      await refused(() =>
        send(
          new AssignPrivateNatGatewayAddressCommand({
            NatGatewayId: MISSING_NAT,
            PrivateIpAddressCount: 1,
          }),
        ),
      ),
    ).toBe('NatGatewayNotFound');
    expect(
      await refused(() =>
        send(
          new UnassignPrivateNatGatewayAddressCommand({
            NatGatewayId: priv,
            PrivateIpAddresses: ['10.0.1.200'],
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        send(
          new DisassociateNatGatewayAddressCommand({
            NatGatewayId: priv,
            AssociationIds: ['eipassoc-0123456789abcdef0'],
          }),
        ),
      ),
    ).toBe('UnsupportedOperation');
    expect(
      await refused(() =>
        send(
          new CreateNatGatewayCommand({
            SubnetId: subnet,
            AllocationId: allocationId,
            DryRun: true,
          }),
        ),
      ),
    ).toBe('DryRunOperation');
  });
});
