import type * as arrow from 'apache-arrow';
import type { Random } from '../../common/random.js';
import type { RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';

export interface WriteFormatOptions {
  /** `file.compression`: zstd (Paimon's default), snappy, gzip, lz4, none; each format says what it takes. */
  readonly compression: string;
  /** Randomness a format may put in its bytes (Avro sync markers); nothing else is random or time-based. */
  readonly random: Random;
}

/**
 * A data-file format (`file.format`): rows of one schema to the bytes of one file and back. Reading maps
 * columns by field name, else by field id, so files written before a schema change still read; columns
 * a file lacks read as null.
 */
export interface FileFormat {
  readonly identifier: 'parquet' | 'avro';
  /** Encodes rows (already normalized to the value model) as one data file. */
  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array;
  /** Decodes a data file; `projection` names the fields to return (default: all). Errors name `path`. */
  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[];
  /** Fast path: an Arrow table laid out as `toArrowSchema(rowType)` straight to a data file. */
  writeArrow?(rowType: RowType, table: arrow.Table, options: WriteFormatOptions): Uint8Array;
  /** Fast path: a data file straight to Arrow, one field per projected Paimon field (missing ones null). */
  readArrow?(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): arrow.Table;
}
