/**
 * The rows of shared/scenarios/ipam-hierarchy.md, written once and asserted through each entry
 * point: the EC2 API (api-route.ts, @aws-sdk/client-ec2) and the topology file
 * (file-route.ts, examples/ipam-hierarchy.yaml). A route carries out the scenario's requests
 * its own way; the expectations below are the same for both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The pools of the plan, by the names the scenario gives them. */
export type PoolName = 'global' | 'use1' | 'use2' | 'euw1' | 'use1-prod' | 'use1-dev';

/** A VPC request of the scenario: from a pool by netmask length, or a manual CIDR. */
export interface VpcRequest {
  readonly pool?: PoolName;
  readonly netmask?: number;
  readonly cidr?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Default us-east-1, the IPAM's home. */
  readonly region?: string;
}

/** The VPCs the plan holds (rows 1, 2 and 8); the topology file writes exactly these. */
export const PLANNED_VPCS = {
  'prod-a': { pool: 'use1-prod', netmask: 16, tags: { env: 'prod' } },
  'prod-b': { pool: 'use1-prod', netmask: 20, tags: { env: 'prod' } },
  manual: { cidr: '10.0.0.0/16' },
} as const satisfies Record<string, VpcRequest>;
export type PlannedVpc = keyof typeof PLANNED_VPCS;

/** What a refused request answers. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** The refusals of rows 3–7: the request, and AWS's code and (part of) its message. */
export const REFUSED = {
  row3: {
    vpc: { pool: 'use1-prod', netmask: 16, tags: {} } satisfies VpcRequest,
    code: 'InvalidParameterValue',
    message: 'The resource is missing one or more of the resource tags required by the IPAM pool.',
  },
  row4: {
    vpc: { pool: 'use1-prod', netmask: 26, tags: { env: 'prod' } } satisfies VpcRequest,
    code: 'InvalidParameterValue',
    message: 'The allocation size is too small for the pool.',
  },
  row5: {
    vpc: {
      pool: 'use1-prod',
      netmask: 16,
      tags: { env: 'prod' },
      region: 'eu-west-1',
    } satisfies VpcRequest,
    code: 'InvalidParameterValue',
    message: '(us-east-1) does not match the Region of the resource (eu-west-1)',
  },
  row6: {
    provision: { pool: 'use2' as PoolName, cidr: '192.168.0.0/16' },
    code: 'InvalidParameterValue',
    message: 'The CIDR 192.168.0.0/16 is not available in IPAM pool',
  },
  row7: {
    newPool: { source: 'global' as PoolName, cidr: '10.0.0.0/12' },
    code: 'InvalidParameterValue',
    message: 'The CIDR 10.0.0.0/12 is not available in IPAM pool',
  },
} as const;

/** A VPC as the rows see it. */
export interface VpcHandle {
  readonly id: string;
  readonly cidr: string;
}

/** One GetIpamAddressHistory record, reduced to what the rows check. */
export interface HistoryRow {
  readonly resourceId: string;
  readonly compliance: string;
  readonly overlap: string;
  readonly started: boolean;
  readonly ended: boolean;
}

/** An entry point into the twin. Refused requests must leave the state unchanged. */
export interface IpamRoute {
  /** The pool id of a name. */
  pool(name: PoolName): string;
  /** A VPC of the plan (rows 1, 2, 8): the API creates it; the file already holds it. */
  planned(name: PlannedVpc): Promise<VpcHandle>;
  createVpc(req: VpcRequest): Promise<VpcHandle | Refusal>;
  provision(pool: string, cidr: string): Promise<Refusal | undefined>;
  /** A new pool under `source`, with nothing provisioned; its id. */
  newPool(source: PoolName): Promise<string>;
  deleteVpc(id: string): Promise<void>;
  preview(pool: PoolName, netmask: number): Promise<string>;
  /** [resource type, resource id, CIDR] of each allocation in the pool. */
  allocations(pool: PoolName): Promise<[string, string | undefined, string][]>;
  /** [VPC id, management state, overlap status] of each VPC CIDR equal to `cidr`. */
  vpcCidrs(cidr: string): Promise<[string, string, string][]>;
  utilisation(pool: PoolName): Promise<[allocated: number, assigned: number, available: number]>;
  history(cidr: string): Promise<HistoryRow[]>;
  close(): Promise<void>;
}

const isRefusal = (x: VpcHandle | Refusal | undefined): x is Refusal =>
  x !== undefined && 'code' in x;

/** Asserts a refusal's code and message. */
export function expectRefused(
  got: VpcHandle | Refusal | undefined,
  want: { code: string; message: string },
): void {
  expect(isRefusal(got), `expected a refusal, got ${JSON.stringify(got)}`).toBe(true);
  if (!isRefusal(got)) return;
  expect(got.code).toBe(want.code);
  expect(got.message).toContain(want.message);
}

/** Every row of the scenario, in order, through `open()`'s route. */
export function ipamHierarchyRows(title: string, open: () => Promise<IpamRoute>): void {
  describe(title, () => {
    let route: IpamRoute;
    const vpcs: Record<string, VpcHandle> = {};
    beforeAll(async () => {
      route = await open();
    });
    afterAll(() => route.close());

    it('row 1: a /16 VPC with env=prod gets 10.0.0.0/16, a vpc allocation in use1-prod', async () => {
      vpcs.first = await route.planned('prod-a');
      expect(vpcs.first.cidr).toBe('10.0.0.0/16');
      expect(await route.allocations('use1-prod')).toContainEqual([
        'vpc',
        vpcs.first.id,
        '10.0.0.0/16',
      ]);
    });

    it('row 2: the next one with netmask /20 gets 10.1.0.0/20', async () => {
      const second = await route.planned('prod-b');
      expect(second.cidr).toBe('10.1.0.0/20');
      const all = await route.allocations('use1-prod');
      expect(all.sort((a, b) => a[2].localeCompare(b[2]))).toEqual([
        ['vpc', vpcs.first!.id, '10.0.0.0/16'],
        ['vpc', second.id, '10.1.0.0/20'],
      ]);
    });

    it('row 3: without the env=prod tag it is refused', async () => {
      expectRefused(await route.createVpc(REFUSED.row3.vpc), REFUSED.row3);
    });

    it('row 4: with netmask /26 it is outside the allocation rules', async () => {
      expectRefused(await route.createVpc(REFUSED.row4.vpc), REFUSED.row4);
    });

    it("row 5: in eu-west-1 it is refused: the pool's locale is us-east-1", async () => {
      expectRefused(await route.createVpc(REFUSED.row5.vpc), REFUSED.row5);
    });

    it("row 6: 192.168.0.0/16 to use2 is refused: not inside the parent's CIDRs", async () => {
      const { pool, cidr } = REFUSED.row6.provision;
      expectRefused(await route.provision(route.pool(pool), cidr), REFUSED.row6);
    });

    it('row 7: 10.0.0.0/12 to a new pool under global is refused: allocated to use1', async () => {
      const { source, cidr } = REFUSED.row7.newPool;
      const pool = await route.newPool(source);
      expectRefused(await route.provision(pool, cidr), REFUSED.row7);
    });

    it('row 8: a manual 10.0.0.0/16 VPC is unmanaged and overlapping the first VPC', async () => {
      vpcs.manual = await route.planned('manual');
      const rows = await route.vpcCidrs('10.0.0.0/16');
      expect(rows).toContainEqual([vpcs.manual.id, 'unmanaged', 'overlapping']);
      expect(rows).toContainEqual([vpcs.first!.id, 'managed', 'overlapping']);
      expect(rows).toHaveLength(2);
    });

    it('row 9: global is 18.75 % allocated (three /12 child pools of a /8)', async () => {
      expect(await route.utilisation('global')).toEqual([18.75, 0, 81.25]);
    });

    it('row 10: PreviewNextCidr /24 from use1-dev twice gives the same CIDR', async () => {
      expect(await route.preview('use1-dev', 24)).toBe('10.8.0.0/24');
      expect(await route.preview('use1-dev', 24)).toBe('10.8.0.0/24');
      expect(await route.allocations('use1-dev')).toEqual([]);
    });

    it('row 11: after deleting the first VPC, /16 from use1-prod is 10.0.0.0/16 again, overlapping the manual VPC', async () => {
      await route.deleteVpc(vpcs.first!.id);
      const again = await route.createVpc(PLANNED_VPCS['prod-a']);
      if (isRefusal(again)) throw new Error(`${again.code}: ${again.message}`);
      expect(again.cidr).toBe('10.0.0.0/16');
      vpcs.again = again;
      const rows = await route.vpcCidrs('10.0.0.0/16');
      expect(rows).toContainEqual([again.id, 'managed', 'overlapping']);
      expect(rows).toContainEqual([vpcs.manual!.id, 'unmanaged', 'overlapping']);
      expect(rows).toHaveLength(2);
    });

    it('row 12: the address history of 10.0.0.0/16 has a record for each VPC that held it', async () => {
      const records = await route.history('10.0.0.0/16');
      const byVpc = new Map(records.map((r) => [r.resourceId, r]));
      expect(records).toHaveLength(3);
      expect(byVpc.get(vpcs.first!.id)).toEqual({
        resourceId: vpcs.first!.id,
        compliance: 'compliant',
        overlap: 'overlapping',
        started: true,
        ended: true,
      });
      expect(byVpc.get(vpcs.manual!.id)).toEqual({
        resourceId: vpcs.manual!.id,
        compliance: 'unmanaged',
        overlap: 'overlapping',
        started: true,
        ended: false,
      });
      expect(byVpc.get(vpcs.again!.id)).toEqual({
        resourceId: vpcs.again!.id,
        compliance: 'compliant',
        overlap: 'overlapping',
        started: true,
        ended: false,
      });
    });
  });
}
