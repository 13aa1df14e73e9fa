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

/** Stats of zero columns, as Paimon writes for key stats of append tables (`SimpleStats.EMPTY_STATS`). */
export const EMPTY_SIMPLE_STATS: SimpleStats = {
  minValues: EMPTY_BINARY_ROW,
  maxValues: EMPTY_BINARY_ROW,
  nullCounts: [],
};

/** `metadata.stats-mode` default `truncate(16)`: string min/max keep at most 16 characters. */
const TRUNCATE_LENGTH = 16;

interface ColumnStats {
  min: unknown;
  max: unknown;
  nullCount: number;
  /** Truncation could not produce an upper bound: Paimon then drops min/max of the column. */
  failed: boolean;
}

/**
 * Collects SimpleStats over rows (`SimpleStatsCollector` with `TruncateSimpleColStatsCollector`): per column
 * min, max and null count. Strings longer than 16 characters contribute a truncated min and a truncated
 * max whose last character is incremented, so the bounds stay bounds. Nested types get no stats.
 */
export class SimpleStatsCollector {
  private readonly columns: ColumnStats[];
  private readonly atomic: boolean[];

  constructor(private readonly types: readonly DataType[]) {
    this.columns = types.map(() => ({ min: null, max: null, nullCount: 0, failed: false }));
    this.atomic = types.map(isAtomic);
  }

  add(values: readonly unknown[]): void {
    for (let i = 0; i < this.types.length; i++) this.addField(i, values[i]);
  }

  /** One value of column `i` (lets writers feed columns without building a row array per record). */
  addField(i: number, value: unknown): void {
    const type = this.types[i]!;
    const col = this.columns[i]!;
    if (value === null || value === undefined) {
      col.nullCount++;
      return;
    }
    if (col.failed || !this.atomic[i]) return;
    let low = value;
    let high = value;
    // `length` counts UTF-16 units, never fewer than code points: only long strings need the exact count.
    if (typeof value === 'string' && value.length > TRUNCATE_LENGTH && [...value].length > TRUNCATE_LENGTH) {
      low = truncate(value);
      const up = truncateUp(value);
      if (up === null) {
        col.failed = true;
        col.min = col.max = null;
        return;
      }
      high = up;
    }
    if (col.min === null || compareValues(type, low, col.min) < 0) col.min = low;
    if (col.max === null || compareValues(type, high, col.max) > 0) col.max = high;
  }

  result(): SimpleStats {
    const minmaxTypes = this.types.map((t) => (isAtomic(t) ? t : NULL_ONLY_TYPE));
    return {
      minValues: encodeBinaryRow(
        minmaxTypes,
        this.columns.map((c) => c.min),
      ),
      maxValues: encodeBinaryRow(
        minmaxTypes,
        this.columns.map((c) => c.max),
      ),
      nullCounts: this.types.map((t, i) => (isAtomic(t) ? this.columns[i]!.nullCount : null)),
    };
  }
}

/** Nested columns have no min/max; their slot is always null, so any type serializes it. */
const NULL_ONLY_TYPE: DataType = { root: 'INT', nullable: true };

/** Decoded view of stats: min and max values per column (null where unknown), null counts. */
export function decodeSimpleStats(
  types: readonly DataType[],
  stats: SimpleStats,
): { min: unknown[]; max: unknown[]; nullCounts: readonly (number | null)[] | null } {
  const minmaxTypes = types.map((t) => (isAtomic(t) ? t : NULL_ONLY_TYPE));
  return {
    min: decodeBinaryRow(minmaxTypes, stats.minValues),
    max: decodeBinaryRow(minmaxTypes, stats.maxValues),
    nullCounts: stats.nullCounts,
  };
}

function truncate(s: string): string {
  return [...s].slice(0, TRUNCATE_LENGTH).join('');
}

/** The truncated prefix with its last code point incremented; null when no code point can be incremented. */
function truncateUp(s: string): string | null {
  const chars = [...s].slice(0, TRUNCATE_LENGTH);
  for (let i = chars.length - 1; i >= 0; i--) {
    let next = chars[i]!.codePointAt(0)! + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return chars.slice(0, i).join('') + String.fromCodePoint(next);
  }
  return null;
}
