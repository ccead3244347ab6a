import { describe, expect, it } from 'vitest';
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
