import { Timestamp } from '../../common/timestamp.js';
import { SchemaMismatchError } from '../errors.js';
import type { DataType, RowType } from './data-types.js';

/**
 * How values of each Paimon type look in JavaScript (rows are plain objects keyed by field name):
 *
 * | Paimon type                    | JS value                                   |
 * | ------------------------------ | ------------------------------------------ |
 * | BOOLEAN                        | boolean                                    |
 * | TINYINT, SMALLINT, INT         | number (integer)                           |
 * | BIGINT                         | bigint                                     |
 * | FLOAT, DOUBLE                  | number                                     |
 * | DECIMAL(p, s)                  | string with exactly s fraction digits      |
 * | CHAR, VARCHAR, STRING          | string                                     |
 * | BINARY, VARBINARY, BYTES       | Uint8Array                                 |
 * | DATE                           | number: days since 1970-01-01              |
 * | TIME(p)                        | number: milliseconds of the day            |
 * | TIMESTAMP(p), TIMESTAMP_LTZ(p) | Timestamp (epoch millis + nanos of milli)  |
 * | ARRAY<T>                       | array                                      |
 * | MAP<K, V>                      | Map                                        |
 * | MULTISET<T>                    | Map from element to count                  |
 * | ROW<…>                         | object keyed by field name                 |
 *
 * `null` is null. `normalizeRow` also accepts convenient inputs (numbers for BIGINT, Date or ISO strings for
 * timestamps, 'YYYY-MM-DD' for DATE, plain objects for MAP) and converts them to the forms above.
 */
export type Row = Record<string, unknown>;

export { Timestamp };

const MS_PER_DAY = 86_400_000;

/** DATE value of an ISO date `YYYY-MM-DD`. */
export function dateFromIso(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms))
    throw new RangeError(`'${text}' is not a YYYY-MM-DD date`);
  return ms / MS_PER_DAY;
}

export function dateToIso(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Unscaled integer of a decimal string at `scale` (rounding is an error: values must fit exactly). */
export function decimalToUnscaled(text: string, scale: number): bigint {
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`'${text}' is not a decimal number`);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) throw new RangeError(`'${text}' has more than ${scale} fraction digits`);
  const digits = (m[2] || '0') + fraction.padEnd(scale, '0');
  const value = BigInt(digits);
  return m[1] === '-' ? -value : value;
}

export function decimalFromUnscaled(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Number of decimal digits of |unscaled|, to check a value fits DECIMAL(p, s). */
function digitCount(unscaled: bigint): number {
  return (unscaled < 0n ? -unscaled : unscaled).toString().length;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const INT_RANGES: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
};

/**
 * Converts a user-supplied value to the canonical form for `type`, or throws a SchemaMismatchError naming
 * `path` (e.g. `orders.amount`).
 */
export function normalizeValue(type: DataType, value: unknown, path: string): unknown {
  if (value === null || value === undefined) {
    if (!type.nullable) throw new SchemaMismatchError(`Field '${path}' is NOT NULL but the value is null`);
    return null;
  }
  switch (type.root) {
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : mismatch(path, value, 'a boolean');
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      const [lo, hi] = INT_RANGES[type.root]!;
      return typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi
        ? n
        : mismatch(path, value, `an integer in ${lo}..${hi}`);
    }
    case 'BIGINT':
      if (typeof value === 'bigint') {
        return value >= LONG_MIN && value <= LONG_MAX ? value : mismatch(path, value, 'a 64-bit integer');
      }
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? BigInt(value)
        : mismatch(path, value, 'a bigint');
    case 'FLOAT':
      return typeof value === 'number' ? Math.fround(value) : mismatch(path, value, 'a number');
    case 'DOUBLE':
      return typeof value === 'number' ? value : mismatch(path, value, 'a number');
    case 'DECIMAL': {
      const text =
        typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'bigint'
            ? String(value)
            : mismatch(path, value, 'a decimal string');
      let unscaled: bigint;
      try {
        unscaled = decimalToUnscaled(text, type.scale);
      } catch (e) {
        return mismatch(path, value, `DECIMAL(${type.precision}, ${type.scale}) (${(e as Error).message})`);
      }
      if (digitCount(unscaled) > type.precision) mismatch(path, value, `at most ${type.precision} digits`);
      return decimalFromUnscaled(unscaled, type.scale);
    }
    case 'CHAR':
    case 'VARCHAR':
      return typeof value === 'string' ? value : mismatch(path, value, 'a string');
    case 'BINARY':
    case 'VARBINARY':
      return value instanceof Uint8Array ? value : mismatch(path, value, 'a Uint8Array');
    case 'DATE':
      if (typeof value === 'string') return dateFromIso(value);
      if (value instanceof Date) return Math.floor(value.getTime() / MS_PER_DAY);
      return typeof value === 'number' && Number.isInteger(value)
        ? value
        : mismatch(path, value, 'days since epoch or YYYY-MM-DD');
    case 'TIME':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MS_PER_DAY
        ? value
        : mismatch(path, value, 'milliseconds of the day');
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return truncateTimestamp(toTimestamp(value, path), type.precision);
    case 'ARRAY':
      return Array.isArray(value)
        ? value.map((v, i) => normalizeValue(type.element, v, `${path}[${i}]`))
        : mismatch(path, value, 'an array');
    case 'MULTISET':
    case 'MAP': {
      const entries =
        value instanceof Map
          ? [...value.entries()]
          : isPlainObject(value)
            ? Object.entries(value)
            : mismatch(path, value, 'a Map');
      const valueType: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      const keyType = type.root === 'MAP' ? type.key : type.element;
      return new Map(
        entries.map(([k, v]) => [
          normalizeValue(keyType, k, `${path}.key`),
          normalizeValue(valueType, v, `${path}[${String(k)}]`),
        ]),
      );
    }
    case 'ROW':
      return isPlainObject(value) ? normalizeRow(type, value, path) : mismatch(path, value, 'an object');
  }
}

/** Checks and converts a whole row; unknown keys are an error (they would be silently dropped otherwise). */
export function normalizeRow(type: RowType, row: Row, path = ''): Row {
  const out: Row = {};
  for (const field of type.fields) {
    out[field.name] = normalizeValue(
      field.type,
      row[field.name],
      path ? `${path}.${field.name}` : field.name,
    );
  }
  const known = fieldNames(type);
  for (const key in row) {
    if (!known.has(key)) {
      throw new SchemaMismatchError(
        `Row has field '${path ? `${path}.` : ''}${key}' that is not in the schema (fields: ${type.fields.map((f) => f.name).join(', ')})`,
      );
    }
  }
  return out;
}

const namesByType = new WeakMap<RowType, Set<string>>();

function fieldNames(type: RowType): Set<string> {
  let names = namesByType.get(type);
  if (!names) {
    names = new Set(type.fields.map((f) => f.name));
    namesByType.set(type, names);
  }
  return names;
}

function toTimestamp(value: unknown, path: string): Timestamp {
  if (value instanceof Timestamp) return value;
  if (value instanceof Date) return new Timestamp(value.getTime());
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Timestamp(value);
  if (typeof value === 'string') {
    try {
      return Timestamp.parse(value);
    } catch {
      return mismatch(path, value, 'an ISO-8601 timestamp');
    }
  }
  return mismatch(path, value, 'a Timestamp, Date, epoch millis or ISO string');
}

/** Drops digits beyond the type's precision, as Paimon stores TIMESTAMP(p). */
export function truncateTimestamp(ts: Timestamp, precision: number): Timestamp {
  if (precision >= 9) return ts;
  if (precision <= 3) {
    const unit = 10 ** (3 - precision);
    const millis = Math.floor(ts.epochMillis / unit) * unit;
    return millis === ts.epochMillis && ts.nanoOfMillisecond === 0 ? ts : new Timestamp(millis, 0);
  }
  const unit = 10 ** (9 - precision);
  const nanos = Math.floor(ts.nanoOfMillisecond / unit) * unit;
  return nanos === ts.nanoOfMillisecond ? ts : new Timestamp(ts.epochMillis, nanos);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function mismatch(path: string, value: unknown, expected: string): never {
  throw new SchemaMismatchError(`Field '${path}' expects ${expected}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'bigint') return `bigint ${value}`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}
