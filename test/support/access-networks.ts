import fc from 'fast-check';
import { stringify } from 'yaml';
import type {
  Topology,
  TopologyAclRule,
  TopologyInstance,
  TopologyNetworkAcl,
  TopologyRouteTable,
  TopologySecurityGroup,
  TopologySgRule,
  TopologyVpc,
} from '../../src/topology/schema.js';

/**
 * Random small networks for the access analyzer's property tests (issue 5, "Correctness"):
 * 1–3 VPCs with /24 blocks, /26 subnets in two AZs, a handful of instances at fixed addresses,
 * security groups, network ACLs and route tables drawn from a few boundary values, internet
 * and NAT gateways, a peering, appliance routes (blackholes when the appliance is stopped) and
 * a transit gateway. Everything is drawn as indexes into small tables, so every draw is a
 * valid file and fast-check shrinks it towards fewer, simpler resources.
 *
 * Choices a flow hash makes (ECMP, appliance-mode AZs) are kept out: the tracer picks one
 * alternative where the analyzer explores all.
 */

/** The ports rules name; the brute force probes each boundary ±1 (see `PROBE_PORTS`). */
export const RULE_PORTS = ['22', '80', '443', '80-443', '1024-65535', '0-1023', 'all'] as const;

/** Public addresses drawn for Elastic IPs (instances) and NAT gateways. */
export const publicIpOf = (vpc: number, k: number): string => `203.0.113.${vpc * 10 + k + 1}`;
export const natPublicIpOf = (vpc: number): string => `203.0.113.${100 + vpc}`;

/** A VPC's block, and its subnets' blocks (/26 each). */
export const vpcCidr = (v: number): string => `10.${v}.0.0/24`;
export const subnetCidr = (v: number, s: number): string => `10.${v}.0.${64 * s}/26`;

/** A VPC's IPv6 block (/56), its subnets' (/64), an instance's address in one. */
export const vpcCidr6 = (v: number): string => `2600:1f18:0:${v + 1}00::/56`;
export const subnetCidr6 = (v: number, s: number): string => `2600:1f18:0:${v + 1}0${s}::/64`;
const instanceIp6 = (v: number, s: number, k: number): string =>
  `2600:1f18:0:${v + 1}0${s}::${10 + k}`;

/** Addresses that are somewhere on the internet (or nowhere), for rules and probes. */
export const INTERNET_HOST = '198.51.100.7';

const PEERS = (v: number): string[] => [
  '0.0.0.0/0',
  vpcCidr(0),
  vpcCidr(1),
  subnetCidr(v, 0),
  '10.0.0.10/32',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '::/0',
  vpcCidr6(0),
];

interface RuleDraw {
  readonly protocol: number; // index into PROTOS
  readonly ports: number; // index into RULE_PORTS
  readonly icmpAny: boolean;
  readonly peer: number; // index into PEERS, or PEERS.length + g for group g
}

interface AclRuleDraw extends RuleDraw {
  readonly allow: boolean;
}

const PROTOS = ['tcp', 'udp', 'icmp', 'all'] as const;

interface InstanceDraw {
  readonly subnet: number;
  readonly groups: readonly number[];
  readonly publicIp: boolean;
  readonly v6: boolean;
  /** A secondary private IPv4 (no public address maps to it). */
  readonly secondary: boolean;
  readonly sourceDestCheck: boolean;
  readonly stopped: boolean;
}

interface TableDraw {
  /** (destination, target) pairs; later duplicates of a destination are dropped. */
  readonly routes: readonly (readonly [number, number])[];
  /** Subnets associated with this table (the second table only). */
  readonly subnets: readonly boolean[];
}

interface VpcDraw {
  readonly subnets: number; // 1–3
  readonly igw: boolean;
  /** An IPv6 block (subnets get /64s), an egress-only internet gateway, an S3 gateway endpoint. */
  readonly ipv6: boolean;
  readonly eigw: boolean;
  readonly s3: boolean;
  /** Start the route tables with the routes a real network has (then the drawn ones). */
  readonly sane: boolean;
  readonly nat: number | undefined; // subnet of a NAT gateway (a public one needs the IGW)
  /** The NAT gateway is private (no Elastic IP; source NAT towards other VPCs). */
  readonly natPrivate: boolean;
  readonly groups: readonly {
    /** Admits everything in (both families), besides the drawn rules. */
    readonly open: boolean;
    readonly ingress: readonly RuleDraw[];
    readonly egress: readonly RuleDraw[] | undefined;
  }[];
  readonly acl:
    | {
        readonly subnets: readonly boolean[];
        readonly ingress: readonly AclRuleDraw[];
        readonly egress: readonly AclRuleDraw[];
        readonly allowRestIn: boolean;
        readonly allowRestOut: boolean;
      }
    | undefined;
  readonly instances: readonly InstanceDraw[];
  readonly main: TableDraw;
  readonly second: TableDraw | undefined;
  /**
   * An appliance: the main table sends a destination to instance k (its source/destination
   * check off), whose subnet takes the second table; with `edge`, the internet gateway's edge
   * table sends the other subnets' traffic to it too (ingress routing).
   */
  readonly appliance:
    | {
        readonly k: number;
        readonly dest: number;
        /** How the appliance's table sends that destination on (a target index). */
        readonly exit: number;
        readonly edge: boolean;
      }
    | undefined;
}

/** A drawn network, before it is written as a topology file. */
export interface NetDraw {
  readonly vpcs: readonly VpcDraw[];
  readonly peering: boolean;
  readonly tgw: boolean;
  /** Sane tables reach the other VPC by the transit gateway rather than the peering. */
  readonly viaTgw: boolean;
  /**
   * Appliance mode on the transit gateway's attachments: the exit AZ is a flow-hash choice, so
   * the property tests relax there (see `hashedPaths`).
   */
  readonly applianceMode: boolean;
}

/** A rule's peer: often everywhere, else a CIDR of the table or (index ≥ PEERS) a group. */
const peerDraw = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constant(PEERS(0).indexOf('::/0')), weight: 1 },
  { arbitrary: fc.nat(PEERS(0).length + 1), weight: 4 },
);
/** Protocols, weighted towards `all` (index 3) so that more packets get through. */
const protoDraw = fc.oneof(
  { arbitrary: fc.nat(PROTOS.length - 1), weight: 3 },
  { arbitrary: fc.constant(3), weight: 1 },
);
const ruleDraw = fc.record({
  protocol: protoDraw,
  ports: fc.nat(RULE_PORTS.length - 1),
  icmpAny: fc.boolean(),
  peer: peerDraw,
});
const aclRuleDraw = fc.record({
  protocol: fc.nat(PROTOS.length - 1),
  ports: fc.nat(RULE_PORTS.length - 1),
  icmpAny: fc.boolean(),
  peer: fc.nat(PEERS(0).length - 1),
  allow: fc.boolean(),
});
/** Route targets, weighted towards the gateways (see `target` in vpcOf). */
const targetDraw = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.constant(1), weight: 2 },
  { arbitrary: fc.constant(2), weight: 2 },
  { arbitrary: fc.constant(3), weight: 2 },
  { arbitrary: fc.integer({ min: 4, max: 5 }), weight: 2 },
  { arbitrary: fc.constant(6), weight: 1 },
);
const tableDraw = fc.record({
  routes: fc.array(fc.tuple(fc.nat(5), targetDraw), { maxLength: 4 }),
  subnets: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

const vpcDraw: fc.Arbitrary<VpcDraw> = fc.record({
  subnets: fc.integer({ min: 1, max: 3 }),
  igw: fc.boolean(),
  ipv6: fc.boolean(),
  eigw: fc.boolean(),
  s3: fc.nat(3).map((k) => k === 0),
  sane: fc.boolean(),
  nat: fc.option(fc.nat(2), { nil: undefined }),
  natPrivate: fc.nat(2).map((k) => k === 0),
  groups: fc.array(
    fc.record({
      open: fc.nat(3).map((k) => k === 0),
      ingress: fc.array(ruleDraw, { minLength: 1, maxLength: 3 }),
      egress: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 2 },
        { arbitrary: fc.array(ruleDraw, { maxLength: 2 }), weight: 1 },
      ),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  acl: fc.option(
    fc.record({
      subnets: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      ingress: fc.array(aclRuleDraw, { maxLength: 3 }),
      egress: fc.array(aclRuleDraw, { maxLength: 3 }),
      allowRestIn: fc.boolean(),
      allowRestOut: fc.boolean(),
    }),
    { nil: undefined },
  ),
  instances: fc.array(
    fc.record({
      subnet: fc.nat(2),
      groups: fc.uniqueArray(fc.nat(1), { minLength: 1, maxLength: 2 }),
      publicIp: fc.nat(2).map((k) => k !== 0),
      v6: fc.boolean(),
      secondary: fc.nat(3).map((k) => k === 0),
      sourceDestCheck: fc.nat(2).map((k) => k !== 0),
      stopped: fc.nat(9).map((n) => n === 0),
    }),
    { maxLength: 2 },
  ),
  main: tableDraw,
  second: fc.option(tableDraw, { nil: undefined }),
  appliance: fc.option(
    fc.record({ k: fc.nat(1), dest: fc.nat(4), exit: fc.nat(3), edge: fc.boolean() }),
    {
      nil: undefined,
    },
  ),
});

/** A random small network. */
export const netDraw: fc.Arbitrary<NetDraw> = fc
  .record({
    vpcs: fc.array(vpcDraw, { minLength: 1, maxLength: 3 }),
    peering: fc.boolean(),
    tgw: fc.boolean(),
    viaTgw: fc.boolean(),
    applianceMode: fc.nat(3).map((k) => k === 0),
  })
  .filter((n) => n.vpcs.some((v) => v.instances.length > 0));

/** The network as a topology file's data. */
export function topologyOf(n: NetDraw): Topology {
  const hasPeering = n.peering && n.vpcs.length >= 2;
  const hasTgw = n.tgw && n.vpcs.length >= 2;
  const vpcs = n.vpcs.map((v, i) => vpcOf(v, i, hasPeering, hasTgw, n.viaTgw));
  return {
    version: 1,
    accounts: [
      {
        id: '111111111111',
        regions: [
          {
            name: 'us-east-1',
            azs: { 'us-east-1a': 'use1-az1', 'us-east-1b': 'use1-az2' },
            vpcs,
            ...(hasTgw
              ? {
                  transitGateways: [
                    {
                      name: 'tgw',
                      vpcAttachments: n.vpcs.slice(0, 2).map((v, i) => ({
                        name: `att-${i}`,
                        vpc: `v${i}`,
                        subnets: [`v${i}-s0`, ...(v.subnets > 1 ? [`v${i}-s1`] : [])],
                        ...(n.applianceMode ? { applianceMode: true } : {}),
                      })),
                    },
                  ],
                }
              : {}),
          },
        ],
      },
    ],
    ...(hasPeering
      ? {
          peerings: [{ name: 'pcx', requester: { vpc: 'v0' }, accepter: { vpc: 'v1' } }],
        }
      : {}),
  };
}

/** The topology file's text. */
export const yamlOf = (n: NetDraw): string => stringify(topologyOf(n));

const ROUTE_DESTINATIONS = (v: number): string[] => [
  '0.0.0.0/0',
  vpcCidr(v === 0 ? 1 : 0),
  '8.8.8.0/24',
  vpcCidr(v === 2 ? 1 : 2),
  '::/0',
  '64:ff9b::/96',
];

function vpcOf(
  v: VpcDraw,
  i: number,
  peering: boolean,
  tgw: boolean,
  viaTgw: boolean,
): TopologyVpc {
  const subnetNames = Array.from({ length: v.subnets }, (_, s) => `v${i}-s${s}`);
  const groupNames = v.groups.map((_, g) => `v${i}-sg${g}`);
  const instanceNames = v.instances.map((_, k) => `v${i}-i${k}`);
  const nat = (v.igw || v.natPrivate) && v.nat !== undefined ? v.nat % v.subnets : undefined;

  const rule = (r: RuleDraw, group: boolean): TopologySgRule => {
    const protocol = PROTOS[r.protocol]!;
    const peers = PEERS(i);
    const peer =
      group && r.peer >= peers.length
        ? { securityGroup: groupNames[(r.peer - peers.length) % groupNames.length]! }
        : { cidr: peers[r.peer % peers.length]! };
    return { protocol, ...protoFields(protocol, r), ...peer };
  };
  const groups: TopologySecurityGroup[] = v.groups.map((g, k) => ({
    name: groupNames[k]!,
    description: 'drawn',
    ingress: distinct([
      ...g.ingress.map((r) => rule(r, true)),
      ...(g.open
        ? [
            { protocol: 'all', cidr: '0.0.0.0/0' },
            { protocol: 'all', cidr: '::/0' },
          ]
        : []),
    ]),
    ...(g.egress ? { egress: distinct(g.egress.map((r) => rule(r, true))) } : {}),
  }));

  const aclRules = (rules: readonly AclRuleDraw[], rest: boolean): TopologyAclRule[] => [
    ...rules.map((r, k) => {
      const protocol = PROTOS[r.protocol]!;
      return {
        rule: 100 + 10 * k,
        action: r.allow ? ('allow' as const) : ('deny' as const),
        protocol,
        ...protoFields(protocol, r, true),
        cidr: PEERS(i)[r.peer % PEERS(i).length]!,
      };
    }),
    ...(rest
      ? [
          { rule: 200, action: 'allow' as const, protocol: 'all', cidr: '0.0.0.0/0' },
          { rule: 201, action: 'allow' as const, protocol: 'all', cidr: '::/0' },
        ]
      : []),
  ];
  const acls: TopologyNetworkAcl[] = [];
  if (v.acl) {
    const subnets = subnetNames.filter((_, s) => v.acl!.subnets[s]);
    acls.push({
      name: `v${i}-acl`,
      ...(subnets.length ? { subnets } : {}),
      ingress: aclRules(v.acl.ingress, v.acl.allowRestIn),
      egress: aclRules(v.acl.egress, v.acl.allowRestOut),
    });
  }

  const eigw = v.ipv6 && v.eigw;
  const appliance =
    v.appliance && v.appliance.k < v.instances.length
      ? { ...v.appliance, subnet: v.instances[v.appliance.k]!.subnet % v.subnets }
      : undefined;
  // Route targets: 0 IGW, 1 NAT, 2 peering, 3 transit gateway, 4–5 an instance (appliance),
  // 6 the egress-only internet gateway.
  const target = (t: number): string | undefined => {
    if (t === 0) return v.igw ? `igw:v${i}-igw` : undefined;
    if (t === 6) return eigw ? `eigw:v${i}-eigw` : undefined;
    if (t === 1) return nat !== undefined ? `nat:v${i}-nat` : undefined;
    if (t === 2) return peering && i < 2 ? 'pcx:pcx' : undefined;
    if (t === 3) return tgw && i < 2 ? 'tgw:tgw' : undefined;
    const k = t - 4;
    return k < instanceNames.length ? `instance:${instanceNames[k]!}` : undefined;
  };
  const table = (t: TableDraw, name: string, main: boolean): TopologyRouteTable => {
    const seen = new Set<string>();
    const routes: { destination: string; target: string }[] = [];
    // A sane main table: the internet by the gateway, the other VPC by peering or the TGW;
    // a sane second table: the internet by the NAT gateway.
    const other: (readonly [number, number])[] = viaTgw
      ? [
          [1, 3],
          [1, 2],
        ]
      : [
          [1, 2],
          [1, 3],
        ];
    const defaults: (readonly [number, number])[] = !v.sane ? [] : [[0, main ? 0 : 1], ...other];
    const detour: (readonly [number, number])[] = !appliance
      ? []
      : main
        ? [[appliance.dest, 4 + appliance.k]]
        : [[appliance.dest, appliance.exit]];
    const v6Defaults: (readonly [number, number])[] =
      v.sane && v.ipv6
        ? [
            [4, main ? 0 : 6],
            [5, 1],
          ]
        : [];
    for (const [d, tg] of [...detour, ...defaults, ...v6Defaults, ...t.routes]) {
      const destination = ROUTE_DESTINATIONS(i)[d]!;
      const to = target(tg);
      const six = destination.includes(':');
      // The appliance's own table never sends back to it (a loop; NO_PATH).
      const back = !main && appliance !== undefined && tg === 4 + appliance.k;
      if (
        back ||
        to === undefined ||
        seen.has(destination) ||
        (six && !v.ipv6) ||
        (tg === 6 && !six) ||
        // A NAT gateway takes IPv6 only for NAT64.
        (tg === 1 && destination === '::/0')
      ) {
        continue;
      }
      seen.add(destination);
      routes.push({ destination, target: to });
    }
    // A sane NAT gateway's subnet keeps the main table (the internet gateway route).
    const subnets = main
      ? []
      : subnetNames.filter(
          (_, s) => (t.subnets[s] && !(v.sane && s === nat)) || s === appliance?.subnet,
        );
    return {
      name,
      ...(main ? { main: true } : {}),
      ...(routes.length ? { routes } : {}),
      ...(subnets.length ? { subnets } : {}),
    };
  };
  const routeTables = [table(v.main, `v${i}-rt-main`, true)];
  const second =
    v.second ?? (appliance ? { routes: [], subnets: [false, false, false] } : undefined);
  if (second) routeTables.push(table(second, `v${i}-rt-b`, false));
  if (appliance?.edge && v.igw) {
    // Ingress routing: the internet's traffic to the other subnets through the appliance.
    const routes = subnetNames
      .map((_, s) => s)
      .filter((s) => s !== appliance.subnet)
      .map((s) => ({
        destination: subnetCidr(i, s),
        target: `instance:${instanceNames[appliance.k]!}`,
      }));
    if (routes.length) routeTables.push({ name: `v${i}-rt-edge`, gateways: [`v${i}-igw`], routes });
  }

  const instances: TopologyInstance[] = v.instances.map((d, k) => {
    const s = d.subnet % v.subnets;
    return {
      name: instanceNames[k]!,
      subnet: subnetNames[s]!,
      privateIp: `10.${i}.0.${64 * s + 10 + k}`,
      ...(d.secondary ? { secondaryPrivateIps: [`10.${i}.0.${64 * s + 20 + k}`] } : {}),
      securityGroups: d.groups.map((g) => groupNames[g % groupNames.length]!),
      ...(d.publicIp && v.igw ? { publicIp: publicIpOf(i, k) } : {}),
      ...(d.v6 && v.ipv6 ? { ipv6Addresses: [instanceIp6(i, s, k)] } : {}),
      ...(d.sourceDestCheck && appliance?.k !== k ? {} : { sourceDestCheck: false }),
      ...(d.stopped ? { state: 'stopped' as const } : {}),
    };
  });
  return {
    name: `v${i}`,
    cidr: vpcCidr(i),
    ...(v.ipv6 ? { ipv6: vpcCidr6(i) } : {}),
    ...(v.igw ? { internetGateway: `v${i}-igw` } : {}),
    ...(eigw ? { egressOnlyInternetGateway: `v${i}-eigw` } : {}),
    subnets: subnetNames.map((name, s) => ({
      name,
      cidr: subnetCidr(i, s),
      ...(v.ipv6 ? { ipv6Cidr: subnetCidr6(i, s) } : {}),
      az: s % 2 === 0 ? 'us-east-1a' : 'us-east-1b',
    })),
    routeTables,
    securityGroups: groups,
    ...(acls.length ? { networkAcls: acls } : {}),
    ...(instances.length ? { instances } : {}),
    ...(v.s3
      ? { endpoints: [{ name: `v${i}-s3`, service: 's3', routeTables: [`v${i}-rt-main`] }] }
      : {}),
    ...(nat !== undefined
      ? {
          natGateways: [
            v.natPrivate
              ? { name: `v${i}-nat`, subnet: subnetNames[nat]!, connectivity: 'private' as const }
              : { name: `v${i}-nat`, subnet: subnetNames[nat]!, publicIp: natPublicIpOf(i) },
          ],
        }
      : {}),
  };
}

function protoFields(
  protocol: (typeof PROTOS)[number],
  r: RuleDraw,
  acl = false,
): { ports?: string; icmpType?: number; icmpCode?: number } {
  if (protocol === 'tcp' || protocol === 'udp') return { ports: RULE_PORTS[r.ports]! };
  if (protocol === 'icmp') {
    if (r.icmpAny) return acl ? { icmpType: -1, icmpCode: -1 } : { icmpType: -1 };
    return { icmpType: 8, icmpCode: acl ? 0 : -1 };
  }
  return {};
}

/** Rules without AWS's duplicates (InvalidPermission.Duplicate). */
function distinct(rules: readonly TopologySgRule[]): TopologySgRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const k = JSON.stringify(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
