/**
 * ClientToken idempotency, as EC2 defines it: a retried call with the same token and the same
 * parameters returns the first call's result without acting again; the same token with other
 * parameters is `IdempotentParameterMismatch`. Tokens are scoped to account, Region and
 * action. (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html)
 *
 * The memory is per server process and bounded (oldest tokens forgotten first): retries come
 * within seconds, and AWS itself only promises idempotency for a limited time.
 */
import { AwsErrors, type AwsError } from '../model/errors.js';

/** Tokens remembered at most. */
const CAPACITY = 50_000;

/** AWS's limit on ClientToken length. */
const MAX_TOKEN_LENGTH = 64;

interface Remembered {
  readonly fingerprint: string;
  readonly output: Record<string, unknown> | undefined;
}

/** What to do with a request that carries a token. */
export type TokenCheck =
  | { readonly kind: 'fresh'; remember(output: Record<string, unknown> | undefined): void }
  | { readonly kind: 'replay'; readonly output: Record<string, unknown> | undefined }
  | { readonly kind: 'refuse'; readonly error: AwsError };

/** Canonical JSON of the input without the token and DryRun: same parameters, same text. */
function fingerprint(input: Readonly<Record<string, unknown>>): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => k !== 'clientToken' && k !== 'dryRun')
          .sort()
          .map((k) => [k, canonical(o[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(canonical(input));
}

export class IdempotencyCache {
  private readonly entries = new Map<string, Remembered>();

  /** Checks a request; `fresh` hands back `remember` to call once the call succeeded. */
  check(
    scope: string,
    action: string,
    input: Readonly<Record<string, unknown>>,
  ): TokenCheck | undefined {
    const token = input.clientToken;
    if (typeof token !== 'string' || token === '') return undefined;
    if (token.length > MAX_TOKEN_LENGTH) {
      return {
        kind: 'refuse',
        error: AwsErrors.invalidParameterValue(
          `Value (${token}) for parameter clientToken is invalid. Length exceeds maximum of ${MAX_TOKEN_LENGTH} characters.`,
        ),
      };
    }
    const key = `${scope}|${action}|${token}`;
    const print = fingerprint(input);
    const seen = this.entries.get(key);
    if (seen !== undefined) {
      if (seen.fingerprint !== print) {
        return {
          kind: 'refuse',
          error: AwsErrors.code(
            'IdempotentParameterMismatch',
            'The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.',
          ),
        };
      }
      return { kind: 'replay', output: seen.output };
    }
    return {
      kind: 'fresh',
      remember: (output) => {
        if (this.entries.size >= CAPACITY) {
          const oldest = this.entries.keys().next();
          if (oldest.done !== true) this.entries.delete(oldest.value);
        }
        this.entries.set(key, { fingerprint: print, output });
      },
    };
  }

  clear(): void {
    this.entries.clear();
  }
}
