import { execFile } from 'node:child_process';
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

let store: Store;
let app: FastifyInstance;
let endpoint: string;
let client: EC2Client;

beforeAll(async () => {
  store = openStore();
  app = buildServer({ store, defaultAccount: '123456789012' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  endpoint = `http://127.0.0.1:${address.port}`;
  client = new EC2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await app.close();
  store.close();
});

describe('@aws-sdk/client-ec2 against vpctwin serve', () => {
  it('creates, describes, modifies and deletes a VPC', async () => {
    const created = await client.send(
      new CreateVpcCommand({
        CidrBlock: '10.0.0.0/16',
        AmazonProvidedIpv6CidrBlock: true,
        TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'sdk' }] }],
      }),
    );
    const vpc = created.Vpc!;
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(vpc.CidrBlock).toBe('10.0.0.0/16');
    expect(vpc.IsDefault).toBe(false);
    expect(vpc.OwnerId).toBe('123456789012');
    expect(vpc.Tags).toEqual([{ Key: 'Name', Value: 'sdk' }]);
    expect(vpc.CidrBlockAssociationSet?.[0]?.CidrBlockState?.State).toBe('associated');
    expect(vpc.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock).toMatch(/\/56$/);

    const byId = await client.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] }));
    expect(byId.Vpcs?.map((v) => v.VpcId)).toEqual([vpc.VpcId]);
    const byTag = await client.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['sdk'] }] }),
    );
    expect(byTag.Vpcs?.map((v) => v.VpcId)).toEqual([vpc.VpcId]);

    await client.send(
      new ModifyVpcAttributeCommand({ VpcId: vpc.VpcId, EnableDnsHostnames: { Value: true } }),
    );
    const attr = await client.send(
      new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }),
    );
    expect(attr.EnableDnsHostnames?.Value).toBe(true);

    await client.send(new DeleteVpcCommand({ VpcId: vpc.VpcId }));
    const missing = await client.send(new DescribeVpcsCommand({ VpcIds: [vpc.VpcId!] })).then(
      () => undefined,
      (e: unknown) => e as { name: string; $fault: string },
    );
    expect(missing?.name).toBe('InvalidVpcID.NotFound');
    expect(missing?.$fault).toBe('client');
  });
});

interface AwsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the AWS CLI (v1 on PATH) against the server; resolves on any exit code. */
function aws(args: readonly string[]): Promise<AwsRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'aws',
      ['--endpoint-url', endpoint, '--region', 'us-east-1', ...args],
      {
        encoding: 'utf8',
        timeout: 15_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

describe('AWS CLI against vpctwin serve', () => {
  it('creates a VPC and reports a failing call with the error code', async () => {
    const [created, failed] = await Promise.all([
      aws(['ec2', 'create-vpc', '--cidr-block', '10.0.0.0/16', '--output', 'json']),
      aws(['ec2', 'describe-vpcs', '--vpc-ids', 'vpc-0123456789abcdef0', '--output', 'json']),
    ]);
    expect(created.code, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout) as {
      Vpc: { VpcId: string; CidrBlock: string; State: string; DhcpOptionsId: string };
    };
    expect(out.Vpc.VpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(out.Vpc.CidrBlock).toBe('10.0.0.0/16');
    expect(out.Vpc.State).toBe('available');
    expect(out.Vpc.DhcpOptionsId).toBe('default');
    expect(store.snapshot.get('vpc', out.Vpc.VpcId)).toBeDefined();

    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('InvalidVpcID.NotFound');
    expect(failed.stderr).toContain('DescribeVpcs');
  });
});
