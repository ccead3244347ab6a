import { expect } from 'vitest';
import { Ip } from '../../src/net/index.js';
import { compile } from '../../src/dataplane/index.js';
import {
  formatTrace,
  trace,
  type NetworkInsightsAnalysis,
  type TraceRequest,
} from '../../src/analysis/trace/index.js';
import { allocateAddress, associateAddress } from '../../src/control/elastic-ip.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
} from '../../src/control/internet-gateway.js';
import { runInstances } from '../../src/control/instance-launch.js';
import { createNatGateway } from '../../src/control/nat-gateway.js';
import {
  createNetworkAcl,
  createNetworkAclEntry,
  replaceNetworkAclAssociation,
  type NetworkAclEntryInput,
} from '../../src/control/network-acl.js';
import { createNetworkInterface } from '../../src/control/network-interface.js';
import { createManagedPrefixList } from '../../src/control/prefix-list.js';
import { associateRouteTable, createRouteTable } from '../../src/control/route-table.js';
import { createRoute, type CreateRouteInput } from '../../src/control/route.js';
import type { IpPermissionInput } from '../../src/control/security-group-rules.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  revokeSecurityGroupEgress,
} from '../../src/control/security-group.js';
import { createSubnet } from '../../src/control/subnet.js';
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
} from '../../src/control/vpc-peering.js';
import { createVpcEndpoint } from '../../src/control/vpc-endpoint.js';
import { createVpc } from '../../src/control/vpc.js';
import type { Instance } from '../../src/model/instance.js';
import type { NetworkInterface } from '../../src/model/network-interface.js';
import type { Subnet } from '../../src/model/subnet.js';
import type { Vpc } from '../../src/model/vpc.js';
import type { Caller } from '../../src/store/store.js';
import { caller, harness } from '../support/harness.js';

/**
 * A small-network builder for dataplane and trace tests: every resource goes through the
 * control-plane operations, so the tests see what AWS's API would have produced.
 */
export function net(c: Caller = caller()) {
  const h = harness(c);
  const name = (n: string) => [{ key: 'Name', value: n }];
  const b = {
    h,
    /** Runs later calls as another account/Region (initialising it). */
    as(other: Caller) {
      h.init(other);
      return other;
    },
    vpc(cidr: string, n: string, opts: { ipv6?: string; as?: Caller } = {}): Vpc {
      return h.run(
        createVpc,
        { cidrBlock: cidr, tags: name(n), ...(opts.ipv6 ? { ipv6CidrBlock: opts.ipv6 } : {}) },
        opts.as ?? c,
      );
    },
    subnet(
      vpc: Vpc,
      cidr: string | undefined,
      az: string,
      n: string,
      opts: { ipv6?: string; as?: Caller } = {},
    ): Subnet {
      return h.run(
        createSubnet,
        {
          vpcId: vpc.id,
          availabilityZoneId: az,
          tags: name(n),
          ...(cidr ? { cidrBlock: cidr } : {}),
          ...(opts.ipv6 ? { ipv6CidrBlock: opts.ipv6 } : {}),
          ...(cidr === undefined ? { ipv6Native: true } : {}),
        },
        opts.as ?? c,
      );
    },
    igw(vpc: Vpc, n = 'igw', as: Caller = c) {
      const g = h.run(createInternetGateway, { tags: name(n) }, as);
      h.run(attachInternetGateway, { internetGatewayId: g.id, vpcId: vpc.id }, as);
      return g;
    },
    eigw(vpc: Vpc, n = 'eigw') {
      return h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id, tags: name(n) });
    },
    mainTable(vpc: Vpc) {
      const t = h.s.find('mainRouteTableByVpc', vpc.id)[0];
      if (!t) throw new Error('no main table');
      return t;
    },
    table(vpc: Vpc, n: string, subnets: Subnet[] = [], as: Caller = c) {
      const t = h.run(createRouteTable, { vpcId: vpc.id, tags: name(n) }, as);
      for (const sn of subnets)
        h.run(associateRouteTable, { routeTableId: t.id, subnetId: sn.id }, as);
      return t;
    },
    route(tableId: string, input: Omit<CreateRouteInput, 'routeTableId'>, as: Caller = c) {
      h.run(createRoute, { routeTableId: tableId, ...input }, as);
    },
    defaultSg(vpc: Vpc) {
      const g = h.s.find('securityGroupsByVpc', vpc.id).find((x) => x.groupName === 'default');
      if (!g) throw new Error('no default group');
      return g;
    },
    /** A group with the given ingress permissions and AWS's default allow-all egress. */
    sg(
      vpc: Vpc,
      n: string,
      ingress: IpPermissionInput[] = [],
      opts: { egress?: IpPermissionInput[]; as?: Caller } = {},
    ) {
      const as = opts.as ?? c;
      const g = h.run(
        createSecurityGroup,
        { groupName: n, description: n, vpcId: vpc.id, tags: name(n) },
        as,
      );
      if (ingress.length)
        h.run(authorizeSecurityGroupIngress, { groupId: g.id, ipPermissions: ingress }, as);
      if (opts.egress) {
        h.run(
          revokeSecurityGroupEgress,
          {
            groupId: g.id,
            ipPermissions: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
          },
          as,
        );
        if (opts.egress.length)
          h.run(authorizeSecurityGroupEgress, { groupId: g.id, ipPermissions: opts.egress }, as);
      }
      return g;
    },
    /** An instance with one ENI at `ip`. */
    instance(
      subnet: Subnet,
      ip: string | undefined,
      groups: string[],
      n: string,
      opts: { publicIp?: boolean; ipv6?: number; as?: Caller } = {},
    ): { instance: Instance; eni: NetworkInterface } {
      const [instance] = h.run(
        runInstances,
        {
          subnetId: subnet.id,
          securityGroupIds: groups,
          tags: name(n),
          associatePublicIpAddress: opts.publicIp ?? false,
          ...(ip ? { privateIpAddress: ip } : {}),
          ...(opts.ipv6 ? { ipv6AddressCount: opts.ipv6 } : {}),
        },
        opts.as ?? c,
      );
      if (!instance) throw new Error('no instance');
      const eni = h.s.find('networkInterfacesByInstance', instance.id)[0];
      if (!eni) throw new Error('no eni');
      return { instance, eni };
    },
    eni(subnet: Subnet, ip: string, groups: string[], n: string): NetworkInterface {
      return h.run(createNetworkInterface, {
        subnetId: subnet.id,
        privateIpAddress: ip,
        groups,
        tags: name(n),
      });
    },
    eip(address?: string) {
      return h.run(allocateAddress, address ? { address } : {});
    },
    associateEip(eni: NetworkInterface, address?: string) {
      const e = b.eip(address);
      h.run(associateAddress, { allocationId: e.id, networkInterfaceId: eni.id });
      return e;
    },
    nat(subnet: Subnet, n: string, opts: { eip?: string; private?: boolean } = {}) {
      if (opts.private)
        return h.run(createNatGateway, {
          subnetId: subnet.id,
          connectivityType: 'private',
          tags: name(n),
        });
      const e = b.eip(opts.eip);
      return h.run(createNatGateway, { subnetId: subnet.id, allocationId: e.id, tags: name(n) });
    },
    acl(
      vpc: Vpc,
      n: string,
      subnets: Subnet[],
      entries: Omit<NetworkAclEntryInput, 'networkAclId'>[],
    ) {
      const acl = h.run(createNetworkAcl, { vpcId: vpc.id, tags: name(n) });
      for (const e of entries) h.run(createNetworkAclEntry, { networkAclId: acl.id, ...e });
      for (const sn of subnets) {
        const current = h.s.find('networkAclBySubnet', sn.id)[0];
        const assoc = current?.associations.find((a) => a.subnetId === sn.id);
        if (!assoc) throw new Error('subnet without ACL association');
        h.run(replaceNetworkAclAssociation, {
          associationId: assoc.networkAclAssociationId,
          networkAclId: acl.id,
        });
      }
      return acl;
    },
    prefixList(n: string, cidrs: string[], family: 'IPv4' | 'IPv6' = 'IPv4') {
      return h.run(createManagedPrefixList, {
        prefixListName: n,
        maxEntries: Math.max(cidrs.length, 1),
        addressFamily: family,
        entries: cidrs.map((cidr) => ({ cidr })),
      });
    },
    peering(
      a: Vpc,
      bVpc: Vpc,
      n: string,
      opts: { accept?: boolean; as?: Caller; peerAs?: Caller } = {},
    ) {
      const as = opts.as ?? c;
      const peerAs = opts.peerAs ?? as;
      const p = h.run(
        createVpcPeeringConnection,
        {
          vpcId: a.id,
          peerVpcId: bVpc.id,
          peerOwnerId: peerAs.accountId,
          peerRegion: peerAs.region,
          tags: name(n),
        },
        as,
      );
      if (opts.accept ?? true)
        h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: p.id }, peerAs);
      return p;
    },
    gatewayEndpoint(vpc: Vpc, service: 's3' | 'dynamodb', tables: string[], region = c.region) {
      return h.run(createVpcEndpoint, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        routeTableIds: tables,
        vpcEndpointType: 'Gateway',
      });
    },
    interfaceEndpoint(vpc: Vpc, service: string, subnets: Subnet[], groups: string[]) {
      return h.run(createVpcEndpoint, {
        vpcId: vpc.id,
        serviceName: service,
        vpcEndpointType: 'Interface',
        subnetIds: subnets.map((x) => x.id),
        securityGroupIds: groups,
        privateDnsEnabled: false,
      });
    },
    dp() {
      return compile(h.s);
    },
    trace(req: TraceRequest): NetworkInsightsAnalysis {
      return trace(compile(h.s), req);
    },
    /** Traces TCP to `destinationPort` from `source` to a resource id or an address. */
    traceTcp(source: string, to: string | Ip, destinationPort: number): NetworkInsightsAnalysis {
      const destination = typeof to === 'string' ? { destination: to } : { destinationIp: to };
      return trace(compile(h.s), { source, ...destination, protocol: 'tcp', destinationPort });
    },
  };
  return b;
}

/** Parses an address in a test. */
export const ip = (text: string): Ip => Ip.parse(text)!;

/** The component ids of a path, in order. */
export const ids = (path: NetworkInsightsAnalysis['ForwardPathComponents']): string[] =>
  (path ?? []).map((c) => c.Component.Id);

/** Asserts a reachable result, with the formatted trace as the failure message. */
export function expectReachable(r: NetworkInsightsAnalysis): void {
  expect(r.Status, formatTrace(r)).toBe('succeeded');
  expect(r.NetworkPathFound, formatTrace(r)).toBe(true);
}

/** Asserts an unreachable result with the code, returning its first explanation. */
export function expectBlocked(r: NetworkInsightsAnalysis, code: string) {
  expect(r.Status, formatTrace(r)).toBe('succeeded');
  expect(r.NetworkPathFound, formatTrace(r)).toBe(false);
  expect(
    r.Explanations?.map((x) => x.ExplanationCode),
    formatTrace(r),
  ).toContain(code);
  return r.Explanations!.find((x) => x.ExplanationCode === code)!;
}

/** Allow-all permissions, for a group that should not be in the way. */
export const ALL: IpPermissionInput = {
  ipProtocol: '-1',
  ipRanges: [{ cidrIp: '0.0.0.0/0' }],
  ipv6Ranges: [{ cidrIpv6: '::/0' }],
};

/** TCP on one port from a CIDR. */
export const tcpFrom = (port: number, cidr: string): IpPermissionInput => ({
  ipProtocol: 'tcp',
  fromPort: port,
  toPort: port,
  ipRanges: [{ cidrIp: cidr }],
});
