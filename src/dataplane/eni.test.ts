import { describe, expect, it } from 'vitest';
import { Cidr, Ip } from '../net/index.js';
import type { Id } from '../model/ids.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/security-group.js';
import type { Snapshot } from '../model/snapshot.js';
import { createNetworkInterface } from '../control/network-interface.js';
import { createManagedPrefixList } from '../control/prefix-list.js';
import { createSecurityGroup } from '../control/security-group.js';
import { createSubnet } from '../control/subnet.js';
import { createVpc } from '../control/vpc.js';
import { harness } from '../../test/support/harness.js';
import { rng, type Rng } from '../../test/dataplane/random.js';
import { compile } from './compile.js';
import { evalSecurityGroups, sgMismatchField, sgRuleAdmits } from './eni.js';
import type { Packet } from './packet.js';

/** A VPC with four groups, two prefix lists and a dozen ENIs in random groups. */
function world(r: Rng) {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const subnet = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.0.0/24',
    availabilityZoneId: 'use1-az1',
  });
  const groups = [1, 2, 3, 4].map((i) =>
    h.run(createSecurityGroup, { groupName: `g${i}`, description: 'g', vpcId: vpc.id }),
  );
  const lists = [1, 2].map((i) =>
    h.run(createManagedPrefixList, {
      prefixListName: `l${i}`,
      maxEntries: 3,
      addressFamily: 'IPv4',
      entries: [
        ...new Set(
          [0, 1, 2].map(() =>
            Cidr.of(Ip.parse(`10.0.0.${r.int(4, 250)}`)!, r.int(28, 32)).toString(),
          ),
        ),
      ].map((cidr) => ({ cidr })),
    }),
  );
  const used = new Set<number>();
  const enis = [];
  while (enis.length < 12) {
    const last = r.int(4, 250);
    if (used.has(last)) continue;
    used.add(last);
    const mine = groups.filter(() => r.chance(0.4));
    enis.push(
      h.run(createNetworkInterface, {
        subnetId: subnet.id,
        privateIpAddress: `10.0.0.${last}`,
        groups: (mine.length ? mine : [groups[0]!]).map((g) => g.id),
      }),
    );
  }
  return { h, groups, lists, enis };
}

function randomRule(
  r: Rng,
  i: number,
  groups: SecurityGroup[],
  lists: { id: string }[],
): SecurityGroupRule {
  const ipProtocol = r.pick(['-1', 'tcp', 'udp', 'icmp', '50']);
  const from = r.int(0, 60);
  const ports =
    ipProtocol === 'tcp' || ipProtocol === 'udp'
      ? { fromPort: from, toPort: from + r.int(0, 20) }
      : ipProtocol === 'icmp'
        ? { fromPort: r.pick([-1, 0, 8]), toPort: r.pick([-1, 0]) }
        : { fromPort: -1, toPort: -1 };
  const peer = r.pick(['cidr', 'list', 'group'] as const);
  return {
    securityGroupRuleId: `sgr-${String(i).padStart(17, '0')}` as Id<'security-group-rule'>,
    isEgress: r.chance(0.5),
    ipProtocol,
    ...ports,
    ...(peer === 'cidr'
      ? { cidrIpv4: Cidr.of(Ip.parse(`10.0.0.${r.int(0, 255)}`)!, r.pick([0, 24, 28, 30, 32])) }
      : {}),
    ...(peer === 'list' ? { prefixListId: r.pick(lists).id as Id<'prefix-list'> } : {}),
    ...(peer === 'group'
      ? { referencedGroupInfo: { groupId: r.pick(groups).id, userId: '111111111111' } }
      : {}),
  };
}

/** The naive reference: any rule of any of the ENI's groups, peers resolved by scanning the snapshot. */
function naiveAdmits(
  s: Snapshot,
  eniGroups: readonly string[],
  egress: boolean,
  p: Packet,
): boolean {
  const remote = egress ? p.dst : p.src;
  for (const gid of eniGroups) {
    for (const rule of s.get('security-group', gid)!.rules) {
      if (rule.isEgress !== egress) continue;
      const proto = rule.ipProtocol;
      if (proto !== '-1') {
        const number = { tcp: 6, udp: 17, icmp: 1 }[proto] ?? Number(proto);
        if (number !== p.protocol) continue;
        if (
          (proto === 'tcp' || proto === 'udp') &&
          (p.dstPort! < rule.fromPort || p.dstPort! > rule.toPort)
        )
          continue;
        if (
          proto === 'icmp' &&
          ((rule.fromPort !== -1 && rule.fromPort !== p.icmpType) ||
            (rule.toPort !== -1 && rule.toPort !== p.icmpCode))
        )
          continue;
      }
      let peerOk = false;
      if (rule.cidrIpv4) peerOk = rule.cidrIpv4.contains(remote);
      if (rule.prefixListId)
        peerOk = s
          .get('prefix-list', rule.prefixListId)!
          .entries.some((e) => e.cidr.contains(remote));
      if (rule.referencedGroupInfo) {
        const ref = rule.referencedGroupInfo.groupId;
        peerOk = [...s.all('network-interface')].some(
          (n) =>
            n.groups.includes(ref) &&
            n.privateIpAddresses.some((a) => a.privateIpAddress.equals(remote)),
        );
      }
      if (peerOk) return true;
    }
  }
  return false;
}

describe('security group evaluation', () => {
  it('agrees with a naive interpreter on random rules, memberships and packets', () => {
    const r = rng(99);
    let admitted = 0;
    let total = 0;
    for (let t = 0; t < 25; t++) {
      const w = world(r);
      let i = 0;
      const changed = w.groups.map((g) => ({
        ...g,
        rules: Array.from({ length: r.int(0, 6) }, () => randomRule(r, i++, w.groups, w.lists)),
      }));
      w.h.store.snapshot.apply(changed.map((resource) => ({ op: 'put' as const, resource })));
      const dp = compile(w.h.s);
      for (let k = 0; k < 300; k++) {
        const eni = r.pick(w.enis);
        const node = dp.enis.get(eni.id)!;
        const other = r.chance(0.6)
          ? r.pick(w.enis).privateIpAddresses[0]!.privateIpAddress
          : Ip.parse(`10.0.0.${r.int(0, 255)}`)!;
        const protocol = r.pick([6, 17, 1, 50]);
        const egress = r.chance(0.5);
        const self = eni.privateIpAddresses[0]!.privateIpAddress;
        const p: Packet = {
          src: egress ? self : other,
          dst: egress ? other : self,
          protocol,
          ...(protocol === 6 || protocol === 17 ? { srcPort: 40000, dstPort: r.int(0, 80) } : {}),
          ...(protocol === 1 ? { icmpType: r.pick([0, 8]), icmpCode: 0 } : {}),
        };
        const rule = evalSecurityGroups(node.securityGroups, egress, p);
        const want = naiveAdmits(w.h.s, eni.groups, egress, p);
        expect(rule !== undefined, JSON.stringify({ p, egress, groups: eni.groups })).toBe(want);
        if (rule) {
          // The reported rule itself admits the packet, and belongs to one of the ENI's groups.
          expect(sgRuleAdmits(rule, p)).toBe(true);
          expect(eni.groups).toContain(rule.group.id);
          admitted++;
        } else {
          expect(sgMismatchField(node.securityGroups, egress, p) === undefined).toBe(
            node.securityGroups.every((g) => (egress ? g.egress : g.ingress).length === 0),
          );
        }
        total++;
      }
    }
    expect(admitted).toBeGreaterThan(total / 10);
    expect(admitted).toBeLessThan(total);
  });
});
