import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { caller } from '../../test/support/harness.js';
import { allocateAddress, associateAddress } from './elastic-ip.js';
import { runInstances } from './instance-launch.js';
import { terminateInstances } from './instance.js';
import { assignIpv6Addresses, unassignIpv6Addresses } from './ipv6-address.js';
import { createNatGateway } from './nat-gateway.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
} from './network-interface.js';
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from './private-ip.js';
import { createSecurityGroup } from './security-group.js';
import { modifySubnetAttribute } from './subnet.js';
import { createVpc } from './vpc.js';

const addrs = (eni: {
  privateIpAddresses: readonly { privateIpAddress: { toString(): string } }[];
}) => eni.privateIpAddresses.map((p) => p.privateIpAddress.toString());

describe('CreateNetworkInterface', () => {
  it('creates an available ENI with the lowest free address and the default group', () => {
    const { h, vpc, subnet, defaultSg } = dualStackWorld();
    const eni = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      tags: [{ key: 'Name', value: 'a' }],
    });
    expect(eni.id).toMatch(/^eni-[0-9a-f]{17}$/);
    expect(eni).toMatchObject({
      vpcId: vpc.id,
      subnetId: subnet.id,
      availabilityZone: 'us-east-1a',
      description: '',
      interfaceType: 'interface',
      status: 'available',
      sourceDestCheck: true,
      requesterManaged: false,
      groups: [defaultSg.id],
      tags: [{ key: 'Name', value: 'a' }],
    });
    expect(eni.privateIpAddress?.toString()).toBe('10.0.0.4');
    expect(eni.privateIpAddresses.map((p) => p.primary)).toEqual([true]);
    expect(eni.macAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(eni.ipv6Addresses).toEqual([]);
    expect(
      h.run(createNetworkInterface, { subnetId: subnet.id }).privateIpAddress?.toString(),
    ).toBe('10.0.0.5');
  });

  it('takes a pinned address and refuses it twice', () => {
    const { h, subnet } = dualStackWorld();
    const eni = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      privateIpAddress: '10.0.0.50',
    });
    expect(eni.privateIpAddress?.toString()).toBe('10.0.0.50');
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.50' }).code,
    ).toBe('InvalidIPAddress.InUse');
  });

  it.each([
    ['10.0.0.0', 'InvalidParameterValue'],
    ['10.0.0.1', 'InvalidParameterValue'],
    ['10.0.0.3', 'InvalidParameterValue'],
    ['10.0.0.255', 'InvalidParameterValue'],
    ['10.0.5.9', 'InvalidParameterValue'],
    ['10.0.0.256', 'InvalidParameterValue'],
    ['2600::1', 'InvalidParameterValue'],
  ])('refuses %s with %s', (privateIpAddress, code) => {
    const { h, subnet } = dualStackWorld();
    expect(h.fails(createNetworkInterface, { subnetId: subnet.id, privateIpAddress }).code).toBe(
      code,
    );
  });

  it('words the reserved-range error as AWS does', () => {
    const { h, subnet } = dualStackWorld();
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.1' })
        .message,
    ).toBe("Address 10.0.0.1 is in subnet's reserved address range");
  });

  it('takes secondary addresses listed or counted', () => {
    const { h, subnet } = dualStackWorld();
    const listed = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      privateIpAddresses: [
        { privateIpAddress: '10.0.0.20' },
        { privateIpAddress: '10.0.0.10', primary: true },
      ],
      secondaryPrivateIpAddressCount: undefined,
    });
    expect(listed.privateIpAddress?.toString()).toBe('10.0.0.10');
    expect(addrs(listed)).toEqual(['10.0.0.10', '10.0.0.20']);
    const counted = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      secondaryPrivateIpAddressCount: 2,
    });
    expect(addrs(counted)).toEqual(['10.0.0.4', '10.0.0.5', '10.0.0.6']);
    const both = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      privateIpAddress: '10.0.0.30',
      secondaryPrivateIpAddressCount: 1,
    });
    expect(addrs(both)).toEqual(['10.0.0.30', '10.0.0.7']);
  });

  it('refuses inconsistent address parameters', () => {
    const { h, subnet } = dualStackWorld();
    const two = [
      { privateIpAddress: '10.0.0.10', primary: true },
      { privateIpAddress: '10.0.0.11', primary: true },
    ];
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, privateIpAddresses: two }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        privateIpAddresses: [{ privateIpAddress: '10.0.0.10' }, { privateIpAddress: '10.0.0.11' }],
        secondaryPrivateIpAddressCount: 1,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        privateIpAddress: '10.0.0.9',
        privateIpAddresses: [{ privateIpAddress: '10.0.0.10', primary: true }],
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        privateIpAddresses: [{ privateIpAddress: '10.0.0.10' }, { privateIpAddress: '10.0.0.10' }],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, secondaryPrivateIpAddressCount: -1 })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, secondaryPrivateIpAddressCount: 50 })
        .code,
    ).toBe('PrivateIpAddressLimitExceeded');
  });

  it('assigns IPv6 addresses counted or pinned, lowest first', () => {
    const { h, subnet, v6 } = dualStackWorld();
    const counted = h.run(createNetworkInterface, { subnetId: subnet.id, ipv6AddressCount: 2 });
    expect(counted.ipv6Addresses.map((a) => a.ipv6Address.toString())).toEqual([
      v6[0]!.nth(4n).toString(),
      v6[0]!.nth(5n).toString(),
    ]);
    const pinned = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      ipv6Addresses: [{ ipv6Address: v6[0]!.nth(100n).toString() }],
    });
    expect(pinned.ipv6Addresses[0]?.ipv6Address.equals(v6[0]!.nth(100n))).toBe(true);
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        ipv6Addresses: [{ ipv6Address: v6[0]!.nth(100n).toString() }],
      }).code,
    ).toBe('InvalidIPAddress.InUse');
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        ipv6Addresses: [{ ipv6Address: v6[0]!.nth(2n).toString() }],
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('refuses IPv6 where the subnet has none, and both IPv6 parameters at once', () => {
    const { h, subnet, plain } = dualStackWorld();
    expect(h.fails(createNetworkInterface, { subnetId: plain.id, ipv6AddressCount: 1 }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createNetworkInterface, {
        subnetId: subnet.id,
        ipv6AddressCount: 1,
        ipv6Addresses: [{ ipv6Address: '2600::5' }],
      }),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message: 'IPv6 addresses and IPv6 address count may not be specified on the same request',
    });
  });

  it('gives ENIs in an IPv6-only subnet one IPv6 address and no IPv4', () => {
    const { h, native, v6 } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: native.id });
    expect(eni.privateIpAddress).toBeUndefined();
    expect(eni.privateIpAddresses).toEqual([]);
    expect(eni.ipv6Addresses.map((a) => a.ipv6Address.toString())).toEqual([
      v6[1]!.nth(4n).toString(),
    ]);
    expect(
      h.fails(createNetworkInterface, { subnetId: native.id, privateIpAddress: '10.0.0.9' }).code,
    ).toBe('InvalidParameterValue');
  });

  it('assigns an IPv6 address where the subnet says so', () => {
    const { h, subnet } = dualStackWorld();
    h.run(modifySubnetAttribute, { subnetId: subnet.id, assignIpv6AddressOnCreation: true });
    expect(h.run(createNetworkInterface, { subnetId: subnet.id }).ipv6Addresses).toHaveLength(1);
  });

  it('checks security groups: count, VPC and existence', () => {
    const { h, vpc, subnet, defaultSg } = dualStackWorld();
    const groups = Array.from(
      { length: 5 },
      (_, i) =>
        h.run(createSecurityGroup, { groupName: `g${i}`, description: 'x', vpcId: vpc.id }).id,
    );
    const eni = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      groups: [...groups, groups[0]!],
    });
    expect(eni.groups).toEqual(groups);
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, groups: [...groups, defaultSg.id] }),
    ).toMatchObject({
      code: 'SecurityGroupsPerInterfaceLimitExceeded',
      message: 'The maximum number of security groups per interface has been reached.',
    });
    const vpc2 = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    const foreign = h.s.find('securityGroupByName', `${vpc2.id}|default`)[0]!;
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, groups: [foreign.id] }),
    ).toMatchObject({
      code: 'InvalidParameter',
      message: `Security group ${foreign.id} and subnet ${subnet.id} belong to different networks.`,
    });
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, groups: ['sg-0123456789abcdef0'] })
        .code,
    ).toBe('InvalidGroup.NotFound');
    expect(h.fails(createNetworkInterface, { subnetId: subnet.id, groups: ['nope'] }).code).toBe(
      'InvalidGroupId.Malformed',
    );
  });

  it('accepts caller interface types and refuses service ones', () => {
    const { h, subnet } = dualStackWorld();
    expect(
      h.run(createNetworkInterface, { subnetId: subnet.id, interfaceType: 'efa' }).interfaceType,
    ).toBe('efa');
    expect(
      h.fails(createNetworkInterface, { subnetId: subnet.id, interfaceType: 'nat_gateway' }).code,
    ).toBe('InvalidParameterValue');
  });

  it('fails when the subnet is full', () => {
    const { h, small } = dualStackWorld();
    h.run(createNetworkInterface, { subnetId: small.id, secondaryPrivateIpAddressCount: 9 });
    h.run(createNetworkInterface, { subnetId: small.id });
    expect(h.fails(createNetworkInterface, { subnetId: small.id })).toMatchObject({
      code: 'InsufficientFreeAddressesInSubnet',
    });
  });

  it('finds only the caller’s subnets', () => {
    const { h, subnet } = dualStackWorld();
    expect(h.fails(createNetworkInterface, { subnetId: 'subnet-0123456789abcdef0' }).code).toBe(
      'InvalidSubnetID.NotFound',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(createNetworkInterface, { subnetId: subnet.id }, other).code).toBe(
      'InvalidSubnetID.NotFound',
    );
  });
});

describe('DeleteNetworkInterface', () => {
  it('deletes a detached ENI and disassociates its Elastic IP', () => {
    const { h, subnet } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, networkInterfaceId: eni.id });
    h.run(deleteNetworkInterface, { networkInterfaceId: eni.id });
    expect(h.s.get('network-interface', eni.id)).toBeUndefined();
    const after = h.s.get('elastic-ip', eip.id)!;
    expect(after.associationId).toBeUndefined();
    expect(after.networkInterfaceId).toBeUndefined();
    expect(after.privateIpAddress).toBeUndefined();
    expect(h.s.find('networkInterfaceByAddress', `${eni.vpcId}|10.0.0.4`)).toHaveLength(0);
  });

  it('refuses an attached ENI', () => {
    const { h, subnet } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const eni = h.s.find('networkInterfacesByInstance', instance!.id)[0]!;
    expect(h.fails(deleteNetworkInterface, { networkInterfaceId: eni.id })).toMatchObject({
      code: 'InvalidNetworkInterface.InUse',
      message: `Network interface '${eni.id}' is currently in use.`,
    });
  });

  it('refuses a NAT gateway’s ENI', () => {
    const { h, subnet } = dualStackWorld();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    const eniId = nat.natGatewayAddresses[0]!.networkInterfaceId;
    expect(h.fails(deleteNetworkInterface, { networkInterfaceId: eniId })).toMatchObject({
      code: 'InvalidParameterValue',
      message: `Network interface '${eniId}' is currently in use.`,
    });
  });

  it('answers not found and malformed ids', () => {
    const { h } = dualStackWorld();
    expect(
      h.fails(deleteNetworkInterface, { networkInterfaceId: 'eni-0123456789abcdef0' }).code,
    ).toBe('InvalidNetworkInterfaceID.NotFound');
    expect(h.fails(deleteNetworkInterface, { networkInterfaceId: 'subnet-12345678' }).code).toBe(
      'InvalidNetworkInterfaceID.Malformed',
    );
  });
});

describe('AttachNetworkInterface and DetachNetworkInterface', () => {
  it('attaches at a free device index and detaches again', () => {
    const { h, subnet } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, networkInterfaceId: eni.id });
    const { attachmentId } = h.run(attachNetworkInterface, {
      networkInterfaceId: eni.id,
      instanceId: instance!.id,
      deviceIndex: 1,
    });
    expect(attachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    const attached = h.s.get('network-interface', eni.id)!;
    expect(attached.status).toBe('in-use');
    expect(attached.attachment).toEqual({
      attachmentId,
      instanceId: instance!.id,
      deviceIndex: 1,
      deleteOnTermination: false,
      status: 'attached',
    });
    expect(h.s.get('elastic-ip', eip.id)?.instanceId).toBe(instance!.id);
    h.run(detachNetworkInterface, { attachmentId });
    const detached = h.s.get('network-interface', eni.id)!;
    expect(detached.status).toBe('available');
    expect(detached.attachment).toBeUndefined();
    expect(h.s.get('elastic-ip', eip.id)?.instanceId).toBeUndefined();
    expect(h.s.get('elastic-ip', eip.id)?.networkInterfaceId).toBe(eni.id);
  });

  it('enforces one ENI per device index, same AZ, a detached ENI and a live instance', () => {
    const { h, subnet, other } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const a = h.run(createNetworkInterface, { subnetId: subnet.id });
    const b = h.run(createNetworkInterface, { subnetId: subnet.id });
    const far = h.run(createNetworkInterface, { subnetId: other.id });
    h.run(attachNetworkInterface, {
      networkInterfaceId: a.id,
      instanceId: instance!.id,
      deviceIndex: 1,
    });
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: b.id,
        instanceId: instance!.id,
        deviceIndex: 1,
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `Instance '${instance!.id}' already has an interface attached at device index '1'.`,
    });
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: b.id,
        instanceId: instance!.id,
        deviceIndex: 0,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: far.id,
        instanceId: instance!.id,
        deviceIndex: 2,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: a.id,
        instanceId: instance!.id,
        deviceIndex: 2,
      }).code,
    ).toBe('InvalidNetworkInterface.InUse');
    expect(
      h.fails(attachNetworkInterface, { networkInterfaceId: b.id, instanceId: instance!.id }).code,
    ).toBe('MissingParameter');
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: b.id,
        instanceId: instance!.id,
        deviceIndex: -1,
      }).code,
    ).toBe('InvalidParameterValue');
    h.run(terminateInstances, { instanceIds: [instance!.id] });
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: b.id,
        instanceId: instance!.id,
        deviceIndex: 3,
      }).code,
    ).toBe('IncorrectInstanceState');
  });

  it('refuses to attach a service-managed ENI', () => {
    const { h, subnet } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    const eniId = nat.natGatewayAddresses[0]!.networkInterfaceId;
    expect(
      h.fails(attachNetworkInterface, {
        networkInterfaceId: eniId,
        instanceId: instance!.id,
        deviceIndex: 1,
      }).code,
    ).toBe('OperationNotPermitted');
  });

  it('never detaches the primary ENI, and answers unknown attachments', () => {
    const { h, subnet } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const primary = h.s.find('networkInterfacesByInstance', instance!.id)[0]!;
    expect(
      h.fails(detachNetworkInterface, { attachmentId: primary.attachment!.attachmentId }),
    ).toMatchObject({
      code: 'OperationNotPermitted',
      message: 'The network interface at device index 0 cannot be detached.',
    });
    expect(
      h.fails(detachNetworkInterface, { attachmentId: 'eni-attach-0123456789abcdef0' }).code,
    ).toBe('InvalidAttachmentID.NotFound');
    const other = caller('222222222222');
    h.init(other);
    expect(
      h.fails(detachNetworkInterface, { attachmentId: primary.attachment!.attachmentId }, other)
        .code,
    ).toBe('InvalidAttachmentID.NotFound');
  });
});

describe('AssignPrivateIpAddresses and UnassignPrivateIpAddresses', () => {
  it('assigns counted and listed secondaries without collisions', () => {
    const { h, subnet } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    h.run(createNetworkInterface, { subnetId: subnet.id, privateIpAddress: '10.0.0.6' });
    const counted = h.run(assignPrivateIpAddresses, {
      networkInterfaceId: eni.id,
      secondaryPrivateIpAddressCount: 2,
    });
    expect(counted.assignedPrivateIpAddresses.map(String)).toEqual(['10.0.0.5', '10.0.0.7']);
    const listed = h.run(assignPrivateIpAddresses, {
      networkInterfaceId: eni.id,
      privateIpAddresses: ['10.0.0.40'],
    });
    expect(listed.assignedPrivateIpAddresses.map(String)).toEqual(['10.0.0.40']);
    expect(addrs(h.s.get('network-interface', eni.id)!)).toEqual([
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.7',
      '10.0.0.40',
    ]);
    expect(h.s.find('networkInterfaceByAddress', `${eni.vpcId}|10.0.0.40`)[0]?.id).toBe(eni.id);
  });

  it('checks its parameters and the addresses', () => {
    const { h, subnet, native } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const id = eni.id;
    expect(h.fails(assignPrivateIpAddresses, { networkInterfaceId: id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: id,
        privateIpAddresses: ['10.0.0.9'],
        secondaryPrivateIpAddressCount: 1,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: id,
        privateIpAddresses: ['10.0.0.4'],
      }).code,
    ).toBe('InvalidIPAddress.InUse');
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: id,
        privateIpAddresses: ['10.0.0.2'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: id,
        secondaryPrivateIpAddressCount: 50,
      }).code,
    ).toBe('PrivateIpAddressLimitExceeded');
    const v6only = h.run(createNetworkInterface, { subnetId: native.id });
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: v6only.id,
        secondaryPrivateIpAddressCount: 1,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('moves a secondary address, with its Elastic IP, when reassignment is allowed', () => {
    const { h, subnet } = dualStackWorld();
    const a = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      secondaryPrivateIpAddressCount: 1,
    });
    const b = h.run(createNetworkInterface, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: a.id,
      privateIpAddress: '10.0.0.5',
    });
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: b.id,
        privateIpAddresses: ['10.0.0.5'],
      }).code,
    ).toBe('InvalidIPAddress.InUse');
    h.run(assignPrivateIpAddresses, {
      networkInterfaceId: b.id,
      privateIpAddresses: ['10.0.0.5'],
      allowReassignment: true,
    });
    expect(addrs(h.s.get('network-interface', a.id)!)).toEqual(['10.0.0.4']);
    const moved = h.s.get('network-interface', b.id)!.privateIpAddresses[1]!;
    expect(moved.privateIpAddress.toString()).toBe('10.0.0.5');
    expect(moved.association?.allocationId).toBe(eip.id);
    expect(h.s.get('elastic-ip', eip.id)?.networkInterfaceId).toBe(b.id);
    // A primary address never moves.
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: b.id,
        privateIpAddresses: ['10.0.0.4'],
        allowReassignment: true,
      }).code,
    ).toBe('InvalidIPAddress.InUse');
  });

  it('unassigns secondaries only and disassociates their Elastic IP', () => {
    const { h, subnet } = dualStackWorld();
    const eni = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      secondaryPrivateIpAddressCount: 2,
    });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: eni.id,
      privateIpAddress: '10.0.0.6',
    });
    h.run(unassignPrivateIpAddresses, {
      networkInterfaceId: eni.id,
      privateIpAddresses: ['10.0.0.6'],
    });
    expect(addrs(h.s.get('network-interface', eni.id)!)).toEqual(['10.0.0.4', '10.0.0.5']);
    expect(h.s.get('elastic-ip', eip.id)?.associationId).toBeUndefined();
    expect(
      h.fails(unassignPrivateIpAddresses, {
        networkInterfaceId: eni.id,
        privateIpAddresses: ['10.0.0.4'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(unassignPrivateIpAddresses, {
        networkInterfaceId: eni.id,
        privateIpAddresses: ['10.0.0.9'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(h.fails(unassignPrivateIpAddresses, { networkInterfaceId: eni.id }).code).toBe(
      'MissingParameter',
    );
  });

  it('leaves service-managed ENIs alone', () => {
    const { h, subnet } = dualStackWorld();
    const nat = h.run(createNatGateway, { subnetId: subnet.id, connectivityType: 'private' });
    const eniId = nat.natGatewayAddresses[0]!.networkInterfaceId;
    expect(
      h.fails(assignPrivateIpAddresses, {
        networkInterfaceId: eniId,
        secondaryPrivateIpAddressCount: 1,
      }).code,
    ).toBe('OperationNotPermitted');
    expect(
      h.fails(modifyNetworkInterfaceAttribute, { networkInterfaceId: eniId, sourceDestCheck: true })
        .code,
    ).toBe('OperationNotPermitted');
  });
});

describe('AssignIpv6Addresses and UnassignIpv6Addresses', () => {
  it('assigns and unassigns IPv6 addresses', () => {
    const { h, subnet, v6 } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const counted = h.run(assignIpv6Addresses, { networkInterfaceId: eni.id, ipv6AddressCount: 2 });
    expect(counted.assignedIpv6Addresses.map(String)).toEqual([
      v6[0]!.nth(4n).toString(),
      v6[0]!.nth(5n).toString(),
    ]);
    const pinned = v6[0]!.nth(0x99n).toString();
    h.run(assignIpv6Addresses, { networkInterfaceId: eni.id, ipv6Addresses: [pinned] });
    expect(h.s.get('network-interface', eni.id)!.ipv6Addresses).toHaveLength(3);
    const other = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(
      h.fails(assignIpv6Addresses, { networkInterfaceId: other.id, ipv6Addresses: [pinned] }).code,
    ).toBe('InvalidIPAddress.InUse');
    h.run(unassignIpv6Addresses, { networkInterfaceId: eni.id, ipv6Addresses: [pinned] });
    expect(h.s.get('network-interface', eni.id)!.ipv6Addresses).toHaveLength(2);
    expect(
      h.fails(unassignIpv6Addresses, { networkInterfaceId: eni.id, ipv6Addresses: [pinned] }).code,
    ).toBe('InvalidParameterValue');
    h.run(assignIpv6Addresses, { networkInterfaceId: other.id, ipv6Addresses: [pinned] });
  });

  it('checks its parameters and the subnet', () => {
    const { h, subnet, plain } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(h.fails(assignIpv6Addresses, { networkInterfaceId: eni.id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(assignIpv6Addresses, {
        networkInterfaceId: eni.id,
        ipv6AddressCount: 1,
        ipv6Addresses: ['2600::9'],
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(assignIpv6Addresses, { networkInterfaceId: eni.id, ipv6Addresses: ['10.0.0.9'] })
        .code,
    ).toBe('InvalidParameterValue');
    const v4only = h.run(createNetworkInterface, { subnetId: plain.id });
    expect(
      h.fails(assignIpv6Addresses, { networkInterfaceId: v4only.id, ipv6AddressCount: 1 }).code,
    ).toBe('InvalidParameterValue');
    expect(h.fails(unassignIpv6Addresses, { networkInterfaceId: eni.id }).code).toBe(
      'MissingParameter',
    );
  });
});

describe('ModifyNetworkInterfaceAttribute', () => {
  it('changes one attribute per call', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(
      h.run(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id, sourceDestCheck: false })
        .sourceDestCheck,
    ).toBe(false);
    expect(
      h.run(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id, description: 'router' })
        .description,
    ).toBe('router');
    const sg = h.run(createSecurityGroup, { groupName: 'web', description: 'x', vpcId: vpc.id });
    expect(
      h.run(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id, groups: [sg.id] })
        .groups,
    ).toEqual([sg.id]);
    expect(h.s.find('networkInterfacesBySecurityGroup', sg.id).map((n) => n.id)).toEqual([eni.id]);
    expect(
      h.fails(modifyNetworkInterfaceAttribute, {
        networkInterfaceId: eni.id,
        sourceDestCheck: true,
        description: 'x',
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(h.fails(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id, groups: [] }).code,
    ).toBe('MissingParameter');
    const six = Array.from(
      { length: 6 },
      (_, i) =>
        h.run(createSecurityGroup, { groupName: `g${i}`, description: 'x', vpcId: vpc.id }).id,
    );
    expect(
      h.fails(modifyNetworkInterfaceAttribute, { networkInterfaceId: eni.id, groups: six }).code,
    ).toBe('SecurityGroupsPerInterfaceLimitExceeded');
  });

  it('changes deleteOnTermination of the attachment', () => {
    const { h, subnet } = dualStackWorld();
    const [instance] = h.run(runInstances, { subnetId: subnet.id });
    const eni = h.s.find('networkInterfacesByInstance', instance!.id)[0]!;
    const next = h.run(modifyNetworkInterfaceAttribute, {
      networkInterfaceId: eni.id,
      attachment: { attachmentId: eni.attachment!.attachmentId, deleteOnTermination: false },
    });
    expect(next.attachment?.deleteOnTermination).toBe(false);
    expect(
      h.fails(modifyNetworkInterfaceAttribute, {
        networkInterfaceId: eni.id,
        attachment: { attachmentId: 'eni-attach-0123456789abcdef0', deleteOnTermination: true },
      }).code,
    ).toBe('InvalidAttachmentID.NotFound');
  });
});
