import { z } from 'zod';

/**
 * The topology file: a whole multi-account, multi-Region network in YAML, with names instead of
 * ids. The schema checks shape only (types, required keys, no unknown keys); every AWS rule is
 * checked by the operations the loader runs, so a file and the API fail alike.
 */

const name = z
  .string()
  .min(1)
  .max(255)
  .describe('A name, unique within its VPC for its kind; becomes the Name tag.');
const ref = z
  .string()
  .min(1)
  .describe(
    'A name: looked up in the same VPC first, then across the file; `vpc-name/name` to qualify.',
  );
const cidr = z.string().describe('A CIDR block, e.g. 10.0.0.0/16.');
const ip = z.string().describe('An IP address.');
const tags = z
  .record(z.string(), z.string())
  .describe('Extra tags (the Name tag comes from `name`).');
const ports = z
  .union([z.number().int(), z.string()])
  .describe('A port (443), a range ("1024-65535") or "all".');
const protocol = z
  .union([z.string(), z.number().int()])
  .describe('tcp, udp, icmp, icmpv6, all (-1) or an IANA protocol number.');

const sgRule = z
  .strictObject({
    protocol,
    ports: ports.optional(),
    icmpType: z.number().int().optional(),
    icmpCode: z.number().int().optional(),
    cidr: cidr.optional(),
    securityGroup: ref
      .optional()
      .describe(
        'A security group name (same or peered VPC); `account/sg-id` form for another account.',
      ),
    prefixList: ref
      .optional()
      .describe('A customer prefix list name, or `s3` / `dynamodb` for the AWS-managed lists.'),
    description: z.string().optional(),
  })
  .describe('One security group rule; exactly one of cidr, securityGroup, prefixList.');

const securityGroup = z.strictObject({
  name,
  description: z.string().optional(),
  ingress: z.array(sgRule).optional(),
  egress: z
    .array(sgRule)
    .optional()
    .describe('Replaces the default allow-all egress rule when given.'),
  tags: tags.optional(),
});

const aclRule = z.strictObject({
  rule: z.number().int(),
  action: z.enum(['allow', 'deny']),
  protocol,
  ports: ports.optional(),
  icmpType: z.number().int().optional(),
  icmpCode: z.number().int().optional(),
  cidr: cidr,
});

const networkAcl = z.strictObject({
  name: name.describe('`default` edits the VPC default ACL.'),
  subnets: z.array(ref).optional(),
  ingress: z.array(aclRule).optional(),
  egress: z.array(aclRule).optional(),
  tags: tags.optional(),
});

const route = z.strictObject({
  destination: z.string().describe('A CIDR, or `pl:<name>` for a prefix list.'),
  target: z
    .string()
    .describe(
      'local, or kind:name with kind one of igw, eigw, nat, eni, instance, pcx, vpce, vgw, tgw (a transit gateway name).',
    ),
});

const routeTable = z.strictObject({
  name,
  main: z
    .boolean()
    .optional()
    .describe('Make this the main route table (replaces the default one).'),
  routes: z.array(route).optional(),
  subnets: z.array(ref).optional(),
  gateways: z
    .array(ref)
    .optional()
    .describe('Edge association with the internet gateway or virtual private gateway of this VPC.'),
  tags: tags.optional(),
});

const publicIp = z
  .union([z.boolean(), ip])
  .describe('true: an auto-assigned public IPv4; an address: an Elastic IP with that address.');

const eniFields = {
  subnet: ref,
  privateIp: ip.optional(),
  secondaryPrivateIps: z.array(ip).optional(),
  ipv6Addresses: z.array(ip).optional(),
  securityGroups: z.array(ref).optional(),
  publicIp: publicIp.optional(),
  elasticIp: ref.optional().describe('An Elastic IP name from the Region section.'),
  sourceDestCheck: z.boolean().optional(),
  description: z.string().optional(),
  tags: tags.optional(),
};

const networkInterface = z.strictObject({ name, ...eniFields });

const instance = z.strictObject({
  name,
  ...eniFields,
  instanceType: z.string().optional(),
  imageId: z.string().optional(),
  state: z.enum(['running', 'stopped']).optional(),
  networkInterfaces: z
    .array(ref)
    .optional()
    .describe('Extra ENIs to attach, in device-index order.'),
});

const natGateway = z.strictObject({
  name,
  subnet: ref,
  connectivity: z.enum(['public', 'private']).optional(),
  elasticIp: ref.optional(),
  publicIp: ip.optional().describe('Allocate an Elastic IP with this address for the gateway.'),
  privateIp: ip.optional(),
  secondaryPrivateIps: z.array(ip).optional(),
  tags: tags.optional(),
});

const endpoint = z.strictObject({
  name,
  type: z.enum(['gateway', 'interface', 'gatewayloadbalancer']).optional(),
  service: z
    .string()
    .describe(
      's3, dynamodb, another short service name, a full service name, or the name of an endpoint service of the file.',
    ),
  routeTables: z.array(ref).optional(),
  subnets: z
    .array(
      z.union([
        ref,
        z.strictObject({
          subnet: ref,
          ipv4: ip.describe("The endpoint network interface's address (SubnetConfiguration Ipv4)."),
        }),
      ]),
    )
    .optional()
    .describe('Interface and GWLB endpoints: a subnet, or a subnet and the address to take in it.'),
  securityGroups: z.array(ref).optional(),
  privateDns: z.boolean().optional(),
  tags: tags.optional(),
});

// Elastic Load Balancing v2 and endpoint services (PrivateLink providers).
const attributes = z
  .record(z.string(), z.string())
  .describe('ELBv2 attributes by key, e.g. { "load_balancing.cross_zone.enabled": "true" }.');

const loadBalancerSubnet = z.union([
  ref,
  z.strictObject({
    subnet: ref,
    elasticIp: ref.optional().describe('Internet-facing NLBs: an Elastic IP of the Region.'),
    privateIp: ip.optional().describe('Internal NLBs: the node address in the subnet.'),
  }),
]);

const loadBalancer = z.strictObject({
  name: name.describe('The load balancer name (1-32 letters, digits, hyphens), unique per Region.'),
  type: z.enum(['application', 'network', 'gateway']).optional().describe('Default: application.'),
  scheme: z
    .enum(['internet-facing', 'internal'])
    .optional()
    .describe('Default: internet-facing (none for gateway).'),
  ipAddressType: z.enum(['ipv4', 'dualstack']).optional(),
  subnets: z.array(loadBalancerSubnet).describe('One subnet per AZ: one node each.'),
  securityGroups: z.array(ref).optional(),
  attributes: attributes.optional(),
  tags: tags.optional(),
});

const target = z.union([
  z.string().describe('An instance name, an IPv4 address, or (alb groups) a load balancer name.'),
  z.strictObject({
    target: z.string(),
    port: z.number().int().optional(),
    az: z.string().optional().describe('`all` for an IP target outside the VPC.'),
  }),
]);

const targetGroup = z.strictObject({
  name: name.describe('The target group name (1-32 letters, digits, hyphens), unique per Region.'),
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']),
  port: z.number().int(),
  targetType: z.enum(['instance', 'ip', 'alb']).optional(),
  ipAddressType: z
    .enum(['ipv4', 'ipv6'])
    .optional()
    .describe('Default: ipv4. ipv6 groups need a dualstack load balancer.'),
  targets: z.array(target).optional(),
  attributes: attributes.optional(),
  tags: tags.optional(),
});

const listener = z.strictObject({
  loadBalancer: ref,
  protocol: z
    .enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'])
    .optional()
    .describe('None for a Gateway Load Balancer.'),
  port: z.number().int().optional(),
  certificates: z.array(z.string()).optional().describe('Certificate ARNs (HTTPS, TLS).'),
  targetGroup: ref.describe('The target group of the forward default action.'),
  rules: z
    .array(
      z.strictObject({
        priority: z.number().int(),
        paths: z.array(z.string()).optional().describe('path-pattern values'),
        hosts: z.array(z.string()).optional().describe('host-header values'),
        targetGroup: ref,
      }),
    )
    .optional()
    .describe('ALB listener rules, forwarding to a target group (D89).'),
  tags: tags.optional(),
});

const endpointService = z.strictObject({
  name,
  gatewayLoadBalancers: z.array(ref).optional(),
  networkLoadBalancers: z.array(ref).optional(),
  acceptanceRequired: z.boolean().optional().describe('Default: false in a file.'),
  allowedPrincipals: z.array(z.string()).optional().describe('`*`, account ids or IAM ARNs.'),
  tags: tags.optional(),
});

const subnet = z.strictObject({
  name,
  cidr: cidr.optional(),
  ipv6Cidr: cidr.optional(),
  ipv6Native: z.boolean().optional(),
  az: z.string().optional().describe('AZ name (eu-west-1a) or AZ id (euw1-az1).'),
  mapPublicIpOnLaunch: z.boolean().optional(),
  assignIpv6AddressOnCreation: z.boolean().optional(),
  dns64: z.boolean().optional(),
  tags: tags.optional(),
});

// IPAM pool blocks of a VPC (D114).
const netmaskLength = z.number().int().describe('A netmask length, e.g. 24.');

const vpcPoolCidr = z
  .strictObject({
    ipv4IpamPool: ref.describe('An IPv4 IPAM pool name.'),
    ipv4NetmaskLength: netmaskLength.optional(),
    cidr: cidr.optional().describe('Exactly this block of the pool.'),
  })
  .describe('A secondary block drawn from an IPAM pool.');

const vpc = z.strictObject({
  name,
  cidr: cidr.optional().describe('The primary IPv4 block; with ipv4IpamPool, taken from the pool.'),
  ipv4IpamPool: ref.optional().describe('Draw the primary block from this IPAM pool (by name).'),
  ipv4NetmaskLength: netmaskLength.optional().describe("Default: the pool's default length."),
  secondaryCidrs: z.array(z.union([cidr, vpcPoolCidr])).optional(),
  ipv6: z
    .union([z.boolean(), cidr])
    .optional()
    .describe('true for an Amazon-provided /56, or pin the /56.'),
  ipv6IpamPool: ref
    .optional()
    .describe('Draw the IPv6 block from this IPAM pool (by name); `ipv6` then pins the block.'),
  ipv6NetmaskLength: netmaskLength.optional(),
  dnsSupport: z.boolean().optional(),
  dnsHostnames: z.boolean().optional(),
  internetGateway: name.optional(),
  egressOnlyInternetGateway: name.optional(),
  subnets: z.array(subnet).optional(),
  routeTables: z.array(routeTable).optional(),
  securityGroups: z.array(securityGroup).optional(),
  networkAcls: z.array(networkAcl).optional(),
  networkInterfaces: z.array(networkInterface).optional(),
  instances: z.array(instance).optional(),
  natGateways: z.array(natGateway).optional(),
  endpoints: z.array(endpoint).optional(),
  loadBalancers: z.array(loadBalancer).optional(),
  targetGroups: z.array(targetGroup).optional(),
  listeners: z.array(listener).optional(),
  endpointServices: z.array(endpointService).optional(),
  tags: tags.optional(),
});

const prefixList = z.strictObject({
  name,
  addressFamily: z.enum(['IPv4', 'IPv6']).optional(),
  maxEntries: z.number().int().optional(),
  entries: z.array(z.union([cidr, z.strictObject({ cidr, description: z.string().optional() })])),
  tags: tags.optional(),
});

const elasticIp = z.strictObject({ name, publicIp: ip.optional(), tags: tags.optional() });

// Hybrid connectivity (D40–D49): customer gateways, virtual private gateways, Site-to-Site VPN
// connections, Direct Connect gateways and virtual interfaces per Region; on-premises sites per
// account.

const customerGateway = z.strictObject({
  name,
  ip: ip.describe("The customer device's outside IPv4 address."),
  bgpAsn: z.number().int().optional().describe('Default 65000.'),
  deviceName: z.string().optional(),
  tags: tags.optional(),
});

const vpnGateway = z.strictObject({
  name,
  vpc: ref.optional().describe('The VPC to attach the gateway to.'),
  amazonSideAsn: z.number().int().optional().describe('Default 64512.'),
  routePropagation: z
    .array(ref)
    .optional()
    .describe('Route tables of the VPC that propagate the routes the gateway learns.'),
  tags: tags.optional(),
});

const vpnTunnel = z.strictObject({
  insideCidr: cidr.optional().describe('A /30 of 169.254.0.0/16; drawn when absent.'),
  status: z.enum(['UP', 'DOWN']).optional().describe('Default UP (D42).'),
});

const vpnConnection = z.strictObject({
  name,
  customerGateway: ref,
  vpnGateway: ref.optional(),
  transitGateway: ref
    .optional()
    .describe(
      'A transit gateway of this account and Region, by name: the connection attaches to it.',
    ),
  attachmentName: z
    .string()
    .optional()
    .describe(
      "The name of the connection's transit gateway attachment, for route tables; default: the connection's name.",
    ),
  staticRoutesOnly: z.boolean().optional().describe('Default false: BGP.'),
  staticRoutes: z.array(cidr).optional().describe('CreateVpnConnectionRoute destinations.'),
  tunnels: z.array(vpnTunnel).max(2).optional(),
  tags: tags.optional(),
});

const dxAssociation = z.strictObject({
  vpnGateway: ref.optional(),
  transitGateway: ref
    .optional()
    .describe(
      'A transit gateway by name: the association attaches the Direct Connect gateway to it.',
    ),
  attachmentName: z
    .string()
    .optional()
    .describe(
      "The name of the transit gateway attachment, for route tables; default: the Direct Connect gateway's name.",
    ),
  allowedPrefixes: z
    .array(cidr)
    .optional()
    .describe("Default for a VGW: its VPC's IPv4 blocks; required for a transit gateway."),
});

const directConnectGateway = z.strictObject({
  name,
  amazonSideAsn: z.number().int().optional().describe('Default 64512.'),
  associations: z.array(dxAssociation).optional(),
});

const virtualInterface = z.strictObject({
  name,
  type: z.enum(['private', 'transit']),
  connection: z.string().describe('The Direct Connect connection id (dxcon-…), kept as data.'),
  vlan: z.number().int(),
  asn: z.number().int().describe("The customer side's BGP ASN."),
  vpnGateway: ref.optional().describe('A private interface straight to a VGW.'),
  directConnectGateway: ref.optional(),
  mtu: z.number().int().optional(),
  tags: tags.optional(),
});

const onPremisesSite = z.strictObject({
  name,
  cidrs: z.array(cidr).min(1),
  hosts: z.record(z.string(), ip).optional().describe('Host name → address, inside the CIDRs.'),
  advertise: z
    .array(cidr)
    .optional()
    .describe('Prefixes the site advertises over BGP; default: its CIDRs.'),
  customerGateways: z.array(ref).optional(),
  virtualInterfaces: z.array(ref).optional(),
  tags: tags.optional(),
});

const tgwTarget = z
  .string()
  .describe('A transit gateway attachment name, or `blackhole` to drop the traffic.');

const tgwRouteTable = z.strictObject({
  name,
  default: z
    .boolean()
    .optional()
    .describe("The gateway's default route table (created with it): names and fills it."),
  associations: z
    .array(ref)
    .optional()
    .describe('Attachments associated with this table (each attachment with one table).'),
  propagations: z.array(ref).optional().describe('Attachments propagating into this table.'),
  routes: z
    .array(z.strictObject({ destination: cidr, target: tgwTarget }))
    .optional()
    .describe('Static routes (a static route hides a propagated one for the same prefix).'),
  prefixListReferences: z.array(z.strictObject({ prefixList: ref, target: tgwTarget })).optional(),
  tags: tags.optional(),
});

const tgwVpcAttachment = z.strictObject({
  name,
  vpc: ref.describe('A VPC of this account and Region.'),
  subnets: z.array(ref).min(1).describe('One subnet per Availability Zone, of that VPC.'),
  applianceMode: z.boolean().optional(),
  dnsSupport: z.boolean().optional(),
  ipv6Support: z.boolean().optional(),
  securityGroupReferencing: z.boolean().optional(),
  // Cross-account attachments (D78): another account's VPC on a gateway shared through RAM.
  account: z
    .string()
    .regex(/^\d{12}$/, 'an account id is 12 digits')
    .optional()
    .describe(
      "The VPC's account when it is not the gateway's: that account attaches its VPC to the gateway, which a resource share must share with it. Default: the gateway's account.",
    ),
  status: z
    .enum(['available', 'pendingAcceptance', 'rejected'])
    .optional()
    .describe(
      "Another account's attachment: accepted by the gateway's owner (available, the default), waiting for it, or rejected.",
    ),
  tags: tags.optional(),
});

const tgwPeering = z.strictObject({
  name,
  peer: ref.describe('The peer transit gateway name.'),
  account: z.string().optional().describe("The peer's account; default: the one holding the name."),
  region: z.string().optional().describe("The peer's Region."),
  status: z
    .enum(['available', 'pendingAcceptance', 'rejected'])
    .optional()
    .describe('Default: available (accepted by the peer).'),
  tags: tags.optional(),
});

const transitGateway = z.strictObject({
  name,
  description: z.string().optional(),
  amazonSideAsn: z.number().int().optional(),
  defaultRouteTableAssociation: z.boolean().optional().describe('Default: true.'),
  defaultRouteTablePropagation: z.boolean().optional().describe('Default: true.'),
  vpnEcmpSupport: z.boolean().optional(),
  dnsSupport: z.boolean().optional(),
  securityGroupReferencingSupport: z.boolean().optional(),
  autoAcceptSharedAttachments: z.boolean().optional(),
  cidrBlocks: z.array(cidr).optional(),
  vpcAttachments: z.array(tgwVpcAttachment).optional(),
  peerings: z
    .array(tgwPeering)
    .optional()
    .describe('Peering attachments this gateway requests (within or across Regions and accounts).'),
  routeTables: z.array(tgwRouteTable).optional(),
  tags: tags.optional(),
});

/** A RAM resource share (D26, D78): resources of this account and Region, shared with accounts. */
const resourceShare = z.strictObject({
  name,
  transitGateways: z.array(ref).optional().describe('Transit gateways of this account and Region.'),
  subnets: z.array(ref).optional().describe('Subnets of this account and Region (vpc/subnet).'),
  prefixLists: z.array(ref).optional().describe('Customer-managed prefix lists of this Region.'),
  principals: z
    .array(z.string().regex(/^\d{12}$/, 'an account id is 12 digits'))
    .optional()
    .describe('The accounts the resources are shared with.'),
  allowExternalPrincipals: z.boolean().optional().describe('Default: true, as RAM has it.'),
  tags: tags.optional(),
});

// VPC IP Address Manager (issue 6, D114–D115): one IPAM per account and Region, its extra
// private scopes, its pools (parents before children) with their CIDRs and manual allocations.
// VPCs draw from a pool by name (`ipv4IpamPool`).

const ipamScope = z.strictObject({
  name: name.describe(
    'The scope name, for pools (`private` and `public` name the default scopes).',
  ),
  description: z.string().optional(),
  tags: tags.optional(),
});

const ipamPoolCidr = z
  .union([
    cidr,
    z.strictObject({ netmaskLength }),
    z.strictObject({
      cidr,
      cidrAuthorizationContext: z
        .strictObject({ message: z.string(), signature: z.string() })
        .describe('BYOIP: the signed message `1|aws|<account>|<cidr>|<YYYYMMDD>|SHA256|RSAPSS`.'),
    }),
  ])
  .describe(
    'A CIDR to provision; in a pool with a source pool, a netmask length (the lowest free block of the source pool); in a public BYOIP pool, a CIDR with its authorization.',
  );

const ipamAllocation = z
  .strictObject({
    cidr: cidr.optional(),
    netmaskLength: netmaskLength.optional(),
    description: z.string().optional(),
  })
  .describe(
    'A manual (custom) allocation, AllocateIpamPoolCidr: a CIDR, or a netmask length (the lowest free block).',
  );

const ipamPool = z.strictObject({
  name: name.describe('The pool name, unique per account (VPCs refer to it); its Name tag.'),
  scope: z
    .string()
    .optional()
    .describe('`private` (default): the private default scope; `public`; or a scope name.'),
  addressFamily: z.enum(['ipv4', 'ipv6']).optional().describe('Default: ipv4.'),
  locale: z.string().optional().describe('An operating Region of the IPAM; default: None.'),
  source: ref.optional().describe('The source pool (parent), by name: a pool written above.'),
  description: z.string().optional(),
  autoImport: z.boolean().optional(),
  publiclyAdvertisable: z.boolean().optional(),
  awsService: z.enum(['ec2', 'global-services']).optional(),
  publicIpSource: z.enum(['amazon', 'byoip']).optional(),
  allocationMinNetmaskLength: netmaskLength.optional(),
  allocationMaxNetmaskLength: netmaskLength.optional(),
  allocationDefaultNetmaskLength: netmaskLength.optional(),
  allocationResourceTags: z
    .record(z.string(), z.string())
    .optional()
    .describe('Tags a VPC must have to draw from the pool.'),
  cidrs: z.array(ipamPoolCidr).optional().describe('ProvisionIpamPoolCidr, in order.'),
  allocations: z.array(ipamAllocation).optional(),
  tags: tags.optional(),
});

const ipam = z.strictObject({
  name: name.describe("The IPAM's Name tag; the IPAM lives in this Region (its home Region)."),
  description: z.string().optional(),
  operatingRegions: z
    .array(z.string())
    .optional()
    .describe('Regions the IPAM manages; the home Region is always one of them.'),
  tier: z.enum(['free', 'advanced']).optional().describe('Default: advanced.'),
  enablePrivateGua: z.boolean().optional(),
  scopes: z.array(ipamScope).optional().describe('Private scopes beyond the two default ones.'),
  pools: z.array(ipamPool).optional(),
  tags: tags.optional(),
});

const region = z.strictObject({
  name: z.string().describe('A Region, e.g. eu-west-1.'),
  azs: z
    .record(z.string(), z.string())
    .optional()
    .describe("Pin the account's AZ name → AZ id mapping, e.g. { eu-west-1a: euw1-az1 }."),
  prefixLists: z.array(prefixList).optional(),
  elasticIps: z.array(elasticIp).optional(),
  vpcs: z.array(vpc).optional(),
  customerGateways: z.array(customerGateway).optional(),
  vpnGateways: z.array(vpnGateway).optional(),
  directConnectGateways: z.array(directConnectGateway).optional(),
  virtualInterfaces: z.array(virtualInterface).optional(),
  vpnConnections: z.array(vpnConnection).optional(),
  transitGateways: z.array(transitGateway).optional(),
  resourceShares: z
    .array(resourceShare)
    .optional()
    .describe('Resource Access Manager shares of this account in this Region (D78).'),
  ipam: ipam.optional().describe('The IPAM homed in this account and Region (D114).'),
});

const account = z.strictObject({
  id: z.string().regex(/^\d{12}$/, 'an account id is 12 digits'),
  name: z.string().optional(),
  regions: z.array(region),
  onPremises: z.array(onPremisesSite).optional().describe('On-premises sites (D41).'),
});

const peerSide = z.strictObject({
  account: z
    .string()
    .optional()
    .describe('Account id; default: the only account holding the VPC name.'),
  region: z.string().optional(),
  vpc: ref,
});

const peering = z.strictObject({
  name,
  requester: peerSide,
  accepter: peerSide,
  status: z
    .enum(['active', 'pending-acceptance', 'rejected'])
    .optional()
    .describe('Default: active.'),
  tags: tags.optional(),
});

/** The whole topology file. */
export const topologySchema = z.strictObject({
  version: z.literal(1),
  description: z.string().optional(),
  accounts: z.array(account).min(1),
  peerings: z.array(peering).optional(),
});

export type Topology = z.infer<typeof topologySchema>;
export type TopologyAccount = z.infer<typeof account>;
export type TopologyRegion = z.infer<typeof region>;
export type TopologyVpc = z.infer<typeof vpc>;
export type TopologySubnet = z.infer<typeof subnet>;
export type TopologySecurityGroup = z.infer<typeof securityGroup>;
export type TopologySgRule = z.infer<typeof sgRule>;
export type TopologyNetworkAcl = z.infer<typeof networkAcl>;
export type TopologyAclRule = z.infer<typeof aclRule>;
export type TopologyRouteTable = z.infer<typeof routeTable>;
export type TopologyInstance = z.infer<typeof instance>;
export type TopologyNetworkInterface = z.infer<typeof networkInterface>;
export type TopologyNatGateway = z.infer<typeof natGateway>;
export type TopologyEndpoint = z.infer<typeof endpoint>;
export type TopologyPeering = z.infer<typeof peering>;
export type TopologyPrefixList = z.infer<typeof prefixList>;
export type TopologyElasticIp = z.infer<typeof elasticIp>;
export type TopologyCustomerGateway = z.infer<typeof customerGateway>;
export type TopologyVpnGateway = z.infer<typeof vpnGateway>;
export type TopologyVpnConnection = z.infer<typeof vpnConnection>;
export type TopologyDirectConnectGateway = z.infer<typeof directConnectGateway>;
export type TopologyVirtualInterface = z.infer<typeof virtualInterface>;
export type TopologyOnPremisesSite = z.infer<typeof onPremisesSite>;
export type TopologyTransitGateway = z.infer<typeof transitGateway>;
export type TopologyTgwRouteTable = z.infer<typeof tgwRouteTable>;
export type TopologyResourceShare = z.infer<typeof resourceShare>;
export type TopologyLoadBalancer = z.infer<typeof loadBalancer>;
export type TopologyTargetGroup = z.infer<typeof targetGroup>;
export type TopologyListener = z.infer<typeof listener>;
export type TopologyEndpointService = z.infer<typeof endpointService>;
export type TopologyIpam = z.infer<typeof ipam>;
export type TopologyIpamPool = z.infer<typeof ipamPool>;

/** The JSON Schema published for editors (`schema/topology.schema.json`). */
export function topologyJsonSchema(): unknown {
  return z.toJSONSchema(topologySchema, { target: 'draft-2020-12' });
}
