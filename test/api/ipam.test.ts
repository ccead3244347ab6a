import {
  AllocateIpamPoolCidrCommand,
  CreateIpamCommand,
  CreateIpamPoolCommand,
  CreateVpcCommand,
  DeleteIpamPoolCommand,
  DeleteVpcCommand,
  DeprovisionIpamPoolCidrCommand,
  DescribeIpamPoolsCommand,
  DescribeIpamScopesCommand,
  DescribeIpamsCommand,
  GetIpamAddressHistoryCommand,
  GetIpamPoolAllocationsCommand,
  GetIpamPoolCidrsCommand,
  GetIpamResourceCidrsCommand,
  ModifyIpamPoolCommand,
  ModifyIpamResourceCidrCommand,
  ProvisionIpamPoolCidrCommand,
  ReleaseIpamPoolAllocationCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cidr } from '../../src/net/index.js';
import { startTwin, type Twin } from '../support/api.js';
import { awsCli } from '../support/aws-cli.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

/** An IPAM in us-east-1 and a top-level pool with locale us-east-1 holding `cidr`. */
async function pool(cidr = '10.0.0.0/8', rules: Record<string, unknown> = {}) {
  const { Ipam } = await twin.ec2.send(
    new CreateIpamCommand({ OperatingRegions: [{ RegionName: 'us-east-1' }] }),
  );
  const { IpamPool } = await twin.ec2.send(
    new CreateIpamPoolCommand({
      IpamScopeId: Ipam!.PrivateDefaultScopeId,
      AddressFamily: 'ipv4',
      Locale: 'us-east-1',
      ...rules,
    }),
  );
  await twin.ec2.send(
    new ProvisionIpamPoolCidrCommand({ IpamPoolId: IpamPool!.IpamPoolId, Cidr: cidr }),
  );
  return { ipam: Ipam!, pool: IpamPool!, id: IpamPool!.IpamPoolId! };
}

describe('IPAM through @aws-sdk/client-ec2', () => {
  it('creates an IPAM with its default scopes and describes it', async () => {
    const { Ipam } = await twin.ec2.send(
      new CreateIpamCommand({
        Description: 'org',
        OperatingRegions: [{ RegionName: 'eu-west-1' }],
        TagSpecifications: [{ ResourceType: 'ipam', Tags: [{ Key: 'Name', Value: 'org' }] }],
      }),
    );
    expect(Ipam?.IpamId).toMatch(/^ipam-[0-9a-f]{17}$/);
    expect(Ipam?.State).toBe('create-complete');
    expect(Ipam?.ScopeCount).toBe(2);
    expect(Ipam?.OperatingRegions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1']);
    const { Ipams } = await twin.ec2.send(
      new DescribeIpamsCommand({ Filters: [{ Name: 'tag:Name', Values: ['org'] }] }),
    );
    expect(Ipams?.map((i) => i.IpamId)).toEqual([Ipam?.IpamId]);
    const { IpamScopes } = await twin.ec2.send(
      new DescribeIpamScopesCommand({
        Filters: [{ Name: 'ipam-scope-type', Values: ['private'] }],
      }),
    );
    expect(IpamScopes?.map((x) => [x.IpamScopeId, x.IsDefault])).toEqual([
      [Ipam?.PrivateDefaultScopeId, true],
    ]);
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DescribeIpamsCommand({ IpamIds: ['ipam-0123456789abcdef0'] })),
      ),
    ).toBe('InvalidIpamId.NotFound');
  });

  it('allocates, previews, lists and releases with AWS errors for bad input', async () => {
    const { id } = await pool('10.0.0.0/16', {
      AllocationMinNetmaskLength: 20,
      AllocationMaxNetmaskLength: 28,
    });
    const preview = await twin.ec2.send(
      new AllocateIpamPoolCidrCommand({ IpamPoolId: id, NetmaskLength: 24, PreviewNextCidr: true }),
    );
    expect(preview.IpamPoolAllocation?.Cidr).toBe('10.0.0.0/24');
    expect(preview.IpamPoolAllocation?.IpamPoolAllocationId).toBeUndefined();
    const { IpamPoolAllocation: a } = await twin.ec2.send(
      new AllocateIpamPoolCidrCommand({
        IpamPoolId: id,
        NetmaskLength: 24,
        DisallowedCidrs: ['10.0.0.0/24'],
        Description: 'lab',
      }),
    );
    expect(a?.Cidr).toBe('10.0.1.0/24');
    expect(a?.ResourceType).toBe('custom');
    expect(a?.IpamPoolAllocationId).toMatch(/^ipam-pool-alloc-[0-9a-f]{17}$/);
    const { IpamPoolAllocations } = await twin.ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: id }),
    );
    expect(IpamPoolAllocations?.map((x) => [x.Cidr, x.Description])).toEqual([
      ['10.0.1.0/24', 'lab'],
    ]);
    const { IpamPoolCidrs } = await twin.ec2.send(new GetIpamPoolCidrsCommand({ IpamPoolId: id }));
    expect(IpamPoolCidrs?.map((c) => [c.Cidr, c.State, c.NetmaskLength])).toEqual([
      ['10.0.0.0/16', 'provisioned', 16],
    ]);
    const refused = (input: ConstructorParameters<typeof AllocateIpamPoolCidrCommand>[0]) =>
      twin.refusal(() => twin.ec2.send(new AllocateIpamPoolCidrCommand(input)));
    expect(await refused({ IpamPoolId: id })).toBe('InvalidParameterCombination');
    expect(await refused({ IpamPoolId: id, NetmaskLength: 16 })).toBe('InvalidParameterValue');
    expect(await refused({ IpamPoolId: id, Cidr: '10.0.1.0/25' })).toBe('InvalidParameterValue');
    expect(await refused({ IpamPoolId: id, Cidr: 'ten/8' })).toBe('InvalidParameterValue');
    expect(await refused({ IpamPoolId: 'ipam-pool-0123456789abcdef0', NetmaskLength: 24 })).toBe(
      'InvalidIpamPoolId.NotFound',
    );
    expect(await refused({ IpamPoolId: 'pool-1', NetmaskLength: 24 })).toBe(
      'InvalidIpamPoolId.Malformed',
    );
    expect(
      await twin.refusal(() =>
        twin.ec2.send(new DeprovisionIpamPoolCidrCommand({ IpamPoolId: id, Cidr: '10.0.0.0/16' })),
      ),
    ).toBe('IncorrectState');
    const released = await twin.ec2.send(
      new ReleaseIpamPoolAllocationCommand({
        IpamPoolId: id,
        Cidr: '10.0.1.0/24',
        IpamPoolAllocationId: a!.IpamPoolAllocationId!,
      }),
    );
    expect(released.Success).toBe(true);
    const gone = await twin.ec2.send(
      new DeprovisionIpamPoolCidrCommand({ IpamPoolId: id, Cidr: '10.0.0.0/16' }),
    );
    expect(gone.IpamPoolCidr?.State).toBe('deprovisioned');
    await twin.ec2.send(new DeleteIpamPoolCommand({ IpamPoolId: id }));
    const { IpamPools } = await twin.ec2.send(new DescribeIpamPoolsCommand({}));
    expect(IpamPools).toEqual([]);
  });

  it('hands out 1,000 blocks to 1,000 parallel callers without overlap', async () => {
    const { id } = await pool('10.0.0.0/8');
    const sizes = [24, 20, 28, 16, 22, 26];
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        twin.ec2.send(
          new AllocateIpamPoolCidrCommand({
            IpamPoolId: id,
            NetmaskLength: sizes[i % sizes.length],
          }),
        ),
      ),
    );
    const cidrs = answers.map((a) => Cidr.parse(a.IpamPoolAllocation!.Cidr!)!);
    expect(new Set(answers.map((a) => a.IpamPoolAllocation?.IpamPoolAllocationId)).size).toBe(1000);
    const sorted = [...cidrs].sort((a, b) => a.compare(b));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      expect(a.end < b.base, `${a.toString()} / ${b.toString()}`).toBe(true);
    }
    const { IpamPoolAllocations } = await twin.ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: id, MaxResults: 1000 }),
    );
    expect(IpamPoolAllocations).toHaveLength(1000);
  }, 60_000);

  it('draws VPCs from a pool by rule and audits them', async () => {
    const { ipam, id } = await pool('10.0.0.0/12', {
      AllocationDefaultNetmaskLength: 16,
      AllocationResourceTags: [{ Key: 'env', Value: 'prod' }],
    });
    const prodTags = [{ ResourceType: 'vpc' as const, Tags: [{ Key: 'env', Value: 'prod' }] }];
    const { Vpc } = await twin.ec2.send(
      new CreateVpcCommand({ Ipv4IpamPoolId: id, TagSpecifications: prodTags }),
    );
    expect(Vpc?.CidrBlock).toBe('10.0.0.0/16');
    expect(
      await twin.refusal(() => twin.ec2.send(new CreateVpcCommand({ Ipv4IpamPoolId: id }))),
    ).toBe('InvalidParameterValue');
    const manual = await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const scope = ipam.PrivateDefaultScopeId!;
    const rows = async () =>
      (
        await twin.ec2.send(
          new GetIpamResourceCidrsCommand({ IpamScopeId: scope, ResourceType: 'vpc' }),
        )
      ).IpamResourceCidrs?.map((r) => [
        r.ResourceId,
        r.ManagementState,
        r.ComplianceStatus,
        r.OverlapStatus,
        r.IpamPoolId,
      ]);
    // Rows come in resource id order; the ids are random, so compare in that order too.
    const byId = <T extends unknown[]>(xs: T[]) =>
      [...xs].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(await rows()).toEqual(
      byId([
        [Vpc?.VpcId, 'managed', 'compliant', 'overlapping', id],
        [manual.Vpc?.VpcId, 'unmanaged', 'unmanaged', 'overlapping', undefined],
      ]),
    );
    // Ignoring the manual VPC's CIDR ends the overlap.
    const modified = await twin.ec2.send(
      new ModifyIpamResourceCidrCommand({
        ResourceId: manual.Vpc!.VpcId!,
        ResourceCidr: '10.0.0.0/16',
        ResourceRegion: 'us-east-1',
        CurrentIpamScopeId: scope,
        Monitored: false,
      }),
    );
    expect(modified.IpamResourceCidr?.ManagementState).toBe('ignored');
    expect(await rows()).toEqual(
      byId([
        [Vpc?.VpcId, 'managed', 'compliant', 'nonoverlapping', id],
        [manual.Vpc?.VpcId, 'ignored', 'ignored', 'ignored', undefined],
      ]),
    );
    // A rule added later makes the managed VPC noncompliant.
    await twin.ec2.send(
      new ModifyIpamPoolCommand({
        IpamPoolId: id,
        AllocationMaxNetmaskLength: 15,
        AllocationDefaultNetmaskLength: 14,
        AllocationMinNetmaskLength: 12,
      }),
    );
    expect((await rows())?.find((r) => r[0] === Vpc?.VpcId)?.[2]).toBe('noncompliant');
    await twin.ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId! }));
    const { HistoryRecords } = await twin.ec2.send(
      new GetIpamAddressHistoryCommand({ IpamScopeId: scope, Cidr: '10.0.0.0/16' }),
    );
    expect(
      byId(
        HistoryRecords!.map((r) => [
          r.ResourceId,
          r.ResourceType,
          r.SampledEndTime !== undefined,
          r.ResourceComplianceStatus,
          r.ResourceOverlapStatus,
        ]),
      ),
    ).toEqual(
      byId([
        // Judged as it stood when deleted: noncompliant, and no longer overlapping.
        [Vpc?.VpcId, 'vpc', true, 'noncompliant', 'nonoverlapping'],
        [manual.Vpc?.VpcId, 'vpc', false, 'ignored', 'ignored'],
      ]),
    );
  });

  it('answers DryRun without changing anything', async () => {
    // The first call in a Region sets the account up; compare from after it.
    await twin.ec2.send(new DescribeIpamsCommand({}));
    const before = twin.state();
    const answer = await twin.query('CreateIpam', { DryRun: 'true' });
    expect(answer.code).toBe('DryRunOperation');
    expect(twin.state()).toBe(before);
  });
});

describe('IPAM through the AWS CLI', () => {
  it('creates a pool, provisions, allocates and lists as the CLI tutorial does', async () => {
    const aws = async (...args: string[]) => {
      const run = await awsCli(twin.endpoint, 'us-east-1', ['ec2', ...args]);
      return run;
    };
    const ipam = JSON.parse(
      (await aws('create-ipam', '--operating-regions', 'RegionName=us-east-1')).stdout,
    ) as { Ipam: { PrivateDefaultScopeId: string } };
    const created = JSON.parse(
      (
        await aws(
          'create-ipam-pool',
          '--ipam-scope-id',
          ipam.Ipam.PrivateDefaultScopeId,
          '--address-family',
          'ipv4',
          '--locale',
          'us-east-1',
        )
      ).stdout,
    ) as { IpamPool: { IpamPoolId: string; Locale: string; PoolDepth: number } };
    expect(created.IpamPool.Locale).toBe('us-east-1');
    expect(created.IpamPool.PoolDepth).toBe(1);
    const poolId = created.IpamPool.IpamPoolId;
    await aws('provision-ipam-pool-cidr', '--ipam-pool-id', poolId, '--cidr', '10.0.0.0/16');
    const allocated = JSON.parse(
      (await aws('allocate-ipam-pool-cidr', '--ipam-pool-id', poolId, '--netmask-length', '24'))
        .stdout,
    ) as { IpamPoolAllocation: { Cidr: string } };
    expect(allocated.IpamPoolAllocation.Cidr).toBe('10.0.0.0/24');
    const listed = JSON.parse(
      (await aws('get-ipam-pool-allocations', '--ipam-pool-id', poolId)).stdout,
    ) as { IpamPoolAllocations: { Cidr: string }[] };
    expect(listed.IpamPoolAllocations.map((a) => a.Cidr)).toEqual(['10.0.0.0/24']);
    const refused = await aws(
      'allocate-ipam-pool-cidr',
      '--ipam-pool-id',
      poolId,
      '--cidr',
      '10.0.0.0/25',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('InvalidParameterValue');
  }, 60_000);
});
