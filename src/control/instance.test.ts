import { describe, expect, it } from 'vitest';
import { publicIpv4Pool } from '../model/aws-services.js';
import type { RegionName } from '../model/ids.js';
import { instanceNetworkInterfaces } from '../model/instance.js';
import type { NetworkInterface } from '../model/network-interface.js';
import { primaryPublicIp } from '../model/network-interface.js';
import { dualStackWorld, launchWithSecondEni, type Harness } from '../../test/support/fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import { allocateAddress, associateAddress } from './elastic-ip.js';
import { runInstances } from './instance-launch.js';
import {
  modifyInstanceAttribute,
  startInstances,
  stopInstances,
  terminateInstances,
} from './instance.js';
import { attachNetworkInterface, createNetworkInterface } from './network-interface.js';
import { createSecurityGroup } from './security-group.js';
import { createSubnet, modifySubnetAttribute } from './subnet.js';
import { createVpc } from './vpc.js';

const pool = publicIpv4Pool('us-east-1' as RegionName);

const primaryOf = (h: Harness, instanceId: string): NetworkInterface =>
  instanceNetworkInterfaces(h.s, instanceId)[0]!;

describe('RunInstances', () => {
  it('launches one instance with a primary ENI and AWS defaults', () => {
    const { h, vpc, subnet, defaultSg } = dualStackWorld();
    const [instance, ...more] = h.run(runInstances, {
      subnetId: subnet.id,
      tags: [{ key: 'Name', value: 'web' }],
    });
    expect(more).toHaveLength(0);
    expect(instance).toMatchObject({
      imageId: 'ami-00000000',
      instanceType: 't3.micro',
      state: 'running',
      vpcId: vpc.id,
      subnetId: subnet.id,
      availabilityZone: 'us-east-1a',
      launchTime: '2026-01-01T00:00:00.000Z',
      autoAssignPublicIp: false,
      tags: [{ key: 'Name', value: 'web' }],
    });
    expect(instance!.id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(instance!.reservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const eni = primaryOf(h, instance!.id);
    expect(eni).toMatchObject({
      status: 'in-use',
      groups: [defaultSg.id],
      attachment: {
        instanceId: instance!.id,
        deviceIndex: 0,
        deleteOnTermination: true,
        status: 'attached',
      },
    });
    expect(eni.privateIpAddress?.toString()).toBe('10.0.0.4');
    expect(primaryPublicIp(eni)).toBeUndefined();
  });

  it('auto-assigns distinct Amazon public IPs when asked or when the subnet maps them', () => {
    const { h, subnet, other } = dualStackWorld();
    const [a] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    h.run(modifySubnetAttribute, { subnetId: other.id, mapPublicIpOnLaunch: true });
    const [b] = h.run(runInstances, { subnetId: other.id });
    const [c] = h.run(runInstances, { subnetId: other.id, associatePublicIpAddress: false });
    const ea = primaryOf(h, a!.id);
    const ipA = ea.privateIpAddresses[0]?.association?.publicIp;
    expect(ea.privateIpAddresses[0]?.association?.ipOwnerId).toBe('amazon');
    expect(ipA && pool.contains(ipA)).toBe(true);
    const ipB = primaryPublicIp(primaryOf(h, b!.id));
    expect(ipB && pool.contains(ipB) && !ipB.equals(ipA!)).toBe(true);
    expect(primaryPublicIp(primaryOf(h, c!.id))).toBeUndefined();
    expect(a!.autoAssignPublicIp).toBe(true);
    expect(h.s.find('networkInterfaceByPublicIp', ipA!.toString())[0]?.id).toBe(ea.id);
  });

  it('launches maxCount instances in one reservation with distinct addresses', () => {
    const { h, subnet } = dualStackWorld();
    const launched = h.run(runInstances, {
      subnetId: subnet.id,
      maxCount: 3,
      associatePublicIpAddress: true,
    });
    expect(launched).toHaveLength(3);
    expect(new Set(launched.map((i) => i.reservationId)).size).toBe(1);
    const enis = launched.map((i) => primaryOf(h, i.id));
    expect(enis.map((e) => e.privateIpAddress?.toString())).toEqual([
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
    ]);
    expect(new Set(enis.map((e) => primaryPublicIp(e)?.toString())).size).toBe(3);
  });

  it('launches as many as the subnet holds when that is at least minCount', () => {
    const { h, small } = dualStackWorld();
    expect(h.fails(runInstances, { subnetId: small.id, minCount: 12, maxCount: 20 })).toMatchObject(
      {
        code: 'InsufficientFreeAddressesInSubnet',
        message: `There are not enough free addresses in subnet '${small.id}' to satisfy the requested number of instances.`,
      },
    );
    expect(h.run(runInstances, { subnetId: small.id, minCount: 5, maxCount: 20 })).toHaveLength(11);
  });

  it.each([
    [{ minCount: 0 }, 'InvalidParameterValue'],
    [{ minCount: 3, maxCount: 2 }, 'InvalidParameterValue'],
    [{ maxCount: 1.5 }, 'InvalidParameterValue'],
    [{ imageId: 'ami-xyz' }, 'InvalidAMIID.Malformed'],
    [{ instanceType: 'huge' }, 'InvalidParameterValue'],
    [{ privateIpAddress: '10.0.0.9', maxCount: 2 }, 'InvalidParameterCombination'],
    [{ privateIpAddress: '10.0.0.1' }, 'InvalidParameterValue'],
    [{ ipv6AddressCount: -1 }, 'InvalidParameterValue'],
    [{ securityGroupIds: ['sg-0123456789abcdef0'] }, 'InvalidGroup.NotFound'],
  ])('refuses %j with %s', (extra, code) => {
    const { h, subnet } = dualStackWorld();
    expect(h.fails(runInstances, { subnetId: subnet.id, ...extra }).code).toBe(code);
  });

  it('takes a pinned address, security groups and IPv6 addresses', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const sg = h.run(createSecurityGroup, { groupName: 'web', description: 'x', vpcId: vpc.id });
    const [i] = h.run(runInstances, {
      subnetId: subnet.id,
      privateIpAddress: '10.0.0.10',
      securityGroupIds: [sg.id],
      ipv6AddressCount: 1,
    });
    const eni = primaryOf(h, i!.id);
    expect(eni.privateIpAddress?.toString()).toBe('10.0.0.10');
    expect(eni.groups).toEqual([sg.id]);
    expect(eni.ipv6Addresses).toHaveLength(1);
    expect(h.fails(runInstances, { subnetId: subnet.id, privateIpAddress: '10.0.0.10' }).code).toBe(
      'InvalidIPAddress.InUse',
    );
    const vpc2 = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    const foreign = h.s.find('securityGroupByName', `${vpc2.id}|default`)[0]!;
    expect(
      h.fails(runInstances, { subnetId: subnet.id, securityGroupIds: [foreign.id] }),
    ).toMatchObject({
      code: 'InvalidParameter',
      message: `Security group ${foreign.id} and subnet ${subnet.id} belong to different networks.`,
    });
  });

  it('launches into an IPv6-only subnet without IPv4 or a public IPv4', () => {
    const { h, native } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: native.id });
    const eni = primaryOf(h, i!.id);
    expect(eni.privateIpAddress).toBeUndefined();
    expect(eni.ipv6Addresses).toHaveLength(1);
    expect(
      h.fails(runInstances, { subnetId: native.id, associatePublicIpAddress: true }).code,
    ).toBe('InvalidParameterCombination');
  });

  it('uses the default VPC’s first subnet, with AWS’s errors when there is none', () => {
    const h = harness();
    expect(h.fails(runInstances, {})).toMatchObject({
      code: 'VPCIdNotSpecified',
      message: 'No default VPC for this user',
    });
    const vpc = h.run(createVpc, { cidrBlock: '172.31.0.0/16', isDefault: true });
    expect(h.fails(runInstances, {})).toMatchObject({
      code: 'MissingInput',
      message: `No subnets found for the default VPC '${vpc.id}'. Please specify a subnet.`,
    });
    h.run(createSubnet, {
      vpcId: vpc.id,
      cidrBlock: '172.31.16.0/20',
      availabilityZone: 'us-east-1b',
      defaultForAz: true,
    });
    const first = h.run(createSubnet, {
      vpcId: vpc.id,
      cidrBlock: '172.31.0.0/20',
      availabilityZone: 'us-east-1a',
      defaultForAz: true,
    });
    const [i] = h.run(runInstances, {});
    expect(i!.subnetId).toBe(first.id);
    // Default subnets map public IPs on launch.
    expect(primaryPublicIp(primaryOf(h, i!.id))).toBeDefined();
  });
});

describe('RunInstances with networkInterfaces', () => {
  it('attaches several ENIs by device index and gives no public IP', () => {
    const { h, vpc, subnet } = dualStackWorld();
    h.run(modifySubnetAttribute, { subnetId: subnet.id, mapPublicIpOnLaunch: true });
    const sg = h.run(createSecurityGroup, { groupName: 'b', description: 'x', vpcId: vpc.id });
    const existing = h.run(createNetworkInterface, { subnetId: subnet.id });
    const [i] = h.run(runInstances, {
      networkInterfaces: [
        { deviceIndex: 2, networkInterfaceId: existing.id },
        { deviceIndex: 1, subnetId: subnet.id, groups: [sg.id], deleteOnTermination: false },
        { deviceIndex: 0, subnetId: subnet.id, description: 'primary' },
      ],
    });
    const enis = instanceNetworkInterfaces(h.s, i!.id);
    expect(enis.map((e) => e.attachment?.deviceIndex)).toEqual([0, 1, 2]);
    expect(enis.map((e) => e.attachment?.deleteOnTermination)).toEqual([true, false, false]);
    expect(enis[0]?.description).toBe('primary');
    expect(enis[1]?.groups).toEqual([sg.id]);
    expect(enis[2]?.id).toBe(existing.id);
    expect(enis.every((e) => primaryPublicIp(e) === undefined)).toBe(true);
    expect(i!.autoAssignPublicIp).toBe(false);
  });

  it('follows AWS’s rules for the public IP parameter', () => {
    const { h, subnet } = dualStackWorld();
    const existing = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(
      h.fails(runInstances, {
        networkInterfaces: [
          { deviceIndex: 0, subnetId: subnet.id, associatePublicIpAddress: true },
          { deviceIndex: 1, subnetId: subnet.id },
        ],
      }),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message:
        'The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.',
    });
    expect(
      h.fails(runInstances, {
        networkInterfaces: [
          { deviceIndex: 0, networkInterfaceId: existing.id, associatePublicIpAddress: true },
        ],
      }).code,
    ).toBe('InvalidParameterCombination');
    const [i] = h.run(runInstances, {
      networkInterfaces: [{ deviceIndex: 0, subnetId: subnet.id, associatePublicIpAddress: true }],
    });
    expect(primaryPublicIp(primaryOf(h, i!.id))).toBeDefined();
  });

  it.each([
    [
      { subnetId: 'subnet-0123456789abcdef0' },
      'Network interfaces and an instance-level subnet ID may not be specified on the same request',
    ],
    [
      { securityGroupIds: ['sg-0123456789abcdef0'] },
      'Network interfaces and an instance-level security groups may not be specified on the same request',
    ],
    [
      { privateIpAddress: '10.0.0.9' },
      'Network interfaces and an instance-level private IP address should not be specified on the same request',
    ],
  ])('refuses instance-level %j next to networkInterfaces', (extra, message) => {
    const { h, subnet } = dualStackWorld();
    expect(
      h.fails(runInstances, {
        networkInterfaces: [{ deviceIndex: 0, subnetId: subnet.id }],
        ...extra,
      }),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message,
    });
  });

  it('checks device indexes, zones and existing ENIs', () => {
    const { h, subnet, other } = dualStackWorld();
    const one = (deviceIndex: number) => ({ deviceIndex, subnetId: subnet.id });
    expect(h.fails(runInstances, { networkInterfaces: [one(0), one(0)] }).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(runInstances, { networkInterfaces: [one(1)] }).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(runInstances, { networkInterfaces: [{ subnetId: subnet.id }] }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(runInstances, { networkInterfaces: [one(0), { deviceIndex: 1, subnetId: other.id }] })
        .code,
    ).toBe('InvalidParameterCombination');
    const existing = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(
      h.fails(runInstances, {
        maxCount: 2,
        networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: existing.id }],
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(runInstances, {
        networkInterfaces: [
          { deviceIndex: 0, networkInterfaceId: existing.id, subnetId: subnet.id },
        ],
      }).code,
    ).toBe('InvalidParameterCombination');
    h.run(runInstances, {
      networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: existing.id }],
    });
    expect(
      h.fails(runInstances, {
        networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: existing.id }],
      }).code,
    ).toBe('InvalidNetworkInterface.InUse');
  });
});

describe('TerminateInstances', () => {
  it('deletes deleteOnTermination ENIs, detaches the others, releases and disassociates addresses', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const primary = primaryOf(h, i!.id);
    const autoIp = primaryPublicIp(primary)!;
    const extra = h.run(createNetworkInterface, { subnetId: subnet.id });
    const keep = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: keep.id, networkInterfaceId: extra.id });
    h.run(attachNetworkInterface, {
      networkInterfaceId: extra.id,
      instanceId: i!.id,
      deviceIndex: 1,
    });
    const [change] = h.run(terminateInstances, { instanceIds: [i!.id] });
    expect(change).toEqual({
      instanceId: i!.id,
      previousState: { code: 16, name: 'running' },
      currentState: { code: 48, name: 'terminated' },
    });
    expect(h.s.get('instance', i!.id)?.state).toBe('terminated');
    expect(h.s.get('network-interface', primary.id)).toBeUndefined();
    expect(h.s.find('networkInterfaceByPublicIp', autoIp.toString())).toHaveLength(0);
    const detached = h.s.get('network-interface', extra.id)!;
    expect(detached.status).toBe('available');
    expect(detached.attachment).toBeUndefined();
    expect(h.s.get('elastic-ip', keep.id)).toMatchObject({ networkInterfaceId: extra.id });
    expect(h.s.get('elastic-ip', keep.id)?.instanceId).toBeUndefined();
    expect(instanceNetworkInterfaces(h.s, i!.id)).toEqual([]);
  });

  it('disassociates an EIP on a deleted primary ENI; terminating again changes nothing', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, instanceId: i!.id });
    h.run(terminateInstances, { instanceIds: [i!.id, i!.id] });
    expect(h.s.get('elastic-ip', eip.id)?.associationId).toBeUndefined();
    const logged = h.store.changes().length;
    const [again] = h.run(terminateInstances, { instanceIds: [i!.id] });
    expect(again?.previousState.name).toBe('terminated');
    expect(h.store.changes()).toHaveLength(logged);
  });

  it('answers missing and unknown ids', () => {
    const { h } = dualStackWorld();
    expect(h.fails(terminateInstances, {}).code).toBe('MissingParameter');
    expect(h.fails(terminateInstances, { instanceIds: ['i-0123456789abcdef0'] }).code).toBe(
      'InvalidInstanceID.NotFound',
    );
    expect(h.fails(terminateInstances, { instanceIds: ['vpc-0123456789abcdef0'] }).code).toBe(
      'InvalidInstanceID.Malformed',
    );
  });
});

describe('StopInstances and StartInstances', () => {
  it('releases the auto-assigned public IP at stop and assigns a new one at start', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const before = primaryPublicIp(primaryOf(h, i!.id))!;
    const [stopped] = h.run(stopInstances, { instanceIds: [i!.id] });
    expect(stopped?.currentState).toEqual({ code: 80, name: 'stopped' });
    expect(primaryPublicIp(primaryOf(h, i!.id))).toBeUndefined();
    expect(h.s.find('networkInterfaceByPublicIp', before.toString())).toHaveLength(0);
    // Someone else takes the released address meanwhile, so the restart gets another one.
    h.run(allocateAddress, { address: before.toString() });
    h.run(startInstances, { instanceIds: [i!.id] });
    const after = primaryPublicIp(primaryOf(h, i!.id))!;
    expect(after.equals(before)).toBe(false);
    expect(primaryOf(h, i!.id).privateIpAddresses[0]?.association?.ipOwnerId).toBe('amazon');
    expect(h.s.get('instance', i!.id)?.state).toBe('running');
  });

  it('keeps an Elastic IP across stop and start and adds no auto IP next to it', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, instanceId: i!.id });
    h.run(stopInstances, { instanceIds: [i!.id] });
    h.run(startInstances, { instanceIds: [i!.id] });
    expect(primaryPublicIp(primaryOf(h, i!.id))?.equals(eip.publicIp)).toBe(true);
    expect(h.s.get('elastic-ip', eip.id)?.instanceId).toBe(i!.id);
  });

  it('gives no new public IP to an instance that now has several ENIs', () => {
    const { h, subnet } = dualStackWorld();
    const { instance: i } = launchWithSecondEni(h, subnet, { associatePublicIpAddress: true });
    expect(primaryPublicIp(primaryOf(h, i.id))).toBeDefined();
    h.run(stopInstances, { instanceIds: [i.id] });
    h.run(startInstances, { instanceIds: [i.id] });
    expect(primaryPublicIp(primaryOf(h, i.id))).toBeUndefined();
  });

  it('is a no-op in the target state and refuses terminated instances', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id });
    const [same] = h.run(startInstances, { instanceIds: [i!.id] });
    expect(same?.previousState.name).toBe('running');
    h.run(terminateInstances, { instanceIds: [i!.id] });
    expect(h.fails(stopInstances, { instanceIds: [i!.id] })).toMatchObject({
      code: 'IncorrectInstanceState',
      message: `The instance '${i!.id}' is not in a state from which it can be stopped.`,
    });
    expect(h.fails(startInstances, { instanceIds: [i!.id] }).code).toBe('IncorrectInstanceState');
  });
});

describe('ModifyInstanceAttribute', () => {
  it('sets sourceDestCheck on the instance’s ENI', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id });
    expect(h.run(modifyInstanceAttribute, { instanceId: i!.id, sourceDestCheck: false })).toBe(
      true,
    );
    expect(primaryOf(h, i!.id).sourceDestCheck).toBe(false);
    expect(h.fails(modifyInstanceAttribute, { instanceId: i!.id }).code).toBe('MissingParameter');
  });

  it('refuses instances with several ENIs, as AWS does, and terminated ones', () => {
    const { h, subnet } = dualStackWorld();
    const { instance: i } = launchWithSecondEni(h, subnet);
    expect(
      h.fails(modifyInstanceAttribute, { instanceId: i.id, sourceDestCheck: false }),
    ).toMatchObject({
      code: 'InvalidInstanceID',
      message: `There are multiple interfaces attached to instance '${i.id}'. Please specify an interface ID for the operation instead.`,
    });
    h.run(terminateInstances, { instanceIds: [i.id] });
    expect(
      h.fails(modifyInstanceAttribute, { instanceId: i.id, sourceDestCheck: false }).code,
    ).toBe('IncorrectInstanceState');
  });

  it('hides other accounts’ instances', () => {
    const { h, subnet } = dualStackWorld();
    const [i] = h.run(runInstances, { subnetId: subnet.id });
    const other = caller('222222222222');
    h.init(other);
    expect(
      h.fails(modifyInstanceAttribute, { instanceId: i!.id, sourceDestCheck: false }, other).code,
    ).toBe('InvalidInstanceID.NotFound');
  });
});
