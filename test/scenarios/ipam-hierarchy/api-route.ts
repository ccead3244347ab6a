/**
 * The scenario through the EC2 API: the plan is built with CreateIpam, CreateIpamPool and
 * ProvisionIpamPoolCidr, and every row is a request of @aws-sdk/client-ec2.
 */
import {
  AllocateIpamPoolCidrCommand,
  CreateIpamCommand,
  CreateIpamPoolCommand,
  type CreateIpamPoolCommandInput,
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetIpamAddressHistoryCommand,
  GetIpamPoolAllocationsCommand,
  GetIpamResourceCidrsCommand,
  ProvisionIpamPoolCidrCommand,
} from '@aws-sdk/client-ec2';
import { expect } from 'vitest';
import { poolUtilisation } from '../../../src/ipam/utilisation.js';
import type { Twin } from '../../support/api.js';
import {
  type IpamRoute,
  PLANNED_VPCS,
  type PoolName,
  type Refusal,
  type VpcHandle,
  type VpcRequest,
} from './rows.js';

const tagList = (tags: Readonly<Record<string, string>> = {}) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Runs a request expected to fail: its code and message, and the state unchanged. */
async function refused(twin: Twin, send: () => Promise<unknown>): Promise<Refusal | undefined> {
  const before = twin.state();
  const error = await send().then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string },
  );
  if (error === undefined) return undefined;
  expect(twin.state()).toBe(before);
  return { code: error.name, message: error.message };
}

/** Builds the plan through the API and returns the route that answers the rows. */
export async function apiRoute(twin: Twin): Promise<IpamRoute> {
  const clients = new Map<string, EC2Client>();
  const client = (region = 'us-east-1'): EC2Client => {
    if (region === 'us-east-1') return twin.ec2;
    let c = clients.get(region);
    if (!c) {
      c = new EC2Client({
        endpoint: twin.endpoint,
        region,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      clients.set(region, c);
    }
    return c;
  };
  const { Ipam } = await twin.ec2.send(
    new CreateIpamCommand({
      OperatingRegions: ['us-east-1', 'us-east-2', 'eu-west-1'].map((RegionName) => ({
        RegionName,
      })),
    }),
  );
  const scope = Ipam!.PrivateDefaultScopeId!;
  const ids = {} as Record<PoolName, string>;
  const pool = async (
    name: PoolName,
    cidr: string,
    extra: Partial<CreateIpamPoolCommandInput> = {},
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

  const createVpc = async (req: VpcRequest): Promise<VpcHandle> => {
    const tags = tagList(req.tags);
    const { Vpc } = await client(req.region).send(
      new CreateVpcCommand({
        CidrBlock: req.cidr,
        Ipv4IpamPoolId: req.pool === undefined ? undefined : ids[req.pool],
        Ipv4NetmaskLength: req.netmask,
        TagSpecifications: tags.length ? [{ ResourceType: 'vpc', Tags: tags }] : undefined,
      }),
    );
    return { id: Vpc!.VpcId!, cidr: Vpc!.CidrBlock! };
  };

  return {
    pool: (name) => ids[name],
    planned: (name) => createVpc(PLANNED_VPCS[name]),
    createVpc: async (req) => {
      // A Region's first request sets it up (default VPC quota, AZs): do that before comparing.
      if (req.region !== undefined) await client(req.region).send(new DescribeVpcsCommand({}));
      let made: VpcHandle | undefined;
      const refusal = await refused(twin, async () => {
        made = await createVpc(req);
      });
      return refusal ?? made!;
    },
    provision: (poolId, cidr) =>
      refused(twin, () =>
        twin.ec2.send(new ProvisionIpamPoolCidrCommand({ IpamPoolId: poolId, Cidr: cidr })),
      ),
    newPool: async (source) => {
      const { IpamPool } = await twin.ec2.send(
        new CreateIpamPoolCommand({
          IpamScopeId: scope,
          AddressFamily: 'ipv4',
          SourceIpamPoolId: ids[source],
        }),
      );
      return IpamPool!.IpamPoolId!;
    },
    deleteVpc: async (id) => {
      await twin.ec2.send(new DeleteVpcCommand({ VpcId: id }));
    },
    preview: async (name, netmask) => {
      const { IpamPoolAllocation } = await twin.ec2.send(
        new AllocateIpamPoolCidrCommand({
          IpamPoolId: ids[name],
          NetmaskLength: netmask,
          PreviewNextCidr: true,
        }),
      );
      return IpamPoolAllocation!.Cidr!;
    },
    allocations: async (name) => {
      const { IpamPoolAllocations } = await twin.ec2.send(
        new GetIpamPoolAllocationsCommand({ IpamPoolId: ids[name] }),
      );
      return (IpamPoolAllocations ?? []).map((a) => [a.ResourceType!, a.ResourceId, a.Cidr!]);
    },
    vpcCidrs: async (cidr) => {
      const { IpamResourceCidrs } = await twin.ec2.send(
        new GetIpamResourceCidrsCommand({
          IpamScopeId: scope,
          ResourceType: 'vpc',
          Filters: [{ Name: 'resource-cidr', Values: [cidr] }],
        }),
      );
      return IpamResourceCidrs!.map((r) => [r.ResourceId!, r.ManagementState!, r.OverlapStatus!]);
    },
    // Pool utilisation has no EC2 action (AWS shows it in the console and CloudWatch): it is
    // read from the engine the CLI's usage view uses, on the state the API built.
    utilisation: (name) => {
      const u = poolUtilisation(
        twin.store.snapshot,
        twin.store.snapshot.get('ipam-pool', ids[name])!,
      );
      return Promise.resolve([u.percentAllocated, u.percentAssigned, u.percentAvailable]);
    },
    history: async (cidr) => {
      const { HistoryRecords } = await twin.ec2.send(
        new GetIpamAddressHistoryCommand({ IpamScopeId: scope, Cidr: cidr }),
      );
      return HistoryRecords!.map((r) => ({
        resourceId: r.ResourceId!,
        compliance: r.ResourceComplianceStatus!,
        overlap: r.ResourceOverlapStatus!,
        started: r.SampledStartTime instanceof Date,
        ended: r.SampledEndTime instanceof Date,
      }));
    },
    close: async () => {
      for (const c of clients.values()) c.destroy();
      await twin.close();
    },
  };
}
