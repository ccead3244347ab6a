/**
 * The default VPC AWS gives every account in every Region: 172.31.0.0/16 with DNS hostnames on,
 * a /20 default subnet per Availability Zone that maps public IPv4 addresses on launch, an
 * attached internet gateway and a 0.0.0.0/0 route to it in the main route table.
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html)
 */
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { mainRouteTableOf } from '../model/route-table.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';
import { availabilityZones } from './account.js';
import { attachInternetGateway, createInternetGateway } from './internet-gateway.js';
import { createRoute } from './route.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

export const DEFAULT_VPC_CIDR = '172.31.0.0/16';

/** The caller's default VPC in the Region, if it has one. */
export function defaultVpcOf(s: Snapshot, ctx: Pick<OperationContext, 'accountId' | 'region'>) {
  return s.find('vpcsByOwnerRegion', `${ctx.accountId}|${ctx.region}`).find((v) => v.isDefault);
}

/**
 * CreateDefaultVpc: every step is an ordinary operation applied to a private fork, so the
 * default VPC obeys the same rules as any other, and the whole lands as one change set.
 */
export const createDefaultVpc: Operation<Record<string, never>, Vpc> = (s, _input, ctx) => {
  if (defaultVpcOf(s, ctx) !== undefined) {
    return fail(
      AwsErrors.code(
        'DefaultVpcAlreadyExists',
        'A Default VPC already exists for this account in this region.',
      ),
    );
  }
  const world = s.fork();
  const changes: Change[] = [];
  const step = <I, O>(op: Operation<I, O>, input: I): Result<O, AwsError> => {
    const r = op(world, input, ctx);
    if (!r.ok) return r;
    world.apply(r.value.changes);
    changes.push(...r.value.changes);
    return ok(r.value.output);
  };
  const vpc = step(createVpc, { cidrBlock: DEFAULT_VPC_CIDR, isDefault: true });
  if (!vpc.ok) return vpc;
  // 172.31.0.0/20, 172.31.16.0/20, … one per AZ, in the account's AZ order.
  for (const [i, az] of availabilityZones(world, ctx).entries()) {
    const subnet = step(createSubnet, {
      vpcId: vpc.value.id,
      cidrBlock: `172.31.${i * 16}.0/20`,
      availabilityZone: az.zoneName,
      defaultForAz: true,
    });
    if (!subnet.ok) return subnet;
  }
  const igw = step(createInternetGateway, {});
  if (!igw.ok) return igw;
  const attached = step(attachInternetGateway, {
    internetGatewayId: igw.value.id,
    vpcId: vpc.value.id,
  });
  if (!attached.ok) return attached;
  const main = mainRouteTableOf(world, vpc.value.id);
  if (main === undefined) return fail(AwsErrors.internal('default VPC has no main route table'));
  const route = step(createRoute, {
    routeTableId: main.id,
    destinationCidrBlock: '0.0.0.0/0',
    gatewayId: igw.value.id,
  });
  if (!route.ok) return route;
  return ok({ changes: compact(changes), output: vpc.value });
};

/** One change per resource: the last one made to it. */
function compact(changes: readonly Change[]): Change[] {
  const last = new Map<string, Change>();
  for (const c of changes) {
    const key = c.op === 'put' ? `${c.resource.kind}|${c.resource.id}` : `${c.kind}|${c.id}`;
    last.delete(key);
    last.set(key, c);
  }
  return [...last.values()];
}
