import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { generateTopology } from '../topology/generate.js';
import { topologyJson, topologyYaml } from '../topology/write.js';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

/** `vpctwin generate --vpcs N`: a synthetic enterprise network as a topology file. */
export function generateCommand(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a synthetic enterprise network (N VPCs × 4 subnets × 10 ENIs, SGs, ACLs, NAT, a peering mesh).',
    )
    .requiredOption('--vpcs <n>', 'number of VPCs (at most 4096)', positive)
    .option('--vpcs-per-account <n>', 'VPCs per account', positive, 250)
    .option('--peers <n>', 'peerings per VPC with its neighbours', (v) => Number(v), 2)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--format <format>', 'yaml or json (default: from the output file name, else yaml)')
    .action(
      (opts: {
        vpcs: number;
        vpcsPerAccount: number;
        peers: number;
        output?: string;
        format?: string;
      }) => {
        const topology = generateTopology({
          vpcs: opts.vpcs,
          vpcsPerAccount: opts.vpcsPerAccount,
          peersPerVpc: opts.peers,
        });
        const json = (opts.format ?? (opts.output?.endsWith('.json') ? 'json' : 'yaml')) === 'json';
        const text = json ? topologyJson(topology) : topologyYaml(topology);
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
      },
    );
}
