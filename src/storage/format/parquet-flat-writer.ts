import snappy from 'snappyjs';
import { SchemaMismatchError, UnsupportedTypeError } from '../errors.js';
import type { RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';
import { ByteSink } from './byte-sink.js';
import { DEFAULT_ZSTD_LEVEL, zstdCodec } from './compression/zstd-codec.js';
import { type FlatLeaf, flatLeafOf } from './parquet-flat-columns.js';
import { TType } from './parquet-thrift.js';
import type { MinMax, ValueEncoder } from './parquet-value-encoders.js';
import { writeRleHybrid } from './rle-hybrid.js';
import { CompactWriter } from './thrift-compact-writer.js';

/**
 * A Parquet writer in TypeScript for flat schemas (every top-level column a primitive Paimon type; see
 * parquet-flat-columns.ts), for the many tiny files a streaming checkpoint writes, where going through
 * Arrow IPC into parquet-wasm costs far more than the data (issue 14; figures in
 * bench/results/parquet-writers.md). Its files carry the schema parquet-wasm writes for the same row type
 * (physical/converted/logical types, repetition, field ids, the root named `arrow_schema`, column orders)
 * and the same chunk statistics; the layout is the simplest valid one:
 *   - row groups of up to 2^20 rows (as parquet-format.ts asks parquet-wasm for), none for no rows;
 *   - per column chunk, data pages v1 of up to 20,000 rows or about 1 MiB of values (arrow-rs' defaults),
 *     PLAIN values, definition levels RLE/bit-packed for OPTIONAL columns, each page compressed whole;
 *   - no dictionary pages, no page index, no page-header statistics, no size statistics (all optional);
 *   - no `ARROW:schema` key-value entry: readers derive the same Arrow types from the Parquet schema
 *     (parquet-wasm, pyarrow; the INT96 path of parquet-int96.ts drops that entry already), and Paimon
 *     Java (parquet-java) never reads it.
 * Output bytes are a pure function of the row type, the rows and the codec, and the same whether the rows
 * come as row objects (`writeFlatParquet`) or as an Arrow table (`writeFlatParquetArrow`,
 * parquet-flat-arrow.ts).
 */

/** `created_by`; "<application> version <version>" is the form parquet-java's `VersionParser` reads. */
export const FLAT_WRITER_CREATED_BY = 'paimon-sim version 0.1.0 (build parquet-flat-writer)';

/** Codecs this writer has (Parquet `CompressionCodec` values); others go through parquet-wasm. */
const CODEC_IDS = { UNCOMPRESSED: 0, SNAPPY: 1, ZSTD: 6 } as const;
export type FlatParquetCodec = keyof typeof CODEC_IDS;

export function isFlatParquetCodec(codec: string): codec is FlatParquetCodec {
  return Object.hasOwn(CODEC_IDS, codec);
}

/** Parquet's ZSTD is a plain zstd frame, at `file.compression.zstd-level`'s default 1 (as parquet-wasm's). */
const zstd = zstdCodec(DEFAULT_ZSTD_LEVEL);
const COMPRESS: Readonly<Record<FlatParquetCodec, (data: Uint8Array) => Uint8Array>> = {
  UNCOMPRESSED: (data) => data,
  // Parquet's SNAPPY is a raw snappy block (no framing, no checksum).
  SNAPPY: (data) => snappy.compress(data),
  ZSTD: (data) => zstd.compress(data),
};

/** Where row groups and pages end; tests pass small limits to reach several of each cheaply. */
export interface FlatParquetLayout {
  readonly rowGroupRows: number;
  readonly pageRows: number;
  /** A page ends once its encoded values reach this many bytes. */
  readonly pageValueBytes: number;
}

export const DEFAULT_FLAT_LAYOUT: FlatParquetLayout = {
  rowGroupRows: 1 << 20,
  pageRows: 20_000,
  pageValueBytes: 1 << 20,
};

const MAGIC = Uint8Array.of(0x50, 0x41, 0x52, 0x31); // PAR1

const PAGE_TYPE_DATA_PAGE = 0;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;

const leavesByType = new WeakMap<RowType, readonly FlatLeaf[] | null>();

/** The leaves of `rowType` when every field is primitive, else undefined. */
function flatLeaves(rowType: RowType): readonly FlatLeaf[] | undefined {
  let leaves = leavesByType.get(rowType);
  if (leaves === undefined) {
    const found = rowType.fields.map(flatLeafOf);
    leaves = found.every((l) => l !== undefined) ? (found as FlatLeaf[]) : null;
    leavesByType.set(rowType, leaves);
  }
  return leaves ?? undefined;
}

/** True when this writer can write `rowType` (no ARRAY, MAP, MULTISET or ROW field). */
export function isFlatRowType(rowType: RowType): boolean {
  return flatLeaves(rowType) !== undefined;
}

interface ChunkMeta {
  readonly leaf: FlatLeaf;
  readonly numValues: number;
  readonly pages: number;
  readonly dataPageOffset: number;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  readonly nullCount: number;
  readonly minMax: MinMax | undefined;
}

interface RowGroupMeta {
  readonly chunks: readonly ChunkMeta[];
  readonly numRows: number;
}

/** Rows (normalized to `rowType`, which must be flat) as one Parquet file compressed with `codec`. */
export function writeFlatParquet(
  rowType: RowType,
  rows: readonly Row[],
  codec: FlatParquetCodec,
  layout: FlatParquetLayout = DEFAULT_FLAT_LAYOUT,
): Uint8Array {
  const leaves = requireFlatLeaves(rowType);
  return writeFlatFile(leaves, rows.length, codec, layout, (leaf, _, start, end) => {
    return new RowColumnChunk(leaf, rows, start, end);
  });
}

/** The leaves of a flat `rowType`; UnsupportedTypeError for a nested one. */
export function requireFlatLeaves(rowType: RowType): readonly FlatLeaf[] {
  const leaves = flatLeaves(rowType);
  if (!leaves)
    throw new UnsupportedTypeError('the flat Parquet writer takes no ARRAY, MAP, MULTISET or ROW field');
  return leaves;
}

/**
 * The values of one column chunk (one column's rows of one row group), page by page: from rows
 * (`RowColumnChunk`) or from Arrow vectors (parquet-flat-arrow.ts). Both must encode the same values the
 * same way: the file's bytes may not depend on the input's form.
 */
export interface ColumnChunkValues {
  /**
   * Encodes the next data page: the PLAIN values of its non-null rows appended to `values`, one definition
   * level per row (1 value, 0 null) into `levels` from index 0. The page ends after `maxRows` rows, at the
   * end of the chunk, or at the first row reached when `values` holds `maxBytes` bytes or more (checked
   * before each row, null rows too). Returns its number of rows.
   */
  nextPage(values: ByteSink, levels: Uint8Array, maxRows: number, maxBytes: number): number;
  /** Null rows encoded so far. */
  readonly nullCount: number;
  /** Statistics of the values encoded so far (see ValueEncoder.minMax). */
  minMax(): MinMax | undefined;
}

/** `leaf`'s values for rows [start, end) of the file; `column` is the leaf's index. */
export type ColumnChunkSource = (
  leaf: FlatLeaf,
  column: number,
  start: number,
  end: number,
) => ColumnChunkValues;

/** One Parquet file of `numRows` rows of `leaves`, each column chunk's values from `source`. */
export function writeFlatFile(
  leaves: readonly FlatLeaf[],
  numRows: number,
  codec: FlatParquetCodec,
  layout: FlatParquetLayout,
  source: ColumnChunkSource,
): Uint8Array {
  const scratch = takeScratch(layout.pageRows);
  try {
    const { out } = scratch;
    out.reset();
    out.append(MAGIC);
    const groups: RowGroupMeta[] = [];
    for (let start = 0; start < numRows; start += layout.rowGroupRows) {
      const end = Math.min(start + layout.rowGroupRows, numRows);
      const chunks = leaves.map((leaf, column) =>
        writeColumnChunk(scratch, layout, leaf, source(leaf, column, start, end), end - start, codec),
      );
      groups.push({ chunks, numRows: end - start });
    }
    const footerStart = out.length;
    writeFooter(new CompactWriter(out), leaves, groups, numRows, CODEC_IDS[codec]);
    out.int32(out.length - footerStart);
    out.append(MAGIC);
    return out.bytes().slice(); // a buffer of its own, not the scratch one
  } finally {
    releaseScratch(scratch);
  }
}

/** A column chunk's values from row objects, through the leaf's ValueEncoder. */
class RowColumnChunk implements ColumnChunkValues {
  nullCount = 0;
  private readonly encoder: ValueEncoder;
  private readonly name: string;
  private readonly optional: boolean;
  private row: number;

  constructor(
    leaf: FlatLeaf,
    private readonly rows: readonly Row[],
    start: number,
    private readonly end: number,
  ) {
    this.encoder = leaf.newEncoder();
    this.name = leaf.field.name;
    this.optional = leaf.field.type.nullable;
    this.row = start;
  }

  nextPage(values: ByteSink, levels: Uint8Array, maxRows: number, maxBytes: number): number {
    const { rows, end, name, encoder } = this;
    let row = this.row;
    let count = 0;
    while (row < end && count < maxRows && values.length < maxBytes) {
      const value = rows[row]![name];
      if (value === null || value === undefined) {
        if (!this.optional) throw notNullViolation(name);
        levels[count] = 0;
        this.nullCount++;
      } else {
        levels[count] = 1;
        encoder.put(values, value);
      }
      count++;
      row++;
    }
    this.row = row;
    encoder.endPage(values);
    return count;
  }

  minMax(): MinMax | undefined {
    return this.encoder.minMax();
  }
}

/** A null in a NOT NULL column, whichever the input. */
export function notNullViolation(name: string): SchemaMismatchError {
  return new SchemaMismatchError(`Field '${name}' is NOT NULL but the value is null`);
}

/**
 * Buffers reused from file to file (allocating them per file was a fifth of the time of a tiny file).
 * Writing is synchronous, so one set serves every call; a set grown past RETAINED_BYTES by a big file is
 * dropped rather than kept for the life of the process.
 */
interface Scratch {
  readonly out: ByteSink;
  readonly values: ByteSink;
  readonly body: ByteSink;
  readonly levels: Uint8Array;
}

const RETAINED_BYTES = 4 << 20;
let idle: Scratch | undefined;

function takeScratch(pageRows: number): Scratch {
  const reusable = idle && idle.levels.length >= pageRows ? idle : undefined;
  idle = undefined; // a nested call (none today) would get a set of its own
  return (
    reusable ?? {
      out: new ByteSink(4096),
      values: new ByteSink(1024),
      body: new ByteSink(1024),
      levels: new Uint8Array(pageRows),
    }
  );
}

function releaseScratch(scratch: Scratch): void {
  const retained = scratch.out.capacity + scratch.values.capacity + scratch.body.capacity;
  if (retained <= RETAINED_BYTES) idle = scratch;
}

function writeColumnChunk(
  scratch: Scratch,
  layout: FlatParquetLayout,
  leaf: FlatLeaf,
  source: ColumnChunkValues,
  numValues: number,
  codec: FlatParquetCodec,
): ChunkMeta {
  const { out, values, body, levels } = scratch;
  const optional = leaf.field.type.nullable;
  const compress = COMPRESS[codec];
  const dataPageOffset = out.length;
  let pages = 0;
  let uncompressedSize = 0;
  let compressedSize = 0;
  for (let row = 0; row < numValues; ) {
    values.reset();
    const count = source.nextPage(values, levels, layout.pageRows, layout.pageValueBytes);
    row += count;
    // Data page v1: [definition levels: 4-byte length + RLE hybrid, OPTIONAL columns only] values.
    let page = values.bytes();
    if (optional) {
      body.reset();
      body.int32(0);
      writeRleHybrid(body, levels, count, 1);
      body.setUint32(0, body.length - 4);
      body.append(page);
      page = body.bytes();
    }
    const compressed = compress(page);
    const headerStart = out.length;
    writePageHeader(new CompactWriter(out), count, page.length, compressed.length);
    const headerLength = out.length - headerStart;
    out.append(compressed);
    uncompressedSize += headerLength + page.length;
    compressedSize += headerLength + compressed.length;
    pages++;
  }
  return {
    leaf,
    numValues,
    pages,
    dataPageOffset,
    uncompressedSize,
    compressedSize,
    nullCount: source.nullCount,
    minMax: source.minMax(),
  };
}

/** PageHeader: 1 type, 2 uncompressed_page_size, 3 compressed_page_size, 5 data_page_header
 * (1 num_values, 2 encoding, 3 definition_level_encoding, 4 repetition_level_encoding). */
function writePageHeader(w: CompactWriter, count: number, uncompressed: number, compressed: number): void {
  w.beginMessage();
  w.i32(1, PAGE_TYPE_DATA_PAGE);
  w.i32(2, uncompressed);
  w.i32(3, compressed);
  w.beginStruct(5);
  w.i32(1, count);
  w.i32(2, ENCODING_PLAIN);
  w.i32(3, ENCODING_RLE);
  w.i32(4, ENCODING_RLE);
  w.end();
  w.end();
}

const utf8 = new TextEncoder();
const ROOT_NAME = utf8.encode('arrow_schema');
const CREATED_BY = utf8.encode(FLAT_WRITER_CREATED_BY);

/** FileMetaData: 1 version, 2 schema, 3 num_rows, 4 row_groups, 6 created_by, 7 column_orders. */
function writeFooter(
  w: CompactWriter,
  leaves: readonly FlatLeaf[],
  groups: readonly RowGroupMeta[],
  numRows: number,
  codec: number,
): void {
  w.beginMessage();
  w.i32(1, 1);
  w.beginList(2, TType.STRUCT, leaves.length + 1);
  w.beginElementStruct();
  w.binary(4, ROOT_NAME);
  w.i32(5, leaves.length);
  w.end();
  for (const leaf of leaves) {
    w.beginElementStruct();
    leaf.writeSchemaElement(w);
    w.end();
  }
  w.i64(3, numRows);
  w.beginList(4, TType.STRUCT, groups.length);
  groups.forEach((group, ordinal) => {
    writeRowGroup(w, group, ordinal, codec);
  });
  w.binary(6, CREATED_BY);
  // TypeDefinedOrder for every column, as parquet-wasm writes (parquet-java reads INT96's as undefined).
  w.beginList(7, TType.STRUCT, leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    w.beginElementStruct();
    w.emptyStruct(1);
    w.end();
  }
  w.end();
}

/** RowGroup: 1 columns, 2 total_byte_size (uncompressed), 3 num_rows, 5 file_offset,
 * 6 total_compressed_size, 7 ordinal. */
function writeRowGroup(w: CompactWriter, group: RowGroupMeta, ordinal: number, codec: number): void {
  w.beginElementStruct();
  w.beginList(1, TType.STRUCT, group.chunks.length);
  let uncompressed = 0;
  let compressed = 0;
  for (const chunk of group.chunks) {
    writeColumnChunkMeta(w, chunk, codec);
    uncompressed += chunk.uncompressedSize;
    compressed += chunk.compressedSize;
  }
  w.i64(2, uncompressed);
  w.i64(3, group.numRows);
  w.i64(5, group.chunks[0]?.dataPageOffset ?? 0);
  w.i64(6, compressed);
  w.i16(7, ordinal);
  w.end();
}

/** ColumnChunk: 2 file_offset (required, deprecated: 0 as arrow-rs writes), 3 meta_data: 1 type,
 * 2 encodings, 3 path_in_schema, 4 codec, 5 num_values, 6 total_uncompressed_size, 7 total_compressed_size,
 * 9 data_page_offset, 12 statistics, 13 encoding_stats. */
function writeColumnChunkMeta(w: CompactWriter, chunk: ChunkMeta, codec: number): void {
  const { leaf } = chunk;
  w.beginElementStruct();
  w.i64(2, 0);
  w.beginStruct(3);
  w.i32(1, leaf.physical);
  w.beginList(2, TType.I32, 2);
  w.elementI32(ENCODING_PLAIN);
  w.elementI32(ENCODING_RLE);
  w.beginList(3, TType.BINARY, 1);
  w.elementBinary(leaf.name);
  w.i32(4, codec);
  w.i64(5, chunk.numValues);
  w.i64(6, chunk.uncompressedSize);
  w.i64(7, chunk.compressedSize);
  w.i64(9, chunk.dataPageOffset);
  if (leaf.order !== 'none') writeStatistics(w, chunk, leaf.order === 'signed');
  // PageEncodingStats: 1 page_type, 2 encoding, 3 count.
  w.beginList(13, TType.STRUCT, 1);
  w.beginElementStruct();
  w.i32(1, PAGE_TYPE_DATA_PAGE);
  w.i32(2, ENCODING_PLAIN);
  w.i32(3, chunk.pages);
  w.end();
  w.end();
  w.end();
}

/**
 * Statistics: 1 max, 2 min (deprecated, signed order: only for signed types, as arrow-rs writes them for
 * old readers), 3 null_count, 5 max_value, 6 min_value, 7 is_max_value_exact, 8 is_min_value_exact.
 */
function writeStatistics(w: CompactWriter, chunk: ChunkMeta, signed: boolean): void {
  const { minMax } = chunk;
  w.beginStruct(12);
  if (minMax && signed) {
    w.binary(1, minMax.max);
    w.binary(2, minMax.min);
  }
  w.i64(3, chunk.nullCount);
  if (minMax) {
    w.binary(5, minMax.max);
    w.binary(6, minMax.min);
  }
  w.bool(7, minMax?.maxExact ?? false);
  w.bool(8, minMax?.minExact ?? false);
  w.end();
}
