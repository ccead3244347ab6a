import type { IpamScope } from '../model/ipam.js';
import type { Kind, Resource } from '../model/resource.js';
import { type Snapshot, World } from '../model/snapshot.js';
import { subnetIpv6Cidrs } from '../model/subnet.js';
import { vpcCidrs } from '../model/vpc.js';
import type { Cidr } from '../net/index.js';
import { type ComplianceStatus, type OverlapStatus, resourceCidrs } from './resource-cidrs.js';

/** One change of the store's log, as the history needs it. */
export interface LoggedChange {
  readonly seq: number;
  readonly time: string;
  readonly kind: Kind;
  readonly id: string;
  readonly after: Resource | undefined;
}

/** One record of GetIpamAddressHistory (EC2 `IpamAddressHistoryRecord`). */
export interface AddressHistoryRecord {
  readonly resourceOwnerId: string;
  readonly resourceRegion: string;
  readonly resourceType: 'vpc' | 'subnet';
  readonly resourceId: string;
  readonly resourceCidr: Cidr;
  readonly resourceName?: string;
  readonly resourceComplianceStatus: ComplianceStatus;
  readonly resourceOverlapStatus: OverlapStatus;
  readonly vpcId: string;
  readonly sampledStartTime: string;
  readonly sampledEndTime?: string;
}

/** True when the resource holds exactly the CIDR. */
function holds(r: Resource | undefined, cidr: Cidr): boolean {
  if (r?.kind === 'vpc') return vpcCidrs(r).some((c) => c.equals(cidr));
  if (r?.kind === 'subnet') {
    return (r.cidrBlock?.equals(cidr) ?? false) || subnetIpv6Cidrs(r).some((c) => c.equals(cidr));
  }
  return false;
}

/** An open record: who held the CIDR since when. */
interface Open {
  readonly start: string;
  readonly vpcId?: string;
}

/**
 * GetIpamAddressHistory (spec §6.2) from the change log: one record per period a VPC or
 * subnet held exactly `cidr` (a /16 query does not return subnets), with the compliance and
 * overlap status the CIDR had in `scope` at the end of the period — the last moment it was held,
 * found by replaying the log — or now for a period still open. Times are the log's, exact
 * rather than AWS's sampled ones (D112).
 */
export function addressHistory(
  log: readonly LoggedChange[],
  now: Snapshot,
  scope: IpamScope,
  cidr: Cidr,
  filter: { vpcId?: string; start?: Date; end?: Date } = {},
): AddressHistoryRecord[] {
  const world = new World();
  const open = new Map<string, Open>();
  const out: AddressHistoryRecord[] = [];
  const statusIn = (s: Snapshot, id: string) =>
    resourceCidrs(s, { ...scope, ...(s.get('ipam-scope', scope.id) ?? {}) }).find(
      (r) => r.resourceId === id && r.resourceCidr.equals(cidr),
    );
  const close = (s: Snapshot, id: string, o: Open, end: string | undefined) => {
    const row = statusIn(s, id);
    if (!row) return;
    out.push({
      resourceOwnerId: row.resourceOwnerId,
      resourceRegion: row.resourceRegion,
      resourceType: row.resourceType,
      resourceId: id,
      resourceCidr: cidr,
      ...(row.resourceName !== undefined ? { resourceName: row.resourceName } : {}),
      resourceComplianceStatus: row.complianceStatus,
      resourceOverlapStatus: row.overlapStatus,
      vpcId: row.vpcId,
      sampledStartTime: o.start,
      ...(end !== undefined ? { sampledEndTime: end } : {}),
    });
  };
  for (let i = 0; i < log.length;) {
    const seq = log[i]!.seq;
    let j = i;
    while (j < log.length && log[j]!.seq === seq) j++;
    const group = log.slice(i, j);
    // Periods that end with this operation are judged on the state just before it.
    for (const c of group) {
      const o = open.get(c.id);
      if (o && !holds(c.after, cidr)) {
        close(world, c.id, o, c.time);
        open.delete(c.id);
      }
    }
    world.apply(
      group.map((c) =>
        c.after
          ? { op: 'put' as const, resource: c.after }
          : { op: 'delete' as const, kind: c.kind, id: c.id },
      ),
    );
    for (const c of group) {
      if (!open.has(c.id) && holds(c.after, cidr)) open.set(c.id, { start: c.time });
    }
    i = j;
  }
  for (const [id, o] of open) close(now, id, o, undefined);
  return out
    .filter((r) => filter.vpcId === undefined || r.vpcId === filter.vpcId)
    .filter((r) => filter.end === undefined || new Date(r.sampledStartTime) <= filter.end)
    .filter(
      (r) =>
        filter.start === undefined ||
        r.sampledEndTime === undefined ||
        new Date(r.sampledEndTime) >= filter.start,
    )
    .sort(
      (a, b) =>
        a.sampledStartTime.localeCompare(b.sampledStartTime) ||
        a.resourceId.localeCompare(b.resourceId),
    );
}
