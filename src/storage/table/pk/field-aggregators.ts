import { isTrue } from '../../../common/option-values.js';
import { InvalidOptionError, SchemaMismatchError } from '../../errors.js';
import { compareValues } from '../../spec/binary-row.js';
import type { DataType } from '../../spec/data-types.js';
import { decimalFromUnscaled, decimalToUnscaled } from '../../spec/values.js';

/**
 * Field aggregators of the `aggregation` merge engine (`mergetree/compact/aggregate/Field*Agg`). `agg` folds
 * an input into the accumulator, `retract` takes a -U/-D input back out; both see null as "no value".
 */
export interface FieldAggregator {
  agg(accumulator: unknown, input: unknown): unknown;
  retract(accumulator: unknown, input: unknown): unknown;
  reset(): void;
}

export const AGGREGATE_FUNCTIONS = [
  'sum',
  'product',
  'max',
  'min',
  'last_value',
  'last_non_null_value',
  'first_value',
  'first_non_null_value',
  'bool_and',
  'bool_or',
  'listagg',
  // legacy name of first_non_null_value
  'first_not_null_value',
] as const;

const NUMERIC = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL']);

/** `FieldAggregator.retract` default: functions without a retraction refuse -U/-D (exact Paimon text). */
function noRetract(name: string): never {
  throw new SchemaMismatchError(
    `Aggregate function '${name}' does not support retraction, If you allow this function to ignore retraction messages, you can configure 'fields.\${field_name}.ignore-retract'='true'.`,
  );
}

/** Java's `Math.addExact` and friends on the field's type; decimals keep their scale. */
function arithmetic(type: DataType, op: 'add' | 'sub' | 'mul', a: unknown, b: unknown): unknown {
  switch (type.root) {
    case 'BIGINT': {
      const x = a as bigint;
      const y = b as bigint;
      const r = op === 'add' ? x + y : op === 'sub' ? x - y : x * y;
      if (r > 2n ** 63n - 1n || r < -(2n ** 63n)) throw new SchemaMismatchError('long overflow');
      return r;
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const x = a as number;
      const y = b as number;
      const r = op === 'add' ? x + y : op === 'sub' ? x - y : x * y;
      return type.root === 'FLOAT' ? Math.fround(r) : r;
    }
    case 'DECIMAL': {
      const x = decimalToUnscaled(a as string, type.scale);
      const y = decimalToUnscaled(b as string, type.scale);
      const r = op === 'add' ? x + y : op === 'sub' ? x - y : (x * y) / 10n ** BigInt(type.scale);
      return decimalFromUnscaled(r, type.scale);
    }
    default: {
      const r =
        op === 'add'
          ? (a as number) + (b as number)
          : op === 'sub'
            ? (a as number) - (b as number)
            : (a as number) * (b as number);
      const bits = type.root === 'TINYINT' ? 8 : type.root === 'SMALLINT' ? 16 : 32;
      if (r >= 2 ** (bits - 1) || r < -(2 ** (bits - 1)))
        throw new SchemaMismatchError(bits === 32 ? 'integer overflow' : `${type.root} overflow`);
      return r;
    }
  }
}

function negate(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type.root === 'BIGINT') return -(v as bigint);
  if (type.root === 'DECIMAL')
    return decimalFromUnscaled(-decimalToUnscaled(v as string, type.scale), type.scale);
  return -(v as number);
}

const isNull = (v: unknown) => v === null || v === undefined;

/** Folds with `fn` when both sides have a value; otherwise keeps whichever is there. */
function nullSafe(fn: (a: unknown, b: unknown) => unknown) {
  return (acc: unknown, input: unknown) =>
    isNull(acc) || isNull(input) ? (isNull(acc) ? input : acc) : fn(acc, input);
}

const isBlank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

function create(name: string, type: DataType, delimiter: string): FieldAggregator {
  const plain = (
    agg: (a: unknown, b: unknown) => unknown,
    retract?: (a: unknown, b: unknown) => unknown,
  ) => ({
    agg,
    retract: retract ?? (() => noRetract(name)),
    reset() {},
  });
  switch (name) {
    case 'sum':
      return plain(
        nullSafe((a, b) => arithmetic(type, 'add', a, b)),
        (acc, input) =>
          isNull(acc) || isNull(input)
            ? isNull(acc)
              ? negate(type, input)
              : acc
            : arithmetic(type, 'sub', acc, input),
      );
    case 'product':
      return plain(nullSafe((a, b) => arithmetic(type, 'mul', a, b)));
    case 'max':
      return plain(nullSafe((a, b) => (compareValues(type, a, b) < 0 ? b : a)));
    case 'min':
      return plain(nullSafe((a, b) => (compareValues(type, a, b) > 0 ? b : a)));
    case 'last_value':
      return plain(
        (_acc, input) => input ?? null,
        () => null,
      );
    case 'last_non_null_value':
      return plain(
        (acc, input) => (isNull(input) ? acc : input),
        (acc, input) => (isNull(input) ? acc : null),
      );
    case 'listagg':
      // `FieldListaggAgg` without `distinct`: blank values are skipped, others joined by the delimiter
      return plain((acc, input) =>
        isBlank(input) ? acc : isBlank(acc) ? input : `${acc}${delimiter}${input}`,
      );
    case 'first_value':
    case 'first_non_null_value':
    case 'first_not_null_value': {
      let initialized = false;
      const skipNull = name !== 'first_value';
      return {
        agg(acc, input) {
          if (!initialized && !(skipNull && isNull(input))) {
            initialized = true;
            return input ?? null;
          }
          return acc;
        },
        retract: () => noRetract(name),
        reset() {
          initialized = false;
        },
      };
    }
    case 'bool_and':
      return plain(nullSafe((a, b) => (a as boolean) && (b as boolean)));
    case 'bool_or':
      return plain(nullSafe((a, b) => (a as boolean) || (b as boolean)));
    default:
      throw new InvalidOptionError('merge-engine', name, `one of ${AGGREGATE_FUNCTIONS.join(', ')}`);
  }
}

/**
 * The aggregator of one column: `fields.<f>.aggregate-function`, else `fields.default-aggregate-function`,
 * else `last_non_null_value`; primary key columns keep the input (`FieldPrimaryKeyAgg`);
 * `fields.<f>.ignore-retract` ignores -U/-D.
 */
export function fieldAggregator(
  field: string,
  type: DataType,
  isPrimaryKey: boolean,
  options: Readonly<Record<string, string>>,
): FieldAggregator {
  if (isPrimaryKey) return { agg: (_a, input) => input, retract: (_a, input) => input, reset() {} };
  const name =
    options[`fields.${field}.aggregate-function`] ??
    options['fields.default-aggregate-function'] ??
    'last_non_null_value';
  if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(name)) {
    throw new InvalidOptionError(
      `fields.${field}.aggregate-function`,
      name,
      `Use unsupported aggregation: ${name} or spell aggregate function incorrectly! (supported: ${AGGREGATE_FUNCTIONS.join(', ')})`,
    );
  }
  if (NUMERIC_ONLY.has(name) && !NUMERIC.has(type.root))
    throw new InvalidOptionError(
      `fields.${field}.aggregate-function`,
      name,
      `a numeric column, not ${type.root}`,
    );
  if (name === 'listagg' && !['CHAR', 'VARCHAR'].includes(type.root))
    throw new InvalidOptionError(
      `fields.${field}.aggregate-function`,
      name,
      `a STRING column, not ${type.root}`,
    );
  if ((name === 'bool_and' || name === 'bool_or') && type.root !== 'BOOLEAN')
    throw new InvalidOptionError(
      `fields.${field}.aggregate-function`,
      name,
      `a BOOLEAN column, not ${type.root}`,
    );
  const ignoreRetract = isTrue(options[`fields.${field}.ignore-retract`]);
  if (ignoreRetract && isTrue(options['aggregation.remove-record-on-delete'])) {
    throw new InvalidOptionError(
      `fields.${field}.ignore-retract`,
      'true',
      `aggregation.remove-record-on-delete and fields.${field}.ignore-retract have conflicting behavior so should not be enabled at the same time.`,
    );
  }
  const agg = create(name, type, options[`fields.${field}.list-agg-delimiter`] ?? ',');
  return ignoreRetract ? { agg: agg.agg, retract: (acc) => acc, reset: () => agg.reset() } : agg;
}

const NUMERIC_ONLY = new Set(['sum', 'product']);
