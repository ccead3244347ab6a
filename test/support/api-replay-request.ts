/**
 * An operation's input as the EC2 API request that asks the same (test/support/api-replay.ts):
 * the control plane takes AWS's request shapes with camelCase names (docs/decisions.md D2), so
 * the EC2 model renames them; the few places where the API spells a request differently
 * (tags per resource type, `{ Value }` attributes, RunInstances' public address) are explicit.
 */
import { loadEc2Model, type Shape } from '../../src/api/protocol/model.js';

const model = loadEc2Model();

/**
 * The `TagSpecification.ResourceType` of the resource each action creates: operations take
 * `tags`, the API takes them per resource type.
 */
const TAGGED_RESOURCE: Readonly<Record<string, string>> = {
  AllocateAddress: 'elastic-ip',
  CreateEgressOnlyInternetGateway: 'egress-only-internet-gateway',
  CreateInternetGateway: 'internet-gateway',
  CreateManagedPrefixList: 'prefix-list',
  CreateNatGateway: 'natgateway',
  CreateNetworkAcl: 'network-acl',
  CreateNetworkInterface: 'network-interface',
  CreateRouteTable: 'route-table',
  CreateSecurityGroup: 'security-group',
  CreateSubnet: 'subnet',
  CreateVpc: 'vpc',
  CreateVpcEndpoint: 'vpc-endpoint',
  CreateVpcPeeringConnection: 'vpc-peering-connection',
  RunInstances: 'instance',
  CreateCustomerGateway: 'customer-gateway',
  CreateVpnGateway: 'vpn-gateway',
  CreateVpnConnection: 'vpn-connection',
  CreateTransitGateway: 'transit-gateway',
  CreateTransitGatewayVpcAttachment: 'transit-gateway-attachment',
  CreateTransitGatewayPeeringAttachment: 'transit-gateway-attachment',
  CreateTransitGatewayRouteTable: 'transit-gateway-route-table',
};

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value of an operation's input in the wire shape the model gives its member: keys renamed to
 * the model's member names, and a scalar where the API wants `{ Value }` (EC2's
 * `AttributeBooleanValue`) wrapped. Anything the model has no place for fails: the replay
 * must not drop part of what the file asked for.
 */
function toWire(value: unknown, shape: Shape, at: string): unknown {
  switch (shape.kind) {
    case 'structure': {
      if (isRecord(value)) {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value)) {
          if (v === undefined) continue;
          const member = shape.members.find((m) => m.key === key);
          if (!member) throw new Error(`${at}: the API has no member for '${key}'`);
          out[member.name] = toWire(v, member.shape, `${at}.${member.name}`);
        }
        return out;
      }
      const [only] = shape.members;
      if (shape.members.length === 1 && only?.name === 'Value') {
        return { Value: toWire(value, only.shape, `${at}.Value`) };
      }
      throw new Error(`${at}: expected a structure, got ${JSON.stringify(value)}`);
    }
    case 'list':
      if (!Array.isArray(value)) throw new Error(`${at}: expected a list`);
      return value.map((v, i) => toWire(v, shape.member.shape, `${at}[${i}]`));
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error(`${at}: expected a boolean`);
      return value;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) throw new Error(`${at}: expected an integer`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw new Error(`${at}: expected a string`);
      return value;
    default:
      throw new Error(`${at}: no translation for ${shape.kind} values`);
  }
}

/**
 * RunInstances: AWS takes `AssociatePublicIpAddress` only on a network interface
 * specification, so a launch that sets it names its primary interface there instead; IPv6
 * addresses are `{ Ipv6Address }` structures on the wire, plain addresses in the operation.
 */
function runInstancesInput(input: Record<string, unknown>): Record<string, unknown> {
  const { associatePublicIpAddress, subnetId, privateIpAddress, securityGroupIds, ...rest } = input;
  if (Array.isArray(rest.ipv6Addresses)) {
    rest.ipv6Addresses = rest.ipv6Addresses.map((ipv6Address: unknown) => ({ ipv6Address }));
  }
  const counts = { minCount: 1, maxCount: 1 };
  if (associatePublicIpAddress === undefined) {
    return { ...counts, subnetId, privateIpAddress, securityGroupIds, ...rest };
  }
  if (rest.networkInterfaces !== undefined) {
    throw new Error('RunInstances: both associatePublicIpAddress and networkInterfaces');
  }
  return {
    ...counts,
    ...rest,
    networkInterfaces: [
      {
        deviceIndex: 0,
        associatePublicIpAddress,
        subnetId,
        privateIpAddress,
        groups: securityGroupIds,
      },
    ],
  };
}

/** The EC2 API request (PascalCase members) that asks for what an operation's input asks. */
export function apiRequest(action: string, input: unknown): Record<string, unknown> {
  const op = model.operation(action);
  if (!op) throw new Error(`${action} is not an EC2 API action: the replay cannot send it`);
  if (!isRecord(input)) throw new Error(`${action}: the input is not an object`);
  const { tags, ...rest } = action === 'RunInstances' ? runInstancesInput(input) : input;
  const request = toWire(rest, op.input, action) as Record<string, unknown>;
  if (tags === undefined || (Array.isArray(tags) && tags.length === 0)) return request;
  const direct = op.input.members.find((m) => m.key === 'tags');
  if (direct) return { ...request, [direct.name]: toWire(tags, direct.shape, `${action}.Tags`) };
  const resourceType = TAGGED_RESOURCE[action];
  if (resourceType === undefined) throw new Error(`${action}: no TagSpecification resource type`);
  const spec = { resourceType, tags };
  const member = op.input.members.find((m) => m.key === 'tagSpecifications');
  if (!member) throw new Error(`${action}: the API takes no TagSpecifications`);
  return {
    ...request,
    TagSpecifications: toWire([spec], member.shape, `${action}.TagSpecifications`),
  };
}
