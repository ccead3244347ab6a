import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import type { FixedClock } from '../model/clock.js';
import {
  activePeeringBetween,
  peeringAt,
  peeringStatusAt,
  peerVpcOf,
} from '../model/vpc-peering.js';
import type { Caller } from '../store/store.js';
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  deleteVpcPeeringConnection,
  modifyVpcPeeringConnectionOptions,
  PEERING_FAILED_MESSAGE,
  peeringVisibleTo,
  rejectVpcPeeringConnection,
} from './vpc-peering.js';
import { associateVpcCidrBlock, createVpc, deleteVpc, modifyVpcAttribute } from './vpc.js';

const DAY = 24 * 60 * 60 * 1000;
const A = caller('111111111111', 'us-east-1');
const B = caller('222222222222', 'us-west-2');
const A_WEST = caller('111111111111', 'us-west-2');
const C = caller('333333333333', 'us-east-1');

/** A harness with callers A (default), B and A in us-west-2 initialised. */
function setup() {
  const h = harness(A);
  h.init(B);
  h.init(A_WEST);
  h.init(C);
  const vpc = (cidrBlock: string, c: Caller = A, name?: string) =>
    h.run(createVpc, { cidrBlock, ...(name ? { tags: [{ key: 'Name', value: name }] } : {}) }, c);
  const clock = h.store.clock as FixedClock;
  /** A request that failed at once, as its two VPCs overlap. */
  const failed = () =>
    h.run(createVpcPeeringConnection, {
      vpcId: vpc('10.0.0.0/16').id,
      peerVpcId: vpc('10.0.0.0/20').id,
    });
  return { h, vpc, clock, failed };
}

/** A cross-account, cross-Region request: requester A in us-east-1, accepter B in us-west-2. */
function crossAccount() {
  const t = setup();
  const mine = t.vpc('10.0.0.0/16');
  const theirs = t.vpc('10.1.0.0/16', B);
  const pcx = t.h.run(createVpcPeeringConnection, {
    vpcId: mine.id,
    peerVpcId: theirs.id,
    peerOwnerId: B.accountId,
    peerRegion: B.region,
  });
  return { ...t, mine, theirs, pcx };
}

describe('CreateVpcPeeringConnection', () => {
  it('creates a pending request that expires in 7 days', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: a.id,
      peerVpcId: b.id,
      tags: [{ key: 'Name', value: 'a-b' }],
    });
    expect(pcx.id).toMatch(/^pcx-[0-9a-f]{17}$/);
    expect(pcx.status).toEqual({
      code: 'pending-acceptance',
      message: 'Pending Acceptance by 111111111111',
    });
    expect(pcx.expirationTime).toBe('2026-01-08T00:00:00.000Z');
    expect(pcx.ownerId).toBe(A.accountId);
    expect(pcx.region).toBe(A.region);
    expect(pcx.tags).toEqual([{ key: 'Name', value: 'a-b' }]);
    expect(pcx.requesterVpcInfo).toMatchObject({
      vpcId: a.id,
      ownerId: A.accountId,
      region: A.region,
    });
    expect(pcx.requesterVpcInfo.cidrBlock?.toString()).toBe('10.0.0.0/16');
    expect(pcx.accepterVpcInfo.cidrBlock?.toString()).toBe('10.1.0.0/16');
    expect(pcx.accepterVpcInfo.allowDnsResolutionFromRemoteVpc).toBe(false);
    expect(h.s.get('vpc-peering-connection', pcx.id)).toEqual(pcx);
    expect(h.s.find('peeringsByVpc', b.id).map((p) => p.id)).toEqual([pcx.id]);
  });

  it('db-primary 10.50.0.0/16 vs a VPC 10.50.0.0/20 → failed: overlapping CIDRs', () => {
    const { h, vpc } = setup();
    const db = vpc('10.50.0.0/16', A, 'db-primary');
    const other = vpc('10.50.0.0/20');
    const pcx = h.run(createVpcPeeringConnection, { vpcId: db.id, peerVpcId: other.id });
    expect(pcx.status.code).toBe('failed');
    expect(pcx.status.message).toBe(PEERING_FAILED_MESSAGE);
    expect(pcx.status.message).toMatch(/overlapping CIDR/i);
    expect(pcx.expirationTime).toBeUndefined();
    expect(h.s.get('vpc-peering-connection', pcx.id)?.status.code).toBe('failed');
    expect(activePeeringBetween(h.s, db.id, other.id)).toBeUndefined();
  });

  it('fails on an overlap with any secondary block, of either side', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    h.run(associateVpcCidrBlock, { vpcId: a.id, cidrBlock: '10.9.0.0/16' });
    const b = vpc('10.9.128.0/20');
    expect(h.run(createVpcPeeringConnection, { vpcId: b.id, peerVpcId: a.id }).status.code).toBe(
      'failed',
    );
  });

  it('fails on overlapping IPv6 blocks even when the IPv4 blocks are apart', () => {
    const { h } = setup();
    const v6 = '2600:1f18:0:100::/56';
    const a = h.run(createVpc, { cidrBlock: '10.0.0.0/16', ipv6CidrBlock: v6 });
    const b = h.run(createVpc, { cidrBlock: '10.1.0.0/16', ipv6CidrBlock: v6 }, A_WEST);
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: a.id,
      peerVpcId: b.id,
      peerRegion: 'us-west-2',
    });
    expect(pcx.status.code).toBe('failed');
  });

  it('answers InvalidVpcID.NotFound for a peer looked up in the caller’s own account and Region', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const elsewhere = vpc('10.1.0.0/16', B);
    // The peer exists, but in another account: without peerOwnerId EC2 looks in the caller's.
    expect(
      h.fails(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: elsewhere.id }),
    ).toMatchObject({
      code: 'InvalidVpcID.NotFound',
      message: `The vpc ID '${elsewhere.id}' does not exist`,
    });
    expect(
      h.fails(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: 'vpc-0123456789abcdef0' }).code,
    ).toBe('InvalidVpcID.NotFound');
  });

  it('creates a failed connection for a peer missing from another account or Region', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16', B);
    const wrongAccount = h.run(createVpcPeeringConnection, {
      vpcId: a.id,
      peerVpcId: 'vpc-0123456789abcdef0',
      peerOwnerId: B.accountId,
      peerRegion: B.region,
    });
    expect(wrongAccount.status).toEqual({ code: 'failed', message: PEERING_FAILED_MESSAGE });
    expect(wrongAccount.accepterVpcInfo).toEqual({
      vpcId: 'vpc-0123456789abcdef0',
      ownerId: B.accountId,
      region: B.region,
      allowDnsResolutionFromRemoteVpc: false,
    });
    // B's VPC exists, but the request names the wrong Region for it.
    const wrongRegion = h.run(createVpcPeeringConnection, {
      vpcId: a.id,
      peerVpcId: b.id,
      peerOwnerId: B.accountId,
      peerRegion: 'eu-west-1',
    });
    expect(wrongRegion.status.code).toBe('failed');
  });

  it('needs the requester VPC to be the caller’s own', () => {
    const { h, vpc } = setup();
    const theirs = vpc('10.0.0.0/16', B);
    const mine = vpc('10.1.0.0/16');
    expect(h.fails(createVpcPeeringConnection, { vpcId: theirs.id, peerVpcId: mine.id }).code).toBe(
      'InvalidVpcID.NotFound',
    );
    expect(h.fails(createVpcPeeringConnection, { vpcId: 'vpc-xyz', peerVpcId: mine.id }).code).toBe(
      'InvalidVpcID.Malformed',
    );
    expect(
      h.fails(createVpcPeeringConnection, { vpcId: mine.id, peerVpcId: 'subnet-12345678' }).code,
    ).toBe('InvalidVpcID.Malformed');
  });

  it('validates its parameters', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    expect(h.fails(createVpcPeeringConnection, { vpcId: a.id }).code).toBe('MissingParameter');
    expect(
      h.fails(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id, peerOwnerId: '12' }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id, peerRegion: 'mars-1' })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createVpcPeeringConnection, {
        vpcId: a.id,
        peerVpcId: b.id,
        tags: [{ key: 'aws:x', value: '' }],
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows one live peering per VPC pair, in either direction', () => {
    const { h, vpc, clock } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    const first = h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
    expect(h.fails(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id })).toMatchObject({
      code: 'VpcPeeringConnectionAlreadyExists',
    });
    expect(h.fails(createVpcPeeringConnection, { vpcId: b.id, peerVpcId: a.id }).code).toBe(
      'VpcPeeringConnectionAlreadyExists',
    );
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: first.id });
    expect(h.fails(createVpcPeeringConnection, { vpcId: b.id, peerVpcId: a.id }).code).toBe(
      'VpcPeeringConnectionAlreadyExists',
    );
    h.run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: first.id });
    const second = h.run(createVpcPeeringConnection, { vpcId: b.id, peerVpcId: a.id });
    // An expired request no longer counts.
    clock.advance(7 * DAY);
    expect(peeringStatusAt(second, clock.now()).code).toBe('expired');
    h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
  });
});

describe('AcceptVpcPeeringConnection', () => {
  it('turns a pending request active (same account and Region)', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    const pcx = h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
    const active = h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    expect(active.status).toEqual({ code: 'active', message: 'Active' });
    expect(active.expirationTime).toBeUndefined();
    expect(h.s.get('vpc-peering-connection', pcx.id)).toEqual(active);
    expect(activePeeringBetween(h.s, a.id, b.id)?.id).toBe(pcx.id);
    expect(activePeeringBetween(h.s, b.id, a.id)?.id).toBe(pcx.id);
    expect(peerVpcOf(active, a.id)?.vpcId).toBe(b.id);
    expect(peerVpcOf(active, b.id)?.vpcId).toBe(a.id);
    expect(peerVpcOf(active, 'vpc-0123456789abcdef0')).toBeUndefined();
  });

  it('refuses a second accept with AWS’s state-transition error', () => {
    const { h, vpc } = setup();
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: vpc('10.0.0.0/16').id,
      peerVpcId: vpc('10.1.0.0/16').id,
    });
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    expect(h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toMatchObject({
      code: 'InvalidStateTransition',
      message: `Invalid state transition for ${pcx.id}, attempted to transition from active to active`,
    });
  });

  it('cannot accept a failed connection', () => {
    const { h, failed } = setup();
    const pcx = failed();
    expect(h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }).message).toBe(
      `Invalid state transition for ${pcx.id}, attempted to transition from failed to active`,
    );
  });

  it('lets the accepter account accept in its own Region, across accounts and Regions', () => {
    const { h, pcx, mine, theirs } = crossAccount();
    expect(pcx.status.message).toBe('Pending Acceptance by 222222222222');
    // The requester sees it but may not accept it.
    expect(h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toMatchObject({
      code: 'OperationNotPermitted',
      message: `User (111111111111) cannot accept peering ${pcx.id}`,
    });
    // The accepter account sees it only in the accepter's Region; a third account never.
    expect(
      h.fails(
        acceptVpcPeeringConnection,
        { vpcPeeringConnectionId: pcx.id },
        caller('222222222222'),
      ).code,
    ).toBe('InvalidVpcPeeringConnectionID.NotFound');
    expect(
      h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, C),
    ).toMatchObject({
      code: 'InvalidVpcPeeringConnectionID.NotFound',
      message: `The vpcPeeringConnection ID '${pcx.id}' does not exist`,
    });
    const active = h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B);
    expect(active.status.code).toBe('active');
    // Still stored once, with the requester's owner and Region.
    expect(h.s.get('vpc-peering-connection', pcx.id)).toMatchObject({
      ownerId: A.accountId,
      region: A.region,
    });
    expect(activePeeringBetween(h.s, mine.id, theirs.id)?.id).toBe(pcx.id);
  });

  it('makes the same account accept in the accepter’s Region', () => {
    const { h, vpc } = setup();
    const east = vpc('10.0.0.0/16');
    const west = vpc('10.1.0.0/16', A_WEST);
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: east.id,
      peerVpcId: west.id,
      peerRegion: 'us-west-2',
    });
    expect(pcx.status.code).toBe('pending-acceptance');
    expect(h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toMatchObject({
      code: 'OperationNotPermitted',
      message: `Incorrect region (us-east-1) specified for this request. VPC peering connection ${pcx.id} must be accepted in region us-west-2`,
    });
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, A_WEST);
    expect(h.s.get('vpc-peering-connection', pcx.id)?.status.code).toBe('active');
  });

  it('cannot accept a request past its 7 days', () => {
    const { h, pcx, clock } = crossAccount();
    clock.advance(7 * DAY - 1);
    expect(peeringStatusAt(pcx, clock.now()).code).toBe('pending-acceptance');
    clock.advance(1);
    expect(peeringStatusAt(pcx, clock.now())).toEqual({ code: 'expired', message: 'Expired' });
    const seen = peeringAt(pcx, clock.now());
    expect(seen.status.code).toBe('expired');
    expect(seen.expirationTime).toBeUndefined();
    expect(h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B).message).toBe(
      `Invalid state transition for ${pcx.id}, attempted to transition from expired to active`,
    );
    expect(h.fails(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }).code).toBe(
      'InvalidStateTransition',
    );
  });

  it('answers malformed and unknown ids as AWS does', () => {
    const { h } = setup();
    expect(
      h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: 'vpc-12345678' }).code,
    ).toBe('InvalidVpcPeeringConnectionId.Malformed');
    expect(
      h.fails(acceptVpcPeeringConnection, { vpcPeeringConnectionId: 'pcx-0123456789abcdef0' }).code,
    ).toBe('InvalidVpcPeeringConnectionID.NotFound');
  });
});

describe('RejectVpcPeeringConnection', () => {
  it('lets only the accepter reject a pending request', () => {
    const { h, pcx, mine, theirs } = crossAccount();
    expect(h.fails(rejectVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toMatchObject({
      code: 'OperationNotPermitted',
      message: `User (111111111111) cannot reject peering ${pcx.id}`,
    });
    expect(h.run(rejectVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B)).toBe(true);
    const stored = h.s.get('vpc-peering-connection', pcx.id)!;
    expect(stored.status).toEqual({ code: 'rejected', message: 'Rejected by 222222222222' });
    expect(stored.expirationTime).toBeUndefined();
    expect(h.fails(rejectVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B).message).toBe(
      `Invalid state transition for ${pcx.id}, attempted to transition from rejected to rejected`,
    );
    // A rejected request no longer blocks a new one.
    const again = h.run(createVpcPeeringConnection, {
      vpcId: mine.id,
      peerVpcId: theirs.id,
      peerOwnerId: B.accountId,
      peerRegion: B.region,
    });
    expect(again.status.code).toBe('pending-acceptance');
  });

  it('names the accepter’s Region to a same-account caller in the wrong one', () => {
    const { h, vpc } = setup();
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: vpc('10.0.0.0/16').id,
      peerVpcId: vpc('10.1.0.0/16', A_WEST).id,
      peerRegion: 'us-west-2',
    });
    expect(h.fails(rejectVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }).message).toBe(
      `Incorrect region (us-east-1) specified for this request. VPC peering connection ${pcx.id} must be accepted or rejected in region us-west-2`,
    );
  });

  it('cannot reject an active connection', () => {
    const { h, pcx } = crossAccount();
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B);
    expect(h.fails(rejectVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B).code).toBe(
      'InvalidStateTransition',
    );
  });
});

describe('DeleteVpcPeeringConnection', () => {
  it('lets the requester withdraw a pending request', () => {
    const { h, pcx } = crossAccount();
    expect(h.run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toBe(true);
    expect(h.s.get('vpc-peering-connection', pcx.id)?.status).toEqual({
      code: 'deleted',
      message: 'Deleted by 111111111111',
    });
  });

  it('does not let the accepter delete a pending request', () => {
    const { h, pcx } = crossAccount();
    expect(h.fails(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B).code).toBe(
      'OperationNotPermitted',
    );
  });

  it('lets either owner delete an active connection, in its own Region', () => {
    const { h, pcx, mine, theirs } = crossAccount();
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B);
    h.run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B);
    expect(h.s.get('vpc-peering-connection', pcx.id)?.status.message).toBe(
      'Deleted by 222222222222',
    );
    expect(activePeeringBetween(h.s, mine.id, theirs.id)).toBeUndefined();
    expect(h.fails(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id })).toMatchObject({
      code: 'InvalidStateTransition',
      message: `Invalid state transition for ${pcx.id}, attempted to transition from deleted to deleting`,
    });
  });

  it('cannot delete a failed connection', () => {
    const { h, failed } = setup();
    const pcx = failed();
    expect(h.fails(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }).message).toBe(
      `Invalid state transition for ${pcx.id}, attempted to transition from failed to deleting`,
    );
  });

  it('keeps a VPC with a live peering from being deleted, until the peering goes', () => {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    const pcx = h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    expect(h.fails(deleteVpc, { vpcId: b.id }).code).toBe('DependencyViolation');
    h.run(deleteVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    h.run(deleteVpc, { vpcId: b.id });
  });
});

describe('ModifyVpcPeeringConnectionOptions', () => {
  /** Both VPCs of one account with DNS hostnames on, peered and active. */
  function activeWithDns() {
    const { h, vpc } = setup();
    const a = vpc('10.0.0.0/16');
    const b = vpc('10.1.0.0/16');
    for (const v of [a, b]) h.run(modifyVpcAttribute, { vpcId: v.id, enableDnsHostnames: true });
    const pcx = h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
    return { h, a, b, pcx };
  }

  it('sets DNS resolution per side on an active connection', () => {
    const { h, pcx } = activeWithDns();
    expect(
      h.fails(modifyVpcPeeringConnectionOptions, {
        vpcPeeringConnectionId: pcx.id,
        requesterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: true },
      }),
    ).toMatchObject({
      code: 'OperationNotPermitted',
      message: `Peering ${pcx.id} is not active. Peering options can be added only to active peerings.`,
    });
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    const out = h.run(modifyVpcPeeringConnectionOptions, {
      vpcPeeringConnectionId: pcx.id,
      requesterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: true },
    });
    expect(out).toEqual({
      requesterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: true },
    });
    const stored = h.s.get('vpc-peering-connection', pcx.id)!;
    expect(stored.requesterVpcInfo.allowDnsResolutionFromRemoteVpc).toBe(true);
    expect(stored.accepterVpcInfo.allowDnsResolutionFromRemoteVpc).toBe(false);
  });

  it('needs DNS hostnames in both VPCs to turn DNS resolution on, not off', () => {
    const { h, b, pcx } = activeWithDns();
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id });
    h.run(modifyVpcAttribute, { vpcId: b.id, enableDnsHostnames: false });
    const on = { allowDnsResolutionFromRemoteVpc: true };
    expect(
      h.fails(modifyVpcPeeringConnectionOptions, {
        vpcPeeringConnectionId: pcx.id,
        accepterPeeringConnectionOptions: on,
      }).code,
    ).toBe('InvalidVpcPeeringConnectionState.DnsHostnamesDisabled');
    h.run(modifyVpcPeeringConnectionOptions, {
      vpcPeeringConnectionId: pcx.id,
      accepterPeeringConnectionOptions: { allowDnsResolutionFromRemoteVpc: false },
    });
  });

  it('needs at least one side’s options', () => {
    const { h, pcx } = activeWithDns();
    expect(
      h.fails(modifyVpcPeeringConnectionOptions, { vpcPeeringConnectionId: pcx.id }).code,
    ).toBe('MissingParameter');
  });

  it('lets each owner change only its own side, across accounts', () => {
    const { h, pcx } = crossAccount();
    h.run(acceptVpcPeeringConnection, { vpcPeeringConnectionId: pcx.id }, B);
    const off = { allowDnsResolutionFromRemoteVpc: false };
    expect(
      h.fails(modifyVpcPeeringConnectionOptions, {
        vpcPeeringConnectionId: pcx.id,
        accepterPeeringConnectionOptions: off,
      }).code,
    ).toBe('OperationNotPermitted');
    expect(
      h.fails(
        modifyVpcPeeringConnectionOptions,
        { vpcPeeringConnectionId: pcx.id, requesterPeeringConnectionOptions: off },
        B,
      ).code,
    ).toBe('OperationNotPermitted');
    expect(
      h.run(
        modifyVpcPeeringConnectionOptions,
        { vpcPeeringConnectionId: pcx.id, accepterPeeringConnectionOptions: off },
        B,
      ),
    ).toEqual({ accepterPeeringConnectionOptions: off });
  });
});

describe('peeringVisibleTo', () => {
  it('shows the connection to each side’s owner in that side’s Region only', () => {
    const { pcx } = crossAccount();
    expect(peeringVisibleTo(pcx, A)).toBe(true);
    expect(peeringVisibleTo(pcx, B)).toBe(true);
    expect(peeringVisibleTo(pcx, A_WEST)).toBe(false);
    expect(peeringVisibleTo(pcx, caller('222222222222', 'us-east-1'))).toBe(false);
    expect(peeringVisibleTo(pcx, C)).toBe(false);
  });
});
