import { describe, expect, it } from 'vitest';
import { ALL, ip, net } from '../../../test/dataplane/net.js';
import { formatHeader, formatTrace } from './format.js';
import { trace } from './trace.js';

function small() {
  const n = net();
  const vpc = n.vpc('10.0.0.0/16', 'main');
  const a = n.subnet(vpc, '10.0.1.0/24', 'use1-az1', 'a');
  const b = n.subnet(vpc, '10.0.2.0/24', 'use1-az2', 'b');
  const sg = n.sg(vpc, 'web', [
    { ipProtocol: 'tcp', fromPort: 443, toPort: 443, ipRanges: [{ cidrIp: '10.0.0.0/16' }] },
  ]);
  const x = n.instance(a, '10.0.1.10', [sg.id], 'x');
  const y = n.instance(b, '10.0.2.10', [sg.id], 'y');
  return { n, vpc, sg, x, y };
}

describe('trace requests', () => {
  it('fail as an analysis (Status failed) when they cannot be resolved', () => {
    const t = small();
    const dp = t.n.dp();
    const failed = (req: Parameters<typeof trace>[1]) => trace(dp, req).StatusMessage;
    expect(
      failed({
        source: 'i-00000000000000000',
        destination: t.y.instance.id,
        protocol: 'tcp',
        destinationPort: 1,
      }),
    ).toMatch(/does not exist/);
    expect(
      failed({ source: t.x.instance.id, destination: t.y.instance.id, protocol: 'tcp' }),
    ).toMatch(/destination port/);
    expect(failed({ source: t.x.instance.id, protocol: 'tcp', destinationPort: 1 })).toMatch(
      /destination/,
    );
    expect(
      failed({
        source: t.x.instance.id,
        destinationIp: ip('2001:db8::1'),
        protocol: 'tcp',
        destinationPort: 1,
      }),
    ).toMatch(/IPv6/);
    expect(
      failed({
        source: 'sg-00000000000000000',
        destination: t.y.instance.id,
        protocol: 'tcp',
        destinationPort: 1,
      }),
    ).toMatch(/not a supported source/);
    expect(
      trace(dp, { source: t.x.instance.id, destination: t.y.instance.id, protocol: 'tcp' }).Status,
    ).toBe('failed');
  });

  it('default the addresses to the primary private IPs and the client port to 49152', () => {
    const t = small();
    const r = t.n.trace({
      source: t.x.instance.id,
      destination: t.y.instance.id,
      protocol: 'tcp',
      destinationPort: 443,
    });
    expect(formatHeader(r.ForwardPathComponents![0]!.OutboundHeader!)).toBe(
      '10.0.1.10:49152 → 10.0.2.10:443 tcp',
    );
  });

  it('trace other IP protocols without ports', () => {
    const t = small();
    const open = t.n.sg(t.vpc, 'all', [ALL]);
    const z = t.n.instance(t.n.h.s.get('subnet', t.y.eni.subnetId)!, '10.0.2.20', [open.id], 'z');
    const r = t.n.trace({ source: t.x.instance.id, destination: z.instance.id, protocol: 50 });
    expect(r.NetworkPathFound).toBe(true);
    expect(r.ForwardPathComponents![0]!.OutboundHeader).toEqual({
      SourceAddresses: ['10.0.1.10/32'],
      DestinationAddresses: ['10.0.2.20/32'],
      Protocol: '50',
    });
  });
});

describe('formatTrace', () => {
  it('prints one line per hop with the rule used, then the explanation', () => {
    const t = small();
    const ok = formatTrace(
      t.n.trace({
        source: t.x.instance.id,
        destination: t.y.instance.id,
        protocol: 'tcp',
        destinationPort: 443,
      }),
    );
    const lines = ok.split('\n');
    expect(lines[0]).toBe('reachable: yes');
    expect(lines[1]).toBe('forward path:');
    expect(lines[2]).toMatch(
      /^ {2}1 {2}instance +i-[0-9a-f]{17} \(x\) {2}10\.0\.1\.10:49152 → 10\.0\.2\.10:443 tcp$/,
    );
    expect(ok).toMatch(
      /security-group +sg-[0-9a-f]{17} \(web\) {2}egress allow all to 0\.0\.0\.0\/0/,
    );
    expect(ok).toMatch(/network-acl +acl-[0-9a-f]{17} {2}egress rule 100 allow all 0\.0\.0\.0\/0/);
    expect(ok).toMatch(
      /route-table +rtb-[0-9a-f]{17} {2}route 10\.0\.0\.0\/16 → local \(active, CreateRouteTable\)/,
    );
    expect(ok).toMatch(
      /security-group +sg-[0-9a-f]{17} \(web\) {2}ingress allow tcp 443 from 10\.0\.0\.0\/16/,
    );
    expect(ok).toContain('return path:');

    const blocked = formatTrace(
      t.n.trace({
        source: t.x.instance.id,
        destination: t.y.instance.id,
        protocol: 'tcp',
        destinationPort: 22,
      }),
    );
    expect(blocked.split('\n')[0]).toBe('reachable: no');
    expect(blocked.split('\n').at(-1)).toMatch(
      /^blocked: ENI_SG_RULES_MISMATCH \(ingress, destination-port\); at network-interface eni-[0-9a-f]{17}; security groups sg-[0-9a-f]{17} \(web\)$/,
    );
    expect(formatTrace({ Status: 'failed', StatusMessage: 'nope' })).toBe('analysis failed: nope');
  });
});
