import { tableRoutes } from '../model/vgw-route-propagation.js';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { availableIpAddressCount } from '../control/subnet.js';
import { nameTag } from '../model/common.js';
import { routeDestination, routeState, routeTarget } from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { openNetwork } from './network.js';
import { TRANSIT_GATEWAY_VIEWS } from './show-transit-gateway.js';

type Row = Record<string, string | number>;

/** One table of `show`: a title and how to turn the snapshot into rows. */
interface View {
  readonly name: string;
  rows(s: Snapshot): Row[];
}

const n = (r: { tags: readonly { key: string; value: string }[] }) => nameTag(r) ?? '';
const list = (xs: readonly unknown[]) => xs.map(String).join(' ');

/** The tables `vpctwin show` prints, one per resource family. */
const VIEWS: readonly View[] = [
  {
    name: 'vpcs',
    rows: (s) =>
      [...s.all('vpc')].map((v) => ({
        id: v.id,
        name: n(v),
        account: v.ownerId,
        region: v.region,
        cidrs: list([
          ...v.cidrBlockAssociationSet.map((a) => a.cidrBlock),
          ...v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock),
        ]),
        dns: `${v.enableDnsSupport ? 'support' : '-'}/${v.enableDnsHostnames ? 'hostnames' : '-'}`,
      })),
  },
  {
    name: 'subnets',
    rows: (s) =>
      [...s.all('subnet')].map((sn) => ({
        id: sn.id,
        name: n(sn),
        vpc: sn.vpcId,
        az: `${sn.availabilityZone} (${sn.availabilityZoneId})`,
        cidrs: list([
          ...(sn.cidrBlock ? [sn.cidrBlock] : []),
          ...sn.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock),
        ]),
        free: sn.cidrBlock ? availableIpAddressCount(s, sn) : '-',
        public: sn.mapPublicIpOnLaunch ? 'yes' : '',
      })),
  },
  {
    name: 'route-tables',
    rows: (s) =>
      [...s.all('route-table')].map((t) => ({
        id: t.id,
        name: n(t),
        vpc: t.vpcId,
        associations: list(
          t.associations.map((a) => (a.main ? 'main' : (a.subnetId ?? a.gatewayId ?? ''))),
        ),
        routes: tableRoutes(s, t)
          .map(
            (r) =>
              `${String(routeDestination(r))} → ${routeTarget(r).id}${r.origin === 'EnableVgwRoutePropagation' ? ' (propagated)' : ''}${routeState(s, r, t) === 'blackhole' ? ' (blackhole)' : ''}`,
          )
          .join('\n'),
      })),
  },
  {
    name: 'security-groups',
    rows: (s) =>
      [...s.all('security-group')].map((g) => ({
        id: g.id,
        name: g.groupName,
        vpc: g.vpcId,
        inbound: g.rules.filter((r) => !r.isEgress).length,
        outbound: g.rules.filter((r) => r.isEgress).length,
      })),
  },
  {
    name: 'network-acls',
    rows: (s) =>
      [...s.all('network-acl')].map((a) => ({
        id: a.id,
        name: a.isDefault ? 'default' : n(a),
        vpc: a.vpcId,
        subnets: list(a.associations.map((x) => x.subnetId)),
        rules: a.entries
          .map(
            (e) =>
              `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.ruleAction} ${e.protocol} ${String(e.cidrBlock ?? e.ipv6CidrBlock)}${e.portRange ? ` ${e.portRange.from}-${e.portRange.to}` : ''}`,
          )
          .join('\n'),
      })),
  },
  {
    name: 'network-interfaces',
    rows: (s) =>
      [...s.all('network-interface')].map((e) => ({
        id: e.id,
        name: n(e),
        subnet: e.subnetId,
        type: e.interfaceType,
        addresses: list([
          ...e.privateIpAddresses.map((p) => p.privateIpAddress),
          ...e.ipv6Addresses.map((a) => a.ipv6Address),
        ]),
        public: list(
          e.privateIpAddresses.flatMap((p) => (p.association ? [p.association.publicIp] : [])),
        ),
        groups: list(e.groups),
        attached: e.attachment ? `${e.attachment.instanceId}#${e.attachment.deviceIndex}` : '',
      })),
  },
  {
    name: 'instances',
    rows: (s) =>
      [...s.all('instance')].map((i) => ({
        id: i.id,
        name: n(i),
        subnet: i.subnetId,
        type: i.instanceType,
        state: i.state,
      })),
  },
  {
    name: 'gateways',
    rows: (s) => [
      ...[...s.all('internet-gateway')].map((g) => ({
        id: g.id,
        name: n(g),
        kind: 'internet',
        vpc: list(g.attachments.map((a) => a.vpcId)),
        detail: '',
      })),
      ...[...s.all('egress-only-internet-gateway')].map((g) => ({
        id: g.id,
        name: n(g),
        kind: 'egress-only',
        vpc: list(g.attachments.map((a) => a.vpcId)),
        detail: '',
      })),
      ...[...s.all('nat-gateway')].map((g) => ({
        id: g.id,
        name: n(g),
        kind: `nat (${g.connectivityType}, ${g.state})`,
        vpc: g.vpcId,
        detail: list(
          g.natGatewayAddresses.map(
            (a) => `${a.privateIp.toString()}${a.publicIp ? `→${a.publicIp.toString()}` : ''}`,
          ),
        ),
      })),
    ],
  },
  {
    name: 'elastic-ips',
    rows: (s) =>
      [...s.all('elastic-ip')].map((e) => ({
        id: e.id,
        name: n(e),
        address: e.publicIp.toString(),
        associated: e.networkInterfaceId ?? '',
      })),
  },
  {
    name: 'peerings',
    rows: (s) =>
      [...s.all('vpc-peering-connection')].map((p) => ({
        id: p.id,
        name: n(p),
        requester: `${p.requesterVpcInfo.vpcId} (${p.requesterVpcInfo.region})`,
        accepter: `${p.accepterVpcInfo.vpcId} (${p.accepterVpcInfo.region})`,
        status: p.status.code,
      })),
  },
  {
    name: 'endpoints',
    rows: (s) =>
      [...s.all('vpc-endpoint')].map((e) => ({
        id: e.id,
        name: n(e),
        type: e.vpcEndpointType,
        service: e.serviceName,
        vpc: e.vpcId,
        where: list([...e.routeTableIds, ...e.subnetIds]),
      })),
  },
  ...TRANSIT_GATEWAY_VIEWS,
];

function render(view: View, rows: Row[]): string {
  const head = Object.keys(rows[0] ?? {});
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const r of rows) table.push(head.map((h) => r[h] ?? ''));
  return `${view.name} (${rows.length})\n${table.toString()}`;
}

/** `vpctwin show FILE | --db PATH`: tables of resources. */
export function showCommand(program: Command): void {
  program
    .command('show')
    .description('Print tables of the resources of a topology file or database.')
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .option('--only <views>', `comma-separated subset of: ${VIEWS.map((v) => v.name).join(', ')}`)
    .option('--json', 'machine-readable output')
    .action((file: string | undefined, opts: { db?: string; only?: string; json?: boolean }) => {
      const store = openNetwork(file, opts.db);
      try {
        const wanted = opts.only?.split(',').map((x) => x.trim());
        const views = VIEWS.filter((v) => !wanted || wanted.includes(v.name));
        if (opts.json) {
          console.log(
            JSON.stringify(
              Object.fromEntries(views.map((v) => [v.name, v.rows(store.snapshot)])),
              null,
              2,
            ),
          );
          return;
        }
        for (const v of views) {
          const rows = v.rows(store.snapshot);
          if (rows.length) console.log(render(v, rows));
        }
      } finally {
        store.close();
      }
    });
}
