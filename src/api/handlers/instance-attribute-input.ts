/**
 * ModifyInstanceAttribute's wire input: either form (`SourceDestCheck.Value=false`, or
 * `Attribute`+`Value`) as a list of changes, and the attributes the twin does not model.
 */
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { attributeValue, invalidValue } from './wire.js';

/**
 * Instance attributes the twin does not model, with the value DescribeInstanceAttribute reports
 * for each: setting that value changes nothing and is accepted; any other is refused.
 */
export const FIXED_ATTRIBUTES = {
  disableApiTermination: false,
  disableApiStop: false,
  ebsOptimized: false,
  enaSupport: true,
  instanceInitiatedShutdownBehavior: 'stop',
} as const;

type FixedAttribute = keyof typeof FIXED_ATTRIBUTES;

/** Whether `name` is one of the {@link FIXED_ATTRIBUTES}. */
export const isFixed = (name: string): name is FixedAttribute =>
  Object.hasOwn(FIXED_ATTRIBUTES, name);

/** ModifyInstanceAttribute parameters the twin cannot honour, by wire name. */
const UNMODELLED_ATTRIBUTES = {
  blockDeviceMappings: 'BlockDeviceMapping',
  kernel: 'Kernel',
  ramdisk: 'Ramdisk',
  sriovNetSupport: 'SriovNetSupport',
  userData: 'UserData',
} as const satisfies { readonly [K in keyof Ec2.ModifyInstanceAttributeInput]?: string };

/** AWS's answer for an instance attribute the twin cannot set. */
export const unsupportedAttribute = (wire: string): AwsError =>
  AwsErrors.unsupported(`The attribute ${wire} is not supported.`);

/** One attribute change, from either wire form: `SourceDestCheck.Value=…` or `Attribute`+`Value`. */
type AttributeChange =
  | { readonly name: 'sourceDestCheck'; readonly value: boolean }
  | { readonly name: 'instanceType'; readonly value: string }
  | { readonly name: 'groups'; readonly value: readonly string[] }
  | { readonly name: FixedAttribute; readonly value: string };

/** The changes a ModifyInstanceAttribute request asks for (the handler allows one per call). */
export function attributeChanges(
  input: Ec2.ModifyInstanceAttributeInput,
): Result<AttributeChange[], AwsError> {
  const unmodelled = (
    Object.keys(UNMODELLED_ATTRIBUTES) as (keyof typeof UNMODELLED_ATTRIBUTES)[]
  ).find((k) => input[k] !== undefined);
  if (unmodelled) return fail(unsupportedAttribute(UNMODELLED_ATTRIBUTES[unmodelled]));
  const out: AttributeChange[] = [];
  const sourceDestCheck = attributeValue('SourceDestCheck', input.sourceDestCheck);
  if (!sourceDestCheck.ok) return sourceDestCheck;
  if (sourceDestCheck.value !== undefined) {
    out.push({ name: 'sourceDestCheck', value: sourceDestCheck.value });
  }
  const instanceType = attributeValue('InstanceType', input.instanceType);
  if (!instanceType.ok) return instanceType;
  if (instanceType.value !== undefined)
    out.push({ name: 'instanceType', value: instanceType.value });
  if (input.groups !== undefined) out.push({ name: 'groups', value: input.groups });
  for (const name of Object.keys(FIXED_ATTRIBUTES)) {
    if (!isFixed(name)) continue;
    const given = attributeValue<boolean | string>(name, input[name]);
    if (!given.ok) return given;
    if (given.value !== undefined) out.push({ name, value: String(given.value) });
  }
  if (input.attribute !== undefined) {
    const byName = attributeByName(input.attribute, input.value);
    if (!byName.ok) return byName;
    out.push(byName.value);
  }
  return ok(out);
}

/** The `Attribute`+`Value` form. */
function attributeByName(
  attribute: string,
  value: string | undefined,
): Result<AttributeChange, AwsError> {
  if (value === undefined) return fail(AwsErrors.missingParameter('Value'));
  if (attribute === 'instanceType') return ok({ name: 'instanceType', value });
  if (attribute === 'sourceDestCheck' && (value === 'true' || value === 'false')) {
    return ok({ name: 'sourceDestCheck', value: value === 'true' });
  }
  if (isFixed(attribute)) return ok({ name: attribute, value });
  return fail(invalidValue(attribute, value));
}
