import snappy from 'snappyjs';
import type { DataField, RowType } from '../spec/data-types.js';
import type { Row } from '../spec/values.js';
import { zstdDecompressSized } from './compression/zstd-codec.js';
import {
  Codec,
  type ColumnChunkMeta,
  Encoding,
  type FileMeta,
  PageType,
  ParquetCorruption,
  ParquetFallback,
  readFileMeta,
  readPageHeader,
  readUint32,
  type TopField,
} from './parquet-metadata.js';
import { readHybrid } from './parquet-rle.js';
import { type ColumnConversion, conversionFor, decodePlain } from './parquet-values.js';

/**
 * A Parquet reader in TypeScript for flat files: every column read is a top-level primitive (required or
 * optional), pages v1 and v2, encodings PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY and RLE (booleans), codecs
 * UNCOMPRESSED, SNAPPY and ZSTD. It exists for speed: a streaming checkpoint writes files of a few rows, and
 * the parquet-wasm path (wasm decode → Arrow IPC → Arrow JS → rows) costs ~0.7 ms for each; this one reads
 * such a file in a small fraction of that (bench/results/parquet-readers.md).
 *
 * It returns what `parquetFormat.read` returned through parquet-wasm, value for value: the same column
 * resolution as `readParquetColumns` (by name, else by Parquet field id; missing columns null; projection
 * order) and the same conversions (parquet-values.ts). Whatever it does not implement — nested columns,
 * other encodings or codecs, annotations without an exact mapping — throws ParquetFallback, and bytes that
 * are not valid Parquet throw ParquetCorruption; the caller then reads the file with parquet-wasm, which
 * either reads it or reports it corrupt, so the outcome is always what it was before this reader.
 */
export function readFlatParquet(bytes: Uint8Array, rowType: RowType): Row[] {
  const meta = readFileMeta(bytes);
  const n = meta.numRows;
  const total = meta.rowGroups.reduce((sum, g) => sum + g.numRows, 0);
  if (total !== n) throw new ParquetCorruption(`row groups hold ${total} rows, the footer says ${n}`);

  // The file column of each Paimon field (readParquetColumns / findField: by name, else by field id).
  const columns = new Map<TopField, unknown[]>();
  const values = rowType.fields.map((f) => {
    const source = sourceOf(meta.fields, f);
    if (!source) return undefined;
    let column = columns.get(source);
    if (!column) {
      column = readColumn(bytes, meta, source, conversionFor(source, f.type, meta.arrowSchemaHint));
      columns.set(source, column);
    }
    return column;
  });

  // Rows are copies of one all-null template (V8 clones its layout), then filled column by column.
  const template: Row = {};
  for (const f of rowType.fields) template[f.name] = null;
  const rows = new Array<Row>(n);
  for (let r = 0; r < n; r++) rows[r] = { ...template };
  rowType.fields.forEach((f, c) => {
    const column = values[c];
    if (!column) return;
    const name = f.name;
    for (let r = 0; r < n; r++) rows[r]![name] = column[r];
  });
  return rows;
}

function sourceOf(fields: readonly TopField[], field: DataField): TopField | undefined {
  return fields.find((f) => f.name === field.name) ?? fields.find((f) => f.fieldId === field.id);
}

/** One column over all row groups, as value-model values (null where null). */
function readColumn(
  bytes: Uint8Array,
  meta: FileMeta,
  field: TopField,
  conversion: ColumnConversion,
): unknown[] {
  const out = new Array<unknown>(meta.numRows);
  let at = 0;
  for (const group of meta.rowGroups) {
    const chunk = group.columns[field.column]!;
    if (chunk.numValues !== group.numRows)
      throw new ParquetCorruption(
        `column '${field.name}' has ${chunk.numValues} values in a row group of ${group.numRows} rows`,
      );
    readChunk(bytes, meta, chunk, field, conversion, out, at);
    at += group.numRows;
  }
  return out;
}

function readChunk(
  bytes: Uint8Array,
  meta: FileMeta,
  chunk: ColumnChunkMeta,
  field: TopField,
  conversion: ColumnConversion,
  out: unknown[],
  outStart: number,
): void {
  const end = chunk.start + chunk.length;
  if (chunk.start < 4 || end > meta.footerStart)
    throw new ParquetCorruption(`column '${field.name}' chunk [${chunk.start}, ${end}) is outside the data`);
  let dictionary: unknown[] | undefined;
  let read = 0;
  let pos = chunk.start;
  while (read < chunk.numValues) {
    if (pos >= end) throw new ParquetCorruption(`column '${field.name}' ends after ${read} values`);
    const page = readPageHeader(bytes, pos, end);
    const dataEnd = page.dataStart + page.compressedSize;
    if (dataEnd > end) throw new ParquetCorruption(`a page of column '${field.name}' runs past its chunk`);
    pos = dataEnd;
    switch (page.type) {
      case PageType.DICTIONARY_PAGE: {
        if (page.encoding !== Encoding.PLAIN && page.encoding !== Encoding.PLAIN_DICTIONARY)
          throw new ParquetFallback(`dictionary page encoding ${page.encoding}`);
        const data = decompress(chunk.codec, bytes.subarray(page.dataStart, dataEnd), page.uncompressedSize);
        dictionary = new Array<unknown>(page.numValues);
        decodePlain(data, viewOf(data), 0, data.length, page.numValues, conversion, dictionary, 0);
        break;
      }
      case PageType.DATA_PAGE:
      case PageType.DATA_PAGE_V2: {
        const count = page.numValues;
        if (read + count > chunk.numValues)
          throw new ParquetCorruption(`column '${field.name}' has more values than its chunk says`);
        let data: Uint8Array;
        let levels: Uint8Array | undefined;
        let valuesAt: number;
        if (page.type === PageType.DATA_PAGE) {
          data = decompress(chunk.codec, bytes.subarray(page.dataStart, dataEnd), page.uncompressedSize);
          valuesAt = 0;
          if (field.optional) {
            if (page.definitionEncoding !== Encoding.RLE)
              throw new ParquetFallback(`definition level encoding ${page.definitionEncoding}`);
            if (data.length < 4) throw new ParquetCorruption('data page shorter than its level length');
            const length = readUint32(data, 0);
            if (4 + length > data.length) throw new ParquetCorruption('definition levels run past the page');
            levels = new Uint8Array(count);
            readHybrid(data, 4, 4 + length, 1, count, levels);
            valuesAt = 4 + length;
          }
        } else {
          const levelBytes = page.repetitionLength + page.definitionLength;
          if (page.repetitionLength !== 0) throw new ParquetFallback('repetition levels in a flat column');
          if (levelBytes > page.compressedSize) throw new ParquetCorruption('levels run past the page');
          if (field.optional) {
            levels = new Uint8Array(count);
            readHybrid(bytes, page.dataStart, page.dataStart + page.definitionLength, 1, count, levels);
          }
          const body = bytes.subarray(page.dataStart + levelBytes, dataEnd);
          data = page.compressed ? decompress(chunk.codec, body, page.uncompressedSize - levelBytes) : body;
          valuesAt = 0;
        }
        let present = count;
        if (levels) {
          present = 0;
          for (let i = 0; i < count; i++) if (levels[i] === 1) present++;
        }
        const at = outStart + read;
        decodeValues(data, valuesAt, page.encoding, present, conversion, dictionary, out, at);
        if (levels && present < count) spreadNulls(levels, count, present, out, at);
        read += count;
        break;
      }
      default:
        break; // index pages and page types added later carry no values
    }
  }
}

function decodeValues(
  data: Uint8Array,
  at: number,
  encoding: number,
  count: number,
  conversion: ColumnConversion,
  dictionary: unknown[] | undefined,
  out: unknown[],
  outAt: number,
): void {
  switch (encoding) {
    case Encoding.PLAIN:
      decodePlain(data, viewOf(data), at, data.length, count, conversion, out, outAt);
      return;
    case Encoding.PLAIN_DICTIONARY:
    case Encoding.RLE_DICTIONARY: {
      if (!dictionary) throw new ParquetCorruption('dictionary-encoded page without a dictionary page');
      if (count === 0) return;
      if (at >= data.length) throw new ParquetCorruption('dictionary page data without a bit width');
      const indices = new Uint32Array(count);
      readHybrid(data, at + 1, data.length, data[at]!, count, indices);
      const size = dictionary.length;
      for (let i = 0; i < count; i++) {
        const index = indices[i]!;
        if (index >= size) throw new ParquetCorruption(`dictionary index ${index} of ${size} entries`);
        out[outAt + i] = dictionary[index];
      }
      if (conversion.bytesOut)
        for (let i = 0; i < count; i++) out[outAt + i] = (out[outAt + i] as Uint8Array).slice();
      return;
    }
    case Encoding.RLE: {
      // RLE booleans (data page v2 as arrow-rs writes them): a 4-byte length, then 1-bit runs.
      if (conversion.physical !== 0)
        throw new ParquetFallback(`RLE encoding of physical type ${conversion.physical}`);
      if (at + 4 > data.length) throw new ParquetCorruption('RLE booleans without their length');
      const length = readUint32(data, at);
      if (at + 4 + length > data.length) throw new ParquetCorruption('RLE booleans run past the page');
      const bits = new Uint8Array(count);
      readHybrid(data, at + 4, at + 4 + length, 1, count, bits);
      const convert = conversion.convert as (raw: boolean) => unknown;
      for (let i = 0; i < count; i++) out[outAt + i] = convert(bits[i] === 1);
      return;
    }
    default:
      throw new ParquetFallback(`value encoding ${encoding}`);
  }
}

/** Moves the `present` values at out[at..at+present) to the rows whose level is 1, nulls elsewhere. */
function spreadNulls(levels: Uint8Array, count: number, present: number, out: unknown[], at: number): void {
  let from = at + present - 1;
  for (let i = count - 1; i >= 0; i--) {
    if (levels[i] === 1) out[at + i] = out[from--];
    else if (levels[i] === 0) out[at + i] = null;
    else throw new ParquetCorruption(`definition level ${levels[i]} in a flat column`);
  }
}

function viewOf(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

function decompress(codec: number, data: Uint8Array, size: number): Uint8Array {
  let out: Uint8Array;
  switch (codec) {
    case Codec.UNCOMPRESSED:
      out = data;
      break;
    case Codec.ZSTD:
      // No output buffer: fzstd compares it with `== 1`, which turns a typed array into a string (slow).
      out = size === 0 ? new Uint8Array(0) : zstdDecompressSized(data, size);
      break;
    case Codec.SNAPPY:
      out = snappy.uncompress(data, size);
      break;
    default:
      // GZIP would need node:zlib (not in a browser); LZ4, BROTLI, LZO have no decoder here.
      throw new ParquetFallback(`compression codec ${codec}`);
  }
  if (out.length !== size)
    throw new ParquetCorruption(`a page decompresses to ${out.length} bytes, its header says ${size}`);
  return out;
}
