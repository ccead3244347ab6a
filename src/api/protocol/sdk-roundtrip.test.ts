/**
 * Contract tests against a real client: the AWS SDK for JavaScript v2 (the package whose
 * model drives the protocol layer) serializes requests for our parser and parses our XML
 * through its full response pipeline, with only the HTTP send replaced.
 */
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isProtocolError, parseEc2Query } from './ec2-query.js';
import { serializeEc2Error, serializeEc2Response } from './ec2-xml.js';
import { loadEc2Model, type Shape } from './model.js';

process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';

interface SdkResponse {
  httpResponse: { statusCode: number; headers: Record<string, string>; body: Buffer };
}
interface SdkRequest {
  build(): void;
  readonly httpRequest: { readonly body: string };
  removeAllListeners(event: string): void;
  on(event: 'send', listener: (response: SdkResponse) => void): void;
  promise(): Promise<Record<string, unknown>>;
}
interface SdkEc2 {
  makeRequest(operation: string, params: Record<string, unknown>): SdkRequest;
}
const AWS = createRequire(import.meta.url)('aws-sdk') as {
  EC2: new (options: Record<string, unknown>) => SdkEc2;
};
const ec2 = new AWS.EC2({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxRetries: 0,
});

const model = loadEc2Model();
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const op = (name: string) => model.operation(name)!;

/** Our lowerCamel objects ↔ the SDK's model-named ones, walked along the model. */
function convert(value: unknown, shape: Shape, toSdk: boolean): unknown {
  if (shape.kind === 'list')
    return (value as unknown[]).map((v) => convert(v, shape.member.shape, toSdk));
  if (shape.kind !== 'structure') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    const v = record[toSdk ? m.key : m.name];
    if (v !== undefined) out[toSdk ? m.name : m.key] = convert(v, m.shape, toSdk);
  }
  return out;
}

/** The SDK's XML parser answers an absent list with `[]`. */
function withEmptyLists(value: unknown, shape: Shape): unknown {
  if (shape.kind === 'list')
    return (value as unknown[]).map((v) => withEmptyLists(v, shape.member.shape));
  if (shape.kind !== 'structure') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    const v = record[m.key];
    if (v !== undefined) out[m.key] = withEmptyLists(v, m.shape);
    else if (m.shape.kind === 'list') out[m.key] = [];
  }
  return out;
}

/** Sends a request through the SDK with a canned HTTP response instead of the network. */
function answer(request: SdkRequest, statusCode: number, xml: string) {
  request.removeAllListeners('send');
  request.on('send', (response) => {
    response.httpResponse.statusCode = statusCode;
    response.httpResponse.headers = {};
    response.httpResponse.body = Buffer.from(xml);
  });
  return request.promise();
}

/**
 * Random values of a shape. Nested structures are never empty and lists never empty, since
 * EC2's query form cannot tell those from absent; the SDK writes timestamps to the second.
 */
function arbitrary(
  shape: Shape,
  depth: number,
  text: fc.Arbitrary<string>,
): fc.Arbitrary<unknown> | undefined {
  switch (shape.kind) {
    case 'structure': {
      if (depth > 3) return undefined;
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const m of shape.members) {
        const a = m.idempotencyToken ? fc.uuid() : arbitrary(m.shape, depth + 1, text);
        if (a !== undefined) fields[m.key] = a;
      }
      // The SDK fills an absent or empty idempotency token with a UUID, so the test always sets one.
      const requiredKeys = shape.members
        .filter((m) => m.idempotencyToken || shape.required.includes(m.name))
        .map((m) => m.key);
      if (requiredKeys.some((k) => !(k in fields))) return undefined;
      if (Object.keys(fields).length === 0) return undefined;
      const record = fc.record(fields, { requiredKeys });
      return depth === 0 ? record : record.filter((r) => Object.keys(r).length > 0);
    }
    case 'list': {
      const a = arbitrary(shape.member.shape, depth + 1, text);
      return a && fc.array(a, { minLength: 1, maxLength: 3 });
    }
    case 'string':
      return text;
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer();
    case 'long':
      return fc.maxSafeInteger();
    case 'float':
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    case 'timestamp':
      return fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000));
    case 'blob':
      return undefined;
  }
}

describe('requests the SDK writes', () => {
  const send = (operation: string, input: Record<string, unknown>) => {
    const request = ec2.makeRequest(
      lowerFirst(operation),
      convert(input, op(operation).input, true) as Record<string, unknown>,
    );
    request.build();
    return parseEc2Query(request.httpRequest.body, model);
  };

  it('decode to the object the caller gave it', () => {
    const input = {
      cidrBlock: '10.0.0.0/16',
      tagSpecifications: [{ resourceType: 'vpc', tags: [{ key: 'Name', value: 'prod' }] }],
      amazonProvidedIpv6CidrBlock: true,
    };
    expect(send('CreateVpc', input)).toEqual({ action: 'CreateVpc', version: '2016-11-15', input });
  });

  it.each([
    'CreateVpc',
    'DescribeVpcs',
    'CreateSubnet',
    'CreateTags',
    'ModifyVpcAttribute',
    'AuthorizeSecurityGroupIngress',
    'DescribeSpotPriceHistory',
    'CreateNetworkAcl',
  ])('%s: any input round-trips through the SDK serializer and our parser', (operation) => {
    const input = arbitrary(op(operation).input, 0, fc.string({ unit: 'grapheme', maxLength: 8 }))!;
    fc.assert(
      fc.property(input, (value) => {
        const parsed = send(operation, value as Record<string, unknown>);
        expect(isProtocolError(parsed) ? parsed : parsed.input).toEqual(value);
      }),
      { numRuns: 150 },
    );
  });
});

describe('responses the SDK reads', () => {
  const receive = async (operation: string, output: Record<string, unknown>) => {
    const xml = serializeEc2Response(operation, output, 'req-1', model);
    const data = await answer(ec2.makeRequest(lowerFirst(operation), {}), 200, xml);
    return convert(data, op(operation).output!, false);
  };

  it('parses CreateVpc and DescribeVpcs as AWS would send them', async () => {
    const vpc = {
      vpcId: 'vpc-0123456789abcdef0',
      cidrBlock: '10.0.0.0/16',
      state: 'available',
      ownerId: '123456789012',
      instanceTenancy: 'default',
      isDefault: true,
      cidrBlockAssociationSet: [
        {
          associationId: 'vpc-cidr-assoc-1',
          cidrBlock: '10.0.0.0/16',
          cidrBlockState: { state: 'associated' },
        },
      ],
      ipv6CidrBlockAssociationSet: [],
      tags: [{ key: 'Name', value: 'prod & <dev>' }],
    };
    await expect(receive('CreateVpc', { vpc })).resolves.toEqual({ vpc });
    await expect(receive('DescribeVpcs', { vpcs: [vpc, vpc], nextToken: 't' })).resolves.toEqual({
      vpcs: [vpc, vpc],
      nextToken: 't',
    });
  });

  it('surfaces our error document as the SDK error', async () => {
    const xml = serializeEc2Error(
      { code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist" },
      'req-9',
    );
    await expect(answer(ec2.makeRequest('describeVpcs', {}), 400, xml)).rejects.toMatchObject({
      code: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-1' does not exist",
      statusCode: 400,
      requestId: 'req-9',
    });
  });

  it.each([
    'CreateVpc',
    'DescribeVpcs',
    'DescribeSubnets',
    'DescribeSecurityGroups',
    'DescribeSpotPriceHistory',
  ])('%s: any output round-trips through our serializer and the SDK parser', async (operation) => {
    const shape = op(operation).output!;
    // xml2js (the SDK's parser) reads whitespace-only text as '', whoever wrote it.
    const text = fc
      .string({ unit: 'grapheme', maxLength: 8 })
      .filter((s) => s === '' || s.trim() !== '');
    const output = arbitrary(shape, 0, text)!;
    await fc.assert(
      fc.asyncProperty(output, async (value) => {
        const got = await receive(operation, value as Record<string, unknown>);
        expect(got).toEqual(withEmptyLists(value, shape));
      }),
      { numRuns: 100 },
    );
  });
});
