import { nameTag } from '../model/common.js';
import { kindOfId, vpcIdOf } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';

/** The kinds a trace may start or end at. */
const KINDS = [
  'instance',
  'network-interface',
  'internet-gateway',
  'egress-only-internet-gateway',
  'vpc-endpoint',
] as const;

/**
 * Resolves a REF of the CLI — an id, or the Name tag of an instance, ENI, gateway or endpoint,
 * optionally qualified as `vpc-name/name` — to an id, or says why it cannot.
 */
export function resolveRef(s: Snapshot, ref: string): { id: string } | { error: string } {
  const lb = loadBalancerRef(s, ref);
  if (lb) return { id: lb };
  const byId = kindOfId(ref);
  if (byId && (KINDS as readonly string[]).includes(byId) && s.get(byId, ref)) return { id: ref };
  const slash = ref.lastIndexOf('/');
  const [vpcName, name] =
    slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
  const hits: { id: string; kind: string; vpc: string }[] = [];
  for (const kind of KINDS) {
    for (const r of s.all(kind)) {
      if (nameTag(r) !== name) continue;
      if (r.kind === 'instance' && r.state === 'terminated') continue;
      const vpcId = vpcIdOf(r) ?? '';
      const vpc = s.get('vpc', vpcId);
      if (
        vpcName !== undefined &&
        (vpc ? nameTag(vpc) : undefined) !== vpcName &&
        vpcId !== vpcName
      )
        continue;
      hits.push({ id: r.id, kind, vpc: (vpc && nameTag(vpc)) ?? vpcId });
    }
  }
  // An instance and its own primary ENI often share a name; the instance is what was meant.
  const instances = hits.filter((h) => h.kind === 'instance');
  const pick = instances.length === 1 ? instances : hits;
  if (pick.length === 1 && pick[0]) return { id: pick[0].id };
  if (pick.length === 0)
    return { error: `no instance, network interface, gateway or endpoint named '${ref}'` };
  return {
    error: `'${ref}' is ambiguous: ${pick.map((h) => `${h.vpc}/${name} (${h.id})`).join(', ')}; qualify it as vpc-name/name or use the id`,
  };
}

/** A load balancer by ARN, DNS name or name (ELBv2 names are unique per account and Region). */
function loadBalancerRef(s: Snapshot, ref: string): string | undefined {
  if (s.get('load-balancer', ref)) return ref;
  const byDns = s.find('loadBalancerByDnsName', ref.toLowerCase())[0];
  if (byDns) return byDns.id;
  const named = [...s.all('load-balancer')].filter((l) => l.loadBalancerName === ref);
  return named.length === 1 ? named[0]?.id : undefined;
}
