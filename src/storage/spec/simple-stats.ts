import { InvalidOptionError } from '../errors.js';
import { compareValues, decodeBinaryRow, EMPTY_BINARY_ROW, encodeBinaryRow } from './binary-row.js';
import { type DataType, isAtomic } from './data-types.js';

/**
 * Min/max/null-count statistics of some columns (`org.apache.paimon.stats.SimpleStats`), as stored in
 * manifests: min and max values as serialized BinaryRow bytes (see binary-row.ts), null counts per column.
 */
export interface SimpleStats {
  readonly minValues: Uint8Array;
  readonly maxValues: Uint8Array;
  /** One entry per column; null entries mean unknown. The whole array is null for old files. */
  readonly nullCounts: readonly (number | null)[] | null;
}

/**
 * Stats of zero columns (`SimpleStats.EMPTY_STATS`: `EMPTY_ROW`, `EMPTY_ROW`, an empty long array), as Paimon
 * writes for the key stats of append tables and for value stats when no column has stats.
 */
export const EMPTY_SIMPLE_STATS: SimpleStats = {
  minValues: EMPTY_BINARY_ROW,
  maxValues: EMPTY_BINARY_ROW,
  nullCounts: [],
};

/**
 * `metadata.stats-mode` of one column (`SimpleColStatsCollector.from`): `none` (no min/max, no null count),
 * `counts` (null count only), `full` (exact min/max), `truncate(n)` (strings and binaries cut to n characters
 * or bytes; the max rounded up so it stays an upper bound). Paimon's default is `truncate(16)`.
 */
export type StatsMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'counts' }
  | { readonly kind: 'full' }
  | { readonly kind: 'truncate'; readonly length: number };

/** `CoreOptions.METADATA_STATS_MODE` default. */
export const DEFAULT_STATS_MODE: StatsMode = { kind: 'truncate', length: 16 };

/** Parses a stats mode as Paimon does (case-insensitive `none`, `counts`, `full`, `truncate(<n>)`). */
export function parseStatsMode(text: string, optionKey = 'metadata.stats-mode'): StatsMode {
  const upper = text.toUpperCase();
  if (upper === 'NONE') return { kind: 'none' };
  if (upper === 'COUNTS') return { kind: 'counts' };
  if (upper === 'FULL') return { kind: 'full' };
  const m = /^TRUNCATE\((\d+)\)$/.exec(upper);
  const length = m ? Number(m[1]) : 0;
  if (!m || !Number.isSafeInteger(length) || length <= 0) {
    throw new InvalidOptionError(optionKey, text, 'none, counts, full or truncate(<n>) with n > 0');
  }
  return { kind: 'truncate', length };
}

/** One column's collector state (`AbstractSimpleColStatsCollector`). */
interface ColumnStats {
  min: unknown;
  max: unknown;
  nullCount: number;
  /** `truncate`: no upper bound could be formed; the column's min/max are then dropped (as Paimon). */
  failed: boolean;
}

/**
 * Collects SimpleStats over rows like Paimon's `SimpleStatsCollector` with one `SimpleColStatsCollector` per
 * column (`Truncate…`, `Full…`, `Counts…`, `None…`): each value is compared, untruncated, with the current
 * min/max; a new min is stored truncated, a new max truncated and rounded up. Columns of nested types (ARRAY,
 * MAP, MULTISET, ROW) are not `Comparable` in Java: no min/max, but their nulls are counted.
 */
export class SimpleStatsCollector {
  private readonly columns: ColumnStats[];
  private readonly modes: readonly StatsMode[];

  /** `modes`: one mode for all columns or one per column; default `truncate(16)`. */
  constructor(
    private readonly types: readonly DataType[],
    modes: StatsMode | readonly StatsMode[] = DEFAULT_STATS_MODE,
  ) {
    this.columns = types.map(() => ({ min: null, max: null, nullCount: 0, failed: false }));
    this.modes = Array.isArray(modes) ? [...modes] : types.map(() => modes as StatsMode);
    if (this.modes.length !== types.length) {
      throw new RangeError(`${types.length} columns but ${this.modes.length} stats modes`);
    }
  }

  add(values: readonly unknown[]): void {
    for (let i = 0; i < this.types.length; i++) this.addField(i, values[i]);
  }

  /** One value of column `i` (lets writers feed columns without building a row array per record). */
  addField(i: number, value: unknown): void {
    const col = this.columns[i]!;
    if (value === null || value === undefined) {
      col.nullCount++;
      return;
    }
    const mode = this.modes[i]!;
    const type = this.types[i]!;
    if (mode.kind === 'none' || mode.kind === 'counts' || col.failed || !isAtomic(type)) return;
    const limit = mode.kind === 'truncate' ? mode.length : Number.POSITIVE_INFINITY;
    if (col.min === null || compareValues(type, value, col.min) < 0) col.min = truncateMin(value, limit);
    if (col.max === null || compareValues(type, value, col.max) > 0) {
      const max = truncateMax(value, limit);
      if (max === null) col.failed = true;
      else col.max = max;
    }
  }

  result(): SimpleStats {
    const types = this.types.map(statsSlotType);
    const mins: unknown[] = [];
    const maxs: unknown[] = [];
    const counts: (number | null)[] = [];
    this.columns.forEach((col, i) => {
      const mode = this.modes[i]!;
      const hasMinMax = (mode.kind === 'full' || mode.kind === 'truncate') && !col.failed;
      mins.push(hasMinMax ? col.min : null);
      maxs.push(hasMinMax ? col.max : null);
      counts.push(mode.kind === 'none' ? null : col.nullCount);
    });
    return {
      minValues: encodeBinaryRow(types, mins),
      maxValues: encodeBinaryRow(types, maxs),
      nullCounts: counts,
    };
  }
}

/**
 * The type a column takes in the stats row. Nested columns have no min/max; Java writes their always-null
 * slot with `setNullAt` (a zero slot), which is what a null INT is too.
 */
function statsSlotType(type: DataType): DataType {
  return isAtomic(type) ? type : NULL_ONLY_TYPE;
}

const NULL_ONLY_TYPE: DataType = { root: 'INT', nullable: true };

/** Decoded view of stats: min and max values per column (null where unknown), null counts. */
export function decodeSimpleStats(
  types: readonly DataType[],
  stats: SimpleStats,
): { min: unknown[]; max: unknown[]; nullCounts: readonly (number | null)[] | null } {
  const slotTypes = types.map(statsSlotType);
  return {
    min: decodeBinaryRow(slotTypes, stats.minValues),
    max: decodeBinaryRow(slotTypes, stats.maxValues),
    nullCounts: stats.nullCounts,
  };
}

/** `TruncateSimpleColStatsCollector.truncateMin`: the first `limit` code points or bytes. */
function truncateMin(value: unknown, limit: number): unknown {
  if (typeof value === 'string')
    return exceedsCodePoints(value, limit) ? [...value].slice(0, limit).join('') : value;
  if (value instanceof Uint8Array) return value.length > limit ? value.slice(0, limit) : value;
  return value;
}

/**
 * `TruncateSimpleColStatsCollector.truncateMax`: values within the limit stay; longer ones are cut and the last
 * code point (byte) that can be incremented is incremented, dropping what follows it. Null when none can.
 */
function truncateMax(value: unknown, limit: number): unknown {
  if (typeof value === 'string') {
    if (!exceedsCodePoints(value, limit)) return value;
    const chars = [...value].slice(0, limit);
    for (let i = chars.length - 1; i >= 0; i--) {
      const next = chars[i]!.codePointAt(0)! + 1;
      if (next <= 0x10ffff) return chars.slice(0, i).join('') + String.fromCodePoint(next);
    }
    return null;
  }
  if (value instanceof Uint8Array) {
    if (value.length <= limit) return value;
    const bytes = value.slice(0, limit);
    for (let i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] !== 0xff) {
        bytes[i]!++;
        return bytes.slice(0, i + 1);
      }
    }
    return null;
  }
  return value;
}

/** Whether `s` has more than `limit` code points (UTF-16 length bounds the count from above). */
function exceedsCodePoints(s: string, limit: number): boolean {
  return s.length > limit && [...s].length > limit;
}
