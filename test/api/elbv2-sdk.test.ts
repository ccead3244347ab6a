import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInsightsPathCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkInterfacesCommand,
  RunInstancesCommand,
  StartNetworkInsightsAnalysisCommand,
  type NetworkInsightsAnalysis,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  SetIpAddressTypeCommand,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

/**
 * The Elastic Load Balancing v2 API driven by `@aws-sdk/client-elastic-load-balancing-v2`: an
 * internal NLB, a target group, targets and a listener built and described through the SDK,
 * AWS's error codes for bad input (state unchanged), and a Reachability Analyzer path through
 * the NLB with `@aws-sdk/client-ec2`.
 */

let twin: Twin;
let elb: ElasticLoadBalancingV2Client;

/** The network: a VPC with subnets in two zones, a client in a, targets in a and b. */
interface Net {
  readonly vpc: string;
  readonly a: string;
  readonly b: string;
  readonly client: string;
  readonly clientEni: string;
  readonly dbA: string;
  readonly dbAEni: string;
  readonly dbB: string;
  readonly dbSg: string;
}
let net: Net;

/** What the SDK builds in beforeAll: the NLB, its group and listener. */
let built: { lbArn: string; tgArn: string; listenerArn: string; nodeIp: string };

async function network(): Promise<Net> {
  const ec2 = twin.ec2;
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az })))
      .Subnet!.SubnetId!;
  const a = await subnet('10.1.1.0/24', `${REGION}a`);
  const b = await subnet('10.1.2.0/24', `${REGION}b`);
  const dbSg = (
    await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'db', Description: 'db' }),
    )
  ).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: dbSg,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
      ],
    }),
  );
  const launch = async (subnetId: string, groups?: string[]) =>
    (
      await ec2.send(
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
  const client = await launch(a);
  const dbA = await launch(a, [dbSg]);
  const dbB = await launch(b, [dbSg]);
  return {
    vpc,
    a,
    b,
    client: client.InstanceId!,
    clientEni: client.NetworkInterfaces![0]!.NetworkInterfaceId!,
    dbA: dbA.InstanceId!,
    dbAEni: dbA.NetworkInterfaces![0]!.NetworkInterfaceId!,
    dbB: dbB.InstanceId!,
    dbSg,
  };
}

beforeAll(async () => {
  twin = await startTwin();
  elb = new ElasticLoadBalancingV2Client({
    endpoint: twin.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  net = await network();
  const lb = (
    await elb.send(
      new CreateLoadBalancerCommand({
        Name: 'sdk-nlb',
        Type: 'network',
        Scheme: 'internal',
        Subnets: [net.a, net.b],
        Tags: [{ Key: 'team', Value: 'db' }],
      }),
    )
  ).LoadBalancers![0]!;
  const tg = (
    await elb.send(
      new CreateTargetGroupCommand({
        Name: 'sdk-db',
        Protocol: 'TCP',
        Port: 5432,
        VpcId: net.vpc,
        TargetType: 'instance',
      }),
    )
  ).TargetGroups![0]!;
  await elb.send(
    new RegisterTargetsCommand({
      TargetGroupArn: tg.TargetGroupArn,
      Targets: [{ Id: net.dbA }, { Id: net.dbB }],
    }),
  );
  const listener = (
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'TCP',
        Port: 5432,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
      }),
    )
  ).Listeners![0]!;
  built = {
    lbArn: lb.LoadBalancerArn!,
    tgArn: tg.TargetGroupArn!,
    listenerArn: listener.ListenerArn!,
    nodeIp: lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.PrivateIPv4Address!,
  };
});

afterAll(async () => {
  elb.destroy();
  await twin.close();
});

describe('ELBv2 with the JS SDK', () => {
  it('creates an internal NLB with a node per zone, as the SDK parses it', async () => {
    const [lb] = (
      await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [built.lbArn] }))
    ).LoadBalancers!;
    expect(lb).toMatchObject({
      LoadBalancerArn: built.lbArn,
      LoadBalancerName: 'sdk-nlb',
      Type: 'network',
      Scheme: 'internal',
      VpcId: net.vpc,
      IpAddressType: 'ipv4',
      State: { Code: 'active' },
      CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
    });
    expect(lb!.LoadBalancerArn).toMatch(
      new RegExp(
        `^arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/sdk-nlb/[0-9a-f]{16}$`,
      ),
    );
    expect(lb!.DNSName).toMatch(/^internal-sdk-nlb-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    expect(lb!.CreatedTime).toBeInstanceOf(Date);
    expect(lb!.AvailabilityZones!.map((z) => [z.ZoneName, z.SubnetId])).toEqual([
      [`${REGION}a`, net.a],
      [`${REGION}b`, net.b],
    ]);
    expect(built.nodeIp).toMatch(/^10\.1\.1\.\d+$/);
    // The node is a requester-managed ENI in the subnet, as EC2 shows it.
    const enis = await twin.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'addresses.private-ip-address', Values: [built.nodeIp] }],
      }),
    );
    expect(enis.NetworkInterfaces).toHaveLength(1);
    expect(enis.NetworkInterfaces![0]).toMatchObject({
      InterfaceType: 'network_load_balancer',
      RequesterManaged: true,
      SubnetId: net.a,
      Description: `ELB net/sdk-nlb/${built.lbArn.slice(-16)}`,
    });
  });

  it('describes the listener, the target group and its targets’ health', async () => {
    const listeners = await elb.send(
      new DescribeListenersCommand({ LoadBalancerArn: built.lbArn }),
    );
    expect(listeners.Listeners).toEqual([
      {
        ListenerArn: built.listenerArn,
        LoadBalancerArn: built.lbArn,
        Port: 5432,
        Protocol: 'TCP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: built.tgArn }],
      },
    ]);
    expect(built.listenerArn).toBe(
      `${built.lbArn.replace(':loadbalancer/', ':listener/')}/${built.listenerArn.slice(-16)}`,
    );
    const groups = await elb.send(new DescribeTargetGroupsCommand({ Names: ['sdk-db'] }));
    expect(groups.TargetGroups).toHaveLength(1);
    expect(groups.TargetGroups![0]).toMatchObject({
      TargetGroupArn: built.tgArn,
      Protocol: 'TCP',
      Port: 5432,
      VpcId: net.vpc,
      TargetType: 'instance',
      HealthCheckProtocol: 'TCP',
      HealthCheckPort: 'traffic-port',
      LoadBalancerArns: [built.lbArn],
    });
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: built.tgArn }));
    expect(
      health.TargetHealthDescriptions!.map((d) => [
        d.Target!.Id,
        d.Target!.Port,
        d.TargetHealth!.State,
      ]),
    ).toEqual([
      [net.dbA, 5432, 'healthy'],
      [net.dbB, 5432, 'healthy'],
    ]);
    const pages: string[] = [];
    for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: 1 }, {})) {
      pages.push(...page.LoadBalancers!.map((l) => l.LoadBalancerName!));
    }
    expect(pages).toEqual(['sdk-nlb']);
  });

  it('answers AWS’s error codes for an unknown ARN, a bad port and a duplicate listener, changing nothing', async () => {
    // The SDK names an error by the model's exception shape, which it finds by the wire code
    // (`awsQueryError`: LoadBalancerNotFound → LoadBalancerNotFoundException); a code the model
    // has no shape for (ValidationError) keeps its own name.
    const refused = (send: () => Promise<unknown>) => twin.refusal(send);
    const missingLb = `${built.lbArn.slice(0, -16)}0123456789abcdef`;
    expect(
      await refused(() =>
        elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [missingLb] })),
      ),
    ).toBe('LoadBalancerNotFoundException');
    expect(
      await refused(() =>
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: missingLb,
            Protocol: 'TCP',
            Port: 80,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: built.tgArn }],
          }),
        ),
      ),
    ).toBe('LoadBalancerNotFoundException');
    expect(
      await refused(() =>
        elb.send(
          new RegisterTargetsCommand({
            TargetGroupArn: `${built.tgArn.slice(0, -16)}0123456789abcdef`,
            Targets: [{ Id: net.dbA }],
          }),
        ),
      ),
    ).toBe('TargetGroupNotFoundException');
    expect(
      await refused(() =>
        elb.send(new DeleteListenerCommand({ ListenerArn: `${built.listenerArn}0` })),
      ),
    ).toBe('ListenerNotFoundException');
    for (const port of [0, 65536]) {
      expect(
        await refused(() =>
          elb.send(
            new CreateListenerCommand({
              LoadBalancerArn: built.lbArn,
              Protocol: 'TCP',
              Port: port,
              DefaultActions: [{ Type: 'forward', TargetGroupArn: built.tgArn }],
            }),
          ),
        ),
      ).toBe('ValidationError');
      expect(
        await refused(() =>
          elb.send(
            new CreateTargetGroupCommand({
              Name: 'bad-port',
              Protocol: 'TCP',
              Port: port,
              VpcId: net.vpc,
            }),
          ),
        ),
      ).toBe('ValidationError');
    }
    expect(
      await refused(() =>
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: built.lbArn,
            Protocol: 'TCP',
            Port: 5432,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: built.tgArn }],
          }),
        ),
      ),
    ).toBe('DuplicateListenerException');
    expect(
      await refused(() =>
        elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: built.lbArn,
            Protocol: 'HTTP',
            Port: 80,
            DefaultActions: [{ Type: 'forward', TargetGroupArn: built.tgArn }],
          }),
        ),
      ),
    ).toBe('UnsupportedProtocolException');
    expect(
      await refused(() =>
        elb.send(
          new RegisterTargetsCommand({
            TargetGroupArn: built.tgArn,
            Targets: [{ Id: 'i-0123456789abcdef0' }],
          }),
        ),
      ),
    ).toBe('InvalidTargetException');
  });

  it('is traced through by Reachability Analyzer: client → NLB → target in the node’s zone and back', async () => {
    const path = (
      await twin.ec2.send(
        new CreateNetworkInsightsPathCommand({
          Source: net.client,
          Destination: net.dbA,
          DestinationIp: built.nodeIp,
          Protocol: 'tcp',
          DestinationPort: 5432,
        }),
      )
    ).NetworkInsightsPath!;
    const analysis: NetworkInsightsAnalysis = (
      await twin.ec2.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: path.NetworkInsightsPathId,
        }),
      )
    ).NetworkInsightsAnalysis!;
    expect(analysis.Status).toBe('succeeded');
    expect(analysis.NetworkPathFound).toBe(true);
    const ids = (cs: NetworkInsightsAnalysis['ForwardPathComponents']) =>
      (cs ?? []).map((c) => c.Component!.Id);
    const defaultSg = (
      await twin.ec2.send(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [net.clientEni] }),
      )
    ).NetworkInterfaces![0]!.Groups![0]!.GroupId!;
    expect(ids(analysis.ForwardPathComponents)).toEqual([
      net.client,
      net.clientEni,
      defaultSg,
      built.lbArn,
      built.tgArn,
      net.dbSg,
      net.dbAEni,
      net.dbA,
    ]);
    const lbHop = analysis.ForwardPathComponents![3]!;
    expect(lbHop.ElasticLoadBalancerListener).toEqual({
      Id: built.listenerArn,
      Arn: built.listenerArn,
    });
    expect(lbHop.InboundHeader?.DestinationAddresses).toEqual([`${built.nodeIp}/32`]);
    expect(ids(analysis.ReturnPathComponents)).toEqual([
      net.dbA,
      net.dbAEni,
      built.lbArn,
      net.clientEni,
      net.client,
    ]);
  });

  it('answers TARGET_ADDRESS_RESTRICTION and TARGET_PORT_RESTRICTION through Reachability Analyzer', async () => {
    const analyse = async (input: Record<string, unknown>) => {
      const path = (
        await twin.ec2.send(
          new CreateNetworkInsightsPathCommand({
            Source: net.client,
            DestinationIp: built.nodeIp,
            Protocol: 'tcp',
            DestinationPort: 5432,
            ...input,
          }),
        )
      ).NetworkInsightsPath!;
      return (
        await twin.ec2.send(
          new StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: path.NetworkInsightsPathId,
          }),
        )
      ).NetworkInsightsAnalysis!;
    };
    // AWS takes FilterAtDestination only with the source side as a filter too.
    const atNode = {
      DestinationIp: undefined,
      DestinationPort: undefined,
      FilterAtSource: {
        DestinationAddress: built.nodeIp,
        DestinationPortRange: { FromPort: 5432, ToPort: 5432 },
      },
    };
    // The client itself is no target of the NLB.
    const address = await analyse({ Destination: net.clientEni });
    expect(address.NetworkPathFound).toBe(false);
    expect(address.ForwardPathComponents!.at(-1)!.Component!.Id).toBe(built.lbArn);
    expect(address.Explanations).toHaveLength(1);
    expect(address.Explanations![0]).toMatchObject({
      ExplanationCode: 'TARGET_ADDRESS_RESTRICTION',
      LoadBalancerArn: built.lbArn,
      LoadBalancerTargetGroup: { Id: built.tgArn },
    });
    const port = await analyse({
      Destination: net.dbA,
      ...atNode,
      FilterAtDestination: { DestinationPortRange: { FromPort: 6432, ToPort: 6439 } },
    });
    expect(port.NetworkPathFound).toBe(false);
    expect(port.Explanations).toHaveLength(1);
    expect(port.Explanations![0]).toMatchObject({
      ExplanationCode: 'TARGET_PORT_RESTRICTION',
      PortRanges: [{ From: 6432, To: 6439 }],
      LoadBalancerTarget: { Instance: { Id: net.dbA }, Port: 5432 },
    });
    const atTarget = await analyse({
      Destination: net.dbA,
      ...atNode,
      FilterAtDestination: { DestinationPortRange: { FromPort: 5432, ToPort: 5432 } },
    });
    expect(atTarget.NetworkPathFound).toBe(true);
  });
});

describe('dualstack with the JS SDK', () => {
  it('creates a dualstack NLB with node IPv6 addresses, an IPv6 target group, and switches back', async () => {
    const ec2 = twin.ec2;
    const vpc = (
      await ec2.send(
        new CreateVpcCommand({ CidrBlock: '10.2.0.0/16', AmazonProvidedIpv6CidrBlock: true }),
      )
    ).Vpc!;
    const vpc6 = vpc.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!;
    const subnet6 = `${vpc6.slice(0, vpc6.lastIndexOf('::'))}::/64`;
    const dual = (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpc.VpcId,
          CidrBlock: '10.2.1.0/24',
          Ipv6CidrBlock: subnet6,
          AvailabilityZone: `${REGION}a`,
        }),
      )
    ).Subnet!.SubnetId!;
    const plain = (
      await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpc.VpcId,
          CidrBlock: '10.2.2.0/24',
          AvailabilityZone: `${REGION}b`,
        }),
      )
    ).Subnet!.SubnetId!;
    expect(
      await twin.refusal(() =>
        elb.send(
          new CreateLoadBalancerCommand({
            Name: 'dual',
            Type: 'network',
            Scheme: 'internal',
            IpAddressType: 'dualstack',
            Subnets: [dual, plain],
          }),
        ),
      ),
    ).toBe('InvalidSubnetException');
    const lb = (
      await elb.send(
        new CreateLoadBalancerCommand({
          Name: 'dual',
          Type: 'network',
          Scheme: 'internal',
          IpAddressType: 'dualstack',
          Subnets: [dual],
        }),
      )
    ).LoadBalancers![0]!;
    expect(lb.IpAddressType).toBe('dualstack');
    const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!;
    expect(address.PrivateIPv4Address).toMatch(/^10\.2\.1\.\d+$/);
    expect(address.IPv6Address?.startsWith(subnet6.replace('/64', ''))).toBe(true);
    const tg = (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: 'v6',
          Protocol: 'TCP',
          Port: 443,
          VpcId: vpc.VpcId,
          TargetType: 'ip',
          IpAddressType: 'ipv6',
        }),
      )
    ).TargetGroups![0]!;
    expect(tg.IpAddressType).toBe('ipv6');
    const target = subnet6.replace('::/64', '::20');
    expect(
      await twin.refusal(() =>
        elb.send(
          new RegisterTargetsCommand({
            TargetGroupArn: tg.TargetGroupArn,
            Targets: [{ Id: '10.2.1.20' }],
          }),
        ),
      ),
    ).toBe('InvalidTargetException');
    await elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: target }] }),
    );
    const listener = (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Protocol: 'TCP',
          Port: 443,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
        }),
      )
    ).Listeners![0]!;
    expect(
      await twin.refusal(() =>
        elb.send(
          new SetIpAddressTypeCommand({
            LoadBalancerArn: lb.LoadBalancerArn,
            IpAddressType: 'ipv4',
          }),
        ),
      ),
    ).toBe('InvalidConfigurationRequestException');
    await elb.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    const set = await elb.send(
      new SetIpAddressTypeCommand({ LoadBalancerArn: lb.LoadBalancerArn, IpAddressType: 'ipv4' }),
    );
    expect(set.IpAddressType).toBe('ipv4');
    const [after] = (
      await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] }))
    ).LoadBalancers!;
    expect(after!.IpAddressType).toBe('ipv4');
    expect(after!.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IPv6Address).toBeUndefined();
  });
});

describe('ALB listener rules with the JS SDK', () => {
  it('creates, describes, modifies and deletes rules, with AWS’s error codes', async () => {
    const alb = (
      await elb.send(
        new CreateLoadBalancerCommand({
          Name: 'sdk-alb',
          Scheme: 'internal',
          Subnets: [net.a, net.b],
        }),
      )
    ).LoadBalancers![0]!;
    const group = async (name: string) =>
      (
        await elb.send(
          new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: net.vpc }),
        )
      ).TargetGroups![0]!.TargetGroupArn!;
    const web = await group('sdk-web');
    const api = await group('sdk-api');
    const listener = (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: alb.LoadBalancerArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: web }],
        }),
      )
    ).Listeners![0]!.ListenerArn!;
    const created = (
      await elb.send(
        new CreateRuleCommand({
          ListenerArn: listener,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: api }],
        }),
      )
    ).Rules![0]!;
    expect(created).toEqual({
      RuleArn: expect.stringMatching(
        /:listener-rule\/app\/sdk-alb\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
      ) as unknown,
      Priority: '10',
      Conditions: [
        { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: api }],
      IsDefault: false,
    });
    const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: listener }))).Rules!;
    expect(rules.map((r) => [r.Priority, r.IsDefault, r.Actions![0]!.TargetGroupArn])).toEqual([
      ['10', false, api],
      ['default', true, web],
    ]);
    const modified = (
      await elb.send(
        new ModifyRuleCommand({
          RuleArn: created.RuleArn,
          Conditions: [{ Field: 'host-header', Values: ['api.example.com'] }],
        }),
      )
    ).Rules![0]!;
    expect(modified.Conditions).toEqual([
      {
        Field: 'host-header',
        Values: ['api.example.com'],
        HostHeaderConfig: { Values: ['api.example.com'] },
      },
    ]);
    const byArn = await elb.send(new DescribeRulesCommand({ RuleArns: [created.RuleArn!] }));
    expect(byArn.Rules).toEqual([modified]);
    const groups = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [api] }));
    expect(groups.TargetGroups![0]!.LoadBalancerArns).toEqual([alb.LoadBalancerArn]);
    const refused = (send: () => Promise<unknown>) => twin.refusal(send);
    expect(
      await refused(() =>
        elb.send(
          new CreateRuleCommand({
            ListenerArn: listener,
            Priority: 10,
            Conditions: [{ Field: 'path-pattern', Values: ['/b'] }],
            Actions: [{ Type: 'forward', TargetGroupArn: api }],
          }),
        ),
      ),
    ).toBe('PriorityInUseException');
    expect(
      await refused(() => elb.send(new DeleteRuleCommand({ RuleArn: rules[1]!.RuleArn }))),
    ).toBe('OperationNotPermittedException');
    expect(
      await refused(() => elb.send(new DeleteRuleCommand({ RuleArn: `${created.RuleArn!}0` }))),
    ).toBe('RuleNotFoundException');
    expect(
      await refused(() => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: api }))),
    ).toBe('ResourceInUseException');
    await elb.send(new DeleteRuleCommand({ RuleArn: created.RuleArn }));
    const left = (await elb.send(new DescribeRulesCommand({ ListenerArn: listener }))).Rules!;
    expect(left.map((r) => r.Priority)).toEqual(['default']);
  });
});
