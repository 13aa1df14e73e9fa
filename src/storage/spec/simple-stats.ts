import { BinaryRowError, InvalidOptionError } from '../errors.js';
import { compareValues, decodeBinaryRow, EMPTY_BINARY_ROW, encodeBinaryRow } from './binary-row.js';
import { type DataField, type DataType, isAtomic } from './data-types.js';

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
 * `counts` (null count only), `full` (exact min/max), `truncate(n)` (CHAR/VARCHAR bounds cut to n code points,
 * the max rounded up so it stays an upper bound; other types as `full`). Paimon's default is `truncate(16)`.
 */
export type StatsMode =
  | { readonly kind: 'none' }
  | { readonly kind: 'counts' }
  | { readonly kind: 'full' }
  | { readonly kind: 'truncate'; readonly length: number };

/** `CoreOptions.METADATA_STATS_MODE` default. */
export const DEFAULT_STATS_MODE: StatsMode = { kind: 'truncate', length: 16 };

/** `Integer.MAX_VALUE`: larger truncate lengths do not parse in Java. */
const JAVA_INT_MAX = 2 ** 31 - 1;

/**
 * Parses a stats mode as Paimon does (`SimpleColStatsCollector.from`): the value upper-cased (no trimming) is
 * `NONE`, `COUNTS`, `FULL` or matches `TRUNCATE\((\d+)\)`. A bad value is refused with Paimon's own text
 * (`IllegalArgumentException` "Unexpected option: …", the `TruncateSimpleColStatsCollector` precondition, or
 * `Integer.parseInt`'s `NumberFormatException`), which Java raises only when a writer first uses the mode.
 */
export function parseStatsMode(text: string, optionKey = 'metadata.stats-mode'): StatsMode {
  const upper = text.toUpperCase();
  if (upper === 'NONE') return { kind: 'none' };
  if (upper === 'COUNTS') return { kind: 'counts' };
  if (upper === 'FULL') return { kind: 'full' };
  const m = /^TRUNCATE\((\d+)\)$/.exec(upper);
  if (!m) {
    throw new InvalidOptionError(
      optionKey,
      text,
      `none, counts, full or truncate(<n>) (Unexpected option: ${text})`,
    );
  }
  const length = Number(m[1]);
  if (length > JAVA_INT_MAX) {
    throw new InvalidOptionError(
      optionKey,
      text,
      `truncate(<n>) with n a Java int (For input string: "${m[1]}")`,
    );
  }
  if (length <= 0) {
    throw new InvalidOptionError(
      optionKey,
      text,
      'truncate(<n>) with n > 0 (Truncate length should larger than zero.)',
    );
  }
  return { kind: 'truncate', length };
}

/**
 * Where Paimon Java takes a data file's column stats from (`SimpleStatsProducer`, 1.3):
 *
 * - `footer`: Parquet (and ORC) files: the writer reads the column-chunk statistics back from the footer
 *   (`ParquetSimpleStatsExtractor`) and passes them through the column's collector (`…Collector.convert`).
 * - `rows`: Avro files and manifest partition stats: a `SimpleStatsCollector` sees every value and keeps the
 *   `Comparable` ones (`…Collector.collect`).
 *
 * The two differ for a few types; see `hasMinMax`.
 */
export type StatsSource = 'footer' | 'rows';

/** The stats source Paimon uses for a data file of `file.format` = `format` (`RowDataRollingFileWriter`). */
export function statsSourceOf(format: string): StatsSource {
  return format.toLowerCase() === 'avro' ? 'rows' : 'footer';
}

/** One column's state. */
interface ColumnStats {
  min: unknown;
  max: unknown;
  nullCount: number;
  /** `rows` + `truncate`: no upper bound could be formed; the column's min/max are then dropped (as Paimon). */
  failed: boolean;
}

/**
 * Collects SimpleStats over rows as Paimon Java 1.3 does for a file of the given stats source, with one
 * `SimpleColStatsCollector` per column (`Truncate…`, `Full…`, `Counts…`, `None…`). Only CHAR/VARCHAR values
 * are ever truncated (`TruncateSimpleColStatsCollector`: "truncation only performs on the BinaryString
 * value"): DECIMAL, BINARY and every other type keep exact bounds or none.
 */
export class SimpleStatsCollector {
  private readonly columns: ColumnStats[];
  private readonly modes: readonly StatsMode[];

  /** `modes`: one mode for all columns or one per column; default `truncate(16)`. */
  constructor(
    private readonly types: readonly DataType[],
    modes: StatsMode | readonly StatsMode[] = DEFAULT_STATS_MODE,
    private readonly source: StatsSource = 'rows',
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

  /** `count` null values of column `i` (a columnar writer counts them from the validity bitmap). */
  addNulls(i: number, count: number): void {
    this.columns[i]!.nullCount += count;
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
    if (mode.kind === 'none' || mode.kind === 'counts' || col.failed) return;
    if (!hasMinMax(type, this.source)) return;
    if (this.source === 'footer') {
      // Exact bounds as Parquet keeps them; the mode applies once, in result() (`convert`).
      if (isFloating(type)) addParquetFloat(col, value as number);
      else {
        if (col.min === null || compareValues(type, value, col.min) < 0) col.min = value;
        if (col.max === null || compareValues(type, value, col.max) > 0) col.max = value;
      }
      return;
    }
    // `collect`: each value is compared, untruncated, with the current (truncated) bounds.
    const limit = mode.kind === 'truncate' && isString(type) ? mode.length : Number.POSITIVE_INFINITY;
    if (col.min === null || compareValues(type, value, col.min) < 0) col.min = truncateMin(value, limit);
    if (col.max === null || compareValues(type, value, col.max) > 0) {
      const max = truncateMax(value, limit);
      if (max === null) col.failed = true;
      else col.max = max;
    }
  }

  /**
   * The stats of all columns (`SimpleStatsConverter.toBinaryAllMode`, what `metadata.stats-dense-store` =
   * false writes): a column without stats (`SimpleColStats.isNone`) has null min, max and null count.
   */
  result(): SimpleStats {
    const cols = this.columnResults();
    return {
      minValues: encodeBinaryRow(
        this.types.map(statsSlotType),
        cols.map((c) => c.min),
      ),
      maxValues: encodeBinaryRow(
        this.types.map(statsSlotType),
        cols.map((c) => c.max),
      ),
      nullCounts: cols.map((c) => c.nullCount),
    };
  }

  /**
   * Dense stats (`SimpleStatsConverter.toBinaryDenseMode`, `metadata.stats-dense-store` = true, Paimon's
   * default): only the columns that have any stats, and their names as `_VALUE_STATS_COLS` (null when all).
   */
  denseResult(names: readonly string[]): { stats: SimpleStats; cols: string[] | null } {
    const cols = this.columnResults();
    const kept = cols.flatMap((c, i) => (isNoneStats(c) ? [] : [i]));
    const types = kept.map((i) => statsSlotType(this.types[i]!));
    return {
      stats: {
        minValues: encodeBinaryRow(
          types,
          kept.map((i) => cols[i]!.min),
        ),
        maxValues: encodeBinaryRow(
          types,
          kept.map((i) => cols[i]!.max),
        ),
        nullCounts: kept.map((i) => cols[i]!.nullCount),
      },
      cols: kept.length === cols.length ? null : kept.map((i) => names[i]!),
    };
  }

  /**
   * Value stats as `SimpleStatsConverter.toBinary` stores them: dense (`metadata.stats-dense-store` = true)
   * or every column with `_VALUE_STATS_COLS` null.
   */
  toBinary(names: readonly string[], denseStore: boolean): { stats: SimpleStats; cols: string[] | null } {
    return denseStore ? this.denseResult(names) : { stats: this.result(), cols: null };
  }

  private columnResults(): ColStats[] {
    return this.columns.map((col, i) => {
      const mode = this.modes[i]!;
      const type = this.types[i]!;
      // `NoneSimpleColStatsCollector`; a nested column has no Parquet column chunk of its name (its leaves
      // are `a.list.element`…), so the extractor finds no statistics for it at all.
      if (mode.kind === 'none' || (this.source === 'footer' && !isAtomic(type))) return NONE_STATS;
      if (mode.kind === 'counts' || col.failed) return { min: null, max: null, nullCount: col.nullCount };
      if (this.source === 'footer' && isFloating(type) && col.min !== null) {
        return { ...parquetFloatBounds(col.min as number, col.max as number), nullCount: col.nullCount };
      }
      if (this.source === 'rows' || mode.kind === 'full' || !isString(type) || col.max === null) {
        return { min: col.min, max: col.max, nullCount: col.nullCount };
      }
      // `TruncateSimpleColStatsCollector.convert` of the footer's exact string bounds.
      const max = truncateMax(col.max, mode.length);
      if (max === null) return { min: null, max: null, nullCount: col.nullCount };
      return { min: truncateMin(col.min, mode.length), max, nullCount: col.nullCount };
    });
  }
}

/** Float bounds as parquet-java reads them back from a footer (see `addParquetFloat`). */
function parquetFloatBounds(min: number, max: number): { min: number | null; max: number | null } {
  if (Number.isNaN(min) || Number.isNaN(max)) return { min: null, max: null };
  return { min: min === 0 ? -0 : min, max: max === 0 ? 0 : max };
}

/** One column's result (`SimpleColStats`). */
interface ColStats {
  readonly min: unknown;
  readonly max: unknown;
  readonly nullCount: number | null;
}

const NONE_STATS: ColStats = { min: null, max: null, nullCount: null };

/** `SimpleColStats.isNone`: no min, no max, no null count; dense stats leave such a column out. */
function isNoneStats(c: ColStats): boolean {
  return c.min === null && c.max === null && c.nullCount === null;
}

/**
 * Whether Paimon Java keeps a min/max for values of `type`:
 *
 * - `rows`: only `Comparable` Java values (`Full…`/`TruncateSimpleColStatsCollector.collect`); `byte[]`
 *   (BINARY, VARBINARY) and nested values (ARRAY, MAP, MULTISET, ROW) are not.
 * - `footer`: only the types `ParquetSimpleStatsExtractor.toFieldStats` converts; BINARY/VARBINARY fall to
 *   its default branch and TIMESTAMP(7..9) is INT96, whose statistics it ignores (`toTimestampStats`).
 */
function hasMinMax(type: DataType, source: StatsSource): boolean {
  if (!isAtomic(type) || type.root === 'BINARY' || type.root === 'VARBINARY') return false;
  if (source === 'footer' && (type.root === 'TIMESTAMP' || type.root === 'TIMESTAMP_LTZ'))
    return type.precision <= 6;
  return true;
}

function isString(type: DataType): boolean {
  return type.root === 'CHAR' || type.root === 'VARCHAR';
}

function isFloating(type: DataType): boolean {
  return type.root === 'FLOAT' || type.root === 'DOUBLE';
}

/**
 * parquet-java's `FloatStatistics`/`DoubleStatistics`: the first value sets min and max, later ones replace
 * them by primitive `<`/`>` (so a NaN after the first value never does). On reading, bounds with a NaN are
 * dropped and a zero min/max becomes -0.0/+0.0 (`Statistics.FloatBuilder.build`, PARQUET-1246): see
 * `parquetFloatBounds`.
 */
function addParquetFloat(col: ColumnStats, value: number): void {
  if (col.min === null) {
    col.min = value;
    col.max = value;
    return;
  }
  if (value < (col.min as number)) col.min = value;
  if (value > (col.max as number)) col.max = value;
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
export interface DecodedStats {
  readonly min: unknown[];
  readonly max: unknown[];
  readonly nullCounts: readonly (number | null)[] | null;
}

/** Decodes stats that cover exactly the columns of `types`, in order. */
export function decodeSimpleStats(types: readonly DataType[], stats: SimpleStats): DecodedStats {
  const slotTypes = types.map(statsSlotType);
  return {
    min: decodeBinaryRow(slotTypes, stats.minValues),
    max: decodeBinaryRow(slotTypes, stats.maxValues),
    nullCounts: stats.nullCounts,
  };
}

/**
 * Decodes a data file's value stats over all `fields` of the file's schema. `valueStatsCols`
 * (`DataFileMeta._VALUE_STATS_COLS`) null means the stats cover every field; otherwise they are dense and
 * cover just the named fields, in that order (`SimpleStatsEvolution.evolution`: the other fields read as
 * unknown: null min, max and null count).
 */
export function decodeValueStats(
  fields: readonly DataField[],
  stats: SimpleStats,
  valueStatsCols: readonly string[] | null,
): DecodedStats {
  if (valueStatsCols === null)
    return decodeSimpleStats(
      fields.map((f) => f.type),
      stats,
    );
  const covered = valueStatsCols.map((name) => {
    const field = fields.find((f) => f.name === name);
    if (!field) {
      throw new BinaryRowError(
        `Value stats name column '${name}', which is not a field of the file's schema (${fields.map((f) => f.name).join(', ')})`,
      );
    }
    return field;
  });
  const dense =
    covered.length === 0
      ? { min: [], max: [], nullCounts: [] }
      : decodeSimpleStats(
          covered.map((f) => f.type),
          stats,
        );
  const at = (name: string) => valueStatsCols.indexOf(name);
  return {
    min: fields.map((f) => (at(f.name) < 0 ? null : dense.min[at(f.name)])),
    max: fields.map((f) => (at(f.name) < 0 ? null : dense.max[at(f.name)])),
    nullCounts: fields.map((f) => (at(f.name) < 0 ? null : (dense.nullCounts?.[at(f.name)] ?? null))),
  };
}

/** `TruncateSimpleColStatsCollector.truncateMin`: a string's first `limit` code points; others as they are. */
function truncateMin(value: unknown, limit: number): unknown {
  if (typeof value !== 'string' || !exceedsCodePoints(value, limit)) return value;
  return [...value].slice(0, limit).join('');
}

/**
 * `TruncateSimpleColStatsCollector.truncateMax`: values within the limit (and non-strings) stay; longer
 * strings are cut and the last code point that can be incremented is incremented, dropping what follows it.
 * Null when none can.
 */
function truncateMax(value: unknown, limit: number): unknown {
  if (typeof value !== 'string' || !exceedsCodePoints(value, limit)) return value;
  const chars = [...value].slice(0, limit);
  for (let i = chars.length - 1; i >= 0; i--) {
    const next = chars[i]!.codePointAt(0)! + 1;
    if (next <= 0x10ffff) return chars.slice(0, i).join('') + String.fromCodePoint(next);
  }
  return null;
}

/** Whether `s` has more than `limit` code points (UTF-16 length bounds the count from above). */
function exceedsCodePoints(s: string, limit: number): boolean {
  return s.length > limit && [...s].length > limit;
}
