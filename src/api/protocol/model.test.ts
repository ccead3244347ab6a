import { describe, expect, it } from 'vitest';
import { loadEc2Model, memberNamed, type Shape } from './model.js';

describe('loadEc2Model', () => {
  const model = loadEc2Model();

  it('loads the model once', () => {
    expect(loadEc2Model()).toBe(model);
    expect(model.apiVersion).toBe('2016-11-15');
    expect(model.xmlNamespace).toBe('http://ec2.amazonaws.com/doc/2016-11-15/');
  });

  it('names members as the query and XML sides of EC2 do', () => {
    const input = model.operation('CreateVpc')!.input;
    const tags = memberNamed(input, 'TagSpecifications')!;
    expect(tags).toMatchObject({ key: 'tagSpecifications', queryName: 'TagSpecification' });
    expect(memberNamed(input, 'DryRun')).toMatchObject({
      locationName: 'dryRun',
      queryName: 'DryRun',
    });
    expect(memberNamed(input, 'Ipv4NetmaskLength')!.shape.kind).toBe('integer');
    const vpcs = memberNamed(model.operation('DescribeVpcs')!.output!, 'Vpcs')!;
    expect(vpcs.locationName).toBe('vpcSet');
    expect(vpcs.shape.kind === 'list' && vpcs.shape.member.locationName).toBe('item');
    expect(
      model.operation('CreateNetworkAcl')!.input.members.filter((m) => m.idempotencyToken),
    ).toHaveLength(1);
  });

  it('knows every operation and resolves every shape they reach', () => {
    expect(model.operation('Nope')).toBeUndefined();
    expect(model.operation('toString')).toBeUndefined();
    const seen = new Set<Shape>();
    const walk = (shape: Shape): void => {
      if (seen.has(shape)) return;
      seen.add(shape);
      if (shape.kind === 'structure') shape.members.forEach((m) => walk(m.shape));
      if (shape.kind === 'list') walk(shape.member.shape);
    };
    for (const name of model.operationNames()) {
      const op = model.operation(name)!;
      walk(op.input);
      if (op.output) walk(op.output);
    }
    expect(model.operationNames().length).toBeGreaterThan(600);
    expect(seen.size).toBeGreaterThan(1000);
  });
});
