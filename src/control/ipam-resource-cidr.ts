import { AwsErrors } from '../model/errors.js';
import type { IpamScope } from '../model/ipam.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { Change } from '../model/snapshot.js';
import { subnetIpv6Cidrs } from '../model/subnet.js';
import { vpcCidrs } from '../model/vpc.js';
import type { Cidr } from '../net/index.js';
import { owned } from './params.js';

export interface ModifyIpamResourceCidrInput {
  readonly resourceId: string;
  readonly resourceCidr: string;
  readonly resourceRegion: string;
  readonly currentIpamScopeId: string;
  readonly destinationIpamScopeId?: string;
  readonly monitored: boolean;
}

/**
 * ModifyIpamResourceCidr: `Monitored=false` marks a VPC or subnet CIDR ignored in the scope —
 * no overlap or compliance checks, its allocation (if any) released so the space returns to
 * the pool, and auto-import leaves it alone; `Monitored=true` undoes the mark. Moving a CIDR to
 * another scope is not modelled (D111).
 */
export const modifyIpamResourceCidr: Operation<
  ModifyIpamResourceCidrInput,
  { scope: IpamScope; cidr: Cidr }
> = (s, input, ctx) => {
  const found = owned(s, 'ipam-scope', input.currentIpamScopeId, ctx);
  if (!found.ok) return found;
  const scope = found.value;
  if (input.destinationIpamScopeId !== undefined) {
    return fail(
      AwsErrors.unsupported('Moving a resource CIDR to another scope is not supported by vpctwin.'),
    );
  }
  const vpc = s.get('vpc', input.resourceId);
  const subnet = s.get('subnet', input.resourceId);
  const cidrs: Cidr[] = vpc
    ? vpcCidrs(vpc)
    : subnet
      ? [...(subnet.cidrBlock ? [subnet.cidrBlock] : []), ...subnetIpv6Cidrs(subnet)]
      : [];
  const owner = vpc ?? subnet;
  const cidr = cidrs.find((c) => c.toString() === input.resourceCidr);
  if (!owner || owner.region !== input.resourceRegion || cidr === undefined) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The resource CIDR ${input.resourceCidr} of ${input.resourceId} in ${input.resourceRegion} was not found in scope ${scope.id}.`,
      ),
    );
  }
  const rest = scope.ignoredResourceCidrs.filter(
    (i) => !(i.resourceId === owner.id && i.resourceCidr.equals(cidr)),
  );
  const next: IpamScope = {
    ...scope,
    ignoredResourceCidrs: input.monitored
      ? rest
      : [...rest, { resourceId: owner.id, resourceCidr: cidr }],
  };
  const changes: Change[] = [{ op: 'put', resource: next }];
  if (!input.monitored) {
    for (const a of s.find('ipamAllocationsByResource', owner.id)) {
      const pool = s.get('ipam-pool', a.ipamPoolId);
      if (a.cidr.equals(cidr) && pool?.ipamScopeId === scope.id) {
        changes.push({ op: 'delete', kind: a.kind, id: a.id });
      }
    }
  }
  return ok({ changes, output: { scope: next, cidr } });
};
