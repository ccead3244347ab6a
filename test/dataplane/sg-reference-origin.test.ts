import { describe, expect, it } from 'vitest';
import { analyzeAccess, amazonScope } from '../../src/analysis/access/index.js';
import { walk, type Dataplane, type Packet } from '../../src/dataplane/index.js';
import { Ip } from '../../src/net/index.js';
import { dataplaneOf } from '../support/access-brute.js';

/**
 * D149: a rule naming a security group admits the group's network interfaces, not a packet that
 * only carries a member's address. Two instances in the default group (which admits itself), a
 * VGW and a site behind it: the sibling gets in; on premises does not, even from the sibling's
 * address — and does once a CIDR rule admits it.
 */
const FILE = (extra: string) => `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: core
            cidr: 10.0.0.0/16
            subnets:
              - { name: app, cidr: 10.0.1.0/24 }
            routeTables:
              - name: app
                subnets: [app]
                routes:
                  - { destination: 172.16.0.0/16, target: vgw:core-vgw }
            securityGroups:
              - name: app
                description: members only${extra}
                ingress:
                  - { protocol: all, securityGroup: app }${extra ? "\n                  - { protocol: tcp, ports: '22', cidr: 0.0.0.0/0 }" : ''}
            instances:
              - { name: a, subnet: app, privateIp: 10.0.1.10, securityGroups: [app] }
              - { name: b, subnet: app, privateIp: 10.0.1.20, securityGroups: [app] }
        customerGateways:
          - { name: hq-router, ip: 203.0.113.20, bgpAsn: 65010 }
        vpnGateways:
          - { name: core-vgw, vpc: core }
        vpnConnections:
          - { name: hq-vpn, customerGateway: hq-router, vpnGateway: core-vgw, staticRoutesOnly: true, staticRoutes: [172.16.0.0/16] }
    onPremises:
      - { name: hq, cidrs: [172.16.0.0/16], customerGateways: [hq-router] }
`;

const ip = (t: string) => Ip.parse(t)!;
const ssh = (src: string): Packet => ({
  src: ip(src),
  dst: ip('10.0.1.10'),
  protocol: 6,
  srcPort: 40000,
  dstPort: 22,
});

function fromSite(dp: Dataplane, p: Packet) {
  const site = [...dp.hybrid.sites.values()][0]!;
  return walk(dp, { kind: 'on-premises', site }, p, { mode: 'forward', bindings: [] });
}

function fromB(dp: Dataplane, p: Packet) {
  const eni = [...dp.enis.values()].find((e) => e.v4.some((a) => a.equals(ip('10.0.1.20'))))!;
  return walk(dp, { kind: 'eni', eni }, p, { mode: 'forward', bindings: [] });
}

describe('security group references admit interfaces, not addresses (D149)', () => {
  it('the sibling gets in by its group; on premises does not, even from the sibling’s address', () => {
    const dp = dataplaneOf(FILE(''));
    expect(fromB(dp, ssh('10.0.1.20')).drop).toBeUndefined();
    const spoofed = fromSite(dp, ssh('10.0.1.20'));
    expect(spoofed.drop?.refusal.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(fromSite(dp, ssh('172.16.5.5')).drop?.refusal.code).toBe('ENI_SG_RULES_MISMATCH');
  });

  it('a CIDR rule admits on premises as before', () => {
    const dp = dataplaneOf(FILE(' and SSH'));
    const w = fromSite(dp, ssh('172.16.5.5'));
    expect(w.drop).toBeUndefined();
    expect(w.terminal?.kind).toBe('eni');
  });
});

/**
 * An internet-facing ALB whose target admits only the ALB's group: the node opens its own
 * connection from its interface, so the reference admits it (the pattern most web tiers use).
 */
const ALB = `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: web
            cidr: 10.0.0.0/16
            internetGateway: igw
            subnets:
              - { name: public-a, cidr: 10.0.1.0/24, az: us-east-1a }
              - { name: public-b, cidr: 10.0.2.0/24, az: us-east-1b }
              - { name: app, cidr: 10.0.3.0/24, az: us-east-1a }
            routeTables:
              - name: public
                subnets: [public-a, public-b]
                routes:
                  - { destination: 0.0.0.0/0, target: 'igw:igw' }
            securityGroups:
              - name: alb
                description: HTTPS from anywhere
                ingress:
                  - { protocol: tcp, ports: '443', cidr: 0.0.0.0/0 }
              - name: app
                description: HTTP from the ALB only
                ingress:
                  - { protocol: tcp, ports: '80', securityGroup: alb }
            instances:
              - { name: server, subnet: app, privateIp: 10.0.3.10, securityGroups: [app] }
            loadBalancers:
              - { name: front, scheme: internet-facing, subnets: [public-a, public-b], securityGroups: [alb] }
            targetGroups:
              - { name: servers, protocol: HTTP, port: 80, targets: [server] }
            listeners:
              - { loadBalancer: front, protocol: HTTP, port: 443, targetGroup: servers }
`;

describe('a load balancer node sends from its own interface (D149)', () => {
  it('the internet reaches a target that admits only the ALB’s group, through the ALB', () => {
    const dp = dataplaneOf(ALB);
    const r = analyzeAccess(dp, amazonScope('All-IGW-Ingress')!);
    if (!r.ok) throw new Error(r.error.message);
    const kinds = r.value.findings.map((f) => f.components.map((c) => c.Component.Name));
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds)
      expect(k).toEqual(expect.arrayContaining(['front', 'app', 'server']));
    for (const f of r.value.findings) {
      const igw = [...dp.internetGateways.values()][0]!;
      const w = walk(dp, { kind: 'internet-gateway', gateway: igw }, f.witness, {
        mode: 'forward',
        bindings: [],
      });
      expect(w.drop, JSON.stringify(w.drop?.refusal)).toBeUndefined();
    }
  });
});
