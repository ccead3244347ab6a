import { describe, expect, it } from 'vitest';
import { Cidr, HeaderSpace, Ip } from '../net/index.js';
import { cubeText, headerText, spaceLines } from './header-text.js';

const cidrs = (...s: string[]) => s.map((c) => Cidr.parse(c)!);

describe('header spaces as text', () => {
  it('shows TCP with ports, and a long address list as its complement', () => {
    const space = HeaderSpace.match({
      protocols: [{ from: 6, to: 6 }],
      sources: cidrs('10.0.1.10/32'),
      destinations: cidrs('0.0.0.0/0'),
      destinationPorts: [
        { from: 22, to: 22 },
        { from: 1024, to: 2047 },
      ],
    }).difference(HeaderSpace.match({ destinations: cidrs('10.0.0.0/8', '192.168.0.0/16') }));
    expect(spaceLines(space)).toEqual([
      'tcp 10.0.1.10/32 -> any except 10.0.0.0/8,192.168.0.0/16 sport any dport 22,1024-2047',
    ]);
  });

  it('shows ICMP type/codes, every protocol as all, and other protocols by number', () => {
    const icmp = HeaderSpace.match({
      protocols: [{ from: 1, to: 1 }],
      sources: cidrs('0.0.0.0/0'),
      destinationPorts: [{ from: 8 * 256, to: 8 * 256 + 255 }],
    });
    expect(spaceLines(icmp)).toEqual(['icmp 0.0.0.0/0 -> 0.0.0.0/0 type/code 8/any']);
    const all = HeaderSpace.match({ destinations: cidrs('2600::/64') });
    expect(all.cubes().map(cubeText)).toEqual(['all ::/0 -> 2600::/64']);
    const gre = HeaderSpace.match({
      protocols: [{ from: 47, to: 47 }],
      sources: cidrs('0.0.0.0/0'),
    });
    expect(spaceLines(gre)[0]).toBe('47 0.0.0.0/0 -> 0.0.0.0/0');
  });

  it('limits the lines and counts the rest', () => {
    const many = HeaderSpace.match({
      protocols: [{ from: 6, to: 6 }],
      sources: cidrs('3.0.0.0/8'),
      destinationPorts: [{ from: 1, to: 1 }],
    })
      .union(HeaderSpace.match({ protocols: [{ from: 17, to: 17 }], sources: cidrs('1.0.0.0/8') }))
      .union(HeaderSpace.match({ protocols: [{ from: 1, to: 1 }], sources: cidrs('2.0.0.0/8') }));
    const lines = spaceLines(many, 2);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('… and 1 more header boxes');
  });

  it('shows one header with its ports, ICMP type and code, or neither', () => {
    const src = Ip.parse('10.0.0.1')!;
    const dst = Ip.parse('2600::1')!;
    expect(
      headerText({ src, dst: Ip.parse('10.0.0.2')!, protocol: 6, srcPort: 0, dstPort: 22 }),
    ).toBe('tcp 10.0.0.1:0 -> 10.0.0.2:22');
    expect(
      headerText({ src: Ip.parse('2600::2')!, dst, protocol: 17, srcPort: 5, dstPort: 53 }),
    ).toBe('udp [2600::2]:5 -> [2600::1]:53');
    expect(
      headerText({ src, dst: Ip.parse('10.0.0.2')!, protocol: 1, icmpType: 8, icmpCode: 0 }),
    ).toBe('icmp 10.0.0.1 -> 10.0.0.2 type 8 code 0');
    expect(headerText({ src, dst: Ip.parse('10.0.0.2')!, protocol: 47 })).toBe(
      'protocol 47 10.0.0.1 -> 10.0.0.2',
    );
  });
});
