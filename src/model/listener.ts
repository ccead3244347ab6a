import type { ResourceBase } from './common.js';

/**
 * ELBv2 listeners (`Listener`): a port and protocol on a load balancer and the default action.
 * The twin models `forward` actions, to one or more target groups. The id is the listener's ARN.
 */

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';

/** One target group of a forward action, with its weight. */
export interface ForwardTarget {
  readonly targetGroupArn: string;
  readonly weight: number;
}

/** A default action (ELBv2 `Action`, type `forward`). */
export interface ListenerAction {
  readonly type: 'forward';
  readonly order?: number;
  readonly targetGroupArn?: string;
  readonly forwardConfig?: { readonly targetGroups: readonly ForwardTarget[] };
}

/** A listener; `id` is its ARN. GWLB listeners have no protocol or port. */
export interface Listener extends ResourceBase<'listener'> {
  readonly loadBalancerArn: string;
  readonly protocol?: ListenerProtocol;
  readonly port?: number;
  readonly certificates?: readonly { readonly certificateArn: string }[];
  readonly sslPolicy?: string;
  readonly defaultActions: readonly ListenerAction[];
}

/** Every target group a listener forwards to. */
export function listenerTargetGroups(l: Pick<Listener, 'defaultActions'>): string[] {
  const out: string[] = [];
  for (const a of l.defaultActions) {
    if (a.targetGroupArn && !out.includes(a.targetGroupArn)) out.push(a.targetGroupArn);
    for (const t of a.forwardConfig?.targetGroups ?? []) {
      if (!out.includes(t.targetGroupArn)) out.push(t.targetGroupArn);
    }
  }
  return out;
}

/** A listener's ARN: `listener/<lb type>/<lb name>/<lb suffix>/<suffix>`. */
export const listenerArn = (loadBalancerArn: string, suffix: string): string =>
  `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${suffix}`;
