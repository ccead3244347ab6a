import { type Command, InvalidArgumentError } from 'commander';
import { analysePath } from '../analysis/network-insights.js';
import {
  formatTrace,
  trace,
  type TraceProtocol,
  type TraceRequest,
} from '../analysis/trace/index.js';
import { recordNetworkInsightsAnalysis } from '../control/network-insights.js';
import { compile } from '../dataplane/index.js';
import type {
  NetworkInsightsAnalysis,
  NetworkInsightsPath,
  PathFilter,
} from '../model/network-insights.js';
import type { Snapshot } from '../model/snapshot.js';
import { Ip } from '../net/index.js';
import type { Store } from '../store/store.js';
import { CliError, openNetwork } from './network.js';
import { resolveOnPremisesRef } from './onprem-refs.js';
import { resolveRef } from './refs.js';

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is 0–65535');
  return n;
};

const protocol = (v: string): TraceProtocol => {
  const t = v.toLowerCase();
  if (t === 'tcp' || t === 'udp' || t === 'icmp') return t;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0 || n > 255)
    throw new InvalidArgumentError('tcp, udp, icmp or a protocol number 0–255');
  return n;
};

const ip = (v: string): Ip => {
  const parsed = Ip.parse(v);
  if (!parsed) throw new InvalidArgumentError('not an IP address');
  return parsed;
};

interface TraceOptions {
  db?: string;
  from?: string;
  to?: string;
  path?: string;
  list?: boolean;
  protocol: TraceProtocol;
  port?: number;
  sourcePort?: number;
  sourceIp?: Ip;
  json?: boolean;
}

/** A packet given by `--from`/`--to`: traced and printed, nothing stored. */
function traceRefs(s: Snapshot, opts: TraceOptions & { from: string; to: string }): void {
  // On-premises hosts, sites and addresses (D41) are tried after the VPC's names.
  const fromRef = resolveRef(s, opts.from);
  const fromSite = 'error' in fromRef ? resolveOnPremisesRef(s, opts.from) : undefined;
  if ('error' in fromRef && !fromSite) throw new CliError([`--from: ${fromRef.error}`], 2);
  const source = fromSite ?? (fromRef as { id: string });
  const asIp = Ip.parse(opts.to);
  const toSite = resolveOnPremisesRef(s, opts.to);
  const dest = asIp || toSite ? undefined : resolveRef(s, opts.to);
  if (dest && 'error' in dest) throw new CliError([`--to: ${dest.error}`], 2);
  const sourceIp = opts.sourceIp ?? fromSite?.ip;
  const destinationIp = asIp ?? toSite?.ip;
  const request: TraceRequest = {
    source: source.id,
    ...(dest ? { destination: dest.id } : toSite ? { destination: toSite.id } : {}),
    ...(destinationIp ? { destinationIp } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    protocol: opts.protocol,
    ...(opts.port !== undefined ? { destinationPort: opts.port } : {}),
    ...(opts.sourcePort !== undefined ? { sourcePort: opts.sourcePort } : {}),
  };
  const result = trace(compile(s), request);
  if (result.Status === 'failed')
    throw new CliError([`trace failed: ${result.StatusMessage ?? ''}`], 2);
  console.log(opts.json ? JSON.stringify(result, null, 2) : formatTrace(result));
  process.exitCode = result.NetworkPathFound ? 0 : 1;
}

const awsTags = (tags: readonly { key: string; value: string }[]) =>
  tags.map((t) => ({ Key: t.key, Value: t.value }));

const filterJson = (f: PathFilter | undefined) =>
  f && {
    SourceAddress: f.sourceAddress?.toString(),
    SourcePortRange: f.sourcePortRange && {
      FromPort: f.sourcePortRange.from,
      ToPort: f.sourcePortRange.to,
    },
    DestinationAddress: f.destinationAddress?.toString(),
    DestinationPortRange: f.destinationPortRange && {
      FromPort: f.destinationPortRange.from,
      ToPort: f.destinationPortRange.to,
    },
  };

/** A stored path as `aws ec2 describe-network-insights-paths` prints it. */
export function pathJson(p: NetworkInsightsPath): Record<string, unknown> {
  return {
    NetworkInsightsPathId: p.id,
    NetworkInsightsPathArn: p.arn,
    CreatedDate: p.createdDate,
    Source: p.source,
    Destination: p.destination,
    SourceArn: p.sourceArn,
    DestinationArn: p.destinationArn,
    SourceIp: p.sourceIp?.toString(),
    DestinationIp: p.destinationIp?.toString(),
    Protocol: p.protocol,
    DestinationPort: p.destinationPort,
    FilterAtSource: filterJson(p.filterAtSource),
    FilterAtDestination: filterJson(p.filterAtDestination),
    Tags: awsTags(p.tags),
  };
}

/** A stored analysis as `aws ec2 describe-network-insights-analyses` prints it. */
export function analysisJson(a: NetworkInsightsAnalysis): Record<string, unknown> {
  return {
    NetworkInsightsAnalysisId: a.id,
    NetworkInsightsAnalysisArn: a.arn,
    NetworkInsightsPathId: a.networkInsightsPathId,
    ...(a.filterInArns.length ? { FilterInArns: a.filterInArns } : {}),
    StartDate: a.startDate,
    Status: a.status,
    StatusMessage: a.statusMessage,
    NetworkPathFound: a.networkPathFound,
    ForwardPathComponents: a.forwardPathComponents,
    ReturnPathComponents: a.returnPathComponents,
    Explanations: a.explanations,
    Tags: awsTags(a.tags),
  };
}

/**
 * `--path nip-…`: analyses a stored path as StartNetworkInsightsAnalysis does, as the path's
 * owner, and stores the analysis beside those made through the API.
 */
function tracePath(store: Store, id: string, json: boolean | undefined): void {
  const path = store.snapshot.get('network-insights-path', id);
  if (!path) throw new CliError([`--path: the database has no path '${id}'`], 2);
  const { result, findings } = analysePath(store.snapshot, path);
  const stored = store.execute(
    'StartNetworkInsightsAnalysis',
    recordNetworkInsightsAnalysis,
    { networkInsightsPathId: path.id, findings },
    { accountId: path.ownerId, region: path.region },
  );
  if (!stored.ok) throw new CliError([`${stored.error.code}: ${stored.error.message}`], 2);
  console.log(
    json
      ? JSON.stringify(analysisJson(stored.value), null, 2)
      : `${formatTrace(result)}\nanalysis ${stored.value.id} of ${path.id} stored`,
  );
  process.exitCode = result.Status === 'failed' ? 2 : result.NetworkPathFound ? 0 : 1;
}

/** The explanation codes of a stored analysis (its JSON is the tracer's, kept opaque). */
const codesOf = (a: NetworkInsightsAnalysis): string[] =>
  (a.explanations ?? []).flatMap((x) =>
    'ExplanationCode' in x && typeof x.ExplanationCode === 'string' ? [x.ExplanationCode] : [],
  );

function analysisLine(a: NetworkInsightsAnalysis): string {
  const answer =
    a.status === 'failed'
      ? `failed: ${a.statusMessage ?? ''}`
      : a.networkPathFound
        ? 'reachable'
        : `not reachable: ${codesOf(a).join(', ')}`;
  return `  ${a.id}  ${a.networkInsightsPathId}  ${a.startDate}  ${answer}`;
}

function pathLine(p: NetworkInsightsPath): string {
  const to = p.destination ?? p.filterAtSource?.destinationAddress?.toString() ?? '?';
  const dport = p.destinationPort ?? p.filterAtSource?.destinationPortRange?.from;
  return `  ${p.id}  ${p.source} → ${to}  ${p.protocol}${dport === undefined ? '' : ` ${dport}`}`;
}

/** `--list`: the stored paths and analyses, oldest first. */
function listStored(s: Snapshot, json: boolean | undefined): void {
  const byDate =
    <T>(date: (x: T) => string) =>
    (a: T, b: T) =>
      date(a).localeCompare(date(b));
  const paths = [...s.all('network-insights-path')].sort(byDate((p) => p.createdDate));
  const analyses = [...s.all('network-insights-analysis')].sort(byDate((a) => a.startDate));
  if (json) {
    const out = {
      NetworkInsightsPaths: paths.map(pathJson),
      NetworkInsightsAnalyses: analyses.map(analysisJson),
    };
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  console.log([`paths (${paths.length})`, ...paths.map(pathLine)].join('\n'));
  console.log([`analyses (${analyses.length})`, ...analyses.map(analysisLine)].join('\n'));
}

/** `vpctwin trace`: one packet, hop by hop, as Reachability Analyzer would report it. */
export function traceCommand(program: Command): void {
  program
    .command('trace')
    .description(
      'Trace a packet hop by hop (--from/--to), or run a stored path (--path); exit 0 when the destination is reachable, 1 when not.',
    )
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--from <ref>', 'source: id or Name of an instance, ENI, internet gateway or endpoint')
    .option('--to <ref|ip>', 'destination: a REF as for --from, or an IP address')
    .option(
      '--path <nip-id>',
      'a stored Reachability Analyzer path (with --db); stores the analysis',
    )
    .option('--list', 'list the stored paths and analyses (with --db)')
    .option(
      '--protocol <p>',
      'tcp, udp, icmp or a protocol number',
      protocol,
      'tcp' as TraceProtocol,
    )
    .option('--port <n>', 'destination port (TCP/UDP)', port)
    .option('--source-port <n>', 'source port (default 49152)', port)
    .option('--source-ip <ip>', "source address (default: the source's primary address)", ip)
    .option('--json', 'the result as a Reachability Analyzer NetworkInsightsAnalysis')
    .action((file: string | undefined, opts: TraceOptions) => {
      const stored = opts.path !== undefined || opts.list === true;
      if (stored && (file !== undefined || opts.db === undefined))
        throw new CliError(['--path and --list read a database: give --db PATH'], 2);
      if (!stored && (opts.from === undefined || opts.to === undefined))
        throw new CliError(['give --from and --to, or --path nip-… with --db'], 2);
      const store = openNetwork(file, opts.db);
      try {
        if (opts.list) listStored(store.snapshot, opts.json);
        else if (opts.path !== undefined) tracePath(store, opts.path, opts.json);
        else traceRefs(store.snapshot, { ...opts, from: opts.from ?? '', to: opts.to ?? '' });
      } finally {
        store.close();
      }
    });
}
