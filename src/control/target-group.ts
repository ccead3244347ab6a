import type { Tag } from '../model/common.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import { elbv2Suffix } from '../model/load-balancer.js';
import type { Operation } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import {
  defaultTargetGroupAttributes,
  GENEVE_PORT,
  targetGroupArn,
  type TargetGroup,
  type TargetGroupProtocol,
  type TargetType,
} from '../model/target-group.js';
import { elbv2NameParam, enumParam, portParam, targetGroupParam } from './elbv2-params.js';
import { elbv2TagsParam } from './elbv2-tags.js';
import { vpcIpv6Cidrs, type Vpc } from '../model/vpc.js';

/**
 * CreateTargetGroup and DeleteTargetGroup
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).
 * Targets are registered in target.ts; attributes are changed in elbv2-attributes.ts.
 */

export interface CreateTargetGroupInput {
  readonly name?: string;
  readonly protocol?: string;
  readonly protocolVersion?: string;
  readonly port?: number;
  readonly vpcId?: string;
  /** `instance` (the default), `ip` or `alb`; Lambda targets are not modelled. */
  readonly targetType?: string;
  readonly healthCheckProtocol?: string;
  readonly healthCheckPort?: string;
  readonly healthCheckEnabled?: boolean;
  readonly healthCheckPath?: string;
  /** `ipv4` (the default) or `ipv6`: the family the load balancer reaches the targets in. */
  readonly ipAddressType?: string;
  readonly tags?: readonly Tag[];
}

const PROTOCOLS: readonly TargetGroupProtocol[] = [
  'HTTP',
  'HTTPS',
  'TCP',
  'TLS',
  'UDP',
  'TCP_UDP',
  'GENEVE',
];

/** Checks protocol, port and target type against each other. */
function checkShape(
  input: CreateTargetGroupInput,
): Result<{ protocol: TargetGroupProtocol; port: number; targetType: TargetType }, AwsError> {
  const targetType = enumParam('targetType', input.targetType, [
    'instance',
    'ip',
    'alb',
    'lambda',
  ] as const);
  if (!targetType.ok) return targetType;
  if (targetType.value === 'lambda') {
    return fail(Elbv2Errors.validation('Lambda target groups are not modelled by vpctwin'));
  }
  const protocol = enumParam('protocol', input.protocol, PROTOCOLS);
  if (!protocol.ok) return protocol;
  if (protocol.value === undefined)
    return fail(Elbv2Errors.validation('A protocol must be specified'));
  if (input.port === undefined) return fail(Elbv2Errors.validation('A port must be specified'));
  const badPort = portParam('port', input.port);
  if (badPort) return fail(badPort);
  if (protocol.value === 'GENEVE' && input.port !== GENEVE_PORT) {
    return fail(
      Elbv2Errors.validation(
        `Port must be ${GENEVE_PORT} for target groups with the GENEVE protocol`,
      ),
    );
  }
  const type = targetType.value ?? 'instance';
  if (type === 'alb' && protocol.value !== 'TCP') {
    return fail(
      Elbv2Errors.validation("Target groups with target type 'alb' support the TCP protocol only"),
    );
  }
  if (
    input.protocolVersion !== undefined &&
    protocol.value !== 'HTTP' &&
    protocol.value !== 'HTTPS'
  ) {
    return fail(
      Elbv2Errors.validation(
        'A protocol version can be specified only for HTTP and HTTPS target groups',
      ),
    );
  }
  return ok({ protocol: protocol.value, port: input.port, targetType: type });
}

/**
 * The group's address family (D87): IPv6 groups are for IP targets (and instances behind an
 * ALB, which proxies), never GENEVE or `alb` targets, in a VPC with an IPv6 block.
 */
function addressType(
  input: CreateTargetGroupInput,
  protocol: TargetGroupProtocol,
  targetType: TargetType,
  vpc: Vpc,
): Result<'ipv4' | 'ipv6', AwsError> {
  const t = enumParam('ipAddressType', input.ipAddressType, ['ipv4', 'ipv6'] as const);
  if (!t.ok) return t;
  if (t.value !== 'ipv6') return ok('ipv4');
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  if (protocol === 'GENEVE' || targetType === 'alb' || (!http && targetType !== 'ip')) {
    return fail(
      Elbv2Errors.validation(
        `The IP address type 'ipv6' is not supported for target groups with the protocol '${protocol}' and the target type '${targetType}'`,
      ),
    );
  }
  if (vpcIpv6Cidrs(vpc).length === 0) {
    return fail(
      Elbv2Errors.validation(
        `The VPC '${vpc.id}' has no IPv6 CIDR block; a target group with the IP address type 'ipv6' needs one`,
      ),
    );
  }
  return ok('ipv6');
}

/** The health check a new group has, by protocol (ELBv2's documented defaults). */
function healthCheck(input: CreateTargetGroupInput, protocol: TargetGroupProtocol) {
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  const hcProtocol =
    input.healthCheckProtocol ?? (http ? protocol : protocol === 'GENEVE' ? 'TCP' : 'TCP');
  const hcHttp = hcProtocol === 'HTTP' || hcProtocol === 'HTTPS';
  return {
    healthCheckProtocol: hcProtocol,
    healthCheckPort: input.healthCheckPort ?? (protocol === 'GENEVE' ? '80' : 'traffic-port'),
    healthCheckEnabled: input.healthCheckEnabled ?? true,
    ...(hcHttp ? { healthCheckPath: input.healthCheckPath ?? '/' } : {}),
    healthCheckIntervalSeconds: http ? 30 : 10,
    healthCheckTimeoutSeconds: http ? 5 : hcHttp ? 6 : 10,
    healthyThresholdCount: 5,
    unhealthyThresholdCount: http ? 2 : 2,
  };
}

/**
 * CreateTargetGroup: a group of instances, IP addresses or an ALB in one VPC, with the
 * protocol's default health check and attributes. The same name with the same settings returns
 * the existing group.
 */
export const createTargetGroup: Operation<CreateTargetGroupInput, TargetGroup> = (
  s,
  input,
  ctx,
) => {
  const badName = elbv2NameParam('target group', input.name);
  if (badName) return fail(badName);
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const { protocol, port, targetType } = shape.value;
  if (input.vpcId === undefined) return fail(Elbv2Errors.validation('A VPC ID must be specified'));
  const vpc = s.get('vpc', input.vpcId);
  if (!vpc || vpc.ownerId !== ctx.accountId || vpc.region !== ctx.region) {
    return fail(Elbv2Errors.validation(`The VPC ID '${input.vpcId}' is not found`));
  }
  const family = addressType(input, protocol, targetType, vpc);
  if (!family.ok) return family;
  const name = input.name as string;
  const existing = s.find(
    'targetGroupByName',
    `${ctx.accountId}|${ctx.region}|${name.toLowerCase()}`,
  )[0];
  if (existing) {
    const same =
      existing.protocol === protocol &&
      existing.port === port &&
      existing.vpcId === vpc.id &&
      existing.targetType === targetType &&
      existing.ipAddressType === family.value;
    return same
      ? ok({ changes: [], output: existing })
      : fail(Elbv2Errors.duplicateTargetGroupName(name));
  }
  const tags = elbv2TagsParam(input.tags);
  if (!tags.ok) return tags;
  const suffix = elbv2Suffix(ctx.ids.next('target-group'));
  const version =
    input.protocolVersion ?? (protocol === 'HTTP' || protocol === 'HTTPS' ? 'HTTP1' : undefined);
  if (version !== undefined && version !== 'HTTP1' && version !== 'HTTP2' && version !== 'GRPC') {
    return fail(Elbv2Errors.validation(`Protocol version '${version}' is not valid`));
  }
  const tg: TargetGroup = {
    kind: 'target-group',
    id: targetGroupArn(ctx.region, ctx.accountId, name, suffix),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    targetGroupName: name,
    protocol,
    ...(version ? { protocolVersion: version } : {}),
    port,
    vpcId: vpc.id,
    targetType,
    ipAddressType: family.value,
    ...healthCheck(input, protocol),
    attributes: defaultTargetGroupAttributes(protocol, targetType),
    targets: [],
  };
  return ok({ changes: [{ op: 'put', resource: tg }], output: tg });
};

export interface TargetGroupArnInput {
  readonly targetGroupArn?: string;
}

/** DeleteTargetGroup: refused while a listener forwards to the group. */
export const deleteTargetGroup: Operation<TargetGroupArnInput, true> = (s, input, ctx) => {
  const found = targetGroupParam(s, input.targetGroupArn, ctx);
  if (!found.ok) return found;
  if (s.find('listenersByTargetGroup', found.value.id).length > 0) {
    return fail(
      Elbv2Errors.resourceInUse(
        `Target group '${found.value.id}' is currently in use by a listener or a rule`,
      ),
    );
  }
  return ok({
    changes: [{ op: 'delete', kind: 'target-group', id: found.value.id }],
    output: true,
  });
};
