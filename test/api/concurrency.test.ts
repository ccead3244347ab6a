/**
 * Many clients at once against `vpctwin serve` on a SQLite file: 32 @aws-sdk/client-ec2
 * clients, each with its own connections, send several hundred mixed requests concurrently
 * (creates, describes, deletes, rule changes, and requests that must fail). Then the state must
 * be what the successful requests say it is, and survive closing and reopening the file.
 *
 * The workload is drawn from a seeded generator, so every run sends the same requests; only
 * their interleaving varies, and the invariants hold for any interleaving.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { startTwin, type Twin } from '../support/api.js';
import { exportState } from '../support/state.js';
import { tempFiles } from '../store/temp.js';

const CLIENTS = 32;
const REQUESTS_PER_CLIENT = 16;

/** mulberry32: a small seeded generator, so the workload is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the clients learned, shared between them as they go (ids to act on next). */
interface Ledger {
  readonly vpcs: Map<string, string>; // id → CIDR
  readonly subnets: Map<string, { vpcId: string; cidr: string }>;
  readonly groups: Map<string, string>; // id → VPC id
  readonly rules: Set<string>;
  readonly deleted: Set<string>;
  readonly created: string[];
  /** Error codes by action, for the ones that failed. */
  readonly failures: Map<string, Map<string, number>>;
  readonly serverFaults: string[];
}

/** Error codes a request of this mix may meet, given what other clients do meanwhile. */
const EXPECTED_FAILURES = new Set([
  'InvalidVpcID.NotFound',
  'InvalidVpcID.Malformed',
  'InvalidSubnetID.NotFound',
  'InvalidGroup.NotFound',
  'InvalidGroupId.Malformed',
  'InvalidParameterValue',
  'InvalidSubnet.Conflict',
  'InvalidSubnet.Range',
  'InvalidVpc.Range',
  'InvalidGroup.Duplicate',
  'InvalidPermission.Duplicate',
  'DependencyViolation',
]);

const pick = <T>(rnd: () => number, items: readonly T[]): T | undefined =>
  items.length === 0 ? undefined : items[Math.floor(rnd() * items.length)];

const live = <V>(ledger: Ledger, map: Map<string, V>): string[] =>
  [...map.keys()].filter((id) => !ledger.deleted.has(id));

/** One client's requests, one after another; other clients run at the same time. */
async function runClient(client: EC2Client, n: number, ledger: Ledger): Promise<void> {
  const rnd = random(1000 + n);
  const attempt = async (action: string, send: () => Promise<void>) => {
    try {
      await send();
    } catch (e) {
      const err = e as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
      const code = err.name ?? 'unknown';
      if (err.$fault !== 'client' || (err.$metadata?.httpStatusCode ?? 500) >= 500) {
        ledger.serverFaults.push(`${action}: ${code}: ${(e as Error).message}`);
      }
      const byCode = ledger.failures.get(action) ?? new Map<string, number>();
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
      ledger.failures.set(action, byCode);
    }
  };
  for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
    const roll = rnd();
    const vpcId = pick(rnd, live(ledger, ledger.vpcs));
    if (roll < 0.14 || vpcId === undefined) {
      // Second octet from a small range: VPC CIDRs may overlap, as in AWS; /8 is invalid.
      const cidr = rnd() < 0.1 ? '10.0.0.0/8' : `10.${Math.floor(rnd() * 8)}.0.0/16`;
      await attempt('CreateVpc', async () => {
        const { Vpc } = await client.send(new CreateVpcCommand({ CidrBlock: cidr }));
        ledger.vpcs.set(Vpc!.VpcId!, Vpc!.CidrBlock!);
        ledger.created.push(Vpc!.VpcId!);
      });
    } else if (roll < 0.36) {
      const base = (ledger.vpcs.get(vpcId) ?? '10.0.0.0/16').split('.');
      // Third octet from 0..15 in /24s or /20s: collisions are expected and must be refused.
      const cidr =
        rnd() < 0.8
          ? `${base[0]}.${base[1]}.${Math.floor(rnd() * 16)}.0/24`
          : `${base[0]}.${base[1]}.${16 * Math.floor(rnd() * 2)}.0/20`;
      await attempt('CreateSubnet', async () => {
        const { Subnet } = await client.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }),
        );
        ledger.subnets.set(Subnet!.SubnetId!, { vpcId, cidr: Subnet!.CidrBlock! });
        ledger.created.push(Subnet!.SubnetId!);
      });
    } else if (roll < 0.48) {
      const name = `web-${Math.floor(rnd() * 6)}`;
      await attempt('CreateSecurityGroup', async () => {
        const { GroupId } = await client.send(
          new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }),
        );
        ledger.groups.set(GroupId!, vpcId);
        ledger.created.push(GroupId!);
      });
    } else if (roll < 0.6) {
      const groupId = pick(rnd, live(ledger, ledger.groups)) ?? 'sg-00000000';
      const port = 1000 + Math.floor(rnd() * 4);
      await attempt('AuthorizeSecurityGroupIngress', async () => {
        const { SecurityGroupRules } = await client.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: port,
                ToPort: port,
                IpRanges: [{ CidrIp: '10.0.0.0/8' }],
              },
            ],
          }),
        );
        for (const r of SecurityGroupRules ?? []) ledger.rules.add(r.SecurityGroupRuleId!);
      });
    } else if (roll < 0.75) {
      const which = Math.floor(rnd() * 3);
      await attempt('Describe', async () => {
        if (which === 0) await client.send(new DescribeVpcsCommand({}));
        else if (which === 1)
          await client.send(
            new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
          );
        else await client.send(new DescribeSecurityGroupsCommand({}));
      });
    } else if (roll < 0.85) {
      const subnetId = pick(rnd, [...ledger.subnets.keys()]) ?? 'subnet-00000000';
      await attempt('DeleteSubnet', async () => {
        await client.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
        ledger.deleted.add(subnetId);
      });
    } else if (roll < 0.9) {
      const groupId = pick(rnd, [...ledger.groups.keys()]) ?? 'sg-00000000';
      await attempt('DeleteSecurityGroup', async () => {
        await client.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
        ledger.deleted.add(groupId);
      });
    } else if (roll < 0.96) {
      await attempt('DeleteVpc', async () => {
        await client.send(new DeleteVpcCommand({ VpcId: vpcId }));
        ledger.deleted.add(vpcId);
      });
    } else {
      // Malformed ids: refused by every client, whatever the others do.
      await attempt('CreateSubnet', async () => {
        await client.send(new CreateSubnetCommand({ VpcId: 'vpc-xyz', CidrBlock: '10.0.0.0/24' }));
      });
    }
  }
}

/** The address range of an IPv4 CIDR, as integers. */
function range(cidr: string): [number, number] {
  const [ip = '', bits = '32'] = cidr.split('/');
  const start = ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return [start, start + 2 ** (32 - Number(bits)) - 1];
}

const path = tempFiles('vpctwin-concurrency-')('state.db');
const ledger: Ledger = {
  vpcs: new Map(),
  subnets: new Map(),
  groups: new Map(),
  rules: new Set(),
  deleted: new Set(),
  created: [],
  failures: new Map(),
  serverFaults: [],
};
let twin: Twin;
let clients: EC2Client[];

beforeAll(async () => {
  twin = await startTwin({ store: openStore({ path }) });
  clients = Array.from(
    { length: CLIENTS },
    () =>
      new EC2Client({
        endpoint: twin.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
        maxAttempts: 1,
      }),
  );
  // First use of the Region happens once, before the crowd arrives.
  await twin.ec2.send(new DescribeVpcsCommand({}));
  await Promise.all(clients.map((c, n) => runClient(c, n, ledger)));
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await twin.close().catch(() => undefined);
});

describe(`${CLIENTS} clients sending ${CLIENTS * REQUESTS_PER_CLIENT} requests at once`, () => {
  it('got client errors only, of the kinds the mix provokes, and some of each outcome', () => {
    expect(ledger.serverFaults).toEqual([]);
    const codes = [...ledger.failures.values()].flatMap((m) => [...m.keys()]);
    expect(codes.filter((c) => !EXPECTED_FAILURES.has(c))).toEqual([]);
    expect(ledger.created.length).toBeGreaterThan(100);
    expect(ledger.deleted.size).toBeGreaterThan(5);
    expect(ledger.rules.size).toBeGreaterThan(5);
    expect([...ledger.failures.keys()].length).toBeGreaterThan(3);
  });

  it('handed out every id once', () => {
    expect(new Set(ledger.created).size).toBe(ledger.created.length);
    expect(new Set(ledger.rules).size).toBe(ledger.rules.size);
  });

  it('shows every successful create that was not deleted, and nothing else', async () => {
    const vpcs = (await twin.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    const subnets = (await twin.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    const groups =
      (await twin.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
    const liveVpcs = live(ledger, ledger.vpcs).sort();
    expect(vpcs.map((v) => v.VpcId).sort()).toEqual(liveVpcs);
    expect(subnets.map((s) => s.SubnetId).sort()).toEqual(live(ledger, ledger.subnets).sort());
    // Every VPC also has its default group, which nobody can delete.
    const defaults = groups.filter((g) => g.GroupName === 'default');
    expect(defaults.map((g) => g.VpcId).sort()).toEqual(liveVpcs);
    expect(
      groups
        .filter((g) => g.GroupName !== 'default')
        .map((g) => g.GroupId)
        .sort(),
    ).toEqual(live(ledger, ledger.groups).sort());
    for (const s of subnets) {
      expect(s.CidrBlock).toBe(ledger.subnets.get(s.SubnetId!)?.cidr);
      expect(s.VpcId).toBe(ledger.subnets.get(s.SubnetId!)?.vpcId);
    }
  });

  it('has no overlapping subnets inside a VPC', async () => {
    const subnets = (await twin.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    for (const a of subnets) {
      for (const b of subnets) {
        if (a.SubnetId === b.SubnetId || a.VpcId !== b.VpcId) continue;
        const [a0, a1] = range(a.CidrBlock!);
        const [b0, b1] = range(b.CidrBlock!);
        expect(a1 < b0 || b1 < a0, `${a.CidrBlock} and ${b.CidrBlock} in ${a.VpcId}`).toBe(true);
      }
    }
  });

  it('keeps every rule it confirmed, in a group that still exists', async () => {
    const rules: SecurityGroupRule[] = [];
    let token: string | undefined;
    do {
      const page = await twin.ec2.send(
        new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: token }),
      );
      rules.push(...(page.SecurityGroupRules ?? []));
      token = page.NextToken;
    } while (token !== undefined);
    const present = new Set(rules.map((r) => r.SecurityGroupRuleId));
    const liveGroups = new Set(live(ledger, ledger.groups));
    const expected = rules.filter(
      (r) => liveGroups.has(r.GroupId!) && ledger.rules.has(r.SecurityGroupRuleId!),
    );
    expect(expected.length).toBeGreaterThan(0);
    for (const r of expected) expect(present.has(r.SecurityGroupRuleId)).toBe(true);
    // Ingress rules on user groups are exactly the confirmed ones of live groups.
    const ingress = rules.filter((r) => r.IsEgress === false && liveGroups.has(r.GroupId!));
    for (const r of ingress)
      expect(ledger.rules.has(r.SecurityGroupRuleId!), r.SecurityGroupRuleId).toBe(true);
  });

  it('reads back the same state after the file is closed and opened again', async () => {
    const before = exportState(twin.store);
    expect(before).not.toBe('');
    for (const c of clients) c.destroy();
    await twin.close();
    const reopened = openStore({ path });
    try {
      expect(exportState(reopened)).toBe(before);
    } finally {
      reopened.close();
    }
  });
});
