import { describe, expect, it } from 'vitest';
import {
  authorizeSecurityGroupIngress,
  revokeSecurityGroupIngress,
} from '../../../src/control/security-group.js';
import { managedPrefixList } from '../../../src/model/aws-services.js';
import type { RegionName } from '../../../src/model/ids.js';
import { Cidr, HeaderSpace } from '../../../src/net/index.js';
import type { Topology } from '../../../src/topology/schema.js';
import { between, boxes, ends, expectReplays } from '../../support/access-boxes.js';
import { caller } from '../../support/harness.js';
import { loadScenario, type Scenario } from '../../support/scenario.js';

/**
 * /work/shared/scenarios/hybrid-privatelink.md as access scopes, from the VPC's side: what
 * reaches the S3 interface endpoint (on premises through the VGW, HTTPS from the endpoint
 * group's 172.16.0.0/12 only, at both of its interfaces), that nothing reaches the gateway
 * endpoint from outside the VPC (edge to edge), and — with a workload added to the VPC — what
 * leaves towards on premises and S3. The on-premises site is a source too (D147): its paths
 * carry its own block, 172.16.0.0/16, up the VPN. Expectations follow from the file and AWS's rules: the VGW propagates the
 * VPN's static route 172.16.0.0/16 into the main table; a gateway endpoint carries TCP and ICMP
 * echo from the VPC to the service's prefix list and nothing from outside the VPC; endpoint
 * interfaces are never a scope's sources or destinations (NAA), the endpoint is.
 */
const FILE = 'examples/hybrid-privatelink.yaml';
const STORAGE = caller('333333333333', 'us-east-2');
const S3_CIDRS = managedPrefixList('us-east-2' as RegionName, 's3').cidrs;

/** On premises → the endpoint's interface in one subnet: the VGW, the ACL, the endpoint's group. */
const fromVgw = (subnet: string) => [
  'vpn-gateway storage-vgw',
  'network-acl default',
  'security-group s3-endpoint-sg',
  `network-interface s3-interface@${subnet}`,
];

/** The site → the endpoint's interface: up its router's VPN, then as from the VGW. */
const fromSite = (subnet: string) => [
  'on-premises-site hq',
  'customer-gateway hq-router',
  'vpn-connection hq-vpn',
  ...fromVgw(subnet),
];

/** A workload in endpoints-a, 10.40.1.50, in the VPC's default group (as RunInstances gives). */
function withUploader(t: Topology): Topology {
  const [account] = t.accounts;
  const [region] = account!.regions;
  const vpcs = region!.vpcs!.map((v) => ({
    ...v,
    instances: [{ name: 'uploader', subnet: 'endpoints-a', privateIp: '10.40.1.50' }],
  }));
  return { ...t, accounts: [{ ...account!, regions: [{ ...region!, vpcs }] }] };
}

const toEndpoint = (sc: Scenario, name: string) => ({
  MatchPaths: [between(undefined, [sc.id('vpc-endpoint', name)])],
});

describe(`scenario: hybrid PrivateLink — the endpoints and the VPN as access scopes (${FILE})`, () => {
  it('what reaches the S3 interface endpoint: on premises over the VPN, TCP 443 from 172.16.0.0/12, at both of its interfaces', () => {
    const sc = loadScenario(FILE);
    const found = sc.access(toEndpoint(sc, 's3-interface'));
    expect(ends(sc, found)).toEqual([
      'on-premises-site hq → vpc-endpoint s3-interface',
      'on-premises-site hq → vpc-endpoint s3-interface',
      'vpn-gateway storage-vgw → vpc-endpoint s3-interface',
      'vpn-gateway storage-vgw → vpc-endpoint s3-interface',
    ]);
    expect(found.map((f) => sc.hops(f.components))).toEqual([
      fromSite('endpoints-a'),
      fromSite('endpoints-b'),
      fromVgw('endpoints-a'),
      fromVgw('endpoints-b'),
    ]);
    // Whatever arrives over the VPN, only the group's range and port get there; what the site
    // itself sends is its block.
    expect(found.map(boxes)).toEqual([
      ['tcp 172.16.0.0/16 > 10.40.1.15/32 sport * dport 443'],
      ['tcp 172.16.0.0/16 > 10.40.2.15/32 sport * dport 443'],
      ['tcp 172.16.0.0/12 > 10.40.1.15/32 sport * dport 443'],
      ['tcp 172.16.0.0/12 > 10.40.2.15/32 sport * dport 443'],
    ]);
    expect(found[2]!.components[2]!.SecurityGroupRule).toMatchObject({
      Direction: 'ingress',
      Cidr: '172.16.0.0/12',
    });
  });

  it('nothing reaches the S3 gateway endpoint: on premises cannot use it (edge to edge), and no workload is in the VPC', () => {
    const sc = loadScenario(FILE);
    expect(sc.access(toEndpoint(sc, 's3-gateway'))).toEqual([]);
    // Nor do the Amazon-created scopes find anything: endpoint interfaces are not ENIs they ask about.
    for (const name of ['AWS-VPC-Ingress', 'AWS-VPC-Egress', 'All-IGW-Ingress', 'AWS-IGW-Egress'])
      expect(sc.access(name), name).toEqual([]);
  });

  it('with the endpoint group narrowed to 10.0.0.0/8 (row 3): on premises’ 172.16.0.0/16 no longer reaches the interface endpoint; 10.0.0.0/8 over the VPN does', () => {
    const sc = loadScenario(FILE);
    const groupId = sc.id('security-group', 's3-endpoint-sg');
    const rule = { ipProtocol: 'tcp', fromPort: 443, toPort: 443 };
    sc.run(
      revokeSecurityGroupIngress,
      { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '172.16.0.0/12' }] }] },
      STORAGE,
    );
    sc.run(
      authorizeSecurityGroupIngress,
      { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '10.0.0.0/8' }] }] },
      STORAGE,
    );
    const found = sc.access(toEndpoint(sc, 's3-interface'));
    // The VPN does not filter what enters by source (its routes govern what leaves, D150): the
    // group now admits any 10.0.0.0/8 source that comes in over it, and no address of the site.
    expect(found.map((f) => sc.hops(f.components))).toEqual([
      fromVgw('endpoints-a'),
      fromVgw('endpoints-b'),
    ]);
    expect(found.map(boxes)).toEqual([
      ['tcp 10.0.0.0/8 > 10.40.1.15/32 sport * dport 443'],
      ['tcp 10.0.0.0/8 > 10.40.2.15/32 sport * dport 443'],
    ]);
  });

  it('a workload in the VPC: it reaches on premises by the propagated route and S3 by the gateway endpoint, but not the interface endpoint', () => {
    const sc = loadScenario(FILE, withUploader);
    const uploader = sc.id('instance', 'uploader');
    const found = sc.access({ MatchPaths: [between([uploader])] });
    // Its default group admits its own members, so it reaches itself; the interface endpoint's
    // group admits on premises only.
    expect(ends(sc, found).sort()).toEqual([
      'network-interface uploader.eth0 → network-interface uploader.eth0',
      'network-interface uploader.eth0 → vpc-endpoint s3-gateway',
      'network-interface uploader.eth0 → vpn-gateway storage-vgw',
    ]);
    for (const f of found) expectReplays(sc, f);
    const at = (end: string) => found.find((f) => sc.ref({ Id: f.destination.id }) === end)!;
    const out = [
      'instance uploader',
      'network-interface uploader.eth0',
      'security-group default',
      'network-acl default',
      'route-table main',
    ];

    const vgw = at('vpn-gateway storage-vgw');
    expect(sc.hops(vgw.components)).toEqual([...out, 'vpn-gateway storage-vgw']);
    // Every protocol, to on premises' block as the VPN's static route gives it.
    expect(boxes(vgw)).toEqual(['all 10.40.1.50/32 > 172.16.0.0/16 sport * dport *']);
    expect(vgw.components[4]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '172.16.0.0/16',
      GatewayId: sc.id('vpn-gateway', 'storage-vgw'),
    });

    const s3 = at('vpc-endpoint s3-gateway');
    expect(sc.hops(s3.components)).toEqual([...out, 'vpc-endpoint s3-gateway']);
    // TCP and ICMP echo (request 8, reply 0; type×256+code), to the S3 prefix list only.
    const echo = [
      { from: 0, to: 255 },
      { from: 8 * 256, to: 8 * 256 + 255 },
    ];
    const expected = HeaderSpace.match({ protocols: [{ from: 6, to: 6 }] })
      .union(HeaderSpace.match({ protocols: [{ from: 1, to: 1 }], destinationPorts: echo }))
      .restrictAddress('source', [Cidr.parse('10.40.1.50/32')!])
      .restrictAddress('destination', S3_CIDRS);
    expect(s3.space.equals(expected), boxes(s3).join('\n')).toBe(true);

    // The Amazon-created egress scope says the same of the VPC's edges.
    expect(ends(sc, sc.access('AWS-VPC-Egress')).sort()).toEqual([
      'network-interface uploader.eth0 → vpc-endpoint s3-gateway',
      'network-interface uploader.eth0 → vpn-gateway storage-vgw',
    ]);
  });
});

/**
 * A security group rule that names a group admits traffic from the network interfaces associated
 * with that group (AWS: "traffic is allowed from the network interfaces that are associated with
 * the source security group"), not any packet carrying one of their addresses: what enters over
 * the VPN, even from uploader's own address, matches no group reference (D149).
 */
describe(`scenario: hybrid PrivateLink — on premises and the default group (${FILE})`, () => {
  it('AWS-VPC-Ingress with a workload in the default group: nothing enters (its group admits only its members)', () => {
    const sc = loadScenario(FILE, withUploader);
    expect(sc.access('AWS-VPC-Ingress')).toEqual([]);
  });
});
