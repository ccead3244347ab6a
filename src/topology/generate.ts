import type { Topology, TopologyPeering, TopologyRegion, TopologyVpc } from './schema.js';

/** Shape of a synthetic enterprise network. */
export interface GenerateOptions {
  readonly vpcs: number;
  /** VPCs per account (default 250). */
  readonly vpcsPerAccount?: number;
  readonly regions?: readonly string[];
  /** Each VPC peers with this many following VPCs of its account and Region (default 2). */
  readonly peersPerVpc?: number;
}

const REGIONS = ['us-east-1', 'us-west-2'];

/**
 * A synthetic enterprise network for benchmarks and scale tests: N VPCs × 4 subnets × 10 ENIs
 * (2 instances and 8 bare interfaces per subnet), three tiers of security groups with realistic
 * rules and cross-group references, a custom ACL on the private subnets, a NAT gateway per VPC,
 * and a partial peering mesh with routes both ways. Deterministic: same options, same network.
 */
export function generateTopology(o: GenerateOptions): Topology {
  const perAccount = o.vpcsPerAccount ?? 250;
  const regions = o.regions ?? REGIONS;
  const peers = o.peersPerVpc ?? 2;
  if (o.vpcs > 4096) throw new RangeError('at most 4096 VPCs (one /20 of 10.0.0.0/8 each)');
  const accounts = new Map<string, Map<string, TopologyVpc[]>>();
  const where: { account: string; region: string; name: string }[] = [];
  for (let i = 0; i < o.vpcs; i++) {
    const account = String(100000000000 + Math.floor(i / perAccount));
    const region = regions[i % regions.length] as string;
    const byRegion = accounts.get(account) ?? new Map<string, TopologyVpc[]>();
    accounts.set(account, byRegion);
    const list = byRegion.get(region) ?? [];
    byRegion.set(region, list);
    list.push(vpc(i, region));
    where.push({ account, region, name: `vpc-${i}` });
  }
  const peerings: TopologyPeering[] = [];
  // Peer with the next VPCs of the same account and Region: a partial mesh, never transitive.
  for (const byRegion of accounts.values()) {
    for (const list of byRegion.values()) {
      list.forEach((v, k) => {
        for (let d = 1; d <= peers && k + d < list.length; d++) {
          const other = list[k + d] as TopologyVpc;
          const name = `${v.name}--${other.name}`;
          peerings.push({ name, requester: { vpc: v.name }, accepter: { vpc: other.name } });
          for (const [from, to] of [
            [v, other],
            [other, v],
          ] as const) {
            // Generated VPCs always have a CIDR (the file's `cidr` is optional since IPAM pools).
            const destination = to.cidr ?? '';
            for (const rt of from.routeTables ?? [])
              rt.routes?.push({ destination, target: `pcx:${name}` });
          }
        }
      });
    }
  }
  return {
    version: 1,
    description: `synthetic network: ${o.vpcs} VPCs`,
    accounts: [...accounts].map(([id, byRegion]) => ({
      id,
      regions: [...byRegion].map(([name, vpcs]): TopologyRegion => ({ name, vpcs })),
    })),
    peerings,
  };
}

function vpc(i: number, region: string): TopologyVpc {
  const second = i >> 4;
  const third = (i & 15) << 4;
  const net = (k: number) => `10.${second}.${third + k}`;
  const name = `vpc-${i}`;
  const subnets = [
    { name: 'public-a', cidr: `${net(0)}.0/24`, az: 'a' },
    { name: 'public-b', cidr: `${net(1)}.0/24`, az: 'b' },
    { name: 'private-a', cidr: `${net(2)}.0/24`, az: 'a' },
    { name: 'private-b', cidr: `${net(3)}.0/24`, az: 'b' },
  ];
  const tiers = ['web', 'web', 'app', 'db'];
  return {
    name,
    cidr: `${net(0)}.0/20`,
    internetGateway: `${name}-igw`,
    subnets: subnets.map((s) => ({
      name: s.name,
      cidr: s.cidr,
      az: `${region}${s.az}`,
      ...(s.name.startsWith('public') ? { mapPublicIpOnLaunch: true } : {}),
    })),
    routeTables: [
      {
        name: 'public',
        subnets: ['public-a', 'public-b'],
        routes: [{ destination: '0.0.0.0/0', target: `igw:${name}-igw` }],
      },
      {
        name: 'private',
        subnets: ['private-a', 'private-b'],
        routes: [{ destination: '0.0.0.0/0', target: 'nat:nat-a' }],
      },
    ],
    securityGroups: [
      {
        name: 'web',
        description: 'web tier',
        ingress: [
          { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
          { protocol: 'tcp', ports: 22, cidr: '10.0.0.0/8' },
          { protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8' },
        ],
      },
      {
        name: 'app',
        description: 'application tier',
        ingress: [
          { protocol: 'tcp', ports: 8080, securityGroup: 'web' },
          { protocol: 'tcp', ports: '9000-9100', cidr: '10.0.0.0/8' },
          { protocol: 'tcp', ports: 22, cidr: '10.0.0.0/8' },
          { protocol: 'udp', ports: 8125, cidr: '10.0.0.0/8' },
        ],
      },
      {
        name: 'db',
        description: 'data tier',
        ingress: [
          { protocol: 'tcp', ports: 5432, securityGroup: 'app' },
          { protocol: 'tcp', ports: 3306, securityGroup: 'app' },
          { protocol: 'tcp', ports: 6379, securityGroup: 'app' },
          { protocol: 'tcp', ports: 5432, cidr: '10.0.0.0/8' },
        ],
        egress: [
          { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { protocol: 'all', cidr: '10.0.0.0/8' },
        ],
      },
    ],
    networkAcls: [
      {
        name: 'private-acl',
        subnets: ['private-a', 'private-b'],
        ingress: [
          { rule: 100, action: 'allow', protocol: 'tcp', ports: 'all', cidr: '10.0.0.0/8' },
          { rule: 110, action: 'allow', protocol: 'udp', ports: 'all', cidr: '10.0.0.0/8' },
          { rule: 120, action: 'allow', protocol: 'icmp', cidr: '10.0.0.0/8' },
          { rule: 130, action: 'deny', protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' },
          { rule: 140, action: 'allow', protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0' },
        ],
        egress: [
          { rule: 100, action: 'allow', protocol: 'all', cidr: '10.0.0.0/8' },
          { rule: 110, action: 'allow', protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { rule: 120, action: 'allow', protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' },
        ],
      },
    ],
    natGateways: [{ name: 'nat-a', subnet: 'public-a' }],
    instances: subnets.flatMap((s, k) =>
      [0, 1].map((j) => ({
        name: `${s.name}-i${j}`,
        subnet: s.name,
        privateIp: `${net(k)}.${10 + j}`,
        securityGroups: [tiers[k] as string],
      })),
    ),
    networkInterfaces: subnets.flatMap((s, k) =>
      Array.from({ length: 8 }, (_, j) => ({
        name: `${s.name}-eni${j}`,
        subnet: s.name,
        privateIp: `${net(k)}.${20 + j}`,
        securityGroups: [tiers[k] as string],
      })),
    ),
  };
}
