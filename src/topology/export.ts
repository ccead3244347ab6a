import { GATEWAY_SERVICES, managedPrefixList } from '../model/aws-services.js';
import { nameTag } from '../model/common.js';
import type { Instance } from '../model/instance.js';
import {
  ACL_DEFAULT_DENY_V4,
  ACL_DEFAULT_DENY_V6,
  type NetworkAclEntry,
} from '../model/network-acl.js';
import type { NetworkInterface } from '../model/network-interface.js';
import { kindOfId, vpcIdOf } from '../model/resource.js';
import { isGatewayEndpointRoute, type Route } from '../model/route-table.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';
import { exportResourceShares } from './export-resource-share.js';
import { exportTransitGateways } from './export-transit-gateway.js';
import { endpointSubnets } from './export-endpoints.js';
import { endpointServiceRef, exportLoadBalancing } from './export-load-balancers.js';
import { exportHybridRegion, exportOnPremises, vpnGatewayName } from './export-hybrid.js';
import type {
  Topology,
  TopologyAclRule,
  TopologyAccount,
  TopologyRegion,
  TopologySgRule,
  TopologyVpc,
} from './schema.js';

/**
 * Writes a snapshot back as a topology: names from `Name` tags (the id where a resource has
 * none or its name is taken), every address pinned, so loading the result rebuilds the same
 * network. Only what a topology can express is written; the rest is reported as omissions.
 */
export function exportTopology(s: Snapshot): Topology {
  const names = new ExportNames(s);
  const accounts: TopologyAccount[] = [];
  for (const account of [...s.all('account')].sort((a, b) => a.id.localeCompare(b.id))) {
    const regions: TopologyRegion[] = account.regionsInitialised.map((region) => {
      const azs = Object.fromEntries(
        (account.azMappings[region] ?? []).map((z) => [z.zoneName, z.zoneId]),
      );
      const vpcs = s
        .find('vpcsByOwnerRegion', `${account.id}|${region}`)
        .map((v) => exportVpc(s, v, names));
      const prefixLists = [...s.all('prefix-list')]
        .filter((p) => p.ownerId === account.id && p.region === region && !p.awsManaged)
        .map((p) => ({
          name: names.of(p.id, p.tags),
          addressFamily: p.addressFamily,
          maxEntries: p.maxEntries,
          entries: p.entries.map((e) =>
            e.description
              ? { cidr: e.cidr.toString(), description: e.description }
              : e.cidr.toString(),
          ),
        }));
      const elasticIps = [...s.all('elastic-ip')]
        .filter((e) => e.ownerId === account.id && e.region === region)
        .map((e) => ({ name: names.of(e.id, e.tags), publicIp: e.publicIp.toString() }));
      return {
        name: region,
        azs,
        ...(prefixLists.length ? { prefixLists } : {}),
        ...(elasticIps.length ? { elasticIps } : {}),
        ...(vpcs.length ? { vpcs } : {}),
        ...transitGatewaysOf(s, names, account.id, region),
        ...exportHybridRegion(s, account.id, region, names),
        ...resourceSharesOf(s, names, account.id, region),
      };
    });
    const onPremises = exportOnPremises(s, account.id, names);
    accounts.push({ id: account.id, regions, ...(onPremises.length ? { onPremises } : {}) });
  }
  const peerings = [...s.all('vpc-peering-connection')]
    .filter((p) => ['active', 'pending-acceptance', 'rejected'].includes(p.status.code))
    .map((p) => ({
      name: names.of(p.id, p.tags),
      requester: {
        account: p.requesterVpcInfo.ownerId,
        region: p.requesterVpcInfo.region,
        vpc: names.vpc(p.requesterVpcInfo.vpcId),
      },
      accepter: {
        account: p.accepterVpcInfo.ownerId,
        region: p.accepterVpcInfo.region,
        vpc: names.vpc(p.accepterVpcInfo.vpcId),
      },
      status: p.status.code as 'active' | 'pending-acceptance' | 'rejected',
    }));
  return { version: 1, accounts, ...(peerings.length ? { peerings } : {}) };
}

/** The region's `transitGateways` entry, when it has any. */
function transitGatewaysOf(s: Snapshot, names: ExportNames, account: string, region: string) {
  const transitGateways = exportTransitGateways(s, names, account, region);
  return transitGateways.length ? { transitGateways } : {};
}

/** The region's `resourceShares` entry, when it has any (D78). */
function resourceSharesOf(s: Snapshot, names: ExportNames, account: string, region: string) {
  const resourceShares = exportResourceShares(s, names, account, region);
  return resourceShares.length ? { resourceShares } : {};
}

/** Names for export: the Name tag where it is free in its scope, else the id. */
export class ExportNames {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();
  constructor(private readonly s: Snapshot) {}

  /** The name of a resource, unique within `scope`. */
  of(id: string, tags: readonly { key: string; value: string }[], scope = ''): string {
    const known = this.byId.get(id);
    if (known) return known;
    const wanted = nameTag({ tags });
    // Names with a slash would read as qualified references; ids are always safe.
    const name =
      wanted && !wanted.includes('/') && !this.taken.has(`${scope}|${wanted}`) ? wanted : id;
    this.taken.add(`${scope}|${name}`);
    this.byId.set(id, name);
    return name;
  }

  vpc(id: string): string {
    const vpc = this.s.get('vpc', id);
    return vpc ? this.of(vpc.id, vpc.tags, 'vpc') : id;
  }

  /** A security group's name: `default` for a VPC's default group, which the file cannot rename. */
  group(g: SecurityGroup): string {
    return g.groupName === 'default' ? 'default' : this.of(g.id, g.tags, g.vpcId);
  }

  /** A reference from VPC `from` to a resource of VPC `owner`: qualified when they differ. */
  ref(
    id: string,
    tags: readonly { key: string; value: string }[],
    owner: string,
    from: string,
  ): string {
    const name = this.of(id, tags, owner);
    return owner === from ? name : `${this.vpc(owner)}/${name}`;
  }
}

const portsOf = (from: number, to: number): number | string =>
  from === to ? from : from === 0 && to === 65535 ? 'all' : `${from}-${to}`;

function sgRule(
  s: Snapshot,
  r: SecurityGroupRule,
  vpcId: string,
  names: ExportNames,
): TopologySgRule {
  const isPort = r.ipProtocol === 'tcp' || r.ipProtocol === 'udp';
  const isIcmp = r.ipProtocol === 'icmp' || r.ipProtocol === 'icmpv6';
  const base: TopologySgRule = {
    protocol: r.ipProtocol === '-1' ? 'all' : r.ipProtocol,
    ...(isPort ? { ports: portsOf(r.fromPort, r.toPort) } : {}),
    ...(isIcmp && r.fromPort !== -1 ? { icmpType: r.fromPort } : {}),
    ...(isIcmp && r.toPort !== -1 ? { icmpCode: r.toPort } : {}),
    ...(r.description ? { description: r.description } : {}),
  };
  if (r.cidrIpv4 ?? r.cidrIpv6) return { ...base, cidr: (r.cidrIpv4 ?? r.cidrIpv6)?.toString() };
  if (r.prefixListId) {
    const pl = s.get('prefix-list', r.prefixListId);
    const service = pl?.awsManaged
      ? GATEWAY_SERVICES.find((g) => managedPrefixList(pl.region, g).id === pl.id)
      : undefined;
    return {
      ...base,
      prefixList: service ?? (pl ? names.of(pl.id, pl.tags, 'region') : r.prefixListId),
    };
  }
  const ref = r.referencedGroupInfo;
  const group = ref ? s.get('security-group', ref.groupId) : undefined;
  if (group) {
    const name = names.group(group);
    return {
      ...base,
      securityGroup: group.vpcId === vpcId ? name : `${names.vpc(group.vpcId)}/${name}`,
    };
  }
  return { ...base, securityGroup: ref ? `${ref.userId}/${ref.groupId}` : '' };
}

function aclRule(e: NetworkAclEntry): TopologyAclRule {
  const protocol =
    { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', '-1': 'all' }[e.protocol] ?? e.protocol;
  return {
    rule: e.ruleNumber,
    action: e.ruleAction,
    protocol,
    ...(e.portRange ? { ports: portsOf(e.portRange.from, e.portRange.to) } : {}),
    ...(e.icmpTypeCode && e.icmpTypeCode.type !== -1 ? { icmpType: e.icmpTypeCode.type } : {}),
    ...(e.icmpTypeCode && e.icmpTypeCode.code !== -1 ? { icmpCode: e.icmpTypeCode.code } : {}),
    cidr: (e.cidrBlock ?? e.ipv6CidrBlock)?.toString() ?? '',
  };
}

const TARGET_KIND: Partial<Record<keyof Route, string>> = {
  egressOnlyInternetGatewayId: 'eigw',
  natGatewayId: 'nat',
  networkInterfaceId: 'eni',
  vpcPeeringConnectionId: 'pcx',
  vpcEndpointId: 'vpce',
  transitGatewayId: 'tgw',
};

function routeTarget(s: Snapshot, r: Route, names: ExportNames): string {
  if (r.instanceId) {
    const i = s.get('instance', r.instanceId);
    return `instance:${i ? names.of(i.id, i.tags, i.vpcId) : r.instanceId}`;
  }
  if (r.gatewayId) {
    if (r.gatewayId.startsWith('igw-')) {
      const igw = s.get('internet-gateway', r.gatewayId);
      return `igw:${igw ? names.of(igw.id, igw.tags, igw.attachments[0]?.vpcId ?? '') : r.gatewayId}`;
    }
    return `vgw:${vpnGatewayName(s, r.gatewayId, names)}`;
  }
  for (const [field, kind] of Object.entries(TARGET_KIND)) {
    const id = r[field as keyof Route];
    if (typeof id !== 'string') continue;
    const target = lookupTagged(s, id);
    return `${kind}:${target ? names.of(id, target.tags, target.scope) : id}`;
  }
  return 'local';
}

/** Any resource's tags and naming scope (its VPC) by id, for route targets. */
function lookupTagged(
  s: Snapshot,
  id: string,
): { tags: readonly { key: string; value: string }[]; scope: string } | undefined {
  const kind = kindOfId(id);
  const r = kind && s.get(kind, id);
  return r ? { tags: r.tags, scope: vpcIdOf(r) ?? '' } : undefined;
}

function eniFields(s: Snapshot, eni: NetworkInterface, names: ExportNames, vpcId: string) {
  const secondary = eni.privateIpAddresses
    .filter((p) => !p.primary)
    .map((p) => p.privateIpAddress.toString());
  const primary = eni.privateIpAddresses.find((p) => p.primary);
  const eip = primary?.association?.allocationId
    ? s.get('elastic-ip', primary.association.allocationId)
    : undefined;
  return {
    subnet: names.ref(eni.subnetId, s.get('subnet', eni.subnetId)?.tags ?? [], vpcId, vpcId),
    ...(eni.privateIpAddress ? { privateIp: eni.privateIpAddress.toString() } : {}),
    ...(secondary.length ? { secondaryPrivateIps: secondary } : {}),
    ...(eni.ipv6Addresses.length
      ? { ipv6Addresses: eni.ipv6Addresses.map((a) => a.ipv6Address.toString()) }
      : {}),
    securityGroups: eni.groups.map((id) => {
      const g = s.get('security-group', id);
      return g ? names.group(g) : id;
    }),
    ...(eip ? { elasticIp: names.of(eip.id, eip.tags) } : {}),
    ...(eni.sourceDestCheck ? {} : { sourceDestCheck: false }),
    ...(eni.description ? { description: eni.description } : {}),
  };
}

function exportVpc(s: Snapshot, vpc: Vpc, names: ExportNames): TopologyVpc {
  const vpcName = names.vpc(vpc.id);
  const own = <T extends { id: string; tags: readonly { key: string; value: string }[] }>(r: T) =>
    names.of(r.id, r.tags, vpc.id);
  const subnets = s.find('subnetsByVpc', vpc.id).map((sn) => ({
    name: own(sn),
    ...(sn.cidrBlock ? { cidr: sn.cidrBlock.toString() } : {}),
    ...(sn.ipv6CidrBlockAssociationSet[0]
      ? { ipv6Cidr: sn.ipv6CidrBlockAssociationSet[0].ipv6CidrBlock.toString() }
      : {}),
    ...(sn.ipv6Native ? { ipv6Native: true } : {}),
    az: sn.availabilityZone,
    ...(sn.mapPublicIpOnLaunch ? { mapPublicIpOnLaunch: true } : {}),
    ...(sn.assignIpv6AddressOnCreation ? { assignIpv6AddressOnCreation: true } : {}),
    ...(sn.enableDns64 ? { dns64: true } : {}),
  }));
  const igw = s.find('internetGatewaysByVpc', vpc.id)[0];
  const eigw = s.find('egressOnlyInternetGatewaysByVpc', vpc.id)[0];
  const securityGroups = s.find('securityGroupsByVpc', vpc.id).map((g) => ({
    name: names.group(g),
    ...(g.groupName !== 'default' ? { description: g.description } : {}),
    ingress: g.rules.filter((r) => !r.isEgress).map((r) => sgRule(s, r, vpc.id, names)),
    egress: g.rules.filter((r) => r.isEgress).map((r) => sgRule(s, r, vpc.id, names)),
  }));
  const networkAcls = s.find('networkAclsByVpc', vpc.id).map((a) => {
    const user = (egress: boolean) =>
      a.entries
        .filter(
          (e) =>
            e.egress === egress &&
            e.ruleNumber !== ACL_DEFAULT_DENY_V4 &&
            e.ruleNumber !== ACL_DEFAULT_DENY_V6,
        )
        .map(aclRule);
    return {
      name: a.isDefault ? 'default' : own(a),
      ...(a.isDefault
        ? {}
        : {
            subnets: a.associations.map((x) =>
              names.of(x.subnetId, s.get('subnet', x.subnetId)?.tags ?? [], vpc.id),
            ),
          }),
      ingress: user(false),
      egress: user(true),
    };
  });
  const routeTables = s.find('routeTablesByVpc', vpc.id).map((t) => {
    const main = t.associations.some((a) => a.main);
    const routes = t.routes
      .filter((r) => r.origin === 'CreateRoute' && !isGatewayEndpointRoute(r))
      .map((r) => ({
        destination: r.destinationPrefixListId
          ? `pl:${names.of(r.destinationPrefixListId, s.get('prefix-list', r.destinationPrefixListId)?.tags ?? [], 'region')}`
          : ((r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() ?? ''),
        target: routeTarget(s, r, names),
      }));
    const subnetRefs = t.associations.flatMap((a) =>
      a.subnetId ? [names.of(a.subnetId, s.get('subnet', a.subnetId)?.tags ?? [], vpc.id)] : [],
    );
    const gateways = t.associations.flatMap((a) =>
      a.gatewayId?.startsWith('vgw-')
        ? [vpnGatewayName(s, a.gatewayId, names)]
        : a.gatewayId
          ? [names.of(a.gatewayId, s.get('internet-gateway', a.gatewayId)?.tags ?? [], vpc.id)]
          : [],
    );
    return {
      name: own(t),
      ...(main ? { main: true } : {}),
      ...(routes.length ? { routes } : {}),
      ...(subnetRefs.length ? { subnets: subnetRefs } : {}),
      ...(gateways.length ? { gateways } : {}),
    };
  });
  const enis = s.find('networkInterfacesByVpc', vpc.id);
  const instanceEnis = new Map<string, NetworkInterface[]>();
  for (const eni of enis) {
    if (eni.attachment)
      instanceEnis.set(eni.attachment.instanceId, [
        ...(instanceEnis.get(eni.attachment.instanceId) ?? []),
        eni,
      ]);
  }
  const networkInterfaces = enis
    .filter(
      (e) =>
        !e.requesterManaged &&
        e.interfaceType === 'interface' &&
        (e.attachment?.deviceIndex ?? 1) !== 0,
    )
    .map((e) => ({ name: own(e), ...eniFields(s, e, names, vpc.id) }));
  const instances = s
    .find('subnetsByVpc', vpc.id)
    .flatMap((sn) => s.find('instancesBySubnet', sn.id))
    .filter((i: Instance) => i.state !== 'terminated')
    .map((i) => {
      const attached = (instanceEnis.get(i.id) ?? []).sort(
        (a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0),
      );
      const primary = attached.find((e) => e.attachment?.deviceIndex === 0);
      const autoPublic = primary?.privateIpAddresses.some(
        (p) => p.association?.ipOwnerId === 'amazon',
      );
      return {
        name: own(i),
        ...(primary ? eniFields(s, primary, names, vpc.id) : { subnet: i.subnetId }),
        ...(autoPublic ? { publicIp: true } : {}),
        instanceType: i.instanceType,
        imageId: i.imageId,
        ...(i.state === 'stopped' ? { state: 'stopped' as const } : {}),
        ...(attached.length > 1
          ? { networkInterfaces: attached.filter((e) => e !== primary).map((e) => own(e)) }
          : {}),
      };
    });
  const natGateways = s
    .find('natGatewaysByVpc', vpc.id)
    .filter((n) => n.state !== 'deleted')
    .map((n) => {
      const primary = n.natGatewayAddresses.find((a) => a.isPrimary);
      const eip = primary?.allocationId ? s.get('elastic-ip', primary.allocationId) : undefined;
      const secondary = n.natGatewayAddresses
        .filter((a) => !a.isPrimary)
        .map((a) => a.privateIp.toString());
      return {
        name: own(n),
        subnet: names.of(n.subnetId, s.get('subnet', n.subnetId)?.tags ?? [], vpc.id),
        connectivity: n.connectivityType,
        ...(eip ? { elasticIp: names.of(eip.id, eip.tags) } : {}),
        ...(primary ? { privateIp: primary.privateIp.toString() } : {}),
        ...(secondary.length ? { secondaryPrivateIps: secondary } : {}),
      };
    });
  const endpoints = s.find('vpcEndpointsByVpc', vpc.id).map((e) => ({
    name: own(e),
    type: e.vpcEndpointType.toLowerCase() as 'gateway' | 'interface' | 'gatewayloadbalancer',
    service: endpointServiceRef(s, e.serviceName, names),
    ...(e.routeTableIds.length
      ? {
          routeTables: e.routeTableIds.map((id) =>
            names.of(id, s.get('route-table', id)?.tags ?? [], vpc.id),
          ),
        }
      : {}),
    ...(e.subnetIds.length ? { subnets: endpointSubnets(s, e, names, vpc.id) } : {}),
    ...(e.vpcEndpointType === 'Interface'
      ? {
          securityGroups: e.groups.map((id) => {
            const g = s.get('security-group', id);
            return g ? names.group(g) : id;
          }),
        }
      : {}),
    ...(e.vpcEndpointType === 'Interface' ? { privateDns: e.privateDnsEnabled } : {}),
  }));
  const secondaryCidrs = vpc.cidrBlockAssociationSet.slice(1).map((a) => a.cidrBlock.toString());
  const ipv6 = vpc.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock.toString();
  return {
    name: vpcName,
    cidr: vpc.cidrBlock.toString(),
    ...(secondaryCidrs.length ? { secondaryCidrs } : {}),
    ...(ipv6 ? { ipv6 } : {}),
    ...(vpc.enableDnsSupport ? {} : { dnsSupport: false }),
    ...(vpc.enableDnsHostnames ? { dnsHostnames: true } : {}),
    ...(igw ? { internetGateway: own(igw) } : {}),
    ...(eigw ? { egressOnlyInternetGateway: own(eigw) } : {}),
    subnets,
    routeTables,
    securityGroups,
    networkAcls,
    ...(networkInterfaces.length ? { networkInterfaces } : {}),
    ...(instances.length ? { instances } : {}),
    ...(natGateways.length ? { natGateways } : {}),
    ...(endpoints.length ? { endpoints } : {}),
    ...exportLoadBalancing(s, vpc, names),
  };
}
