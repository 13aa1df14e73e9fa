import * as arrow from 'apache-arrow';
import type { DataType, RowType } from '../spec/data-types.js';
import { arrowToRows, findField } from './arrow-rows.js';
import { timeUnitOf } from './arrow-schema.js';
import type { ByteSink } from './byte-sink.js';
import { type ArrowPart, type ArrowValueEncoder, arrowValueEncoder } from './parquet-arrow-encoders.js';
import type { FlatLeaf } from './parquet-flat-columns.js';
import {
  type ColumnChunkValues,
  DEFAULT_FLAT_LAYOUT,
  type FlatParquetCodec,
  type FlatParquetLayout,
  notNullViolation,
  requireFlatLeaves,
  writeFlatFile,
  writeFlatParquet,
} from './parquet-flat-writer.js';
import type { MinMax } from './parquet-value-encoders.js';

/**
 * The flat Parquet writer (parquet-flat-writer.ts) fed straight from an Arrow table: each column's PLAIN
 * values, definition levels and statistics come from its Arrow buffers (values, validity bitmap, offsets),
 * batch by batch, with no row objects (issue 14: turning a table into rows first cost more than
 * parquet-wasm above ~1,000 rows). The file is byte-identical to `writeFlatParquet` on
 * `arrowToRows(table, rowType)`: columns are found as `arrowToRows` finds them (by name, else by field id;
 * absent ones are null) and each value is encoded as the row path encodes the value `arrowToRows` makes of
 * it. Columns whose Arrow type is not the one arrow-schema.ts maps the Paimon type to (what
 * `TableWrite.writeArrow` conforms its input to), and text columns whose bytes are not well-formed UTF-8
 * (which `arrowToRows` would replace with U+FFFD), go through rows instead: the same bytes, slower.
 */
export function writeFlatParquetArrow(
  rowType: RowType,
  table: arrow.Table,
  codec: FlatParquetCodec,
  layout: FlatParquetLayout = DEFAULT_FLAT_LAYOUT,
): Uint8Array {
  const leaves = requireFlatLeaves(rowType);
  const columns = arrowColumns(leaves, table);
  if (!columns) return writeFlatParquet(rowType, arrowToRows(table, rowType), codec, layout);
  return writeFlatFile(leaves, table.numRows, codec, layout, (leaf, column, start, end) => {
    return new ArrowColumnChunk(columns[column]!, arrowValueEncoder(leaf), start, end);
  });
}

/** Whether `writeFlatParquetArrow` encodes `table` from its buffers (else it goes through rows). */
export function writesArrowDirectly(rowType: RowType, table: arrow.Table): boolean {
  return arrowColumns(requireFlatLeaves(rowType), table) !== undefined;
}

/**
 * Each leaf's column as one part per record batch, or undefined when some column must go through rows.
 * A NOT NULL column with a null fails here, as the row path fails on it.
 */
function arrowColumns(leaves: readonly FlatLeaf[], table: arrow.Table): ArrowPart[][] | undefined {
  const fields = table.schema.fields;
  const columns: ArrowPart[][] = [];
  for (const leaf of leaves) {
    const { field } = leaf;
    const index = findField(fields, field);
    if (index >= 0 && !encodable(field.type, fields[index]!.type)) return undefined;
    const text = field.type.root === 'CHAR' || field.type.root === 'VARCHAR';
    const parts: ArrowPart[] = [];
    for (const batch of table.batches) {
      const data = index < 0 ? undefined : batch.data.children[index];
      const part = data ? partOf(data) : allNull(batch.numRows);
      if (part.length === 0) continue;
      if (!field.type.nullable && part.validity !== undefined && hasNull(part))
        throw notNullViolation(field.name);
      if (text && !wellFormedText(part)) return undefined;
      parts.push(part);
    }
    columns.push(parts);
  }
  return columns;
}

/** Whether the values of Arrow type `t` encode directly as those of `type` (arrow-schema.ts's mapping). */
function encodable(type: DataType, t: arrow.DataType): boolean {
  if (t.typeId === arrow.Type.Null) return true; // all null, as arrowToRows reads it
  const int = (bitWidth: number) =>
    t.typeId === arrow.Type.Int && (t as arrow.Int).bitWidth === bitWidth && (t as arrow.Int).isSigned;
  const float = (precision: arrow.Precision) =>
    t.typeId === arrow.Type.Float && (t as arrow.Float).precision === precision;
  switch (type.root) {
    case 'BOOLEAN':
      return t.typeId === arrow.Type.Bool;
    case 'TINYINT':
      return int(8);
    case 'SMALLINT':
      return int(16);
    case 'INT':
      return int(32);
    case 'BIGINT':
      return int(64);
    case 'FLOAT':
      return float(arrow.Precision.SINGLE);
    case 'DOUBLE':
      return float(arrow.Precision.DOUBLE);
    case 'DECIMAL': {
      const d = t as arrow.Decimal;
      return t.typeId === arrow.Type.Decimal && d.bitWidth === 128 && d.scale === type.scale;
    }
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return t.typeId === arrow.Type.Utf8 || t.typeId === arrow.Type.Binary;
    case 'DATE':
      return t.typeId === arrow.Type.Date && (t as arrow.Date_).unit === arrow.DateUnit.DAY;
    case 'TIME':
      return (
        t.typeId === arrow.Type.Time &&
        (t as arrow.Time).unit === arrow.TimeUnit.MILLISECOND &&
        (t as arrow.Time).bitWidth === 32
      );
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return t.typeId === arrow.Type.Timestamp && (t as arrow.Timestamp).unit === timeUnitOf(type.precision);
    default:
      return false;
  }
}

/**
 * One batch's column: its values buffer (fixed-width buffers of a sliced Data are sliced already; the
 * bits of a BOOLEAN column and the validity bitmap start at `bit`), offsets, and validity. Which rows are
 * null follows `arrowToRows`: no bitmap means all valid, unless the null count is the length.
 */
function partOf(data: arrow.Data): ArrowPart {
  const length = data.length;
  if (data.typeId === arrow.Type.Null) return allNull(length);
  const nullCount = data.nullCount;
  const bitmap = nullCount === 0 ? undefined : data.nullBitmap;
  const empty = bitmap === undefined || bitmap.length === 0;
  if (empty && nullCount !== 0 && nullCount === length) return allNull(length);
  return {
    length,
    bit: data.offset,
    validity: empty ? undefined : bitmap,
    values: data.values as ArrowPart['values'],
    offsets: data.valueOffsets as Int32Array | undefined,
  };
}

function allNull(length: number): ArrowPart {
  return { length, bit: 0, validity: new Uint8Array(Math.ceil(length / 8)), values: undefined };
}

function hasNull(part: ArrowPart): boolean {
  const bits = part.validity!;
  for (let i = part.bit; i < part.bit + part.length; i++)
    if (((bits[i >> 3]! >> (i & 7)) & 1) === 0) return true;
  return false;
}

// `fatal`: throws where Buffer#toString (arrowToRows) would put U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether every value of a text part is well-formed UTF-8 (so that decoding and re-encoding it, as the
 * row path does, gives back its bytes): the bytes all values span decode strictly, and no value starts
 * inside a character (a value cut inside one would make the next start with a continuation byte).
 */
function wellFormedText(part: ArrowPart): boolean {
  const { offsets, length } = part;
  const bytes = part.values as Uint8Array | undefined;
  if (!offsets || !bytes) return true; // all null
  const first = offsets[0]!;
  const last = offsets[length]!;
  if (isAscii(bytes, first, last)) return true;
  for (let i = 1; i < length; i++) {
    const at = offsets[i]!;
    if (at < last && (bytes[at]! & 0xc0) === 0x80) return false;
  }
  try {
    strictUtf8.decode(bytes.subarray(first, last));
    return true;
  } catch {
    return false;
  }
}

/** Whether `bytes[start, end)` are all below 0x80; four at a time where they are 4-byte aligned. */
function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) if (bytes[i++]! >= 0x80) return false;
  const words = Math.floor((end - i) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = 0; w < words; w++) if ((view[w]! & 0x80808080) !== 0) return false;
  }
  for (i += words * 4; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Rows [start, end) of a column of parts, page by page. */
class ArrowColumnChunk implements ColumnChunkValues {
  private part = 0;
  private index: number;
  private left: number;

  constructor(
    private readonly parts: readonly ArrowPart[],
    private readonly encoder: ArrowValueEncoder,
    start: number,
    end: number,
  ) {
    let skip = start;
    while (this.part < parts.length && skip >= parts[this.part]!.length) skip -= parts[this.part++]!.length;
    this.index = skip;
    this.left = end - start;
  }

  get nullCount(): number {
    return this.encoder.nullCount;
  }

  nextPage(values: ByteSink, levels: Uint8Array, maxRows: number, maxBytes: number): number {
    let count = 0;
    while (this.left > 0 && count < maxRows && values.length < maxBytes) {
      const part = this.parts[this.part]!;
      const to = Math.min(part.length, this.index + (maxRows - count), this.index + this.left);
      const n = this.encoder.put(values, levels, count, part, this.index, to, maxBytes);
      count += n;
      this.left -= n;
      this.index += n;
      if (this.index === part.length) {
        this.part++;
        this.index = 0;
      }
    }
    this.encoder.endPage(values);
    return count;
  }

  minMax(): MinMax | undefined {
    return this.encoder.minMax();
  }
}
