import {
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouteTable } from '../../src/control/route-table.js';
import { createSecurityGroup } from '../../src/control/security-group.js';
import { createSubnet } from '../../src/control/subnet.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

const S3 = `com.amazonaws.${REGION}.s3`;
const SSM = `com.amazonaws.${REGION}.ssm`;

let twin: Twin;
let vpcId: string;
let subnets: string[];
let tables: string[];

const caller = { accountId: ACCOUNT as AccountId, region: REGION as RegionName };

/** Runs a control operation directly: setup that other families' actions would do. */
function exec<I, O>(op: Operation<I, O>, input: I): O {
  const r = twin.store.execute('Setup', op, input, caller);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeEach(async () => {
  twin = await startTwin();
  vpcId =
    (await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
  await twin.ec2.send(
    new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }),
  );
  subnets = ['a', 'b', 'c'].map(
    (az, i) =>
      exec(createSubnet, {
        vpcId,
        cidrBlock: `10.0.${i}.0/24`,
        availabilityZone: `${REGION}${az}`,
      }).id as string,
  );
  tables = [0, 1].map(() => exec(createRouteTable, { vpcId }).id as string);
});

afterEach(async () => {
  await twin.close();
});

async function errorOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => (e as { name: string }).name,
  );
}

/** Proves a refused call changed nothing. */
async function refused(p: Promise<unknown>, code: string): Promise<void> {
  expect(await twin.refusal(() => p)).toBe(code);
}

async function gateway(routeTableIds: string[], name = 'gw'): Promise<string> {
  const out = await twin.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: S3,
      RouteTableIds: routeTableIds,
      TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  return out.VpcEndpoint?.VpcEndpointId ?? '';
}

async function iface(subnetIds: string[]): Promise<string> {
  const out = await twin.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: SSM,
      VpcEndpointType: 'Interface',
      SubnetIds: subnetIds,
    }),
  );
  return out.VpcEndpoint?.VpcEndpointId ?? '';
}

const describeOne = async (id: string) =>
  (await twin.ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] })))
    .VpcEndpoints?.[0];

const idsFor = async (filters: Filter[]) =>
  ((await twin.ec2.send(new DescribeVpcEndpointsCommand({ Filters: filters }))).VpcEndpoints ?? [])
    .map((e) => e.VpcEndpointId)
    .sort();

describe('VPC endpoints over the API', () => {
  it('creates a gateway endpoint that routes the service’s prefix list', async () => {
    const out = await twin.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: S3,
        RouteTableIds: [tables[0] ?? ''],
        ClientToken: 'token-1',
      }),
    );
    const e = out.VpcEndpoint;
    expect(out.ClientToken).toBe('token-1');
    expect(e?.VpcEndpointId).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(e).toMatchObject({
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: S3,
      State: 'available',
      RouteTableIds: [tables[0]],
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [],
      OwnerId: ACCOUNT,
      Tags: [],
    });
    expect(JSON.parse(e?.PolicyDocument ?? '{}')).toMatchObject({
      Statement: [{ Effect: 'Allow' }],
    });
    expect(e?.CreationTimestamp).toBeInstanceOf(Date);
    const routes = twin.store.snapshot.get('route-table', tables[0] ?? '')?.routes ?? [];
    expect(routes.find((r) => r.destinationPrefixListId === 'pl-63a5400a')?.gatewayId).toBe(
      e?.VpcEndpointId,
    );
  });

  it('creates an interface endpoint with one ENI per subnet, the default group and DNS names', async () => {
    const id = await iface([subnets[0] ?? '', subnets[1] ?? '']);
    const e = await describeOne(id);
    expect(e).toMatchObject({
      VpcEndpointType: 'Interface',
      SubnetIds: [subnets[0], subnets[1]],
      RouteTableIds: [],
      PrivateDnsEnabled: true,
      IpAddressType: 'ipv4',
      DnsOptions: { DnsRecordIpType: 'ipv4' },
    });
    expect(e?.Groups).toHaveLength(1);
    expect(e?.Groups?.[0]?.GroupName).toBe('default');
    expect(e?.NetworkInterfaceIds).toHaveLength(2);
    const names = e?.DnsEntries?.map((d) => d.DnsName) ?? [];
    expect(names).toHaveLength(4);
    expect(names[0]).toMatch(
      new RegExp(`^${id}-[0-9a-z]{8}\\.ssm\\.${REGION}\\.vpce\\.amazonaws\\.com$`),
    );
    expect(names[1]).toContain(`-${REGION}a.ssm.`);
    expect(names[3]).toBe(`ssm.${REGION}.amazonaws.com`);
    expect(e?.DnsEntries?.every((d) => /^Z[0-9A-Z]{13}$/.test(d.HostedZoneId ?? ''))).toBe(true);
  });

  it('refuses bad creates without changing anything', async () => {
    await refused(
      twin.ec2.send(
        new CreateVpcEndpointCommand({ VpcId: vpcId, ServiceName: 'com.amazonaws.us-east-1.nope' }),
      ),
      'InvalidServiceName',
    );
    await refused(
      twin.ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: S3,
          SubnetIds: [subnets[0] ?? ''],
        }),
      ),
      'InvalidParameter',
    );
    await refused(
      twin.ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: SSM,
          VpcEndpointType: 'Interface',
          SubnetIds: [subnets[0] ?? ''],
          IpAddressType: 'ipv6',
        }),
      ),
      'UnsupportedOperation',
    );
    await refused(
      twin.ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: 'vpc-0123456789abcdef0',
          ServiceName: S3,
        }),
      ),
      'InvalidVpcID.NotFound',
    );
    const before = twin.state();
    const raw = await twin.query('CreateVpcEndpoint', { ServiceName: S3 });
    expect(raw.code).toBe('MissingParameter');
    const dry = await twin.query('CreateVpcEndpoint', {
      VpcId: vpcId,
      ServiceName: S3,
      DryRun: 'true',
    });
    expect(dry.code).toBe('DryRunOperation');
    expect(twin.state()).toBe(before);
  });

  it('filters with every documented filter and pages', async () => {
    const gw = await gateway([tables[0] ?? ''], 'gw');
    const ie = await iface([subnets[0] ?? '']);
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'ip-address-type', Values: ['ipv4'] }], [ie]],
      [[{ Name: 'service-name', Values: [S3] }], [gw]],
      [[{ Name: 'service-region', Values: [REGION] }], [gw, ie]],
      [[{ Name: 'vpc-id', Values: [vpcId] }], [gw, ie]],
      [[{ Name: 'vpc-endpoint-id', Values: [ie] }], [ie]],
      [[{ Name: 'vpc-endpoint-state', Values: ['available'] }], [gw, ie]],
      [[{ Name: 'vpc-endpoint-state', Values: ['pending'] }], []],
      [[{ Name: 'vpc-endpoint-type', Values: ['Interface'] }], [ie]],
      [[{ Name: 'tag:Name', Values: ['gw'] }], [gw]],
      [[{ Name: 'tag-key', Values: ['Name'] }], [gw]],
    ];
    for (const [filters, expected] of cases) {
      expect(await idsFor(filters), JSON.stringify(filters)).toEqual(expected.sort());
    }
    expect(await errorOf(idsFor([{ Name: 'state', Values: ['available'] }]))).toBe(
      'InvalidParameterValue',
    );

    const first = await twin.ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 1 }));
    expect(first.VpcEndpoints).toHaveLength(1);
    const second = await twin.ec2.send(
      new DescribeVpcEndpointsCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.VpcEndpoints).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(
      [...(first.VpcEndpoints ?? []), ...(second.VpcEndpoints ?? [])]
        .map((e) => e.VpcEndpointId)
        .sort(),
    ).toEqual([gw, ie].sort());
    // Above 1,000 AWS returns 1,000 rather than refusing.
    const big = await twin.ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 5000 }));
    expect(big.VpcEndpoints).toHaveLength(2);
    expect(await errorOf(twin.ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 0 })))).toBe(
      'InvalidParameterValue',
    );
    expect(await errorOf(describeOne('vpce-0123456789abcdef0'))).toBe(
      'InvalidVpcEndpointId.NotFound',
    );
    expect(await errorOf(describeOne('vpc-12345678'))).toBe('InvalidVpcEndpointId.Malformed');
  });

  it('modifies route tables, subnets, groups, private DNS and policy', async () => {
    const gw = await gateway([tables[0] ?? '']);
    const ok1 = await twin.ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: gw,
        AddRouteTableIds: [tables[1] ?? ''],
        RemoveRouteTableIds: [tables[0] ?? ''],
        PolicyDocument: '{"Statement":[]}',
      }),
    );
    expect(ok1.Return).toBe(true);
    expect(await describeOne(gw)).toMatchObject({
      RouteTableIds: [tables[1]],
      PolicyDocument: '{"Statement":[]}',
    });

    const ie = await iface([subnets[0] ?? '', subnets[1] ?? '']);
    const group = exec(createSecurityGroup, { groupName: 'ep', description: 'ep', vpcId }).id;
    await twin.ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: ie,
        AddSubnetIds: [subnets[2] ?? ''],
        RemoveSubnetIds: [subnets[0] ?? ''],
        AddSecurityGroupIds: [group],
        PrivateDnsEnabled: false,
      }),
    );
    const after = await describeOne(ie);
    expect(after?.SubnetIds).toEqual([subnets[1], subnets[2]]);
    expect(after?.NetworkInterfaceIds).toHaveLength(2);
    expect(after?.Groups?.map((g) => g.GroupName)).toEqual(['default', 'ep']);
    expect(after?.PrivateDnsEnabled).toBe(false);
    expect(after?.DnsEntries).toHaveLength(3);

    await refused(
      twin.ec2.send(
        new ModifyVpcEndpointCommand({ VpcEndpointId: ie, AddRouteTableIds: [tables[0] ?? ''] }),
      ),
      'InvalidParameter',
    );
    await refused(
      twin.ec2.send(
        new ModifyVpcEndpointCommand({
          VpcEndpointId: 'vpce-0123456789abcdef0',
          ResetPolicy: true,
        }),
      ),
      'InvalidVpcEndpointId.NotFound',
    );
    const before = twin.state();
    const raw = await twin.query('ModifyVpcEndpoint', {
      VpcEndpointId: ie,
      'SubnetConfiguration.1.SubnetId': subnets[0] ?? '',
      'SubnetConfiguration.1.Ipv4': '10.0.0.99',
    });
    expect(raw.code).toBe('UnsupportedOperation');
    expect(twin.state()).toBe(before);
  });

  it('deletes endpoints, listing the ids it could not delete as unsuccessful', async () => {
    const gw = await gateway([tables[0] ?? '']);
    const ie = await iface([subnets[0] ?? '']);
    const missing = 'vpce-0123456789abcdef0';
    const out = await twin.ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: [gw, missing, ie] }),
    );
    expect(out.Unsuccessful).toEqual([
      {
        ResourceId: missing,
        Error: {
          Code: 'InvalidVpcEndpoint.NotFound',
          Message: `The Vpc Endpoint Id '${missing}' does not exist`,
        },
      },
    ]);
    expect(await idsFor([])).toEqual([]);
    expect(twin.store.snapshot.count('network-interface')).toBe(0);
    const routes = twin.store.snapshot.get('route-table', tables[0] ?? '')?.routes ?? [];
    expect(routes.some((r) => r.destinationPrefixListId !== undefined)).toBe(false);
    const before = twin.state();
    const raw = await twin.query('DeleteVpcEndpoints', { 'VpcEndpointId.1': 'nope' });
    expect(raw.code).toBe('InvalidVpcEndpointId.Malformed');
    expect(twin.state()).toBe(before);
  });

  it('describes the AWS services the twin knows', async () => {
    const all = await twin.ec2.send(new DescribeVpcEndpointServicesCommand({}));
    expect(all.ServiceNames).toContain(S3);
    expect(all.ServiceNames).toContain(SSM);
    expect(new Set(all.ServiceNames).size).toBe(all.ServiceNames?.length);
    const s3 = all.ServiceDetails?.filter((d) => d.ServiceName === S3) ?? [];
    expect(s3.map((d) => d.ServiceType?.[0]?.ServiceType).sort()).toEqual(['Gateway', 'Interface']);
    const gw = s3.find((d) => d.ServiceType?.[0]?.ServiceType === 'Gateway');
    expect(gw).toMatchObject({
      Owner: 'amazon',
      BaseEndpointDnsNames: [`s3.${REGION}.amazonaws.com`],
      VpcEndpointPolicySupported: true,
      AcceptanceRequired: false,
      ManagesVpcEndpoints: false,
      SupportedIpAddressTypes: ['ipv4'],
    });
    expect(gw?.ServiceId).toMatch(/^vpce-svc-[0-9a-f]{17}$/);
    expect(gw?.AvailabilityZones).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((z) => `${REGION}${z}`),
    );
    const ssm = all.ServiceDetails?.find((d) => d.ServiceName === SSM);
    expect(ssm).toMatchObject({
      PrivateDnsName: `ssm.${REGION}.amazonaws.com`,
      PrivateDnsNames: [{ PrivateDnsName: `ssm.${REGION}.amazonaws.com` }],
      PrivateDnsNameVerificationState: 'verified',
      BaseEndpointDnsNames: [`ssm.${REGION}.vpce.amazonaws.com`],
    });

    const cases: [Filter[], number][] = [
      [[{ Name: 'service-type', Values: ['Gateway'] }], 2],
      [[{ Name: 'service-name', Values: ['*.dynamodb'] }], 2],
      [[{ Name: 'owner', Values: ['amazon'] }], all.ServiceDetails?.length ?? 0],
      [[{ Name: 'service-region', Values: ['eu-west-1'] }], 0],
      [[{ Name: 'supported-ip-address-types', Values: ['ipv6'] }], 0],
      [[{ Name: 'tag:Name', Values: ['x'] }], 0],
    ];
    for (const [filters, n] of cases) {
      const out = await twin.ec2.send(new DescribeVpcEndpointServicesCommand({ Filters: filters }));
      expect(out.ServiceDetails, JSON.stringify(filters)).toHaveLength(n);
    }

    // Named services: catalogue ones, and any interface name CreateVpcEndpoint would take.
    const named = await twin.ec2.send(
      new DescribeVpcEndpointServicesCommand({
        ServiceNames: [SSM, `com.amazonaws.${REGION}.athena`],
      }),
    );
    expect(named.ServiceNames).toEqual([`com.amazonaws.${REGION}.athena`, SSM]);
    expect(
      await errorOf(
        twin.ec2.send(new DescribeVpcEndpointServicesCommand({ ServiceNames: ['bogus'] })),
      ),
    ).toBe('InvalidServiceName');

    const first = await twin.ec2.send(new DescribeVpcEndpointServicesCommand({ MaxResults: 5 }));
    expect(first.ServiceDetails).toHaveLength(5);
    const rest = await twin.ec2.send(
      new DescribeVpcEndpointServicesCommand({ NextToken: first.NextToken }),
    );
    expect((first.ServiceDetails?.length ?? 0) + (rest.ServiceDetails?.length ?? 0)).toBe(
      all.ServiceDetails?.length,
    );
    expect(rest.NextToken).toBeUndefined();
  });

  it('pins an endpoint network interface address with SubnetConfigurations (D83)', async () => {
    const out = await twin.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: SSM,
        VpcEndpointType: 'Interface',
        SubnetIds: [subnets[0] ?? ''],
        // The second subnet is named only by its configuration: it joins the endpoint.
        SubnetConfigurations: [
          { SubnetId: subnets[0], Ipv4: '10.0.0.15' },
          { SubnetId: subnets[1], Ipv4: '10.0.1.15' },
        ],
      }),
    );
    const e = out.VpcEndpoint;
    expect(e?.SubnetIds).toEqual([subnets[0], subnets[1]]);
    const enis = await twin.ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: e?.NetworkInterfaceIds }),
    );
    const addresses = new Map(enis.NetworkInterfaces?.map((n) => [n.SubnetId, n.PrivateIpAddress]));
    expect(addresses).toEqual(
      new Map([
        [subnets[0], '10.0.0.15'],
        [subnets[1], '10.0.1.15'],
      ]),
    );

    const create = (
      configs: { SubnetId?: string; Ipv4?: string; Ipv6?: string }[],
      type = 'Interface',
    ) =>
      twin.query('CreateVpcEndpoint', {
        VpcId: vpcId,
        ServiceName: type === 'Gateway' ? S3 : SSM,
        VpcEndpointType: type,
        // The first endpoint holds the service's private DNS name in this VPC.
        ...(type === 'Gateway' ? {} : { PrivateDnsEnabled: 'false' }),
        ...Object.fromEntries(
          configs.flatMap((c, i) =>
            Object.entries(c).map(([k, v]) => [`SubnetConfiguration.${i + 1}.${k}`, v]),
          ),
        ),
      });
    const cases: [Parameters<typeof create>, string, string][] = [
      [
        [[{ SubnetId: subnets[2], Ipv4: '10.0.0.15' }]],
        'InvalidParameterValue',
        "Address 10.0.0.15 does not fall within the subnet's address range",
      ],
      [
        [[{ SubnetId: subnets[2], Ipv4: '10.0.2.3' }]],
        'InvalidParameterValue',
        "Address 10.0.2.3 is in subnet's reserved address range",
      ],
      [
        [[{ SubnetId: subnets[2], Ipv4: '10.0.2.255' }]],
        'InvalidParameterValue',
        "Address 10.0.2.255 is in subnet's reserved address range",
      ],
      [
        [[{ SubnetId: subnets[0], Ipv4: '10.0.0.15' }]],
        'InvalidIPAddress.InUse',
        'Address 10.0.0.15 is already in use.',
      ],
      [
        [[{ SubnetId: subnets[2], Ipv4: 'ten' }]],
        'InvalidParameterValue',
        'Value (ten) for parameter SubnetConfiguration.1.Ipv4 is invalid. Invalid IP address.',
      ],
      [
        [[{ SubnetId: subnets[2] }]],
        'MissingParameter',
        'The request must contain the parameter SubnetConfiguration.1.Ipv4',
      ],
      [
        [[{ Ipv4: '10.0.2.15' }]],
        'MissingParameter',
        'The request must contain the parameter SubnetConfiguration.1.SubnetId',
      ],
      [
        [
          [
            { SubnetId: subnets[2], Ipv4: '10.0.2.15' },
            { SubnetId: subnets[2], Ipv4: '10.0.2.16' },
          ],
        ],
        'InvalidParameter',
        `The subnet ${subnets[2]} has more than one subnet configuration.`,
      ],
      [
        [[{ SubnetId: subnets[2], Ipv4: '10.0.2.15', Ipv6: '2001:db8::15' }]],
        'UnsupportedOperation',
        'IPv6 addresses for VPC endpoints are not supported.',
      ],
      [
        [[{ SubnetId: subnets[2], Ipv4: '10.0.2.15' }], 'Gateway'],
        'InvalidParameter',
        'Subnet configurations are not supported for Gateway type VPC endpoints.',
      ],
    ];
    for (const [args, code, message] of cases) {
      const before = twin.state();
      const r = await create(...args);
      expect(r, JSON.stringify(args)).toMatchObject({ status: 400, code, message });
      expect(twin.state()).toBe(before);
    }
  });
});
