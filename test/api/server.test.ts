import {
  CreateRouteTableCommand,
  CreateVpcCommand,
  DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { loadTopology } from '../../src/topology/load.js';
import { parseTopology } from '../../src/topology/source.js';
import { authorization, startTwin, type Twin } from '../support/api.js';

const twins: Twin[] = [];
afterEach(async () => {
  for (const t of twins.splice(0)) await t.close();
});
async function twin(options: Parameters<typeof startTwin>[0] = {}): Promise<Twin> {
  const t = await startTwin(options);
  twins.push(t);
  return t;
}

const client = (t: Twin, accessKeyId: string, secretAccessKey = 'secret', region = 'us-east-1') =>
  new EC2Client({
    endpoint: t.endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });

const ACCOUNTS = [
  { accessKeyId: 'AKIAALICE', secretAccessKey: 'alice-secret', accountId: '111111111111' },
  {
    accessKeyId: 'AKIABOB',
    secretAccessKey: 'bob-secret',
    accountId: '222222222222',
    arn: 'arn:aws:iam::222222222222:user/bob',
  },
];

describe('accounts from access keys', () => {
  it('maps keys to accounts, unknown keys to the default account, and keeps them apart', async () => {
    const t = await twin({ accounts: ACCOUNTS });
    const alice = client(t, 'AKIAALICE');
    const bob = client(t, 'AKIABOB');
    const stranger = client(t, 'AKIASOMEONE');
    const a = await alice.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    const b = await bob.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));
    expect(a.Vpc?.OwnerId).toBe('111111111111');
    expect(b.Vpc?.OwnerId).toBe('222222222222');
    const seenBy = async (c: EC2Client) =>
      ((await c.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((v) => v.VpcId);
    expect(await seenBy(alice)).toEqual([a.Vpc?.VpcId]);
    expect(await seenBy(bob)).toEqual([b.Vpc?.VpcId]);
    expect(await seenBy(stranger)).toEqual([]);
    for (const c of [alice, bob, stranger]) c.destroy();
  });
});

describe('--verify-signatures', () => {
  it('accepts a correctly signed request and refuses wrong secrets and unknown keys', async () => {
    const t = await twin({ accounts: ACCOUNTS, verifySignatures: true });
    const good = client(t, 'AKIAALICE', 'alice-secret');
    const created = await good.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    expect(created.Vpc?.OwnerId).toBe('111111111111');
    const before = t.state();
    const wrong = client(t, 'AKIAALICE', 'not-the-secret');
    await expect(
      wrong.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' })),
    ).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    const unknown = client(t, 'AKIANOBODY', 'whatever');
    await expect(unknown.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
      $metadata: { httpStatusCode: 401 },
    });
    const unsigned = await t.post('Action=DescribeVpcs&Version=2016-11-15', { authorization: '' });
    expect([unsigned.status, unsigned.code]).toEqual([403, 'MissingAuthenticationToken']);
    expect(t.state()).toBe(before);
    for (const c of [good, wrong, unknown]) c.destroy();
  });

  it('refuses a request signed too long ago', async () => {
    const t = await twin({
      accounts: ACCOUNTS,
      verifySignatures: true,
      now: () => Date.now() + 60 * 60 * 1000,
    });
    const c = client(t, 'AKIAALICE', 'alice-secret');
    await expect(c.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      name: 'RequestExpired',
    });
    c.destroy();
  });
});

describe('sts:GetCallerIdentity', () => {
  it('answers with the caller account and ARN', async () => {
    const t = await twin({ accounts: ACCOUNTS });
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const bob = await t.post(body, { authorization: authorization('us-east-1', 'sts', 'AKIABOB') });
    expect(bob.status).toBe(200);
    expect(bob.body).toContain('<Account>222222222222</Account>');
    expect(bob.body).toContain('<Arn>arn:aws:iam::222222222222:user/bob</Arn>');
    const other = await t.post(body, { authorization: authorization('us-east-1', 'sts', 'AKIAX') });
    expect(other.body).toContain('<Account>123456789012</Account>');
    expect(other.body).toContain('<Arn>arn:aws:iam::123456789012:root</Arn>');
    const bad = await t.post('Action=AssumeRole&Version=2011-06-15', {
      authorization: authorization('us-east-1', 'sts'),
    });
    expect([bad.status, bad.code]).toEqual([400, 'InvalidAction']);
  });
});

describe('default VPC on first use', () => {
  it('creates 172.31.0.0/16 with a default subnet per AZ, an IGW and a default route', async () => {
    const t = await twin({ defaultVpcs: true });
    const vpcs = (await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(vpcs).toHaveLength(1);
    const vpc = vpcs[0];
    expect([vpc?.CidrBlock, vpc?.IsDefault]).toEqual(['172.31.0.0/16', true]);
    const azs = (await t.ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones;
    const subnets = (await t.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    expect(subnets).toHaveLength(azs?.length ?? -1);
    expect(subnets.every((s) => s.DefaultForAz === true && s.MapPublicIpOnLaunch === true)).toBe(
      true,
    );
    expect(subnets.map((s) => s.CidrBlock).sort()).toContain('172.31.16.0/20');
    const tables = (await t.ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
    const routes = tables.flatMap((rt) => rt.Routes ?? []);
    expect(routes.find((r) => r.DestinationCidrBlock === '0.0.0.0/0')?.GatewayId).toMatch(/^igw-/);
    const attrs = await t.ec2.send(
      new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc'] }),
    );
    expect(attrs.AccountAttributes?.[0]?.AttributeValues?.[0]?.AttributeValue).toBe(vpc?.VpcId);
    const again = await t.query('CreateDefaultVpc');
    expect([again.status, again.code]).toEqual([400, 'DefaultVpcAlreadyExists']);
  });

  it('gives each Region its own and creates none when turned off', async () => {
    const on = await twin({ defaultVpcs: true });
    const west = client(on, 'AKIDTEST', 'x', 'eu-west-1');
    const inWest = (await west.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(inWest.map((v) => v.IsDefault)).toEqual([true]);
    west.destroy();
    const off = await twin({ defaultVpcs: false });
    expect((await off.ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
  });

  it('is not added to a Region a topology file already set up', async () => {
    const store = openStore();
    const text =
      'version: 1\naccounts:\n  - id: "123456789012"\n    regions:\n      - name: us-east-1\n        vpcs:\n          - { name: app, cidr: 10.0.0.0/16 }\n';
    const parsed = parseTopology('inline.yaml', text);
    if (!parsed.ok) throw new Error('bad fixture');
    expect(loadTopology(store, parsed.value.topology, parsed.value.source).ok).toBe(true);
    const t = await twin({ store, defaultVpcs: true });
    const vpcs = (await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [];
    expect(vpcs.map((v) => [v.CidrBlock, v.IsDefault])).toEqual([['10.0.0.0/16', false]]);
  });
});

describe('account and Region actions', () => {
  it("lists Regions and the caller account's AZ mapping", async () => {
    const t = await twin();
    const regions = (await t.ec2.send(new DescribeRegionsCommand({}))).Regions ?? [];
    expect(regions.map((r) => r.RegionName)).toContain('eu-west-1');
    const zones = await t.ec2.send(
      new DescribeAvailabilityZonesCommand({
        Filters: [{ Name: 'zone-name', Values: ['us-east-1a'] }],
      }),
    );
    expect(zones.AvailabilityZones?.map((z) => [z.ZoneName, z.RegionName])).toEqual([
      ['us-east-1a', 'us-east-1'],
    ]);
    expect(zones.AvailabilityZones?.[0]?.ZoneId).toMatch(/^use1-az\d$/);
    const bad = await t.query('DescribeAvailabilityZones', { 'ZoneName.1': 'us-east-1z' });
    expect([bad.status, bad.code]).toEqual([400, 'InvalidParameterValue']);
  });
});

describe('ClientToken idempotency', () => {
  it('replays a retried create and refuses the same token with other parameters', async () => {
    const t = await twin();
    const vpc = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId;
    const first = await t.ec2.send(
      new CreateRouteTableCommand({ VpcId: vpc, ClientToken: 'tok-1' }),
    );
    const retry = await t.ec2.send(
      new CreateRouteTableCommand({ VpcId: vpc, ClientToken: 'tok-1' }),
    );
    expect(retry.RouteTable?.RouteTableId).toBe(first.RouteTable?.RouteTableId);
    expect(retry.ClientToken).toBe('tok-1');
    const tables = (await t.ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
    expect(tables).toHaveLength(2); // the main table and one created table
    const other = (await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc?.VpcId;
    const before = t.state();
    await expect(
      t.ec2.send(new CreateRouteTableCommand({ VpcId: other, ClientToken: 'tok-1' })),
    ).rejects.toMatchObject({ name: 'IdempotentParameterMismatch' });
    expect(t.state()).toBe(before);
  });
});

describe('transport', () => {
  it('takes query requests as GET query strings and on any path, as EC2 does', async () => {
    const t = await twin();
    const get = await t.app.inject({
      method: 'GET',
      url: '/?Action=DescribeVpcs&Version=2016-11-15',
      headers: { authorization: authorization() },
    });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('<DescribeVpcsResponse');
    const elsewhere = await t.post('Action=DescribeVpcs&Version=2016-11-15');
    expect(elsewhere.status).toBe(200);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/some/path',
      headers: { 'content-type': '', authorization: authorization() },
      payload: 'Action=DescribeVpcs&Version=2016-11-15',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<Code>');
  });
});

describe('operator endpoints', () => {
  it('exports the state as a topology file that loads back', async () => {
    const t = await twin();
    await t.ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.7.0.0/16',
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'exported' }] }],
      }),
    );
    const res = await t.app.inject({ method: 'GET', url: '/_vpctwin/export' });
    expect(res.statusCode).toBe(200);
    const doc = parseYaml(res.body) as { accounts: { regions: { vpcs: { name: string }[] }[] }[] };
    expect(doc.accounts[0]?.regions[0]?.vpcs.map((v) => v.name)).toEqual(['exported']);
    const parsed = parseTopology('export.yaml', res.body);
    expect(parsed.ok).toBe(true);
  });

  it('resets through /moto-api/reset as well, for suites written against moto', async () => {
    const t = await twin();
    await t.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const res = await t.app.inject({ method: 'POST', url: '/moto-api/reset' });
    expect(res.statusCode).toBe(200);
    expect((await t.ec2.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
  });
});
