import { describe, expect, it } from 'vitest';
import type { NatGateway } from '../model/nat-gateway.js';
import { dualStackWorld, type Harness } from '../../test/support/fixtures.js';
import { caller } from '../../test/support/harness.js';
import { routeState } from '../model/route-table.js';
import { allocateAddress, releaseAddress } from './elastic-ip.js';
import {
  assignPrivateNatGatewayAddress,
  associateNatGatewayAddress,
  disassociateNatGatewayAddress,
  unassignPrivateNatGatewayAddress,
} from './nat-gateway-address.js';
import { createNatGateway, deleteNatGateway } from './nat-gateway.js';
import { createNetworkInterface } from './network-interface.js';
import { createRoute } from './route.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

/** The dual-stack world and nine Elastic IPs. */
function world() {
  const w = dualStackWorld();
  const eips = Array.from({ length: 9 }, () => w.h.run(allocateAddress, {}));
  return { ...w, eips };
}

const eniOf = (h: Harness, nat: NatGateway) =>
  h.s.get('network-interface', nat.natGatewayAddresses[0]!.networkInterfaceId)!;

describe('CreateNatGateway', () => {
  it('creates a public gateway with a requester-managed ENI and its EIP associated', () => {
    const { h, vpc, subnet, eips } = world();
    const eip = eips[0]!;
    const nat = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eip.id,
      tags: [{ key: 'Name', value: 'nat-a' }],
    });
    expect(nat.id).toMatch(/^nat-[0-9a-f]{17}$/);
    expect(nat).toMatchObject({
      vpcId: vpc.id,
      subnetId: subnet.id,
      connectivityType: 'public',
      state: 'available',
      createTime: '2026-01-01T00:00:00.000Z',
      tags: [{ key: 'Name', value: 'nat-a' }],
    });
    const [address, ...more] = nat.natGatewayAddresses;
    expect(more).toHaveLength(0);
    expect(address).toMatchObject({ allocationId: eip.id, isPrimary: true, status: 'succeeded' });
    expect(address?.privateIp.toString()).toBe('10.0.0.4');
    expect(address?.publicIp?.equals(eip.publicIp)).toBe(true);
    const eni = eniOf(h, nat);
    expect(eni).toMatchObject({
      interfaceType: 'nat_gateway',
      requesterManaged: true,
      sourceDestCheck: false,
      groups: [],
      status: 'in-use',
      description: `Interface for NAT Gateway ${nat.id}`,
    });
    expect(eni.attachment).toBeUndefined();
    expect(eni.privateIpAddresses[0]?.association).toEqual({
      publicIp: eip.publicIp,
      ipOwnerId: '111111111111',
      allocationId: eip.id,
      associationId: address?.associationId,
    });
    expect(h.s.get('elastic-ip', eip.id)).toMatchObject({
      associationId: address?.associationId,
      networkInterfaceId: eni.id,
    });
    expect(h.s.get('elastic-ip', eip.id)?.privateIpAddress?.toString()).toBe('10.0.0.4');
  });

  it('creates a public gateway in a VPC without an internet gateway, as AWS does', () => {
    const { h, eips } = world();
    const closed = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    const subnet = h.run(createSubnet, { vpcId: closed.id, cidrBlock: '10.1.0.0/24' });
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: eips[0]!.id });
    expect(nat.state).toBe('available');
  });

  it('creates a private gateway with secondary addresses and no EIP', () => {
    const { h, subnet } = world();
    const nat = h.run(createNatGateway, {
      subnetId: subnet.id,
      connectivityType: 'private',
      privateIpAddress: '10.0.0.100',
      secondaryPrivateIpAddressCount: 2,
    });
    expect(
      nat.natGatewayAddresses.map((a) => [a.privateIp.toString(), a.isPrimary, a.allocationId]),
    ).toEqual([
      ['10.0.0.100', true, undefined],
      ['10.0.0.4', false, undefined],
      ['10.0.0.5', false, undefined],
    ]);
    expect(eniOf(h, nat).privateIpAddresses).toHaveLength(3);
  });

  it('pairs secondary EIPs with secondary addresses, given or picked', () => {
    const { h, subnet, eips } = world();
    const given = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eips[0]!.id,
      secondaryAllocationIds: [eips[1]!.id, eips[2]!.id],
      secondaryPrivateIpAddresses: ['10.0.0.50', '10.0.0.51'],
    });
    expect(given.natGatewayAddresses.map((a) => [a.privateIp.toString(), a.allocationId])).toEqual([
      ['10.0.0.4', eips[0]!.id],
      ['10.0.0.50', eips[1]!.id],
      ['10.0.0.51', eips[2]!.id],
    ]);
    const picked = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eips[3]!.id,
      secondaryAllocationIds: [eips[4]!.id],
    });
    expect(picked.natGatewayAddresses.map((a) => a.privateIp.toString())).toEqual([
      '10.0.0.5',
      '10.0.0.6',
    ]);
    expect(h.s.get('elastic-ip', eips[4]!.id)?.privateIpAddress?.toString()).toBe('10.0.0.6');
  });

  it('allows eight addresses and no more', () => {
    const { h, subnet, eips } = world();
    const secondaries = eips.slice(1, 8).map((e) => e.id);
    const nat = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eips[0]!.id,
      secondaryAllocationIds: secondaries,
    });
    expect(nat.natGatewayAddresses).toHaveLength(8);
    expect(
      h.fails(createNatGateway, {
        subnetId: subnet.id,
        connectivityType: 'private',
        secondaryPrivateIpAddressCount: 8,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it.each([
    ['no allocation id on a public gateway', { connectivityType: 'public' }, 'MissingParameter'],
    [
      'an allocation id on a private gateway',
      { connectivityType: 'private', allocationId: 'E0' },
      'InvalidParameterCombination',
    ],
    [
      'secondary EIPs on a private gateway',
      { connectivityType: 'private', secondaryAllocationIds: ['E1'] },
      'InvalidParameterCombination',
    ],
    [
      'a secondary count on a public gateway',
      { allocationId: 'E0', secondaryPrivateIpAddressCount: 1 },
      'InvalidParameterCombination',
    ],
    [
      'addresses and a count',
      {
        connectivityType: 'private',
        secondaryPrivateIpAddresses: ['10.0.0.9'],
        secondaryPrivateIpAddressCount: 1,
      },
      'InvalidParameterCombination',
    ],
    [
      'addresses without matching EIPs',
      { allocationId: 'E0', secondaryPrivateIpAddresses: ['10.0.0.9'] },
      'InvalidParameterCombination',
    ],
    ['an unknown connectivity type', { connectivityType: 'hybrid' }, 'InvalidParameterValue'],
    [
      'a reserved address',
      { connectivityType: 'private', privateIpAddress: '10.0.0.2' },
      'InvalidParameterValue',
    ],
    [
      'a negative count',
      { connectivityType: 'private', secondaryPrivateIpAddressCount: -1 },
      'InvalidParameterValue',
    ],
    [
      'a repeated EIP',
      { allocationId: 'E0', secondaryAllocationIds: ['E0'] },
      'InvalidParameterValue',
    ],
    [
      'an unknown EIP',
      { allocationId: 'eipalloc-0123456789abcdef0' },
      'InvalidAllocationID.NotFound',
    ],
  ])('refuses %s', (_what, extra, code) => {
    const { h, subnet, eips } = world();
    const real = (id: unknown) => (id === 'E0' ? eips[0]!.id : id === 'E1' ? eips[1]!.id : id);
    const input = Object.fromEntries(
      Object.entries(extra).map(([k, v]) => [k, Array.isArray(v) ? v.map(real) : real(v)]),
    );
    expect(h.fails(createNatGateway, { subnetId: subnet.id, ...input }).code).toBe(code);
  });

  it('refuses an EIP in use, a taken address, an IPv6-only subnet and unknown subnets', () => {
    const { h, subnet, native, eips } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: eips[0]!.id });
    expect(
      h.fails(createNatGateway, { subnetId: subnet.id, allocationId: eips[0]!.id }),
    ).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `resource ${eips[0]!.id} is already associated with associate-id ${nat.natGatewayAddresses[0]!.associationId}`,
    });
    h.run(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.9' });
    expect(
      h.fails(createNatGateway, {
        subnetId: subnet.id,
        connectivityType: 'private',
        privateIpAddress: '10.0.0.9',
      }).code,
    ).toBe('InvalidIPAddress.InUse');
    expect(
      h.fails(createNatGateway, { subnetId: native.id, connectivityType: 'private' }).code,
    ).toBe('InvalidParameterValue');
    expect(h.fails(createNatGateway, { connectivityType: 'private' }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(createNatGateway, {
        subnetId: 'subnet-0123456789abcdef0',
        connectivityType: 'private',
      }).code,
    ).toBe('InvalidSubnetID.NotFound');
  });
});

describe('DeleteNatGateway', () => {
  it('marks the gateway deleted, deletes its ENI and disassociates its EIPs', () => {
    const { h, vpc, subnet, eips } = world();
    const nat = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eips[0]!.id,
      secondaryAllocationIds: [eips[1]!.id],
    });
    const eniId = nat.natGatewayAddresses[0]!.networkInterfaceId;
    const rtb = h.s.find('routeTablesByVpc', vpc.id)[0]!;
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.id,
    });
    h.run(deleteNatGateway, { natGatewayId: nat.id });
    const after = h.s.get('nat-gateway', nat.id)!;
    expect(after.state).toBe('deleted');
    expect(after.deleteTime).toBe('2026-01-01T00:00:00.000Z');
    expect(after.natGatewayAddresses.every((a) => a.associationId === undefined)).toBe(true);
    expect(h.s.get('network-interface', eniId)).toBeUndefined();
    for (const e of eips.slice(0, 2)) {
      expect(h.s.get('elastic-ip', e.id)?.associationId).toBeUndefined();
      expect(h.s.get('elastic-ip', e.id)?.networkInterfaceId).toBeUndefined();
    }
    const route = h.s.get('route-table', rtb.id)!.routes.find((r) => r.natGatewayId === nat.id)!;
    expect(routeState(h.s, route, rtb)).toBe('blackhole');
    h.run(releaseAddress, { allocationId: eips[0]!.id });
    // The freed address is free again.
    expect(
      h.run(createNetworkInterface, { subnetId: subnet.id }).privateIpAddress?.toString(),
    ).toBe('10.0.0.4');
  });

  it('does nothing to a deleted gateway and answers unknown ones', () => {
    const { h, subnet } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    h.run(deleteNatGateway, { natGatewayId: nat.id });
    const logged = h.store.changes().length;
    h.run(deleteNatGateway, { natGatewayId: nat.id });
    expect(h.store.changes()).toHaveLength(logged);
    expect(h.fails(deleteNatGateway, { natGatewayId: 'nat-0123456789abcdef0' }).code).toBe(
      'NatGatewayNotFound',
    );
    expect(h.fails(deleteNatGateway, { natGatewayId: 'igw-0123456789abcdef0' }).code).toBe(
      'InvalidNatGatewayID.Malformed',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(deleteNatGateway, { natGatewayId: nat.id }, other).code).toBe(
      'NatGatewayNotFound',
    );
  });
});

describe('NAT gateway secondary addresses', () => {
  it('assigns and unassigns private addresses, on the gateway and its ENI', () => {
    const { h, subnet } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    const counted = h.run(assignPrivateNatGatewayAddress, {
      natGatewayId: nat.id,
      privateIpAddressCount: 2,
    });
    expect(counted.natGatewayAddresses.map((a) => a.privateIp.toString())).toEqual([
      '10.0.0.5',
      '10.0.0.6',
    ]);
    h.run(assignPrivateNatGatewayAddress, {
      natGatewayId: nat.id,
      privateIpAddresses: ['10.0.0.60'],
    });
    expect(h.s.get('nat-gateway', nat.id)!.natGatewayAddresses).toHaveLength(4);
    expect(eniOf(h, nat).privateIpAddresses.map((p) => p.privateIpAddress.toString())).toEqual([
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
      '10.0.0.60',
    ]);
    h.run(unassignPrivateNatGatewayAddress, {
      natGatewayId: nat.id,
      privateIpAddresses: ['10.0.0.5'],
    });
    expect(
      h.s.get('nat-gateway', nat.id)!.natGatewayAddresses.map((a) => a.privateIp.toString()),
    ).toEqual(['10.0.0.4', '10.0.0.6', '10.0.0.60']);
    expect(eniOf(h, nat).privateIpAddresses).toHaveLength(3);
  });

  it('checks assignment parameters and the limit of eight', () => {
    const { h, subnet } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    const id = nat.id;
    expect(h.fails(assignPrivateNatGatewayAddress, { natGatewayId: id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(assignPrivateNatGatewayAddress, {
        natGatewayId: id,
        privateIpAddresses: ['10.0.0.9'],
        privateIpAddressCount: 1,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(assignPrivateNatGatewayAddress, { natGatewayId: id, privateIpAddressCount: 8 }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(assignPrivateNatGatewayAddress, {
        natGatewayId: id,
        privateIpAddresses: ['10.0.0.4'],
      }).code,
    ).toBe('InvalidIPAddress.InUse');
    h.run(assignPrivateNatGatewayAddress, { natGatewayId: id, privateIpAddressCount: 7 });
    expect(
      h.fails(unassignPrivateNatGatewayAddress, {
        natGatewayId: id,
        privateIpAddresses: ['10.0.0.4'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(unassignPrivateNatGatewayAddress, {
        natGatewayId: id,
        privateIpAddresses: ['10.0.0.99'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(h.fails(unassignPrivateNatGatewayAddress, { natGatewayId: id }).code).toBe(
      'MissingParameter',
    );
  });

  it('associates secondary EIPs on new or existing secondary addresses', () => {
    const { h, subnet, eips } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: eips[0]!.id });
    const fresh = h.run(associateNatGatewayAddress, {
      natGatewayId: nat.id,
      allocationIds: [eips[1]!.id],
    });
    expect(fresh.natGatewayAddresses.map((a) => [a.privateIp.toString(), a.allocationId])).toEqual([
      ['10.0.0.5', eips[1]!.id],
    ]);
    h.run(assignPrivateNatGatewayAddress, {
      natGatewayId: nat.id,
      privateIpAddresses: ['10.0.0.70'],
    });
    h.run(associateNatGatewayAddress, {
      natGatewayId: nat.id,
      allocationIds: [eips[2]!.id, eips[3]!.id],
      privateIpAddresses: ['10.0.0.70', '10.0.0.71'],
    });
    const after = h.s.get('nat-gateway', nat.id)!;
    expect(after.natGatewayAddresses.map((a) => [a.privateIp.toString(), a.allocationId])).toEqual([
      ['10.0.0.4', eips[0]!.id],
      ['10.0.0.5', eips[1]!.id],
      ['10.0.0.70', eips[2]!.id],
      ['10.0.0.71', eips[3]!.id],
    ]);
    const eni = eniOf(h, nat);
    expect(eni.privateIpAddresses.map((p) => p.association?.allocationId)).toEqual(
      after.natGatewayAddresses.map((a) => a.allocationId),
    );
    expect(h.s.get('elastic-ip', eips[3]!.id)?.networkInterfaceId).toBe(eni.id);
  });

  it('checks association parameters', () => {
    const { h, subnet, eips } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: eips[0]!.id });
    const priv = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    expect(
      h.fails(associateNatGatewayAddress, { natGatewayId: priv.id, allocationIds: [eips[1]!.id] })
        .code,
    ).toBe('UnsupportedOperation');
    expect(h.fails(associateNatGatewayAddress, { natGatewayId: nat.id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(associateNatGatewayAddress, { natGatewayId: nat.id, allocationIds: [eips[0]!.id] })
        .code,
    ).toBe('Resource.AlreadyAssociated');
    expect(
      h.fails(associateNatGatewayAddress, {
        natGatewayId: nat.id,
        allocationIds: [eips[1]!.id],
        privateIpAddresses: ['10.0.0.80', '10.0.0.81'],
      }).code,
    ).toBe('InvalidParameterCombination');
    const primary = nat.natGatewayAddresses[0]!.privateIp.toString();
    expect(
      h.fails(associateNatGatewayAddress, {
        natGatewayId: nat.id,
        allocationIds: [eips[1]!.id],
        privateIpAddresses: [primary],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(associateNatGatewayAddress, {
        natGatewayId: nat.id,
        allocationIds: eips.slice(1, 9).map((e) => e.id),
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('disassociates secondary EIPs but keeps their private addresses', () => {
    const { h, subnet, eips } = world();
    const nat = h.run(createNatGateway, {
      subnetId: subnet.id,
      allocationId: eips[0]!.id,
      secondaryAllocationIds: [eips[1]!.id],
    });
    const [primary, secondary] = nat.natGatewayAddresses;
    expect(
      h.fails(unassignPrivateNatGatewayAddress, {
        natGatewayId: nat.id,
        privateIpAddresses: [secondary!.privateIp.toString()],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(disassociateNatGatewayAddress, {
        natGatewayId: nat.id,
        associationIds: [primary!.associationId!],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(disassociateNatGatewayAddress, {
        natGatewayId: nat.id,
        associationIds: ['eipassoc-0123456789abcdef0'],
      }).code,
    ).toBe('InvalidAssociationID.NotFound');
    h.run(disassociateNatGatewayAddress, {
      natGatewayId: nat.id,
      associationIds: [secondary!.associationId!],
    });
    const after = h.s.get('nat-gateway', nat.id)!;
    expect(after.natGatewayAddresses[1]?.allocationId).toBeUndefined();
    expect(after.natGatewayAddresses[1]?.privateIp.equals(secondary!.privateIp)).toBe(true);
    expect(h.s.get('elastic-ip', eips[1]!.id)?.associationId).toBeUndefined();
    expect(eniOf(h, nat).privateIpAddresses[1]?.association).toBeUndefined();
    h.run(unassignPrivateNatGatewayAddress, {
      natGatewayId: nat.id,
      privateIpAddresses: [secondary!.privateIp.toString()],
    });
    expect(h.s.get('nat-gateway', nat.id)!.natGatewayAddresses).toHaveLength(1);
  });

  it('refuses address operations on a deleted gateway', () => {
    const { h, subnet } = world();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    h.run(deleteNatGateway, { natGatewayId: nat.id });
    expect(
      h.fails(assignPrivateNatGatewayAddress, { natGatewayId: nat.id, privateIpAddressCount: 1 })
        .code,
    ).toBe('IncorrectState');
  });
});
