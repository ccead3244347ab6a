import type { Tag } from '../model/common.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import {
  listenerArn,
  listenerTargetGroups,
  type Listener,
  type ListenerAction,
  type ListenerProtocol,
} from '../model/listener.js';
import { elbv2Suffix, type LoadBalancer } from '../model/load-balancer.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TargetGroupProtocol } from '../model/target-group.js';
import { loadBalancersOfTargetGroup } from '../model/target-health.js';
import {
  enumParam,
  listenerParam,
  loadBalancerParam,
  portParam,
  targetGroupParam,
} from './elbv2-params.js';
import { elbv2TagsParam } from './elbv2-tags.js';

/**
 * CreateListener and DeleteListener
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html).
 * The twin models `forward` default actions; rules, redirects and fixed responses are not.
 */

/** A default action of a request. */
export interface ActionInput {
  readonly type?: string;
  readonly order?: number;
  readonly targetGroupArn?: string;
  readonly forwardConfig?: {
    readonly targetGroups?: readonly {
      readonly targetGroupArn?: string;
      readonly weight?: number;
    }[];
  };
}

export interface CreateListenerInput {
  readonly loadBalancerArn?: string;
  readonly protocol?: string;
  readonly port?: number;
  readonly certificates?: readonly { readonly certificateArn?: string }[];
  readonly sslPolicy?: string;
  readonly defaultActions?: readonly ActionInput[];
  readonly tags?: readonly Tag[];
}

const LISTENER_PROTOCOLS: Record<LoadBalancer['type'], readonly ListenerProtocol[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
  gateway: [],
};

/** The target group protocols a listener protocol forwards to (GWLB listeners: GENEVE). */
const FORWARDS_TO: Record<ListenerProtocol | 'GWLB', readonly TargetGroupProtocol[]> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
  GWLB: ['GENEVE'],
};

const ALL_PROTOCOLS: readonly ListenerProtocol[] = [
  'HTTP',
  'HTTPS',
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
];

/** Checks protocol, port and certificates against the load balancer's type. */
function checkProtocol(
  lb: LoadBalancer,
  input: CreateListenerInput,
): Result<{ protocol?: ListenerProtocol; port?: number }, AwsError> {
  if (lb.type === 'gateway') {
    if (input.protocol !== undefined || input.port !== undefined) {
      return fail(
        Elbv2Errors.validation(
          'Protocol and port cannot be specified for Gateway Load Balancer listeners',
        ),
      );
    }
    return ok({});
  }
  const protocol = enumParam('protocol', input.protocol, ALL_PROTOCOLS);
  if (!protocol.ok) return protocol;
  const p = protocol.value ?? (lb.type === 'application' ? 'HTTP' : undefined);
  if (p === undefined) return fail(Elbv2Errors.validation('A listener protocol must be specified'));
  if (!LISTENER_PROTOCOLS[lb.type].includes(p)) {
    return fail(
      Elbv2Errors.unsupportedProtocol(
        `Protocol '${p}' is not supported for load balancers of type '${lb.type}'`,
      ),
    );
  }
  if (input.port === undefined)
    return fail(Elbv2Errors.validation('A listener port must be specified'));
  const badPort = portParam('port', input.port);
  if (badPort) return fail(badPort);
  if ((p === 'HTTPS' || p === 'TLS') && !input.certificates?.some((c) => c.certificateArn)) {
    return fail(Elbv2Errors.validation(`A certificate must be specified for ${p} listeners`));
  }
  return ok({ protocol: p, port: input.port });
}

/** Resolves the default actions to stored ones, checking every target group they name. */
export function checkActions(
  s: Snapshot,
  lb: LoadBalancer,
  protocol: ListenerProtocol | undefined,
  actions: readonly ActionInput[] | undefined,
  ctx: OperationContext,
): Result<ListenerAction[], AwsError> {
  if (!actions?.length) return fail(Elbv2Errors.validation('A default action must be specified'));
  const out: ListenerAction[] = [];
  for (const a of actions) {
    if (a.type !== 'forward') {
      return fail(
        Elbv2Errors.validation(
          `Action type '${a.type ?? ''}' is not modelled by vpctwin; use 'forward'`,
        ),
      );
    }
    const weighted = (a.forwardConfig?.targetGroups ?? []).map((t) => ({
      targetGroupArn: t.targetGroupArn ?? '',
      weight: t.weight ?? 1,
    }));
    const action: ListenerAction = {
      type: 'forward',
      ...(a.order !== undefined ? { order: a.order } : {}),
      ...(a.targetGroupArn !== undefined ? { targetGroupArn: a.targetGroupArn } : {}),
      ...(weighted.length ? { forwardConfig: { targetGroups: weighted } } : {}),
    };
    const arns = listenerTargetGroups({ defaultActions: [action] });
    if (arns.length === 0) {
      return fail(
        Elbv2Errors.validation('A target group ARN must be specified for a forward action'),
      );
    }
    if (lb.type !== 'application' && arns.length > 1) {
      return fail(
        Elbv2Errors.validation(
          `A ${lb.type} load balancer listener can forward to one target group only`,
        ),
      );
    }
    for (const arn of arns) {
      const tg = targetGroupParam(s, arn, ctx);
      if (!tg.ok) return tg;
      if (tg.value.vpcId !== lb.vpcId) {
        return fail(
          Elbv2Errors.validation(
            `The target group '${arn}' is in VPC '${tg.value.vpcId}', not in the load balancer's VPC '${lb.vpcId}'`,
          ),
        );
      }
      // The load balancer reaches an IPv6 group's targets from its nodes' IPv6 addresses (D87).
      if (tg.value.ipAddressType === 'ipv6' && lb.ipAddressType !== 'dualstack') {
        return fail(
          Elbv2Errors.invalidConfiguration(
            `The target group '${arn}' has the IP address type 'ipv6', which needs a load balancer with the IP address type 'dualstack'`,
          ),
        );
      }
      const allowed = FORWARDS_TO[protocol ?? 'GWLB'];
      if (!allowed.includes(tg.value.protocol)) {
        return fail(
          Elbv2Errors.incompatibleProtocols(
            `Listener protocol '${protocol ?? 'GENEVE'}' is not supported with a target group with the protocol '${tg.value.protocol}'`,
          ),
        );
      }
      const others = loadBalancersOfTargetGroup(s, tg.value).filter((o) => o.id !== lb.id);
      if (others.length > 0) return fail(Elbv2Errors.targetGroupAssociationLimit([arn]));
    }
    out.push(action);
  }
  return ok(out);
}

/** CreateListener: one listener per port (a GWLB has exactly one, without port or protocol). */
export const createListener: Operation<CreateListenerInput, Listener> = (s, input, ctx) => {
  const found = loadBalancerParam(s, input.loadBalancerArn, ctx);
  if (!found.ok) return found;
  const lb = found.value;
  const shape = checkProtocol(lb, input);
  if (!shape.ok) return shape;
  const { protocol, port } = shape.value;
  const existing = s.find('listenersByLoadBalancer', lb.id);
  if (lb.type === 'gateway' && existing.length > 0) return fail(Elbv2Errors.tooManyListeners());
  if (existing.some((l) => l.port === port)) return fail(Elbv2Errors.duplicateListener(lb.id));
  const actions = checkActions(s, lb, protocol, input.defaultActions, ctx);
  if (!actions.ok) return actions;
  const tags = elbv2TagsParam(input.tags);
  if (!tags.ok) return tags;
  const certificates = (input.certificates ?? []).flatMap((c) =>
    c.certificateArn ? [{ certificateArn: c.certificateArn }] : [],
  );
  const secure = protocol === 'HTTPS' || protocol === 'TLS';
  const listener: Listener = {
    kind: 'listener',
    id: listenerArn(lb.id, elbv2Suffix(ctx.ids.next('listener'))),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    loadBalancerArn: lb.id,
    ...(protocol ? { protocol } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(secure ? { certificates, sslPolicy: input.sslPolicy ?? 'ELBSecurityPolicy-2016-08' } : {}),
    defaultActions: actions.value,
  };
  return ok({ changes: [{ op: 'put', resource: listener }], output: listener });
};

export interface ListenerArnInput {
  readonly listenerArn?: string;
}

/** DeleteListener. */
export const deleteListener: Operation<ListenerArnInput, true> = (s, input, ctx) => {
  const found = listenerParam(s, input.listenerArn, ctx);
  if (!found.ok) return found;
  return ok({ changes: [{ op: 'delete', kind: 'listener', id: found.value.id }], output: true });
};
