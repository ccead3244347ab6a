import type {
  Topology,
  TopologyRegion,
  TopologySecurityGroup,
  TopologyTransitGateway,
  TopologyVpc,
} from './schema.js';

/** Shape of the synthetic enterprise hub-and-spoke network. */
export interface EnterpriseOptions {
  /** Spoke VPCs (1–4000; each a /20 of 10.0.0.0/8 below 10.250.0.0). */
  readonly vpcs: number;
  /** VPN attachments to the on-premises site (default 8). */
  readonly vpns?: number;
}

/** The largest spoke count: /20s of 10.0.0.0/8 below shared services (10.250.0.0/16). */
export const MAX_ENTERPRISE_VPCS = 4000;

export const ENTERPRISE = {
  account: '200000000000',
  region: 'us-east-1',
  tgw: 'tgw-hub',
  onPremCidr: '192.168.0.0/16',
  /** Route tables of the gateway (D90). */
  tables: {
    spokes: 'spokes-tgw-route-table',
    shared: 'shared-services-tgw-route-table',
    egress: 'egress-tgw-route-table',
    wan: 'wan-tgw-route-table',
  },
} as const;

const AZS = ['a', 'b'] as const;
const REGION = ENTERPRISE.region;

/**
 * An enterprise hub-and-spoke network (D90): N spoke VPCs of 40 ENIs each on one transit gateway
 * with four route tables (spokes, shared services, egress, WAN), a shared-services VPC, the
 * centralised-egress VPC of /work/shared/scenarios/centralised-egress.md (GWLB endpoints and
 * firewall appliances in front of a NAT gateway and internet gateway per AZ), and an
 * on-premises site behind two customer gateways with 8 BGP VPN connections to the gateway.
 * Every spoke reaches the internet, shared services and the other spokes only through the
 * firewalls. Deterministic: same options, same network.
 */
export function generateEnterprise(o: EnterpriseOptions): Topology {
  if (!Number.isInteger(o.vpcs) || o.vpcs < 1 || o.vpcs > MAX_ENTERPRISE_VPCS) {
    throw new RangeError(`between 1 and ${MAX_ENTERPRISE_VPCS} spoke VPCs`);
  }
  const vpns = o.vpns ?? 8;
  const spokes = Array.from({ length: o.vpcs }, (_, i) => spoke(i));
  const region: TopologyRegion = {
    name: REGION,
    azs: { [`${REGION}a`]: 'use1-az1', [`${REGION}b`]: 'use1-az2' },
    elasticIps: [
      { name: 'nat-eip-a', publicIp: '198.51.100.10' },
      { name: 'nat-eip-b', publicIp: '198.51.100.11' },
    ],
    vpcs: [egressVpc(), sharedServicesVpc(), ...spokes],
    transitGateways: [transitGateway(spokes, vpns)],
    customerGateways: [
      { name: 'dc-router-1', ip: '203.0.113.10', bgpAsn: 65010 },
      { name: 'dc-router-2', ip: '203.0.113.11', bgpAsn: 65010 },
    ],
    vpnConnections: Array.from({ length: vpns }, (_, k) => ({
      name: `dc-vpn-${k + 1}`,
      customerGateway: `dc-router-${(k % 2) + 1}`,
      transitGateway: ENTERPRISE.tgw,
    })),
  };
  return {
    version: 1,
    description: `synthetic enterprise hub and spoke: ${o.vpcs} spoke VPCs, centralised egress, ${vpns} VPN attachments`,
    accounts: [
      {
        id: ENTERPRISE.account,
        name: 'network',
        regions: [region],
        onPremises: [
          {
            name: 'datacenter',
            cidrs: [ENTERPRISE.onPremCidr],
            hosts: { 'dc-app': '192.168.10.10', 'dc-dns': '192.168.0.53' },
            customerGateways: ['dc-router-1', 'dc-router-2'],
          },
        ],
      },
    ],
  };
}

/** Spoke i's /20: 10.(i >> 4).((i & 15) << 4).0, so 4,000 spokes stay below 10.250.0.0. */
export function spokeCidr(i: number): {
  readonly cidr: string;
  readonly net: (k: number) => string;
} {
  const net = (k: number) => `10.${i >> 4}.${((i & 15) << 4) + k}`;
  return { cidr: `${net(0)}.0/20`, net };
}

const WORKLOAD = ['app-a', 'app-b', 'data-a', 'data-b'];

function spoke(i: number): TopologyVpc {
  const { cidr, net } = spokeCidr(i);
  const name = `spoke-${i}`;
  return {
    name,
    cidr,
    subnets: [
      ...WORKLOAD.map((s, k) => ({
        name: s,
        cidr: `${net(k)}.0/24`,
        az: `${REGION}${AZS[k % 2] as string}`,
      })),
      // Attachment subnets: /28s at the top of the /20, one per AZ.
      { name: 'tgw-a', cidr: `${net(15)}.0/28`, az: `${REGION}a` },
      { name: 'tgw-b', cidr: `${net(15)}.16/28`, az: `${REGION}b` },
    ],
    routeTables: [
      {
        name: 'workloads',
        subnets: WORKLOAD,
        routes: [{ destination: '0.0.0.0/0', target: `tgw:${ENTERPRISE.tgw}` }],
      },
    ],
    securityGroups: spokeGroups(),
    networkAcls: [
      {
        name: 'data-acl',
        subnets: ['data-a', 'data-b'],
        ingress: [
          { rule: 100, action: 'allow', protocol: 'tcp', ports: 'all', cidr: '10.0.0.0/8' },
          { rule: 110, action: 'allow', protocol: 'udp', ports: 'all', cidr: '10.0.0.0/8' },
          { rule: 120, action: 'allow', protocol: 'icmp', cidr: '10.0.0.0/8' },
          { rule: 130, action: 'allow', protocol: 'tcp', ports: 5432, cidr: ENTERPRISE.onPremCidr },
          { rule: 140, action: 'deny', protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' },
          { rule: 150, action: 'allow', protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0' },
        ],
        egress: [
          { rule: 100, action: 'allow', protocol: 'all', cidr: '10.0.0.0/8' },
          { rule: 110, action: 'allow', protocol: 'all', cidr: ENTERPRISE.onPremCidr },
          { rule: 120, action: 'allow', protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
        ],
      },
    ],
    instances: WORKLOAD.flatMap((s, k) =>
      [0, 1].map((j) => ({
        name: `${s}-i${j}`,
        subnet: s,
        privateIp: `${net(k)}.${10 + j}`,
        securityGroups: ['default'],
      })),
    ),
    networkInterfaces: WORKLOAD.flatMap((s, k) =>
      Array.from({ length: 8 }, (_, j) => ({
        name: `${s}-eni${j}`,
        subnet: s,
        privateIp: `${net(k)}.${20 + j}`,
        securityGroups: ['default'],
      })),
    ),
  };
}

/**
 * The spoke's one group: its default group, edited. AWS's default quota of 2,500 security groups
 * per Region (the twin enforces it) leaves room for one group per spoke at 2,000 spokes, since
 * every VPC already has its default group (D90).
 */
function spokeGroups(): TopologySecurityGroup[] {
  return [
    {
      name: 'default',
      ingress: [
        { protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' },
        { protocol: 'tcp', ports: 5432, cidr: '10.0.0.0/8' },
        { protocol: 'tcp', ports: 8080, securityGroup: 'default' },
        { protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8' },
        { protocol: 'tcp', ports: 443, cidr: ENTERPRISE.onPremCidr },
        { protocol: 'tcp', ports: 5432, cidr: ENTERPRISE.onPremCidr },
        { protocol: 'tcp', ports: 22, cidr: ENTERPRISE.onPremCidr },
      ],
    },
  ];
}

function sharedServicesVpc(): TopologyVpc {
  return {
    name: 'shared-services',
    cidr: '10.250.0.0/16',
    subnets: [
      { name: 'svc-a', cidr: '10.250.1.0/24', az: `${REGION}a` },
      { name: 'svc-b', cidr: '10.250.2.0/24', az: `${REGION}b` },
      { name: 'tgw-a', cidr: '10.250.255.0/28', az: `${REGION}a` },
      { name: 'tgw-b', cidr: '10.250.255.16/28', az: `${REGION}b` },
    ],
    routeTables: [
      {
        name: 'services',
        subnets: ['svc-a', 'svc-b'],
        routes: [{ destination: '0.0.0.0/0', target: `tgw:${ENTERPRISE.tgw}` }],
      },
    ],
    securityGroups: [
      {
        name: 'services',
        description: 'HTTPS and DNS from the network and on premises',
        ingress: [
          { protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' },
          { protocol: 'udp', ports: 53, cidr: '10.0.0.0/8' },
          { protocol: 'tcp', ports: 443, cidr: ENTERPRISE.onPremCidr },
        ],
      },
    ],
    instances: [
      { name: 'svc', subnet: 'svc-a', privateIp: '10.250.1.10', securityGroups: ['services'] },
      { name: 'dns-a', subnet: 'svc-a', privateIp: '10.250.1.53', securityGroups: ['services'] },
      { name: 'dns-b', subnet: 'svc-b', privateIp: '10.250.2.53', securityGroups: ['services'] },
    ],
  };
}

/** The security-egress VPC of centralised-egress.md, subnet for subnet. */
function egressVpc(): TopologyVpc {
  const perAz = AZS.map((az, k) => ({
    az,
    zone: `${REGION}${az}`,
    tgw: `10.255.0.${16 * k}/28`,
    inspection: `10.255.${1 + k}.0/24`,
    public: `10.255.${10 + k}.0/24`,
    firewall: `10.255.${1 + k}.100`,
  }));
  return {
    name: 'egress',
    cidr: '10.255.0.0/16',
    internetGateway: 'egress-igw',
    subnets: perAz.flatMap((z) => [
      { name: `tgw-${z.az}`, cidr: z.tgw, az: z.zone },
      { name: `inspection-${z.az}`, cidr: z.inspection, az: z.zone },
      { name: `public-${z.az}`, cidr: z.public, az: z.zone },
    ]),
    routeTables: perAz.flatMap((z) => [
      {
        name: `tgw-${z.az}`,
        subnets: [`tgw-${z.az}`],
        routes: [{ destination: '0.0.0.0/0', target: `vpce:gwlbe-${z.az}` }],
      },
      {
        name: `inspection-${z.az}`,
        subnets: [`inspection-${z.az}`],
        routes: [
          { destination: '0.0.0.0/0', target: `nat:nat-${z.az}` },
          { destination: '10.0.0.0/8', target: `tgw:${ENTERPRISE.tgw}` },
          { destination: ENTERPRISE.onPremCidr, target: `tgw:${ENTERPRISE.tgw}` },
        ],
      },
      {
        name: `public-${z.az}`,
        subnets: [`public-${z.az}`],
        routes: [
          { destination: '0.0.0.0/0', target: 'igw:egress-igw' },
          { destination: '10.0.0.0/8', target: `vpce:gwlbe-${z.az}` },
        ],
      },
    ]),
    securityGroups: [
      {
        name: 'appliances',
        description: 'GENEVE from the Gateway Load Balancer',
        ingress: [{ protocol: 'udp', ports: 6081, cidr: '10.255.0.0/16' }],
      },
    ],
    instances: perAz.map((z) => ({
      name: `fw-${z.az}`,
      subnet: `inspection-${z.az}`,
      privateIp: z.firewall,
      securityGroups: ['appliances'],
      sourceDestCheck: false,
    })),
    natGateways: perAz.map((z) => ({
      name: `nat-${z.az}`,
      subnet: `public-${z.az}`,
      elasticIp: `nat-eip-${z.az}`,
    })),
    loadBalancers: [
      { name: 'inspection', type: 'gateway', subnets: perAz.map((z) => `inspection-${z.az}`) },
    ],
    targetGroups: [
      {
        name: 'firewalls',
        protocol: 'GENEVE',
        port: 6081,
        targets: perAz.map((z) => `fw-${z.az}`),
      },
    ],
    listeners: [{ loadBalancer: 'inspection', targetGroup: 'firewalls' }],
    endpointServices: [{ name: 'inspection-service', gatewayLoadBalancers: ['inspection'] }],
    endpoints: perAz.map((z) => ({
      name: `gwlbe-${z.az}`,
      service: 'inspection-service',
      subnets: [`inspection-${z.az}`],
    })),
  };
}

/**
 * One gateway, default association and propagation off. Spokes, shared services and the WAN
 * (the VPN attachments) send everything to the egress attachment; the egress table, reached
 * only after inspection, knows every VPC and what on premises advertises over BGP (D90).
 */
function transitGateway(spokes: readonly TopologyVpc[], vpns: number): TopologyTransitGateway {
  const attachment = (vpc: string, applianceMode?: boolean) => ({
    name: `${vpc}-attachment`,
    vpc,
    subnets: ['tgw-a', 'tgw-b'],
    ...(applianceMode ? { applianceMode } : {}),
  });
  const spokeAttachments = spokes.map((v) => `${v.name}-attachment`);
  // A VPN connection's attachment takes the connection's name (D73).
  const vpnAttachments = Array.from({ length: vpns }, (_, k) => `dc-vpn-${k + 1}`);
  const toEgress = [{ destination: '0.0.0.0/0', target: 'egress-attachment' }];
  const T = ENTERPRISE.tables;
  return {
    name: ENTERPRISE.tgw,
    amazonSideAsn: 64512,
    defaultRouteTableAssociation: false,
    defaultRouteTablePropagation: false,
    vpnEcmpSupport: true,
    vpcAttachments: [
      attachment('egress', true),
      attachment('shared-services'),
      ...spokes.map((v) => attachment(v.name)),
    ],
    routeTables: [
      { name: T.spokes, associations: spokeAttachments, routes: toEgress },
      { name: T.shared, associations: ['shared-services-attachment'], routes: toEgress },
      {
        name: T.egress,
        associations: ['egress-attachment'],
        propagations: ['shared-services-attachment', ...spokeAttachments, ...vpnAttachments],
      },
      { name: T.wan, associations: vpnAttachments, routes: toEgress },
    ],
  };
}
