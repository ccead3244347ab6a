/**
 * Generates src/api/protocol/ec2-types.generated.ts: the input and output interfaces of every
 * EC2 action vpctwin implements, from the same model view the query decoder and the XML writer
 * walk (src/api/protocol/model.ts), so a handler that writes a member the model lacks, or reads
 * an input member with the wrong type, fails to compile instead of failing at run time.
 *
 * Run after adding a handler: `npm run gen:types`. test/api/ec2-types.test.ts regenerates into
 * memory and compares, so the committed file cannot go stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EC2_HANDLERS } from '../src/api/handlers/index.js';
import {
  loadEc2Model,
  type Ec2Model,
  type Shape,
  type StructureShape,
} from '../src/api/protocol/model.js';

/** Where the generated module lives, relative to the repository root. */
export const GENERATED_PATH = 'src/api/protocol/ec2-types.generated.ts';

type Side = 'input' | 'output';

const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `Vpcs` -> `Vpc`, `Addresses` -> `Address`, `Analyses` -> `Analysis`: list entry names. */
function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('yses')) return `${name.slice(0, -4)}ysis`;
  if (/(ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return `${name}Item`;
}

/**
 * EC2's value wrappers (`SourceDestCheck.Value=false`) are shared by many members: they take
 * the model's own names, not the first member's.
 */
function valueShapeName(shape: StructureShape): string | undefined {
  const [only, ...rest] = shape.members;
  if (only?.name !== 'Value' || rest.length > 0) return undefined;
  return only.shape.kind === 'boolean' ? 'AttributeBooleanValue' : 'AttributeValue';
}

/** Collects named interfaces, one per structure shape and side, in first-use order. */
class Emitter {
  /** Named (shared) shapes keep their identity in the model view: one interface per shape. */
  private readonly byShape = new Map<Shape, string>();
  /** Interface name -> body, for inline shapes deduplicated by content. */
  private readonly bodies = new Map<string, string>();
  private readonly order: string[] = [];

  constructor(private readonly side: Side) {}

  /** Declares a top-level interface under a fixed name. */
  root(name: string, shape: StructureShape): void {
    this.byShape.set(shape, name);
    this.order.push(name);
    this.bodies.set(name, this.body(shape));
  }

  /** Emitted declarations, in first-use order. */
  declarations(): string[] {
    return this.order.map((name) => {
      const body = this.bodies.get(name) ?? '';
      return body === ''
        ? `export type ${name} = Record<string, never>;\n`
        : `export interface ${name} {\n${body}}\n`;
    });
  }

  private body(shape: StructureShape): string {
    const required = new Set(this.side === 'input' ? shape.required : []);
    return shape.members
      .map((m) => {
        const optional = required.has(m.name) ? '' : '?';
        return `  readonly ${m.key}${optional}: ${this.type(m.shape, m.name)};\n`;
      })
      .join('');
  }

  private type(shape: Shape, name: string): string {
    switch (shape.kind) {
      case 'structure':
        return this.structure(shape, valueShapeName(shape) ?? upperFirst(name));
      case 'list': {
        const entry = this.type(shape.member.shape, singular(upperFirst(name)));
        return /[ |]/.test(entry) ? `readonly (${entry})[]` : `readonly ${entry}[]`;
      }
      case 'boolean':
        return 'boolean';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'timestamp':
        return 'Date';
      default:
        return 'string';
    }
  }

  /**
   * The interface name of a nested structure, from the member that holds it; a name taken by
   * a different structure gets a numeric suffix. Structures with the same base name and the
   * same members share one interface (the model writes most of them inline, one per use).
   */
  private structure(shape: StructureShape, member: string): string {
    const known = this.byShape.get(shape);
    if (known !== undefined) return known;
    const base = `${member}${this.side === 'input' ? 'Input' : ''}`;
    let name = base;
    for (let n = 2; this.bodies.has(name); n += 1) name = `${base}${n}`;
    // Reserved before the body is built: a shared shape may contain itself.
    this.byShape.set(shape, name);
    this.bodies.set(name, '');
    this.order.push(name);
    const body = this.body(shape);
    const twin = new RegExp(`\\b${name}\\b`).test(body)
      ? undefined
      : this.order.find((o) => o !== name && sameBase(o, base) && this.bodies.get(o) === body);
    if (twin === undefined) {
      this.bodies.set(name, body);
      return name;
    }
    this.order.splice(this.order.indexOf(name), 1);
    this.bodies.delete(name);
    this.byShape.set(shape, twin);
    return twin;
  }
}

const sameBase = (name: string, base: string): boolean =>
  name === base || (name.startsWith(base) && /^\d+$/.test(name.slice(base.length)));

const HEADER = `/**
 * generated by scripts/gen-ec2-types.ts — do not edit (npm run gen:types).
 *
 * Inputs and outputs of the EC2 actions vpctwin implements, keyed as the query decoder and the
 * XML writer key them (model member names, first letter lowered). Inputs: optional unless the
 * model requires them; enums stay \`string\` so handlers validate and answer with AWS's error.
 * Outputs: every member optional. The model drops enum lists in its .min.json form, so enum
 * members are \`string\` on both sides.
 */
`;

/**
 * The generated module's text for the given actions (sorted), deterministic.
 * @example generateEc2Types(['CreateVpc']).includes('export interface CreateVpcInput')
 */
export function generateEc2Types(
  actions: readonly string[],
  model: Ec2Model = loadEc2Model(),
): string {
  const sorted = [...actions].sort();
  const inputs = new Emitter('input');
  const outputs = new Emitter('output');
  const entries: string[] = [];
  for (const action of sorted) {
    const op = model.operation(action);
    if (op === undefined) throw new Error(`EC2 model has no operation ${action}`);
    inputs.root(`${action}Input`, op.input);
    if (op.output === undefined) {
      entries.push(`  ${action}: { input: ${action}Input; output: undefined };\n`);
    } else {
      outputs.root(`${action}Output`, op.output);
      entries.push(`  ${action}: { input: ${action}Input; output: ${action}Output };\n`);
    }
  }
  return [
    HEADER,
    ...inputs.declarations(),
    ...outputs.declarations(),
    '/** Every implemented action: its decoded input and the output its handler answers. */\n' +
      `export interface Ec2Operations {\n${entries.join('')}}\n`,
    '/** The name of an implemented action. */\nexport type Ec2Action = keyof Ec2Operations;\n',
    '/** The decoded input of an action. */\n' +
      "export type Ec2Input<A extends Ec2Action> = Ec2Operations[A]['input'];\n",
    '/** The output object of an action (undefined: AWS answers with a request id only). */\n' +
      "export type Ec2Output<A extends Ec2Action> = Ec2Operations[A]['output'];\n",
  ].join('\n');
}

/** The generated module for the actions the handlers implement today. */
export const generateForHandlers = (): string => generateEc2Types(Object.keys(EC2_HANDLERS));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL(`../${GENERATED_PATH}`, import.meta.url));
  const text = generateForHandlers();
  writeFileSync(target, text);
  console.log(`${GENERATED_PATH}: ${text.split('\n').length} lines`);
}
