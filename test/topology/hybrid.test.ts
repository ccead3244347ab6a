import { describe, expect, it } from 'vitest';
import { tableRoutes } from '../../src/model/vgw-route-propagation.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

/** Every hybrid section: BGP and static VPNs, a tunnel down, Direct Connect, an edge table. */
const FILE = `version: 1
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
                  - { destination: 192.168.0.0/16, target: vgw:core-vgw }
              - name: ingress
                gateways: [core-vgw]
        customerGateways:
          - { name: hq-router, ip: 203.0.113.20, bgpAsn: 65010 }
          - { name: branch-router, ip: 198.51.100.9 }
        vpnGateways:
          - { name: core-vgw, vpc: core, amazonSideAsn: 64600, routePropagation: [app] }
        directConnectGateways:
          - name: corp-dx
            associations:
              - { vpnGateway: core-vgw }
        virtualInterfaces:
          - { name: dc-vif, type: private, connection: dxcon-fgh0hcrk, vlan: 101, asn: 65020, directConnectGateway: corp-dx }
        vpnConnections:
          - { name: hq-vpn, customerGateway: hq-router, vpnGateway: core-vgw }
          - name: branch-vpn
            customerGateway: branch-router
            vpnGateway: core-vgw
            staticRoutesOnly: true
            staticRoutes: [10.99.0.0/16]
            tunnels: [{ insideCidr: 169.254.44.0/30 }, { status: DOWN }]
    onPremises:
      - { name: hq, cidrs: [172.16.0.0/16], hosts: { nas: 172.16.5.20 }, advertise: [172.16.0.0/12], customerGateways: [hq-router] }
      - { name: branch, cidrs: [10.99.0.0/16], customerGateways: [branch-router] }
      - { name: dc, cidrs: [10.200.0.0/16], virtualInterfaces: [dc-vif] }
`;

function load(text: string, file = 'hybrid.yaml') {
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const r = loadTopology(store, parsed.value.topology, parsed.value.source);
  return { store, r };
}

describe('hybrid sections of a topology file', () => {
  it('loads every section through the operations', () => {
    const { store, r } = load(FILE);
    if (!r.ok) throw new Error(formatProblem(r.error));
    const s = store.snapshot;
    const vgw = [...s.all('vpn-gateway')][0]!;
    expect(vgw.amazonSideAsn).toBe(64600);
    const app = [...s.all('route-table')].find((t) => t.tags.some((x) => x.value === 'app'))!;
    const routes = tableRoutes(s, app).map(
      (x) =>
        `${String(x.destinationCidrBlock)} ${x.gatewayId === vgw.id ? 'vgw' : x.gatewayId} ${x.origin}`,
    );
    // Direct Connect first, then the static VPN, then BGP; the static route to the VGW stays.
    expect(routes).toEqual([
      '10.0.0.0/16 local CreateRouteTable',
      '192.168.0.0/16 vgw CreateRoute',
      '10.200.0.0/16 vgw EnableVgwRoutePropagation',
      '10.99.0.0/16 vgw EnableVgwRoutePropagation',
      '172.16.0.0/12 vgw EnableVgwRoutePropagation',
    ]);
    const ingress = s.find('routeTableByGateway', vgw.id)[0];
    expect(ingress?.tags).toContainEqual({ key: 'Name', value: 'ingress' });
    const branch = [...s.all('vpn-connection')].find((c) => c.staticRoutesOnly)!;
    expect(branch.tunnels.map((t) => `${t.tunnelInsideCidr.toString()} ${t.status}`)[0]).toBe(
      '169.254.44.0/30 UP',
    );
    expect(branch.tunnels[1].status).toBe('DOWN');
    expect([...s.all('on-premises-site')].map((o) => o.siteName)).toEqual(['hq', 'branch', 'dc']);
  });

  it('exports, reloads and exports again to the same topology', () => {
    const first = load(FILE).store;
    const yaml = topologyYaml(exportTopology(first.snapshot));
    const second = load(yaml, 'exported.yaml');
    if (!second.r.ok) throw new Error(formatProblem(second.r.error));
    expect(topologyYaml(exportTopology(second.store.snapshot))).toBe(yaml);
    expect(yaml).toContain('target: vgw:core-vgw');
    expect(yaml).toContain('routePropagation:');
  });

  it('reports an AWS error at its line and rolls the whole file back', () => {
    const bad = FILE.replace('amazonSideAsn: 64600', 'amazonSideAsn: 7224');
    const { store, r } = load(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidParameterValue');
    expect(r.error.line).toBe(bad.split('\n').findIndex((l) => l.includes('7224')) + 1);
    expect(store.snapshot.count('vpc')).toBe(0);
    const unknown = load(
      FILE.replace('customerGateways: [hq-router] }', 'customerGateways: [nowhere] }'),
    );
    expect(unknown.r.ok || unknown.r.error.message).toBe("no customer gateway named 'nowhere'");
  });
});
