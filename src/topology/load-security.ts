import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
} from '../control/network-acl.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from '../control/security-group.js';
import { GATEWAY_SERVICES, managedPrefixList, type GatewayService } from '../model/aws-services.js';
import {
  ACL_DEFAULT_DENY_V4,
  ACL_DEFAULT_DENY_V6,
  defaultNetworkAclOf,
} from '../model/network-acl.js';
import { defaultSecurityGroupOf } from '../model/security-group.js';
import { tagsOf, type LoadContext, type Scope, type VpcPlan } from './context.js';
import { aclEntry, ipPermission, type SgPeer } from './rules.js';
import type { TopologySgRule } from './schema.js';
import type { DocPath } from './source.js';

/**
 * Security groups are created before peerings and their rules added after, because a rule may
 * reference a group in a peered VPC. A group named `default` is the VPC's default group.
 */
export function loadSecurityGroups(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  const byName = defaultSecurityGroupOf(L.store.snapshot, p.id);
  if (byName) L.name('security-group', 'default', byName.id, scope, p.path);
  p.vpc.securityGroups?.forEach((sg, i) => {
    if (sg.name === 'default') return;
    const path = [...p.path, 'securityGroups', i];
    const created = L.run(
      'CreateSecurityGroup',
      createSecurityGroup,
      {
        groupName: sg.name,
        description: sg.description ?? sg.name,
        vpcId: p.id,
        tags: tagsOf(sg.name, sg.tags),
      },
      scope.caller,
      path,
    );
    L.name('security-group', sg.name, created.id, scope, [...path, 'name']);
  });
}

/** Resolves the peer of a rule: a CIDR, a group (by name, or `account/sg-id`) or a prefix list. */
function peerOf(L: LoadContext, rule: TopologySgRule, scope: Scope, path: DocPath): SgPeer {
  if (rule.securityGroup !== undefined) {
    const m = /^(\d{12})\/(sg-[0-9a-f]+)$/.exec(rule.securityGroup);
    if (m?.[1] && m[2]) return { groupId: m[2], userId: m[1] };
    const groupId = L.resolve('security-group', rule.securityGroup, scope, [
      ...path,
      'securityGroup',
    ]);
    const owner = L.store.snapshot.get('security-group', groupId)?.ownerId;
    return owner && owner !== scope.caller.accountId ? { groupId, userId: owner } : { groupId };
  }
  if (rule.prefixList !== undefined) {
    if ((GATEWAY_SERVICES as readonly string[]).includes(rule.prefixList)) {
      return {
        prefixListId: managedPrefixList(scope.caller.region, rule.prefixList as GatewayService).id,
      };
    }
    return {
      prefixListId: L.resolve('prefix-list', rule.prefixList, scope, [...path, 'prefixList']),
    };
  }
  return { cidr: rule.cidr ?? '' };
}

/** Adds the rules of every declared group; a direction given in the file replaces that direction. */
export function loadSecurityGroupRules(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.securityGroups?.forEach((sg, i) => {
    const path = [...p.path, 'securityGroups', i];
    const groupId = L.resolve('security-group', sg.name, scope, [...path, 'name']);
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = sg[direction];
      if (rules === undefined) continue;
      const egress = direction === 'egress';
      const existing =
        L.store.snapshot
          .get('security-group', groupId)
          ?.rules.filter((r) => r.isEgress === egress) ?? [];
      if (existing.length > 0) {
        const revoke = egress ? revokeSecurityGroupEgress : revokeSecurityGroupIngress;
        const ids = existing.map((r) => r.securityGroupRuleId);
        L.run(
          egress ? 'RevokeSecurityGroupEgress' : 'RevokeSecurityGroupIngress',
          revoke,
          { groupId, securityGroupRuleIds: ids },
          scope.caller,
          [...path, direction],
        );
      }
      rules.forEach((rule, j) => {
        const at = [...path, direction, j];
        const perm = ipPermission(rule, peerOf(L, rule, scope, at));
        if (typeof perm === 'string') L.abort(at, perm);
        const authorize = egress ? authorizeSecurityGroupEgress : authorizeSecurityGroupIngress;
        L.run(
          egress ? 'AuthorizeSecurityGroupEgress' : 'AuthorizeSecurityGroupIngress',
          authorize,
          { groupId, ipPermissions: [perm] },
          scope.caller,
          at,
        );
      });
    }
  });
}

/** Network ACLs: `default` edits the VPC's default ACL; a direction given replaces its rules. */
export function loadNetworkAcls(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  const defaultAcl = defaultNetworkAclOf(L.store.snapshot, p.id);
  if (defaultAcl) L.name('network-acl', 'default', defaultAcl.id, scope, p.path);
  p.vpc.networkAcls?.forEach((acl, i) => {
    const path = [...p.path, 'networkAcls', i];
    let networkAclId: string;
    if (acl.name === 'default') {
      if (!defaultAcl) L.abort(path, 'the VPC has no default network ACL');
      networkAclId = defaultAcl.id;
    } else {
      networkAclId = L.run(
        'CreateNetworkAcl',
        createNetworkAcl,
        { vpcId: p.id, tags: tagsOf(acl.name, acl.tags) },
        scope.caller,
        path,
      ).id;
      L.name('network-acl', acl.name, networkAclId, scope, [...path, 'name']);
    }
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = acl[direction];
      if (rules === undefined) continue;
      const egress = direction === 'egress';
      const current = L.store.snapshot.get('network-acl', networkAclId)?.entries ?? [];
      for (const e of current) {
        if (
          e.egress !== egress ||
          e.ruleNumber === ACL_DEFAULT_DENY_V4 ||
          e.ruleNumber === ACL_DEFAULT_DENY_V6
        )
          continue;
        L.run(
          'DeleteNetworkAclEntry',
          deleteNetworkAclEntry,
          { networkAclId, ruleNumber: e.ruleNumber, egress },
          scope.caller,
          [...path, direction],
        );
      }
      rules.forEach((rule, j) => {
        const at = [...path, direction, j];
        const input = aclEntry(networkAclId, rule, egress);
        if (typeof input === 'string') L.abort(at, input);
        L.run('CreateNetworkAclEntry', createNetworkAclEntry, input, scope.caller, at);
      });
    }
    acl.subnets?.forEach((ref, j) => {
      const at = [...path, 'subnets', j];
      const subnetId = L.resolve('subnet', ref, scope, at);
      const current = L.store.snapshot.find('networkAclBySubnet', subnetId)[0];
      const association = current?.associations.find((a) => a.subnetId === subnetId);
      if (!association) L.abort(at, `subnet '${ref}' has no network ACL association`);
      L.run(
        'ReplaceNetworkAclAssociation',
        replaceNetworkAclAssociation,
        { associationId: association.networkAclAssociationId, networkAclId },
        scope.caller,
        at,
      );
    });
  });
}
