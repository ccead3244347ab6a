import { nameTag } from '../model/common.js';
import type { Snapshot } from '../model/snapshot.js';

/** The kinds a trace may start or end at, with their id prefixes. */
const KINDS = [
  ['instance', 'i-'],
  ['network-interface', 'eni-'],
  ['internet-gateway', 'igw-'],
  ['egress-only-internet-gateway', 'eigw-'],
  ['vpc-endpoint', 'vpce-'],
] as const;

type Named = {
  id: string;
  tags: readonly { key: string; value: string }[];
  vpcId?: string;
  attachments?: readonly { vpcId: string }[];
};

const vpcOf = (r: Named): string | undefined => r.vpcId ?? r.attachments?.[0]?.vpcId;

/**
 * Resolves a REF of the CLI — an id, or the Name tag of an instance, ENI, gateway or endpoint,
 * optionally qualified as `vpc-name/name` — to an id, or says why it cannot.
 */
export function resolveRef(s: Snapshot, ref: string): { id: string } | { error: string } {
  for (const [kind, prefix] of KINDS) {
    if (ref.startsWith(prefix) && s.get(kind, ref)) return { id: ref };
  }
  const slash = ref.lastIndexOf('/');
  const [vpcName, name] =
    slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
  const hits: { id: string; kind: string; vpc: string }[] = [];
  for (const [kind] of KINDS) {
    for (const r of s.all(kind) as IterableIterator<Named>) {
      if (nameTag(r) !== name) continue;
      if (kind === 'instance' && (r as { state?: string }).state === 'terminated') continue;
      const vpcId = vpcOf(r) ?? '';
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
