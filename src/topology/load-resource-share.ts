import { createResourceShare } from '../control/resource-share.js';
import { ec2Arn } from '../model/ids.js';
import { callerFor, type LoadContext, type Scope } from './context.js';
import type { Topology } from './schema.js';
import type { DocPath } from './source.js';

/**
 * The `resourceShares` of each Region (D78): one CreateResourceShare per share, by the account
 * that owns it, naming its transit gateways, subnets and prefix lists by their names in the
 * file and its principals by account id. Loaded after transit gateways and before their VPC
 * attachments, so another account's VPC can attach to a gateway shared with it.
 */
export function loadResourceShares(L: LoadContext, topology: Topology): void {
  topology.accounts.forEach((account, a) => {
    account.regions.forEach((region, r) => {
      region.resourceShares?.forEach((share, i) => {
        const at: DocPath = ['accounts', a, 'regions', r, 'resourceShares', i];
        const caller = callerFor(account.id, region.name);
        const scope: Scope = { caller, vpc: '' };
        const arn = (family: 'transit-gateway' | 'subnet' | 'prefix-list', id: string) =>
          ec2Arn(family, region.name, account.id, id);
        const refs = (
          kind: 'transit-gateway' | 'subnet' | 'prefix-list',
          list: readonly string[] | undefined,
          field: string,
        ) =>
          (list ?? []).map((ref, j) => arn(kind, L.resolve(kind, ref, scope, [...at, field, j])));
        L.run(
          'CreateResourceShare',
          createResourceShare,
          {
            name: share.name,
            resourceArns: [
              ...refs('transit-gateway', share.transitGateways, 'transitGateways'),
              ...refs('subnet', share.subnets, 'subnets'),
              ...refs('prefix-list', share.prefixLists, 'prefixLists'),
            ],
            principals: share.principals ?? [],
            ...(share.allowExternalPrincipals !== undefined
              ? { allowExternalPrincipals: share.allowExternalPrincipals }
              : {}),
            tags: Object.entries(share.tags ?? {}).map(([key, value]) => ({ key, value })),
          },
          caller,
          at,
        );
      });
    });
  });
}
