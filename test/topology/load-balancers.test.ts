import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeValue } from '../../src/model/load-balancer.js';
import { MemoryStore } from '../../src/store/memory.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';

const FILE = 'examples/gwlb-inspection.yaml';

function load(text: string) {
  const parsed = parseTopology(FILE, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, result: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

describe('load balancing in topology files', () => {
  it('loads load balancers, targets by name, listeners, services and GWLB endpoint routes', () => {
    const { store, result } = load(readFileSync(FILE, 'utf8'));
    if (!result.ok) throw new Error(formatProblem(result.error));
    const s = store.snapshot;
    const gwlb = [...s.all('load-balancer')].find((l) => l.loadBalancerName === 'inspection')!;
    expect(gwlb.type).toBe('gateway');
    expect(gwlb.availabilityZones.map((z) => z.zoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    const instanceId = (name: string) =>
      [...s.all('instance')].find((i) => i.tags.some((t) => t.key === 'Name' && t.value === name))!
        .id;
    const appliances = [...s.all('target-group')].find((t) => t.targetGroupName === 'appliances')!;
    expect(appliances.targets).toEqual([
      { id: instanceId('fw-a'), port: 6081 },
      { id: instanceId('fw-b'), port: 6081 },
    ]);
    const onprem = [...s.all('target-group')].find((t) => t.targetGroupName === 'db-onprem')!;
    expect(onprem.targets).toEqual([{ id: '192.168.50.10', port: 5432, availabilityZone: 'all' }]);
    const nlb = [...s.all('load-balancer')].find((l) => l.loadBalancerName === 'db')!;
    expect(
      nlb.availabilityZones.map((z) => z.loadBalancerAddresses[0]!.privateIPv4Address.toString()),
    ).toEqual(['10.0.3.100', '10.0.4.100']);
    expect(attributeValue(nlb, 'load_balancing.cross_zone.enabled')).toBe('false');
    const service = [...s.all('vpc-endpoint-service')][0]!;
    const endpoints = [...s.all('vpc-endpoint')];
    expect(endpoints.map((e) => [e.vpcEndpointType, e.serviceName, e.state])).toEqual([
      ['GatewayLoadBalancer', service.serviceName, 'available'],
      ['GatewayLoadBalancer', service.serviceName, 'available'],
    ]);
    const edge = [...s.all('route-table')].find((t) => t.associations.some((a) => a.gatewayId))!;
    expect(edge.routes.find((r) => r.vpcEndpointId)?.vpcEndpointId).toBe(endpoints[0]!.id);
  });

  it('reports an ELBv2 error at the line of the listener', () => {
    const text = readFileSync(FILE, 'utf8').replace(
      '{ loadBalancer: db, protocol: TCP, port: 5432, targetGroup: db-instances }',
      '{ loadBalancer: db, protocol: UDP, port: 5432, targetGroup: db-instances }',
    );
    const { store, result } = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('protocol: UDP')) + 1;
    expect(result.error).toMatchObject({ code: 'IncompatibleProtocols', line });
    // The whole file rolled back.
    expect(store.snapshot.count('load-balancer')).toBe(0);
  });

  it('refuses a target name that is not an instance of the file', () => {
    const text = readFileSync(FILE, 'utf8').replace(
      'targets: [fw-a, fw-b]',
      'targets: [fw-a, fw-c]',
    );
    const { result } = load(text);
    expect(result.ok ? '' : result.error.message).toBe("no instance named 'fw-c'");
  });
});
