import Table from 'cli-table3';
import type { Command } from 'commander';
import {
  poolTrees,
  type PoolTreeNode,
  usageAlarms,
  type UsageThresholds,
} from '../ipam/utilisation.js';
import { resourceCidrs } from '../ipam/resource-cidrs.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Store } from '../store/store.js';
import { CliError, openNetwork } from './network.js';

interface Source {
  readonly db?: string;
  readonly json?: boolean;
}

function withSnapshot(file: string | undefined, opts: Source, fn: (s: Snapshot) => void): void {
  const store: Store = openNetwork(file, opts.db);
  try {
    fn(store.snapshot);
  } finally {
    store.close();
  }
}

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const r of rows) t.push(r);
  return t.toString();
}

/** Every pool tree of every scope, flattened depth-first with its depth. */
function flatTrees(s: Snapshot): { scope: string; depth: number; node: PoolTreeNode }[] {
  const out: { scope: string; depth: number; node: PoolTreeNode }[] = [];
  const walk = (scope: string, node: PoolTreeNode, depth: number) => {
    out.push({ scope, depth, node });
    for (const c of node.children) walk(scope, c, depth + 1);
  };
  for (const scope of s.all('ipam-scope')) {
    for (const tree of poolTrees(s, scope.id)) walk(scope.id, tree, 0);
  }
  return out;
}

const poolLabel = (n: PoolTreeNode): string => {
  const name = n.pool.tags.find((t) => t.key === 'Name')?.value ?? n.pool.description;
  return name ? `${n.pool.id} (${name})` : n.pool.id;
};

/** A ten-character bar: allocated to child pools (#), assigned (=), free (.). */
function bar(allocated: number, assigned: number): string {
  const a = Math.round(allocated / 10);
  const b = Math.round(assigned / 10);
  return `${'#'.repeat(a)}${'='.repeat(Math.min(10 - a, b))}`.padEnd(10, '.');
}

function usageRows(s: Snapshot) {
  return flatTrees(s).map(({ scope, depth, node }) => ({
    scope,
    pool: node.pool.id,
    label: `${'  '.repeat(depth)}${poolLabel(node)}`,
    locale: node.pool.locale ?? 'None',
    cidrs: node.pool.cidrs
      .filter((c) => c.state === 'provisioned')
      .map((c) => c.cidr.toString())
      .join(' '),
    percentAllocated: node.usage.percentAllocated,
    percentAssigned: node.usage.percentAssigned,
    percentAvailable: node.usage.percentAvailable,
  }));
}

/** `vpctwin ipam …`: pools, their usage as trees, the resource CIDR audit, and a watch. */
export function ipamCommand(program: Command): void {
  const ipam = program
    .command('ipam')
    .description('IP address management: pools, usage, audit and alarms (AWS VPC IPAM).');

  ipam
    .command('usage')
    .description('Each pool tree with PercentAllocated / PercentAssigned / PercentAvailable.')
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--json', 'machine-readable output')
    .action((file: string | undefined, opts: Source) =>
      withSnapshot(file, opts, (s) => {
        const rows = usageRows(s);
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          table(
            ['pool', 'locale', 'cidrs', 'allocated %', 'assigned %', 'available %', ''],
            rows.map((r) => [
              r.label,
              r.locale,
              r.cidrs,
              String(r.percentAllocated),
              String(r.percentAssigned),
              String(r.percentAvailable),
              bar(r.percentAllocated, r.percentAssigned),
            ]),
          ),
        );
      }),
    );

  ipam
    .command('allocations')
    .description('The allocations of every pool.')
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--json', 'machine-readable output')
    .action((file: string | undefined, opts: Source) =>
      withSnapshot(file, opts, (s) => {
        const rows = [...s.all('ipam-pool-allocation')].map((a) => ({
          id: a.id,
          pool: a.ipamPoolId,
          cidr: a.cidr.toString(),
          type: a.resourceType,
          resource: a.resourceId ?? '',
          description: a.description ?? '',
        }));
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          table(
            ['allocation', 'pool', 'cidr', 'type', 'resource', 'description'],
            rows.map((r) => Object.values(r)),
          ),
        );
      }),
    );

  ipam
    .command('audit')
    .description('GetIpamResourceCidrs for every scope: management, compliance, overlap, usage.')
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--json', 'machine-readable output')
    .action((file: string | undefined, opts: Source) =>
      withSnapshot(file, opts, (s) => {
        const rows = [...s.all('ipam-scope')].flatMap((sc) =>
          resourceCidrs(s, sc).map((r) => ({
            scope: r.ipamScopeId,
            resource: r.resourceId,
            type: r.resourceType,
            cidr: r.resourceCidr.toString(),
            region: r.resourceRegion,
            management: r.managementState,
            compliance: r.complianceStatus,
            overlap: r.overlapStatus,
            ipUsage: r.ipUsage === undefined ? '' : (r.ipUsage * 100).toFixed(1),
          })),
        );
        if (opts.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          table(
            [
              'scope',
              'resource',
              'type',
              'cidr',
              'region',
              'management',
              'compliance',
              'overlap',
              'ip usage %',
            ],
            rows.map((r) => Object.values(r)),
          ),
        );
      }),
    );

  ipam
    .command('watch')
    .description(
      'Watch pool usage in a database and report pools past the thresholds (exit 1 with --once when any is).',
    )
    .requiredOption('--db <path>', 'SQLite database file')
    .option('--available-below <percent>', 'alarm when PercentAvailable is below this', Number)
    .option(
      '--used-above <percent>',
      'alarm when PercentAssigned + PercentAllocated is above this',
      Number,
    )
    .option('--interval <seconds>', 'seconds between checks', Number, 5)
    .option('--once', 'check once and exit')
    .action(
      async (opts: {
        db: string;
        availableBelow?: number;
        usedAbove?: number;
        interval: number;
        once?: boolean;
      }) => {
        const thresholds: UsageThresholds = {
          ...(opts.availableBelow !== undefined ? { availableBelow: opts.availableBelow } : {}),
          ...(opts.usedAbove !== undefined ? { usedAbove: opts.usedAbove } : {}),
        };
        if (thresholds.availableBelow === undefined && thresholds.usedAbove === undefined) {
          throw new CliError(['give --available-below and/or --used-above'], 2);
        }
        for (;;) {
          let alarms = 0;
          withSnapshot(undefined, { db: opts.db }, (s) => {
            const stamp = new Date().toISOString();
            for (const { node } of flatTrees(s)) {
              for (const reason of usageAlarms(node.usage, thresholds)) {
                alarms++;
                console.log(`${stamp} ALARM ${poolLabel(node)}: ${reason}`);
              }
            }
            if (alarms === 0) console.log(`${stamp} ok: no pool past the thresholds`);
          });
          if (opts.once) {
            if (alarms > 0) process.exitCode = 1;
            return;
          }
          await new Promise((r) => setTimeout(r, Math.max(1, opts.interval) * 1000));
        }
      },
    );
}
