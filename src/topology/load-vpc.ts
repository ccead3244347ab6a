import { resolveAz } from '../control/account.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
} from '../control/internet-gateway.js';
import { associateRouteTable, createRouteTable } from '../control/route-table.js';
import type { RouteTargetInput } from '../control/route-target.js';
import { createRoute } from '../control/route.js';
import type { RouteTargetField } from '../model/route-table.js';
import { createSubnet, modifySubnetAttribute } from '../control/subnet.js';
import { createTags } from '../control/tags.js';
import { associateVpcCidrBlock, createVpc, modifyVpcAttribute } from '../control/vpc.js';
import { Cidr } from '../net/index.js';
import { regionKey, tagsOf, type LoadContext, type VpcPlan } from './context.js';
import type { NameKind } from './names.js';
import type { TopologyRouteTable } from './schema.js';
import type { DocPath } from './source.js';

/** Creates a VPC with its blocks, DNS attributes and gateways, and records their names. */
export function loadVpc(L: LoadContext, p: VpcPlan): void {
  const { vpc, scope, path } = p;
  const ipv6 =
    vpc.ipv6 === true
      ? { amazonProvidedIpv6CidrBlock: true }
      : typeof vpc.ipv6 === 'string'
        ? { ipv6CidrBlock: vpc.ipv6 }
        : {};
  // A block from an IPAM pool names the pool; the pool's name resolves above VPCs (D114).
  const poolOf = (ref: string, at: DocPath) =>
    L.resolve('ipam-pool', ref, { caller: scope.caller, vpc: '' }, at);
  const created = L.run(
    'CreateVpc',
    createVpc,
    {
      cidrBlock: vpc.cidr,
      ...(vpc.ipv4IpamPool !== undefined
        ? { ipv4IpamPoolId: poolOf(vpc.ipv4IpamPool, [...path, 'ipv4IpamPool']) }
        : {}),
      ipv4NetmaskLength: vpc.ipv4NetmaskLength,
      ...ipv6,
      ...(vpc.ipv6IpamPool !== undefined
        ? { ipv6IpamPoolId: poolOf(vpc.ipv6IpamPool, [...path, 'ipv6IpamPool']) }
        : {}),
      ipv6NetmaskLength: vpc.ipv6NetmaskLength,
      tags: tagsOf(vpc.name, vpc.tags),
    },
    scope.caller,
    vpc.cidr === undefined && vpc.ipv4IpamPool !== undefined
      ? [...path, 'ipv4IpamPool']
      : [...path, 'cidr'],
  );
  p.id = created.id;
  L.name('vpc', vpc.name, created.id, { caller: scope.caller, vpc: '' }, [...path, 'name']);
  vpc.secondaryCidrs?.forEach((block, i) => {
    const at = [...path, 'secondaryCidrs', i];
    L.run(
      'AssociateVpcCidrBlock',
      associateVpcCidrBlock,
      typeof block === 'string'
        ? { vpcId: created.id, cidrBlock: block }
        : {
            vpcId: created.id,
            cidrBlock: block.cidr,
            ipv4IpamPoolId: poolOf(block.ipv4IpamPool, [...at, 'ipv4IpamPool']),
            ipv4NetmaskLength: block.ipv4NetmaskLength,
          },
      scope.caller,
      at,
    );
  });
  if (vpc.dnsSupport === false) {
    L.run(
      'ModifyVpcAttribute',
      modifyVpcAttribute,
      { vpcId: created.id, enableDnsSupport: false },
      scope.caller,
      [...path, 'dnsSupport'],
    );
  }
  if (vpc.dnsHostnames !== undefined) {
    L.run(
      'ModifyVpcAttribute',
      modifyVpcAttribute,
      { vpcId: created.id, enableDnsHostnames: vpc.dnsHostnames },
      scope.caller,
      [...path, 'dnsHostnames'],
    );
  }
  if (vpc.internetGateway !== undefined) {
    const at = [...path, 'internetGateway'];
    const igw = L.run(
      'CreateInternetGateway',
      createInternetGateway,
      { tags: tagsOf(vpc.internetGateway) },
      scope.caller,
      at,
    );
    L.run(
      'AttachInternetGateway',
      attachInternetGateway,
      { internetGatewayId: igw.id, vpcId: created.id },
      scope.caller,
      at,
    );
    L.name('internet-gateway', vpc.internetGateway, igw.id, scope, at);
  }
  if (vpc.egressOnlyInternetGateway !== undefined) {
    const at = [...path, 'egressOnlyInternetGateway'];
    const eigw = L.run(
      'CreateEgressOnlyInternetGateway',
      createEgressOnlyInternetGateway,
      { vpcId: created.id, tags: tagsOf(vpc.egressOnlyInternetGateway) },
      scope.caller,
      at,
    );
    L.name('egress-only-internet-gateway', vpc.egressOnlyInternetGateway, eigw.id, scope, at);
  }
}

/** Creates the subnets of a VPC and sets their attributes. */
export function loadSubnets(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.subnets?.forEach((sn, i) => {
    const path = [...p.path, 'subnets', i];
    // `az` takes a name (eu-west-1a) or an id (euw1-az1), whichever the author knows.
    const az =
      sn.az === undefined
        ? {}
        : /-az\d+$/.test(sn.az)
          ? { availabilityZoneId: sn.az }
          : { availabilityZone: sn.az };
    const zone = resolveAz(L.store.snapshot, scope.caller, az);
    if (!zone.ok) L.abort([...path, 'az'], zone.error.message);
    const created = L.run(
      'CreateSubnet',
      createSubnet,
      {
        vpcId: p.id,
        ...(sn.cidr !== undefined ? { cidrBlock: sn.cidr } : {}),
        ...(sn.ipv6Cidr !== undefined ? { ipv6CidrBlock: sn.ipv6Cidr } : {}),
        ...(sn.ipv6Native ? { ipv6Native: true } : {}),
        availabilityZone: zone.value.zoneName,
        tags: tagsOf(sn.name, sn.tags),
      },
      scope.caller,
      path,
    );
    L.name('subnet', sn.name, created.id, scope, [...path, 'name']);
    const attrs = [
      ['mapPublicIpOnLaunch', sn.mapPublicIpOnLaunch],
      ['assignIpv6AddressOnCreation', sn.assignIpv6AddressOnCreation],
      ['enableDns64', sn.dns64],
    ] as const;
    for (const [attr, value] of attrs) {
      if (value === undefined) continue;
      const at = [...path, attr === 'enableDns64' ? 'dns64' : attr];
      L.run(
        'ModifySubnetAttribute',
        modifySubnetAttribute,
        { subnetId: created.id, [attr]: value },
        scope.caller,
        at,
      );
    }
  });
}

/** Creates route tables (naming the main one) and their subnet associations; routes come later. */
export function loadRouteTables(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  const main = L.store.snapshot
    .find('routeTablesByVpc', p.id)
    .find((t) => t.associations.some((a) => a.main));
  p.vpc.routeTables?.forEach((rt, i) => {
    const path = [...p.path, 'routeTables', i];
    let id: string;
    if (rt.main) {
      if (!main) L.abort(path, 'the VPC has no main route table');
      id = main.id;
      L.run(
        'CreateTags',
        createTags,
        { resources: [id], tags: tagsOf(rt.name, rt.tags) },
        scope.caller,
        [...path, 'main'],
      );
    } else {
      id = L.run(
        'CreateRouteTable',
        createRouteTable,
        { vpcId: p.id, tags: tagsOf(rt.name, rt.tags) },
        scope.caller,
        path,
      ).id;
    }
    L.name('route-table', rt.name, id, scope, [...path, 'name']);
    rt.subnets?.forEach((ref, j) => {
      const at = [...path, 'subnets', j];
      const subnetId = L.resolve('subnet', ref, scope, at);
      L.run(
        'AssociateRouteTable',
        associateRouteTable,
        { routeTableId: id, subnetId },
        scope.caller,
        at,
      );
    });
  });
}

/** Route targets in the file (`kind:name`) → the route field and the name table kind. */
const TARGETS: Record<string, { field: RouteTargetField; kind?: NameKind }> = {
  igw: { field: 'gatewayId', kind: 'internet-gateway' },
  eigw: { field: 'egressOnlyInternetGatewayId', kind: 'egress-only-internet-gateway' },
  nat: { field: 'natGatewayId', kind: 'nat-gateway' },
  eni: { field: 'networkInterfaceId', kind: 'network-interface' },
  instance: { field: 'instanceId', kind: 'instance' },
  pcx: { field: 'vpcPeeringConnectionId', kind: 'vpc-peering-connection' },
  vpce: { field: 'vpcEndpointId', kind: 'vpc-endpoint' },
  vgw: { field: 'gatewayId', kind: 'vpn-gateway' },
  tgw: { field: 'transitGatewayId', kind: 'transit-gateway' },
};

/** Adds the routes of every route table, and gateway (edge) associations, once targets exist. */
export function loadRoutes(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.routeTables?.forEach((rt: TopologyRouteTable, i) => {
    const path = [...p.path, 'routeTables', i];
    const routeTableId = L.resolve('route-table', rt.name, scope, [...path, 'name']);
    rt.routes?.forEach((route, j) => {
      const at = [...path, 'routes', j];
      const d = route.destination;
      const destination = d.startsWith('pl:')
        ? {
            destinationPrefixListId: L.resolve('prefix-list', d.slice(3), scope, [
              ...at,
              'destination',
            ]),
          }
        : (Cidr.parse(d)?.family ?? (d.includes(':') ? 6 : 4)) === 6
          ? { destinationIpv6CidrBlock: d }
          : { destinationCidrBlock: d };
      if (route.target === 'local') {
        L.abort(
          [...at, 'target'],
          'local routes are created with the VPC; a route table cannot add one',
        );
      }
      const colon = route.target.indexOf(':');
      const spec = TARGETS[route.target.slice(0, colon)];
      if (colon < 0 || !spec) {
        L.abort(
          [...at, 'target'],
          `a target is kind:name with kind one of ${Object.keys(TARGETS).join(', ')}`,
        );
      }
      const ref = route.target.slice(colon + 1);
      const target: RouteTargetInput = {
        [spec.field]: spec.kind ? L.resolve(spec.kind, ref, scope, [...at, 'target']) : ref,
      };
      L.run(
        'CreateRoute',
        createRoute,
        { routeTableId, ...destination, ...target },
        scope.caller,
        at,
      );
    });
    rt.gateways?.forEach((ref, j) => {
      const at = [...path, 'gateways', j];
      // An internet gateway of the VPC, else a virtual private gateway of the Region.
      const from = { vpc: scope.vpc, region: regionKey(scope.caller) };
      const igw = L.names.resolve('internet-gateway', ref, from);
      const vgw = igw.ok ? igw : L.names.resolve('vpn-gateway', ref, from);
      const gatewayId = vgw.ok ? vgw.id : L.resolve('internet-gateway', ref, scope, at);
      L.run(
        'AssociateRouteTable',
        associateRouteTable,
        { routeTableId, gatewayId },
        scope.caller,
        at,
      );
    });
  });
}
