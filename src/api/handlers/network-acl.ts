/**
 * Network ACLs over the EC2 API: the ACLs, their numbered entries and their subnet
 * associations. The `*` deny rules come out as 32767 (IPv4) and 32768 (IPv6), as AWS lists them.
 */
import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
  type NetworkAclEntryInput,
} from '../../control/network-acl.js';
import type { NetworkAcl, NetworkAclEntry } from '../../model/network-acl.js';
import { protocolName } from '../../model/protocol.js';
import { ok } from '../../model/result.js';
import type { HandlerContext } from './context.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/** AWS `NetworkAclEntry`. */
export function networkAclEntryOutput(e: NetworkAclEntry): Ec2.Entry {
  return {
    cidrBlock: e.cidrBlock?.toString(),
    egress: e.egress,
    icmpTypeCode: e.icmpTypeCode && { code: e.icmpTypeCode.code, type: e.icmpTypeCode.type },
    ipv6CidrBlock: e.ipv6CidrBlock?.toString(),
    portRange: e.portRange && { from: e.portRange.from, to: e.portRange.to },
    protocol: e.protocol,
    ruleAction: e.ruleAction,
    ruleNumber: e.ruleNumber,
  };
}

/**
 * Entries in AWS's listing order: egress first, each direction by rule number (the
 * describe-network-acls example of the AWS CLI reference), whatever order the model keeps.
 */
const listingOrder = (entries: readonly NetworkAclEntry[]): NetworkAclEntry[] =>
  [...entries].sort((a, b) => Number(b.egress) - Number(a.egress) || a.ruleNumber - b.ruleNumber);

/** AWS `NetworkAcl`. */
export function networkAclOutput(a: NetworkAcl): Ec2.NetworkAcl {
  return {
    associations: a.associations.map((x) => ({
      networkAclAssociationId: x.networkAclAssociationId,
      networkAclId: a.id,
      subnetId: x.subnetId,
    })),
    entries: listingOrder(a.entries).map(networkAclEntryOutput),
    isDefault: a.isDefault,
    networkAclId: a.id,
    tags: tagSet(a.tags),
    vpcId: a.vpcId,
    ownerId: a.ownerId,
  };
}

/** CreateNetworkAcl: the new ACL, and the client token echoed as AWS does. */
export const createNetworkAclHandler = defineHandler('CreateNetworkAcl', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'network-acl');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateNetworkAcl', createNetworkAcl, {
    vpcId: input.vpcId,
    tags: tags.value,
  });
  return result.ok
    ? ok({ networkAcl: networkAclOutput(result.value), clientToken: input.clientToken })
    : result;
});

/** Protocol values a filter matches: the stored number and, where AWS has one, its name. */
function protocolValues(p: string): string[] {
  const name = protocolName(Number(p));
  return name === undefined ? [p] : [p, name];
}

const entryValues =
  (read: (e: NetworkAclEntry) => string | number | boolean | undefined) => (a: NetworkAcl) =>
    a.entries.map((e) => {
      const v = read(e);
      return v === undefined ? undefined : String(v);
    });

/** DescribeNetworkAcls filters, by name, as AWS documents them (tags are built in). */
export const NETWORK_ACL_FILTERS: FilterTable<NetworkAcl> = {
  'association.association-id': (a) => a.associations.map((x) => x.networkAclAssociationId),
  'association.network-acl-id': (a) => a.associations.map(() => a.id),
  'association.subnet-id': (a) => a.associations.map((x) => x.subnetId),
  default: (a) => [flag(a.isDefault)],
  'entry.cidr': entryValues((e) => e.cidrBlock?.toString()),
  'entry.icmp.code': entryValues((e) => e.icmpTypeCode?.code),
  'entry.icmp.type': entryValues((e) => e.icmpTypeCode?.type),
  'entry.ipv6-cidr': entryValues((e) => e.ipv6CidrBlock?.toString()),
  'entry.port-range.from': entryValues((e) => e.portRange?.from),
  'entry.port-range.to': entryValues((e) => e.portRange?.to),
  'entry.protocol': (a) => a.entries.flatMap((e) => protocolValues(e.protocol)),
  'entry.rule-action': entryValues((e) => e.ruleAction),
  'entry.egress': entryValues((e) => e.egress),
  'entry.rule-number': entryValues((e) => e.ruleNumber),
  'network-acl-id': (a) => [a.id],
  'owner-id': (a) => [a.ownerId],
  'vpc-id': (a) => [a.vpcId],
};

/**
 * The caller's ACLs in its Region: those of its VPCs, through the indexes (ACLs live in the VPC
 * their owner created them in).
 */
function callerAcls(ctx: HandlerContext): NetworkAcl[] {
  const s = ctx.store.snapshot;
  const { accountId, region } = ctx.caller;
  return s
    .find('vpcsByOwnerRegion', `${accountId}|${region}`)
    .flatMap((v) => s.find('networkAclsByVpc', v.id))
    .filter((a) => a.ownerId === accountId && a.region === region);
}

/** DescribeNetworkAcls: ids, filters and MaxResults (5–1000)/NextToken pagination. */
export const describeNetworkAclsHandler = defineHandler('DescribeNetworkAcls', (input, ctx) => {
  const page = describe(
    callerAcls(ctx),
    { ...input, ids: input.networkAclIds },
    {
      idOf: (a) => a.id,
      filters: NETWORK_ACL_FILTERS,
      noun: 'network-acl',
      idsParameter: 'networkAclIds',
    },
  );
  return page.ok
    ? ok({ networkAcls: page.value.items.map(networkAclOutput), nextToken: page.value.nextToken })
    : page;
});

/** DeleteNetworkAcl. */
export const deleteNetworkAclHandler = defineHandler('DeleteNetworkAcl', (input, ctx) => {
  const result = ctx.run('DeleteNetworkAcl', deleteNetworkAcl, {
    networkAclId: input.networkAclId,
  });
  return result.ok ? ok(undefined) : result;
});

/** An entry call's input as the operations take it (`Icmp` arrives as icmpTypeCode). */
function entryInput(
  e: Ec2.CreateNetworkAclEntryInput | Ec2.ReplaceNetworkAclEntryInput,
): NetworkAclEntryInput {
  return {
    networkAclId: e.networkAclId,
    ruleNumber: e.ruleNumber,
    protocol: e.protocol,
    ruleAction: e.ruleAction,
    egress: e.egress,
    cidrBlock: e.cidrBlock,
    ipv6CidrBlock: e.ipv6CidrBlock,
    portRange: e.portRange,
    icmpTypeCode: e.icmpTypeCode,
  };
}

/** CreateNetworkAclEntry: answers with nothing but the request id. */
export const createNetworkAclEntryHandler = defineHandler('CreateNetworkAclEntry', (input, ctx) => {
  const result = ctx.run('CreateNetworkAclEntry', createNetworkAclEntry, entryInput(input));
  return result.ok ? ok(undefined) : result;
});

/** ReplaceNetworkAclEntry: the whole entry is replaced, so every field is given again. */
export const replaceNetworkAclEntryHandler = defineHandler(
  'ReplaceNetworkAclEntry',
  (input, ctx) => {
    const result = ctx.run('ReplaceNetworkAclEntry', replaceNetworkAclEntry, entryInput(input));
    return result.ok ? ok(undefined) : result;
  },
);

/** DeleteNetworkAclEntry. */
export const deleteNetworkAclEntryHandler = defineHandler('DeleteNetworkAclEntry', (input, ctx) => {
  const result = ctx.run('DeleteNetworkAclEntry', deleteNetworkAclEntry, {
    networkAclId: input.networkAclId,
    ruleNumber: input.ruleNumber,
    egress: input.egress,
  });
  return result.ok ? ok(undefined) : result;
});

/** ReplaceNetworkAclAssociation: the subnet's new association id. */
export const replaceNetworkAclAssociationHandler = defineHandler(
  'ReplaceNetworkAclAssociation',
  (input, ctx) => {
    const result = ctx.run('ReplaceNetworkAclAssociation', replaceNetworkAclAssociation, {
      associationId: input.associationId,
      networkAclId: input.networkAclId,
    });
    return result.ok ? ok({ newAssociationId: result.value.newAssociationId }) : result;
  },
);

/** The network-acl handlers, by action. */
export const NETWORK_ACL_HANDLERS = handlerRegistry(
  createNetworkAclHandler,
  describeNetworkAclsHandler,
  deleteNetworkAclHandler,
  createNetworkAclEntryHandler,
  replaceNetworkAclEntryHandler,
  deleteNetworkAclEntryHandler,
  replaceNetworkAclAssociationHandler,
);
