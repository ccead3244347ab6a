import type { AwsError } from '../../model/errors.js';
import type { Result } from '../../model/result.js';
import { parseAccessScope, type AccessScope } from './scope.js';

/**
 * The four Amazon-created scopes, by name. AWS describes them in words only (Network Access
 * Analyzer guide, "Getting started"); decision D123 records how they are written here:
 * - All-IGW-Ingress: inbound paths from internet gateways to network interfaces;
 * - AWS-IGW-Egress: outbound paths from network interfaces to internet gateways;
 * - AWS-VPC-Ingress: inbound paths into VPCs from internet gateways, peering connections, VPC
 *   endpoints, VPNs and transit gateways;
 * - AWS-VPC-Egress: outbound paths from VPCs to the same five.
 */
const EDGES = [
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPNGateway',
  'AWS::EC2::TransitGatewayAttachment',
];
const types = (resourceTypes: readonly string[]) => ({
  ResourceStatement: { ResourceTypes: resourceTypes },
});
const ENI = ['AWS::EC2::NetworkInterface'];
const IGW = ['AWS::EC2::InternetGateway'];

/** The scopes' JSON, as GetNetworkInsightsAccessScopeContent would show it. */
export const AMAZON_SCOPES = {
  'All-IGW-Ingress': {
    MatchPaths: [{ Source: types(IGW), Destination: types(ENI) }],
    ExcludePaths: [],
  },
  'AWS-IGW-Egress': {
    MatchPaths: [{ Source: types(ENI), Destination: types(IGW) }],
    ExcludePaths: [],
  },
  'AWS-VPC-Ingress': {
    MatchPaths: [{ Source: types(EDGES), Destination: types(ENI) }],
    ExcludePaths: [],
  },
  'AWS-VPC-Egress': {
    MatchPaths: [{ Source: types(ENI), Destination: types(EDGES) }],
    ExcludePaths: [],
  },
} as const;

export type AmazonScopeName = keyof typeof AMAZON_SCOPES;

/** Whether a name is one of the Amazon-created scopes. */
export const isAmazonScopeName = (name: string): name is AmazonScopeName =>
  Object.hasOwn(AMAZON_SCOPES, name);

/** An Amazon-created scope, parsed; undefined for any other name. */
export function amazonScope(name: string): AccessScope | undefined {
  if (!isAmazonScopeName(name)) return undefined;
  const r: Result<AccessScope, AwsError> = parseAccessScope(AMAZON_SCOPES[name]);
  // The built-in JSON is fixed; a failure here is a defect in this file, caught by its test.
  if (!r.ok) throw new Error(`built-in scope ${name}: ${r.error.message}`);
  return r.value;
}
