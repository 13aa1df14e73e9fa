import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import { CorruptFileError, InvalidOptionError } from '../errors.js';
import type { RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';
import { arrowToRows, rowsToArrow } from './arrow-rows.js';
import type { FileFormat, WriteFormatOptions } from './file-format.js';

// parquet-wasm (Apache Arrow's Rust parquet crate compiled to WebAssembly) loads its wasm synchronously in
// its Node build. Chosen over parquetjs-lite and hyparquet-writer by measurement: bench/results/parquet-codecs.md.
const require = createRequire(import.meta.url);
const wasm = require('parquet-wasm') as typeof import('parquet-wasm');

const COMPRESSION: Record<string, number> = {
  zstd: wasm.Compression.ZSTD,
  snappy: wasm.Compression.SNAPPY,
  gzip: wasm.Compression.GZIP,
  lz4: wasm.Compression.LZ4_RAW,
  none: wasm.Compression.UNCOMPRESSED,
  uncompressed: wasm.Compression.UNCOMPRESSED,
};

/** Rows per row group; Paimon rolls files at `target-file-size`, so one file is usually one or a few groups. */
const ROW_GROUP_ROWS = 1 << 20;

/** `file.format` = parquet (Paimon's default): standard Parquet with logical types and column statistics. */
export const parquetFormat: FileFormat = {
  identifier: 'parquet',

  write(rowType: RowType, rows: readonly Row[], options: WriteFormatOptions): Uint8Array {
    return writeArrowAsParquet(rowsToArrow(rowType, rows), options.compression);
  },

  read(bytes: Uint8Array, rowType: RowType, path: string, projection?: readonly string[]): Row[] {
    const names = projection ?? rowType.fields.map((f) => f.name);
    const fields = names.map((n) => rowType.fields.find((f) => f.name === n)!).filter((f) => f !== undefined);
    return arrowToRows(readParquetAsArrow(bytes, path, names), { ...rowType, fields });
  },
};

export function writeArrowAsParquet(table: arrow.Table, compression: string): Uint8Array {
  const codec = COMPRESSION[compression.toLowerCase()];
  if (codec === undefined)
    throw new InvalidOptionError(
      'file.compression',
      compression,
      `one of ${Object.keys(COMPRESSION).join(', ')}`,
    );
  const wasmTable = wasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  const properties = new wasm.WriterPropertiesBuilder()
    .setCompression(codec)
    .setStatisticsEnabled(wasm.EnabledStatistics.Chunk)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .build();
  return wasm.writeParquet(wasmTable, properties);
}

export function readParquetAsArrow(
  bytes: Uint8Array,
  path: string,
  columns?: readonly string[],
): arrow.Table {
  let present: string[] | undefined;
  try {
    if (columns) {
      const schema = arrow.tableFromIPC(wasm.readSchema(bytes).intoIPCStream()).schema;
      const names = new Set(schema.fields.map((f) => f.name));
      present = columns.filter((c) => names.has(c));
    }
    const table = wasm.readParquet(bytes, present ? { columns: present } : undefined);
    return arrow.tableFromIPC(table.intoIPCStream());
  } catch (e) {
    throw new CorruptFileError(path, 'a Parquet file', e instanceof Error ? e.message : String(e), {
      cause: e,
    });
  }
}
