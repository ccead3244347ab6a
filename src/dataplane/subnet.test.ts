import { describe, expect, it } from 'vitest';
import { Cidr, Ip, type Family } from '../net/index.js';
import type { Id } from '../model/ids.js';
import type { NetworkAcl, NetworkAclEntry } from '../model/network-acl.js';
import { rng, type Rng } from '../../test/dataplane/random.js';
import type { NodeBase } from './graph.js';
import type { Packet } from './packet.js';
import { compileNetworkAcl, evalNetworkAcl } from './subnet.js';

const base: NodeBase = {
  id: 'acl-00000001',
  name: undefined,
  region: 'us-east-1',
  ownerId: '111111111111',
};
const TOP: Record<Family, Ip> = { 4: Ip.parse('10.0.0.0')!, 6: Ip.parse('2001:db8::')! };
const addr = (r: Rng, f: Family) => TOP[f].add(BigInt(r.int(0, 63)))!;
const cidr = (r: Rng, f: Family) =>
  Cidr.of(addr(r, f), r.chance(0.2) ? 0 : r.int(f === 4 ? 26 : 122, f === 4 ? 32 : 128));

function randomEntry(r: Rng, ruleNumber: number, egress: boolean): NetworkAclEntry {
  const family = r.pick([4, 6] as const);
  const protocol = r.pick(['-1', '6', '17', '1', '58', '50']);
  const from = r.int(0, 60);
  return {
    ruleNumber,
    protocol,
    ruleAction: r.pick(['allow', 'deny'] as const),
    egress,
    ...(family === 4 ? { cidrBlock: cidr(r, 4) } : { ipv6CidrBlock: cidr(r, 6) }),
    ...(protocol === '6' || protocol === '17'
      ? { portRange: { from, to: from + r.int(0, 20) } }
      : {}),
    ...(protocol === '1' || protocol === '58'
      ? { icmpTypeCode: { type: r.pick([-1, 0, 3, 8]), code: r.pick([-1, 0, 1]) } }
      : {}),
  };
}

function randomPacket(r: Rng): Packet {
  const f = r.pick([4, 6] as const);
  const protocol = r.pick([6, 17, 1, 58, 50]);
  const ports =
    protocol === 6 || protocol === 17 ? { srcPort: r.int(0, 80), dstPort: r.int(0, 80) } : {};
  const icmp =
    protocol === 1 || protocol === 58
      ? { icmpType: r.pick([0, 3, 8]), icmpCode: r.pick([0, 1]) }
      : {};
  return { src: addr(r, f), dst: addr(r, f), protocol, ...ports, ...icmp };
}

/** The naive reference, straight from the AWS docs: sort by number, first entry that matches. */
function naive(
  acl: NetworkAcl,
  egress: boolean,
  p: Packet,
): { allow: boolean; ruleNumber: number } {
  const remote = egress ? p.dst : p.src;
  const entries = acl.entries
    .filter((e) => e.egress === egress)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const e of entries) {
    const block = remote.family === 4 ? e.cidrBlock : e.ipv6CidrBlock;
    if (!block || !block.contains(remote)) continue;
    if (e.protocol !== '-1') {
      if (Number(e.protocol) !== p.protocol) continue;
      if (
        (p.protocol === 6 || p.protocol === 17) &&
        e.portRange &&
        (p.dstPort! < e.portRange.from || p.dstPort! > e.portRange.to)
      )
        continue;
      if ((p.protocol === 1 || p.protocol === 58) && e.icmpTypeCode) {
        const { type, code } = e.icmpTypeCode;
        if ((type !== -1 && type !== p.icmpType) || (code !== -1 && code !== p.icmpCode)) continue;
      }
    }
    return { allow: e.ruleAction === 'allow', ruleNumber: e.ruleNumber };
  }
  return { allow: false, ruleNumber: remote.family === 4 ? 32767 : 32768 };
}

describe('network ACL evaluation', () => {
  it('agrees with a naive first-match interpreter on random ACLs and packets', () => {
    const r = rng(7);
    let allowed = 0;
    for (let t = 0; t < 400; t++) {
      const entries: NetworkAclEntry[] = [];
      for (const egress of [false, true]) {
        const numbers = new Set<number>();
        const count = r.int(0, 10);
        while (numbers.size < count) numbers.add(r.int(1, 200));
        for (const n of numbers) entries.push(randomEntry(r, n, egress));
      }
      // Stored out of order on purpose: evaluation must not depend on storage order.
      entries.reverse();
      const acl: NetworkAcl = {
        kind: 'network-acl',
        id: 'acl-00000001' as Id<'network-acl'>,
        ownerId: '111111111111' as NetworkAcl['ownerId'],
        region: 'us-east-1' as NetworkAcl['region'],
        tags: [],
        vpcId: 'vpc-00000001' as Id<'vpc'>,
        isDefault: false,
        entries,
        associations: [],
        modified: { ingress: true, egress: true },
      };
      const node = compileNetworkAcl(acl, base);
      for (let k = 0; k < 50; k++) {
        const p = randomPacket(r);
        const egress = r.chance(0.5);
        const got = evalNetworkAcl(node, egress, p);
        const want = naive(acl, egress, p);
        expect(
          { allow: got.allow, ruleNumber: got.ruleNumber },
          JSON.stringify({ p, egress }),
        ).toEqual(want);
        if (want.allow) allowed++;
      }
    }
    // The generator exercises both outcomes.
    expect(allowed).toBeGreaterThan(1000);
    expect(allowed).toBeLessThan(19000);
  });
});
