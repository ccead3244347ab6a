import { describe, expect, it } from 'vitest';
import { publicIpv4Pool } from '../model/aws-services.js';
import type { RegionName } from '../model/ids.js';
import { instanceNetworkInterfaces } from '../model/instance.js';
import { primaryPublicIp } from '../model/network-interface.js';
import { dualStackWorld, launchWithSecondEni } from '../../test/support/fixtures.js';
import { caller } from '../../test/support/harness.js';
import {
  allocateAddress,
  associateAddress,
  disassociateAddress,
  releaseAddress,
} from './elastic-ip.js';
import { runInstances } from './instance-launch.js';
import { createNatGateway } from './nat-gateway.js';
import { createNetworkInterface } from './network-interface.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

const pool = publicIpv4Pool('us-east-1' as RegionName);

/**
 * The dual-stack world, a VPC without an internet gateway with a subnet, and `eipOnEni`, which
 * associates a new EIP with a new ENI in `subnet`.
 */
function world() {
  const w = dualStackWorld();
  const { h, subnet } = w;
  const closed = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
  const closedSubnet = h.run(createSubnet, { vpcId: closed.id, cidrBlock: '10.1.0.0/24' });
  const eipOnEni = () => {
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    const { associationId } = h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: eni.id,
    });
    return { eni, eip, associationId };
  };
  return { ...w, closed, closedSubnet, eipOnEni };
}

describe('AllocateAddress', () => {
  it('hands out free addresses of the Region pool', () => {
    const { h } = world();
    const a = h.run(allocateAddress, { domain: 'vpc', tags: [{ key: 'Name', value: 'a' }] });
    expect(a).toMatchObject({
      domain: 'vpc',
      networkBorderGroup: 'us-east-1',
      publicIpv4Pool: 'amazon',
      tags: [{ key: 'Name', value: 'a' }],
    });
    expect(a.id).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    expect(pool.contains(a.publicIp)).toBe(true);
    const b = h.run(allocateAddress, {});
    expect(pool.contains(b.publicIp) && !b.publicIp.equals(a.publicIp)).toBe(true);
    h.run(releaseAddress, { allocationId: a.id });
    expect(h.s.find('elasticIpByPublicIp', a.publicIp.toString())).toHaveLength(0);
  });

  it('pins a public address (vpctwin extension) and skips it afterwards', () => {
    const { h } = world();
    const pinned = h.run(allocateAddress, { address: pool.nth(1n).toString() });
    expect(pinned.publicIp.equals(pool.nth(1n))).toBe(true);
    for (let i = 0; i < 20; i++) {
      expect(h.run(allocateAddress, {}).publicIp.equals(pool.nth(1n))).toBe(false);
    }
    expect(h.run(allocateAddress, { address: '52.10.20.30' }).publicIp.toString()).toBe(
      '52.10.20.30',
    );
  });

  it.each([
    [{ address: '10.0.0.5' }, 'InvalidParameterValue'],
    [{ address: '192.168.1.1' }, 'InvalidParameterValue'],
    [{ address: '100.64.0.1' }, 'InvalidParameterValue'],
    [{ address: '224.0.0.1' }, 'InvalidParameterValue'],
    [{ address: '52.1.2' }, 'InvalidParameterValue'],
    [{ address: '2600::1' }, 'InvalidParameterValue'],
    [{ domain: 'standard' }, 'InvalidParameterValue'],
  ])('refuses %j with %s', (input, code) => {
    const { h } = world();
    expect(h.fails(allocateAddress, input).code).toBe(code);
  });

  it('refuses a pinned address someone holds, as an EIP or an auto-assigned IP', () => {
    const { h, subnet } = world();
    h.run(allocateAddress, { address: '52.10.20.30' });
    expect(h.fails(allocateAddress, { address: '52.10.20.30' }).code).toBe(
      'InvalidIPAddress.InUse',
    );
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const auto = primaryPublicIp(instanceNetworkInterfaces(h.s, i!.id)[0]!)!;
    expect(h.fails(allocateAddress, { address: auto.toString() }).code).toBe(
      'InvalidIPAddress.InUse',
    );
  });
});

describe('AssociateAddress', () => {
  it('keeps the association on the EIP and on the ENI’s private address, in step', () => {
    const { h, eipOnEni } = world();
    const { eni, eip, associationId } = eipOnEni();
    expect(associationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    const after = h.s.get('elastic-ip', eip.id)!;
    expect(after).toMatchObject({
      associationId,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: '111111111111',
    });
    expect(after.privateIpAddress?.toString()).toBe('10.0.0.4');
    expect(after.instanceId).toBeUndefined();
    expect(h.s.get('network-interface', eni.id)!.privateIpAddresses[0]?.association).toEqual({
      publicIp: eip.publicIp,
      ipOwnerId: '111111111111',
      allocationId: eip.id,
      associationId,
    });
    expect(h.s.find('networkInterfaceByPublicIp', eip.publicIp.toString())[0]?.id).toBe(eni.id);
    expect(h.s.find('elasticIpByAssociationId', associationId)[0]?.id).toBe(eip.id);
  });

  it('replaces an instance’s auto-assigned public IP and names the instance', () => {
    const { h, subnet } = world();
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const eni = instanceNetworkInterfaces(h.s, i!.id)[0]!;
    const auto = primaryPublicIp(eni)!;
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, instanceId: i!.id });
    expect(primaryPublicIp(h.s.get('network-interface', eni.id)!)?.equals(eip.publicIp)).toBe(true);
    expect(h.s.find('networkInterfaceByPublicIp', auto.toString())).toHaveLength(0);
    expect(h.s.get('elastic-ip', eip.id)?.instanceId).toBe(i!.id);
  });

  it('associates with a secondary address', () => {
    const { h, subnet } = world();
    const eni = h.run(createNetworkInterface, {
      subnetId: subnet.id,
      secondaryPrivateIpAddressCount: 1,
    });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: eni.id,
      privateIpAddress: '10.0.0.5',
    });
    const entries = h.s.get('network-interface', eni.id)!.privateIpAddresses;
    expect(entries[0]?.association).toBeUndefined();
    expect(entries[1]?.association?.allocationId).toBe(eip.id);
    expect(
      h.fails(associateAddress, {
        allocationId: eip.id,
        networkInterfaceId: eni.id,
        privateIpAddress: '10.0.0.99',
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('needs an internet gateway on the VPC', () => {
    const { h, closed, closedSubnet } = world();
    const eni = h.run(createNetworkInterface, { subnetId: closedSubnet.id });
    const eip = h.run(allocateAddress, {});
    expect(
      h.fails(associateAddress, { allocationId: eip.id, networkInterfaceId: eni.id }),
    ).toMatchObject({
      code: 'Gateway.NotAttached',
      message: `Network ${closed.id} is not attached to any internet gateway`,
    });
  });

  it('moves an associated EIP only with allowReassociation', () => {
    const { h, subnet } = world();
    const a = h.run(createNetworkInterface, { subnetId: subnet.id });
    const b = h.run(createNetworkInterface, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    const first = h.run(associateAddress, { allocationId: eip.id, networkInterfaceId: a.id });
    expect(
      h.fails(associateAddress, { allocationId: eip.id, networkInterfaceId: b.id }),
    ).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `resource ${eip.id} is already associated with associate-id ${first.associationId}`,
    });
    const again = h.run(associateAddress, { allocationId: eip.id, networkInterfaceId: a.id });
    expect(again.associationId).toBe(first.associationId);
    const moved = h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: b.id,
      allowReassociation: true,
    });
    expect(moved.associationId).not.toBe(first.associationId);
    expect(h.s.get('network-interface', a.id)!.privateIpAddresses[0]?.association).toBeUndefined();
    expect(
      h.s.get('network-interface', b.id)!.privateIpAddresses[0]?.association?.associationId,
    ).toBe(moved.associationId);
    expect(h.s.get('elastic-ip', eip.id)?.networkInterfaceId).toBe(b.id);
    expect(h.s.find('elasticIpByAssociationId', first.associationId)).toHaveLength(0);
  });

  it('disassociates the EIP a target address already has (it stays allocated)', () => {
    const { h, subnet } = world();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const old = h.run(allocateAddress, {});
    const fresh = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: old.id, networkInterfaceId: eni.id });
    h.run(associateAddress, { allocationId: fresh.id, networkInterfaceId: eni.id });
    expect(h.s.get('elastic-ip', old.id)?.associationId).toBeUndefined();
    expect(primaryPublicIp(h.s.get('network-interface', eni.id)!)?.equals(fresh.publicIp)).toBe(
      true,
    );
  });

  it('gives an instance that loses its EIP a new auto-assigned IP when it was launched with one', () => {
    const { h, subnet } = world();
    const [i] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const eip = h.run(allocateAddress, {});
    h.run(associateAddress, { allocationId: eip.id, instanceId: i!.id });
    const other = h.run(createNetworkInterface, { subnetId: subnet.id });
    h.run(associateAddress, {
      allocationId: eip.id,
      networkInterfaceId: other.id,
      allowReassociation: true,
    });
    const refilled = instanceNetworkInterfaces(h.s, i!.id)[0]!.privateIpAddresses[0]?.association;
    expect(refilled?.ipOwnerId).toBe('amazon');
  });

  it('refuses an instance with several ENIs, as AWS does', () => {
    const { h, subnet } = world();
    const { instance: i, extra } = launchWithSecondEni(h, subnet);
    const eip = h.run(allocateAddress, {});
    expect(h.fails(associateAddress, { allocationId: eip.id, instanceId: i.id }).code).toBe(
      'InvalidInstanceID',
    );
    h.run(associateAddress, { allocationId: eip.id, networkInterfaceId: extra.id });
    expect(h.s.get('elastic-ip', eip.id)?.instanceId).toBe(i.id);
  });

  it('checks its parameters', () => {
    const { h, subnet, native } = world();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const [i] = h.run(runInstances, { subnetId: subnet.id });
    const eip = h.run(allocateAddress, {});
    expect(h.fails(associateAddress, { networkInterfaceId: eni.id }).code).toBe('MissingParameter');
    expect(h.fails(associateAddress, { allocationId: eip.id }).code).toBe('MissingParameter');
    expect(
      h.fails(associateAddress, {
        allocationId: eip.id,
        networkInterfaceId: eni.id,
        instanceId: i!.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(associateAddress, {
        allocationId: 'eipalloc-0123456789abcdef0',
        networkInterfaceId: eni.id,
      }).code,
    ).toBe('InvalidAllocationID.NotFound');
    expect(
      h.fails(associateAddress, { allocationId: 'eni-12345678', networkInterfaceId: eni.id }).code,
    ).toBe('InvalidAllocationID.Malformed');
    expect(
      h.fails(associateAddress, { allocationId: eip.id, instanceId: 'i-0123456789abcdef0' }).code,
    ).toBe('InvalidInstanceID.NotFound');
    const v6only = h.run(createNetworkInterface, { subnetId: native.id });
    expect(
      h.fails(associateAddress, { allocationId: eip.id, networkInterfaceId: v6only.id }).code,
    ).toBe('InvalidParameterValue');
  });

  it('refuses service-managed ENIs and EIPs', () => {
    const { h, subnet } = world();
    const natEip = h.run(allocateAddress, {});
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: natEip.id });
    const natEni = nat.natGatewayAddresses[0]!.networkInterfaceId;
    const eip = h.run(allocateAddress, {});
    expect(
      h.fails(associateAddress, { allocationId: eip.id, networkInterfaceId: natEni }).code,
    ).toBe('AuthFailure');
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    expect(
      h.fails(associateAddress, {
        allocationId: natEip.id,
        networkInterfaceId: eni.id,
        allowReassociation: true,
      }).code,
    ).toBe('AuthFailure');
  });

  it('hides other accounts’ addresses', () => {
    const { h, subnet } = world();
    const eni = h.run(createNetworkInterface, { subnetId: subnet.id });
    const other = caller('222222222222');
    h.init(other);
    const theirs = h.run(allocateAddress, {}, other);
    expect(
      h.fails(associateAddress, { allocationId: theirs.id, networkInterfaceId: eni.id }).code,
    ).toBe('InvalidAllocationID.NotFound');
  });
});

describe('DisassociateAddress', () => {
  it('clears both sides', () => {
    const { h, eipOnEni } = world();
    const { eni, eip, associationId } = eipOnEni();
    h.run(disassociateAddress, { associationId });
    const after = h.s.get('elastic-ip', eip.id)!;
    expect(after.associationId).toBeUndefined();
    expect(after.networkInterfaceId).toBeUndefined();
    expect(
      h.s.get('network-interface', eni.id)!.privateIpAddresses[0]?.association,
    ).toBeUndefined();
    expect(h.s.find('networkInterfaceByPublicIp', eip.publicIp.toString())).toHaveLength(0);
    expect(h.fails(disassociateAddress, { associationId }).code).toBe(
      'InvalidAssociationID.NotFound',
    );
  });

  it('gives back an auto-assigned IP only to instances launched with one', () => {
    const { h, subnet } = world();
    const [auto] = h.run(runInstances, { subnetId: subnet.id, associatePublicIpAddress: true });
    const [plain] = h.run(runInstances, { subnetId: subnet.id });
    for (const i of [auto!, plain!]) {
      const eip = h.run(allocateAddress, {});
      const { associationId } = h.run(associateAddress, { allocationId: eip.id, instanceId: i.id });
      h.run(disassociateAddress, { associationId });
    }
    expect(primaryPublicIp(instanceNetworkInterfaces(h.s, auto!.id)[0]!)).toBeDefined();
    expect(primaryPublicIp(instanceNetworkInterfaces(h.s, plain!.id)[0]!)).toBeUndefined();
  });

  it('answers missing, unknown and foreign associations and refuses a NAT gateway’s', () => {
    const { h, subnet } = world();
    expect(h.fails(disassociateAddress, {}).code).toBe('MissingParameter');
    expect(h.fails(disassociateAddress, { associationId: 'eipassoc-0123456789abcdef0' }).code).toBe(
      'InvalidAssociationID.NotFound',
    );
    const natEip = h.run(allocateAddress, {});
    const nat = h.run(createNatGateway, { subnetId: subnet.id, allocationId: natEip.id });
    const associationId = nat.natGatewayAddresses[0]!.associationId!;
    expect(h.fails(disassociateAddress, { associationId })).toMatchObject({
      code: 'AuthFailure',
      message: 'You do not have permission to access the specified resource.',
    });
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(disassociateAddress, { associationId }, other).code).toBe(
      'InvalidAssociationID.NotFound',
    );
  });
});

describe('ReleaseAddress', () => {
  it('releases only an unassociated EIP', () => {
    const { h, eipOnEni } = world();
    const { eip, associationId } = eipOnEni();
    expect(h.fails(releaseAddress, { allocationId: eip.id })).toMatchObject({
      code: 'InvalidIPAddress.InUse',
      message: `The address with allocation id [${eip.id}] is in use.`,
    });
    h.run(disassociateAddress, { associationId });
    h.run(releaseAddress, { allocationId: eip.id });
    expect(h.s.get('elastic-ip', eip.id)).toBeUndefined();
    expect(h.fails(releaseAddress, { allocationId: eip.id }).code).toBe(
      'InvalidAllocationID.NotFound',
    );
  });

  it('refuses a NAT gateway’s EIP and answers bad ids', () => {
    const { h, subnet } = world();
    const natEip = h.run(allocateAddress, {});
    h.run(createNatGateway, { subnetId: subnet.id, allocationId: natEip.id });
    expect(h.fails(releaseAddress, { allocationId: natEip.id }).code).toBe('AuthFailure');
    expect(h.fails(releaseAddress, {}).code).toBe('MissingParameter');
    expect(h.fails(releaseAddress, { allocationId: 'nope' }).code).toBe(
      'InvalidAllocationID.Malformed',
    );
  });
});
