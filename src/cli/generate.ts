import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from './network.js';
import { generateEnterprise, MAX_ENTERPRISE_VPCS } from '../topology/generate-enterprise.js';
import { generateTopology } from '../topology/generate.js';
import type { Topology } from '../topology/schema.js';
import { topologyJson, topologyYaml } from '../topology/write.js';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

interface GenerateFlags {
  profile: 'foundation' | 'enterprise';
  vpcs: number;
  vpcsPerAccount: number;
  peers: number;
  vpns: number;
  output?: string;
  format?: string;
}

/** The network a profile describes; too many VPCs is a usage error (exit 2). */
function networkOf(opts: GenerateFlags): Topology {
  if (opts.profile === 'enterprise') {
    if (opts.vpcs > MAX_ENTERPRISE_VPCS) {
      throw new CliError(
        [`vpctwin: --vpcs: at most ${MAX_ENTERPRISE_VPCS} with --profile enterprise`],
        2,
      );
    }
    return generateEnterprise({ vpcs: opts.vpcs, vpns: opts.vpns });
  }
  if (opts.vpcs > 4096) throw new CliError(['vpctwin: --vpcs: at most 4096'], 2);
  return generateTopology({
    vpcs: opts.vpcs,
    vpcsPerAccount: opts.vpcsPerAccount,
    peersPerVpc: opts.peers,
  });
}

/** `vpctwin generate [--profile enterprise] --vpcs N`: a synthetic network as a topology file. */
export function generateCommand(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a synthetic network. foundation: N VPCs × 4 subnets × 10 ENIs, SGs, ACLs, NAT, a peering mesh. ' +
        'enterprise: N spoke VPCs × 40 ENIs on a transit gateway with 4 route tables, centralised egress through GWLB inspection, VPN attachments to an on-premises site.',
    )
    .addOption(
      new Option('--profile <profile>', 'network shape')
        .choices(['foundation', 'enterprise'])
        .default('foundation'),
    )
    .requiredOption(
      '--vpcs <n>',
      'number of (spoke) VPCs (at most 4096; enterprise 4000)',
      positive,
    )
    .option('--vpcs-per-account <n>', 'foundation: VPCs per account', positive, 250)
    .option('--peers <n>', 'foundation: peerings per VPC with its neighbours', (v) => Number(v), 2)
    .option('--vpns <n>', 'enterprise: VPN connections to the on-premises site', positive, 8)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--format <format>', 'yaml or json (default: from the output file name, else yaml)')
    .action((opts: GenerateFlags) => {
      const topology = networkOf(opts);
      const json = (opts.format ?? (opts.output?.endsWith('.json') ? 'json' : 'yaml')) === 'json';
      const text = json ? topologyJson(topology) : topologyYaml(topology);
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
    });
}
