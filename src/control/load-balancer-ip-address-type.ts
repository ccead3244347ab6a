import { Elbv2Errors } from '../model/elbv2-errors.js';
import { listenerTargetGroups } from '../model/listener.js';
import type { LoadBalancer, LoadBalancerZone } from '../model/load-balancer.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import { Draft } from './draft.js';
import { enumParam, loadBalancerParam } from './elbv2-params.js';
import { claimNext } from './interface-builder.js';
import { checkSubnets } from './load-balancer.js';

/**
 * SetIpAddressType: a running load balancer between `ipv4` and `dualstack` (D87,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetIpAddressType.html).
 * Going dualstack, every node takes the lowest free IPv6 address of its subnet; going back to
 * IPv4, the nodes give theirs up, which a listener forwarding to an IPv6 group forbids.
 */

export interface SetIpAddressTypeInput {
  readonly loadBalancerArn?: string;
  readonly ipAddressType?: string;
}

/** SetIpAddressType: answers the new address type. */
export const setIpAddressType: Operation<SetIpAddressTypeInput, LoadBalancer['ipAddressType']> = (
  s,
  input,
  ctx,
) => {
  const found = loadBalancerParam(s, input.loadBalancerArn, ctx);
  if (!found.ok) return found;
  const lb = found.value;
  const type = enumParam('ipAddressType', input.ipAddressType, ['ipv4', 'dualstack'] as const);
  if (!type.ok) return type;
  if (type.value === undefined)
    return fail(Elbv2Errors.validation('An IP address type must be specified'));
  const want = type.value;
  if (want === lb.ipAddressType) return ok({ changes: [], output: want });
  const d = new Draft(s);
  const zones: LoadBalancerZone[] = [];
  if (want === 'dualstack') {
    const subnets = lb.availabilityZones.flatMap((z) => s.get('subnet', z.subnetId) ?? []);
    const bad = checkSubnets(s, lb.type, undefined, want, subnets);
    if (bad) return fail(bad);
    for (const z of lb.availabilityZones) {
      const eni = d.get('network-interface', z.networkInterfaceId);
      const subnet = s.get('subnet', z.subnetId);
      const ip = eni && subnet ? claimNext(d, subnet, 6, 1)?.[0] : undefined;
      if (!eni || !ip) {
        return fail(Elbv2Errors.invalidSubnet(`No free IPv6 address in subnet '${z.subnetId}'`));
      }
      d.put({ ...eni, ipv6Addresses: [...eni.ipv6Addresses, { ipv6Address: ip }] });
      const [first, ...rest] = z.loadBalancerAddresses;
      zones.push({
        ...z,
        loadBalancerAddresses: first ? [{ ...first, iPv6Address: ip }, ...rest] : [],
      });
    }
  } else {
    for (const l of s.find('listenersByLoadBalancer', lb.id)) {
      const v6 = listenerTargetGroups(l).find(
        (arn) => s.get('target-group', arn)?.ipAddressType === 'ipv6',
      );
      if (v6) {
        return fail(
          Elbv2Errors.invalidConfiguration(
            `The IP address type cannot be 'ipv4' while the listener '${l.id}' forwards to the IPv6 target group '${v6}'`,
          ),
        );
      }
    }
    for (const z of lb.availabilityZones) {
      const eni = d.get('network-interface', z.networkInterfaceId);
      const node = z.loadBalancerAddresses[0]?.iPv6Address;
      if (eni && node) {
        d.put({
          ...eni,
          ipv6Addresses: eni.ipv6Addresses.filter((a) => !a.ipv6Address.equals(node)),
        });
      }
      zones.push({
        ...z,
        loadBalancerAddresses: z.loadBalancerAddresses.map(({ iPv6Address: _gone, ...a }) => a),
      });
    }
  }
  d.put({ ...lb, ipAddressType: want, availabilityZones: zones });
  return ok({ changes: d.changes(), output: want });
};
