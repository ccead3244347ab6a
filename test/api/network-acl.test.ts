import {
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateVpcCommand,
  DeleteNetworkAclCommand,
  DeleteNetworkAclEntryCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  ReplaceNetworkAclEntryCommand,
  type CreateNetworkAclEntryCommandInput,
  type NetworkAcl,
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

async function createVpc(cidr = '10.0.0.0/16', ipv6 = false): Promise<string> {
  const out = await twin.ec2.send(
    new CreateVpcCommand({ CidrBlock: cidr, AmazonProvidedIpv6CidrBlock: ipv6 }),
  );
  return out.Vpc!.VpcId!;
}

async function createAcl(vpcId: string, tags: Record<string, string> = {}): Promise<NetworkAcl> {
  const out = await twin.ec2.send(
    new CreateNetworkAclCommand({
      VpcId: vpcId,
      TagSpecifications: [
        {
          ResourceType: 'network-acl',
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    }),
  );
  return out.NetworkAcl!;
}

async function acl(id: string): Promise<NetworkAcl> {
  const out = await twin.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [id] }));
  return out.NetworkAcls![0]!;
}

async function defaultAcl(vpcId: string): Promise<NetworkAcl> {
  const out = await twin.ec2.send(
    new DescribeNetworkAclsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'default', Values: ['true'] },
      ],
    }),
  );
  expect(out.NetworkAcls).toHaveLength(1);
  return out.NetworkAcls![0]!;
}

const entry = (
  networkAclId: string,
  over: Partial<CreateNetworkAclEntryCommandInput> = {},
): CreateNetworkAclEntryCommandInput => ({
  NetworkAclId: networkAclId,
  RuleNumber: 100,
  Protocol: '6',
  RuleAction: 'allow',
  Egress: false,
  CidrBlock: '10.0.0.0/8',
  PortRange: { From: 443, To: 443 },
  ...over,
});

describe('CreateNetworkAcl / DescribeNetworkAcls / DeleteNetworkAcl', () => {
  it('creates a custom ACL with only the deny-all entries, and shows the default ACL', async () => {
    const vpcId = await createVpc('10.0.0.0/16', true);
    const created = await twin.ec2.send(
      new CreateNetworkAclCommand({
        VpcId: vpcId,
        ClientToken: 'token-1',
        TagSpecifications: [{ ResourceType: 'network-acl', Tags: [{ Key: 'Name', Value: 'n' }] }],
      }),
    );
    expect(created.ClientToken).toBe('token-1');
    const a = created.NetworkAcl!;
    expect(a).toMatchObject({
      VpcId: vpcId,
      IsDefault: false,
      OwnerId: ACCOUNT,
      Tags: [{ Key: 'Name', Value: 'n' }],
    });
    expect(a.NetworkAclId).toMatch(/^acl-[0-9a-f]{17}$/);
    expect(a.Associations ?? []).toEqual([]);
    const deny = (RuleNumber: number, Egress: boolean) =>
      RuleNumber === 32767
        ? { RuleNumber, Protocol: '-1', RuleAction: 'deny', Egress, CidrBlock: '0.0.0.0/0' }
        : { RuleNumber, Protocol: '-1', RuleAction: 'deny', Egress, Ipv6CidrBlock: '::/0' };
    // Egress entries are listed first, as AWS lists them.
    expect(a.Entries).toEqual([
      deny(32767, true),
      deny(32768, true),
      deny(32767, false),
      deny(32768, false),
    ]);
    expect(await acl(a.NetworkAclId!)).toEqual(a);
    const dflt = await defaultAcl(vpcId);
    expect(dflt.IsDefault).toBe(true);
    expect(dflt.Entries!.map((e) => [e.Egress, e.RuleNumber, e.RuleAction])).toEqual([
      [true, 100, 'allow'],
      [true, 101, 'allow'],
      [true, 32767, 'deny'],
      [true, 32768, 'deny'],
      [false, 100, 'allow'],
      [false, 101, 'allow'],
      [false, 32767, 'deny'],
      [false, 32768, 'deny'],
    ]);
  });

  it('refuses unknown VPCs and foreign tag types', async () => {
    const vpcId = await createVpc();
    await refused(
      () => twin.ec2.send(new CreateNetworkAclCommand({ VpcId: 'vpc-0123456789abcdef0' })),
      'InvalidVpcID.NotFound',
    );
    await refused(
      () =>
        twin.ec2.send(
          new CreateNetworkAclCommand({
            VpcId: vpcId,
            TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
          }),
        ),
      'InvalidParameterValue',
    );
    await refusedRaw('CreateNetworkAcl', {}, 'MissingParameter');
  });

  it('deletes a custom ACL; refuses the default one, an associated one and unknown ids', async () => {
    const vpcId = await createVpc();
    const a = await createAcl(vpcId);
    const dflt = await defaultAcl(vpcId);
    await refused(
      () => twin.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: dflt.NetworkAclId })),
      'InvalidParameterValue',
    );
    await refused(
      () => twin.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: 'acl-0123456789abcdef0' })),
      'InvalidNetworkAclID.NotFound',
    );
    const subnet = run(createSubnet, { vpcId, cidrBlock: '10.0.1.0/24' });
    const assoc = (await defaultAcl(vpcId)).Associations!.find((x) => x.SubnetId === subnet.id)!;
    await twin.ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: assoc.NetworkAclAssociationId,
        NetworkAclId: a.NetworkAclId,
      }),
    );
    await refused(
      () => twin.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: a.NetworkAclId })),
      'DependencyViolation',
    );
    const b = await createAcl(vpcId);
    await twin.ec2.send(new DeleteNetworkAclCommand({ NetworkAclId: b.NetworkAclId }));
    expect(
      await errorCode(
        twin.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [b.NetworkAclId!] })),
      ),
    ).toBe('InvalidNetworkAclID.NotFound');
  });

  it('pages with MaxResults and refuses MaxResults with ids or out of bounds', async () => {
    const vpcId = await createVpc();
    const made = [];
    for (let i = 0; i < 6; i++) made.push((await createAcl(vpcId)).NetworkAclId!);
    // Six custom ACLs plus the default one.
    const p1 = await twin.ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 5 }));
    const p2 = await twin.ec2.send(
      new DescribeNetworkAclsCommand({ MaxResults: 5, NextToken: p1.NextToken }),
    );
    expect(p1.NetworkAcls).toHaveLength(5);
    expect(p2.NetworkAcls).toHaveLength(2);
    expect(p2.NextToken).toBeUndefined();
    const ids = [...p1.NetworkAcls!, ...p2.NetworkAcls!].map((a) => a.NetworkAclId);
    expect(new Set(ids).size).toBe(7);
    for (const id of made) expect(ids).toContain(id);
    expect(
      await errorCode(
        twin.ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: made, MaxResults: 5 })),
      ),
    ).toBe('InvalidParameterCombination');
    expect(
      await errorCode(twin.ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 1001 }))),
    ).toBe('InvalidParameterValue');
    expect(
      await errorCode(
        twin.ec2.send(
          new DescribeNetworkAclsCommand({ Filters: [{ Name: 'entry.bogus', Values: ['1'] }] }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('supports every documented filter', async () => {
    const vpcId = await createVpc('10.0.0.0/16', true);
    const other = await createVpc('10.1.0.0/16');
    const web = (await createAcl(vpcId, { tier: 'web' })).NetworkAclId!;
    const plain = (await createAcl(other)).NetworkAclId!;
    const dflt = (await defaultAcl(vpcId)).NetworkAclId!;
    const otherDefault = (await defaultAcl(other)).NetworkAclId!;
    await twin.ec2.send(new CreateNetworkAclEntryCommand(entry(web)));
    await twin.ec2.send(
      new CreateNetworkAclEntryCommand(
        entry(web, {
          RuleNumber: 110,
          Protocol: '1',
          Egress: true,
          RuleAction: 'deny',
          CidrBlock: undefined,
          Ipv6CidrBlock: '2001:db8::/32',
          PortRange: undefined,
          IcmpTypeCode: { Type: 8, Code: 3 },
        }),
      ),
    );
    // 58 with an IPv6 block needs an ICMP type and code.
    await twin.ec2.send(
      new CreateNetworkAclEntryCommand(
        entry(web, {
          RuleNumber: 120,
          Protocol: '58',
          CidrBlock: undefined,
          Ipv6CidrBlock: '2001:db8::/32',
          PortRange: undefined,
          IcmpTypeCode: { Type: -1, Code: -1 },
        }),
      ),
    );
    const subnet = run(createSubnet, { vpcId, cidrBlock: '10.0.1.0/24' });
    const assoc = (await acl(dflt)).Associations!.find((x) => x.SubnetId === subnet.id)!;
    const moved = await twin.ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: assoc.NetworkAclAssociationId,
        NetworkAclId: web,
      }),
    );
    const newAssoc = moved.NewAssociationId!;
    const cases: [string, string, string[]][] = [
      ['association.association-id', newAssoc, [web]],
      ['association.network-acl-id', web, [web]],
      ['association.subnet-id', subnet.id, [web]],
      ['default', 'false', [web, plain]],
      ['default', 'true', [dflt, otherDefault]],
      ['entry.cidr', '10.0.0.0/8', [web]],
      ['entry.icmp.code', '3', [web]],
      ['entry.icmp.type', '8', [web]],
      ['entry.ipv6-cidr', '2001:db8::/32', [web]],
      ['entry.port-range.from', '443', [web]],
      ['entry.port-range.to', '443', [web]],
      ['entry.protocol', 'icmp', [web]],
      ['entry.protocol', '58', [web]],
      ['entry.rule-action', 'allow', [web, dflt, otherDefault]],
      ['entry.egress', 'true', [web, plain, dflt, otherDefault]],
      ['entry.rule-number', '110', [web]],
      ['network-acl-id', plain, [plain]],
      ['owner-id', ACCOUNT, [web, plain, dflt, otherDefault]],
      ['vpc-id', other, [plain, otherDefault]],
      ['tag:tier', 'web', [web]],
      ['tag-key', 'tier', [web]],
      ['tag-value', 'w*', [web]],
    ];
    for (const [name, value, expected] of cases) {
      const out = await twin.ec2.send(
        new DescribeNetworkAclsCommand({ Filters: [{ Name: name, Values: [value] }] }),
      );
      expect(out.NetworkAcls!.map((a) => a.NetworkAclId).sort(), `${name}=${value}`).toEqual(
        [...expected].sort(),
      );
    }
  });
});

describe('network ACL entries and associations', () => {
  it('creates, replaces and deletes entries, keeping them in evaluation order', async () => {
    const vpcId = await createVpc();
    const id = (await createAcl(vpcId)).NetworkAclId!;
    await twin.ec2.send(new CreateNetworkAclEntryCommand(entry(id, { RuleNumber: 200 })));
    await twin.ec2.send(
      new CreateNetworkAclEntryCommand(
        entry(id, { RuleNumber: 100, Protocol: 'udp', PortRange: { From: 53, To: 54 } }),
      ),
    );
    let ingress = (await acl(id)).Entries!.filter((e) => !e.Egress);
    expect(ingress).toEqual([
      {
        RuleNumber: 100,
        Protocol: '17',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '10.0.0.0/8',
        PortRange: { From: 53, To: 54 },
      },
      {
        RuleNumber: 200,
        Protocol: '6',
        RuleAction: 'allow',
        Egress: false,
        CidrBlock: '10.0.0.0/8',
        PortRange: { From: 443, To: 443 },
      },
      {
        RuleNumber: 32767,
        Protocol: '-1',
        RuleAction: 'deny',
        Egress: false,
        CidrBlock: '0.0.0.0/0',
      },
    ]);
    await twin.ec2.send(
      new ReplaceNetworkAclEntryCommand(
        entry(id, { RuleNumber: 200, Protocol: '-1', RuleAction: 'deny', PortRange: undefined }),
      ),
    );
    ingress = (await acl(id)).Entries!.filter((e) => !e.Egress);
    expect(ingress[1]).toEqual({
      RuleNumber: 200,
      Protocol: '-1',
      RuleAction: 'deny',
      Egress: false,
      CidrBlock: '10.0.0.0/8',
    });
    await twin.ec2.send(
      new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 100, Egress: false }),
    );
    expect((await acl(id)).Entries!.filter((e) => !e.Egress).map((e) => e.RuleNumber)).toEqual([
      200, 32767,
    ]);
  });

  it('refuses bad entries and unknown ACLs without changing anything', async () => {
    const vpcId = await createVpc();
    const id = (await createAcl(vpcId)).NetworkAclId!;
    await twin.ec2.send(new CreateNetworkAclEntryCommand(entry(id)));
    const create = (over: Partial<CreateNetworkAclEntryCommandInput>) => () =>
      twin.ec2.send(new CreateNetworkAclEntryCommand(entry(id, over)));
    await refused(create({}), 'NetworkAclEntryAlreadyExists');
    await refused(create({ RuleNumber: 32767 }), 'InvalidParameterValue');
    await refused(create({ RuleNumber: 5, PortRange: undefined }), 'MissingParameter');
    await refused(create({ RuleNumber: 5, Protocol: 'bogus' }), 'InvalidParameterValue');
    await refused(
      create({ NetworkAclId: 'acl-0123456789abcdef0' }),
      'InvalidNetworkAclID.NotFound',
    );
    await refused(
      () => twin.ec2.send(new ReplaceNetworkAclEntryCommand(entry(id, { RuleNumber: 999 }))),
      'InvalidNetworkAclEntry.NotFound',
    );
    await refused(
      () =>
        twin.ec2.send(
          new DeleteNetworkAclEntryCommand({ NetworkAclId: id, RuleNumber: 100, Egress: true }),
        ),
      'InvalidNetworkAclEntry.NotFound',
    );
    await refusedRaw(
      'CreateNetworkAclEntry',
      { NetworkAclId: id, RuleNumber: '7', Protocol: '-1', RuleAction: 'allow' },
      'MissingParameter',
    );
    const before = twin.state();
    const dry = await twin.query('CreateNetworkAclEntry', {
      NetworkAclId: id,
      RuleNumber: '7',
      Protocol: '-1',
      RuleAction: 'allow',
      Egress: 'false',
      CidrBlock: '10.0.0.0/8',
      DryRun: 'true',
    });
    expect(dry.code).toBe('DryRunOperation');
    expect(twin.state()).toBe(before);
  });

  it('moves a subnet between ACLs of its VPC under a new association id', async () => {
    const vpcId = await createVpc();
    const otherVpc = await createVpc('10.1.0.0/16');
    const custom = (await createAcl(vpcId)).NetworkAclId!;
    const foreign = (await createAcl(otherVpc)).NetworkAclId!;
    const subnet = run(createSubnet, { vpcId, cidrBlock: '10.0.1.0/24' });
    const dflt = await defaultAcl(vpcId);
    const first = dflt.Associations!.find((x) => x.SubnetId === subnet.id)!;
    expect(first.NetworkAclId).toBe(dflt.NetworkAclId);
    const out = await twin.ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: first.NetworkAclAssociationId,
        NetworkAclId: custom,
      }),
    );
    expect(out.NewAssociationId).toMatch(/^aclassoc-[0-9a-f]{17}$/);
    expect(out.NewAssociationId).not.toBe(first.NetworkAclAssociationId);
    expect((await acl(custom)).Associations).toEqual([
      { NetworkAclAssociationId: out.NewAssociationId, NetworkAclId: custom, SubnetId: subnet.id },
    ]);
    expect((await defaultAcl(vpcId)).Associations ?? []).toEqual([]);
    await refused(
      () =>
        twin.ec2.send(
          new ReplaceNetworkAclAssociationCommand({
            AssociationId: first.NetworkAclAssociationId,
            NetworkAclId: custom,
          }),
        ),
      'InvalidAssociationID.NotFound',
    );
    await refused(
      () =>
        twin.ec2.send(
          new ReplaceNetworkAclAssociationCommand({
            AssociationId: out.NewAssociationId,
            NetworkAclId: foreign,
          }),
        ),
      'InvalidParameterValue',
    );
  });
});
