import { Cidr, Ip } from '../net/index.js';
import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { GENEVE_PORT, type Target, type TargetGroup } from '../model/target-group.js';
import { vpcCidrs } from '../model/vpc.js';
import { subnetCidrs } from '../model/subnet.js';
import { portParam, targetGroupParam } from './elbv2-params.js';

/**
 * RegisterTargets and DeregisterTargets
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html).
 * Instance targets are running instances in the group's VPC; IP targets are IPv4 addresses in
 * a subnet of the VPC, or outside it in the private ranges (RFC 1918, RFC 6598: on-premises
 * over VPN or Direct Connect, or a peered VPC) with zone `all`; an `alb` target is an ALB in
 * the VPC with a listener on the group's port.
 */

/** One target of a request (ELBv2 `TargetDescription`). */
export interface TargetInput {
  readonly id?: string;
  readonly port?: number;
  readonly availabilityZone?: string;
}

export interface TargetsInput {
  readonly targetGroupArn?: string;
  readonly targets?: readonly TargetInput[];
}

/** The ranges an IP target outside the VPC may be in. */
const OUTSIDE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(
  (c) => Cidr.parse(c) as Cidr,
);

const list = (ids: readonly string[]) => ids.map((i) => `'${i}'`).join(', ');

/** Checks an instance target. */
function instanceTarget(
  s: Snapshot,
  tg: TargetGroup,
  id: string,
  ctx: OperationContext,
): AwsError | undefined {
  const i = s.get('instance', id);
  if (!i || i.ownerId !== ctx.accountId || i.region !== ctx.region || i.state === 'terminated') {
    return Elbv2Errors.invalidTarget(
      `The following targets are not valid instances: ${list([id])}`,
    );
  }
  if (i.vpcId !== tg.vpcId) {
    return Elbv2Errors.invalidTarget(
      `The following targets are not in the target group VPC '${tg.vpcId}': ${list([id])}`,
    );
  }
  if (i.state !== 'running') {
    return Elbv2Errors.invalidTarget(
      `The following targets are not in a running state and cannot be registered: ${list([id])}`,
    );
  }
  if (tg.ipAddressType === 'ipv6') {
    const primary = s
      .find('networkInterfacesByInstance', id)
      .find((n) => n.attachment?.deviceIndex === 0);
    if (!primary?.ipv6Addresses.length) {
      return Elbv2Errors.invalidTarget(
        `The following targets do not have an IPv6 address: ${list([id])}`,
      );
    }
  }
  return undefined;
}

/** Checks an IP target; answers its zone (`all` outside the VPC). */
function ipTarget(s: Snapshot, tg: TargetGroup, t: TargetInput): Result<string, AwsError> {
  const id = t.id ?? '';
  const ip = Ip.parse(id);
  // An IPv6 group's targets are IPv6 addresses in the VPC's subnets (D87).
  const family = tg.ipAddressType === 'ipv6' ? 6 : 4;
  if (!ip || ip.family !== family) {
    return fail(
      Elbv2Errors.invalidTarget(`The IP address '${id}' is not a valid IPv${family} address`),
    );
  }
  const vpc = s.get('vpc', tg.vpcId);
  const inVpc =
    vpc !== undefined && vpcCidrs(vpc).some((c) => c.family === family && c.contains(ip));
  if (inVpc) {
    const subnet = s
      .find('subnetsByVpc', tg.vpcId)
      .find((sn) => subnetCidrs(sn).some((c) => c.contains(ip)));
    if (!subnet) {
      return fail(
        Elbv2Errors.invalidTarget(
          `The IP address '${id}' is not in a subnet of the VPC '${tg.vpcId}'`,
        ),
      );
    }
    if (t.availabilityZone !== undefined && t.availabilityZone !== subnet.availabilityZone) {
      return fail(
        Elbv2Errors.validation(
          `The Availability Zone '${t.availabilityZone}' does not match the zone of the IP address '${id}' (${subnet.availabilityZone})`,
        ),
      );
    }
    return ok(subnet.availabilityZone);
  }
  if (family === 6) {
    return fail(
      Elbv2Errors.invalidTarget(
        `The IP address '${id}' is not in a subnet of the VPC '${tg.vpcId}'`,
      ),
    );
  }
  if (!OUTSIDE_RANGES.some((c) => c.contains(ip))) {
    return fail(
      Elbv2Errors.invalidTarget(
        `The IP address '${id}' is outside the VPC and not in the allowed ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)`,
      ),
    );
  }
  if (t.availabilityZone !== 'all') {
    return fail(
      Elbv2Errors.validation(
        `The Availability Zone 'all' must be specified for the IP address '${id}', which is outside the VPC`,
      ),
    );
  }
  return ok('all');
}

/** Checks an ALB target: an ALB of the caller, in the VPC, listening on the port. */
function albTarget(
  s: Snapshot,
  tg: TargetGroup,
  id: string,
  port: number,
  ctx: OperationContext,
): AwsError | undefined {
  const lb = s.get('load-balancer', id);
  if (
    !lb ||
    lb.ownerId !== ctx.accountId ||
    lb.region !== ctx.region ||
    lb.type !== 'application'
  ) {
    return Elbv2Errors.invalidTarget(
      `The following targets are not Application Load Balancers: ${list([id])}`,
    );
  }
  if (lb.vpcId !== tg.vpcId) {
    return Elbv2Errors.invalidTarget(
      `The following targets are not in the target group VPC '${tg.vpcId}': ${list([id])}`,
    );
  }
  if (!s.find('listenersByLoadBalancer', lb.id).some((l) => l.port === port)) {
    return Elbv2Errors.invalidTarget(
      `The Application Load Balancer '${id}' has no listener on port ${port}`,
    );
  }
  return undefined;
}

/** Validates one target; answers it as stored. */
function checkTarget(
  s: Snapshot,
  tg: TargetGroup,
  t: TargetInput,
  ctx: OperationContext,
): Result<Target, AwsError> {
  if (t.id === undefined || t.id === '')
    return fail(Elbv2Errors.validation('A target ID must be specified'));
  const badPort = portParam('port', t.port);
  if (badPort) return fail(badPort);
  if (tg.protocol === 'GENEVE' && t.port !== undefined && t.port !== GENEVE_PORT) {
    return fail(
      Elbv2Errors.validation(
        `Targets of a GENEVE target group receive traffic on port ${GENEVE_PORT}`,
      ),
    );
  }
  const port = t.port ?? tg.port;
  switch (tg.targetType) {
    case 'instance': {
      if (t.availabilityZone !== undefined) {
        return fail(
          Elbv2Errors.validation('An Availability Zone cannot be specified for instance targets'),
        );
      }
      const bad = instanceTarget(s, tg, t.id, ctx);
      return bad ? fail(bad) : ok({ id: t.id, port });
    }
    case 'ip': {
      const zone = ipTarget(s, tg, t);
      if (!zone.ok) return zone;
      return ok({ id: t.id, port, availabilityZone: zone.value });
    }
    case 'alb': {
      const bad = albTarget(s, tg, t.id, port, ctx);
      return bad ? fail(bad) : ok({ id: t.id, port });
    }
  }
}

/** RegisterTargets: adds targets; one already registered on the same port is left as it is. */
export const registerTargets: Operation<TargetsInput, true> = (s, input, ctx) => {
  const found = targetGroupParam(s, input.targetGroupArn, ctx);
  if (!found.ok) return found;
  const tg = found.value;
  if (!input.targets?.length)
    return fail(Elbv2Errors.validation('At least one target must be specified'));
  const targets = [...tg.targets];
  for (const t of input.targets) {
    const checked = checkTarget(s, tg, t, ctx);
    if (!checked.ok) return checked;
    const next = checked.value;
    if (tg.targetType === 'alb' && targets.some((x) => x.id !== next.id)) {
      return fail(Elbv2Errors.validation("A target group of type 'alb' can have only one target"));
    }
    if (!targets.some((x) => x.id === next.id && x.port === next.port)) targets.push(next);
  }
  return ok({ changes: [{ op: 'put', resource: { ...tg, targets } }], output: true });
};

/** DeregisterTargets: removes targets; each must be registered (on the port, when given). */
export const deregisterTargets: Operation<TargetsInput, true> = (s, input, ctx) => {
  const found = targetGroupParam(s, input.targetGroupArn, ctx);
  if (!found.ok) return found;
  const tg = found.value;
  if (!input.targets?.length)
    return fail(Elbv2Errors.validation('At least one target must be specified'));
  let targets = [...tg.targets];
  for (const t of input.targets) {
    const match = (x: Target) => x.id === t.id && (t.port === undefined || x.port === t.port);
    if (!targets.some(match)) {
      return fail(
        Elbv2Errors.invalidTarget(
          `The following targets are not registered in target group '${tg.id}': ${list([t.id ?? ''])}`,
        ),
      );
    }
    targets = targets.filter((x) => !match(x));
  }
  return ok({ changes: [{ op: 'put', resource: { ...tg, targets } }], output: true });
};
