import { type Command, InvalidArgumentError } from 'commander';
import {
  formatTrace,
  trace,
  type TraceProtocol,
  type TraceRequest,
} from '../analysis/trace/index.js';
import { compile } from '../dataplane/index.js';
import { Ip } from '../net/index.js';
import { CliError, openNetwork } from './network.js';
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
  from: string;
  to: string;
  protocol: TraceProtocol;
  port?: number;
  sourcePort?: number;
  sourceIp?: Ip;
  json?: boolean;
}

/** `vpctwin trace`: one packet, hop by hop, as Reachability Analyzer would report it. */
export function traceCommand(program: Command): void {
  program
    .command('trace')
    .description('Trace a packet hop by hop; exit 0 when the destination is reachable, 1 when not.')
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .requiredOption(
      '--from <ref>',
      'source: id or Name of an instance, ENI, internet gateway or endpoint',
    )
    .requiredOption('--to <ref|ip>', 'destination: a REF as for --from, or an IP address')
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
      const store = openNetwork(file, opts.db);
      try {
        const s = store.snapshot;
        const source = resolveRef(s, opts.from);
        if ('error' in source) throw new CliError([`--from: ${source.error}`], 2);
        const asIp = Ip.parse(opts.to);
        const dest = asIp ? undefined : resolveRef(s, opts.to);
        if (dest && 'error' in dest) throw new CliError([`--to: ${dest.error}`], 2);
        const request: TraceRequest = {
          source: source.id,
          ...(dest ? { destination: dest.id } : {}),
          ...(asIp ? { destinationIp: asIp } : {}),
          ...(opts.sourceIp ? { sourceIp: opts.sourceIp } : {}),
          protocol: opts.protocol,
          ...(opts.port !== undefined ? { destinationPort: opts.port } : {}),
          ...(opts.sourcePort !== undefined ? { sourcePort: opts.sourcePort } : {}),
        };
        const result = trace(compile(s), request);
        if (result.Status === 'failed')
          throw new CliError([`trace failed: ${result.StatusMessage ?? ''}`], 2);
        console.log(opts.json ? JSON.stringify(result, null, 2) : formatTrace(result));
        process.exitCode = result.NetworkPathFound ? 0 : 1;
      } finally {
        store.close();
      }
    });
}
