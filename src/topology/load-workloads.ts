import { GATEWAY_SERVICES } from '../model/aws-services.js';
import { allocateAddress, associateAddress } from '../control/elastic-ip.js';
import { runInstances } from '../control/instance-launch.js';
import { stopInstances } from '../control/instance.js';
import { assignIpv6Addresses } from '../control/ipv6-address.js';
import { createNatGateway } from '../control/nat-gateway.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
  modifyNetworkInterfaceAttribute,
} from '../control/network-interface.js';
import { assignPrivateIpAddresses } from '../control/private-ip.js';
import { createVpcEndpoint } from '../control/vpc-endpoint.js';
import { instanceNetworkInterfaces } from '../model/instance.js';
import type { Caller } from '../store/store.js';
import { regionKey, tagsOf, type LoadContext, type Scope, type VpcPlan } from './context.js';
import type { VpcEndpointService } from '../model/vpc-endpoint-service.js';
import type { TopologyElasticIp, TopologyInstance, TopologyNetworkInterface } from './schema.js';
import type { DocPath } from './source.js';

/** Elastic IPs declared at Region level, by name. */
export function loadElasticIps(
  L: LoadContext,
  eips: readonly TopologyElasticIp[],
  scope: Scope,
  path: DocPath,
): void {
  eips.forEach((eip, i) => {
    const at = [...path, i];
    const created = L.run(
      'AllocateAddress',
      allocateAddress,
      {
        domain: 'vpc',
        ...(eip.publicIp !== undefined ? { address: eip.publicIp } : {}),
        tags: tagsOf(eip.name, eip.tags),
      },
      scope.caller,
      at,
    );
    L.name('elastic-ip', eip.name, created.id, scope, [...at, 'name']);
  });
}

/** What is left to do on an ENI once it exists. */
interface Finish {
  readonly secondaryPrivateIps: boolean;
  readonly ipv6Addresses: boolean;
  /** `publicIp: true` was already honoured by an auto-assigned address at launch. */
  readonly autoPublicIp: boolean;
}

/** An ENI's remaining addresses, source/destination check and public address. */
function finishInterface(
  L: LoadContext,
  networkInterfaceId: string,
  spec: TopologyNetworkInterface | TopologyInstance,
  scope: Scope,
  path: DocPath,
  todo: Finish,
): void {
  const caller: Caller = scope.caller;
  if (todo.secondaryPrivateIps && spec.secondaryPrivateIps?.length) {
    L.run(
      'AssignPrivateIpAddresses',
      assignPrivateIpAddresses,
      { networkInterfaceId, privateIpAddresses: spec.secondaryPrivateIps },
      caller,
      [...path, 'secondaryPrivateIps'],
    );
  }
  if (todo.ipv6Addresses && spec.ipv6Addresses?.length) {
    L.run(
      'AssignIpv6Addresses',
      assignIpv6Addresses,
      { networkInterfaceId, ipv6Addresses: spec.ipv6Addresses },
      caller,
      [...path, 'ipv6Addresses'],
    );
  }
  if (spec.sourceDestCheck === false) {
    L.run(
      'ModifyNetworkInterfaceAttribute',
      modifyNetworkInterfaceAttribute,
      { networkInterfaceId, sourceDestCheck: false },
      caller,
      [...path, 'sourceDestCheck'],
    );
  }
  let allocationId: string | undefined;
  if (spec.elasticIp !== undefined) {
    allocationId = L.resolve('elastic-ip', spec.elasticIp, scope, [...path, 'elasticIp']);
  } else if (typeof spec.publicIp === 'string' || (spec.publicIp === true && !todo.autoPublicIp)) {
    const address = typeof spec.publicIp === 'string' ? { address: spec.publicIp } : {};
    allocationId = L.run(
      'AllocateAddress',
      allocateAddress,
      { domain: 'vpc', ...address },
      caller,
      [...path, 'publicIp'],
    ).id;
  }
  if (allocationId !== undefined) {
    const at = [...path, spec.elasticIp !== undefined ? 'elasticIp' : 'publicIp'];
    L.run('AssociateAddress', associateAddress, { allocationId, networkInterfaceId }, caller, at);
  }
}

/** Standalone network interfaces. */
export function loadNetworkInterfaces(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.networkInterfaces?.forEach((eni, i) => {
    const path = [...p.path, 'networkInterfaces', i];
    const subnetId = L.resolve('subnet', eni.subnet, scope, [...path, 'subnet']);
    const groups = eni.securityGroups?.map((g, j) =>
      L.resolve('security-group', g, scope, [...path, 'securityGroups', j]),
    );
    const created = L.run(
      'CreateNetworkInterface',
      createNetworkInterface,
      {
        subnetId,
        ...(eni.privateIp !== undefined ? { privateIpAddress: eni.privateIp } : {}),
        ...(eni.secondaryPrivateIps?.length && eni.privateIp !== undefined
          ? {
              privateIpAddresses: [eni.privateIp, ...eni.secondaryPrivateIps].map(
                (privateIpAddress, k) => ({ privateIpAddress, primary: k === 0 }),
              ),
            }
          : {}),
        ...(eni.ipv6Addresses?.length
          ? { ipv6Addresses: eni.ipv6Addresses.map((ipv6Address) => ({ ipv6Address })) }
          : {}),
        ...(groups ? { groups } : {}),
        ...(eni.description !== undefined ? { description: eni.description } : {}),
        tags: tagsOf(eni.name, eni.tags),
      },
      scope.caller,
      path,
    );
    L.name('network-interface', eni.name, created.id, scope, [...path, 'name']);
    finishInterface(L, created.id, eni, scope, path, {
      secondaryPrivateIps: eni.privateIp === undefined,
      ipv6Addresses: false,
      autoPublicIp: false,
    });
  });
}

/** Instances: the primary ENI from the instance's own fields, extra ENIs attached by name. */
export function loadInstances(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.instances?.forEach((inst, i) => {
    const path = [...p.path, 'instances', i];
    const subnetId = L.resolve('subnet', inst.subnet, scope, [...path, 'subnet']);
    const securityGroupIds = inst.securityGroups?.map((g, j) =>
      L.resolve('security-group', g, scope, [...path, 'securityGroups', j]),
    );
    const [instance] = L.run(
      'RunInstances',
      runInstances,
      {
        subnetId,
        ...(inst.privateIp !== undefined ? { privateIpAddress: inst.privateIp } : {}),
        // At launch, as RunInstances takes them: in an IPv6-only subnet the first address is the
        // instance's primary one, and an address assigned afterwards would only be a second.
        ...(inst.ipv6Addresses?.length ? { ipv6Addresses: inst.ipv6Addresses } : {}),
        ...(securityGroupIds ? { securityGroupIds } : {}),
        ...(inst.publicIp === true
          ? { associatePublicIpAddress: true }
          : inst.publicIp === false
            ? { associatePublicIpAddress: false }
            : {}),
        ...(inst.imageId !== undefined ? { imageId: inst.imageId } : {}),
        ...(inst.instanceType !== undefined ? { instanceType: inst.instanceType } : {}),
        tags: tagsOf(inst.name, inst.tags),
      },
      scope.caller,
      path,
    );
    if (!instance) L.abort(path, 'RunInstances returned no instance');
    L.name('instance', inst.name, instance.id, scope, [...path, 'name']);
    const primary = instanceNetworkInterfaces(L.store.snapshot, instance.id)[0];
    if (!primary) L.abort(path, 'the instance has no network interface');
    finishInterface(L, primary.id, inst, scope, path, {
      secondaryPrivateIps: true,
      ipv6Addresses: false,
      autoPublicIp: true,
    });
    inst.networkInterfaces?.forEach((ref, j) => {
      const at = [...path, 'networkInterfaces', j];
      const networkInterfaceId = L.resolve('network-interface', ref, scope, at);
      L.run(
        'AttachNetworkInterface',
        attachNetworkInterface,
        { networkInterfaceId, instanceId: instance.id, deviceIndex: j + 1 },
        scope.caller,
        at,
      );
    });
    if (inst.state === 'stopped') {
      L.run('StopInstances', stopInstances, { instanceIds: [instance.id] }, scope.caller, [
        ...path,
        'state',
      ]);
    }
  });
}

/** NAT gateways; a public one gets the named Elastic IP, a pinned address, or a fresh one. */
export function loadNatGateways(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.natGateways?.forEach((nat, i) => {
    const path = [...p.path, 'natGateways', i];
    const subnetId = L.resolve('subnet', nat.subnet, scope, [...path, 'subnet']);
    const connectivityType = nat.connectivity ?? 'public';
    let allocationId: string | undefined;
    if (nat.elasticIp !== undefined) {
      allocationId = L.resolve('elastic-ip', nat.elasticIp, scope, [...path, 'elasticIp']);
    } else if (connectivityType === 'public') {
      const address = nat.publicIp !== undefined ? { address: nat.publicIp } : {};
      allocationId = L.run(
        'AllocateAddress',
        allocateAddress,
        { domain: 'vpc', ...address, tags: tagsOf(`${nat.name}-eip`) },
        scope.caller,
        [...path, 'publicIp'],
      ).id;
    }
    const created = L.run(
      'CreateNatGateway',
      createNatGateway,
      {
        subnetId,
        connectivityType,
        ...(allocationId !== undefined ? { allocationId } : {}),
        ...(nat.privateIp !== undefined ? { privateIpAddress: nat.privateIp } : {}),
        ...(nat.secondaryPrivateIps?.length
          ? { secondaryPrivateIpAddresses: nat.secondaryPrivateIps }
          : {}),
        tags: tagsOf(nat.name, nat.tags),
      },
      scope.caller,
      path,
    );
    L.name('nat-gateway', nat.name, created.id, scope, [...path, 'name']);
  });
}

/** VPC endpoints; a short service name (`s3`, `ssm`) is expanded for the Region. */
export function loadEndpoints(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.endpoints?.forEach((ep, i) => {
    const path = [...p.path, 'endpoints', i];
    const provider = endpointServiceOf(L, ep.service, scope);
    const serviceName =
      provider?.serviceName ??
      (ep.service.includes('.')
        ? ep.service
        : `com.amazonaws.${scope.caller.region}.${ep.service}`);
    const type =
      ep.type ??
      (provider?.serviceType === 'GatewayLoadBalancer'
        ? 'gatewayloadbalancer'
        : (GATEWAY_SERVICES as readonly string[]).includes(ep.service)
          ? 'gateway'
          : 'interface');
    const vpcEndpointType = {
      gateway: 'Gateway',
      interface: 'Interface',
      gatewayloadbalancer: 'GatewayLoadBalancer',
    }[type];
    const ids = (
      kind: 'route-table' | 'subnet' | 'security-group',
      refs: readonly string[] | undefined,
      key: string,
    ) => refs?.map((r, j) => L.resolve(kind, r, scope, [...path, key, j]));
    const routeTableIds = ids('route-table', ep.routeTables, 'routeTables');
    // A subnet entry is a name, or `{ subnet, ipv4 }` pinning the ENI's address (D83).
    const subnets = ep.subnets?.map((e, j) =>
      typeof e === 'string'
        ? { id: L.resolve('subnet', e, scope, [...path, 'subnets', j]) }
        : {
            id: L.resolve('subnet', e.subnet, scope, [...path, 'subnets', j, 'subnet']),
            ipv4: e.ipv4,
          },
    );
    const subnetIds = subnets?.map((e) => e.id);
    const subnetConfigurations = subnets?.flatMap((e) =>
      e.ipv4 === undefined ? [] : [{ subnetId: e.id, ipv4: e.ipv4 }],
    );
    const securityGroupIds = ids('security-group', ep.securityGroups, 'securityGroups');
    const created = L.run(
      'CreateVpcEndpoint',
      createVpcEndpoint,
      {
        vpcEndpointType,
        vpcId: p.id,
        serviceName,
        ...(routeTableIds ? { routeTableIds } : {}),
        ...(subnetIds ? { subnetIds } : {}),
        ...(subnetConfigurations?.length ? { subnetConfigurations } : {}),
        ...(securityGroupIds ? { securityGroupIds } : {}),
        ...(ep.privateDns !== undefined ? { privateDnsEnabled: ep.privateDns } : {}),
        tags: tagsOf(ep.name, ep.tags),
      },
      scope.caller,
      path,
    );
    L.name('vpc-endpoint', ep.name, created.id, scope, [...path, 'name']);
  });
}

/** The endpoint service of the file that `service` names, if it names one. */
function endpointServiceOf(
  L: LoadContext,
  service: string,
  scope: Scope,
): VpcEndpointService | undefined {
  const found = L.names.resolve('vpc-endpoint-service', service, {
    vpc: scope.vpc,
    region: regionKey(scope.caller),
  });
  return found.ok ? L.store.snapshot.get('vpc-endpoint-service', found.id) : undefined;
}
