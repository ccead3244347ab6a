import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Cidr, Ip } from '../../net/index.js';
import { AMAZON_SCOPES, amazonScope, isAmazonScopeName } from './amazon-scopes.js';
import { parseAccessScope, type AccessScope } from './scope.js';
import { scopeToJson } from './scope-json.js';
import { packetHeaderSpace } from './scope-space.js';

const ip = (t: string) => Ip.parse(t)!;
const parsed = (json: unknown): AccessScope => {
  const r = parseAccessScope(json);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const error = (json: unknown) => {
  const r = parseAccessScope(json);
  if (r.ok) throw new Error('expected an error');
  return { code: r.error.code, message: r.error.message, status: r.error.httpStatus };
};

/** The guide's examples 2 and 6 in one scope: bastions reached other than on 22, and the firewall bypass. */
const GUIDE = {
  MatchPaths: [
    {
      Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
      Destination: {
        ResourceStatement: {
          Resources: ['arn:aws:resource-groups:us-east-1:123456789012:group/bastions'],
        },
        PacketHeaderStatement: { DestinationPorts: ['22', '1024-65535'], Protocols: ['tcp'] },
      },
    },
  ],
  ExcludePaths: [
    {
      Source: { PacketHeaderStatement: { SourceAddresses: ['55.3.0.0/16', '2001:db8::1'] } },
    },
    {
      ThroughResources: [
        { ResourceStatement: { ResourceTypes: ['AWS::NetworkFirewall::NetworkFirewall'] } },
      ],
    },
    {
      Destination: {
        PacketHeaderStatement: {
          DestinationPrefixLists: [
            'pl-0123456789abcdef0',
            'arn:aws:ec2:us-east-1:123456789012:prefix-list/pl-00000000000000001',
          ],
        },
      },
    },
  ],
};

describe('access scopes', () => {
  it('parses AWS JSON into typed statements and writes it back unchanged', () => {
    const s = parsed(GUIDE);
    expect(s.matchPaths[0]!.destination!.packetHeaderStatement).toEqual({
      destinationPorts: [
        { from: 22, to: 22 },
        { from: 1024, to: 65535 },
      ],
      protocols: [6],
    });
    expect(s.excludePaths[0]!.source!.packetHeaderStatement!.sourceAddresses!.map(String)).toEqual([
      '55.3.0.0/16',
      '2001:db8::1/128',
    ]);
    expect(s.excludePaths[2]!.destination!.packetHeaderStatement!.destinationPrefixLists).toEqual([
      'pl-0123456789abcdef0',
      'pl-00000000000000001',
    ]);
    const json = scopeToJson(s);
    expect(json.MatchPaths[0]).toEqual(GUIDE.MatchPaths[0]);
    expect(parsed(json)).toEqual(s);
  });

  it('answers invalid scopes with AWS error codes, naming the field', () => {
    const dst = (d: unknown) => ({ MatchPaths: [{ Destination: d }] });
    expect(error({})).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(error({ MatchPaths: [{}] })).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'MatchPaths.1 must set Source, Destination or ThroughResources',
    });
    expect(
      error(
        dst({
          ResourceStatement: {
            Resources: ['vpc-12345678'],
            ResourceTypes: ['AWS::EC2::NatGateway'],
          },
        }),
      ),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
    });
    expect(error(dst({ ResourceStatement: { ResourceTypes: ['AWS::EC2::Bogus'] } })).code).toBe(
      'InvalidParameterValue',
    );
    expect(error(dst({ ResourceStatement: { Resources: ['not-an-id'] } })).code).toBe(
      'InvalidParameterValue',
    );
    expect(error(dst({ PacketHeaderStatement: {} })).message).toBe(
      'MatchPaths.1.Destination.PacketHeaderStatement must set at least one field',
    );
    expect(
      error(dst({ PacketHeaderStatement: { DestinationAddresses: ['10.0.0.0/33'] } })),
    ).toEqual({
      code: 'InvalidParameterValue',
      message:
        'Value (10.0.0.0/33) for parameter MatchPaths.1.Destination.PacketHeaderStatement.DestinationAddresses.1 is invalid. This is not a valid CIDR block.',
      status: 400,
    });
    expect(error(dst({ PacketHeaderStatement: { DestinationPorts: ['80-22'] } })).code).toBe(
      'InvalidParameterValue',
    );
    expect(error(dst({ PacketHeaderStatement: { DestinationPorts: ['65536'] } })).code).toBe(
      'InvalidParameterValue',
    );
    expect(error(dst({ PacketHeaderStatement: { Protocols: ['tcpp'] } })).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      error(
        dst({
          PacketHeaderStatement: {
            DestinationAddresses: ['10.0.0.0/8'],
            DestinationPrefixLists: ['pl-12345678'],
          },
        }),
      ).code,
    ).toBe('InvalidParameterCombination');
    expect(
      error(dst({ PacketHeaderStatement: { Protocols: ['icmp'], DestinationPorts: ['8'] } })).code,
    ).toBe('InvalidParameterCombination');
    expect(
      error(dst({ PacketHeaderStatement: { DestinationPrefixLists: ['sg-12345678'] } })).code,
    ).toBe('InvalidParameterValue');
    // A misspelt field would silently widen the scope; AWS's parser refuses unknown members too.
    expect(error(dst({ PacketHeaderStatment: { Protocols: ['tcp'] } })).code).toBe(
      'InvalidParameter',
    );
    expect(error({ MatchPaths: [{ ThroughResources: [{}] }] }).code).toBe('MissingParameter');
    expect(error({ MatchPaths: 'x' }).code).toBe('InvalidParameterValue');
  });

  it('knows the four Amazon-created scopes by name', () => {
    expect(Object.keys(AMAZON_SCOPES)).toEqual([
      'All-IGW-Ingress',
      'AWS-IGW-Egress',
      'AWS-VPC-Ingress',
      'AWS-VPC-Egress',
    ]);
    const ingress = amazonScope('All-IGW-Ingress')!;
    expect(ingress.matchPaths).toEqual([
      {
        source: { resourceStatement: { resourceTypes: ['AWS::EC2::InternetGateway'] } },
        destination: { resourceStatement: { resourceTypes: ['AWS::EC2::NetworkInterface'] } },
      },
    ]);
    expect(
      amazonScope('AWS-VPC-Egress')!.matchPaths[0]!.destination!.resourceStatement!.resourceTypes,
    ).toEqual([
      'AWS::EC2::InternetGateway',
      'AWS::EC2::VPCPeeringConnection',
      'AWS::EC2::VPCEndpoint',
      'AWS::EC2::VPNGateway',
      'AWS::EC2::TransitGatewayAttachment',
    ]);
    for (const name of Object.keys(AMAZON_SCOPES)) {
      expect(scopeToJson(amazonScope(name)!)).toEqual(
        AMAZON_SCOPES[name as keyof typeof AMAZON_SCOPES],
      );
    }
    expect(isAmazonScopeName('AWS-VPC-CrossVPC')).toBe(false);
    expect(amazonScope('toString')).toBeUndefined();
  });

  it('turns a packet-header statement into the headers it admits', () => {
    const lists = new Map([['pl-00000000000000001', [Cidr.parse('52.94.0.0/22')!]]]);
    const space = (json: unknown) => {
      const s = parsed({ MatchPaths: [{ Destination: { PacketHeaderStatement: json } }] });
      const r = packetHeaderSpace(s.matchPaths[0]!.destination!.packetHeaderStatement, (id) =>
        lists.get(id),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const tcp = (dst: string, dstPort: number) => ({
      src: ip('10.0.0.1'),
      dst: ip(dst),
      protocol: 6,
      srcPort: 40000,
      dstPort,
    });
    const ssh = space({ DestinationAddresses: ['10.1.0.0/16'], DestinationPorts: ['22'] });
    expect(ssh.has(tcp('10.1.2.3', 22))).toBe(true);
    expect(ssh.has(tcp('10.1.2.3', 23))).toBe(false);
    expect(ssh.has(tcp('10.2.0.1', 22))).toBe(false);
    // Ports without protocols mean TCP and UDP: ICMP is outside.
    expect(
      ssh.has({ src: ip('10.0.0.1'), dst: ip('10.1.2.3'), protocol: 1, icmpType: 8, icmpCode: 0 }),
    ).toBe(false);
    expect(ssh.has({ ...tcp('10.1.2.3', 22), protocol: 17 })).toBe(true);
    const viaList = space({ DestinationPrefixLists: ['pl-00000000000000001'] });
    expect(viaList.has(tcp('52.94.1.1', 443))).toBe(true);
    expect(viaList.has(tcp('52.95.1.1', 443))).toBe(false);
    const icmp6 = space({ Protocols: ['icmpv6'], SourceAddresses: ['2001:db8::/32'] });
    expect(
      icmp6.has({
        src: ip('2001:db8::5'),
        dst: ip('2001:db9::1'),
        protocol: 58,
        icmpType: 128,
        icmpCode: 0,
      }),
    ).toBe(true);
    expect(icmp6.v4.isEmpty()).toBe(true);
    const any = packetHeaderSpace(undefined, () => undefined);
    expect(any.ok && any.value.complement().isEmpty()).toBe(true);
    const missing = packetHeaderSpace(
      { sourcePrefixLists: ['pl-0000000000000000f' as never] },
      () => undefined,
    );
    expect(missing.ok ? undefined : missing.error.code).toBe('InvalidPrefixListID.NotFound');
  });

  it('accepts every member the EC2 API model defines for a scope path, and only those', () => {
    // The official model (aws-sdk's ec2 min.json): shapes referenced by name or inline.
    interface Shape {
      type?: string;
      shape?: string;
      members?: Record<string, Shape>;
      member?: Shape;
    }
    const model = createRequire(import.meta.url)('aws-sdk/apis/ec2-2016-11-15.min.json') as {
      operations: Record<string, { input: Shape }>;
      shapes: Record<string, Shape>;
    };
    const resolve = (x: Shape): Shape => (x.shape ? resolve(model.shapes[x.shape]!) : x);
    const members = (x: Shape): Record<string, Shape> => resolve(x).members ?? {};
    const input = model.operations.CreateNetworkInsightsAccessScope!.input;
    const pathShape = resolve(members(input).MatchPaths!).member!;
    const statement = members(pathShape).Source!;
    const through = resolve(members(pathShape).ThroughResources!).member!;
    const valid: Record<string, unknown> = {
      SourceAddresses: ['10.0.0.0/8'],
      DestinationAddresses: ['192.0.2.1'],
      SourcePorts: ['1024-65535'],
      DestinationPorts: ['443'],
      Protocols: ['tcp', 'udp'],
    };
    const header = Object.fromEntries(
      Object.keys(members(members(statement).PacketHeaderStatement!))
        .filter((k) => k in valid)
        .map((k) => [k, valid[k]]),
    );
    const withLists = {
      SourcePrefixLists: ['pl-12345678'],
      DestinationPrefixLists: ['pl-87654321'],
      Protocols: ['udp'],
    };
    expect(Object.keys(members(members(statement).PacketHeaderStatement!)).sort()).toEqual(
      [...Object.keys(valid), 'SourcePrefixLists', 'DestinationPrefixLists'].sort(),
    );
    expect(Object.keys(members(members(statement).ResourceStatement!)).sort()).toEqual([
      'ResourceTypes',
      'Resources',
    ]);
    expect(Object.keys(members(through))).toEqual(['ResourceStatement']);
    expect(Object.keys(members(pathShape)).sort()).toEqual([
      'Destination',
      'Source',
      'ThroughResources',
    ]);
    const scope = {
      MatchPaths: [
        {
          Source: {
            ResourceStatement: { Resources: ['subnet-12345678'] },
            PacketHeaderStatement: header,
          },
          Destination: {
            ResourceStatement: { ResourceTypes: ['AWS::EC2::VPCEndpoint'] },
            PacketHeaderStatement: withLists,
          },
          ThroughResources: [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::NatGateway'] } }],
        },
      ],
      ExcludePaths: [{ Source: { ResourceStatement: { Resources: ['igw-12345678'] } } }],
    };
    expect(parsed(scope).matchPaths[0]!.destination!.packetHeaderStatement!.protocols).toEqual([
      17,
    ]);
    // Written back canonically (an address becomes its /32), it parses to the same scope.
    expect(parsed(scopeToJson(parsed(scope)))).toEqual(parsed(scope));
  });
});
