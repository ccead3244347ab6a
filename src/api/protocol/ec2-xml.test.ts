import { describe, expect, it } from 'vitest';
import { Cidr } from '../../net/cidr.js';
import { escapeXml, serializeEc2Error, serializeEc2Response } from './ec2-xml.js';
import { loadEc2Model } from './model.js';

const model = loadEc2Model();
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

describe('serializeEc2Response', () => {
  it('writes CreateVpc with EC2 element names, typed values and item lists', () => {
    const xml = serializeEc2Response(
      'CreateVpc',
      {
        vpc: {
          vpcId: 'vpc-0123456789abcdef0',
          cidrBlock: Cidr.parse('10.0.0.0/16')!,
          state: 'pending',
          isDefault: false,
          cidrBlockAssociationSet: [
            {
              associationId: 'vpc-cidr-assoc-1',
              cidrBlock: '10.0.0.0/16',
              cidrBlockState: { state: 'associated' },
            },
          ],
          tags: [{ key: 'Name', value: 'a<b&"c"' }],
        },
      },
      'req-1',
      model,
    );
    expect(xml).toBe(
      `${HEAD}<CreateVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>` +
        '<vpc><cidrBlock>10.0.0.0/16</cidrBlock><state>pending</state><vpcId>vpc-0123456789abcdef0</vpcId>' +
        '<cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-1</associationId><cidrBlock>10.0.0.0/16</cidrBlock>' +
        '<cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet>' +
        '<isDefault>false</isDefault><tagSet><item><key>Name</key><value>a&lt;b&amp;&quot;c&quot;</value></item></tagSet>' +
        '</vpc></CreateVpcResponse>',
    );
  });

  it('writes an empty list as an empty element, and omits absent members', () => {
    const xml = serializeEc2Response('DescribeVpcs', { vpcs: [] }, 'r', model);
    expect(xml).toContain('<requestId>r</requestId><vpcSet/></DescribeVpcsResponse>');
    expect(xml).not.toContain('nextToken');
  });

  it('writes timestamps as ISO 8601', () => {
    const xml = serializeEc2Response(
      'DescribeSpotPriceHistory',
      {
        spotPriceHistory: [
          { spotPrice: '0.01', timestamp: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) },
        ],
      },
      'r',
      model,
    );
    expect(xml).toContain('<timestamp>2026-01-02T03:04:05.000Z</timestamp>');
  });

  it('writes only the request id for an operation without output', () => {
    const xml = serializeEc2Response('DeleteVpc', undefined, 'r', model);
    expect(xml).toBe(
      `${HEAD}<DeleteVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></DeleteVpcResponse>`,
    );
  });

  it('throws on output that does not fit the model (a handler bug)', () => {
    expect(() => serializeEc2Response('DescribeVpcs', { vpcz: [] }, 'r', model)).toThrow(/vpcz/);
    expect(() => serializeEc2Response('DescribeVpcs', { vpcs: 'x' }, 'r', model)).toThrow(/array/);
    expect(() =>
      serializeEc2Response('DescribeVpcs', { vpcs: [{ isDefault: 'no' }] }, 'r', model),
    ).toThrow(/boolean/);
    expect(() => serializeEc2Response('Nope', {}, 'r', model)).toThrow(/Nope/);
  });
});

describe('serializeEc2Error', () => {
  it("writes EC2's error document", () => {
    expect(
      serializeEc2Error(
        { code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-1' does not exist" },
        'r-1',
      ),
    ).toBe(
      `${HEAD}<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>` +
        '<Message>The vpc ID &apos;vpc-1&apos; does not exist</Message></Error></Errors><RequestID>r-1</RequestID></Response>',
    );
  });
});

describe('escapeXml', () => {
  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeXml('<a & "b">\'\r')).toBe('&lt;a &amp; &quot;b&quot;&gt;&apos;&#13;');
    expect(escapeXml('x\u0000y\uD800z😀')).toBe('x\uFFFDy\uFFFDz😀');
  });
});
