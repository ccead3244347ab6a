import type { Command } from 'commander';
import { parseAccessScope, type AccessScope } from '../analysis/access/index.js';
import type { AccessFinding } from '../analysis/access/finding.js';
import type { Node } from '../dataplane/index.js';
import { protocolName } from '../model/protocol.js';
import { HeaderSpace, type Span } from '../net/index.js';
import { analyse, progressReporter } from './access-inputs.js';
import { spans } from './header-text.js';
import { CliError, openNetwork } from './network.js';

/**
 * `vpctwin matrix`: which subnets (or security groups) reach which, on which protocols and
 * ports — the access analyzer run with a scope from every network interface to every network
 * interface, its findings aggregated by the ends' subnets or groups and their header spaces
 * unioned (decision D136).
 */

const ENI_TO_ENI: AccessScope = (() => {
  const eni = { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } };
  const r = parseAccessScope({ MatchPaths: [{ Source: eni, Destination: eni }] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();

type By = 'subnet' | 'security-group';

/** A row's end: a subnet or a security group. */
interface End {
  readonly id: string;
  readonly name: string | undefined;
}

/** One cell of the matrix. */
export interface MatrixRow {
  readonly from: End;
  readonly to: End;
  /** Per protocol name (or number), the destination ports (TCP/UDP), ICMP type/codes, or none. */
  readonly protocols: ReadonlyMap<string, readonly Span[] | undefined>;
  readonly findings: number;
}

const endsOf = (n: Node, by: By): End[] => {
  if (n.kind !== 'network-interface') return [];
  const eni = n;
  return by === 'subnet'
    ? [{ id: eni.subnet.id, name: eni.subnet.name }]
    : eni.securityGroups.map((g) => ({ id: g.id, name: g.name }));
};

/** Merges spans into a sorted list of disjoint ones. */
function mergeSpans(list: readonly Span[]): Span[] {
  const sorted = [...list].sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to + 1)
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, s.to) };
    else out.push(s);
  }
  return out;
}

/** What a space allows, per protocol: TCP/UDP destination ports, ICMP type/codes, else nothing. */
function protocolsOf(space: HeaderSpace): Map<string, Span[] | undefined> {
  const out = new Map<string, Span[] | undefined>();
  for (const c of space.cubes()) {
    const every =
      c.protocols.length === 1 && c.protocols[0]!.from === 0 && c.protocols[0]!.to === 255;
    if (every) {
      out.set('all', undefined);
      continue;
    }
    for (const p of c.protocols) {
      for (let n = p.from; n <= p.to; n++) {
        const name = protocolName(n) ?? String(n);
        const ported = n === 6 || n === 17 || n === 1 || n === 58;
        const prev = out.get(name);
        out.set(name, ported ? mergeSpans([...(prev ?? []), ...c.destinationPorts]) : undefined);
      }
    }
  }
  return out;
}

/** The matrix rows of a set of findings. */
export function matrixRows(findings: readonly AccessFinding[], by: By): MatrixRow[] {
  const cells = new Map<string, { from: End; to: End; space: HeaderSpace; findings: number }>();
  for (const f of findings) {
    for (const from of endsOf(f.source, by)) {
      for (const to of endsOf(f.destination, by)) {
        const key = `${from.id}|${to.id}`;
        const cell = cells.get(key) ?? { from, to, space: HeaderSpace.none(), findings: 0 };
        cell.space = cell.space.union(f.space);
        cell.findings++;
        cells.set(key, cell);
      }
    }
  }
  const label = (e: End) => e.name ?? e.id;
  return [...cells.values()]
    .map((c) => ({ from: c.from, to: c.to, protocols: protocolsOf(c.space), findings: c.findings }))
    .sort(
      (a, b) =>
        label(a.from).localeCompare(label(b.from)) || label(a.to).localeCompare(label(b.to)),
    );
}

const icmpText = (list: readonly Span[]): string =>
  list.length === 1 && list[0]!.from === 0 && list[0]!.to === 0xffff
    ? 'any'
    : `${list.length} type/code ranges`;

/** `tcp 22,443; udp 53; icmp any`. */
export function protocolsText(p: ReadonlyMap<string, readonly Span[] | undefined>): string {
  return [...p.entries()]
    .map(([name, ports]) =>
      ports === undefined
        ? name
        : name.startsWith('icmp')
          ? `${name} ${icmpText(ports)}`
          : `${name} ${spans(ports)}`,
    )
    .join('; ');
}

const endJson = (e: End) => ({ Id: e.id, ...(e.name ? { Name: e.name } : {}) });

/** Registers `vpctwin matrix`. */
export function matrixCommand(program: Command): void {
  program
    .command('matrix')
    .description(
      'Which subnets (or security groups) reach which, on which protocols and ports: every path between network interfaces, exactly.',
    )
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--by <what>', 'subnet or security-group', 'subnet')
    .option('--json', 'machine-readable output')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(
      (
        file: string | undefined,
        opts: { db?: string; by: string; json?: boolean; progress?: boolean },
      ) => {
        if (opts.by !== 'subnet' && opts.by !== 'security-group')
          throw new CliError([`--by ${opts.by}: subnet or security-group`], 2);
        const by: By = opts.by;
        const store = openNetwork(file, opts.db);
        try {
          const result = analyse(
            store.snapshot,
            ENI_TO_ENI,
            progressReporter('matrix', opts.progress === true),
          );
          const rows = matrixRows(result.findings, by);
          if (opts.json) {
            console.log(
              JSON.stringify(
                rows.map((r) => ({
                  From: endJson(r.from),
                  To: endJson(r.to),
                  Protocols: [...r.protocols.entries()].map(([name, ports]) => ({
                    Protocol: name,
                    ...(ports
                      ? {
                          Ports: ports.map((s) =>
                            s.from === s.to ? String(s.from) : `${s.from}-${s.to}`,
                          ),
                        }
                      : {}),
                  })),
                  Findings: r.findings,
                })),
                null,
                2,
              ),
            );
            return;
          }
          const label = (e: End) => (e.name ? `${e.name} (${e.id})` : e.id);
          const lines = [`${rows.length} ${by} pair${rows.length === 1 ? '' : 's'} with a path`];
          for (const r of rows)
            lines.push(`${label(r.from)} -> ${label(r.to)}: ${protocolsText(r.protocols)}`);
          console.log(lines.join('\n'));
        } finally {
          store.close();
        }
      },
    );
}
