import { describe, expect, it } from 'vitest';
import { Cidr, HeaderSpace, Ip, type Family } from '../../net/index.js';
import type { Id } from '../../model/ids.js';
import type { NetworkAcl, NetworkAclEntry } from '../../model/network-acl.js';
import type { Route, RouteTable } from '../../model/route-table.js';
import type { SecurityGroup, SecurityGroupRule } from '../../model/security-group.js';
import { World } from '../../model/snapshot.js';
import { addressSet, type NodeBase } from '../../dataplane/graph.js';
import { compileSecurityGroup, evalSecurityGroups } from '../../dataplane/eni.js';
import { compileNetworkAcl, evalNetworkAcl } from '../../dataplane/subnet.js';
import { compileRouteTable, lookupRoute } from '../../dataplane/route-table.js';
import type { Packet } from '../../dataplane/packet.js';
import { rng, type Rng } from '../../../test/dataplane/random.js';
import { networkAclPartition } from './network-acl.js';
import { routeTablePartition, sharesByTarget } from './route-table.js';
import { securityGroupRuleSpace, securityGroupsSpace, sgRuleNodeSpace } from './security-group.js';

/**
 * The compiled header spaces against the dataplane's own evaluators: for random rules and
 * random packets, a packet is in the space exactly when the concrete function says so.
 * Addresses and ports cluster where random rules have their edges, so the cuts are exercised.
 */
const base = (id: string): NodeBase => ({
  id,
  name: undefined,
  region: 'us-east-1',
  ownerId: '111111111111',
});
const TOP: Record<Family, Ip> = { 4: Ip.parse('10.0.0.0')!, 6: Ip.parse('2001:db8::')! };
const PORTS = [0, 1, 22, 79, 80, 81, 443, 1023, 1024, 3306, 65534, 65535];

function randomCidr(r: Rng, family: Family): Cidr {
  const bits = family === 4 ? 32 : 128;
  const prefix = r.chance(0.15) ? r.pick([0, 8, 24]) : r.int(bits - 8, bits);
  return Cidr.of(TOP[family].add(BigInt(r.int(0, 255)))!, prefix);
}

function randomAddress(r: Rng, family: Family): Ip {
  if (r.chance(0.05)) return Ip.parse(family === 4 ? '169.254.169.254' : 'fd00:ec2::23')!;
  if (r.chance(0.1)) return Ip.parse(family === 4 ? '11.0.0.1' : '2001:db9::1')!;
  return TOP[family].add(BigInt(r.int(0, 255)))!;
}

function randomPacket(r: Rng, family: Family): Packet {
  const src = randomAddress(r, family);
  const dst = randomAddress(r, family);
  const protocol = r.pick([1, 6, 17, 47, 58]);
  if (protocol === 6 || protocol === 17) {
    return { src, dst, protocol, srcPort: r.pick(PORTS), dstPort: r.pick(PORTS) };
  }
  if (protocol === 1 || protocol === 58) {
    return { src, dst, protocol, icmpType: r.pick([0, 3, 8, 11, 128]), icmpCode: r.int(0, 4) };
  }
  return { src, dst, protocol };
}

/** Protocol and the port or ICMP fields of a rule, as AWS stores them. */
function randomProtocol(r: Rng): { protocol: string; from: number; to: number } {
  const protocol = r.pick(['-1', 'tcp', 'udp', 'icmp', 'icmpv6', '6', '17', '1', '58', '47', '50']);
  if (['tcp', 'udp', '6', '17'].includes(protocol)) {
    if (r.chance(0.1)) return { protocol, from: -1, to: -1 };
    const a = r.pick(PORTS);
    const b = r.pick(PORTS);
    return { protocol, from: Math.min(a, b), to: Math.max(a, b) };
  }
  if (['icmp', 'icmpv6', '1', '58'].includes(protocol)) {
    return { protocol, from: r.pick([-1, 0, 3, 8]), to: r.pick([-1, 0, 1, 3]) };
  }
  return { protocol, from: -1, to: -1 };
}

describe('security groups as header spaces', () => {
  it('admit exactly the packets evalSecurityGroups admits, both directions', () => {
    const r = rng(5120);
    let admitted = 0;
    for (let t = 0; t < 150; t++) {
      const rules: SecurityGroupRule[] = Array.from({ length: r.int(0, 6) }, (_, i) => {
        const { protocol, from, to } = randomProtocol(r);
        const peer = randomCidr(r, r.pick([4, 6] as const));
        return {
          securityGroupRuleId: `sgr-${String(i).padStart(17, '0')}` as Id<'security-group-rule'>,
          isEgress: r.chance(0.5),
          ipProtocol: protocol,
          fromPort: from,
          toPort: to,
          ...(peer.family === 4 ? { cidrIpv4: peer } : { cidrIpv6: peer }),
        };
      });
      const sg = { id: 'sg-1', vpcId: 'vpc-1', rules } as unknown as SecurityGroup;
      const peerOf = (rule: SecurityGroupRule) => addressSet([rule.cidrIpv4 ?? rule.cidrIpv6!]);
      const node = compileSecurityGroup(sg, base('sg-1'), peerOf);
      for (const egress of [true, false]) {
        const space = securityGroupsSpace([node], egress);
        // The witness, handed to the concrete evaluator as a packet, is admitted.
        const w = space.witness();
        expect(w === undefined).toBe(space.isEmpty());
        if (w) expect(evalSecurityGroups([node], egress, w)).toBeDefined();
        for (let k = 0; k < 40; k++) {
          const p = randomPacket(r, r.pick([4, 6] as const));
          const concrete = evalSecurityGroups([node], egress, p) !== undefined;
          expect(space.has(p), JSON.stringify({ p, rules })).toBe(concrete);
          if (concrete) admitted++;
        }
      }
      // The model-level compiler and the compiled-node one agree rule by rule.
      for (const rule of node.ingress.concat(node.egress)) {
        expect(
          securityGroupRuleSpace(rule.rule, peerOf(rule.rule)).equals(sgRuleNodeSpace(rule)),
        ).toBe(true);
      }
    }
    // A property that never admits anything would prove little.
    expect(admitted).toBeGreaterThan(300);
  });
});

describe('network ACLs as header spaces', () => {
  it('give each packet to the rule evalNetworkAcl picks, and allow what it allows', () => {
    const r = rng(5121);
    let allowed = 0;
    for (let t = 0; t < 150; t++) {
      const numbers = new Set<number>();
      while (numbers.size < r.int(0, 8)) numbers.add(r.int(1, 200));
      const entries: NetworkAclEntry[] = [...numbers].map((ruleNumber) => {
        const { protocol, from, to } = randomProtocol(r);
        const cidr = randomCidr(r, r.pick([4, 6] as const));
        const named = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58' } as Record<string, string>;
        const number = named[protocol] ?? protocol;
        return {
          ruleNumber,
          protocol: number,
          ruleAction: r.chance(0.6) ? 'allow' : 'deny',
          egress: r.chance(0.5),
          ...(cidr.family === 4 ? { cidrBlock: cidr } : { ipv6CidrBlock: cidr }),
          ...((number === '6' || number === '17') && from >= 0 ? { portRange: { from, to } } : {}),
          ...((number === '1' || number === '58') && r.chance(0.7)
            ? { icmpTypeCode: { type: from, code: to } }
            : {}),
        };
      });
      const acl = { id: 'acl-1', vpcId: 'vpc-1', entries } as unknown as NetworkAcl;
      const node = compileNetworkAcl(acl, base('acl-1'));
      for (const egress of [true, false]) {
        const part = networkAclPartition(node, egress);
        // Each rule's witness is decided by that very rule in the concrete evaluator.
        for (const { rule, space } of part.rules) {
          const w = space.witness();
          if (w) expect(evalNetworkAcl(node, egress, w)).toBe(rule);
        }
        expect(part.allowed.intersect(part.denied).isEmpty()).toBe(true);
        // The rules' shares cover every header of both families.
        expect(part.allowed.union(part.denied).equals(HeaderSpace.all())).toBe(true);
        for (let k = 0; k < 40; k++) {
          const p = randomPacket(r, r.pick([4, 6] as const));
          const rule = evalNetworkAcl(node, egress, p);
          const holders = part.rules.filter((x) => x.space.has(p));
          expect(holders.map((h) => h.rule)).toEqual([rule]);
          expect(part.allowed.has(p)).toBe(rule.allow);
          expect(part.denied.has(p)).toBe(!rule.allow);
          if (rule.allow) allowed++;
        }
      }
    }
    expect(allowed).toBeGreaterThan(150);
  });
});

describe('route tables as header spaces', () => {
  it('give each destination to the route lookupRoute picks, and nothing else', () => {
    const r = rng(5122);
    const world = new World();
    let routedCount = 0;
    for (let t = 0; t < 150; t++) {
      const routes: Route[] = Array.from({ length: r.int(0, 12) }, (_, i) => {
        const cidr = randomCidr(r, r.pick([4, 6] as const));
        return {
          ...(cidr.family === 4
            ? { destinationCidrBlock: cidr }
            : { destinationIpv6CidrBlock: cidr }),
          gatewayId: `igw-${String(i % 3).padStart(8, '0')}`,
          origin: 'CreateRoute',
        };
      });
      const table = {
        kind: 'route-table',
        id: 'rtb-00000001' as Id<'route-table'>,
        ownerId: '111111111111',
        region: 'us-east-1',
        tags: [],
        vpcId: 'vpc-00000001' as Id<'vpc'>,
        routes,
        associations: [],
        propagatingVgws: [],
      } as unknown as RouteTable;
      const node = compileRouteTable(world, table, base(table.id), () => undefined);
      const part = routeTablePartition(node);
      const byTarget = sharesByTarget(part);
      // Each share's witness destination is looked up to that share's route.
      for (const share of part.shares) {
        const w = share.space.witness();
        expect(w && lookupRoute(node, w.dst)).toBe(share.entry);
      }
      for (let k = 0; k < 40; k++) {
        const p = randomPacket(r, r.pick([4, 6] as const));
        const entry = lookupRoute(node, p.dst);
        const holders = part.shares.filter((s) => s.space.has(p));
        expect(holders.map((h) => h.entry)).toEqual(entry ? [entry] : []);
        expect(part.unrouted.has(p)).toBe(entry === undefined);
        const targets = [...byTarget.values()].filter((s) => s.space.has(p));
        expect(targets.map((s) => s.entry.target)).toEqual(entry ? [entry.target] : []);
        if (entry) routedCount++;
      }
    }
    expect(routedCount).toBeGreaterThan(1000);
  });

  it('renders a share as its prefix minus the longer ones', () => {
    const cidr = (t: string) => Cidr.parse(t)!;
    const table = {
      id: 'rtb-1',
      vpcId: 'vpc-1',
      routes: [
        {
          destinationCidrBlock: cidr('10.0.0.0/16'),
          gatewayId: 'local',
          origin: 'CreateRouteTable',
        },
        {
          destinationCidrBlock: cidr('10.0.128.0/17'),
          gatewayId: 'igw-00000001',
          origin: 'CreateRoute',
        },
        {
          destinationCidrBlock: cidr('169.254.0.0/16'),
          gatewayId: 'igw-00000001',
          origin: 'CreateRoute',
        },
      ],
      associations: [],
      propagatingVgws: [],
    } as unknown as RouteTable;
    const part = routeTablePartition(
      compileRouteTable(new World(), table, base('rtb-1'), () => undefined),
    );
    const dests = part.shares.map((s) => s.space.cubes().map((c) => c.destinations.map(String)));
    // 169.254.168.0/22 (the instance metadata and DNS block) is never forwarded.
    expect(dests).toEqual([
      [['10.0.0.0/17']],
      [['10.0.128.0/17']],
      [
        [
          '169.254.0.0/17',
          '169.254.128.0/19',
          '169.254.160.0/21',
          '169.254.172.0/22',
          '169.254.176.0/20',
          '169.254.192.0/18',
        ],
      ],
    ]);
  });
});
