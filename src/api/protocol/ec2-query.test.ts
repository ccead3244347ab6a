import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProtocolError, MAX_BODY_BYTES, parseEc2Query } from './ec2-query.js';
import { loadEc2Model } from './model.js';

const model = loadEc2Model();
const V = 'Version=2016-11-15';

describe('parseEc2Query: bodies captured from the JS SDK (ECOSYSTEM.md §8)', () => {
  it('decodes CreateVpc with nested tag specifications', () => {
    const body =
      'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc' +
      '&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=prod&AmazonProvidedIpv6CidrBlock=true';
    expect(parseEc2Query(body, model)).toEqual({
      action: 'CreateVpc',
      version: '2016-11-15',
      input: {
        cidrBlock: '10.0.0.0/16',
        tagSpecifications: [{ resourceType: 'vpc', tags: [{ key: 'Name', value: 'prod' }] }],
        amazonProvidedIpv6CidrBlock: true,
      },
    });
  });

  it('decodes DescribeVpcs with ids, filters and paging', () => {
    const body =
      `Action=DescribeVpcs&${V}&VpcId.1=vpc-nope&VpcId.2=vpc-2&Filter.1.Name=tag%3AName` +
      '&Filter.1.Value.1=prod&Filter.1.Value.2=dev&Filter.2.Name=is-default&Filter.2.Value.1=false' +
      '&MaxResults=5&NextToken=abc';
    expect(parseEc2Query(body, model)).toEqual({
      action: 'DescribeVpcs',
      version: '2016-11-15',
      input: {
        vpcIds: ['vpc-nope', 'vpc-2'],
        filters: [
          { name: 'tag:Name', values: ['prod', 'dev'] },
          { name: 'is-default', values: ['false'] },
        ],
        maxResults: 5,
        nextToken: 'abc',
      },
    });
  });

  it('orders list entries by index, whatever order they arrive in', () => {
    const r = parseEc2Query(`Action=DescribeVpcs&${V}&VpcId.2=b&VpcId.10=c&VpcId.1=a`, model);
    expect(r).toMatchObject({ input: { vpcIds: ['a', 'b', 'c'] } });
  });

  it('types timestamps and ignores query-auth parameters', () => {
    const r = parseEc2Query(
      `Action=DescribeSpotPriceHistory&${V}&StartTime=2026-01-02T03:04:05Z&X-Amz-Date=x&Signature=s`,
      model,
    );
    expect(r).toEqual({
      action: 'DescribeSpotPriceHistory',
      version: '2016-11-15',
      input: { startTime: new Date('2026-01-02T03:04:05Z') },
    });
  });

  it('accepts an operation without parameters', () => {
    expect(parseEc2Query(`Action=DescribeVpcs&${V}`, model)).toMatchObject({ input: {} });
  });
});

describe('parseEc2Query: refusals, as EC2 words them', () => {
  const refusal = (body: string) => {
    const r = parseEc2Query(body, model);
    if (!isProtocolError(r)) throw new Error(`expected a refusal, got ${JSON.stringify(r)}`);
    expect(r.httpStatus).toBe(400);
    return { code: r.code, message: r.message };
  };

  it.each([
    [`${V}`, 'MissingAction', 'The request must contain the parameter Action'],
    [
      `Action=CreateVpcz&${V}`,
      'InvalidAction',
      'The action CreateVpcz is not valid for this web service.',
    ],
    ['Action=CreateVpc', 'MissingParameter', 'The request must contain the parameter Version'],
    [
      'Action=CreateVpc&Version=2099-01-01',
      'NoSuchVersion',
      'The requested version (2099-01-01) of service AmazonEC2 does not exist',
    ],
    [`Action=CreateVpc&${V}&Bogus=1`, 'UnknownParameter', 'The parameter Bogus is not recognized'],
    // Member names, not query names, are not accepted on the wire.
    [
      `Action=CreateVpc&${V}&TagSpecifications.1.ResourceType=vpc`,
      'UnknownParameter',
      'The parameter TagSpecifications is not recognized',
    ],
    [
      `Action=CreateVpc&${V}&TagSpecification.1.Tag.1.Colour=x`,
      'UnknownParameter',
      'The parameter TagSpecification.1.Tag.1.Colour is not recognized',
    ],
    [
      `Action=DescribeVpcs&${V}&VpcId.0=vpc-1`,
      'UnknownParameter',
      'The parameter VpcId.0 is not recognized',
    ],
    [
      `Action=DescribeVpcs&${V}&VpcId=vpc-1`,
      'UnknownParameter',
      'The parameter VpcId is not recognized',
    ],
    [
      `Action=DescribeVpcs&${V}&MaxResults.1=5`,
      'UnknownParameter',
      'The parameter MaxResults.1 is not recognized',
    ],
    [
      `Action=CreateSubnet&${V}&CidrBlock=10.0.0.0%2F24`,
      'MissingParameter',
      'The request must contain the parameter VpcId',
    ],
    [
      `Action=DescribeVpcs&${V}&MaxResults=5.5`,
      'InvalidParameterValue',
      "Value (5.5) for parameter MaxResults is invalid. Expected: 'integer'.",
    ],
    [
      `Action=DescribeVpcs&${V}&MaxResults=99999999999`,
      'InvalidParameterValue',
      "Value (99999999999) for parameter MaxResults is invalid. Expected: 'integer'.",
    ],
    [
      `Action=DescribeVpcs&${V}&DryRun=yes`,
      'InvalidParameterValue',
      "Value (yes) for parameter DryRun is invalid. Expected: 'boolean'.",
    ],
    [
      `Action=DescribeSpotPriceHistory&${V}&StartTime=yesterday`,
      'InvalidParameterValue',
      "Value (yesterday) for parameter StartTime is invalid. Expected: 'timestamp'.",
    ],
    [
      `Action=DescribeVpcs&${V}&VpcId.1=a&VpcId.1=b`,
      'InvalidParameterValue',
      'The parameter VpcId.1 is specified more than once',
    ],
    [
      `Action=DescribeVpcs&Action=CreateVpc&${V}`,
      'InvalidParameterValue',
      'The parameter Action is specified more than once',
    ],
  ])('%s → %s', (body, code, message) => {
    expect(refusal(body)).toEqual({ code, message });
  });

  it('refuses an oversized body without parsing it', () => {
    const body = `Action=DescribeVpcs&${V}&NextToken=${'a'.repeat(MAX_BODY_BYTES)}`;
    expect(refusal(body).code).toBe('InvalidParameterValue');
  });
});

describe('parseEc2Query: garbage never throws', () => {
  it('answers a body without an Action with a refusal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (body) => {
        fc.pre(!new URLSearchParams(body).has('Action'));
        expect(isProtocolError(parseEc2Query(body, model))).toBe(true);
      }),
    );
  });

  // Bodies built from the model's own names, indices and odd values reach deep into the decoder.
  const names = model
    .operation('CreateVpc')!
    .input.members.map((m) => m.queryName)
    .concat(['Tag', 'Key', 'Value', 'ResourceType', 'Filter', 'Name', 'VpcId', 'MaxResults']);
  const segment = fc.oneof(
    fc.constantFrom(...names),
    fc.constantFrom('0', '1', '2', '-1', '01', ''),
  );
  const param = fc.tuple(
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('.')),
    fc.oneof(fc.constantFrom('true', 'false', '5', '1e3', '', '10.0.0.0/16'), fc.string()),
  );

  it('answers structured garbage with a decoded request or a 400, never an exception', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CreateVpc', 'DescribeVpcs', 'CreateSubnet', 'Nope'),
        fc.array(param, { maxLength: 12 }),
        (action, params) => {
          const body = new URLSearchParams([
            ['Action', action],
            ['Version', '2016-11-15'],
            ...params,
          ]);
          const r = parseEc2Query(body.toString(), model);
          if (isProtocolError(r)) {
            expect(r.httpStatus).toBe(400);
            expect(r.message).not.toBe('');
          } else {
            expect(r.action).toBe(action);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
