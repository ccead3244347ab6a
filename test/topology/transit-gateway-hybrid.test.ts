import { describe, expect, it } from 'vitest';
import { tgwRoutes } from '../../src/model/transit-gateway.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

/**
 * VPN connections and a Direct Connect association naming a transit gateway (D73): their
 * attachments are named (the connection's name, or `attachmentName`) and route tables use them.
 */
const FILE = `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        transitGateways:
          - name: hub
            amazonSideAsn: 64600
            defaultRouteTableAssociation: false
            defaultRouteTablePropagation: false
            routeTables:
              - name: wan
                associations: [vpn-a, vpn-b-att, dx-att]
              - name: vpcs
                propagations: [vpn-a, dx-att]
                routes:
                  - { destination: 10.60.0.0/16, target: vpn-b-att }
        customerGateways:
          - { name: dc-router, ip: 203.0.113.10, bgpAsn: 65010 }
        vpnConnections:
          - { name: vpn-a, customerGateway: dc-router, transitGateway: hub }
          - { name: vpn-b, attachmentName: vpn-b-att, customerGateway: dc-router, transitGateway: hub, staticRoutesOnly: true }
        directConnectGateways:
          - name: corp-dx
            associations:
              - { transitGateway: hub, attachmentName: dx-att, allowedPrefixes: [10.0.0.0/8] }
        virtualInterfaces:
          - { name: colo-vif, type: transit, connection: dxcon-fgh0hcrk, vlan: 300, asn: 65020, directConnectGateway: corp-dx }
    onPremises:
      - { name: dc, cidrs: [192.168.0.0/16], customerGateways: [dc-router] }
      - { name: colo, cidrs: [172.20.0.0/16], virtualInterfaces: [colo-vif] }
`;

function load(text: string, file = 'tgw-hybrid.yaml') {
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const r = loadTopology(store, parsed.value.topology, parsed.value.source);
  return { store, r };
}

describe('transit gateway attachments of VPN connections and Direct Connect gateways in topology files', () => {
  it('loads them, names their attachments, and routes the tables through them', () => {
    const { store, r } = load(FILE);
    if (!r.ok) throw new Error(formatProblem(r.error));
    const s = store.snapshot;
    const att = (name: string) =>
      r.value.names.resolve('transit-gateway-attachment', name, {
        vpc: '',
        region: '',
      });
    const ids = Object.fromEntries(
      ['vpn-a', 'vpn-b-att', 'dx-att'].map((n) => {
        const found = att(n);
        if (!found.ok) throw new Error(found.message);
        return [n, found.id];
      }),
    );
    expect(s.get('transit-gateway-attachment', ids['vpn-a']!)?.resourceType).toBe('vpn');
    expect(s.get('transit-gateway-attachment', ids['dx-att']!)?.resourceType).toBe(
      'direct-connect-gateway',
    );
    const tables = [...s.all('transit-gateway-route-table')];
    const vpcs = tables.find((t) => t.tags.some((x) => x.value === 'vpcs'))!;
    expect(
      tgwRoutes(s, vpcs).map((x) => [x.destination.toString(), x.type, x.attachmentId]),
    ).toEqual([
      ['10.60.0.0/16', 'static', ids['vpn-b-att']],
      ['192.168.0.0/16', 'propagated', ids['vpn-a']],
      ['172.20.0.0/16', 'propagated', ids['dx-att']],
    ]);
  });

  it('exports them back: the gateway by name, attachment names where they are not the default', () => {
    const { store, r } = load(FILE);
    expect(r.ok).toBe(true);
    const yaml = topologyYaml(exportTopology(store.snapshot));
    expect(yaml).toContain('attachmentName: vpn-b-att');
    expect(yaml).toContain('attachmentName: dx-att');
    expect(yaml).toContain('transitGateway: hub');
    const again = load(yaml, 'exported.yaml');
    if (!again.r.ok) throw new Error(formatProblem(again.r.error));
    expect(topologyYaml(exportTopology(again.store.snapshot))).toBe(yaml);
  });

  it('reports a VPN naming a transit gateway the file does not have, at its line', () => {
    const { r } = load(
      FILE.replace(
        'transitGateway: hub, staticRoutesOnly',
        'transitGateway: nowhere, staticRoutesOnly',
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatProblem(r.error)).toMatch(
      /tgw-hybrid\.yaml:\d+:\d+.*no transit gateway named 'nowhere'/,
    );
  });
});
