import type { AwsError } from '../model/errors.js';
import type { IpamPool } from '../model/ipam.js';
import type { OperationContext } from '../model/operation.js';
import type { ResourceByKind } from '../model/resource.js';
import type { Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { owned } from './params.js';

/**
 * An IPAM resource of the caller's account in any Region: pools are used from their locale
 * Region (a VPC in us-east-2 draws from a pool of an IPAM homed in us-east-1), so a lookup by
 * id may not insist on the caller's Region the way `owned` does.
 */
export function ownedIpamResource<K extends 'ipam' | 'ipam-scope' | 'ipam-pool'>(
  s: Snapshot,
  kind: K,
  id: string,
  ctx: OperationContext,
): Result<ResourceByKind[K], AwsError> {
  const r = s.get<K>(kind, id);
  // Looking it up "in its own Region" reuses owned's shape check and not-found error.
  return owned(s, kind, id, r ? { ...ctx, region: r.region } : ctx);
}

/** The pool's ancestors, nearest first. */
export function poolAncestors(s: Snapshot, pool: IpamPool): IpamPool[] {
  const out: IpamPool[] = [];
  let cur = pool.sourceIpamPoolId && s.get('ipam-pool', pool.sourceIpamPoolId);
  while (cur) {
    out.push(cur);
    cur = cur.sourceIpamPoolId && s.get('ipam-pool', cur.sourceIpamPoolId);
  }
  return out;
}

/** The pool and every pool below it, parents before children. */
export function poolSubtree(s: Snapshot, pool: IpamPool): IpamPool[] {
  const out: IpamPool[] = [pool];
  for (let i = 0; i < out.length; i++) out.push(...s.find('ipamPoolsBySource', out[i]!.id));
  return out;
}
