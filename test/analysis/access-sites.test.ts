import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzeAccess,
  type AccessFinding,
  type AccessScope,
} from '../../src/analysis/access/index.js';
import {
  nodeArn,
  type Dataplane,
  type Packet,
  type SiteNode,
  type Walk,
} from '../../src/dataplane/index.js';
import {
  componentIds,
  dataplaneOf,
  delivered,
  hopIds,
  probeDestinations,
  probePackets,
  showFinding,
  showPacket,
  showWalk,
  traceOne,
  type ProbeSource,
} from '../support/access-brute.js';

/**
 * On-premises sites as sources (D147): the symbolic walk up a site's uplinks — the longest AWS
 * prefix among the uplinks that are up, VPN ECMP to a transit gateway, Direct Connect gateways'
 * allowed prefixes — equals the tracer's, packet by packet, on the reference networks with sites.
 */

/**
 * Direct Connect beside the examples' VPNs: a data centre on a private virtual interface and a
 * BGP VPN to one VGW (equal prefixes: Direct Connect first), and a colo on a transit virtual
 * interface whose gateway association allows only the spoke's block.
 */
const DIRECT_CONNECT = `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: core
            cidr: 10.0.0.0/16
            subnets:
              - { name: core-app, cidr: 10.0.1.0/24 }
            routeTables:
              - name: core-app
                subnets: [core-app]
                routes:
                  - { destination: 10.200.0.0/16, target: vgw:core-vgw }
            securityGroups:
              - name: core-app
                description: HTTPS from the data centre
                ingress:
                  - { protocol: tcp, ports: '443', cidr: 10.200.0.0/16 }
            instances:
              - { name: core-app, subnet: core-app, privateIp: 10.0.1.10, securityGroups: [core-app] }
          - name: spoke
            cidr: 10.1.0.0/16
            subnets:
              - { name: spoke-app, cidr: 10.1.1.0/24 }
            routeTables:
              - name: spoke-app
                subnets: [spoke-app]
                routes:
                  - { destination: 172.20.0.0/16, target: tgw:hub }
            securityGroups:
              - name: spoke-app
                description: SSH and HTTPS from the colo
                ingress:
                  - { protocol: tcp, ports: '22', cidr: 172.20.0.0/16 }
                  - { protocol: tcp, ports: '443', cidr: 172.20.0.0/16 }
            instances:
              - { name: spoke-app, subnet: spoke-app, privateIp: 10.1.1.10, securityGroups: [spoke-app] }
        transitGateways:
          - name: hub
            amazonSideAsn: 64601
            vpcAttachments:
              - { name: spoke-att, vpc: spoke, subnets: [spoke-app] }
        customerGateways:
          - { name: dc-router, ip: 203.0.113.20, bgpAsn: 65010 }
        vpnGateways:
          - { name: core-vgw, vpc: core, amazonSideAsn: 64600 }
        vpnConnections:
          - { name: dc-vpn, customerGateway: dc-router, vpnGateway: core-vgw }
        directConnectGateways:
          - name: corp-dx
            associations:
              - { vpnGateway: core-vgw }
          - name: transit-dx
            associations:
              - { transitGateway: hub, attachmentName: dx-att, allowedPrefixes: [10.1.0.0/16] }
        virtualInterfaces:
          - { name: dc-vif, type: private, connection: dxcon-fgh0hcrk, vlan: 101, asn: 65020, directConnectGateway: corp-dx }
          - { name: colo-vif, type: transit, connection: dxcon-fgh0hcrk, vlan: 300, asn: 65021, directConnectGateway: transit-dx }
    onPremises:
      - { name: dc, cidrs: [10.200.0.0/16], hosts: { db: 10.200.5.20 }, virtualInterfaces: [dc-vif], customerGateways: [dc-router] }
      - { name: colo, cidrs: [172.20.0.0/16], virtualInterfaces: [colo-vif] }
`;

const NETWORKS: readonly [string, string][] = [
  ...['examples/hub-and-spoke.yaml', 'examples/hybrid-privatelink.yaml'].map(
    (f): [string, string] => [f, readFileSync(f, 'utf8')],
  ),
  ['Direct Connect', DIRECT_CONNECT],
];

const SITES: AccessScope = {
  matchPaths: [{ source: { resourceStatement: { resourceTypes: ['VPCTWIN::OnPremises::Site'] } } }],
  excludePaths: [],
};

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a finding goes up one of several equal VPNs to a transit gateway (flow hash picks one). */
const ecmp = (dp: Dataplane, site: SiteNode, f: AccessFinding): boolean =>
  site.uplinks.filter((u) => u.via.kind === 'vpn' && u.via.vpn.transitGatewayId !== undefined)
    .length > 1 && componentIds(f).some((id) => dp.hybrid.vpnConnections.has(id));

function findings(dp: Dataplane, scope: AccessScope): readonly AccessFinding[] {
  const r = analyzeAccess(dp, scope);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.findings;
}

/** A site as a probe source: its named hosts and the first address of each block. */
function siteSource(dp: Dataplane, site: SiteNode): ProbeSource {
  return {
    node: site,
    start: { kind: 'on-premises', site },
    addresses: [...site.hosts.values(), ...site.cidrs.map((c) => c.nth(1n))],
    destinations: probeDestinations(dp),
  };
}

const LINKS = new Set(['vpn-connection', 'virtual-interface']);

/**
 * The components the finding of a traced packet has, or undefined when the packet reaches
 * nothing: the path up to where it leaves AWS toward on premises (a VGW or a transit gateway
 * attachment followed by a VPN or virtual interface, where NAA ends paths) even if it is dropped
 * beyond, else the whole path when the tracer delivers it.
 */
function reachIds(w: Walk): string[] | undefined {
  const ids = hopIds(w);
  for (let i = 1; i + 1 < w.hops.length; i++) {
    const kind = w.hops[i]!.node.kind;
    const out = kind === 'vpn-gateway' || kind === 'transit-gateway-attachment';
    if (out && LINKS.has(w.hops[i + 1]!.node.kind)) return ids.slice(0, i + 1);
  }
  return delivered(w) ? ids : undefined;
}

/** Where brute force and the findings disagree (the first few). */
function disagreements(dp: Dataplane, found: readonly AccessFinding[]): string[] {
  const out: string[] = [];
  for (const site of dp.hybrid.sites.values()) {
    const s = siteSource(dp, site);
    const mine = found.filter((f) => f.source === site);
    const check = (p: Packet, what: string) => {
      const w = traceOne(dp, s, p);
      const want = reachIds(w);
      const hits = mine.filter((f) => f.space.has(p));
      const mineToo = want !== undefined && hits.some((f) => same(componentIds(f), want));
      const alike = hits.every((f) => ecmp(dp, site, f));
      const fine = want ? mineToo && (hits.length === 1 || alike) : alike;
      if (fine) return;
      out.push(
        [
          `${what} from ${site.name ?? site.id}: ${showPacket(p)}`,
          `  tracer: ${showWalk(w)}`,
          ...hits.map((f) => `  finding: ${showFinding(f)}`),
        ].join('\n'),
      );
    };
    for (const a of s.addresses)
      for (const p of probePackets(a, s.destinations)) {
        check(p, 'packet');
        if (out.length >= 3) return out;
      }
    for (const f of mine) {
      const want = reachIds(traceOne(dp, s, f.witness));
      if (ecmp(dp, site, f) || (want && same(componentIds(f), want))) continue;
      const w = traceOne(dp, s, f.witness);
      out.push(`witness of ${showFinding(f)}\n  tracer: ${showWalk(w)}`);
    }
  }
  return out;
}

describe('access analysis from on-premises sites', () => {
  for (const [file, text] of NETWORKS) {
    const dp = dataplaneOf(text);

    it(`${file}: every packet from a site is in the finding of the path the tracer takes, and in no other`, () => {
      const found = findings(dp, SITES);
      expect(found.length).toBeGreaterThan(0);
      expect(disagreements(dp, found)).toEqual([]);
    });

    it(`${file}: a site named by id, by ARN or by type starts the same paths`, () => {
      const key = (fs: readonly AccessFinding[]) => fs.map((f) => f.findingId);
      const site = [...dp.hybrid.sites.values()][0]!;
      const byType = key(findings(dp, SITES).filter((f) => f.source === site));
      for (const name of [site.id, nodeArn(site)]) {
        const scope: AccessScope = {
          matchPaths: [{ source: { resourceStatement: { resources: [name] } } }],
          excludePaths: [],
        };
        expect(key(findings(dp, scope))).toEqual(byType);
      }
    });
  }
});

describe('paths from on premises over Direct Connect', () => {
  const dp = dataplaneOf(DIRECT_CONNECT);
  const named = (f: AccessFinding) => f.components.map((c) => c.Component.Name ?? c.Component.Id);
  const found = findings(dp, SITES);
  const into = (site: string, instance: string) =>
    found.filter((f) => f.source.name === site && named(f).at(-1) === instance);

  it('the data centre reaches core-app over its private virtual interface, not its VPN (equal prefixes)', () => {
    const paths = into('dc', 'core-app').map(named);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.slice(0, 3)).toEqual(['dc', 'dc-vif', 'core-vgw']);
    for (const f of into('dc', 'core-app'))
      for (const c of f.space.cubes()) expect(c.destinationPorts).toEqual([{ from: 443, to: 443 }]);
  });

  it('the colo reaches spoke-app through the transit virtual interface and its gateway attachment, on SSH and HTTPS (one finding per rule)', () => {
    const reach = into('colo', 'spoke-app');
    for (const f of reach) {
      expect(named(f).slice(0, 3)).toEqual(['colo', 'colo-vif', 'dx-att']);
      expect(named(f)).toContain('spoke-att');
    }
    const ports = reach.flatMap((f) => f.space.cubes().map((c) => c.destinationPorts));
    expect(ports).toEqual([[{ from: 22, to: 22 }], [{ from: 443, to: 443 }]]);
  });

  it('a path ends at the first component of the destination type: the VGW the data centre enters by', () => {
    const r = findings(dp, {
      matchPaths: [
        {
          source: { resourceStatement: { resourceTypes: ['VPCTWIN::OnPremises::Site'] } },
          destination: { resourceStatement: { resourceTypes: ['AWS::EC2::VPNGateway'] } },
        },
      ],
      excludePaths: [],
    });
    expect(r.map(named)).toEqual([['dc', 'dc-vif', 'core-vgw']]);
  });
});
