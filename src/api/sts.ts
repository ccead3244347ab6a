/**
 * The slice of AWS STS that tools call before anything else: GetCallerIdentity, so
 * `aws sts get-caller-identity`, Terraform's provider start-up and SDK credential checks work.
 * STS speaks the AWS Query protocol (form body in, XML out).
 */
import { escapeXml } from './protocol/ec2-xml.js';

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Who is calling, as GetCallerIdentity reports it. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  readonly userId: string;
}

/** An STS answer: status and XML body. */
export interface StsAnswer {
  readonly status: number;
  readonly xml: string;
}

/** STS's error document (Query protocol: ErrorResponse/Error). */
export function stsError(
  code: string,
  message: string,
  status: number,
  requestId: string,
): StsAnswer {
  return {
    status,
    xml:
      `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`,
  };
}

/** Answers one STS request body. */
export function handleSts(body: string, identity: CallerIdentity, requestId: string): StsAnswer {
  const params = new URLSearchParams(body);
  const action = params.get('Action');
  if (action !== 'GetCallerIdentity') {
    return stsError(
      'InvalidAction',
      `The action ${action ?? '(none)'} is not implemented by vpctwin`,
      400,
      requestId,
    );
  }
  return {
    status: 200,
    xml:
      `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
      `<Arn>${escapeXml(identity.arn)}</Arn><UserId>${escapeXml(identity.userId)}</UserId>` +
      `<Account>${escapeXml(identity.accountId)}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
      `</GetCallerIdentityResponse>`,
  };
}
