import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';
import type { NetworkInterface } from './network-interface.js';
import type { Snapshot } from './snapshot.js';

/**
 * An EC2 instance, as far as networking sees it. Its network interfaces are the ENIs whose
 * attachment names it (the snapshot indexes them), so there is one source of truth.
 */
export interface Instance extends ResourceBase<'instance', Id<'instance'>> {
  readonly imageId: string;
  readonly instanceType: string;
  readonly state: 'running' | 'stopped' | 'terminated';
  readonly vpcId: Id<'vpc'>;
  readonly subnetId: Id<'subnet'>;
  readonly availabilityZone: string;
  readonly launchTime: string;
  readonly reservationId: Id<'reservation'>;
  /** The instance's position in its launch (EC2 `AmiLaunchIndex`), from 0. */
  readonly amiLaunchIndex?: number;
  /**
   * The instance was launched with an auto-assigned public IPv4: AWS releases that address at
   * stop and gives a new one at start, or when an Elastic IP that replaced it is disassociated.
   */
  readonly autoAssignPublicIp?: boolean;
}

/** An instance's attached ENIs, sorted by device index (the primary, device 0, first). */
export function instanceNetworkInterfaces(s: Snapshot, instanceId: string): NetworkInterface[] {
  return s
    .find('networkInterfacesByInstance', instanceId)
    .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0));
}
