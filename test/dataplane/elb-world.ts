import { readFileSync } from 'node:fs';
import { Ip } from '../../src/net/index.js';
import { trace, type TraceRequest } from '../../src/analysis/trace/index.js';
import { compile } from '../../src/dataplane/index.js';
import { nameTag } from '../../src/model/common.js';
import type { Operation } from '../../src/model/operation.js';
import { KINDS, type Kind, type Resource } from '../../src/model/resource.js';
import { MemoryStore } from '../../src/store/memory.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { caller } from '../support/harness.js';

/**
 * The network of examples/gwlb-inspection.yaml (GWLB ingress and egress inspection, an
 * internal NLB), loaded through the operations, with lookups by name and a tracer. `edit`
 * rewrites the file before loading; `run` changes the loaded network through an operation.
 */
export function elbWorld(edit: (yaml: string) => string = (y) => y) {
  const text = edit(readFileSync('examples/gwlb-inspection.yaml', 'utf8'));
  const parsed = parseTopology('gwlb-inspection.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  const c = caller('111111111111', 'us-east-1');
  /** The id of the resource (of `kind`, else any) whose Name tag or ELBv2 name is `name`. */
  const id = (name: string, only?: Kind): string => {
    for (const kind of only ? [only] : KINDS) {
      for (const r of store.snapshot.all(kind) as IterableIterator<Resource>) {
        if ('tags' in r && nameTag(r) === name) return r.id;
        if (r.kind === 'load-balancer' && r.loadBalancerName === name) return r.id;
        if (r.kind === 'target-group' && r.targetGroupName === name) return r.id;
      }
    }
    throw new Error(`no resource named ${name}`);
  };
  return {
    store,
    id,
    /** The ENI of an instance, by the instance's name. */
    eni: (instance: string) =>
      store.snapshot.find('networkInterfacesByInstance', id(instance, 'instance'))[0]!.id,
    run<I, O>(op: Operation<I, O>, input: I): O {
      const r = store.execute(op.name, op, input, c);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    trace(req: Omit<TraceRequest, 'protocol'> & { protocol?: TraceRequest['protocol'] }) {
      return trace(compile(store.snapshot), { protocol: 'tcp', ...req });
    },
    ip: (text: string) => Ip.parse(text) as Ip,
  };
}
