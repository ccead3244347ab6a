import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { exportState } from '../support/state.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';

/** Pinned endpoint network interface addresses in topology files (`{ subnet, ipv4 }`, D83). */
const FILE = 'examples/gwlb-inspection.yaml';
const PINNED =
  '{ name: egress-gwlbe, service: inspection-service, subnets: [{ subnet: egress-gwlbe-a, ipv4: 10.0.5.9 }] }';

function load(text: string) {
  const parsed = parseTopology(FILE, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, result: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

const withEndpoint = (entry: string) =>
  readFileSync(FILE, 'utf8').replace(
    '{ name: egress-gwlbe, service: inspection-service, subnets: [egress-gwlbe-a] }',
    entry,
  );

describe('endpoint subnets in topology files', () => {
  it('puts a GWLB endpoint network interface at the pinned address; unpinned ones at the lowest free', () => {
    const { store, result } = load(withEndpoint(PINNED));
    if (!result.ok) throw new Error(formatProblem(result.error));
    const s = store.snapshot;
    const address = (name: string) => {
      const e = [...s.all('vpc-endpoint')].find((x) =>
        x.tags.some((t) => t.key === 'Name' && t.value === name),
      )!;
      return s.get('network-interface', e.networkInterfaceIds[0]!)?.privateIpAddress?.toString();
    };
    expect(address('egress-gwlbe')).toBe('10.0.5.9');
    expect(address('ingress-gwlbe')).toBe('10.0.0.4');
  });

  it.each([
    [
      '10.0.6.9',
      'InvalidParameterValue',
      "Address 10.0.6.9 does not fall within the subnet's address range",
    ],
    ['10.0.5.0', 'InvalidParameterValue', "Address 10.0.5.0 is in subnet's reserved address range"],
  ])('refuses %s with AWS’s error at the endpoint, loading nothing', (ip, code, message) => {
    const text = withEndpoint(PINNED.replace('10.0.5.9', ip));
    const { store, result } = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes(`ipv4: ${ip} `)) + 1;
    expect(result.error).toMatchObject({ code, message, line });
    expect(exportState(store)).toBe(exportState(new MemoryStore()));
  });

  it('refuses a pinned address that is not an IPv4 address', () => {
    const text = withEndpoint(PINNED.replace('10.0.5.9', '2001:db8::9'));
    const { result } = load(text);
    expect(result.ok ? '' : result.error.code).toBe('InvalidParameterValue');
  });
});
