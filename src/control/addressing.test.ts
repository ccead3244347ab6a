import { describe, expect, it } from 'vitest';
import { Cidr, Ip } from '../net/index.js';
import { publicIpv4Pool } from '../model/aws-services.js';
import type { RegionName } from '../model/ids.js';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import {
  checkRequestedAddress,
  isPublicIpv4,
  isReservedAddress,
  macAddress,
  nextIpv6,
  nextPrivateIpv4,
  nextPublicIpv4,
  privateAddressKey,
} from './addressing.js';
import { allocateAddress } from './elastic-ip.js';
import { createNetworkInterface } from './network-interface.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

const ip = (text: string) => Ip.parse(text)!;
const cidr = (text: string) => Cidr.parse(text)!;

describe('reserved addresses', () => {
  it('reserves the first four and the last address of a block', () => {
    const block = cidr('10.0.0.0/24');
    for (const x of ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.255']) {
      expect(isReservedAddress(block, ip(x))).toBe(true);
    }
    for (const x of ['10.0.0.4', '10.0.0.254']) expect(isReservedAddress(block, ip(x))).toBe(false);
    const v6 = cidr('2600:1f18:0:1::/64');
    expect(isReservedAddress(v6, ip('2600:1f18:0:1::3'))).toBe(true);
    expect(isReservedAddress(v6, ip('2600:1f18:0:1:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(isReservedAddress(v6, ip('2600:1f18:0:1::4'))).toBe(false);
  });
});

describe('nextPrivateIpv4', () => {
  it('starts after the reserved four and skips addresses ENIs hold', () => {
    const { h, subnet } = dualStackWorld();
    expect(nextPrivateIpv4(h.s, subnet)?.toString()).toBe('10.0.0.4');
    h.run(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.4' });
    h.run(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.6' });
    expect(nextPrivateIpv4(h.s, subnet)?.toString()).toBe('10.0.0.5');
    const claimed = new Set([privateAddressKey(subnet.vpcId, ip('10.0.0.5'))]);
    expect(nextPrivateIpv4(h.s, subnet, claimed)?.toString()).toBe('10.0.0.7');
  });

  it('hands out every usable address once, never the broadcast, then nothing', () => {
    const { h, small } = dualStackWorld();
    const got: string[] = [];
    for (let i = 0; i < 11; i++) {
      got.push(h.run(createNetworkInterface, { subnetId: small.id }).privateIpAddress!.toString());
    }
    expect(got).toEqual(Array.from({ length: 11 }, (_, i) => `10.0.1.${i + 4}`));
    expect(nextPrivateIpv4(h.s, small)).toBeUndefined();
  });

  it('returns nothing for an IPv6-only subnet', () => {
    const { h, vpc } = dualStackWorld();
    const v6 = [...vpc.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.subnets(64)][5]!;
    const native = h.run(createSubnet, {
      vpcId: vpc.id,
      ipv6Native: true,
      ipv6CidrBlock: v6.toString(),
    });
    expect(nextPrivateIpv4(h.s, native)).toBeUndefined();
  });
});

describe('nextIpv6', () => {
  it('takes the lowest free address after the reserved four of the /64', () => {
    const { h, subnet, small } = dualStackWorld();
    const block = subnet.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock;
    expect(nextIpv6(h.s, subnet)?.equals(block.nth(4n))).toBe(true);
    h.run(createNetworkInterface, { subnetId: subnet.id, ipv6AddressCount: 2 });
    expect(nextIpv6(h.s, subnet)?.equals(block.nth(6n))).toBe(true);
    expect(nextIpv6(h.s, small)).toBeUndefined();
  });
});

describe('nextPublicIpv4', () => {
  it('probes the Region pool from the seed, skipping EIPs, ENI associations and claims', () => {
    const { h } = dualStackWorld();
    const region = 'us-east-1' as RegionName;
    const pool = publicIpv4Pool(region);
    const first = nextPublicIpv4(h.s, region, 'seed-a')!;
    expect(pool.contains(first)).toBe(true);
    expect(first.equals(pool.first) || first.equals(pool.last)).toBe(false);
    expect(nextPublicIpv4(h.s, region, 'seed-a')?.equals(first)).toBe(true);
    expect(nextPublicIpv4(h.s, region, 'seed-b')?.equals(first)).toBe(false);
    h.run(allocateAddress, { address: first.toString() });
    const next = nextPublicIpv4(h.s, region, 'seed-a')!;
    expect(next.equals(first.add(1n)!)).toBe(true);
    const claimed = new Set([next.toString()]);
    expect(nextPublicIpv4(h.s, region, 'seed-a', claimed)?.equals(first.add(2n)!)).toBe(true);
  });

  it('gives distinct addresses to many allocations', () => {
    const { h } = dualStackWorld();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(h.run(allocateAddress, {}).publicIp.toString());
    expect(seen.size).toBe(200);
  });

  it('uses each Region its own pool', () => {
    const { h } = dualStackWorld();
    const west = nextPublicIpv4(h.s, 'us-west-2' as RegionName, 'x')!;
    expect(publicIpv4Pool('us-west-2' as RegionName).contains(west)).toBe(true);
    expect(publicIpv4Pool('us-east-1' as RegionName).contains(west)).toBe(false);
  });
});

describe('isPublicIpv4', () => {
  it.each([
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    // Documentation and benchmarking blocks count as public: examples use them as internet hosts.
    ['198.18.0.1', true],
    ['203.0.113.9', true],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['0.1.2.3', false],
    ['3.208.0.1', true],
    ['52.1.2.3', true],
    ['8.8.8.8', true],
  ])('%s → %s', (text, expected) => {
    expect(isPublicIpv4(ip(text))).toBe(expected);
  });

  it('is false for IPv6', () => {
    expect(isPublicIpv4(ip('2600::1'))).toBe(false);
  });
});

describe('checkRequestedAddress', () => {
  it('gives AWS errors for outside, reserved and taken addresses', () => {
    const { h, subnet } = dualStackWorld();
    expect(checkRequestedAddress(h.s, subnet, ip('10.0.0.1'))).toMatchObject({
      code: 'InvalidParameterValue',
      message: "Address 10.0.0.1 is in subnet's reserved address range",
    });
    expect(checkRequestedAddress(h.s, subnet, ip('10.0.0.255'))?.code).toBe(
      'InvalidParameterValue',
    );
    expect(checkRequestedAddress(h.s, subnet, ip('10.0.9.9'))?.message).toContain(
      "does not fall within the subnet's address range",
    );
    expect(checkRequestedAddress(h.s, subnet, ip('10.0.0.9'))).toBeUndefined();
    const claimed = new Set([privateAddressKey(subnet.vpcId, ip('10.0.0.9'))]);
    expect(checkRequestedAddress(h.s, subnet, ip('10.0.0.9'), claimed)?.code).toBe(
      'InvalidIPAddress.InUse',
    );
  });
});

describe('macAddress', () => {
  it('is a stable, locally administered unicast MAC', () => {
    const mac = macAddress('eni-0123456789abcdef0');
    expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(macAddress('eni-0123456789abcdef0')).toBe(mac);
    expect(parseInt(mac.slice(0, 2), 16) & 0x03).toBe(0x02);
    expect(macAddress('eni-0123456789abcdef1')).not.toBe(mac);
  });

  it('rarely collides', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(macAddress(`eni-${i.toString(16).padStart(17, '0')}`));
    expect(seen.size).toBe(5000);
  });

  it('differs between accounts only by id (callers see the same MAC for the same ENI)', () => {
    const h = harness(caller('222222222222'));
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const subnet = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/24' });
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(eni.macAddress).toBe(macAddress(eni.id));
  });
});
