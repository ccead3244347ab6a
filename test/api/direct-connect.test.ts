import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVpc } from '../../src/control/vpc.js';
import { attachVpnGateway, createVpnGateway } from '../../src/control/vpn-gateway.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import { DIRECT_CONNECT_HANDLERS } from '../../src/api/handlers/direct-connect.js';
import { authorization, startTwin, type Twin } from '../support/api.js';
import { runClient } from '../support/run-client.js';

/**
 * The Direct Connect API (JSON 1.1 protocol), driven by real clients: boto3 for a whole flow in
 * one process, the AWS CLI for single calls, and raw requests for what clients will not send.
 */

let twin: Twin;
let net: { vgw: string; tgw: string };

beforeAll(async () => {
  twin = await startTwin();
  const vpc = twin.setup(createVpc, { cidrBlock: '10.1.0.0/16' });
  const vgw = twin.setup(createVpnGateway, { type: 'ipsec.1' });
  twin.setup(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  const tgw = twin.setup(createTransitGateway, {});
  net = { vgw: vgw.id, tgw: tgw.id };
});

afterAll(() => twin.close());

const run = (bin: string, args: readonly string[]) => runClient(twin.endpoint, bin, args);

const aws = (args: readonly string[]) =>
  run('aws', ['--endpoint-url', twin.endpoint, '--output', 'json', 'directconnect', ...args]);

const BOTO3_FLOW = String.raw`
import json, os, sys, boto3, botocore
args = json.loads(sys.argv[1])
dx = boto3.client('directconnect', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
out = {}
def code(call):
  try:
    call(); return None
  except botocore.exceptions.ClientError as e:
    return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
priv = dx.create_direct_connect_gateway(directConnectGatewayName='dx-private', amazonSideAsn=64600)['directConnectGateway']
trans = dx.create_direct_connect_gateway(directConnectGatewayName='dx-transit')['directConnectGateway']
out['created'] = [priv['amazonSideAsn'], priv['directConnectGatewayState'], trans['amazonSideAsn']]
out['renamed'] = dx.update_direct_connect_gateway(directConnectGatewayId=trans['directConnectGatewayId'], newDirectConnectGatewayName='dx-tgw')['directConnectGateway']['directConnectGatewayName']
va = dx.create_direct_connect_gateway_association(directConnectGatewayId=priv['directConnectGatewayId'], gatewayId=args['vgw'])['directConnectGatewayAssociation']
out['vgwAssociation'] = [va['associatedGateway']['type'], va['virtualGatewayId'], [p['cidr'] for p in va['allowedPrefixesToDirectConnectGateway']]]
ta = dx.create_direct_connect_gateway_association(directConnectGatewayId=trans['directConnectGatewayId'], gatewayId=args['tgw'], addAllowedPrefixesToDirectConnectGateway=[{'cidr': '10.0.0.0/8'}])['directConnectGatewayAssociation']
out['tgwAssociation'] = [ta['associatedGateway']['type'], [p['cidr'] for p in ta['allowedPrefixesToDirectConnectGateway']]]
pv = dx.create_private_virtual_interface(connectionId='dxcon-abcd1234', newPrivateVirtualInterface={'virtualInterfaceName': 'pvif', 'vlan': 101, 'asn': 65010, 'directConnectGatewayId': priv['directConnectGatewayId'], 'mtu': 9001})
tv = dx.create_transit_virtual_interface(connectionId='dxcon-abcd1234', newTransitVirtualInterface={'virtualInterfaceName': 'tvif', 'vlan': 102, 'asn': 65010, 'directConnectGatewayId': trans['directConnectGatewayId']})['virtualInterface']
out['vifs'] = [[v['virtualInterfaceType'], v['vlan'], v['jumboFrameCapable'], v['virtualInterfaceState']] for v in dx.describe_virtual_interfaces(connectionId='dxcon-abcd1234')['virtualInterfaces']]
out['attachments'] = sorted([a['attachmentType'], a['attachmentState']] for a in dx.describe_direct_connect_gateway_attachments()['directConnectGatewayAttachments'])
pages = dx.describe_direct_connect_gateways(maxResults=1)
out['paged'] = [len(pages['directConnectGateways']), 'nextToken' in pages]
second = dx.describe_direct_connect_gateways(maxResults=1, nextToken=pages['nextToken'])
out['secondPage'] = ['nextToken' in second, sorted(g['directConnectGatewayName'] for g in pages['directConnectGateways'] + second['directConnectGateways'])]
out['errors'] = {
  'vlanInUse': code(lambda: dx.create_private_virtual_interface(connectionId='dxcon-abcd1234', newPrivateVirtualInterface={'virtualInterfaceName': 'x', 'vlan': 101, 'asn': 65010, 'virtualGatewayId': args['vgw']})),
  'privateOnTransit': code(lambda: dx.create_private_virtual_interface(connectionId='dxcon-abcd1234', newPrivateVirtualInterface={'virtualInterfaceName': 'x', 'vlan': 103, 'asn': 65010, 'directConnectGatewayId': trans['directConnectGatewayId']})),
  'tgwWithoutPrefixes': code(lambda: dx.create_direct_connect_gateway_association(directConnectGatewayId=priv['directConnectGatewayId'], gatewayId=args['tgw'])),
  'deleteBusy': code(lambda: dx.delete_direct_connect_gateway(directConnectGatewayId=priv['directConnectGatewayId'])),
  'unknownGateway': code(lambda: dx.describe_direct_connect_gateways(directConnectGatewayId='00000000-0000-0000-0000-000000000000')),
  'notImplemented': code(lambda: dx.describe_locations()),
}
dx.delete_virtual_interface(virtualInterfaceId=pv['virtualInterfaceId'])
dx.delete_direct_connect_gateway_association(associationId=va['associationId'])
out['deleted'] = dx.delete_direct_connect_gateway(directConnectGatewayId=priv['directConnectGatewayId'])['directConnectGateway']['directConnectGatewayState']
out['left'] = [g['directConnectGatewayName'] for g in dx.describe_direct_connect_gateways()['directConnectGateways'] if g['directConnectGatewayState'] == 'available']
out['associations'] = [a['associatedGateway']['id'] for a in dx.describe_direct_connect_gateway_associations()['directConnectGatewayAssociations']]
print(json.dumps(out))
`;

describe('Direct Connect API with boto3', () => {
  it('builds gateways, VGW and TGW associations and both kinds of interface, then tears down', async () => {
    const r = await run('python3', ['-c', BOTO3_FLOW, JSON.stringify(net)]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.created).toEqual([64600, 'available', 64512]);
    expect(out.renamed).toBe('dx-tgw');
    // A VGW's allowed prefixes default to its VPC's IPv4 blocks.
    expect(out.vgwAssociation).toEqual(['virtualPrivateGateway', net.vgw, ['10.1.0.0/16']]);
    expect(out.tgwAssociation).toEqual(['transitGateway', ['10.0.0.0/8']]);
    expect(out.vifs).toEqual([
      ['private', 101, true, 'available'],
      ['transit', 102, false, 'available'],
    ]);
    expect(out.attachments).toEqual([
      ['PrivateVirtualInterface', 'attached'],
      ['TransitVirtualInterface', 'attached'],
    ]);
    expect(out.paged).toEqual([1, true]);
    expect(out.secondPage).toEqual([false, ['dx-private', 'dx-tgw']]);
    expect(out.errors).toEqual({
      vlanInUse: ['DirectConnectClientException', 400],
      privateOnTransit: ['DirectConnectClientException', 400],
      tgwWithoutPrefixes: ['DirectConnectClientException', 400],
      deleteBusy: ['DirectConnectClientException', 400],
      unknownGateway: ['DirectConnectClientException', 400],
      notImplemented: ['UnknownOperationException', 400],
    });
    expect(out.deleted).toBe('deleted');
    expect(out.left).toEqual(['dx-tgw']);
    expect(out.associations).toEqual([net.tgw]);
  }, 120_000);
});

describe('Direct Connect API with the AWS CLI', () => {
  it('creates and describes a gateway, and names AWS’s error for a bad ASN', async () => {
    const made = await aws([
      'create-direct-connect-gateway',
      '--direct-connect-gateway-name',
      'cli-gw',
      '--amazon-side-asn',
      '4200000001',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const gw = (JSON.parse(made.stdout) as { directConnectGateway: Record<string, unknown> })
      .directConnectGateway;
    expect(gw).toMatchObject({
      directConnectGatewayName: 'cli-gw',
      amazonSideAsn: 4200000001,
      ownerAccount: '123456789012',
      directConnectGatewayState: 'available',
    });
    expect(gw.directConnectGatewayId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
    const before = twin.state();
    const bad = await aws([
      'create-direct-connect-gateway',
      '--direct-connect-gateway-name',
      'x',
      '--amazon-side-asn',
      '100',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      '(DirectConnectClientException) when calling the CreateDirectConnectGateway operation: Amazon side ASN 100 is invalid',
    );
    expect(twin.state()).toBe(before);
  }, 60_000);
});

describe('Direct Connect protocol errors', () => {
  const headers = (target?: string) => ({
    authorization: authorization('us-east-1', 'directconnect'),
    'content-type': 'application/x-amz-json-1.1',
    ...(target === undefined ? {} : { 'x-amz-target': target }),
  });
  const post = async (body: string, target?: string) => {
    const before = twin.state();
    const res = await twin.app.inject({
      method: 'POST',
      url: '/',
      payload: body,
      headers: headers(target),
    });
    expect(twin.state()).toBe(before);
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, string> };
  };
  const create = 'OvertureService.CreateDirectConnectGateway';

  it.each([
    ['{"directConnectGatewayName": 5}', create, 'SerializationException', /STRING_VALUE/],
    [
      '{"directConnectGatewayName": "g", "amazonSideAsn": "1"}',
      create,
      'SerializationException',
      /LONG_VALUE/,
    ],
    ['[1, 2]', create, 'SerializationException', /JSON object/],
    ['{"directConnectGatewayName": ', create, 'SerializationException', /not valid JSON/],
    ['{}', create, 'ValidationException', /Value null at 'directConnectGatewayName'/],
    ['{}', 'OvertureService.NoSuchThing', 'UnknownOperationException', /NoSuchThing/],
    ['{}', undefined, 'UnknownOperationException', /X-Amz-Target/],
    ['{}', 'AmazonEC2.CreateVpc', 'UnknownOperationException', /AmazonEC2/],
    [
      '{"connectionId": "dxcon-abcd1234", "newPrivateVirtualInterface": {"vlan": 1}}',
      'OvertureService.CreatePrivateVirtualInterface',
      'ValidationException',
      /newPrivateVirtualInterface\.virtualInterfaceName/,
    ],
  ])('%s as %s → %s', async (body, target, code, message) => {
    const r = await post(body, target);
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe(code);
    expect(r.body.message).toMatch(message);
  });

  it('ignores members the model does not know, as AWS does', async () => {
    const res = await twin.app.inject({
      method: 'POST',
      url: '/',
      payload: '{"directConnectGatewayName": "extra", "colour": "blue"}',
      headers: headers(create),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-requestid']).toBeTruthy();
    expect(JSON.parse(res.body)).toMatchObject({
      directConnectGateway: { directConnectGatewayName: 'extra' },
    });
  });
});

describe('Direct Connect fuzzing', () => {
  const targets = [
    ...Object.keys(DIRECT_CONNECT_HANDLERS).map((o) => `OvertureService.${o}`),
    'OvertureService.DescribeLocations',
    'OvertureService.',
    'Overture',
  ];
  const body = fc.oneof(
    fc.json(),
    fc.string(),
    fc
      .dictionary(
        fc.constantFrom(
          'directConnectGatewayId',
          'gatewayId',
          'connectionId',
          'maxResults',
          'nextToken',
          'newPrivateVirtualInterface',
          'addAllowedPrefixesToDirectConnectGateway',
          'virtualInterfaceId',
        ),
        fc.jsonValue(),
      )
      .map((o) => JSON.stringify(o)),
  );

  it('answers any body for any target with JSON, 200 or a 4xx that changed nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async (target, payload) => {
        const before = twin.state();
        const res = await twin.app.inject({
          method: 'POST',
          url: '/',
          payload,
          headers: {
            authorization: authorization('us-east-1', 'directconnect'),
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': target,
          },
        });
        const answer = JSON.parse(res.body) as Record<string, unknown>;
        if (res.statusCode === 200) return;
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(typeof answer.__type).toBe('string');
        expect(typeof answer.message).toBe('string');
        expect(twin.state()).toBe(before);
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
  });
});
