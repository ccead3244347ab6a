import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';

/** A dualstack NLB with an IPv6 target group in a topology file, loaded and written back (D87). */

const FILE = `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: app
            cidr: 10.30.0.0/16
            ipv6: 2600:1f18:47b:ca00::/56
            subnets:
              - { name: a, cidr: 10.30.0.0/24, ipv6Cidr: 2600:1f18:47b:ca00::/64, az: us-east-1a }
            loadBalancers:
              - { name: dual, type: network, scheme: internal, ipAddressType: dualstack, subnets: [a] }
            targetGroups:
              - name: v6
                protocol: TCP
                port: 443
                targetType: ip
                ipAddressType: ipv6
                targets: ['2600:1f18:47b:ca00::20']
            listeners:
              - { loadBalancer: dual, protocol: TCP, port: 443, targetGroup: v6 }
`;

function load(text: string) {
  const parsed = parseTopology('dual.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, result: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

describe('dualstack load balancers in topology files', () => {
  it('load with IPv6 node addresses and IPv6 targets, and export the address types again', () => {
    const { store, result } = load(FILE);
    if (!result.ok) throw new Error(formatProblem(result.error));
    const lb = [...store.snapshot.all('load-balancer')][0]!;
    expect(lb.ipAddressType).toBe('dualstack');
    expect(lb.availabilityZones[0]!.loadBalancerAddresses[0]!.iPv6Address?.toString()).toMatch(
      /^2600:1f18:47b:ca00::/,
    );
    const tg = [...store.snapshot.all('target-group')][0]!;
    expect([tg.ipAddressType, tg.targets]).toEqual([
      'ipv6',
      [{ id: '2600:1f18:47b:ca00::20', port: 443, availabilityZone: 'us-east-1a' }],
    ]);
    const out = stringify(exportTopology(store.snapshot));
    expect(out).toContain('ipAddressType: dualstack');
    expect(out).toContain('ipAddressType: ipv6');
    const again = load(out);
    if (!again.result.ok) throw new Error(formatProblem(again.result.error));
    expect([...again.store.snapshot.all('target-group')][0]!.ipAddressType).toBe('ipv6');
  });

  it('refuses an IPv6 group behind an IPv4 load balancer at the listener’s line', () => {
    const text = FILE.replace('ipAddressType: dualstack, ', '');
    const { store, result } = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('- { loadBalancer: dual')) + 1;
    expect(result.error).toMatchObject({ code: 'InvalidConfigurationRequest', line });
    expect(store.snapshot.count('load-balancer')).toBe(0);
  });
});
