import { afterAll, describe, expect, it } from 'vitest';
import { trace } from '../../src/analysis/trace/index.js';
import { createOnPremisesSite } from '../../src/control/on-premises-site.js';
import {
  revokeSecurityGroupIngress,
  authorizeSecurityGroupIngress,
} from '../../src/control/security-group.js';
import { setVpnTunnelStatus } from '../../src/control/vpn-connection.js';
import { compile } from '../../src/dataplane/index.js';
import { managedPrefixList } from '../../src/model/aws-services.js';
import type { RegionName } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import { analyse, answerOf } from '../support/api-replay-analysis.js';
import { apiRequest } from '../support/api-replay-request.js';
import { ApiTwin, idsIn, recordingOf, recordScenario } from '../support/api-replay.js';
import { awsSdkV3, boto3, type Ec2Client } from '../support/api-replay-clients.js';
import { caller } from '../support/harness.js';
import { labels, normalise } from '../support/normalise.js';
import type { Question, Scenario } from '../support/scenario.js';
import { resolveOnPremisesRef } from '../../src/cli/onprem-refs.js';
import { resolveRef } from '../../src/cli/refs.js';
import { Ip } from '../../src/net/index.js';
import { readFileSync } from 'node:fs';
import { ROOT } from '../support/cli-process.js';
import { exportState } from '../support/state.js';

/**
 * examples/hybrid-privatelink.yaml and examples/hub-and-spoke.yaml (whose stage 2 reaches
 * on-premises over four VPNs to a transit gateway) built through the EC2 API by real clients
 * (boto3 and @aws-sdk/client-ec2): every EC2 call the topology loader makes, replayed as its
 * API request.
 * The on-premises site is vpctwin's own resource (D41), with no AWS API: it is created on the
 * server's store, in its place in the sequence, so ids stay in step. Reachability Analyzer's
 * API cannot name an on-premises site as a path end, so the questions are traced in process on
 * the API-built state, and must give the topology route's answers and golden files; a question
 * from an AWS resource to an on-premises address is also asked through Network Insights.
 */

const FILE = 'examples/hybrid-privatelink.yaml';
const STORAGE = caller('333333333333', 'us-east-2');
const S3_ADDRESS = managedPrefixList('us-east-2' as RegionName, 's3')
  .cidrs[0]!.nth(10n)
  .toString();
const expected = (slug: string) => `test/scenarios/hybrid-privatelink/expected/${slug}.json`;

/** The operations of the twin's own (non-EC2) resources, run on the server's store. */
const NOT_EC2: Readonly<Record<string, Operation<never, unknown>>> = {
  CreateOnPremisesSite: createOnPremisesSite,
  SetVpnTunnelStatus: setVpnTunnelStatus,
};

interface Case {
  readonly name: string;
  readonly record: () => Scenario;
  readonly questions: readonly {
    readonly q: Question;
    readonly golden: string;
    /** Also asked through Reachability Analyzer's API (a question from an AWS resource). */
    readonly viaApi?: boolean;
  }[];
}

const HUB = 'examples/hub-and-spoke.yaml';
const hub = (slug: string) => `test/scenarios/hub-and-spoke/expected/${slug}.json`;

function narrowed(): Scenario {
  const sc = recordScenario(FILE);
  const rec = recordingOf(sc);
  const groupId = sc.id('security-group', 's3-endpoint-sg');
  const rule = { ipProtocol: 'tcp', fromPort: 443, toPort: 443 };
  rec.run(
    'RevokeSecurityGroupIngress',
    revokeSecurityGroupIngress,
    { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '172.16.0.0/12' }] }] },
    STORAGE,
  );
  rec.run(
    'AuthorizeSecurityGroupIngress',
    authorizeSecurityGroupIngress,
    { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '10.0.0.0/8' }] }] },
    STORAGE,
  );
  return sc;
}

const CASES: readonly Case[] = [
  {
    // Stage 2 of hub-and-spoke.md: four BGP VPNs to tgw-A with ECMP; the whole file (stages 1
    // and 3 too) is built by the client, the site on the server's store.
    name: 'hub-and-spoke (on-premises over four ECMP VPNs to tgw-A)',
    record: () => recordScenario(HUB),
    questions: [
      {
        q: { from: 'app-1', to: '192.168.10.10', port: 443 },
        golden: hub('app-1-to-on-premises-tcp-443'),
        viaApi: true,
      },
      {
        q: { from: '192.168.10.10', to: 'app-2', port: 443 },
        golden: hub('on-premises-to-app-2-tcp-443'),
      },
    ],
  },
  {
    name: 'hybrid-privatelink',
    record: () => recordScenario(FILE),
    questions: [
      {
        q: { from: 'file-gateway', to: 's3-interface', port: 443 },
        golden: expected('file-gateway-to-s3-interface-tcp-443'),
      },
      {
        q: { from: 'file-gateway', to: S3_ADDRESS, port: 443 },
        golden: expected('file-gateway-to-s3-public-address-tcp-443'),
      },
    ],
  },
  {
    name: 'hybrid-privatelink with the endpoint SG narrowed',
    record: narrowed,
    questions: [
      {
        q: { from: 'file-gateway', to: 's3-interface', port: 443 },
        golden: expected('with-narrowed-sg-file-gateway-to-s3-interface-tcp-443'),
      },
    ],
  },
];

/** Traces a question on any snapshot the way `vpctwin trace` does (on-premises ends included). */
function traceOn(sc: Scenario, snapshot: Scenario['s'], q: Question) {
  const aws = resolveRef(sc.s, q.from);
  const from = 'id' in aws ? { id: aws.id, ip: undefined } : resolveOnPremisesRef(sc.s, q.from)!;
  const to = resolveRef(sc.s, q.to);
  const asIp = Ip.parse(q.to);
  return trace(compile(snapshot), {
    source: from.id,
    ...(from.ip ? { sourceIp: from.ip } : {}),
    ...('id' in to ? { destination: to.id } : {}),
    ...(asIp ? { destinationIp: asIp } : {}),
    protocol: 'tcp',
    destinationPort: q.port,
  });
}

async function buildAndAsk(client: Ec2Client, c: Case): Promise<void> {
  const sc = c.record();
  const rec = recordingOf(sc);
  const twin = await ApiTwin.start(rec);
  try {
    let sent = 0;
    const known = new Set([
      ...idsIn(exportState(rec)),
      ...rec.calls.flatMap((x) => idsIn(x.output)),
    ]);
    for (const call of rec.calls) {
      if (call.action === 'InitRegion') continue;
      const own = NOT_EC2[call.action];
      if (own) {
        const r = twin.store.execute(call.action, own, call.input as never, call.caller);
        if (!r.ok) throw new Error(`${call.action}: ${r.error.code}`);
        continue;
      }
      const answer = await twin.send(
        client,
        call.action,
        apiRequest(call.action, call.input),
        call.caller,
      );
      sent++;
      // The API drew the id the topology route drew, and names no id the route does not know.
      const created = (call.output as { id?: unknown }).id;
      if (/^Create/.test(call.action) && typeof created === 'string') {
        expect(idsIn(answer), call.action).toContain(created);
      }
      for (const id of idsIn(answer)) expect(known, `${call.action}: ${id}`).toContain(id);
    }
    expect(sent).toBeGreaterThan(10);
    const { api, file } = twin.compare(rec);
    expect(api.topology, 'the topology exported from the API-built state').toEqual(file.topology);
    expect(api.state, 'every resource, ids included').toBe(file.state);
    const table = labels(sc.s);
    for (const { q, golden, viaApi } of c.questions) {
      const answer = normalise(traceOn(sc, twin.store.snapshot, q), table);
      expect(answer, `${q.from} → ${q.to}: the topology route's answer`).toEqual(
        normalise(sc.trace(q), table),
      );
      const expected = JSON.parse(readFileSync(`${ROOT}${golden}`, 'utf8')) as unknown;
      expect(answer, golden).toEqual(expected);
      if (viaApi) {
        const analysed = normalise(answerOf(await analyse(twin, client, sc, q)), table);
        expect(analysed, `${q.from} → ${q.to}: through Network Insights`).toEqual(expected);
      }
    }
    const others = twin.userAgents.filter((ua) => !client.userAgent.test(ua));
    expect(others, `every request came from ${client.name}`).toEqual([]);
  } finally {
    await twin.close();
  }
}

const clients: Ec2Client[] = [];
const use = (make: () => Ec2Client): Ec2Client => {
  const c = make();
  clients.push(c);
  return c;
};
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe.concurrent('hybrid reference networks built through the EC2 API', () => {
  for (const client of [use(boto3), use(awsSdkV3)]) {
    for (const c of CASES) {
      it(`${c.name}, built by ${client.name}`, { timeout: 60_000 }, async () => {
        await buildAndAsk(client, c);
      });
    }
  }
});
