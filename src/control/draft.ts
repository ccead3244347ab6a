import type { ElasticIp } from '../model/elastic-ip.js';
import type { Id } from '../model/ids.js';
import { instanceNetworkInterfaces } from '../model/instance.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Kind, Resource, ResourceByKind } from '../model/resource.js';
import type { Change, Snapshot } from '../model/snapshot.js';

/**
 * The resources an operation is changing, readable before they reach the snapshot, plus the
 * addresses it has handed out. Lets one operation touch the same ENI or EIP several times and
 * still emit one consistent change per resource.
 */
export class Draft {
  private readonly edits = new Map<string, Change>();
  /** Private addresses handed out by this operation, keyed as `privateAddressKey`. */
  readonly claimedPrivate = new Set<string>();
  /** Public IPv4s handed out by this operation. */
  readonly claimedPublic = new Set<string>();

  constructor(readonly s: Snapshot) {}

  /** The resource as this operation has left it so far (undefined once deleted). */
  get<K extends Kind>(kind: K, id: string): ResourceByKind[K] | undefined {
    const e = this.edits.get(`${kind}|${id}`);
    if (e) return e.op === 'put' ? (e.resource as ResourceByKind[K]) : undefined;
    return this.s.get(kind, id);
  }

  /** Records the resource as this operation leaves it. */
  put(r: Resource): void {
    this.edits.set(`${r.kind}|${r.id}`, { op: 'put', resource: r });
  }

  /** Records the resource as deleted by this operation. */
  delete(kind: Kind, id: string): void {
    this.edits.set(`${kind}|${id}`, { op: 'delete', kind, id });
  }

  /** The changes to apply, one per resource touched. */
  changes(): Change[] {
    return [...this.edits.values()];
  }
}

/** The ENIs attached to an instance as the draft sees them, by device index (primary first). */
export function attachedInterfaces(d: Draft, instanceId: Id<'instance'>): NetworkInterface[] {
  return instanceNetworkInterfaces(d.s, instanceId)
    .map((n) => d.get('network-interface', n.id))
    .filter((n): n is NetworkInterface => n?.attachment?.instanceId === instanceId);
}

/** The Elastic IPs currently associated with an ENI, as the draft sees them. */
export function eipsOfInterface(d: Draft, eni: NetworkInterface): ElasticIp[] {
  return d.s
    .find('elasticIpsByNetworkInterface', eni.id)
    .map((e) => d.get('elastic-ip', e.id))
    .filter((e): e is ElasticIp => e?.networkInterfaceId === eni.id);
}
