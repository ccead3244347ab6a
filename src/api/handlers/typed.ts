/**
 * Handlers typed by the EC2 model: the decoded input and the output object of each action come
 * from src/api/protocol/ec2-types.generated.ts (`npm run gen:types`), so a handler that writes
 * a member the model lacks, or reads an input member with the wrong type, does not compile.
 * The registries stay `Record<string, Handler>`: the server dispatches untyped records.
 */
import type { AwsError } from '../../model/errors.js';
import type { Result } from '../../model/result.js';
import type { Ec2Action, Ec2Input, Ec2Output } from '../protocol/ec2-types.generated.js';
import type { Handler, HandlerContext, HandlerResult } from './context.js';

/** What a typed handler answers: its action's output, or AWS's error. */
export type TypedResult<A extends Ec2Action> = Result<Ec2Output<A> | undefined, AwsError>;

/** A handler of one action, seeing the decoded input as the model types it. */
export type TypedHandler<A extends Ec2Action> = (
  input: Ec2Input<A>,
  ctx: HandlerContext,
) => TypedResult<A>;

/** A `Handler` that knows its action, so a registry cannot file it under another name. */
export interface ActionHandler<A extends Ec2Action> extends Handler {
  readonly action: A;
}

/** The success value of a handler's result type. */
type ValueOf<R> = R extends { readonly ok: true; readonly value: infer V } ? V : never;

/**
 * The keys, at any depth, of an output value `T` that its model shape `S` lacks. Needed
 * because `ok(value)` infers its type from the value, so TypeScript's excess-property check
 * never sees the object literal against the model's interface.
 */
type Extra<T, S> = T extends undefined | null | string | number | boolean | bigint | Date
  ? never
  : T extends readonly (infer E)[]
    ? S extends readonly (infer SE)[]
      ? Extra<E, SE>
      : never
    : T extends object
      ? { [K in keyof T]-?: K extends keyof S ? Extra<T[K], NonNullable<S[K]>> : K }[keyof T]
      : never;

/** No extra argument when the output fits the model; otherwise one naming the stray member. */
type ExactOutput<A extends Ec2Action, R> = [Extra<ValueOf<R>, NonNullable<Ec2Output<A>>>] extends [
  never,
]
  ? []
  : [outputMemberNotInModel: Extra<ValueOf<R>, NonNullable<Ec2Output<A>>>];

/**
 * Defines the handler of `action`: the input is typed by the model, and the output must be
 * the action's output shape, with no member the model lacks.
 * @example defineHandler('DeleteVpc', (input, ctx) => ...) // input: DeleteVpcInput
 */
export function defineHandler<A extends Ec2Action, R extends TypedResult<A>>(
  action: A,
  fn: (input: Ec2Input<A>, ctx: HandlerContext) => R,
  ..._exact: ExactOutput<A, R>
): ActionHandler<A> {
  // The query decoder walks the same model shapes the input types are generated from, and the
  // generated output types are the shapes the XML writer walks: the casts only forget the names.
  const handler: Handler = (input, ctx) => {
    const typed = input as unknown as Ec2Input<A>;
    return fn(typed, ctx) as unknown as HandlerResult;
  };
  return Object.assign(handler, { action });
}

/**
 * A family's registry, keyed by each handler's own action.
 * @example handlerRegistry(createVpcHandler, deleteVpcHandler) // { CreateVpc, DeleteVpc }
 */
export function handlerRegistry(
  ...handlers: readonly ActionHandler<Ec2Action>[]
): Readonly<Record<string, Handler>> {
  return Object.fromEntries(handlers.map((h) => [h.action, h]));
}
