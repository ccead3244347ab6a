import { AwsErrors, type AwsError } from './errors.js';

/**
 * Elastic Load Balancing v2's errors, with the codes of its API model (every one HTTP 400,
 * sender fault) and AWS's wording where it is known. ELBv2 says "not found" in the plural
 * whatever was asked ("One or more load balancers not found").
 */
export const Elbv2Errors = {
  validation(message: string): AwsError {
    return AwsErrors.code('ValidationError', message);
  },
  invalidConfiguration(message: string): AwsError {
    return AwsErrors.code('InvalidConfigurationRequest', message);
  },
  loadBalancerNotFound(): AwsError {
    return AwsErrors.code('LoadBalancerNotFound', 'One or more load balancers not found');
  },
  targetGroupNotFound(): AwsError {
    return AwsErrors.code('TargetGroupNotFound', 'One or more target groups not found');
  },
  listenerNotFound(): AwsError {
    return AwsErrors.code('ListenerNotFound', 'One or more listeners not found');
  },
  subnetNotFound(id: string): AwsError {
    return AwsErrors.code('SubnetNotFound', `The subnet ID '${id}' is not valid`);
  },
  invalidSubnet(message: string): AwsError {
    return AwsErrors.code('InvalidSubnet', message);
  },
  invalidSecurityGroup(id: string): AwsError {
    return AwsErrors.code('InvalidSecurityGroup', `The security group '${id}' does not exist`);
  },
  allocationIdNotFound(id: string): AwsError {
    return AwsErrors.code('AllocationIdNotFound', `The allocation ID '${id}' does not exist`);
  },
  duplicateLoadBalancerName(name: string): AwsError {
    return AwsErrors.code(
      'DuplicateLoadBalancerName',
      `A load balancer with the same name '${name}' exists, but with different settings`,
    );
  },
  duplicateTargetGroupName(name: string): AwsError {
    return AwsErrors.code(
      'DuplicateTargetGroupName',
      `A target group with the same name '${name}' exists, but with different settings`,
    );
  },
  duplicateListener(loadBalancerArn: string): AwsError {
    return AwsErrors.code(
      'DuplicateListener',
      `A listener already exists on this port for this load balancer '${loadBalancerArn}'`,
    );
  },
  invalidTarget(message: string): AwsError {
    return AwsErrors.code('InvalidTarget', message);
  },
  incompatibleProtocols(message: string): AwsError {
    return AwsErrors.code('IncompatibleProtocols', message);
  },
  unsupportedProtocol(message: string): AwsError {
    return AwsErrors.code('UnsupportedProtocol', message);
  },
  resourceInUse(message: string): AwsError {
    return AwsErrors.code('ResourceInUse', message);
  },
  operationNotPermitted(message: string): AwsError {
    return AwsErrors.code('OperationNotPermitted', message);
  },
  targetGroupAssociationLimit(arns: readonly string[]): AwsError {
    return AwsErrors.code(
      'TargetGroupAssociationLimit',
      `The following target groups cannot be associated with more than one load balancer: ${arns.join(', ')}`,
    );
  },
  ruleNotFound(): AwsError {
    return AwsErrors.code('RuleNotFound', 'One or more rules not found');
  },
  priorityInUse(priority: number): AwsError {
    return AwsErrors.code('PriorityInUse', `Priority '${priority}' is currently in use`);
  },
  tooManyRules(quota: number): AwsError {
    return AwsErrors.code(
      'TooManyRules',
      `The quota for the number of rules per listener (${quota}) has been reached`,
    );
  },
  tooManyListeners(): AwsError {
    return AwsErrors.code('TooManyListeners', 'A Gateway Load Balancer can have only one listener');
  },
  duplicateTagKeys(key: string): AwsError {
    return AwsErrors.code('DuplicateTagKeys', `Tag key '${key}' is specified more than once`);
  },
  tooManyTags(): AwsError {
    return AwsErrors.code(
      'TooManyTags',
      'The quota for the number of tags per resource (50) has been reached',
    );
  },
};
