import type * as arrow from 'apache-arrow';
import { valueAt } from '../format/arrow-rows.js';
import type { DataType, RowType } from '../spec/data-types.js';
import type { SimpleStatsCollector, StatsMode } from '../spec/simple-stats.js';

/** Where a column's bound sits: batch and row within it. */
interface At {
  batch: number;
  row: number;
}

/**
 * Feeds a `footer`-source SimpleStatsCollector from an Arrow table laid out as `toArrowSchema(rowType)`,
 * one pass per column over the Arrow buffers: the null count, then only the column's smallest and largest
 * value (converted to the value model), which give the collector the same bounds as seeing every value
 * (its `footer` mode keeps exact bounds and applies the stats mode once, at the end). Floats follow
 * parquet-java's order of updates (the first value, then primitive `<`/`>`), so a leading NaN stays.
 */
export function collectArrowStats(
  collector: SimpleStatsCollector,
  rowType: RowType,
  modes: readonly StatsMode[],
  table: arrow.Table,
): void {
  rowType.fields.forEach((field, c) => {
    const columns = table.batches.map((b) => b.data.children[c]!);
    collector.addNulls(
      c,
      columns.reduce((n, d) => n + d.nullCount, 0),
    );
    const mode = modes[c]!;
    if (mode.kind === 'none' || mode.kind === 'counts' || !hasOrderedValues(field.type)) return;
    const bounds = boundsOf(field.type, columns);
    if (!bounds) return;
    collector.addField(c, valueAt(field.type, columns[bounds.min.batch]!, bounds.min.row));
    collector.addField(c, valueAt(field.type, columns[bounds.max.batch]!, bounds.max.row));
  });
}

/** Types whose Parquet statistics Paimon keeps (`SimpleStatsCollector.hasMinMax`, `footer`, minus INT96). */
function hasOrderedValues(type: DataType): boolean {
  switch (type.root) {
    case 'BINARY':
    case 'VARBINARY':
    case 'ARRAY':
    case 'MAP':
    case 'MULTISET':
    case 'ROW':
      return false;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return type.precision <= 6;
    default:
      return true;
  }
}

/** Compares row `i` of `a` with row `j` of `b` (both valid): negative, zero or positive. */
type Compare = (a: arrow.Data, i: number, b: arrow.Data, j: number) => number;

/** The rows of the smallest and largest value of one batch's column, or undefined when all are null. */
type BatchBounds = (data: arrow.Data) => { min: number; max: number } | undefined;

function boundsOf(type: DataType, columns: readonly arrow.Data[]): { min: At; max: At } | undefined {
  const compare = comparatorOf(type);
  const local = batchBoundsOf(type, compare);
  let min: At | undefined;
  let max: At | undefined;
  for (let b = 0; b < columns.length; b++) {
    const data = columns[b]!;
    if (data.length === 0 || data.nullCount === data.length) continue;
    const found = local(data);
    if (!found) continue;
    // Across batches as within one: a later value replaces only when strictly smaller/larger (NaN never).
    if (!min || compare(data, found.min, columns[min.batch]!, min.row) < 0)
      min = { batch: b, row: found.min };
    if (!max || compare(data, found.max, columns[max.batch]!, max.row) > 0)
      max = { batch: b, row: found.max };
  }
  return min && max ? { min, max } : undefined;
}

/** Per-batch bounds: tight loops over the typed arrays for numbers and 64-bit values, else `compare`. */
function batchBoundsOf(type: DataType, compare: Compare): BatchBounds {
  switch (type.root) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DATE':
    case 'TIME':
    case 'FLOAT':
    case 'DOUBLE':
      return numberBounds;
    case 'BIGINT':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return int64Bounds;
    case 'CHAR':
    case 'VARCHAR':
      return stringBounds;
    default:
      return (data) => genericBounds(data, compare);
  }
}

/** First valid row; parquet-java's float statistics start from it (`DoubleStatistics.updateStats`). */
function firstValid(data: arrow.Data): number {
  for (let i = 0; i < data.length; i++) if (isValid(data, i)) return i;
  return -1;
}

function numberBounds(data: arrow.Data): { min: number; max: number } | undefined {
  const values = data.values as Float64Array; // any number-valued typed array
  const first = firstValid(data);
  if (first < 0) return undefined;
  let min = first;
  let max = first;
  let lo = values[first]!;
  let hi = lo;
  const dense = data.nullCount === 0;
  for (let i = first + 1; i < data.length; i++) {
    const v = values[i]!;
    if (v < lo) {
      if (!dense && !isValid(data, i)) continue;
      lo = v;
      min = i;
    } else if (v > hi) {
      if (!dense && !isValid(data, i)) continue;
      hi = v;
      max = i;
    }
  }
  return { min, max };
}

/** Signed 64-bit values compared as (high int32, low uint32) pairs, without creating bigints. */
function int64Bounds(data: arrow.Data): { min: number; max: number } | undefined {
  const v = data.values as BigInt64Array;
  const words = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  const first = firstValid(data);
  if (first < 0) return undefined;
  let min = first;
  let max = first;
  let loHigh = words[first * 2 + 1]!;
  let loLow = words[first * 2]! >>> 0;
  let hiHigh = loHigh;
  let hiLow = loLow;
  const dense = data.nullCount === 0;
  for (let i = first + 1; i < data.length; i++) {
    const high = words[i * 2 + 1]!;
    const low = words[i * 2]! >>> 0;
    if (high < loHigh || (high === loHigh && low < loLow)) {
      if (!dense && !isValid(data, i)) continue;
      loHigh = high;
      loLow = low;
      min = i;
    } else if (high > hiHigh || (high === hiHigh && low > hiLow)) {
      if (!dense && !isValid(data, i)) continue;
      hiHigh = high;
      hiLow = low;
      max = i;
    }
  }
  return { min, max };
}

/** UTF-8 bounds in byte order, compared in place over the offsets and bytes buffers. */
function stringBounds(data: arrow.Data): { min: number; max: number } | undefined {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const first = firstValid(data);
  if (first < 0) return undefined;
  let min = first;
  let max = first;
  const dense = data.nullCount === 0;
  // Negative when value i sorts before value j.
  const order = (i: number, j: number): number => {
    let x = offsets[i]!;
    const xEnd = offsets[i + 1]!;
    let y = offsets[j]!;
    const yEnd = offsets[j + 1]!;
    for (; x < xEnd && y < yEnd; x++, y++) {
      const d = bytes[x]! - bytes[y]!;
      if (d !== 0) return d;
    }
    return xEnd - x - (yEnd - y);
  };
  for (let i = first + 1; i < data.length; i++) {
    if (!dense && !isValid(data, i)) continue;
    if (order(i, min) < 0) min = i;
    else if (order(i, max) > 0) max = i;
  }
  return { min, max };
}

function genericBounds(data: arrow.Data, compare: Compare): { min: number; max: number } | undefined {
  const first = firstValid(data);
  if (first < 0) return undefined;
  let min = first;
  let max = first;
  for (let i = first + 1; i < data.length; i++) {
    if (!isValid(data, i)) continue;
    if (compare(data, i, data, min) < 0) min = i;
    else if (compare(data, i, data, max) > 0) max = i;
  }
  return { min, max };
}

function isValid(data: arrow.Data, i: number): boolean {
  if (data.nullCount === 0) return true;
  const bitmap = data.nullBitmap;
  if (!bitmap || bitmap.length === 0) return data.nullCount !== data.length;
  const bit = data.offset + i;
  return ((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

/** Orders as `compareValues` does on the value model, read straight from the Arrow buffers. */
function comparatorOf(type: DataType): Compare {
  switch (type.root) {
    case 'BOOLEAN':
      return (a, i, b, j) => bit(a, i) - bit(b, j);
    case 'CHAR':
    case 'VARCHAR':
      return compareBytes;
    case 'DECIMAL':
      return compareInt128;
    default: {
      // Integers, DATE, TIME, TIMESTAMP (int64 of one unit): numeric order of the stored values.
      return (a, i, b, j) => {
        const x = (a.values as ArrayLike<number | bigint>)[i]!;
        const y = (b.values as ArrayLike<number | bigint>)[j]!;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    }
  }
}

function bit(data: arrow.Data, i: number): number {
  const at = data.offset + i;
  return ((data.values as Uint8Array)[at >> 3]! >> (at & 7)) & 1;
}

/** UTF-8 bytes, unsigned, shorter prefix first (= code point order, as `compareUtf8`). */
function compareBytes(a: arrow.Data, i: number, b: arrow.Data, j: number): number {
  const ao = a.valueOffsets as Int32Array;
  const bo = b.valueOffsets as Int32Array;
  const av = a.values as Uint8Array;
  const bv = b.values as Uint8Array;
  let x = ao[i]!;
  const xEnd = ao[i + 1]!;
  let y = bo[j]!;
  const yEnd = bo[j + 1]!;
  for (; x < xEnd && y < yEnd; x++, y++) {
    const d = av[x]! - bv[y]!;
    if (d !== 0) return d;
  }
  return xEnd - x - (yEnd - y);
}

/** Signed 128-bit little-endian integers (four 32-bit words each). */
function compareInt128(a: arrow.Data, i: number, b: arrow.Data, j: number): number {
  const aw = a.values as Uint32Array;
  const bw = b.values as Uint32Array;
  const ah = aw[i * 4 + 3]! | 0;
  const bh = bw[j * 4 + 3]! | 0;
  if (ah !== bh) return ah < bh ? -1 : 1;
  for (let w = 2; w >= 0; w--) {
    const x = aw[i * 4 + w]!;
    const y = bw[j * 4 + w]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
