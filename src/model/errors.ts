/**
 * The AWS error catalogue: every error the control plane returns is built here, with the
 * code, HTTP status and message as AWS words them, so the API, the topology loader and the
 * CLI all report the same thing.
 */
export interface AwsError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  readonly fault: 'client' | 'server';
}

const client = (code: string, message: string, httpStatus = 400): AwsError => ({
  code,
  message,
  httpStatus,
  fault: 'client',
});

/** AWS names resources in "not found" messages with these nouns. */
const NOUN = {
  vpc: ['InvalidVpcID.NotFound', 'vpc ID'],
  subnet: ['InvalidSubnetID.NotFound', 'subnet ID'],
  'route-table': ['InvalidRouteTableID.NotFound', 'routeTable ID'],
  'route-table-association': ['InvalidAssociationID.NotFound', 'association ID'],
  'internet-gateway': ['InvalidInternetGatewayID.NotFound', 'internetGateway ID'],
  'egress-only-internet-gateway': ['InvalidGatewayID.NotFound', 'gateway ID'],
  'nat-gateway': ['NatGatewayNotFound', 'NAT gateway ID'],
  'elastic-ip': ['InvalidAllocationID.NotFound', 'allocation ID'],
  'elastic-ip-association': ['InvalidAssociationID.NotFound', 'association ID'],
  'network-interface': ['InvalidNetworkInterfaceID.NotFound', 'networkInterface ID'],
  'network-interface-attachment': ['InvalidAttachmentID.NotFound', 'attachment ID'],
  instance: ['InvalidInstanceID.NotFound', 'instance ID'],
  'security-group': ['InvalidGroup.NotFound', 'security group'],
  'security-group-rule': ['InvalidSecurityGroupRuleId.NotFound', 'security group rule ID'],
  'network-acl': ['InvalidNetworkAclID.NotFound', 'network ACL'],
  'network-acl-association': ['InvalidAssociationID.NotFound', 'association ID'],
  'prefix-list': ['InvalidPrefixListID.NotFound', 'prefix list ID'],
  'vpc-peering-connection': ['InvalidVpcPeeringConnectionID.NotFound', 'vpcPeeringConnection ID'],
  'vpc-endpoint': ['InvalidVpcEndpointId.NotFound', 'Vpc Endpoint Id'],
  'vpc-cidr-association': [
    'InvalidVpcCidrBlockAssociationID.NotFound',
    'vpc cidr block association ID',
  ],
  'subnet-cidr-association': [
    'InvalidSubnetCidrBlockAssociationID.NotFound',
    'subnet cidr block association ID',
  ],
  'network-insights-path': ['InvalidNetworkInsightsPathId.NotFound', 'network insights path ID'],
  'network-insights-analysis': [
    'InvalidNetworkInsightsAnalysisId.NotFound',
    'network insights analysis ID',
  ],
  'transit-gateway': ['InvalidTransitGatewayID.NotFound', 'transitGateway ID'],
  'transit-gateway-attachment': [
    'InvalidTransitGatewayAttachmentID.NotFound',
    'transitGatewayAttachment ID',
  ],
  'transit-gateway-route-table': ['InvalidRouteTableID.NotFound', 'transitGatewayRouteTable ID'],
  'vpc-endpoint-service': ['InvalidVpcEndpointServiceId.NotFound', 'Vpc Endpoint Service Id'],
  'customer-gateway': ['InvalidCustomerGatewayID.NotFound', 'customerGateway ID'],
  'vpn-gateway': ['InvalidVpnGatewayID.NotFound', 'vpnGateway ID'],
  'vpn-connection': ['InvalidVpnConnectionID.NotFound', 'vpnConnection ID'],
  // Direct Connect answers every client error with one exception type (its own API).
  'direct-connect-gateway': ['DirectConnectClientException', 'Direct Connect gateway'],
  'virtual-interface': ['DirectConnectClientException', 'virtual interface'],
  'on-premises-site': ['InvalidOnPremisesSiteId.NotFound', 'on-premises site ID'],
  ipam: ['InvalidIpamId.NotFound', 'ipam ID'],
  'ipam-scope': ['InvalidIpamScopeId.NotFound', 'ipam scope ID'],
  'ipam-pool': ['InvalidIpamPoolId.NotFound', 'ipam pool ID'],
  'ipam-pool-allocation': ['InvalidIpamPoolAllocationId.NotFound', 'ipam pool allocation ID'],
  // Network Access Analyzer (D130–D139).
  'network-insights-access-scope': [
    'InvalidNetworkInsightsAccessScopeId.NotFound',
    'network insights access scope ID',
  ],
  'network-insights-access-scope-analysis': [
    'InvalidNetworkInsightsAccessScopeAnalysisId.NotFound',
    'network insights access scope analysis ID',
  ],
} as const;

export type NotFoundNoun = keyof typeof NOUN;

/** Constructors for the errors AWS returns; one place, AWS's wording. */
export const AwsErrors = {
  notFound(noun: NotFoundNoun, id: string): AwsError {
    const [code, what] = NOUN[noun];
    return client(code, `The ${what} '${id}' does not exist`);
  },
  malformedId(code: string, id: string, prefix: string): AwsError {
    return client(code, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  },
  invalidParameterValue(message: string): AwsError {
    return client('InvalidParameterValue', message);
  },
  invalidParameter(message: string): AwsError {
    return client('InvalidParameter', message);
  },
  invalidParameterCombination(message: string): AwsError {
    return client('InvalidParameterCombination', message);
  },
  missingParameter(name: string): AwsError {
    return client('MissingParameter', `The request must contain the parameter ${name}`);
  },
  /** AWS's wording for a value that fails to parse as a CIDR. */
  invalidCidr(param: string, value: string): AwsError {
    return client(
      'InvalidParameterValue',
      `Value (${value}) for parameter ${param} is invalid. This is not a valid CIDR block.`,
    );
  },
  invalidIp(param: string, value: string): AwsError {
    return client(
      'InvalidParameterValue',
      `Value (${value}) for parameter ${param} is invalid. Invalid IP address.`,
    );
  },
  dependencyViolation(message: string): AwsError {
    return client('DependencyViolation', message);
  },
  hasDependencies(noun: string, id: string): AwsError {
    return client(
      'DependencyViolation',
      `The ${noun} '${id}' has dependencies and cannot be deleted.`,
    );
  },
  code(code: string, message: string): AwsError {
    return client(code, message);
  },
  limitExceeded(code: string, message: string): AwsError {
    return client(code, message);
  },
  unsupported(message: string): AwsError {
    return client('UnsupportedOperation', message);
  },
  incorrectState(code: string, message: string): AwsError {
    return client(code, message);
  },
  /** An instance that must have exactly one ENI for the call has several. */
  multipleInterfaces(instanceId: string): AwsError {
    return client(
      'InvalidInstanceID',
      `There are multiple interfaces attached to instance '${instanceId}'. Please specify an interface ID for the operation instead.`,
    );
  },
  /** An instance in no state for the call (terminated, or without an ENI). */
  invalidInstanceState(instanceId: string): AwsError {
    return client(
      'IncorrectInstanceState',
      `The instance '${instanceId}' is not in a valid state for this operation.`,
    );
  },
  internal(message: string): AwsError {
    return { code: 'InternalError', message, httpStatus: 500, fault: 'server' };
  },
};
