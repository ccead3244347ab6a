import type { ResourceBase } from './common.js';
import { nextUuid } from './direct-connect-gateway.js';
import { parseEc2Arn, type IdGenerator } from './ids.js';
import type { Snapshot } from './snapshot.js';

/**
 * AWS Resource Access Manager: a resource share (RAM `ResourceShare`) names resources of its
 * owner and the principals (accounts) they are shared with
 * (https://docs.aws.amazon.com/ram/latest/userguide/what-is.html). Stored under its ARN, as
 * RAM names shares; the associations (resources and principals) live on the share.
 */
export interface ResourceShareAssociation {
  readonly associationType: 'PRINCIPAL' | 'RESOURCE';
  /** An account id for a principal; a resource's ARN. */
  readonly associatedEntity: string;
  readonly status: 'ASSOCIATED' | 'DISASSOCIATED';
  readonly creationTime: string;
  readonly lastUpdatedTime: string;
  /** True for a principal outside the owner's organization (never, in the twin: D26). */
  readonly external: boolean;
}

export interface ResourceShare extends ResourceBase<'resource-share', string> {
  readonly name: string;
  readonly allowExternalPrincipals: boolean;
  readonly status: 'ACTIVE' | 'DELETED';
  readonly creationTime: string;
  readonly lastUpdatedTime: string;
  readonly associations: readonly ResourceShareAssociation[];
}

/** The RAM resource types vpctwin shares, by the EC2 ARN resource type. */
export const SHAREABLE_TYPES: Readonly<Record<string, string>> = {
  'transit-gateway': 'ec2:TransitGateway',
  subnet: 'ec2:Subnet',
  'prefix-list': 'ec2:PrefixList',
};

/** The RAM type of a shareable EC2 resource's ARN (`ec2:TransitGateway`), if it is one. */
export const ramResourceType = (arn: string): string | undefined => {
  const family = parseEc2Arn(arn)?.family;
  return family === undefined ? undefined : SHAREABLE_TYPES[family];
};

/** A share's ARN: `arn:aws:ram:<region>:<account>:resource-share/<uuid>`. */
export function resourceShareArn(ids: IdGenerator, region: string, account: string): string {
  return `arn:aws:ram:${region}:${account}:resource-share/${nextUuid(ids, 'resource-share')}`;
}

const live = (a: ResourceShareAssociation) => a.status === 'ASSOCIATED';

/**
 * True when `account` may use the resource `resourceArn`: it owns it, or an active share of
 * the owner associates both the resource and the account.
 */
export function isSharedWith(
  s: Snapshot,
  resourceArn: string,
  owner: string,
  account: string,
): boolean {
  if (owner === account) return true;
  return s
    .find('resourceSharesByResource', resourceArn)
    .some(
      (share) =>
        share.status === 'ACTIVE' &&
        share.ownerId === owner &&
        share.associations.some(
          (a) => live(a) && a.associationType === 'PRINCIPAL' && a.associatedEntity === account,
        ),
    );
}
