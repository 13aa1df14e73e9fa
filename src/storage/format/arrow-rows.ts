import * as arrow from 'apache-arrow';
import { ArrowConversionError } from '../errors.js';
import type { DataField, DataType, RowType } from '../spec/data-types.js';
import { decimalFromUnscaled, decimalToUnscaled, type Row, Timestamp } from '../spec/values.js';
import { FIELD_ID_KEY, mapParts, toArrowSchema } from './arrow-schema.js';

/**
 * Conversion between rows (the value model of values.ts) and Arrow tables, exact at every nesting level:
 * 64-bit integers stay bigint, decimals go through their unscaled 128-bit integer, timestamps keep their
 * sub-millisecond digits. Columns are built straight into Arrow buffers (no Arrow builders: they take
 * timestamps as JS numbers of milliseconds and dates as milliseconds, which loses digits).
 */

/** Rows (normalized to `rowType`) → one Arrow table with one record batch. */
export function rowsToArrow(rowType: RowType, rows: readonly Row[]): arrow.Table {
  return columnsToArrow(
    rowType,
    rowType.fields.map((f) => rows.map((r) => r[f.name] ?? null)),
    rows.length,
  );
}

/**
 * Columns → one Arrow table with one record batch laid out as `toArrowSchema(rowType)`, as `rowsToArrow`
 * builds it: each column the values of one field (normalized, null where null), or Arrow data already of
 * the field's Arrow type (writers that hold a column as a typed array, or gather it from other tables).
 */
export function columnsToArrow(
  rowType: RowType,
  columns: readonly (readonly unknown[] | arrow.Data)[],
  length: number,
): arrow.Table {
  const schema = toArrowSchema(rowType);
  const children = rowType.fields.map((f, i) => {
    const column = columns[i]!;
    return column instanceof arrow.Data ? column : columnData(f.type, schema.fields[i]!.type, column);
  });
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

/** Arrow table → rows: columns by Paimon field name, else by `PARQUET:field_id`; absent columns are null. */
export function arrowToRows(table: arrow.Table, rowType: RowType): Row[] {
  const rows: Row[] = Array.from({ length: table.numRows }, () => ({}));
  for (const field of rowType.fields) {
    const index = findField(table.schema.fields, field);
    if (index < 0) {
      for (const row of rows) row[field.name] = null;
      continue;
    }
    let at = 0;
    for (const batch of table.batches) {
      const values = readColumn(field.type, batch.data.children[index]!);
      for (const v of values) rows[at++]![field.name] = v;
    }
  }
  return rows;
}

/** The value of row `index` of one Arrow column, in the value model of `type` (null where null). */
export function valueAt(type: DataType, data: arrow.Data, index: number): unknown {
  return readColumn(type, data.slice(index, 1))[0] ?? null;
}

/** Index of the Arrow field holding a Paimon field: same name, else same field id; -1 if none. */
export function findField(fields: readonly arrow.Field[], field: DataField): number {
  const byName = fields.findIndex((f) => f.name === field.name);
  if (byName >= 0) return byName;
  const id = String(field.id);
  return fields.findIndex((f) => f.metadata.get(FIELD_ID_KEY) === id);
}

// ---------------------------------------------------------------------------------------------------------
// Rows → Arrow

type MakeDataProps = Parameters<typeof arrow.makeData>[0];

function columnData(type: DataType, arrowType: arrow.DataType, values: readonly unknown[]): arrow.Data {
  const length = values.length;
  let nullCount = 0;
  for (const v of values) if (v === null || v === undefined) nullCount++;
  const nullBitmap = nullCount === 0 ? undefined : validity(values);
  const base = { type: arrowType, length, nullCount, nullBitmap };
  const make = (props: object) => arrow.makeData({ ...base, ...props } as MakeDataProps);
  const fill = <T>(data: { [i: number]: T; length: number }, zero: T, f = (v: unknown) => v as T) => {
    for (let i = 0; i < length; i++) {
      const v = values[i];
      data[i] = v === null || v === undefined ? zero : f(v);
    }
    return make({ data });
  };
  switch (type.root) {
    case 'BOOLEAN': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3]! |= 1 << (i & 7);
      });
      return make({ data: bits });
    }
    case 'TINYINT':
      return fill(new Int8Array(length), 0);
    case 'SMALLINT':
      return fill(new Int16Array(length), 0);
    case 'INT':
    case 'DATE': // date32[day]: the day number itself
    case 'TIME': // time32[ms]
      return fill(new Int32Array(length), 0);
    case 'BIGINT':
      return fill(new BigInt64Array(length), 0n);
    case 'FLOAT':
      return fill(new Float32Array(length), 0);
    case 'DOUBLE':
      return fill(new Float64Array(length), 0);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const unit = (arrowType as arrow.Timestamp).unit;
      return fill(new BigInt64Array(length), 0n, (v) => timestampIn(unit, v as Timestamp));
    }
    case 'DECIMAL': {
      const words = new Uint32Array(length * 4);
      values.forEach((v, i) => {
        if (v !== null && v !== undefined) writeDecimal(words, i, v as string, type.scale);
      });
      return make({ data: words });
    }
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY': {
      const { offsets, bytes } = packVariableWidth(values);
      return make({ valueOffsets: offsets, data: bytes });
    }
    case 'ARRAY': {
      const offsets = new Int32Array(length + 1);
      const elements: unknown[] = [];
      values.forEach((v, i) => {
        if (v !== null && v !== undefined) for (const x of v as unknown[]) elements.push(x);
        offsets[i + 1] = elements.length;
      });
      const childType = (arrowType as arrow.List).children[0]!.type;
      return make({ valueOffsets: offsets, child: columnData(type.element, childType, elements) });
    }
    case 'MAP':
    case 'MULTISET': {
      const { key, value } = mapParts(type);
      const offsets = new Int32Array(length + 1);
      const keys: unknown[] = [];
      const items: unknown[] = [];
      values.forEach((v, i) => {
        if (v !== null && v !== undefined)
          for (const [k, x] of v as Map<unknown, unknown>) {
            keys.push(k);
            items.push(x);
          }
        offsets[i + 1] = keys.length;
      });
      const entriesType = (arrowType as arrow.Map_).children[0]!.type as arrow.Struct;
      const [keyField, valueField] = entriesType.children as [arrow.Field, arrow.Field];
      const entries = arrow.makeData({
        type: entriesType,
        length: keys.length,
        nullCount: 0,
        children: [columnData(key, keyField.type, keys), columnData(value, valueField.type, items)],
      });
      return make({ valueOffsets: offsets, child: entries });
    }
    case 'ROW': {
      const fields = (arrowType as arrow.Struct).children;
      const children = type.fields.map((f, i) =>
        columnData(
          f.type,
          fields[i]!.type,
          values.map((v) => (v === null || v === undefined ? null : ((v as Row)[f.name] ?? null))),
        ),
      );
      return make({ children });
    }
  }
}

const utf8 = new TextEncoder();

/** Strings or byte arrays as Arrow's offsets + one data buffer, encoded in a single pass. */
function packVariableWidth(values: readonly unknown[]): { offsets: Int32Array; bytes: Uint8Array } {
  let capacity = 0;
  for (const v of values) {
    if (typeof v === 'string') capacity += v.length * 3;
    else if (v instanceof Uint8Array) capacity += v.length;
  }
  const bytes = new Uint8Array(capacity);
  const offsets = new Int32Array(values.length + 1);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') at += utf8.encodeInto(v, bytes.subarray(at)).written;
    else if (v instanceof Uint8Array) {
      bytes.set(v, at);
      at += v.length;
    }
    offsets[i + 1] = at;
  }
  return { offsets, bytes: bytes.subarray(0, at) };
}

function validity(values: readonly unknown[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) bitmap[i >> 3]! |= 1 << (i & 7);
  });
  return bitmap;
}

function timestampIn(unit: arrow.TimeUnit, ts: Timestamp): bigint {
  switch (unit) {
    case arrow.TimeUnit.SECOND:
      return BigInt(Math.floor(ts.epochMillis / 1000));
    case arrow.TimeUnit.MILLISECOND:
      return BigInt(ts.epochMillis);
    case arrow.TimeUnit.MICROSECOND:
      return ts.toEpochMicros();
    default:
      return ts.toEpochNanos();
  }
}

/** A decimal string's unscaled value as a 128-bit integer; plain numbers below 2^53, BigInt above. */
function writeDecimal(words: Uint32Array, index: number, text: string, scale: number): void {
  const point = text.indexOf('.');
  const fraction = point < 0 ? 0 : text.length - point - 1;
  // Normalized values have exactly `scale` fraction digits; anything else takes the general path.
  if (fraction === scale && text.length <= 16) {
    const unscaled = Number(point < 0 ? text : text.slice(0, point) + text.slice(point + 1));
    if (Number.isSafeInteger(unscaled)) {
      const at = index * 4;
      const high = Math.floor(unscaled / 0x1_0000_0000);
      words[at] = unscaled - high * 0x1_0000_0000;
      words[at + 1] = high >>> 0;
      words[at + 2] = words[at + 3] = unscaled < 0 ? 0xffffffff : 0;
      return;
    }
  }
  writeInt128(words, index, decimalToUnscaled(text, scale));
}

function writeInt128(words: Uint32Array, index: number, value: bigint): void {
  let v = BigInt.asUintN(128, value);
  for (let w = 0; w < 4; w++) {
    words[index * 4 + w] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Arrow → rows

/** The values of one Arrow column as the value model of `type` (null where the column is null). */
function readColumn(type: DataType, data: arrow.Data): unknown[] {
  const n = data.length;
  const out = new Array<unknown>(n);
  const t = data.type as arrow.DataType;
  const bitmap = data.nullCount === 0 ? undefined : data.nullBitmap;
  const offset = data.offset;
  const each = (f: (i: number) => unknown) => {
    if (bitmap === undefined || bitmap.length === 0) {
      if (data.nullCount !== 0 && data.nullCount === n) return out.fill(null); // all-null without a bitmap
      for (let i = 0; i < n; i++) out[i] = f(i);
    } else {
      for (let i = 0; i < n; i++) {
        const bit = offset + i;
        out[i] = (bitmap[bit >> 3]! >> (bit & 7)) & 1 ? f(i) : null;
      }
    }
    return out;
  };
  if (n === 0) return out; // an empty column may come without buffers
  if (t.typeId === arrow.Type.Null) return out.fill(null);
  // Fixed-width buffers of sliced Data are already sliced; bit-packed and nested ones are not.
  const values = data.values as ArrayLike<number | bigint> & { [i: number]: number | bigint };
  switch (type.root) {
    case 'BOOLEAN': {
      const bits = data.values as Uint8Array;
      return each((i) => ((bits[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1);
    }
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
      return each((i) => Number(values[i]));
    case 'BIGINT':
      return each((i) => BigInt(values[i]!));
    case 'DATE':
      if (t.typeId === arrow.Type.Date && (t as arrow.Date_).unit === arrow.DateUnit.MILLISECOND) {
        const vector = arrow.makeVector(data);
        return each((i) => Math.floor(Number(vector.get(i) as unknown as number) / 86_400_000));
      }
      return each((i) => Number(values[i]));
    case 'TIME': {
      const perMilli = [1 / 1000, 1, 1000, 1_000_000][(t as arrow.Time).unit]!;
      return each((i) => Math.floor(Number(values[i]) / perMilli));
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const unit = (t as arrow.Timestamp).unit;
      return each((i) => fromTimestamp(unit, BigInt(values[i]!)));
    }
    case 'DECIMAL': {
      const words = data.values as Uint32Array;
      const stride = (t as arrow.Decimal).bitWidth / 32;
      const scale = (t as arrow.Decimal).scale;
      const text = (i: number) => decimalText(words, i, stride, scale);
      return scale === type.scale ? each(text) : each((i) => rescale(text(i), type.scale));
    }
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY': {
      const text = type.root === 'CHAR' || type.root === 'VARCHAR';
      if (!(data.values instanceof Uint8Array)) break;
      const bytes = data.values;
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const slice = (start: number, end: number) =>
        text ? buffer.toString('utf8', start, end) : bytes.slice(start, end);
      if (t.typeId === arrow.Type.FixedSizeBinary) {
        const width = (t as arrow.FixedSizeBinary).byteWidth;
        return each((i) => slice(i * width, (i + 1) * width));
      }
      if (data.valueOffsets === undefined) break;
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      return each((i) => slice(Number(offsets[i]), Number(offsets[i + 1])));
    }
    case 'ARRAY': {
      const child = data.children[0];
      if (!child || data.valueOffsets === undefined) break;
      const elements = readColumn(type.element, child);
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      return each((i) => elements.slice(Number(offsets[i]), Number(offsets[i + 1])));
    }
    case 'MAP':
    case 'MULTISET': {
      const entries = data.children[0];
      if (!entries || data.valueOffsets === undefined || entries.children.length !== 2) break;
      const { key, value } = mapParts(type);
      const keys = readColumn(key, entries.children[0]!);
      const items = readColumn(value, entries.children[1]!);
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      return each((i) => {
        const map = new Map<unknown, unknown>();
        for (let e = Number(offsets[i]); e < Number(offsets[i + 1]); e++) map.set(keys[e], items[e]);
        return map;
      });
    }
    case 'ROW': {
      const fields = (t as arrow.Struct).children ?? [];
      const columns = type.fields.map((f) => {
        const index = findField(fields, f);
        return index < 0 ? null : readColumn(f.type, data.children[index]!);
      });
      return each((i) => {
        const row: Row = {};
        type.fields.forEach((f, c) => {
          row[f.name] = columns[c]?.[i] ?? null;
        });
        return row;
      });
    }
  }
  throw new ArrowConversionError(`Cannot read Arrow type ${String(t)} as Paimon type ${type.root}`);
}

function fromTimestamp(unit: arrow.TimeUnit, v: bigint): Timestamp {
  switch (unit) {
    case arrow.TimeUnit.SECOND:
      return new Timestamp(Number(v) * 1000);
    case arrow.TimeUnit.MILLISECOND:
      return new Timestamp(Number(v));
    case arrow.TimeUnit.MICROSECOND:
      return Timestamp.fromEpochMicros(v);
    default:
      return Timestamp.fromEpochNanos(v);
  }
}

/** Decimal text of an unscaled value; plain numbers when it fits 53 bits (the usual DECIMAL(p <= 15)). */
function decimalText(words: Uint32Array, index: number, stride: number, scale: number): string {
  const at = index * stride;
  const high = words[at + 1]! | 0;
  let small = high >= -0x200000 && high < 0x200000;
  for (let w = 2; small && w < stride; w++) small = words[at + w] === (high < 0 ? 0xffffffff : 0);
  if (!small) return decimalFromUnscaled(readSigned(words, index, stride), scale);
  const unscaled = high * 0x1_0000_0000 + words[at]!;
  const digits = Math.abs(unscaled)
    .toString()
    .padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return unscaled < 0 ? `-${text}` : text;
}

/** The two's-complement integer of `stride` little-endian 32-bit words at `index`. */
function readSigned(words: Uint32Array, index: number, stride: number): bigint {
  let v = 0n;
  for (let w = stride - 1; w >= 0; w--) v = (v << 32n) | BigInt(words[index * stride + w]! >>> 0);
  return BigInt.asIntN(stride * 32, v);
}

/** Decimal text at the target scale (a file may store a different scale after schema evolution). */
function rescale(text: string, scale: number): string {
  const [whole, fraction = ''] = text.split('.');
  return scale === 0 ? whole! : `${whole}.${fraction.padEnd(scale, '0').slice(0, scale)}`;
}
