import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0';

let store: Store;
let app: FastifyInstance;
let n = 0;

beforeEach(() => {
  store = openStore();
  n = 0;
  app = buildServer({
    store,
    defaultAccount: '123456789012',
    defaultVpcs: false,
    requestId: () => `req-${++n}`,
  });
});

afterEach(async () => {
  await app.close();
  store.close();
});

/** Posts an EC2 query body as the AWS CLI does. */
async function call(params: Record<string, string> | string) {
  const payload = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  const res = await app.inject({
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: AUTH,
    },
    payload,
  });
  return { status: res.statusCode, body: res.body, requestId: res.headers['x-amzn-requestid'] };
}

const ec2 = (action: string, params: Record<string, string> = {}) =>
  call({ Action: action, Version: '2016-11-15', ...params });

const errorCode = (xml: string): string | undefined => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const errorMessage = (xml: string): string | undefined =>
  /<Message>([^<]*)<\/Message>/.exec(xml)?.[1]?.replaceAll('&apos;', "'");
const vpcIds = (xml: string): string[] =>
  [...xml.matchAll(/<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/g)].map((m) => m[1]!);

async function createVpc(cidr: string, name?: string): Promise<string> {
  const tags: Record<string, string> =
    name === undefined
      ? {}
      : {
          'TagSpecification.1.ResourceType': 'vpc',
          'TagSpecification.1.Tag.1.Key': 'Name',
          'TagSpecification.1.Tag.1.Value': name,
        };
  const res = await ec2('CreateVpc', { CidrBlock: cidr, ...tags });
  expect(res.status, res.body).toBe(200);
  return /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(res.body)![1]!;
}

const vpcCount = () => store.snapshot.count('vpc');

describe('vpctwin serve: VPC operations over app.inject()', () => {
  it('answers health and carries request ids', async () => {
    const health = await app.inject({ method: 'GET', url: '/_vpctwin/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const res = await ec2('DescribeVpcs');
    expect(res.status).toBe(200);
    expect(res.requestId).toBe('req-1');
    expect(res.body).toContain('<requestId>req-1</requestId>');
  });

  it('creates, describes, filters, paginates, modifies and deletes', async () => {
    const a = await createVpc('10.0.0.0/16', 'prod');
    const b = await createVpc('10.1.0.0/16', 'dev');
    const all = await ec2('DescribeVpcs');
    expect(vpcIds(all.body).sort()).toEqual([a, b].sort());
    expect(all.body).toContain('<dhcpOptionsId>default</dhcpOptionsId>');
    expect(all.body).toContain('<tagSet><item><key>Name</key><value>prod</value></item></tagSet>');

    const cases: [Record<string, string>, string[]][] = [
      [{ 'Filter.1.Name': 'tag:Name', 'Filter.1.Value.1': 'prod' }, [a]],
      [{ 'Filter.1.Name': 'tag:Name', 'Filter.1.Value.1': 'pr*' }, [a]],
      [{ 'Filter.1.Name': 'cidr', 'Filter.1.Value.1': '10.1.0.0/16' }, [b]],
      [
        { 'Filter.1.Name': 'cidr-block-association.cidr-block', 'Filter.1.Value.1': '10.0.0.0/16' },
        [a],
      ],
      [{ 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': b }, [b]],
      [{ 'Filter.1.Name': 'is-default', 'Filter.1.Value.1': 'true' }, []],
      [{ 'Filter.1.Name': 'state', 'Filter.1.Value.1': 'available' }, [a, b].sort()],
      [{ 'Filter.1.Name': 'owner-id', 'Filter.1.Value.1': '999999999999' }, []],
      [{ 'Filter.1.Name': 'tag-key', 'Filter.1.Value.1': 'Name' }, [a, b].sort()],
      [
        {
          'Filter.1.Name': 'tag-key',
          'Filter.1.Value.1': 'Name',
          'Filter.2.Name': 'tag:Name',
          'Filter.2.Value.1': 'dev',
        },
        [b],
      ],
    ];
    for (const [filters, expected] of cases) {
      const res = await ec2('DescribeVpcs', filters);
      expect(res.status, JSON.stringify(filters)).toBe(200);
      expect(vpcIds(res.body).sort(), JSON.stringify(filters)).toEqual(expected);
    }

    // Pagination: 6 VPCs, pages of 5.
    for (let i = 2; i < 6; i++) await createVpc(`10.${i}.0.0/16`);
    const first = await ec2('DescribeVpcs', { MaxResults: '5' });
    const token = /<nextToken>([^<]+)<\/nextToken>/.exec(first.body)?.[1];
    expect(vpcIds(first.body)).toHaveLength(5);
    expect(token).toBeDefined();
    const second = await ec2('DescribeVpcs', { MaxResults: '5', NextToken: token! });
    expect(vpcIds(second.body)).toHaveLength(1);
    expect(second.body).not.toContain('<nextToken>');
    expect(new Set([...vpcIds(first.body), ...vpcIds(second.body)]).size).toBe(6);
    const badToken = await ec2('DescribeVpcs', { NextToken: 'garbage' });
    expect(errorCode(badToken.body)).toBe('InvalidPaginationToken');

    const modify = await ec2('ModifyVpcAttribute', {
      VpcId: a,
      'EnableDnsHostnames.Value': 'true',
    });
    expect(modify.status, modify.body).toBe(200);
    const attr = await ec2('DescribeVpcAttribute', { VpcId: a, Attribute: 'enableDnsHostnames' });
    expect(attr.body).toContain('<enableDnsHostnames><value>true</value></enableDnsHostnames>');

    const assoc = await ec2('AssociateVpcCidrBlock', { VpcId: a, CidrBlock: '10.0.0.0/16' });
    expect(errorCode(assoc.body)).toBe('InvalidVpc.Range');
    const assoc2 = await ec2('AssociateVpcCidrBlock', { VpcId: a, CidrBlock: '10.100.0.0/16' });
    expect(assoc2.status, assoc2.body).toBe(200);
    const assocId = /<associationId>([^<]+)<\/associationId>/.exec(assoc2.body)![1]!;
    expect(assoc2.body).toContain('<cidrBlockState><state>associating</state></cidrBlockState>');
    const dis = await ec2('DisassociateVpcCidrBlock', { AssociationId: assocId });
    expect(dis.status, dis.body).toBe(200);
    expect(dis.body).toContain('<cidrBlock>10.100.0.0/16</cidrBlock>');

    const tag = await ec2('CreateTags', {
      'ResourceId.1': b,
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'net',
    });
    expect(tag.status, tag.body).toBe(200);
    const byTeam = await ec2('DescribeVpcs', {
      'Filter.1.Name': 'tag:team',
      'Filter.1.Value.1': 'net',
    });
    expect(vpcIds(byTeam.body)).toEqual([b]);
    const untag = await ec2('DeleteTags', { 'ResourceId.1': b, 'Tag.1.Key': 'team' });
    expect(untag.status, untag.body).toBe(200);
    const byTeam2 = await ec2('DescribeVpcs', {
      'Filter.1.Name': 'tag-key',
      'Filter.1.Value.1': 'team',
    });
    expect(vpcIds(byTeam2.body)).toEqual([]);

    const del = await ec2('DeleteVpc', { VpcId: a });
    expect(del.status, del.body).toBe(200);
    expect(store.snapshot.get('vpc', a)).toBeUndefined();
  });

  it('refuses a malformed CIDR with AWS code and message, state unchanged', async () => {
    await createVpc('10.0.0.0/16');
    const revision = store.snapshot.revision;
    const res = await ec2('CreateVpc', { CidrBlock: '10.0.0.0/33' });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('InvalidParameterValue');
    expect(errorMessage(res.body)).toBe(
      'Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
    );
    expect(res.body).toContain('<RequestID>req-2</RequestID>');
    expect(store.snapshot.revision).toBe(revision);
    expect(vpcCount()).toBe(1);
  });

  it('answers InvalidVpcID.NotFound for an unknown VPC', async () => {
    for (const [action, params] of [
      ['DescribeVpcs', { 'VpcId.1': 'vpc-0123456789abcdef0' }],
      ['DeleteVpc', { VpcId: 'vpc-0123456789abcdef0' }],
      ['ModifyVpcAttribute', { VpcId: 'vpc-0123456789abcdef0', 'EnableDnsSupport.Value': 'false' }],
      ['DescribeVpcAttribute', { VpcId: 'vpc-0123456789abcdef0', Attribute: 'enableDnsSupport' }],
    ] as const) {
      const res = await ec2(action, params);
      expect(res.status, action).toBe(400);
      expect(errorCode(res.body), action).toBe('InvalidVpcID.NotFound');
      expect(errorMessage(res.body)).toBe("The vpc ID 'vpc-0123456789abcdef0' does not exist");
    }
  });

  it('answers garbage bodies, unknown actions and unknown filters with well-formed 4xx errors', async () => {
    await createVpc('10.0.0.0/16');
    const revision = store.snapshot.revision;
    const cases: [string, string][] = [
      ['%%%garbage\u0000&&==', 'MissingAction'],
      ['', 'MissingAction'],
      ['Action=Frobnicate&Version=2016-11-15', 'InvalidAction'],
      ['Action=DescribeVpcs&Version=1999-01-01', 'NoSuchVersion'],
      ['Action=DescribeVpcs&Version=2016-11-15&Bogus=1', 'UnknownParameter'],
      ['Action=DescribeVpcs&Version=2016-11-15&MaxResults=abc', 'InvalidParameterValue'],
      ['Action=DescribeVpcs&Version=2016-11-15&MaxResults=2', 'InvalidParameterValue'],
      [
        'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=nope&Filter.1.Value.1=x',
        'InvalidParameterValue',
      ],
      ['Action=CreateVpc&Version=2016-11-15', 'MissingParameter'],
      ['Action=DeleteVpc&Version=2016-11-15', 'MissingParameter'],
      [
        'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.9.0.0/16&TagSpecification.1.ResourceType=subnet',
        'InvalidParameterValue',
      ],
    ];
    for (const [body, code] of cases) {
      const res = await call(body);
      expect(res.status, body).toBe(400);
      expect(errorCode(res.body), body).toBe(code);
      expect(res.body).toMatch(
        /^<\?xml .*<Response><Errors><Error>.*<RequestID>req-\d+<\/RequestID><\/Response>$/,
      );
    }
    expect(store.snapshot.revision).toBe(revision);
    // JSON or other media types carry no Action.
    const json = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      payload: '{"Action":"DescribeVpcs"}',
    });
    expect(json.statusCode).toBe(400);
    expect(errorCode(json.body)).toBe('MissingAction');
  });

  it('names a known but unimplemented action', async () => {
    const res = await ec2('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: '8' });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('InvalidAction');
    expect(errorMessage(res.body)).toBe('The action CreateVolume is not implemented by vpctwin');
    // Even with its required parameters missing.
    const bare = await ec2('AttachVolume');
    expect(errorMessage(bare.body)).toBe('The action AttachVolume is not implemented by vpctwin');
  });

  it('answers DryRunOperation 412 without changing state, and the real error otherwise', async () => {
    const id = await createVpc('10.0.0.0/16');
    const revision = store.snapshot.revision;
    for (const [action, params] of [
      ['CreateVpc', { CidrBlock: '10.1.0.0/16' }],
      ['DeleteVpc', { VpcId: id }],
      ['DescribeVpcs', {}],
      ['CreateTags', { 'ResourceId.1': id, 'Tag.1.Key': 'k', 'Tag.1.Value': 'v' }],
    ] as const) {
      const res = await ec2(action, { ...params, DryRun: 'true' });
      expect(res.status, action).toBe(412);
      expect(errorCode(res.body), action).toBe('DryRunOperation');
      expect(errorMessage(res.body)).toBe('Request would have succeeded, but DryRun flag is set.');
    }
    const bad = await ec2('CreateVpc', { CidrBlock: 'nope', DryRun: 'true' });
    expect(errorCode(bad.body)).toBe('InvalidParameterValue');
    expect(store.snapshot.revision).toBe(revision);
    expect(vpcCount()).toBe(1);
  });

  it('takes the Region from the credential scope and refuses a service it does not emulate', async () => {
    const west = await app.inject({
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: AUTH.replace('us-east-1', 'eu-west-1'),
      },
      payload: 'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16',
    });
    expect(west.statusCode, west.body).toBe(200);
    const [vpc] = store.snapshot.all('vpc');
    expect(vpc?.region).toBe('eu-west-1');
    expect(vpcIds((await ec2('DescribeVpcs')).body)).toEqual([]);
    const sts = await app.inject({
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: AUTH.replace('/ec2/', '/s3/'),
      },
      payload: 'Action=ListBuckets',
    });
    expect(sts.statusCode).toBe(400);
    expect(errorCode(sts.body)).toBe('InvalidAction');
    expect(errorMessage(sts.body)).toBe('The service s3 is not implemented by vpctwin');
  });

  it('turns an unexpected exception into InternalError 500', async () => {
    const broken = buildServer({
      store: {
        ...store,
        get snapshot(): never {
          throw new Error('boom');
        },
        execute: store.execute.bind(store),
      },
      defaultAccount: '123456789012',
      requestId: () => 'req-x',
    });
    const res = await broken.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'Action=DescribeVpcs&Version=2016-11-15',
    });
    await broken.close();
    expect(res.statusCode).toBe(500);
    expect(errorCode(res.body)).toBe('InternalError');
    expect(res.headers['x-amzn-requestid']).toBe('req-x');
  });

  it('empties the state on reset', async () => {
    await createVpc('10.0.0.0/16');
    const res = await app.inject({ method: 'POST', url: '/_vpctwin/reset' });
    expect(res.statusCode).toBe(200);
    expect(vpcCount()).toBe(0);
    expect(store.snapshot.count('account')).toBe(0);
    expect(vpcIds((await ec2('DescribeVpcs')).body)).toEqual([]);
    await createVpc('10.0.0.0/16');
    expect(vpcCount()).toBe(1);
  });
});
