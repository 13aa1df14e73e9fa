import type { DataType } from '../spec/data-types.js';
import type { Timestamp } from '../spec/values.js';

/**
 * Partition directory names `k1=v1/k2=v2/` (`PartitionPathUtils.generatePartitionPath`), with Hive's
 * escaping of characters that are unsafe in paths (`escapePathName`: `%` + two upper-case hex digits).
 */
const CHARS_TO_ESCAPE = new Set<number>([
  ...Array.from({ length: 0x1f }, (_, i) => i + 1),
  ...'"#%\'*/:=?\\\u007f{[]^'.split('').map((c) => c.charCodeAt(0)),
]);

export function escapePathName(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out +=
      ch.length === 1 && CHARS_TO_ESCAPE.has(code)
        ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
        : ch;
  }
  return out;
}

export function unescapePathName(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * The text of a partition value in a path. Paimon's default `partition.legacy-name` = true uses the internal
 * value's `toString()`: numbers as digits, DATE as its epoch-day integer, strings verbatim. Null or empty
 * values use `partition.default-name`.
 */
export function partitionValueText(type: DataType, value: unknown, defaultName: string): string {
  if (value === null || value === undefined) return defaultName;
  let text: string;
  switch (type.root) {
    case 'DATE':
      text = String(value);
      break;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      text = (value as Timestamp).toString();
      break;
    case 'BINARY':
    case 'VARBINARY':
      text = Buffer.from(value as Uint8Array).toString('base64');
      break;
    default:
      text = String(value);
  }
  return text.length === 0 ? defaultName : text;
}

export function partitionPath(
  keys: readonly string[],
  types: readonly DataType[],
  values: readonly unknown[],
  defaultName: string,
): string {
  return keys
    .map(
      (k, i) =>
        `${escapePathName(k)}=${escapePathName(partitionValueText(types[i]!, values[i], defaultName))}`,
    )
    .join('/');
}
