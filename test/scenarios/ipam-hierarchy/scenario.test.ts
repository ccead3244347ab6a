/**
 * The IPAM reference network (shared/scenarios/ipam-hierarchy.md), every row asserted through
 * the EC2 API with @aws-sdk/client-ec2. (The topology-file half of this scenario is not built
 * yet: IPAM has no `ipam` section in topology files so far.)
 */
import {
  AllocateIpamPoolCidrCommand,
  CreateIpamCommand,
  CreateIpamPoolCommand,
  CreateVpcCommand,
  DeleteVpcCommand,
  EC2Client,
  GetIpamAddressHistoryCommand,
  GetIpamPoolAllocationsCommand,
  GetIpamResourceCidrsCommand,
  ProvisionIpamPoolCidrCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolUtilisation } from '../../../src/ipam/utilisation.js';
import { startTwin, type Twin } from '../../support/api.js';

let twin: Twin;
let euw1Client: EC2Client;

beforeAll(async () => {
  twin = await startTwin();
  euw1Client = new EC2Client({
    endpoint: twin.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  euw1Client.destroy();
  await twin.close();
});

const PROD: Tag[] = [{ Key: 'env', Value: 'prod' }];
const vpcTags = (tags: Tag[]) => [{ ResourceType: 'vpc' as const, Tags: tags }];

describe('IPAM: organisation-wide address plan, through the API', () => {
  const ids: Record<string, string> = {};
  let scope = '';

  it('builds the IPAM, the top-level pool, the Regional pools and the environment pools', async () => {
    const { Ipam } = await twin.ec2.send(
      new CreateIpamCommand({
        OperatingRegions: ['us-east-1', 'us-east-2', 'eu-west-1'].map((RegionName) => ({
          RegionName,
        })),
      }),
    );
    scope = Ipam!.PrivateDefaultScopeId!;
    const pool = async (
      name: string,
      cidr: string,
      extra: Partial<ConstructorParameters<typeof CreateIpamPoolCommand>[0]> = {},
    ) => {
      const { IpamPool } = await twin.ec2.send(
        new CreateIpamPoolCommand({
          IpamScopeId: scope,
          AddressFamily: 'ipv4',
          Description: name,
          ...extra,
        }),
      );
      ids[name] = IpamPool!.IpamPoolId!;
      await twin.ec2.send(new ProvisionIpamPoolCidrCommand({ IpamPoolId: ids[name], Cidr: cidr }));
    };
    await pool('global', '10.0.0.0/8');
    await pool('use1', '10.0.0.0/12', { SourceIpamPoolId: ids.global, Locale: 'us-east-1' });
    await pool('use2', '10.16.0.0/12', { SourceIpamPoolId: ids.global, Locale: 'us-east-2' });
    await pool('euw1', '10.32.0.0/12', { SourceIpamPoolId: ids.global, Locale: 'eu-west-1' });
    await pool('use1-prod', '10.0.0.0/13', {
      SourceIpamPoolId: ids.use1,
      AllocationMinNetmaskLength: 16,
      AllocationMaxNetmaskLength: 24,
      AllocationDefaultNetmaskLength: 20,
      AllocationResourceTags: [{ Key: 'env', Value: 'prod' }],
    });
    await pool('use1-dev', '10.8.0.0/13', {
      SourceIpamPoolId: ids.use1,
      AllocationMinNetmaskLength: 20,
      AllocationMaxNetmaskLength: 28,
      AllocationDefaultNetmaskLength: 24,
    });
    expect(Object.keys(ids)).toHaveLength(6);
  });

  const vpcs: Record<string, string> = {};
  const prodVpc = (netmask?: number, tags = PROD) =>
    twin.ec2.send(
      new CreateVpcCommand({
        Ipv4IpamPoolId: ids['use1-prod'],
        Ipv4NetmaskLength: netmask,
        TagSpecifications: tags.length > 0 ? vpcTags(tags) : undefined,
      }),
    );

  it('row 1: a /16 VPC with env=prod gets 10.0.0.0/16, a vpc allocation in use1-prod', async () => {
    const { Vpc } = await prodVpc(16);
    expect(Vpc?.CidrBlock).toBe('10.0.0.0/16');
    vpcs.first = Vpc!.VpcId!;
    const { IpamPoolAllocations } = await twin.ec2.send(
      new GetIpamPoolAllocationsCommand({ IpamPoolId: ids['use1-prod'] }),
    );
    expect(IpamPoolAllocations?.map((a) => [a.ResourceType, a.ResourceId, a.Cidr])).toEqual([
      ['vpc', vpcs.first, '10.0.0.0/16'],
    ]);
  });

  it('row 2: the next one with netmask /20 gets 10.1.0.0/20', async () => {
    const { Vpc } = await prodVpc(20);
    expect(Vpc?.CidrBlock).toBe('10.1.0.0/20');
  });

  it('row 3: without the env=prod tag it is refused', async () => {
    const e = await twin.refusal(() => prodVpc(16, []));
    expect(e).toBe('InvalidParameterValue');
  });

  it('row 4: with netmask /26 it is outside the allocation rules', async () => {
    expect(await twin.refusal(() => prodVpc(26))).toBe('InvalidParameterValue');
  });

  it("row 5: in eu-west-1 it is refused: the pool's locale is us-east-1", async () => {
    const error = await euw1Client
      .send(
        new CreateVpcCommand({
          Ipv4IpamPoolId: ids['use1-prod'],
          Ipv4NetmaskLength: 16,
          TagSpecifications: vpcTags(PROD),
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as { name: string; message: string },
      );
    expect(error?.name).toBe('InvalidParameterValue');
    expect(error?.message).toContain(
      '(us-east-1) does not match the Region of the resource (eu-west-1)',
    );
  });

  it("row 6: 192.168.0.0/16 to use2 is refused: not inside the parent's CIDRs", async () => {
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new ProvisionIpamPoolCidrCommand({ IpamPoolId: ids.use2, Cidr: '192.168.0.0/16' }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('row 7: 10.0.0.0/12 to a new pool under global is refused: allocated to use1', async () => {
    const { IpamPool } = await twin.ec2.send(
      new CreateIpamPoolCommand({
        IpamScopeId: scope,
        AddressFamily: 'ipv4',
        SourceIpamPoolId: ids.global,
      }),
    );
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new ProvisionIpamPoolCidrCommand({
            IpamPoolId: IpamPool!.IpamPoolId,
            Cidr: '10.0.0.0/12',
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });

  const vpcRows = async () =>
    (
      await twin.ec2.send(
        new GetIpamResourceCidrsCommand({
          IpamScopeId: scope,
          ResourceType: 'vpc',
          Filters: [{ Name: 'resource-cidr', Values: ['10.0.0.0/16'] }],
        }),
      )
    ).IpamResourceCidrs!.map((r) => [r.ResourceId, r.ManagementState, r.OverlapStatus]);

  it('row 8: a manual 10.0.0.0/16 VPC is unmanaged and overlapping the first VPC', async () => {
    const { Vpc } = await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    vpcs.manual = Vpc!.VpcId!;
    const rows = await vpcRows();
    expect(rows).toContainEqual([vpcs.manual, 'unmanaged', 'overlapping']);
    expect(rows).toContainEqual([vpcs.first, 'managed', 'overlapping']);
    expect(rows).toHaveLength(2);
  });

  it('row 9: global is 18.75 % allocated (three /12 child pools of a /8)', () => {
    const global = twin.store.snapshot.get('ipam-pool', ids.global!)!;
    const u = poolUtilisation(twin.store.snapshot, global);
    expect(u.percentAllocated).toBe(18.75);
    expect(u.percentAssigned).toBe(0);
    expect(u.percentAvailable).toBe(81.25);
  });

  it('row 10: PreviewNextCidr /24 from use1-dev twice gives the same CIDR', async () => {
    const preview = () =>
      twin.ec2.send(
        new AllocateIpamPoolCidrCommand({
          IpamPoolId: ids['use1-dev'],
          NetmaskLength: 24,
          PreviewNextCidr: true,
        }),
      );
    const [a, b] = [await preview(), await preview()];
    expect(a.IpamPoolAllocation?.Cidr).toBe('10.8.0.0/24');
    expect(b.IpamPoolAllocation?.Cidr).toBe('10.8.0.0/24');
  });

  it('row 11: after deleting the first VPC, /16 from use1-prod is 10.0.0.0/16 again, overlapping the manual VPC', async () => {
    await twin.ec2.send(new DeleteVpcCommand({ VpcId: vpcs.first }));
    const { Vpc } = await prodVpc(16);
    expect(Vpc?.CidrBlock).toBe('10.0.0.0/16');
    vpcs.again = Vpc!.VpcId!;
    const rows = await vpcRows();
    expect(rows).toContainEqual([vpcs.again, 'managed', 'overlapping']);
    expect(rows).toContainEqual([vpcs.manual, 'unmanaged', 'overlapping']);
    expect(rows).toHaveLength(2);
  });

  it('row 12: the address history of 10.0.0.0/16 has a record for each VPC that held it', async () => {
    const { HistoryRecords } = await twin.ec2.send(
      new GetIpamAddressHistoryCommand({ IpamScopeId: scope, Cidr: '10.0.0.0/16' }),
    );
    const byVpc = new Map(HistoryRecords!.map((r) => [r.ResourceId, r]));
    expect(byVpc.size).toBe(3);
    const first = byVpc.get(vpcs.first)!;
    expect(first.SampledEndTime).toBeDefined();
    expect(first.ResourceComplianceStatus).toBe('compliant');
    expect(first.ResourceOverlapStatus).toBe('overlapping');
    const manual = byVpc.get(vpcs.manual)!;
    expect(manual.SampledEndTime).toBeUndefined();
    expect(manual.ResourceComplianceStatus).toBe('unmanaged');
    expect(manual.ResourceOverlapStatus).toBe('overlapping');
    expect(byVpc.get(vpcs.again)?.ResourceOverlapStatus).toBe('overlapping');
    for (const r of HistoryRecords!) expect(r.SampledStartTime).toBeInstanceOf(Date);
  });
});
