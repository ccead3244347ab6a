import type { Tag } from '../model/common.js';
import {
  DEFAULT_CUSTOMER_GATEWAY_ASN,
  isLive,
  type CustomerGateway,
} from '../model/customer-gateway.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { ipParam, owned, tagsParam } from './params.js';

/**
 * Customer gateways (https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html,
 * CreateCustomerGateway in the EC2 API reference): AWS's record of the customer's VPN device.
 */

export interface CreateCustomerGatewayInput {
  readonly type: string;
  readonly ipAddress?: string;
  readonly bgpAsn?: number;
  readonly bgpAsnExtended?: number;
  readonly deviceName?: string;
  readonly certificateArn?: string;
  readonly tags?: readonly Tag[];
}

/** Largest `BgpAsn` (a signed 32-bit integer on the wire); larger ASNs go in `BgpAsnExtended`. */
const MAX_BGP_ASN = 2147483647;

/** Checks the ASN parameters: one of `BgpAsn` (1–2147483647) or `BgpAsnExtended` (to 2^32−1). */
function asnParam(input: CreateCustomerGatewayInput): Result<number, AwsError> {
  const { bgpAsn, bgpAsnExtended } = input;
  if (bgpAsn !== undefined && bgpAsnExtended !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter BgpAsn cannot be used with the parameter BgpAsnExtended',
      ),
    );
  }
  if (bgpAsn !== undefined && !(Number.isInteger(bgpAsn) && bgpAsn >= 1 && bgpAsn <= MAX_BGP_ASN)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${String(bgpAsn)}) for parameter BgpAsn is invalid. Expected an integer between 1 and ${MAX_BGP_ASN}.`,
      ),
    );
  }
  if (
    bgpAsnExtended !== undefined &&
    !(
      Number.isInteger(bgpAsnExtended) &&
      bgpAsnExtended > MAX_BGP_ASN &&
      bgpAsnExtended <= 4294967294
    )
  ) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${String(bgpAsnExtended)}) for parameter BgpAsnExtended is invalid. Expected an integer between 2147483648 and 4294967294.`,
      ),
    );
  }
  return ok(bgpAsn ?? bgpAsnExtended ?? DEFAULT_CUSTOMER_GATEWAY_ASN);
}

/**
 * CreateCustomerGateway: `ipsec.1` only. As AWS documents, asking again for a gateway with the
 * address and ASN of one the caller already has returns that gateway instead of a new one.
 */
export const createCustomerGateway: Operation<CreateCustomerGatewayInput, CustomerGateway> = (
  s,
  input,
  ctx,
) => {
  if (input.type !== 'ipsec.1') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.type}) for parameter type is invalid. Valid values: ipsec.1`,
      ),
    );
  }
  if (input.ipAddress === undefined) {
    // A certificate-based gateway may omit the address; the twin needs one to model the device.
    return fail(AwsErrors.missingParameter('IpAddress'));
  }
  const ip = ipParam('IpAddress', input.ipAddress, 4);
  if (!ip.ok) return ip;
  const asn = asnParam(input);
  if (!asn.ok) return asn;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const existing = s
    .find(
      'customerGatewaysByAddress',
      `${ctx.accountId}|${ctx.region}|${ip.value.toString()}|${String(asn.value)}`,
    )
    .find((g) => g.state === 'available');
  if (existing) return ok({ changes: [], output: existing });
  const cgw: CustomerGateway = {
    kind: 'customer-gateway',
    id: ctx.ids.next('customer-gateway'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    bgpAsn: asn.value,
    ipAddress: ip.value,
    type: 'ipsec.1',
    state: 'available',
    ...(input.deviceName !== undefined ? { deviceName: input.deviceName } : {}),
    ...(input.certificateArn !== undefined ? { certificateArn: input.certificateArn } : {}),
  };
  return ok({ changes: [{ op: 'put', resource: cgw }], output: cgw });
};

/** The caller's customer gateway, not deleted (a deleted one answers as not found). */
export function liveCustomerGateway(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<CustomerGateway, AwsError> {
  const cgw = owned(s, 'customer-gateway', id, ctx);
  if (!cgw.ok) return cgw;
  if (!isLive(cgw.value)) return fail(AwsErrors.notFound('customer-gateway', id));
  return cgw;
}

/** DeleteCustomerGateway: refused while a VPN connection that is not deleted uses it. */
export const deleteCustomerGateway: Operation<{ readonly customerGatewayId: string }, true> = (
  s,
  input,
  ctx,
) => {
  const cgw = liveCustomerGateway(s, input.customerGatewayId, ctx);
  if (!cgw.ok) return cgw;
  const inUse = s.find('vpnConnectionsByCustomerGateway', cgw.value.id).some((v) => isLive(v));
  if (inUse) {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectState',
        `The customer gateway '${cgw.value.id}' is in use by a VPN connection.`,
      ),
    );
  }
  // Deleted gateways stay visible for a while in AWS; the twin keeps them as `deleted`.
  const deleted: CustomerGateway = { ...cgw.value, state: 'deleted' };
  return ok({ changes: [{ op: 'put', resource: deleted }], output: true });
};
