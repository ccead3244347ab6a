import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_PATH,
  generateEc2Types,
  generateForHandlers,
} from '../../scripts/gen-ec2-types.js';
import { EC2_HANDLERS } from '../../src/api/handlers/index.js';
import { defineHandler } from '../../src/api/handlers/typed.js';
import { ok } from '../../src/model/result.js';

describe('generated EC2 handler types', () => {
  it('match a fresh generation from the model (run `npm run gen:types` after adding a handler)', () => {
    const committed = readFileSync(new URL(`../../${GENERATED_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(generateForHandlers());
  });

  it('cover every implemented action, and nothing else', () => {
    const text = generateForHandlers();
    const entries = [...text.matchAll(/^ {2}(\w+): \{ input: /gm)].map((m) => m[1]);
    expect(entries).toEqual(Object.keys(EC2_HANDLERS).sort());
  });

  it('type members as the decoder and the XML writer key them', () => {
    const text = generateEc2Types(['CreateVpc', 'DeleteVpc']);
    // Required input members are not optional; outputs are always optional.
    expect(text).toContain('export interface DeleteVpcInput {\n  readonly vpcId: string;');
    expect(text).toContain('  readonly amazonProvidedIpv6CidrBlock?: boolean;');
    expect(text).toContain('  readonly tagSpecifications?: readonly TagSpecificationInput[];');
    expect(text).toContain('export interface CreateVpcOutput {\n  readonly vpc?: Vpc;\n}');
    expect(text).toContain('  DeleteVpc: { input: DeleteVpcInput; output: undefined };');
    expect(generateEc2Types(['DeleteVpc', 'CreateVpc'])).toBe(text);
  });

  it('refuse, at compile time, output members the model lacks and mistyped input reads', () => {
    // @ts-expect-error -- the model's Vpc has no vpcName member: a third argument is demanded
    const handler = defineHandler('CreateVpc', () => ok({ vpc: { vpcId: 'v', vpcName: 'x' } }));
    defineHandler('DeleteVpc', (input) => {
      // @ts-expect-error -- vpcId is a string in the model, not a number
      const n: number = input.vpcId;
      return n > 0 ? ok(undefined) : ok(undefined);
    });
    // @ts-expect-error -- DeleteVpc answers with a request id only: no output object
    defineHandler('DeleteVpc', () => ok({ return: true }));
    expect(handler.action).toBe('CreateVpc');
  });
});
