import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateNetworkInsightsPathCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  paginateDescribeNetworkInsightsPaths,
  RunInstancesCommand,
  StartNetworkInsightsAnalysisCommand,
  type CreateNetworkInsightsPathCommandInput,
  type DescribeNetworkInsightsAnalysesCommandInput,
  type DescribeNetworkInsightsPathsCommandInput,
  type Filter,
  type Protocol,
  type NetworkInsightsAnalysis,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '../../src/analysis/trace/index.js';
import { compile } from '../../src/dataplane/index.js';
import { FixedClock } from '../../src/model/clock.js';
import { openStore } from '../../src/store/open.js';
import { runVpctwin } from '../support/cli-process.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';
import { tempFiles } from '../store/temp.js';

/**
 * Reachability Analyzer through the EC2 API: paths and analyses with @aws-sdk/client-ec2, the
 * tracer's answers as the SDK parses them, and the state shared with `vpctwin trace --db`.
 */

let twin: Twin;
let clock: FixedClock;

beforeEach(async () => {
  clock = new FixedClock();
  twin = await startTwin({ store: openStore({ clock }) });
});

afterEach(async () => {
  await twin.close();
});

/** The SDK's error code for a refused call (it throws an error named after the code). */
async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).name;
  }
  throw new Error('expected the call to fail');
}

/** The network the tests analyse, built through the API. */
interface Net {
  readonly vpc: string;
  readonly b: string;
  readonly web: string;
  readonly x: string;
  readonly y: string;
  readonly xEni: string;
  readonly yEni: string;
  readonly igw: string;
}

/**
 * One VPC (10.0.0.0/16) with subnets a (10.0.1.0/24) and b (10.0.2.0/24); instance x in a with
 * the default group, instance y in b behind `web` (TCP 443 from the VPC); an attached internet
 * gateway and no route to it.
 */
async function network(c: EC2Client): Promise<Net> {
  const vpc = (await c.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) =>
    (await c.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az })))
      .Subnet!.SubnetId!;
  const a = await subnet('10.0.1.0/24', `${REGION}a`);
  const b = await subnet('10.0.2.0/24', `${REGION}b`);
  const web = (
    await c.send(
      new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'web', Description: 'web' }),
    )
  ).GroupId!;
  await c.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: web,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
      ],
    }),
  );
  const launch = async (subnetId: string, groups?: string[]) =>
    (
      await c.send(
        new RunInstancesCommand({
          ImageId: 'ami-12345678',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnetId,
          SecurityGroupIds: groups,
        }),
      )
    ).Instances![0]!;
  const x = await launch(a);
  const y = await launch(b, [web]);
  const igw = (await c.send(new CreateInternetGatewayCommand({}))).InternetGateway!
    .InternetGatewayId!;
  await c.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  return {
    vpc,
    b,
    web,
    x: x.InstanceId!,
    y: y.InstanceId!,
    xEni: x.NetworkInterfaces![0]!.NetworkInterfaceId!,
    yEni: y.NetworkInterfaces![0]!.NetworkInterfaceId!,
    igw,
  };
}

const arn = (type: string, id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:${type}/${id}`;

async function createPath(
  input: Partial<CreateNetworkInsightsPathCommandInput> & { Source: string },
) {
  const out = await twin.ec2.send(
    new CreateNetworkInsightsPathCommand({ Protocol: 'tcp', ...input }),
  );
  return out.NetworkInsightsPath!;
}

async function analyse(pathId: string, filterInArns?: string[]): Promise<NetworkInsightsAnalysis> {
  const out = await twin.ec2.send(
    new StartNetworkInsightsAnalysisCommand({
      NetworkInsightsPathId: pathId,
      FilterInArns: filterInArns,
    }),
  );
  return out.NetworkInsightsAnalysis!;
}

const codes = (a: NetworkInsightsAnalysis) => (a.Explanations ?? []).map((x) => x.ExplanationCode);

describe('paths', () => {
  it('creates paths with ids and ARNs, by id or by ARN, and describes them', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    expect(p.NetworkInsightsPathId).toMatch(/^nip-[0-9a-f]{17}$/);
    expect(p.NetworkInsightsPathArn).toBe(arn('network-insights-path', p.NetworkInsightsPathId!));
    expect(p).toMatchObject({
      Source: n.x,
      SourceArn: arn('instance', n.x),
      Destination: n.y,
      DestinationArn: arn('instance', n.y),
      Protocol: 'tcp',
      DestinationPort: 443,
      CreatedDate: new Date('2026-01-01T00:00:00.000Z'),
    });
    const byArn = await createPath({
      Source: arn('internet-gateway', n.igw),
      Destination: arn('network-interface', n.yEni),
      DestinationPort: 443,
    });
    expect(byArn).toMatchObject({
      Source: n.igw,
      SourceArn: arn('internet-gateway', n.igw),
      Destination: n.yEni,
    });
    const all = await twin.ec2.send(new DescribeNetworkInsightsPathsCommand({}));
    expect(all.NetworkInsightsPaths).toEqual(
      [p, byArn].sort((a, b) => a.NetworkInsightsPathId!.localeCompare(b.NetworkInsightsPathId!)),
    );
  });

  it('keeps filters at source and destination', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({
      Source: n.x,
      Protocol: 'udp',
      FilterAtSource: {
        SourceAddress: '10.0.1.4',
        DestinationAddress: '8.8.8.8',
        DestinationPortRange: { FromPort: 53, ToPort: 53 },
      },
      FilterAtDestination: { SourcePortRange: { FromPort: 1024, ToPort: 65535 } },
    });
    expect(p.FilterAtSource).toEqual({
      SourceAddress: '10.0.1.4',
      DestinationAddress: '8.8.8.8',
      DestinationPortRange: { FromPort: 53, ToPort: 53 },
    });
    expect(p.FilterAtDestination).toEqual({ SourcePortRange: { FromPort: 1024, ToPort: 65535 } });
    expect(p.Destination).toBeUndefined();
  });

  it('refuses bad paths with AWS errors, changing nothing', async () => {
    const n = await network(twin.ec2);
    const before = twin.state();
    const refused = async (input: Partial<CreateNetworkInsightsPathCommandInput>) =>
      code(createPath({ Source: n.x, Destination: n.y, DestinationPort: 443, ...input }));
    expect(await refused({ Destination: 'i-00000000000000000' })).toBe(
      'InvalidInstanceID.NotFound',
    );
    expect(await refused({ Source: 'eni-00000000000000000' })).toBe(
      'InvalidNetworkInterfaceID.NotFound',
    );
    expect(await refused({ Source: n.vpc })).toBe('InvalidParameterValue');
    expect(await refused({ Source: 'arn:aws:ec2:us-east-1:123456789012:instance' })).toBe(
      'InvalidParameterValue',
    );
    expect(await refused({ Protocol: 'icmp' as Protocol })).toBe('InvalidParameterValue');
    expect(await refused({ Destination: undefined, DestinationIp: '10.0.2.4' })).toBe(
      'MissingParameter',
    );
    expect(
      await refused({
        DestinationPort: undefined,
        SourceIp: '10.0.1.4',
        FilterAtSource: { DestinationAddress: '10.0.2.4' },
      }),
    ).toBe('InvalidParameterCombination');
    expect(await refused({ FilterAtSource: { SourceAddress: '10.0.1.4' } })).toBe(
      'InvalidParameterCombination',
    );
    expect(
      await refused({
        DestinationIp: '10.0.2.4',
        FilterAtDestination: { SourceAddress: '10.0.1.4' },
      }),
    ).toBe('InvalidParameterCombination');
    expect(await refused({ DestinationPort: 65536 })).toBe('InvalidParameterValue');
    expect(await refused({ DestinationIp: 'nope' })).toBe('InvalidParameterValue');
    expect(twin.state()).toBe(before);
    // Without ClientToken (the SDK always sends one), the model's required parameter.
    const raw = await twin.query('CreateNetworkInsightsPath', {
      Source: n.x,
      Destination: n.y,
      Protocol: 'tcp',
    });
    expect(raw.code).toBe('MissingParameter');
    expect(twin.state()).toBe(before);
  });

  it('deletes a path, but not while it has analyses', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const a = await analyse(p.NetworkInsightsPathId!);
    const before = twin.state();
    expect(
      await code(
        twin.ec2.send(
          new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: p.NetworkInsightsPathId }),
        ),
      ),
    ).toBe('AnalysisExistsForNetworkInsightsPath');
    expect(twin.state()).toBe(before);
    const deletedAnalysis = await twin.ec2.send(
      new DeleteNetworkInsightsAnalysisCommand({
        NetworkInsightsAnalysisId: a.NetworkInsightsAnalysisId,
      }),
    );
    expect(deletedAnalysis.NetworkInsightsAnalysisId).toBe(a.NetworkInsightsAnalysisId);
    const deleted = await twin.ec2.send(
      new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: p.NetworkInsightsPathId }),
    );
    expect(deleted.NetworkInsightsPathId).toBe(p.NetworkInsightsPathId);
    expect(twin.store.snapshot.count('network-insights-path')).toBe(0);
    const after = twin.state();
    for (const call of [
      new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: p.NetworkInsightsPathId }),
      new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: 'nip-00000000000000000' }),
    ]) {
      expect(await code(twin.ec2.send(call))).toBe('InvalidNetworkInsightsPathId.NotFound');
    }
    expect(
      await code(
        twin.ec2.send(
          new DeleteNetworkInsightsAnalysisCommand({
            NetworkInsightsAnalysisId: 'nia-00000000000000000',
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsAnalysisId.NotFound');
    expect(twin.state()).toBe(after);
  });

  it('takes tags at creation and from CreateTags, and filters on them', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({
      Source: n.x,
      Destination: n.y,
      DestinationPort: 443,
      TagSpecifications: [
        { ResourceType: 'network-insights-path', Tags: [{ Key: 'Name', Value: 'x-to-y' }] },
      ],
    });
    expect(p.Tags).toEqual([{ Key: 'Name', Value: 'x-to-y' }]);
    const a = await analyse(p.NetworkInsightsPathId!);
    await twin.ec2.send(
      new CreateTagsCommand({
        Resources: [p.NetworkInsightsPathId!, a.NetworkInsightsAnalysisId!],
        Tags: [{ Key: 'team', Value: 'net' }],
      }),
    );
    const byTag = await twin.ec2.send(
      new DescribeNetworkInsightsPathsCommand({ Filters: [{ Name: 'tag:team', Values: ['net'] }] }),
    );
    expect(byTag.NetworkInsightsPaths?.[0]?.Tags).toEqual([
      { Key: 'Name', Value: 'x-to-y' },
      { Key: 'team', Value: 'net' },
    ]);
    const analyses = await twin.ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({
        Filters: [{ Name: 'tag-key', Values: ['team'] }],
      }),
    );
    expect(analyses.NetworkInsightsAnalyses?.map((x) => x.NetworkInsightsAnalysisId)).toEqual([
      a.NetworkInsightsAnalysisId,
    ]);
    expect(
      await code(
        createPath({
          Source: n.x,
          Destination: n.y,
          DestinationPort: 443,
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
        }),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('DescribeNetworkInsightsPaths', () => {
  async function threePaths() {
    const n = await network(twin.ec2);
    const direct = await createPath({
      Source: n.x,
      Destination: n.y,
      DestinationPort: 443,
      SourceIp: '10.0.1.4',
      DestinationIp: '10.0.2.4',
    });
    const dns = await createPath({
      Source: n.x,
      Protocol: 'udp',
      FilterAtSource: {
        SourceAddress: '10.0.1.4',
        SourcePortRange: { FromPort: 1024, ToPort: 65535 },
        DestinationAddress: '8.8.8.8',
        DestinationPortRange: { FromPort: 53, ToPort: 53 },
      },
      FilterAtDestination: {
        SourceAddress: '10.0.1.4',
        SourcePortRange: { FromPort: 2000, ToPort: 3000 },
        DestinationAddress: '8.8.4.4',
        DestinationPortRange: { FromPort: 5353, ToPort: 5353 },
      },
    });
    const inbound = await createPath({ Source: n.igw, Destination: n.yEni, DestinationPort: 22 });
    return { n, direct, dns, inbound };
  }

  it.each<[string, string, 'direct' | 'dns' | 'inbound']>([
    ['destination', 'i-*', 'direct'],
    ['source', 'igw-*', 'inbound'],
    ['protocol', 'udp', 'dns'],
    ['destination-ip', '10.0.2.4', 'direct'],
    ['destination-port', '22', 'inbound'],
    ['source-ip', '10.0.1.4', 'direct'],
    ['filter-at-source.source-address', '10.0.1.4', 'dns'],
    ['filter-at-source.source-port-range', '1024-65535', 'dns'],
    ['filter-at-source.destination-address', '8.8.8.8', 'dns'],
    ['filter-at-source.destination-port-range', '53', 'dns'],
    ['filter-at-destination.source-address', '10.0.1.4', 'dns'],
    ['filter-at-destination.source-port-range', '2000-3000', 'dns'],
    ['filter-at-destination.destination-address', '8.8.4.4', 'dns'],
    ['filter-at-destination.destination-port-range', '5353-5353', 'dns'],
  ])('filters by %s', async (name, value, which) => {
    const paths = await threePaths();
    const out = await twin.ec2.send(
      new DescribeNetworkInsightsPathsCommand({ Filters: [{ Name: name, Values: [value] }] }),
    );
    expect(out.NetworkInsightsPaths?.map((p) => p.NetworkInsightsPathId)).toEqual([
      paths[which].NetworkInsightsPathId,
    ]);
  });

  it('selects by id, pages, and refuses unknown ids, filters and bounds', async () => {
    const { direct, dns, inbound } = await threePaths();
    const ids = [direct, dns, inbound].map((p) => p.NetworkInsightsPathId!).sort();
    const byId = await twin.ec2.send(
      new DescribeNetworkInsightsPathsCommand({ NetworkInsightsPathIds: [ids[1]!] }),
    );
    expect(byId.NetworkInsightsPaths?.map((p) => p.NetworkInsightsPathId)).toEqual([ids[1]]);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeNetworkInsightsPaths(
      { client: twin.ec2, pageSize: 2 },
      {},
    )) {
      pages++;
      seen.push(...(page.NetworkInsightsPaths ?? []).map((p) => p.NetworkInsightsPathId!));
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(ids);
    const first = await twin.ec2.send(new DescribeNetworkInsightsPathsCommand({ MaxResults: 1 }));
    expect(first.NetworkInsightsPaths).toHaveLength(1);
    expect(first.NextToken).toBeDefined();
    const before = twin.state();
    const refused = (input: DescribeNetworkInsightsPathsCommandInput) =>
      code(twin.ec2.send(new DescribeNetworkInsightsPathsCommand(input)));
    expect(await refused({ NetworkInsightsPathIds: ['nip-00000000000000000'] })).toBe(
      'InvalidNetworkInsightsPathId.NotFound',
    );
    expect(await refused({ MaxResults: 0 })).toBe('InvalidParameterValue');
    expect(await refused({ MaxResults: 101 })).toBe('InvalidParameterValue');
    expect(await refused({ Filters: [{ Name: 'bogus', Values: ['x'] }] })).toBe(
      'InvalidParameterValue',
    );
    expect(await refused({ NextToken: 'not-a-token' })).toBe('InvalidPaginationToken');
    expect(twin.state()).toBe(before);
  });
});

describe('StartNetworkInsightsAnalysis', () => {
  it('answers a reachable path exactly as trace() does, and Describe shows it whole', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.NetworkInsightsAnalysisId).toMatch(/^nia-[0-9a-f]{17}$/);
    expect(a).toMatchObject({
      NetworkInsightsAnalysisArn: arn('network-insights-analysis', a.NetworkInsightsAnalysisId!),
      NetworkInsightsPathId: p.NetworkInsightsPathId,
      Status: 'succeeded',
      NetworkPathFound: true,
      StartDate: new Date('2026-01-01T00:00:00.000Z'),
    });
    const direct = trace(compile(twin.store.snapshot), {
      source: n.x,
      destination: n.y,
      protocol: 'tcp',
      destinationPort: 443,
    });
    expect(direct.NetworkPathFound).toBe(true);
    // The SDK parses the wire form back into the tracer's own JSON, field for field.
    expect(a.ForwardPathComponents).toEqual(direct.ForwardPathComponents);
    expect(a.ReturnPathComponents).toEqual(direct.ReturnPathComponents);
    expect(a.Explanations).toBeUndefined();
    const ids = a.ForwardPathComponents!.map((c) => c.Component?.Id);
    expect(ids[0]).toBe(n.x);
    expect(ids).toContain(n.web);
    const sgHop = a.ForwardPathComponents!.find((c) => c.Component?.Id === n.web);
    expect(sgHop?.SecurityGroupRule).toMatchObject({
      Cidr: '10.0.0.0/16',
      Direction: 'ingress',
      PortRange: { From: 443, To: 443 },
      Protocol: 'tcp',
    });
    const described = await twin.ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({
        NetworkInsightsAnalysisIds: [a.NetworkInsightsAnalysisId!],
      }),
    );
    expect(described.NetworkInsightsAnalyses).toEqual([a]);
  });

  it('explains a security group block: ENI_SG_RULES_MISMATCH, ingress, destination-port', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 22 });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.Status).toBe('succeeded');
    expect(a.NetworkPathFound).toBe(false);
    expect(a.Explanations).toHaveLength(1);
    expect(a.Explanations![0]).toMatchObject({
      ExplanationCode: 'ENI_SG_RULES_MISMATCH',
      Direction: 'ingress',
      PacketField: 'destination-port',
      NetworkInterface: { Id: n.yEni, Arn: arn('network-interface', n.yEni) },
      SecurityGroups: [{ Id: n.web, Arn: arn('security-group', n.web) }],
    });
  });

  it('explains a network ACL block: SUBNET_ACL_RESTRICTION with the rule', async () => {
    const n = await network(twin.ec2);
    const acls = await twin.ec2.send(
      new DescribeNetworkAclsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [n.vpc] },
          { Name: 'default', Values: ['true'] },
        ],
      }),
    );
    const acl = acls.NetworkAcls![0]!.NetworkAclId!;
    await twin.ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: acl,
        RuleNumber: 50,
        Protocol: '6',
        RuleAction: 'deny',
        Egress: false,
        CidrBlock: '10.0.1.0/24',
        PortRange: { From: 443, To: 443 },
      }),
    );
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.NetworkPathFound).toBe(false);
    expect(a.Explanations![0]).toMatchObject({
      ExplanationCode: 'SUBNET_ACL_RESTRICTION',
      Direction: 'ingress',
      Acl: { Id: acl },
      AclRule: {
        RuleNumber: 50,
        RuleAction: 'deny',
        Egress: false,
        Cidr: '10.0.1.0/24',
        PortRange: { From: 443, To: 443 },
      },
    });
  });

  it('explains a missing route: NO_ROUTE_TO_DESTINATION at the route table', async () => {
    const n = await network(twin.ec2);
    const tables = await twin.ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'vpc-id', Values: [n.vpc] },
          { Name: 'association.main', Values: ['true'] },
        ],
      }),
    );
    const main = tables.RouteTables![0]!.RouteTableId!;
    const p = await createPath({
      Source: n.x,
      FilterAtSource: {
        DestinationAddress: '93.184.216.34',
        DestinationPortRange: { FromPort: 443, ToPort: 443 },
      },
    });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.NetworkPathFound).toBe(false);
    expect(codes(a)).toEqual(['NO_ROUTE_TO_DESTINATION']);
    expect(a.Explanations![0]!.RouteTable?.Id).toBe(main);
    const last = a.ForwardPathComponents!.at(-1)!;
    expect(last.Component?.Id).toBe(main);
  });

  it('honours FilterInArns: a component off the path means no path', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const through = await analyse(p.NetworkInsightsPathId!, [arn('security-group', n.web)]);
    expect(through.NetworkPathFound).toBe(true);
    expect(through.FilterInArns).toEqual([arn('security-group', n.web)]);
    const off = await analyse(p.NetworkInsightsPathId!, [arn('internet-gateway', n.igw)]);
    expect(off.NetworkPathFound).toBe(false);
    expect(off.Explanations).toEqual([
      {
        ExplanationCode: 'COMPONENT_FILTER_RESTRICTION',
        Component: { Id: n.igw, Arn: arn('internet-gateway', n.igw) },
      },
    ]);
  });

  it('checks the header at the destination against FilterAtDestination', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({
      Source: n.x,
      Destination: n.y,
      DestinationPort: 443,
      FilterAtDestination: { SourceAddress: '10.0.1.99' },
    });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.NetworkPathFound).toBe(false);
    expect(codes(a)).toEqual(['FILTER_AT_DESTINATION_SOURCE_ADDRESS']);
  });

  it("follows an internet gateway's translation: filters at source see the public address", async () => {
    const n = await network(twin.ec2);
    await twin.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: n.web,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    const tables = await twin.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [n.vpc] }] }),
    );
    await twin.ec2.send(
      new CreateRouteCommand({
        RouteTableId: tables.RouteTables![0]!.RouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: n.igw,
      }),
    );
    const z = (
      await twin.ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12345678',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          NetworkInterfaces: [
            { DeviceIndex: 0, SubnetId: n.b, AssociatePublicIpAddress: true, Groups: [n.web] },
          ],
        }),
      )
    ).Instances![0]!;
    const described = await twin.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [z.InstanceId!] }),
    );
    const publicIp = described.Reservations![0]!.Instances![0]!.PublicIpAddress!;
    expect(publicIp).toBeDefined();
    const p = await createPath({
      Source: n.igw,
      Destination: z.InstanceId,
      FilterAtSource: {
        DestinationAddress: publicIp,
        DestinationPortRange: { FromPort: 443, ToPort: 443 },
      },
      FilterAtDestination: { DestinationAddress: z.PrivateIpAddress },
    });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(codes(a)).toEqual([]);
    expect(a.NetworkPathFound).toBe(true);
    const gateway = a.ForwardPathComponents![0]!;
    expect(gateway.Component?.Id).toBe(n.igw);
    expect(gateway.InboundHeader?.DestinationAddresses).toEqual([`${publicIp}/32`]);
    expect(gateway.OutboundHeader?.DestinationAddresses).toEqual([`${z.PrivateIpAddress}/32`]);
  });

  it('fails (status failed) a path it cannot trace, and stores that too', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y });
    const a = await analyse(p.NetworkInsightsPathId!);
    expect(a.Status).toBe('failed');
    expect(a.StatusMessage).toMatch(/DestinationPort/);
    expect(a.NetworkPathFound).toBeUndefined();
    expect(twin.store.snapshot.count('network-insights-analysis')).toBe(1);
  });

  it('refuses unknown paths and DryRun changes nothing', async () => {
    const n = await network(twin.ec2);
    const p = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const before = twin.state();
    expect(
      await code(
        twin.ec2.send(
          new StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: 'nip-00000000000000000',
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsPathId.NotFound');
    expect(
      await code(
        twin.ec2.send(
          new StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: p.NetworkInsightsPathId,
            DryRun: true,
          }),
        ),
      ),
    ).toBe('DryRunOperation');
    expect(await code(analyse(p.NetworkInsightsPathId!, ['not-an-arn']))).toBe(
      'InvalidParameterValue',
    );
    const raw = await twin.query('StartNetworkInsightsAnalysis', {
      NetworkInsightsPathId: p.NetworkInsightsPathId!,
    });
    expect(raw.code).toBe('MissingParameter');
    expect(twin.state()).toBe(before);
  });
});

describe('DescribeNetworkInsightsAnalyses', () => {
  async function analyses() {
    const n = await network(twin.ec2);
    const open = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
    const shut = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 22 });
    const first = await analyse(open.NetworkInsightsPathId!);
    clock.advance(60_000);
    const blocked = await analyse(shut.NetworkInsightsPathId!);
    clock.advance(60_000);
    const again = await analyse(open.NetworkInsightsPathId!);
    return { open, shut, first, blocked, again };
  }

  const ids = (out: { NetworkInsightsAnalyses?: NetworkInsightsAnalysis[] }) =>
    (out.NetworkInsightsAnalyses ?? []).map((a) => a.NetworkInsightsAnalysisId);
  const sorted = (...as: NetworkInsightsAnalysis[]) =>
    as.map((a) => a.NetworkInsightsAnalysisId!).sort();

  it('selects by path, ids and time, and filters by path-found and status', async () => {
    const { open, first, blocked, again } = await analyses();
    const send = (input: DescribeNetworkInsightsAnalysesCommandInput) =>
      twin.ec2.send(new DescribeNetworkInsightsAnalysesCommand(input));
    expect(ids(await send({}))).toEqual(sorted(first, blocked, again));
    expect(ids(await send({ NetworkInsightsPathId: open.NetworkInsightsPathId }))).toEqual(
      sorted(first, again),
    );
    expect(
      ids(await send({ NetworkInsightsAnalysisIds: [blocked.NetworkInsightsAnalysisId!] })),
    ).toEqual(sorted(blocked));
    const t0 = new Date('2026-01-01T00:00:00.000Z').getTime();
    expect(ids(await send({ AnalysisStartTime: new Date(t0 + 30_000) }))).toEqual(
      sorted(blocked, again),
    );
    expect(
      ids(
        await send({
          AnalysisStartTime: new Date(t0 + 30_000),
          AnalysisEndTime: new Date(t0 + 90_000),
        }),
      ),
    ).toEqual(sorted(blocked));
    const filtered = async (...filters: Filter[]) => ids(await send({ Filters: filters }));
    expect(await filtered({ Name: 'path-found', Values: ['false'] })).toEqual(sorted(blocked));
    expect(await filtered({ Name: 'path-found', Values: ['true'] })).toEqual(sorted(first, again));
    expect(await filtered({ Name: 'status', Values: ['succeeded'] })).toHaveLength(3);
    expect(await filtered({ Name: 'status', Values: ['failed', 'running'] })).toEqual([]);
  });

  it('pages, and refuses unknown ids and paths and bad bounds', async () => {
    const { first, blocked, again } = await analyses();
    const page1 = await twin.ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({ MaxResults: 2 }),
    );
    const page2 = await twin.ec2.send(
      new DescribeNetworkInsightsAnalysesCommand({ MaxResults: 2, NextToken: page1.NextToken }),
    );
    expect([...ids(page1), ...ids(page2)]).toEqual(sorted(first, blocked, again));
    expect(page2.NextToken).toBeUndefined();
    const before = twin.state();
    const refused = (input: DescribeNetworkInsightsAnalysesCommandInput) =>
      code(twin.ec2.send(new DescribeNetworkInsightsAnalysesCommand(input)));
    expect(await refused({ NetworkInsightsAnalysisIds: ['nia-00000000000000000'] })).toBe(
      'InvalidNetworkInsightsAnalysisId.NotFound',
    );
    expect(await refused({ NetworkInsightsPathId: 'nip-00000000000000000' })).toBe(
      'InvalidNetworkInsightsPathId.NotFound',
    );
    expect(await refused({ MaxResults: 101 })).toBe('InvalidParameterValue');
    expect(await refused({ Filters: [{ Name: 'source', Values: ['x'] }] })).toBe(
      'InvalidParameterValue',
    );
    expect(twin.state()).toBe(before);
  });
});

describe('shared with the CLI through the database', () => {
  const file = tempFiles('vpctwin-ni-');

  // Each CLI run starts a Node process that loads the TypeScript sources: seconds apiece.
  const SLOW = 240_000;

  it(
    'traces with `vpctwin trace --db --path` what the API built, and stores the analysis',
    async () => {
      const db = file('api.db');
      await twin.close();
      twin = await startTwin({ store: openStore({ path: db, clock }) });
      const n = await network(twin.ec2);
      const open = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 443 });
      const shut = await createPath({ Source: n.x, Destination: n.y, DestinationPort: 22 });
      const viaApi = await analyse(open.NetworkInsightsPathId!);
      await twin.close();

      const run = await runVpctwin(['trace', '--db', db, '--path', open.NetworkInsightsPathId!]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^reachable: yes/);
      expect(run.stdout).toMatch(/analysis nia-[0-9a-f]{17} of nip-[0-9a-f]{17} stored/);
      const blocked = await runVpctwin([
        'trace',
        '--db',
        db,
        '--path',
        shut.NetworkInsightsPathId!,
        '--json',
      ]);
      expect(blocked.code).toBe(1);
      const json = JSON.parse(blocked.stdout) as {
        NetworkInsightsPathId: string;
        NetworkPathFound: boolean;
        Explanations: { ExplanationCode: string }[];
      };
      expect(json.NetworkInsightsPathId).toBe(shut.NetworkInsightsPathId);
      expect(json.NetworkPathFound).toBe(false);
      expect(json.Explanations.map((x) => x.ExplanationCode)).toEqual(['ENI_SG_RULES_MISMATCH']);
      // By id, as any resource the API made: the CLI's own tracer agrees with the stored analysis.
      const byRef = await runVpctwin([
        'trace',
        '--db',
        db,
        '--from',
        n.x,
        '--to',
        n.y,
        '--port',
        '443',
        '--json',
      ]);
      expect(byRef.code).toBe(0);
      const traced = JSON.parse(byRef.stdout) as { ForwardPathComponents: unknown };
      expect(traced.ForwardPathComponents).toEqual(viaApi.ForwardPathComponents);

      const listed = await runVpctwin(['trace', '--db', db, '--list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('paths (2)');
      expect(listed.stdout).toContain('analyses (3)');
      expect(listed.stdout).toContain('not reachable: ENI_SG_RULES_MISMATCH');
      const show = await runVpctwin(['show', '--db', db]);
      expect(show.code).toBe(0);

      // After a restart, the API sees the CLI's analyses.
      twin = await startTwin({ store: openStore({ path: db, clock }) });
      const all = await twin.ec2.send(
        new DescribeNetworkInsightsAnalysesCommand({
          NetworkInsightsPathId: open.NetworkInsightsPathId,
        }),
      );
      expect(all.NetworkInsightsAnalyses).toHaveLength(2);
      expect(all.NetworkInsightsAnalyses!.every((a) => a.NetworkPathFound === true)).toBe(true);
    },
    SLOW,
  );

  it(
    'analyses through the API a network loaded with `vpctwin load`',
    async () => {
      const db = file('loaded.db');
      const load = await runVpctwin(['load', 'examples/private-connector.yaml', '--db', db]);
      expect(load.code).toBe(0);
      const cli = await runVpctwin([
        'trace',
        '--db',
        db,
        '--from',
        'connector-a',
        '--to',
        'aurora-writer',
        '--port',
        '3306',
        '--json',
      ]);
      expect(cli.code).toBe(0);
      const expected = JSON.parse(cli.stdout) as {
        ForwardPathComponents: { Component: { Id: string } }[];
        ReturnPathComponents: unknown;
      };
      await twin.close();
      twin = await startTwin({ store: openStore({ path: db }), defaultAccount: '222222222222' });
      const c = new EC2Client({
        endpoint: twin.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      try {
        const source = expected.ForwardPathComponents[0]!.Component.Id;
        const dest = expected.ForwardPathComponents.at(-1)!.Component.Id;
        const p = (
          await c.send(
            new CreateNetworkInsightsPathCommand({
              Source: source,
              Destination: dest,
              Protocol: 'tcp',
              DestinationPort: 3306,
            }),
          )
        ).NetworkInsightsPath!;
        const a = (
          await c.send(
            new StartNetworkInsightsAnalysisCommand({
              NetworkInsightsPathId: p.NetworkInsightsPathId,
            }),
          )
        ).NetworkInsightsAnalysis!;
        expect(a.NetworkPathFound).toBe(true);
        expect(a.ForwardPathComponents).toEqual(expected.ForwardPathComponents);
        expect(a.ReturnPathComponents).toEqual(expected.ReturnPathComponents);
      } finally {
        c.destroy();
      }
    },
    SLOW,
  );
});
