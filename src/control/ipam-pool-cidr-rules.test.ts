import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { createIpam, modifyIpam } from './ipam.js';
import { createIpamPool } from './ipam-pool.js';
import { deprovisionIpamPoolCidr, provisionIpamPoolCidr } from './ipam-pool-cidr.js';
import { createVpc } from './vpc.js';

const ACCOUNT = '111111111111';

/** An IPAM with an IPv6 pool in its private scope and a BYOIP IPv4 and IPv6 pool in its public one. */
function setup(enablePrivateGua = false) {
  const h = harness();
  const ipam = h.run(createIpam, { enablePrivateGua });
  const pool = (scope: string, addressFamily: 'ipv4' | 'ipv6', extra = {}) =>
    h.run(createIpamPool, { ipamScopeId: scope, addressFamily, ...extra }).id;
  return {
    h,
    ipam: ipam.id,
    ula: pool(ipam.privateDefaultScopeId, 'ipv6'),
    public4: pool(ipam.publicDefaultScopeId, 'ipv4'),
    public6: pool(ipam.publicDefaultScopeId, 'ipv6', { publiclyAdvertisable: true }),
    public6Quiet: pool(ipam.publicDefaultScopeId, 'ipv6', { publiclyAdvertisable: false }),
    privateScope: ipam.privateDefaultScopeId,
  };
}

/** The message AWS signs for a BYOIP CIDR; the harness clock stands at 2026-01-01. */
const message = (cidr: string, account = ACCOUNT, date = '20261231') =>
  `1|aws|${account}|${cidr}|${date}|SHA256|RSAPSS`;
const SIGNATURE = 'aGVsbG8gd29ybGQ_c2lnbmVk~';

describe('private-scope IPv6 pools (D117)', () => {
  it('take ULA CIDRs inside fd80::/9 from /9 to /60', () => {
    const { h, ula } = setup();
    expect(h.run(provisionIpamPoolCidr, { ipamPoolId: ula, cidr: 'fd80::/9' }).state).toBe(
      'provisioned',
    );
    const { h: h2, ula: ula2 } = setup();
    expect(
      h2.run(provisionIpamPoolCidr, { ipamPoolId: ula2, cidr: 'fdab:cd00::/60' }).cidr.prefix,
    ).toBe(60);
  });

  it.each([
    ['fd00:1::/48', 'must be a ULA CIDR inside fd80::/9'],
    ['fc00::/7', 'must be a ULA CIDR inside fd80::/9'],
    ['fe80::/10', 'must be a ULA CIDR inside fd80::/9'],
    ['fd80::/61', 'between /9 and /60'],
    ['2600:1f00::/40', 'must have EnablePrivateGua set'],
  ])('refuse %s with InvalidParameterValue (%s)', (cidr, why) => {
    const { h, ula } = setup();
    const e = h.fails(provisionIpamPoolCidr, { ipamPoolId: ula, cidr });
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toContain(why);
  });

  it('take GUA CIDRs when the IPAM enables private GUA, which cannot then be disabled while they are held', () => {
    const { h, ipam, ula } = setup(true);
    h.run(provisionIpamPoolCidr, { ipamPoolId: ula, cidr: '2600:1f00::/40' });
    const e = h.fails(modifyIpam, { ipamId: ipam, enablePrivateGua: false });
    expect(e.code).toBe('IncorrectState');
    h.run(deprovisionIpamPoolCidr, { ipamPoolId: ula, cidr: '2600:1f00::/40' });
    expect(h.run(modifyIpam, { ipamId: ipam, enablePrivateGua: false }).enablePrivateGua).toBe(
      false,
    );
  });

  it('give VPCs IPv6 blocks of /44 to /60 in steps of 4 only', () => {
    const { h, privateScope } = setup();
    const pool = h.run(createIpamPool, {
      ipamScopeId: privateScope,
      addressFamily: 'ipv6',
      locale: 'us-east-1',
    }).id;
    h.run(provisionIpamPoolCidr, { ipamPoolId: pool, cidr: 'fd80:1::/48' });
    const vpc = h.run(createVpc, {
      cidrBlock: '10.0.0.0/16',
      ipv6IpamPoolId: pool,
      ipv6NetmaskLength: 56,
    });
    expect(vpc.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock.toString()).toBe('fd80:1::/56');
    expect(vpc.ipv6CidrBlockAssociationSet[0]?.ipv6Pool).toBe(pool);
    for (const ipv6NetmaskLength of [57, 64]) {
      const e = h.fails(createVpc, {
        cidrBlock: '10.1.0.0/16',
        ipv6IpamPoolId: pool,
        ipv6NetmaskLength,
      });
      expect([e.code, e.message]).toEqual([
        'InvalidParameterValue',
        expect.stringContaining('/44, /48, /52, /56 or /60'),
      ]);
    }
  });
});

describe('public-scope BYOIP pools (D117)', () => {
  it('provision a public CIDR with its authorization context, and keep the context', () => {
    const { h, public4, public6 } = setup();
    const v4 = h.run(provisionIpamPoolCidr, {
      ipamPoolId: public4,
      cidr: '198.51.100.0/24',
      cidrAuthorizationContext: { message: message('198.51.100.0/24'), signature: SIGNATURE },
    });
    expect(v4.state).toBe('provisioned');
    expect(h.s.get('ipam-pool', public4)?.cidrs[0]?.cidrAuthorizationContext).toEqual({
      message: message('198.51.100.0/24'),
      signature: SIGNATURE,
    });
    const v6 = h.run(provisionIpamPoolCidr, {
      ipamPoolId: public6,
      cidr: '2001:db8:1234::/48',
      cidrAuthorizationContext: { message: message('2001:db8:1234::/48'), signature: SIGNATURE },
    });
    expect(v6.cidr.toString()).toBe('2001:db8:1234::/48');
  });

  const context = (cidr: string, m = message(cidr), signature = SIGNATURE) => ({
    message: m,
    signature,
  });

  it.each([
    ['no context', '198.51.100.0/24', undefined, 'MissingParameter', 'CidrAuthorizationContext'],
    [
      'no signature',
      '198.51.100.0/24',
      { message: message('198.51.100.0/24') },
      'MissingParameter',
      'CidrAuthorizationContext.Signature',
    ],
    [
      'a message of another shape',
      '198.51.100.0/24',
      context('198.51.100.0/24', 'please let me in'),
      'InvalidParameterValue',
      '1|aws|<account>|<cidr>|<YYYYMMDD>|SHA256|RSAPSS',
    ],
    [
      'a message for another account',
      '198.51.100.0/24',
      context('198.51.100.0/24', message('198.51.100.0/24', '222222222222')),
      'InvalidParameterValue',
      'for account 222222222222',
    ],
    [
      'a message for another CIDR',
      '198.51.100.0/24',
      context('198.51.100.0/24', message('203.0.113.0/24')),
      'InvalidParameterValue',
      'for 203.0.113.0/24',
    ],
    [
      'an expired message',
      '198.51.100.0/24',
      context('198.51.100.0/24', message('198.51.100.0/24', ACCOUNT, '20251231')),
      'InvalidParameterValue',
      'expired on 20251231',
    ],
    [
      'an impossible date',
      '198.51.100.0/24',
      context('198.51.100.0/24', message('198.51.100.0/24', ACCOUNT, '20261332')),
      'InvalidParameterValue',
      'is not a date',
    ],
    [
      'a signature in plain base64',
      '198.51.100.0/24',
      context('198.51.100.0/24', message('198.51.100.0/24'), 'abc+def/ghi='),
      'InvalidParameterValue',
      'URL-safe base64',
    ],
    [
      'a block longer than /24',
      '198.51.100.0/25',
      context('198.51.100.0/25'),
      'InvalidParameterValue',
      'most specific IPv4 CIDR you can bring is /24',
    ],
    [
      'a private block',
      '10.0.0.0/24',
      context('10.0.0.0/24'),
      'InvalidParameterValue',
      'not a public IPv4 CIDR',
    ],
  ])('refuse %s', (_, cidr, cidrAuthorizationContext, code, why) => {
    const { h, public4 } = setup();
    const e = h.fails(provisionIpamPoolCidr, {
      ipamPoolId: public4,
      cidr,
      ...(cidrAuthorizationContext ? { cidrAuthorizationContext } : {}),
    });
    expect([e.code, e.message]).toEqual([code, expect.stringContaining(why)]);
  });

  it('refuse IPv6 blocks past /48 (advertisable) or /56 (not), outside 2000::/3, and a netmask length', () => {
    const { h, public6, public6Quiet } = setup();
    const ctx = (c: string) => ({ message: message(c), signature: SIGNATURE });
    expect(
      h.fails(provisionIpamPoolCidr, {
        ipamPoolId: public6,
        cidr: '2001:db8:1234:100::/56',
        cidrAuthorizationContext: ctx('2001:db8:1234:100::/56'),
      }).message,
    ).toContain('publicly advertisable IPv6 CIDR you can bring is /48');
    expect(
      h.run(provisionIpamPoolCidr, {
        ipamPoolId: public6Quiet,
        cidr: '2001:db8:1234:100::/56',
        cidrAuthorizationContext: ctx('2001:db8:1234:100::/56'),
      }).state,
    ).toBe('provisioned');
    expect(
      h.fails(provisionIpamPoolCidr, {
        ipamPoolId: public6,
        cidr: 'fd80:1::/48',
        cidrAuthorizationContext: ctx('fd80:1::/48'),
      }).message,
    ).toContain('not a public IPv6 CIDR');
    expect(h.fails(provisionIpamPoolCidr, { ipamPoolId: public6, netmaskLength: 48 }).code).toBe(
      'InvalidParameterCombination',
    );
  });
});
