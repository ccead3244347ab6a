import { AwsErrors, type AwsError } from '../model/errors.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import type { ModifyVpcEndpointInput } from './vpc-endpoint.js';

/**
 * What each VPC endpoint type accepts: the service names it can reach and the options that
 * apply to it (route tables for gateway endpoints; subnets, security groups and private DNS for
 * interface endpoints; exactly one subnet and no policy for Gateway Load Balancer endpoints).
 */

export type VpcEndpointType = VpcEndpoint['vpcEndpointType'];

/** The endpoint types CreateVpcEndpoint accepts. */
export const ENDPOINT_TYPES: readonly string[] = ['Gateway', 'Interface', 'GatewayLoadBalancer'];

/** The AWS service an interface endpoint name names (`com.amazonaws.<region>.<svc>` → svc). */
export function interfaceServiceOf(serviceName: string, region: string): string | undefined {
  const prefix = `com.amazonaws.${region}.`;
  if (!serviceName.startsWith(prefix)) return undefined;
  const svc = serviceName.slice(prefix.length);
  return /^[a-z0-9][a-z0-9.-]*$/.test(svc) ? svc : undefined;
}

/** GWLB endpoint services: `com.amazonaws.vpce.<region>.vpce-svc-…` (the services themselves come later). */
export function isGwlbServiceName(serviceName: string, region: string): boolean {
  return new RegExp(`^com\\.amazonaws\\.vpce\\.${region}\\.vpce-svc-[0-9a-f]+$`).test(serviceName);
}

/** AWS's answer for a service name no endpoint of the type can reach. */
export const invalidServiceName = (name: string): AwsError =>
  AwsErrors.code('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);

/** AWS's answer for an option the endpoint's type does not take. */
export const notSupported = (what: string, type: VpcEndpointType): AwsError =>
  AwsErrors.invalidParameter(`${what} not supported for ${type} type VPC endpoints.`);

/** Rejects options that do not apply to the endpoint's type. */
export function checkModifyOptions(
  endpoint: VpcEndpoint,
  input: ModifyVpcEndpointInput,
): AwsError | undefined {
  const type = endpoint.vpcEndpointType;
  const given = (xs: readonly string[] | undefined) => xs !== undefined && xs.length > 0;
  if (type !== 'Gateway' && (given(input.addRouteTableIds) || given(input.removeRouteTableIds))) {
    return AwsErrors.invalidParameter(
      'Route table IDs are only supported for Gateway type VPC Endpoint.',
    );
  }
  if (type !== 'Interface') {
    if (given(input.addSubnetIds) || given(input.removeSubnetIds))
      return notSupported('Subnet changes are', type);
    if (given(input.addSecurityGroupIds) || given(input.removeSecurityGroupIds)) {
      return notSupported('Security groups are', type);
    }
    if (input.privateDnsEnabled !== undefined) return notSupported('Private DNS is', type);
  }
  if (type === 'GatewayLoadBalancer' && (input.policyDocument !== undefined || input.resetPolicy)) {
    return notSupported('Endpoint policies are', type);
  }
  if (input.policyDocument !== undefined && input.resetPolicy) {
    return AwsErrors.invalidParameterCombination(
      'policyDocument and resetPolicy cannot be used together.',
    );
  }
  return undefined;
}
