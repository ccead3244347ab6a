import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeStaleSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  UpdateSecurityGroupRuleDescriptionsEgressCommand,
  UpdateSecurityGroupRuleDescriptionsIngressCommand,
  type Filter,
  type IpPermission,
  type ResourceType,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  deleteVpcPeeringConnection,
} from '../../src/control/vpc-peering.js';
import type { Operation } from '../../src/model/operation.js';
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

async function createVpc(cidr = '10.0.0.0/16'): Promise<string> {
  const out = await twin.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return out.Vpc!.VpcId!;
}

async function createGroup(vpcId: string, name: string, tags: Record<string, string> = {}) {
  const out = await twin.ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: name,
      Description: `${name} group`,
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        },
      ],
    }),
  );
  return out.GroupId!;
}

async function group(id: string): Promise<SecurityGroup> {
  const out = await twin.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
  return out.SecurityGroups![0]!;
}

async function ingress(groupId: string, permissions: IpPermission[]) {
  return twin.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: permissions }),
  );
}

async function ruleIds(groupId: string, egress: boolean): Promise<string[]> {
  const out = await twin.ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
  );
  return out
    .SecurityGroupRules!.filter((r) => r.IsEgress === egress)
    .map((r) => r.SecurityGroupRuleId!);
}

const managedPrefixList = (): string =>
  [...twin.store.snapshot.all('prefix-list')].find((p) => p.region === REGION)!.id;

describe('CreateSecurityGroup / DescribeSecurityGroups / DeleteSecurityGroup', () => {
  it('creates a group with its tags and the allow-all egress rule', async () => {
    const vpcId = await createVpc();
    const created = await twin.ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: vpcId,
        GroupName: 'web',
        Description: 'web servers',
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: 'w' }] },
        ],
      }),
    );
    expect(created.GroupId).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(created.Tags).toEqual([{ Key: 'Name', Value: 'w' }]);
    const g = await group(created.GroupId!);
    expect(g).toMatchObject({
      GroupId: created.GroupId,
      GroupName: 'web',
      Description: 'web servers',
      VpcId: vpcId,
      OwnerId: ACCOUNT,
      Tags: [{ Key: 'Name', Value: 'w' }],
    });
    expect(g.IpPermissions ?? []).toEqual([]);
    // All-traffic permissions carry no ports, as AWS lists them.
    expect(g.IpPermissionsEgress).toEqual([
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ]);
  });

  it('refuses duplicates, reserved names, unknown VPCs and foreign tag types', async () => {
    const vpcId = await createVpc();
    await createGroup(vpcId, 'web');
    const create =
      (GroupName: string, VpcId = vpcId, ResourceType: ResourceType = 'security-group') =>
      () =>
        twin.ec2.send(
          new CreateSecurityGroupCommand({
            VpcId,
            GroupName,
            Description: 'd',
            TagSpecifications: [{ ResourceType, Tags: [{ Key: 'k', Value: 'v' }] }],
          }),
        );
    await refused(create('WEB'), 'InvalidGroup.Duplicate');
    await refused(create('default'), 'InvalidGroup.Reserved');
    await refused(create('x', 'vpc-0123456789abcdef0'), 'InvalidVpcID.NotFound');
    await refused(create('x', vpcId, 'vpc'), 'InvalidParameterValue');
    await refusedRaw('CreateSecurityGroup', { VpcId: vpcId, GroupName: 'x' }, 'MissingParameter');
  });

  it('deletes by id; refuses the default group, referenced groups and unknown ids', async () => {
    const vpcId = await createVpc();
    const a = await createGroup(vpcId, 'a');
    const b = await createGroup(vpcId, 'b');
    await ingress(a, [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: b }] }]);
    await refused(
      () => twin.ec2.send(new DeleteSecurityGroupCommand({ GroupId: b })),
      'DependencyViolation',
    );
    const dflt = (
      await twin.ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'group-name', Values: ['default'] },
          ],
        }),
      )
    ).SecurityGroups![0]!.GroupId!;
    await refused(
      () => twin.ec2.send(new DeleteSecurityGroupCommand({ GroupId: dflt })),
      'CannotDelete',
    );
    await refused(
      () => twin.ec2.send(new DeleteSecurityGroupCommand({ GroupId: 'sg-0123456789abcdef0' })),
      'InvalidGroup.NotFound',
    );
    await twin.ec2.send(new DeleteSecurityGroupCommand({ GroupId: a }));
    await twin.ec2.send(new DeleteSecurityGroupCommand({ GroupId: b }));
    expect(twin.store.snapshot.get('security-group', a)).toBeUndefined();
    expect(twin.store.snapshot.get('security-group', b)).toBeUndefined();
  });

  it('answers NotFound and Malformed for ids, and pages with MaxResults even with ids', async () => {
    const vpcId = await createVpc();
    const ids = [];
    for (const n of ['g1', 'g2', 'g3', 'g4', 'g5', 'g6']) ids.push(await createGroup(vpcId, n));
    expect(
      await errorCode(
        twin.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] })),
      ),
    ).toBe('InvalidGroup.NotFound');
    expect(
      await errorCode(twin.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['nope'] }))),
    ).toBe('InvalidGroupId.Malformed');
    expect(
      await errorCode(twin.ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 }))),
    ).toBe('InvalidParameterValue');
    // Six groups plus the VPC's default group, five to a page.
    const first = await twin.ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 5 }));
    expect(first.SecurityGroups).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.SecurityGroups).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    const all = [...first.SecurityGroups!, ...second.SecurityGroups!].map((g) => g.GroupId);
    expect(new Set(all).size).toBe(7);
    for (const id of ids) expect(all).toContain(id);
    const withIds = await twin.ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: ids, MaxResults: 5 }),
    );
    expect(withIds.SecurityGroups).toHaveLength(5);
    expect(withIds.NextToken).toBeDefined();
  });

  it('supports every documented filter', async () => {
    const vpcId = await createVpc();
    const other = await createVpc('10.1.0.0/16');
    const peer = await createGroup(vpcId, 'peer');
    const web = await createGroup(vpcId, 'web', { tier: 'front' });
    const plain = await createGroup(other, 'plain');
    const pl = managedPrefixList();
    await ingress(web, [
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.9.0.0/16' }] },
      { IpProtocol: 'udp', FromPort: 53, ToPort: 53, Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }] },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 81, PrefixListIds: [{ PrefixListId: pl }] },
      { IpProtocol: 'icmp', FromPort: 8, ToPort: 0, UserIdGroupPairs: [{ GroupId: peer }] },
    ]);
    await twin.ec2.send(
      new AuthorizeSecurityGroupEgressCommand({
        GroupId: web,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5433,
            IpRanges: [{ CidrIp: '10.8.0.0/16' }],
          },
          {
            IpProtocol: 'udp',
            FromPort: 123,
            ToPort: 124,
            Ipv6Ranges: [{ CidrIpv6: '2001:db9::/32' }],
          },
          { IpProtocol: 'tcp', FromPort: 25, ToPort: 25, PrefixListIds: [{ PrefixListId: pl }] },
          { IpProtocol: '50', UserIdGroupPairs: [{ GroupId: peer }] },
        ],
      }),
    );
    const cases: [string, string, string[]][] = [
      ['description', 'web group', [web]],
      ['group-id', web, [web]],
      ['group-name', 'pla*', [plain]],
      ['owner-id', ACCOUNT, [web, peer, plain]],
      ['vpc-id', other, [plain]],
      ['tag:tier', 'front', [web]],
      ['tag-key', 'tier', [web]],
      ['ip-permission.cidr', '10.9.0.0/16', [web]],
      ['ip-permission.from-port', '443', [web]],
      ['ip-permission.to-port', '81', [web]],
      ['ip-permission.group-id', peer, [web]],
      ['ip-permission.group-name', 'peer', [web]],
      ['ip-permission.ipv6-cidr', '2001:db8::/32', [web]],
      ['ip-permission.prefix-list-id', pl, [web]],
      ['ip-permission.protocol', 'icmp', [web]],
      ['ip-permission.protocol', '17', [web]],
      ['ip-permission.user-id', ACCOUNT, [web]],
      ['egress.ip-permission.cidr', '10.8.0.0/16', [web]],
      ['egress.ip-permission.from-port', '5432', [web]],
      ['egress.ip-permission.to-port', '124', [web]],
      ['egress.ip-permission.group-id', peer, [web]],
      ['egress.ip-permission.group-name', 'peer', [web]],
      ['egress.ip-permission.ipv6-cidr', '2001:db9::/32', [web]],
      ['egress.ip-permission.prefix-list-id', pl, [web]],
      ['egress.ip-permission.protocol', '50', [web]],
      ['egress.ip-permission.user-id', ACCOUNT, [web]],
    ];
    for (const [name, value, expected] of cases) {
      const filters: Filter[] = [{ Name: name, Values: [value] }];
      // The VPCs' default groups also match some filters; look only at the groups made here.
      const out = await twin.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }));
      const found = out
        .SecurityGroups!.map((g) => g.GroupId)
        .filter((id) => [web, peer, plain].includes(id!));
      expect(found.sort(), `${name}=${value}`).toEqual([...expected].sort());
    }
    // The ingress ICMP rule's type is not a TCP port: from-port 8 matches it, 9 nothing.
    const none = await twin.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'ip-permission.from-port', Values: ['9'] }],
      }),
    );
    expect(none.SecurityGroups).toEqual([]);
    expect(
      await errorCode(
        twin.ec2.send(
          new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('AuthorizeSecurityGroupIngress / Egress', () => {
  it('adds one rule per peer and folds them into IpPermissions', async () => {
    const vpcId = await createVpc();
    const peer = await createGroup(vpcId, 'peer');
    const web = await createGroup(vpcId, 'web');
    const pl = managedPrefixList();
    const out = await ingress(web, [
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '10.1.2.3/8', Description: 'admins' }],
        Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }],
        PrefixListIds: [{ PrefixListId: pl, Description: 'list' }],
        UserIdGroupPairs: [{ GroupId: peer, Description: 'peers' }],
      },
    ]);
    expect(out.Return).toBe(true);
    expect(out.SecurityGroupRules).toHaveLength(4);
    const first = out.SecurityGroupRules![0]!;
    expect(first).toMatchObject({
      GroupId: web,
      GroupOwnerId: ACCOUNT,
      IsEgress: false,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      CidrIpv4: '10.0.0.0/8',
      Description: 'admins',
    });
    expect(first.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    expect(out.SecurityGroupRules![3]!.ReferencedGroupInfo).toEqual({
      GroupId: peer,
      UserId: ACCOUNT,
    });
    const g = await group(web);
    expect(g.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'admins' }],
        Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }],
        PrefixListIds: [{ PrefixListId: pl, Description: 'list' }],
        UserIdGroupPairs: [{ GroupId: peer, UserId: ACCOUNT, Description: 'peers' }],
      },
    ]);
  });

  it('refuses duplicates, unknown groups and bad ports without changing anything', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const ssh = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '1.2.3.0/24' }],
    };
    await ingress(web, [ssh]);
    await refused(() => ingress(web, [ssh]), 'InvalidPermission.Duplicate');
    await refused(() => ingress('sg-0123456789abcdef0', [ssh]), 'InvalidGroup.NotFound');
    await refused(
      () => ingress(web, [{ ...ssh, FromPort: 30, ToPort: 20 }]),
      'InvalidParameterValue',
    );
    await refused(
      () =>
        ingress(web, [
          {
            IpProtocol: 'tcp',
            FromPort: 1,
            ToPort: 1,
            UserIdGroupPairs: [{ GroupId: 'sg-0123456789abcdef0' }],
          },
        ]),
      'InvalidGroup.NotFound',
    );
    const egress = () =>
      twin.ec2.send(
        new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [ssh] }),
      );
    await egress();
    await refused(egress, 'InvalidPermission.Duplicate');
  });

  it('tags new rules from TagSpecifications and leaves the state alone under DryRun', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const out = await twin.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [
          { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
        TagSpecifications: [
          { ResourceType: 'security-group-rule', Tags: [{ Key: 'app', Value: 'dns' }] },
        ],
      }),
    );
    expect(out.SecurityGroupRules![0]!.Tags).toEqual([{ Key: 'app', Value: 'dns' }]);
    await refused(
      () =>
        twin.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: web,
            DryRun: true,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
            ],
          }),
        ),
      'DryRunOperation',
    );
    await refused(
      () =>
        twin.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: web,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 1, ToPort: 2, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
            ],
            TagSpecifications: [
              { ResourceType: 'security-group', Tags: [{ Key: 'a', Value: 'b' }] },
            ],
          }),
        ),
      'InvalidParameterValue',
    );
  });

  it('accepts the legacy flat form for ingress and refuses it for egress', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    await createGroup(vpcId, 'peer');
    const res = await twin.query('AuthorizeSecurityGroupIngress', {
      GroupId: web,
      IpProtocol: 'tcp',
      FromPort: '80',
      ToPort: '80',
      CidrIp: '192.0.2.0/24',
    });
    expect(res.status, res.body).toBe(200);
    expect(res.body).toContain('<cidrIpv4>192.0.2.0/24</cidrIpv4>');
    const bySource = await twin.query('AuthorizeSecurityGroupIngress', {
      GroupId: web,
      SourceSecurityGroupName: 'peer',
    });
    expect(bySource.status, bySource.body).toBe(200);
    const g = await group(web);
    expect(g.IpPermissions!.map((p) => [p.IpProtocol, p.FromPort, p.ToPort])).toEqual([
      ['tcp', 80, 80],
      ['icmp', -1, -1],
      ['tcp', 0, 65535],
      ['udp', 0, 65535],
    ]);
    await refusedRaw(
      'AuthorizeSecurityGroupIngress',
      { GroupId: web, SourceSecurityGroupName: 'peer', IpProtocol: 'tcp' },
      'InvalidParameterCombination',
    );
    await refusedRaw(
      'AuthorizeSecurityGroupIngress',
      {
        GroupId: web,
        CidrIp: '10.0.0.0/8',
        'IpPermissions.1.IpProtocol': 'tcp',
        'IpPermissions.1.FromPort': '1',
        'IpPermissions.1.ToPort': '1',
        'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
      },
      'InvalidParameterCombination',
    );
    await refusedRaw(
      'AuthorizeSecurityGroupIngress',
      { GroupId: web, SourceSecurityGroupName: 'nobody' },
      'InvalidGroup.NotFound',
    );
    await refusedRaw(
      'AuthorizeSecurityGroupEgress',
      { GroupId: web, IpProtocol: 'tcp', FromPort: '1', ToPort: '1', CidrIp: '10.0.0.0/8' },
      'UnknownParameter',
    );
    await refusedRaw('AuthorizeSecurityGroupIngress', { CidrIp: '10.0.0.0/8' }, 'MissingParameter');
  });

  it('names groups by GroupName in the default VPC', async () => {
    await twin.close();
    twin = await startTwin({ defaultVpcs: true });
    const vpcs = [...twin.store.snapshot.all('vpc')];
    // The first call initialises the Region and makes the default VPC.
    if (vpcs.length === 0) await twin.ec2.send(new DescribeSecurityGroupsCommand({}));
    const dvpc = [...twin.store.snapshot.all('vpc')].find((v) => v.isDefault)!;
    const id = await createGroup(dvpc.id, 'app');
    const res = await twin.query('AuthorizeSecurityGroupIngress', {
      GroupName: 'app',
      IpProtocol: 'tcp',
      FromPort: '443',
      ToPort: '443',
      CidrIp: '0.0.0.0/0',
    });
    expect(res.status, res.body).toBe(200);
    const byName = await twin.ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['app'] }));
    expect(byName.SecurityGroups!.map((g) => g.GroupId)).toEqual([id]);
    expect(byName.SecurityGroups![0]!.IpPermissions![0]!.FromPort).toBe(443);
    expect(
      await errorCode(twin.ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['zzz'] }))),
    ).toBe('InvalidGroup.NotFound');
    const revoked = await twin.query('RevokeSecurityGroupIngress', {
      GroupName: 'app',
      IpProtocol: 'tcp',
      FromPort: '443',
      ToPort: '443',
      CidrIp: '0.0.0.0/0',
    });
    expect(revoked.status, revoked.body).toBe(200);
    expect((await group(id)).IpPermissions ?? []).toEqual([]);
    await twin.ec2.send(new DeleteSecurityGroupCommand({ GroupName: 'app' }));
    expect(twin.store.snapshot.get('security-group', id)).toBeUndefined();
  });
});

describe('RevokeSecurityGroupIngress / Egress', () => {
  it('revokes by permission and by rule id, refusing rules that do not exist', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const ssh = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }],
    };
    const dns = {
      IpProtocol: 'udp',
      FromPort: 53,
      ToPort: 53,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }],
    };
    await ingress(web, [ssh, dns]);
    const revoke = (input: { IpPermissions?: IpPermission[]; SecurityGroupRuleIds?: string[] }) =>
      twin.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, ...input }));
    expect((await revoke({ IpPermissions: [ssh] })).Return).toBe(true);
    await refused(() => revoke({ IpPermissions: [ssh] }), 'InvalidPermission.NotFound');
    await refused(
      () => revoke({ SecurityGroupRuleIds: ['sgr-0123456789abcdef0'] }),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    const [dnsRule] = await ruleIds(web, false);
    await revoke({ SecurityGroupRuleIds: [dnsRule!] });
    expect(await ruleIds(web, false)).toEqual([]);
    const [egressRule] = await ruleIds(web, true);
    // An egress rule id is not an ingress rule.
    await refused(
      () => revoke({ SecurityGroupRuleIds: [egressRule!] }),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    await twin.ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: web, SecurityGroupRuleIds: [egressRule!] }),
    );
    expect(await ruleIds(web, true)).toEqual([]);
    await refused(
      () =>
        twin.ec2.send(
          new RevokeSecurityGroupEgressCommand({
            GroupId: web,
            IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          }),
        ),
      'InvalidPermission.NotFound',
    );
    await refusedRaw('RevokeSecurityGroupIngress', { GroupId: web }, 'MissingParameter');
  });
});

describe('DescribeSecurityGroupRules / ModifySecurityGroupRules / descriptions', () => {
  it('lists rules by id and filter, pages them and answers NotFound', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const ports = [1, 2, 3, 4, 5, 6];
    await ingress(
      web,
      ports.map((p) => ({
        IpProtocol: 'tcp',
        FromPort: p,
        ToPort: p,
        IpRanges: [{ CidrIp: '10.0.0.0/8' }],
      })),
    );
    await twin.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 9, ToPort: 9, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
        TagSpecifications: [
          { ResourceType: 'security-group-rule', Tags: [{ Key: 'k', Value: 'v' }] },
        ],
      }),
    );
    const byGroup = { Filters: [{ Name: 'group-id', Values: [web] }] };
    const all = await twin.ec2.send(new DescribeSecurityGroupRulesCommand(byGroup));
    // Seven ingress rules and the allow-all egress rule.
    expect(all.SecurityGroupRules).toHaveLength(8);
    const ids = all.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId!);
    const p1 = await twin.ec2.send(
      new DescribeSecurityGroupRulesCommand({ ...byGroup, MaxResults: 5 }),
    );
    const p2 = await twin.ec2.send(
      new DescribeSecurityGroupRulesCommand({ ...byGroup, MaxResults: 5, NextToken: p1.NextToken }),
    );
    expect(p1.SecurityGroupRules).toHaveLength(5);
    expect(p2.SecurityGroupRules).toHaveLength(3);
    expect(p2.NextToken).toBeUndefined();
    expect(
      [...p1.SecurityGroupRules!, ...p2.SecurityGroupRules!]
        .map((r) => r.SecurityGroupRuleId)
        .sort(),
    ).toEqual([...ids].sort());
    const one = await twin.ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [ids[2]!] }),
    );
    expect(one.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId)).toEqual([ids[2]]);
    const byRuleFilter = await twin.ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'security-group-rule-id', Values: [ids[3]!] }],
      }),
    );
    expect(byRuleFilter.SecurityGroupRules!.map((r) => r.SecurityGroupRuleId)).toEqual([ids[3]]);
    const byTag = await twin.ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'tag:k', Values: ['v'] }] }),
    );
    expect(byTag.SecurityGroupRules!.map((r) => r.FromPort)).toEqual([9]);
    expect(
      await errorCode(
        twin.ec2.send(
          new DescribeSecurityGroupRulesCommand({
            SecurityGroupRuleIds: ['sgr-0123456789abcdef0'],
          }),
        ),
      ),
    ).toBe('InvalidSecurityGroupRuleId.NotFound');
  });

  it('modifies a rule in place, keeping its id and tags', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const out = await twin.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        ],
        TagSpecifications: [
          { ResourceType: 'security-group-rule', Tags: [{ Key: 'k', Value: 'v' }] },
        ],
      }),
    );
    const id = out.SecurityGroupRules![0]!.SecurityGroupRuleId!;
    const modified = await twin.ec2.send(
      new ModifySecurityGroupRulesCommand({
        GroupId: web,
        SecurityGroupRules: [
          {
            SecurityGroupRuleId: id,
            SecurityGroupRule: {
              IpProtocol: 'tcp',
              FromPort: 8080,
              ToPort: 8081,
              CidrIpv6: '2001:db8::/32',
              Description: 'alt',
            },
          },
        ],
      }),
    );
    expect(modified.Return).toBe(true);
    const [rule] = (
      await twin.ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [id] }))
    ).SecurityGroupRules!;
    expect(rule).toMatchObject({
      SecurityGroupRuleId: id,
      FromPort: 8080,
      ToPort: 8081,
      CidrIpv6: '2001:db8::/32',
      Description: 'alt',
      Tags: [{ Key: 'k', Value: 'v' }],
    });
    expect(rule!.CidrIpv4).toBeUndefined();
    await refused(
      () =>
        twin.ec2.send(
          new ModifySecurityGroupRulesCommand({
            GroupId: web,
            SecurityGroupRules: [
              {
                SecurityGroupRuleId: 'sgr-0123456789abcdef0',
                SecurityGroupRule: { IpProtocol: '-1', CidrIpv4: '1.0.0.0/8' },
              },
            ],
          }),
        ),
      'InvalidSecurityGroupRuleId.NotFound',
    );
    await refusedRaw(
      'ModifySecurityGroupRules',
      { GroupId: web, 'SecurityGroupRule.1.SecurityGroupRuleId': id },
      'MissingParameter',
    );
  });

  it('updates rule descriptions by permission and by rule id', async () => {
    const vpcId = await createVpc();
    const web = await createGroup(vpcId, 'web');
    const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22 };
    await ingress(web, [{ ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'old' }] }]);
    await twin.ec2.send(
      new UpdateSecurityGroupRuleDescriptionsIngressCommand({
        GroupId: web,
        IpPermissions: [{ ...ssh, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'new' }] }],
      }),
    );
    expect((await group(web)).IpPermissions![0]!.IpRanges).toEqual([
      { CidrIp: '10.0.0.0/8', Description: 'new' },
    ]);
    const [egressRule] = await ruleIds(web, true);
    const out = await twin.ec2.send(
      new UpdateSecurityGroupRuleDescriptionsEgressCommand({
        GroupId: web,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: egressRule!, Description: 'out' }],
      }),
    );
    expect(out.Return).toBe(true);
    expect((await group(web)).IpPermissionsEgress![0]!.IpRanges).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'out' },
    ]);
    await refused(
      () =>
        twin.ec2.send(
          new UpdateSecurityGroupRuleDescriptionsIngressCommand({
            GroupId: web,
            IpPermissions: [{ ...ssh, IpRanges: [{ CidrIp: '10.1.0.0/16', Description: 'x' }] }],
          }),
        ),
      'InvalidPermission.NotFound',
    );
    await refused(
      () =>
        twin.ec2.send(
          new UpdateSecurityGroupRuleDescriptionsIngressCommand({
            GroupId: web,
            SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: egressRule!, Description: 'x' }],
          }),
        ),
      'InvalidSecurityGroupRuleId.NotFound',
    );
  });
});

describe('DescribeStaleSecurityGroups', () => {
  it('lists rules that reference a group across a peering that is gone', async () => {
    const a = await createVpc('10.0.0.0/16');
    const b = await createVpc('10.1.0.0/16');
    const pcx = run(createVpcPeeringConnection, { vpcId: a, peerVpcId: b });
    run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    const local = await createGroup(a, 'local');
    const remote = await createGroup(b, 'remote');
    await ingress(local, [
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: remote }] },
    ]);
    const before = await twin.ec2.send(new DescribeStaleSecurityGroupsCommand({ VpcId: a }));
    expect(before.StaleSecurityGroupSet ?? []).toEqual([]);
    run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    const after = await twin.ec2.send(new DescribeStaleSecurityGroupsCommand({ VpcId: a }));
    expect(after.StaleSecurityGroupSet).toEqual([
      {
        Description: 'local group',
        GroupId: local,
        GroupName: 'local',
        VpcId: a,
        StaleIpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 5432,
            ToPort: 5432,
            UserIdGroupPairs: [
              {
                GroupId: remote,
                UserId: ACCOUNT,
                VpcId: b,
                VpcPeeringConnectionId: pcx.id,
                PeeringStatus: 'deleted',
              },
            ],
          },
        ],
        StaleIpPermissionsEgress: [],
      },
    ]);
    expect(
      await errorCode(
        twin.ec2.send(new DescribeStaleSecurityGroupsCommand({ VpcId: 'vpc-0123456789abcdef0' })),
      ),
    ).toBe('InvalidVpcID.NotFound');
    expect(
      await errorCode(
        twin.ec2.send(new DescribeStaleSecurityGroupsCommand({ VpcId: a, MaxResults: 256 })),
      ),
    ).toBe('InvalidParameterValue');
  });
});
