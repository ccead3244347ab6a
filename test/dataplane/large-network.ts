import { Cidr, Ip } from '../../src/net/index.js';
import type { AccountId, Id, IdFamily, RegionName } from '../../src/model/ids.js';
import { SeededIds } from '../../src/model/ids.js';
import type { NetworkAclEntry } from '../../src/model/network-acl.js';
import type { Resource } from '../../src/model/resource.js';
import type { Route } from '../../src/model/route-table.js';
import type { SecurityGroupRule } from '../../src/model/security-group.js';
import { World } from '../../src/model/snapshot.js';

/**
 * A generated enterprise-sized network, written straight into a World (no operations: this is
 * about the dataplane's speed, not the control plane's): `vpcs` VPCs of /22, each with two
 * public and two private /24 subnets over two AZs, an internet gateway, a NAT gateway, three
 * route tables, four security groups (CIDR rules and group references), a custom ACL, a
 * gateway endpoint on every other VPC, `enisPerVpc` ENIs (half on instances), and a ring of
 * active peerings with routes both ways.
 */
export function largeNetwork(vpcs = 1000, enisPerVpc = 40) {
  const world = new World();
  const ids = new SeededIds(7n);
  const id = <F extends IdFamily>(f: F) => ids.next(f);
  const owner = '123456789012' as AccountId;
  const region = 'us-east-1' as RegionName;
  const common = { ownerId: owner, region, tags: [] };
  const put = (r: Resource) => world.put(r);
  const v4 = (n: number) => Ip.fromUint32(n >>> 0);
  const cidr = (n: number, p: number) => Cidr.of(v4(n), p);
  const ALL = Cidr.parse('0.0.0.0/0')!;
  const base10 = Ip.parse('10.0.0.0')!.toUint32();
  let publicCounter = Ip.parse('3.0.0.0')!.toUint32();

  const vpcIds: Id<'vpc'>[] = [];
  const mainTables: Id<'route-table'>[] = [];
  const enis: {
    id: string;
    vpc: number;
    subnet: number;
    ip: Ip;
    public?: Ip;
    instance?: string;
  }[] = [];
  const s3 = { id: 'pl-63a5400a' as Id<'prefix-list'>, cidr: Cidr.parse('52.216.0.0/15')! };
  put({
    kind: 'prefix-list',
    id: s3.id,
    ownerId: 'AWS' as AccountId,
    region,
    tags: [],
    prefixListName: 'com.amazonaws.us-east-1.s3',
    addressFamily: 'IPv4',
    maxEntries: 1,
    version: 1,
    entries: [{ cidr: s3.cidr }],
    awsManaged: true,
    state: 'create-complete',
  });

  for (let v = 0; v < vpcs; v++) {
    const block = base10 + v * 1024;
    const vpcId = id('vpc');
    vpcIds.push(vpcId);
    const vpcCidr = cidr(block, 22);
    put({
      kind: 'vpc',
      id: vpcId,
      ...common,
      cidrBlock: vpcCidr,
      cidrBlockAssociationSet: [
        {
          associationId: id('vpc-cidr-association'),
          cidrBlock: vpcCidr,
          cidrBlockState: { state: 'associated' },
        },
      ],
      ipv6CidrBlockAssociationSet: [],
      instanceTenancy: 'default',
      isDefault: false,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      state: 'available',
    });
    const subnetIds = [0, 1, 2, 3].map(() => id('subnet'));
    subnetIds.forEach((sid, i) =>
      put({
        kind: 'subnet',
        id: sid,
        ...common,
        vpcId,
        availabilityZone: `us-east-1${'ab'[i % 2]}`,
        availabilityZoneId: `use1-az${(i % 2) + 1}`,
        cidrBlock: cidr(block + i * 256, 24),
        ipv6CidrBlockAssociationSet: [],
        ipv6Native: false,
        mapPublicIpOnLaunch: i < 2,
        assignIpv6AddressOnCreation: false,
        enableDns64: false,
        defaultForAz: false,
        state: 'available',
      }),
    );
    const igw = id('internet-gateway');
    put({
      kind: 'internet-gateway',
      id: igw,
      ...common,
      attachments: [{ vpcId, state: 'available' }],
    });

    // Security groups: default (self reference), web, app (from web), db (from app).
    const [dflt, web, app, db] = [
      id('security-group'),
      id('security-group'),
      id('security-group'),
      id('security-group'),
    ];
    const rule = (isEgress: boolean, p: Partial<SecurityGroupRule>): SecurityGroupRule => ({
      securityGroupRuleId: id('security-group-rule'),
      isEgress,
      ipProtocol: '-1',
      fromPort: -1,
      toPort: -1,
      ...p,
    });
    const egressAll = () => rule(true, { cidrIpv4: ALL });
    const sg = (gid: Id<'security-group'>, name: string, rules: SecurityGroupRule[]) =>
      put({
        kind: 'security-group',
        id: gid,
        ...common,
        groupName: name,
        description: name,
        vpcId,
        rules: [...rules, egressAll()],
      });
    sg(dflt, 'default', [rule(false, { referencedGroupInfo: { groupId: dflt, userId: owner } })]);
    sg(web, 'web', [
      rule(false, { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: ALL }),
      rule(false, { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: cidr(base10, 8) }),
    ]);
    sg(app, 'app', [
      rule(false, {
        ipProtocol: 'tcp',
        fromPort: 8080,
        toPort: 8080,
        referencedGroupInfo: { groupId: web, userId: owner },
      }),
    ]);
    sg(db, 'db', [
      rule(false, {
        ipProtocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        referencedGroupInfo: { groupId: app, userId: owner },
      }),
      rule(false, { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, prefixListId: s3.id }),
    ]);

    // ACLs: the default one, and a custom one on the private subnets.
    const entry = (
      ruleNumber: number,
      egress: boolean,
      ruleAction: 'allow' | 'deny',
      p: Partial<NetworkAclEntry> = {},
    ): NetworkAclEntry => ({
      ruleNumber,
      protocol: '-1',
      ruleAction,
      egress,
      cidrBlock: ALL,
      ...p,
    });
    const acl = (isDefault: boolean, subnets: Id<'subnet'>[], entries: NetworkAclEntry[]) =>
      put({
        kind: 'network-acl',
        id: id('network-acl'),
        ...common,
        vpcId,
        isDefault,
        entries,
        associations: subnets.map((subnetId) => ({
          networkAclAssociationId: id('network-acl-association'),
          subnetId,
        })),
        modified: { ingress: !isDefault, egress: !isDefault },
      });
    acl(true, subnetIds.slice(0, 2), [
      entry(100, false, 'allow'),
      entry(32767, false, 'deny'),
      entry(100, true, 'allow'),
      entry(32767, true, 'deny'),
    ]);
    acl(false, subnetIds.slice(2), [
      entry(90, false, 'deny', { protocol: '6', portRange: { from: 23, to: 23 } }),
      entry(100, false, 'allow', { cidrBlock: cidr(base10, 8) }),
      entry(110, false, 'allow', { protocol: '6', portRange: { from: 1024, to: 65535 } }),
      entry(32767, false, 'deny'),
      entry(100, true, 'allow'),
      entry(32767, true, 'deny'),
    ]);

    // NAT gateway in the first public subnet.
    const nat = id('nat-gateway');
    const natEni = id('network-interface');
    const natPrivate = v4(block + 5);
    const natPublic = v4(publicCounter++);
    put({
      kind: 'network-interface',
      id: natEni,
      ...common,
      vpcId,
      subnetId: subnetIds[0]!,
      availabilityZone: 'us-east-1a',
      description: 'nat',
      interfaceType: 'nat_gateway',
      macAddress: '02:00:00:00:00:00',
      privateIpAddress: natPrivate,
      privateIpAddresses: [
        {
          privateIpAddress: natPrivate,
          primary: true,
          association: { publicIp: natPublic, ipOwnerId: owner },
        },
      ],
      ipv6Addresses: [],
      groups: [],
      sourceDestCheck: false,
      requesterManaged: true,
      status: 'in-use',
    });
    put({
      kind: 'nat-gateway',
      id: nat,
      ...common,
      vpcId,
      subnetId: subnetIds[0]!,
      connectivityType: 'public',
      state: 'available',
      natGatewayAddresses: [
        {
          networkInterfaceId: natEni,
          privateIp: natPrivate,
          publicIp: natPublic,
          isPrimary: true,
          status: 'succeeded',
        },
      ],
      createTime: '2026-01-01T00:00:00Z',
    });

    // Route tables: main (local only), public (igw), private (nat, S3 via endpoint).
    const local: Route = {
      destinationCidrBlock: vpcCidr,
      gatewayId: 'local',
      origin: 'CreateRouteTable',
    };
    const table = (main: boolean, subnets: Id<'subnet'>[], routes: Route[]) => {
      const tid = id('route-table');
      put({
        kind: 'route-table',
        id: tid,
        ...common,
        vpcId,
        routes: [local, ...routes],
        associations: [
          ...(main ? [{ routeTableAssociationId: id('route-table-association'), main: true }] : []),
          ...subnets.map((subnetId) => ({
            routeTableAssociationId: id('route-table-association'),
            main: false,
            subnetId,
          })),
        ],
        propagatingVgws: [],
      });
      return tid;
    };
    mainTables.push(table(true, [], []));
    table(false, subnetIds.slice(0, 2), [
      { destinationCidrBlock: ALL, gatewayId: igw, origin: 'CreateRoute' },
    ]);
    const endpoint = v % 2 === 0 ? id('vpc-endpoint') : undefined;
    const privateTable = table(false, subnetIds.slice(2), [
      { destinationCidrBlock: ALL, natGatewayId: nat, origin: 'CreateRoute' },
      ...(endpoint
        ? [{ destinationPrefixListId: s3.id, gatewayId: endpoint, origin: 'CreateRoute' as const }]
        : []),
    ]);
    if (endpoint) {
      put({
        kind: 'vpc-endpoint',
        id: endpoint,
        ...common,
        vpcEndpointType: 'Gateway',
        vpcId,
        serviceName: 'com.amazonaws.us-east-1.s3',
        state: 'available',
        routeTableIds: [privateTable],
        subnetIds: [],
        networkInterfaceIds: [],
        groups: [],
        privateDnsEnabled: false,
        creationTimestamp: '2026-01-01T00:00:00Z',
      });
    }

    // ENIs: spread over the subnets; half on instances; public subnets' ENIs get public IPs.
    for (let e = 0; e < enisPerVpc; e++) {
      const sub = e % 4;
      const ip = v4(block + sub * 256 + 10 + Math.floor(e / 4));
      const eniId = id('network-interface');
      const pub = sub < 2 ? v4(publicCounter++) : undefined;
      const groups = sub < 2 ? [web, dflt] : e % 8 < 4 ? [app] : [db];
      let instance: Id<'instance'> | undefined;
      if (e % 2 === 0) {
        instance = id('instance');
        put({
          kind: 'instance',
          id: instance,
          ...common,
          imageId: 'ami-1',
          instanceType: 't3.micro',
          state: 'running',
          vpcId,
          subnetId: subnetIds[sub]!,
          availabilityZone: 'us-east-1a',
          launchTime: '2026-01-01T00:00:00Z',
          reservationId: id('reservation'),
        });
      }
      put({
        kind: 'network-interface',
        id: eniId,
        ...common,
        vpcId,
        subnetId: subnetIds[sub]!,
        availabilityZone: 'us-east-1a',
        description: '',
        interfaceType: 'interface',
        macAddress: '02:00:00:00:00:01',
        privateIpAddress: ip,
        privateIpAddresses: [
          {
            privateIpAddress: ip,
            primary: true,
            ...(pub ? { association: { publicIp: pub, ipOwnerId: 'amazon' } } : {}),
          },
        ],
        ipv6Addresses: [],
        groups,
        sourceDestCheck: true,
        requesterManaged: false,
        ...(instance
          ? {
              attachment: {
                attachmentId: id('network-interface-attachment'),
                instanceId: instance,
                deviceIndex: 0,
                deleteOnTermination: true,
                status: 'attached' as const,
              },
            }
          : {}),
        status: 'in-use',
      });
      enis.push({
        id: eniId,
        vpc: v,
        subnet: sub,
        ip,
        ...(pub ? { public: pub } : {}),
        ...(instance ? { instance } : {}),
      });
    }
  }

  // A ring of active peerings, with routes both ways in the main tables.
  for (let v = 0; v < vpcs; v++) {
    const w = (v + 1) % vpcs;
    if (w === v) break;
    const pcx = id('vpc-peering-connection');
    const info = (i: number) => ({
      vpcId: vpcIds[i]!,
      ownerId: owner,
      region,
      allowDnsResolutionFromRemoteVpc: false,
    });
    put({
      kind: 'vpc-peering-connection',
      id: pcx,
      ...common,
      requesterVpcInfo: info(v),
      accepterVpcInfo: info(w),
      status: { code: 'active', message: 'Active' },
    });
    for (const [from, to] of [
      [v, w],
      [w, v],
    ] as const) {
      const t = world.get('route-table', mainTables[from]!)!;
      put({
        ...t,
        routes: [
          ...t.routes,
          {
            destinationCidrBlock: cidr(base10 + to * 1024, 22),
            vpcPeeringConnectionId: pcx,
            origin: 'CreateRoute',
          },
        ],
      });
    }
  }
  return { world, enis, vpcIds };
}
