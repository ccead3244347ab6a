import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubnet } from '../../src/control/subnet.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import { createVpc } from '../../src/control/vpc.js';
import { authorization, startTwin, type Twin } from '../support/api.js';
import { runClient } from '../support/run-client.js';

/**
 * Resource Access Manager (REST-JSON protocol) driven by boto3 as two accounts — the owner of a
 * transit gateway and subnet, and the account they are shared with — and by the AWS CLI; raw
 * requests for what clients will not send.
 */

const OWNER = '123456789012';
const OTHER = '210987654321';
let twin: Twin;
let arns: { tgw: string; subnet: string };

beforeAll(async () => {
  twin = await startTwin({
    accounts: [
      { accessKeyId: 'AKIDOWNER', secretAccessKey: 's', accountId: OWNER },
      { accessKeyId: 'AKIDOTHER', secretAccessKey: 's', accountId: OTHER },
    ],
  });
  const tgw = twin.setup(createTransitGateway, {});
  const vpc = twin.setup(createVpc, { cidrBlock: '10.0.0.0/16' });
  const subnet = twin.setup(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
  arns = {
    tgw: `arn:aws:ec2:us-east-1:${OWNER}:transit-gateway/${tgw.id}`,
    subnet: `arn:aws:ec2:us-east-1:${OWNER}:subnet/${subnet.id}`,
  };
});

afterAll(() => twin.close());

const run = (bin: string, args: readonly string[], key = 'AKIDOWNER') =>
  runClient(twin.endpoint, bin, args, key);

const BOTO3_FLOW = String.raw`
import json, os, sys, boto3, botocore
args = json.loads(sys.argv[1])
def client(key):
  return boto3.client('ram', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key='s')
owner, other = client('AKIDOWNER'), client('AKIDOTHER')
def code(call):
  try:
    call(); return None
  except botocore.exceptions.ClientError as e:
    return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out = {}
share = owner.create_resource_share(name='network', resourceArns=[args['tgw']], principals=[args['other']], tags=[{'key': 'team', 'value': 'net'}])['resourceShare']
arn = share['resourceShareArn']
out['share'] = [share['name'], share['status'], share['owningAccountId'], share['tags'], share['featureSet']]
out['creationIsTime'] = type(share['creationTime']).__name__
out['seenByOther'] = [s['name'] for s in other.get_resource_shares(resourceOwner='OTHER-ACCOUNTS')['resourceShares']]
out['otherOwnsNone'] = other.get_resource_shares(resourceOwner='SELF')['resourceShares']
out['otherResources'] = [[r['arn'] == args['tgw'], r['type'], r['status']] for r in other.list_resources(resourceOwner='OTHER-ACCOUNTS')['resources']]
added = owner.associate_resource_share(resourceShareArn=arn, resourceArns=[args['subnet']])['resourceShareAssociations']
out['added'] = [[a['associationType'], a['status']] for a in added]
out['resourceTypes'] = sorted(r['type'] for r in owner.list_resources(resourceOwner='SELF')['resources'])
out['principals'] = [p['id'] for p in owner.list_principals(resourceOwner='SELF')['principals']]
out['errors'] = {
  'badArn': code(lambda: owner.create_resource_share(name='x', resourceArns=['not-an-arn'])),
  'vpc': code(lambda: owner.create_resource_share(name='x', resourceArns=[args['tgw'].replace('transit-gateway/tgw', 'vpc/vpc')])),
  'notMine': code(lambda: other.associate_resource_share(resourceShareArn=arn, principals=['111111111111'])),
  'badOwner': code(lambda: owner.get_resource_shares(resourceOwner='ME')),
  'selfPrincipal': code(lambda: owner.associate_resource_share(resourceShareArn=arn, principals=[args['owner']])),
  'notAssociated': code(lambda: owner.disassociate_resource_share(resourceShareArn=arn, principals=['111111111111'])),
  'invitations': other.get_resource_share_invitations()['resourceShareInvitations'],
}
gone = owner.disassociate_resource_share(resourceShareArn=arn, principals=[args['other']])['resourceShareAssociations']
out['gone'] = [[a['associatedEntity'], a['status']] for a in gone]
out['afterGone'] = other.list_resources(resourceOwner='OTHER-ACCOUNTS')['resources']
out['deleted'] = owner.delete_resource_share(resourceShareArn=arn)['returnValue']
out['statuses'] = [s['status'] for s in owner.get_resource_shares(resourceOwner='SELF')['resourceShares']]
out['deleteAgain'] = code(lambda: owner.delete_resource_share(resourceShareArn=arn))
print(json.dumps(out))
`;

describe('RAM with boto3, as two accounts', () => {
  it('shares a transit gateway and a subnet, shows both sides, and unshares', async () => {
    const r = await run('python3', [
      '-c',
      BOTO3_FLOW,
      JSON.stringify({ ...arns, owner: OWNER, other: OTHER }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.share).toEqual([
      'network',
      'ACTIVE',
      OWNER,
      [{ key: 'team', value: 'net' }],
      'STANDARD',
    ]);
    expect(out.creationIsTime).toBe('datetime');
    expect(out.seenByOther).toEqual(['network']);
    expect(out.otherOwnsNone).toEqual([]);
    expect(out.otherResources).toEqual([[true, 'ec2:TransitGateway', 'AVAILABLE']]);
    expect(out.added).toEqual([['RESOURCE', 'ASSOCIATED']]);
    expect(out.resourceTypes).toEqual(['ec2:Subnet', 'ec2:TransitGateway']);
    expect(out.principals).toEqual([OTHER]);
    expect(out.errors).toEqual({
      badArn: ['MalformedArnException', 400],
      vpc: ['InvalidParameterException', 400],
      notMine: ['UnknownResourceException', 400],
      badOwner: ['InvalidParameterException', 400],
      selfPrincipal: ['InvalidParameterException', 400],
      notAssociated: ['UnknownResourceException', 400],
      invitations: [],
    });
    expect(out.gone).toEqual([[OTHER, 'DISASSOCIATED']]);
    expect(out.afterGone).toEqual([]);
    expect(out.deleted).toBe(true);
    expect(out.statuses).toEqual(['DELETED']);
    expect(out.deleteAgain).toEqual(['UnknownResourceException', 400]);
  }, 120_000);
});

const BOTO3_ATTACH = String.raw`
import json, os, sys, boto3, botocore
args = json.loads(sys.argv[1])
def client(svc, key):
  return boto3.client(svc, endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key='s')
ram, ec2_owner, ec2_other = client('ram', 'AKIDOWNER'), client('ec2', 'AKIDOWNER'), client('ec2', 'AKIDOTHER')
out = {}
vpc = ec2_other.create_vpc(CidrBlock='10.9.0.0/16')['Vpc']['VpcId']
subnet = ec2_other.create_subnet(VpcId=vpc, CidrBlock='10.9.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
try:
  ec2_other.create_transit_gateway_vpc_attachment(TransitGatewayId=args['tgwId'], VpcId=vpc, SubnetIds=[subnet])
  out['unshared'] = None
except botocore.exceptions.ClientError as e:
  out['unshared'] = e.response['Error']['Code']
ram.create_resource_share(name='tgw', resourceArns=[args['tgw']], principals=[args['other']])
att = ec2_other.create_transit_gateway_vpc_attachment(TransitGatewayId=args['tgwId'], VpcId=vpc, SubnetIds=[subnet])['TransitGatewayVpcAttachment']
seen = ec2_owner.describe_transit_gateway_vpc_attachments(TransitGatewayAttachmentIds=[att['TransitGatewayAttachmentId']])['TransitGatewayVpcAttachments'][0]
out['ownerSees'] = [seen['State'], seen['VpcOwnerId']]
acc = ec2_owner.accept_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=att['TransitGatewayAttachmentId'])['TransitGatewayVpcAttachment']
out['accepted'] = acc['State']
out['after'] = ec2_other.describe_transit_gateway_vpc_attachments()['TransitGatewayVpcAttachments'][0]['State']
print(json.dumps(out))
`;

describe('RAM and EC2 with boto3: attaching to a shared transit gateway', () => {
  it('another account attaches its VPC once shared, pending until the owner accepts', async () => {
    const tgwId = arns.tgw.split('/')[1] ?? '';
    const r = await run('python3', [
      '-c',
      BOTO3_ATTACH,
      JSON.stringify({ tgw: arns.tgw, tgwId, other: OTHER }),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      unshared: 'InvalidTransitGatewayID.NotFound',
      ownerSees: ['pendingAcceptance', OTHER],
      accepted: 'pending',
      after: 'available',
    });
  }, 120_000);
});

describe('RAM with the AWS CLI', () => {
  it('creates a share and refuses an unknown resource without changing anything', async () => {
    const made = await run('aws', [
      '--endpoint-url',
      twin.endpoint,
      '--output',
      'json',
      'ram',
      'create-resource-share',
      '--name',
      'cli-share',
      '--resource-arns',
      arns.tgw,
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({
      resourceShare: {
        name: 'cli-share',
        status: 'ACTIVE',
        owningAccountId: OWNER,
        resourceShareArn: expect.stringMatching(
          /^arn:aws:ram:us-east-1:123456789012:resource-share\/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/,
        ) as unknown,
      },
    });
    const before = twin.state();
    const bad = await run('aws', [
      '--endpoint-url',
      twin.endpoint,
      'ram',
      'create-resource-share',
      '--name',
      'x',
      '--resource-arns',
      arns.tgw.replace(/tgw-[0-9a-f]+$/, 'tgw-0123456789abcdef0'),
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('(UnknownResourceException)');
    expect(twin.state()).toBe(before);
  }, 60_000);
});

describe('RAM protocol errors', () => {
  it.each([
    ['POST', '/nosuchoperation', '{}', 'UnknownOperationException'],
    ['GET', '/createresourceshare', '{}', 'UnknownOperationException'],
    ['POST', '/createresourceshare', '{"name": 1}', 'SerializationException'],
    ['POST', '/createresourceshare', '{', 'SerializationException'],
    ['POST', '/createresourceshare', '{}', 'ValidationException'],
    ['DELETE', '/deleteresourceshare', '', 'ValidationException'],
    ['DELETE', '/deleteresourceshare?resourceShareArn=nope', '', 'MalformedArnException'],
  ])('%s %s %s → %s', async (method, url, payload, code) => {
    const before = twin.state();
    const res = await twin.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: {
        authorization: authorization('us-east-1', 'ram', 'AKIDOWNER'),
        'content-type': 'application/json',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe(code);
    expect((JSON.parse(res.body) as { __type: string }).__type).toBe(code);
    expect(twin.state()).toBe(before);
  });
});
