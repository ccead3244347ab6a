import type { Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** An Elastic IP address (EC2 `Address`); its id is the allocation id. */
export interface ElasticIp extends ResourceBase<'elastic-ip', Id<'elastic-ip'>> {
  readonly publicIp: Ip;
  readonly domain: 'vpc';
  readonly networkBorderGroup: string;
  readonly publicIpv4Pool: string;
  readonly associationId?: Id<'elastic-ip-association'>;
  readonly networkInterfaceId?: Id<'network-interface'>;
  readonly networkInterfaceOwnerId?: string;
  readonly privateIpAddress?: Ip;
  readonly instanceId?: Id<'instance'>;
}
