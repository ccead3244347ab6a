import type { Snapshot } from '../model/snapshot.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import type { ExportNames } from './export.js';
import type { TopologyEndpoint } from './schema.js';

/**
 * An endpoint's subnets as a topology file writes them. Interface and GWLB endpoints write each
 * subnet with its network interface's address (`{ subnet, ipv4 }`, D83), so a reloaded file puts
 * the interfaces where they were, whichever order created them; gateway endpoints have none.
 */
export function endpointSubnets(
  s: Snapshot,
  e: VpcEndpoint,
  names: ExportNames,
  vpcId: string,
): NonNullable<TopologyEndpoint['subnets']> {
  const addressIn = new Map(
    e.networkInterfaceIds.flatMap((id) => {
      const eni = s.get('network-interface', id);
      return eni?.privateIpAddress
        ? [[eni.subnetId, eni.privateIpAddress.toString()] as const]
        : [];
    }),
  );
  return e.subnetIds.map((id) => {
    const subnet = names.of(id, s.get('subnet', id)?.tags ?? [], vpcId);
    const ipv4 = addressIn.get(id);
    return ipv4 === undefined ? subnet : { subnet, ipv4 };
  });
}
