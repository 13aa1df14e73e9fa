import { Timestamp } from '../../common/index.js';
import type { DataType } from '../../storage/index.js';
import { dateToIso } from '../../storage/spec/values.js';

/**
 * How the CLI shows values: by Paimon type, as Flink SQL's client would print them. DATE as `2024-01-02`,
 * TIME as `10:30:00.250`, TIMESTAMP as ISO local date-time, DECIMAL with its scale, BYTES as `x'00ff'`,
 * nested values as JSON-like text. `jsonValue` is the same for `--json`: numbers only where JSON numbers are
 * exact (TINYINT … INT, FLOAT, DOUBLE), BIGINT and DECIMAL as strings.
 */
export function cellText(type: DataType | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const v = jsonValue(type, value);
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function jsonValue(type: DataType | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type?.root) {
    case 'DATE':
      return typeof value === 'number' ? dateToIso(value) : String(value);
    case 'TIME':
      return typeof value === 'number' ? timeOfDay(value) : String(value);
    case 'ARRAY':
      return Array.isArray(value) ? value.map((v) => jsonValue(type.element, v)) : value;
    case 'MULTISET':
    case 'MAP': {
      if (!(value instanceof Map)) return untyped(value);
      const keyType = type.root === 'MAP' ? type.key : type.element;
      const valueType = type.root === 'MAP' ? type.value : undefined;
      return Object.fromEntries(
        [...value.entries()].map(([k, v]) => [cellText(keyType, k), jsonValue(valueType, v)]),
      );
    }
    case 'ROW':
      return Object.fromEntries(
        type.fields.map((f) => [f.name, jsonValue(f.type, (value as Record<string, unknown>)[f.name])]),
      );
    default:
      return untyped(value);
  }
}

function untyped(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Timestamp) return value.toString();
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(untyped(k)), untyped(v)]));
  if (Array.isArray(value)) return value.map(untyped);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untyped(v)]));
  return value;
}

/** `HH:mm:ss[.SSS]` of milliseconds of the day (Paimon TIME keeps milliseconds). */
function timeOfDay(ms: number): string {
  const text = new Date(ms).toISOString().slice(11, 23);
  return text.endsWith('.000') ? text.slice(0, 8) : text;
}
