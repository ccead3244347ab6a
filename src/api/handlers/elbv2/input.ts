/**
 * Reading ELBv2 inputs. The query decoder has already typed every value by the ELBv2 model
 * (strings, integers, booleans, lists, structures); these readers narrow the decoded record
 * without casts, keeping only values of the expected type.
 */

/** A decoded structure. */
export type Input = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is Input =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string member, if present. */
export const str = (input: Input, key: string): string | undefined => {
  const v = input[key];
  return typeof v === 'string' ? v : undefined;
};

/** An integer member, if present. */
export const int = (input: Input, key: string): number | undefined => {
  const v = input[key];
  return typeof v === 'number' ? v : undefined;
};

/** A boolean member, if present. */
export const bool = (input: Input, key: string): boolean | undefined => {
  const v = input[key];
  return typeof v === 'boolean' ? v : undefined;
};

/** A list of strings, if present. */
export const strs = (input: Input, key: string): string[] | undefined => {
  const v = input[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
};

/** A list of structures, if present. */
export const records = (input: Input, key: string): Input[] | undefined => {
  const v = input[key];
  return Array.isArray(v) ? v.filter(isRecord) : undefined;
};

/** A structure member, if present. */
export const record = (input: Input, key: string): Input | undefined => {
  const v = input[key];
  return isRecord(v) ? v : undefined;
};

/** Tags as `{ key, value }`. */
export const tagsOf = (input: Input): { key: string; value: string }[] | undefined =>
  records(input, 'tags')?.map((t) => ({ key: str(t, 'key') ?? '', value: str(t, 'value') ?? '' }));

/** Attributes as `{ key, value }`. */
export const attributesOf = (input: Input): { key: string; value: string }[] | undefined =>
  records(input, 'attributes')?.map((a) => ({
    key: str(a, 'key') ?? '',
    value: str(a, 'value') ?? '',
  }));
