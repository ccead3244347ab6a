import { AwsErrors } from '../model/errors.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { Change } from '../model/snapshot.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import { owned } from './params.js';
import type { UnsuccessfulItem } from './vpc-endpoint.js';

/**
 * AcceptVpcEndpointConnections and RejectVpcEndpointConnections: the service owner decides on
 * endpoints waiting in `pendingAcceptance` (https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html).
 * An endpoint that is not a pending connection of the service is listed as unsuccessful, as
 * AWS does, and the others proceed.
 */

export interface EndpointConnectionsInput {
  readonly serviceId?: string;
  readonly vpcEndpointIds?: readonly string[];
}

/** Moves each pending endpoint of the service to `state`. */
function decide(
  state: VpcEndpoint['state'],
): Operation<EndpointConnectionsInput, { unsuccessful: UnsuccessfulItem[] }> {
  return (s, input, ctx) => {
    if (input.serviceId === undefined) return fail(AwsErrors.missingParameter('ServiceId'));
    const found = owned(s, 'vpc-endpoint-service', input.serviceId, ctx);
    if (!found.ok) return found;
    const service = found.value;
    if (!input.vpcEndpointIds?.length) return fail(AwsErrors.missingParameter('VpcEndpointId'));
    const unsuccessful: UnsuccessfulItem[] = [];
    const changes: Change[] = [];
    for (const id of input.vpcEndpointIds) {
      const ep = s.get('vpc-endpoint', id);
      if (!ep || ep.serviceName !== service.serviceName || ep.state !== 'pendingAcceptance') {
        unsuccessful.push({
          resourceId: id,
          error: {
            code: 'InvalidVpcEndpoint.NotFound',
            message: `The Vpc Endpoint Id '${id}' does not exist or is not pending acceptance for ${service.id}`,
          },
        });
        continue;
      }
      changes.push({ op: 'put', resource: { ...ep, state } });
    }
    return ok({ changes, output: { unsuccessful } });
  };
}

/** AcceptVpcEndpointConnections: pending endpoints become `available`. */
export const acceptVpcEndpointConnections = decide('available');

/** RejectVpcEndpointConnections: pending endpoints become `rejected`. */
export const rejectVpcEndpointConnections = decide('rejected');
