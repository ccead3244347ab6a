import { parseEc2Arn } from '../model/ids.js';
import type { Snapshot } from '../model/snapshot.js';
import type { ExportNames } from './export.js';
import type { TopologyResourceShare } from './schema.js';

/**
 * The active `resourceShares` of one account and Region (D78): the transit gateways, subnets
 * and prefix lists still associated, by name, and the principal accounts. RAM's default
 * `allowExternalPrincipals: true` is left out.
 */
export function exportResourceShares(
  s: Snapshot,
  names: ExportNames,
  account: string,
  region: string,
): TopologyResourceShare[] {
  return [...s.all('resource-share')]
    .filter((r) => r.ownerId === account && r.region === region && r.status === 'ACTIVE')
    .map((share) => {
      const live = share.associations.filter((a) => a.status === 'ASSOCIATED');
      const of = (family: string) =>
        live.flatMap((a) => {
          if (a.associationType !== 'RESOURCE') return [];
          const parsed = parseEc2Arn(a.associatedEntity);
          if (parsed?.family !== family) return [];
          const r = family === 'subnet' ? s.get('subnet', parsed.id) : undefined;
          if (r) return [names.ref(r.id, r.tags, '', r.vpcId)];
          const x =
            family === 'transit-gateway'
              ? s.get('transit-gateway', parsed.id)
              : s.get('prefix-list', parsed.id);
          return x ? [names.of(x.id, x.tags)] : [];
        });
      const transitGateways = of('transit-gateway');
      const subnets = of('subnet');
      const prefixLists = of('prefix-list');
      const principals = live
        .filter((a) => a.associationType === 'PRINCIPAL')
        .map((a) => a.associatedEntity);
      const tags = Object.fromEntries(share.tags.map((t) => [t.key, t.value]));
      return {
        name: share.name,
        ...(transitGateways.length ? { transitGateways } : {}),
        ...(subnets.length ? { subnets } : {}),
        ...(prefixLists.length ? { prefixLists } : {}),
        ...(principals.length ? { principals } : {}),
        ...(share.allowExternalPrincipals ? {} : { allowExternalPrincipals: false }),
        ...(share.tags.length ? { tags } : {}),
      };
    });
}
