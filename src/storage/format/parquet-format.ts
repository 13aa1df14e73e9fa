import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import { CorruptFileError, InvalidOptionError } from '../errors.js';
import type { RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';
import { arrowToRows, findField, rowsToArrow } from './arrow-rows.js';
import type { FileFormat, WriteFormatOptions } from './file-format.js';
import { writeFlatParquetArrow } from './parquet-flat-arrow.js';
import { readFlatParquet } from './parquet-flat-reader.js';
import {
  type FlatParquetCodec,
  isFlatParquetCodec,
  isFlatRowType,
  writeFlatParquet,
} from './parquet-flat-writer.js';
import { int96LeafOrdinals, patchInt96Footer, withInt96Placeholders } from './parquet-int96.js';

// parquet-wasm (the Rust `parquet`/`arrow` crates compiled to WebAssembly): its Node build instantiates the
// wasm synchronously when required. Chosen over parquetjs-lite and hyparquet-writer by measurement:
// bench/results/parquet-codecs.md. Required on first use, not on import: compiling the wasm is a fifth of
// the CLI's start-up, and commands, tests and tables that never touch a Parquet file should not pay it.
const require = createRequire(import.meta.url);
type ParquetWasm = typeof import('parquet-wasm');
let loaded: ParquetWasm | undefined;
function wasm(): ParquetWasm {
  loaded ??= require('parquet-wasm') as ParquetWasm;
  return loaded;
}

/**
 * `file.compression` values → Parquet codecs. Names as Paimon passes them to parquet-java
 * (`RowDataParquetBuilder.getCompressionCodec`: `none` → UNCOMPRESSED, else `CompressionCodecName.fromConf`),
 * so `lz4` is Parquet's (Hadoop-framed) LZ4 and `lz4_raw` the newer LZ4_RAW.
 */
const COMPRESSION = {
  zstd: 'ZSTD',
  snappy: 'SNAPPY',
  gzip: 'GZIP',
  lz4: 'LZ4',
  lz4_raw: 'LZ4_RAW',
  brotli: 'BROTLI',
  none: 'UNCOMPRESSED',
  uncompressed: 'UNCOMPRESSED',
} as const satisfies Readonly<Record<string, keyof ParquetWasm['Compression']>>;

export const PARQUET_COMPRESSIONS: readonly string[] = Object.keys(COMPRESSION);

/** Rows per row group; Paimon rolls files at `target-file-size`, so one file is usually one or a few groups. */
const ROW_GROUP_ROWS = 1 << 20;

/** `file.format` = parquet (Paimon's default): standard Parquet with logical types, field ids and statistics. */
export const parquetFormat: FileFormat = {
  identifier: 'parquet',

  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array {
    const flat = flatCodecFor(rowType, options.compression);
    if (flat) return writeFlatParquet(rowType, rows, flat);
    return writeArrowAsParquet(rowsToArrow(rowType, rows), options.compression);
  },

  writeArrow(rowType: RowType, table: arrow.Table, options: WriteFormatOptions): Uint8Array {
    // The same writer as `write` for the same rows: both paths write byte-identical files.
    const flat = flatCodecFor(rowType, options.compression);
    if (flat) return writeFlatParquetArrow(rowType, table, flat);
    return writeArrowAsParquet(table, options.compression);
  },

  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[] {
    const wanted = projectedType(rowType, projection);
    const rows = readWithFlatReader(bytes, wanted);
    if (rows) return rows;
    const table = readParquetColumns(bytes, path, wanted, wanted.fields.length === rowType.fields.length);
    try {
      return arrowToRows(table, wanted);
    } catch (e) {
      // parquet-wasm decodes some damaged files (e.g. a page that holds fewer values than its header says)
      // into Arrow columns shorter than their length; the values it lacks are a corrupt file, not a bug.
      if (e instanceof TypeError || e instanceof RangeError)
        throw new CorruptFileError(path, 'a Parquet file', `inconsistent column data (${e.message})`, {
          cause: e,
        });
      throw e;
    }
  },

  readArrow(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): arrow.Table {
    const wanted = projectedType(rowType, projection);
    return readParquetColumns(bytes, path, wanted, wanted.fields.length === rowType.fields.length);
  },
};

/**
 * The rows of a Parquet file through the TypeScript reader of flat files (parquet-flat-reader.ts), or
 * undefined when parquet-wasm must read it: nested columns, encodings or codecs that reader lacks, bytes it
 * finds corrupt (parquet-wasm then reads them or reports the file corrupt, as before that reader existed).
 *
 * Rule (issue 14, bench/parquet-readers.ts, bench/results/parquet-readers.md): every file goes to the
 * TypeScript reader first. Measured side by side on one run: 5-row orders-append files 0.079 ms vs 0.258 ms
 * per file through parquet-wasm (3.3x; 3-6x across runs on a loaded 2-core machine), and bulk rows no slower
 * (100k rows: 329k vs 304k rows/s; 1M rows: 348k vs 311k rows/s), so there is no size above which wasm wins.
 * `readArrow` stays on parquet-wasm: it returns Arrow, which the wasm reader produces without row objects.
 */
export function readWithFlatReader(bytes: Uint8Array, rowType: RowType): Row[] | undefined {
  try {
    return readFlatParquet(bytes, rowType);
  } catch {
    return undefined;
  }
}

/** `rowType` narrowed to `projection` (in projection order); names not in `rowType` are skipped. */
export function projectedType(rowType: RowType, projection?: readonly string[]): RowType {
  if (!projection) return rowType;
  const fields = projection.flatMap((name) => rowType.fields.filter((f) => f.name === name));
  return { ...rowType, fields };
}

/**
 * Which files the TypeScript writer (parquet-flat-writer.ts) writes instead of parquet-wasm: flat row types
 * (no ARRAY/MAP/MULTISET/ROW) with zstd, snappy or no compression, at every size, for `write` (rows) and
 * `writeArrow` (an Arrow table, encoded from its buffers by parquet-flat-arrow.ts; the same bytes as from
 * its rows, test/storage/table/arrow-write.test.ts). Measured by bench/parquet-writers.ts
 * (bench/results/parquet-writers.md; 2 shared cores): 5-row checkpoint files ~10x faster than parquet-wasm
 * (the reason for this writer, issue 14); from rows ~2x faster at 100k-1M rows; from Arrow faster at every
 * size measured (100 ... 1M rows) but one: 1M rows with snappy, ~15 % slower, kept so that both inputs give the
 * same bytes. Until the Arrow input was encoded directly, `writeArrow` made rows first
 * and lost to parquet-wasm above ~1,000 rows, which held both paths to 1,024 rows.
 * Everything else (nested types, gzip, lz4, lz4_raw, brotli) goes through parquet-wasm.
 */
function flatCodecFor(rowType: RowType, compression: string): FlatParquetCodec | undefined {
  const codec = parquetCodec(compression);
  const flat = isFlatParquetCodec(codec) && isFlatRowType(rowType);
  return flat ? codec : undefined;
}

/** The Parquet codec of a `file.compression` value (any case); InvalidOptionError for others. */
function parquetCodec(compression: string): (typeof COMPRESSION)[keyof typeof COMPRESSION] {
  const name = compression.toLowerCase();
  const codec = Object.hasOwn(COMPRESSION, name) ? COMPRESSION[name as keyof typeof COMPRESSION] : undefined;
  if (codec === undefined)
    throw new InvalidOptionError(
      'file.compression',
      compression,
      `one of ${PARQUET_COMPRESSIONS.join(', ')}`,
    );
  return codec;
}

/** An Arrow table as one Parquet file: zstd etc. per `compression`, chunk and page statistics. */
export function writeArrowAsParquet(table: arrow.Table, compression: string): Uint8Array {
  const codec = parquetCodec(compression);
  // TIMESTAMP(7..9) goes out as INT96, as Paimon Java writes it (see parquet-int96.ts).
  const int96 = int96LeafOrdinals(table.schema);
  const written = int96.length === 0 ? table : withInt96Placeholders(table);
  const { Table, WriterPropertiesBuilder, Compression, EnabledStatistics, writeParquet } = wasm();
  const wasmTable = Table.fromIPCStream(arrow.tableToIPC(written, 'stream'));
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression[codec])
    .setStatisticsEnabled(EnabledStatistics.Page)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .build();
  const bytes = writeParquet(wasmTable, properties);
  return int96.length === 0 ? bytes : patchInt96Footer(bytes, int96, 'the Parquet file being written');
}

/**
 * The columns of `rowType` from a Parquet file as an Arrow table whose fields are exactly `rowType`'s, in
 * its order: each found by name, else by Parquet field id (renamed to the Paimon name); columns the file
 * lacks (added by schema evolution) come back all-null.
 *
 * `wholeFile`: the caller wants every column the file was written with (no projection), so the file is read
 * whole and its schema taken from what was read. Otherwise the footer's schema is read first to pick the
 * columns. Decoding a tiny file's schema costs about as much as decoding its data (a checkpoint cycle reads
 * a few such files), so the whole-file path decodes once (issue 14).
 */
export function readParquetColumns(
  bytes: Uint8Array,
  path: string,
  rowType: RowType,
  wholeFile = false,
): arrow.Table {
  const whole = wholeFile ? readParquetAsArrow(bytes, path) : undefined;
  const fileFields = (whole?.schema ?? readParquetSchema(bytes, path)).fields;
  // The file column of each Paimon field, or undefined when the file has none.
  const sources = rowType.fields.map((f) => fileFields[findField(fileFields, f)]);
  const present = [...new Set(sources.flatMap((s) => (s ? [s.name] : [])))];
  // With no column to read, one is read all the same: the row count comes with it.
  const first = fileFields[0]?.name;
  const table =
    whole ?? decoding(path, () => readColumns(bytes, present.length === 0 && first ? [first] : present));
  const inPlace = rowType.fields.every((f, i) => sources[i] && table.schema.fields[i]?.name === f.name);
  if (inPlace && table.schema.fields.length === rowType.fields.length) return table;

  const schema = new arrow.Schema(
    rowType.fields.map((f, i) => {
      const source = sources[i];
      const type = source ? table.schema.fields.find((x) => x.name === source.name)!.type : new arrow.Null();
      return new arrow.Field(f.name, type, true, source?.metadata);
    }),
  );
  const batches = table.batches.map((batch) => {
    const children = sources.map((source) => {
      const child = source ? batch.getChild(source.name) : null;
      return child ? child.data[0]! : arrow.makeData({ type: new arrow.Null(), length: batch.numRows });
    });
    const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, children });
    return new arrow.RecordBatch(schema, struct);
  });
  return new arrow.Table(schema, batches);
}

/** The Arrow schema stored in (or derived from) a Parquet file's footer. */
export function readParquetSchema(bytes: Uint8Array, path: string): arrow.Schema {
  return decoding(path, () => arrow.tableFromIPC(wasm().readSchema(bytes).intoIPCStream()).schema);
}

/** A Parquet file as an Arrow table: all columns, or the named ones that the file has. */
export function readParquetAsArrow(
  bytes: Uint8Array,
  path: string,
  columns?: readonly string[],
): arrow.Table {
  return decoding(path, () => {
    let present = columns;
    if (columns) {
      const names = new Set(readParquetSchema(bytes, path).fields.map((f) => f.name));
      present = columns.filter((c) => names.has(c));
    }
    return readColumns(bytes, present);
  });
}

/** The named columns (all present in the file), or all columns. */
function readColumns(bytes: Uint8Array, columns?: readonly string[]): arrow.Table {
  // Batches of up to a row group (the reader's default is 1024 rows): 1M rows come back as one Arrow
  // batch instead of ~1000, which is what the Arrow IPC decoding and every consumer pay for per batch.
  const batchSize = ROW_GROUP_ROWS;
  const table = wasm().readParquet(bytes, columns ? { columns: [...columns], batchSize } : { batchSize });
  return arrow.tableFromIPC(table.intoIPCStream());
}

function decoding<T>(path: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof CorruptFileError) throw e;
    throw new CorruptFileError(path, 'a Parquet file', e instanceof Error ? e.message : String(e), {
      cause: e,
    });
  }
}
