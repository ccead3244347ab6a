import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attachInternetGateway,
  createInternetGateway,
} from '../../src/control/internet-gateway.js';
import { runInstances } from '../../src/control/instance-launch.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import { authorization, startTwin, type Twin } from '../support/api.js';

/**
 * The Elastic Load Balancing v2 API (query protocol) and the EC2 endpoint service actions,
 * driven by real clients: the AWS CLI and boto3, each one process for a whole flow.
 */

let twin: Twin;
let net: { vpcId: string; subnetA: string; subnetB: string; app: string; fw: string };

beforeAll(async () => {
  twin = await startTwin();
  const vpc = twin.setup(createVpc, { cidrBlock: '10.0.0.0/16' });
  const igw = twin.setup(createInternetGateway, {});
  twin.setup(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
  const subnet = (cidrBlock: string, availabilityZone: string) =>
    twin.setup(createSubnet, { vpcId: vpc.id, cidrBlock, availabilityZone }).id;
  const subnetA = subnet('10.0.1.0/24', 'us-east-1a');
  const subnetB = subnet('10.0.2.0/24', 'us-east-1b');
  const [app] = twin.setup(runInstances, { subnetId: subnetA });
  const [fw] = twin.setup(runInstances, { subnetId: subnetB });
  net = { vpcId: vpc.id, subnetA, subnetB, app: app!.id, fw: fw!.id };
});

afterAll(() => twin.close());

const env = () => ({
  ...process.env,
  ENDPOINT: twin.endpoint,
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_MAX_ATTEMPTS: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
});

function run(
  bin: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { encoding: 'utf8', timeout: 60_000, env: env() },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

const aws = (args: readonly string[]) =>
  run('aws', [
    '--endpoint-url',
    twin.endpoint,
    '--region',
    'us-east-1',
    '--output',
    'json',
    ...args,
  ]);

/** A raw ELBv2 query request, signed for the elasticloadbalancing service. */
const elbQuery = (params: Record<string, string>) =>
  twin.post(new URLSearchParams({ Version: '2015-12-01', ...params }).toString(), {
    authorization: authorization('us-east-1', 'elasticloadbalancing'),
  });

describe('ELBv2 API with the AWS CLI', () => {
  it('creates an internal NLB, a target group, targets and a listener, and describes them', async () => {
    const lb = await aws([
      'elbv2',
      'create-load-balancer',
      '--name',
      'cli-nlb',
      '--type',
      'network',
      '--scheme',
      'internal',
      '--subnets',
      net.subnetA,
      net.subnetB,
      '--tags',
      'Key=team,Value=net',
    ]);
    expect(lb.code, lb.stderr).toBe(0);
    const created = (
      JSON.parse(lb.stdout) as {
        LoadBalancers: {
          LoadBalancerArn: string;
          DNSName: string;
          Type: string;
          Scheme: string;
          AvailabilityZones: {
            ZoneName: string;
            LoadBalancerAddresses: { PrivateIPv4Address: string }[];
          }[];
        }[];
      }
    ).LoadBalancers[0]!;
    expect(created.LoadBalancerArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/net\/cli-nlb\/[0-9a-f]{16}$/,
    );
    expect(created).toMatchObject({ Type: 'network', Scheme: 'internal' });
    expect(created.DNSName).toMatch(
      /^internal-cli-nlb-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/,
    );
    expect(created.AvailabilityZones.map((z) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(created.AvailabilityZones[0]!.LoadBalancerAddresses[0]!.PrivateIPv4Address).toMatch(
      /^10\.0\.1\.\d+$/,
    );

    const tg = await aws([
      'elbv2',
      'create-target-group',
      '--name',
      'cli-tg',
      '--protocol',
      'TCP',
      '--port',
      '443',
      '--vpc-id',
      net.vpcId,
      '--target-type',
      'instance',
    ]);
    expect(tg.code, tg.stderr).toBe(0);
    const tgArn = (JSON.parse(tg.stdout) as { TargetGroups: { TargetGroupArn: string }[] })
      .TargetGroups[0]!.TargetGroupArn;
    const reg = await aws([
      'elbv2',
      'register-targets',
      '--target-group-arn',
      tgArn,
      '--targets',
      `Id=${net.app}`,
    ]);
    expect(reg.code, reg.stderr).toBe(0);
    const listener = await aws([
      'elbv2',
      'create-listener',
      '--load-balancer-arn',
      created.LoadBalancerArn,
      '--protocol',
      'TCP',
      '--port',
      '443',
      '--default-actions',
      `Type=forward,TargetGroupArn=${tgArn}`,
    ]);
    expect(listener.code, listener.stderr).toBe(0);
    expect(JSON.parse(listener.stdout)).toMatchObject({
      Listeners: [
        {
          Port: 443,
          Protocol: 'TCP',
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        },
      ],
    });
    const health = await aws(['elbv2', 'describe-target-health', '--target-group-arn', tgArn]);
    expect(JSON.parse(health.stdout)).toEqual({
      TargetHealthDescriptions: [
        {
          Target: { Id: net.app, Port: 443 },
          HealthCheckPort: '443',
          TargetHealth: { State: 'healthy' },
        },
      ],
    });
    const groups = await aws([
      'elbv2',
      'describe-target-groups',
      '--load-balancer-arn',
      created.LoadBalancerArn,
    ]);
    expect(JSON.parse(groups.stdout)).toMatchObject({
      TargetGroups: [
        {
          TargetGroupArn: tgArn,
          LoadBalancerArns: [created.LoadBalancerArn],
          Protocol: 'TCP',
          Port: 443,
        },
      ],
    });
    const tags = await aws(['elbv2', 'describe-tags', '--resource-arns', created.LoadBalancerArn]);
    expect(JSON.parse(tags.stdout)).toEqual({
      TagDescriptions: [
        { ResourceArn: created.LoadBalancerArn, Tags: [{ Key: 'team', Value: 'net' }] },
      ],
    });
  }, 180_000);

  it('reports ELBv2 errors by code, changing nothing', async () => {
    const before = twin.state();
    const [badName, missing, noSubnet] = await Promise.all([
      aws([
        'elbv2',
        'create-target-group',
        '--name',
        'bad_name',
        '--protocol',
        'TCP',
        '--port',
        '80',
        '--vpc-id',
        net.vpcId,
      ]),
      aws(['elbv2', 'describe-load-balancers', '--names', 'nope']),
      aws([
        'elbv2',
        'create-load-balancer',
        '--name',
        'x',
        '--subnets',
        'subnet-0123456789abcdef0',
      ]),
    ]);
    expect(badName.stderr).toContain(
      '(ValidationError) when calling the CreateTargetGroup operation',
    );
    expect(missing.stderr).toContain(
      "(LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: Load balancers '[nope]' not found",
    );
    expect(noSubnet.stderr).toContain(
      "(SubnetNotFound) when calling the CreateLoadBalancer operation: The subnet ID 'subnet-0123456789abcdef0' is not valid",
    );
    expect(twin.state()).toBe(before);
  }, 120_000);
});

const BOTO3_FLOW = String.raw`
import json, os, sys, boto3, botocore
args = json.loads(sys.argv[1])
kw = dict(endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
elb = boto3.client('elbv2', **kw)
ec2 = boto3.client('ec2', **kw)
out = {}
lb = elb.create_load_balancer(Name='inspection', Type='gateway', Subnets=[args['subnetA'], args['subnetB']])['LoadBalancers'][0]
out['lb'] = {'Type': lb['Type'], 'Scheme': lb.get('Scheme'), 'Zones': [z['ZoneName'] for z in lb['AvailabilityZones']]}
tg = elb.create_target_group(Name='appliances', Protocol='GENEVE', Port=6081, VpcId=args['vpcId'])['TargetGroups'][0]
elb.register_targets(TargetGroupArn=tg['TargetGroupArn'], Targets=[{'Id': args['fw']}])
elb.create_listener(LoadBalancerArn=lb['LoadBalancerArn'], DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn']}])
attrs = elb.modify_target_group_attributes(TargetGroupArn=tg['TargetGroupArn'], Attributes=[{'Key': 'stickiness.enabled', 'Value': 'true'}, {'Key': 'stickiness.type', 'Value': 'source_ip_dest_ip'}])['Attributes']
out['tgAttrs'] = {a['Key']: a['Value'] for a in attrs}
lbAttrs = elb.modify_load_balancer_attributes(LoadBalancerArn=lb['LoadBalancerArn'], Attributes=[{'Key': 'load_balancing.cross_zone.enabled', 'Value': 'true'}])['Attributes']
out['lbAttrs'] = {a['Key']: a['Value'] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lb['LoadBalancerArn'])['Attributes']}
svc = ec2.create_vpc_endpoint_service_configuration(GatewayLoadBalancerArns=[lb['LoadBalancerArn']], AcceptanceRequired=False)['ServiceConfiguration']
out['svc'] = {k: svc[k] for k in ['ServiceName', 'ServiceType', 'ServiceState', 'AvailabilityZones', 'AcceptanceRequired', 'GatewayLoadBalancerArns']}
vpce = ec2.create_vpc_endpoint(VpcEndpointType='GatewayLoadBalancer', VpcId=args['vpcId'], ServiceName=svc['ServiceName'], SubnetIds=[args['subnetA']])['VpcEndpoint']
out['vpce'] = {'Type': vpce['VpcEndpointType'], 'State': vpce['State']}
rt = ec2.create_route_table(VpcId=args['vpcId'])['RouteTable']
ec2.create_route(RouteTableId=rt['RouteTableId'], DestinationCidrBlock='0.0.0.0/0', VpcEndpointId=vpce['VpcEndpointId'])
out['route'] = [r.get('GatewayId') or r.get('VpcEndpointId') for r in ec2.describe_route_tables(RouteTableIds=[rt['RouteTableId']])['RouteTables'][0]['Routes']]
out['described'] = [s['ServiceId'] for s in ec2.describe_vpc_endpoint_service_configurations()['ServiceConfigurations']]
perm = ec2.modify_vpc_endpoint_service_permissions(ServiceId=svc['ServiceId'], AddAllowedPrincipals=['arn:aws:iam::210987654321:root'])
out['perm'] = [[p['PrincipalType'], p['Principal']] for p in perm['AddedPrincipals']]
out['accept'] = [u['Error']['Code'] for u in ec2.accept_vpc_endpoint_connections(ServiceId=svc['ServiceId'], VpcEndpointIds=[vpce['VpcEndpointId']])['Unsuccessful']]
out['deleteBusy'] = ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[svc['ServiceId']])['Unsuccessful'][0]['Error']['Code']
errors = {}
for name, call in [
  ('geneveListener', lambda: elb.create_listener(LoadBalancerArn=lb['LoadBalancerArn'], DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn']}])),
  ('deleteInUse', lambda: elb.delete_target_group(TargetGroupArn=tg['TargetGroupArn'])),
  ('sgOnGwlb', lambda: elb.set_security_groups(LoadBalancerArn=lb['LoadBalancerArn'], SecurityGroups=[])),
  ('noTg', lambda: elb.describe_target_health(TargetGroupArn=tg['TargetGroupArn'] + '0')),
]:
  try:
    call(); errors[name] = None
  except botocore.exceptions.ClientError as e:
    errors[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['errors'] = errors
elb.delete_load_balancer(LoadBalancerArn=lb['LoadBalancerArn'] + 'f')
pages = elb.get_paginator('describe_load_balancers').paginate(PaginationConfig={'PageSize': 1})
out['paged'] = [l['LoadBalancerName'] for p in pages for l in p['LoadBalancers']]
print(json.dumps(out))
`;

describe('ELBv2 and endpoint services with boto3', () => {
  it('builds a GWLB, its endpoint service, a GWLB endpoint and a route to it', async () => {
    const r = await run('python3', ['-c', BOTO3_FLOW, JSON.stringify(net)].map(String)).then(
      (x) => x,
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.lb).toEqual({ Type: 'gateway', Scheme: null, Zones: ['us-east-1a', 'us-east-1b'] });
    expect(out.tgAttrs).toMatchObject({
      'stickiness.enabled': 'true',
      'stickiness.type': 'source_ip_dest_ip',
    });
    expect(out.lbAttrs).toMatchObject({
      'load_balancing.cross_zone.enabled': 'true',
      'deletion_protection.enabled': 'false',
    });
    expect(out.svc).toMatchObject({
      ServiceType: [{ ServiceType: 'GatewayLoadBalancer' }],
      ServiceState: 'Available',
      AvailabilityZones: ['us-east-1a', 'us-east-1b'],
      AcceptanceRequired: false,
    });
    expect(out.vpce).toEqual({ Type: 'GatewayLoadBalancer', State: 'available' });
    expect((out.route as string[])[1]).toMatch(/^vpce-/);
    expect(out.deleteBusy).toBe('ExistingVpcEndpointConnections');
    expect(out.perm).toEqual([['Role', 'arn:aws:iam::210987654321:root']]);
    // The owner's own endpoint was accepted at once: nothing is pending.
    expect(out.accept).toEqual(['InvalidVpcEndpoint.NotFound']);
    expect(out.errors).toEqual({
      geneveListener: ['TooManyListeners', 400],
      deleteInUse: ['ResourceInUse', 400],
      sgOnGwlb: ['InvalidConfigurationRequest', 400],
      noTg: ['TargetGroupNotFound', 400],
    });
    expect(out.paged).toEqual(expect.arrayContaining(['cli-nlb', 'inspection']));
  }, 120_000);
});

describe('ELBv2 query protocol on the wire', () => {
  it('wraps results in <ActionResult> and errors in ErrorResponse/Error with Type Sender', async () => {
    const ok = await elbQuery({ Action: 'DescribeLoadBalancers', 'Names.member.1': 'cli-nlb' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><DescribeLoadBalancersResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><DescribeLoadBalancersResult><LoadBalancers><member><LoadBalancerArn>/,
    );
    expect(ok.body).toMatch(
      /<ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/DescribeLoadBalancersResponse>$/,
    );
    const bad = await elbQuery({ Action: 'DescribeLoadBalancers', 'Names.member.1': 'missing' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain(
      '<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code>',
    );
  });

  it('refuses unknown parameters, unknown and unimplemented actions', async () => {
    const before = twin.state();
    const unknown = await elbQuery({ Action: 'DescribeLoadBalancers', Bogus: '1' });
    expect([unknown.status, unknown.code]).toEqual([400, 'ValidationError']);
    const flat = await elbQuery({ Action: 'DescribeLoadBalancers', 'Names.1': 'cli-nlb' });
    expect([flat.status, flat.code]).toEqual([400, 'ValidationError']);
    const nope = await elbQuery({ Action: 'Frobnicate' });
    expect([nope.status, nope.code]).toEqual([400, 'InvalidAction']);
    const later = await elbQuery({ Action: 'SetRulePriorities' });
    expect(later).toMatchObject({
      status: 400,
      code: 'InvalidAction',
      message: 'The action SetRulePriorities is not implemented by vpctwin',
    });
    expect(twin.state()).toBe(before);
  });
});
