import * as arrow from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import type { DataType, RowType } from '../spec/data-types.js';
import { decimalFromUnscaled, decimalToUnscaled, type Row, Timestamp } from '../spec/values.js';
import { toArrowField, toArrowType } from './arrow-schema.js';

/**
 * Conversion between rows (the value model of values.ts) and Arrow tables. Flat columns are built straight
 * into typed buffers (exact 64-bit integers, decimals and sub-millisecond timestamps); nested columns go
 * through Arrow's builders.
 */
export function rowsToArrow(rowType: RowType, rows: readonly Row[]): arrow.Table {
  const children = rowType.fields.map((f) =>
    columnData(
      f.type,
      rows.map((r) => r[f.name] ?? null),
    ),
  );
  const schema = new arrow.Schema(rowType.fields.map(toArrowField));
  const struct = arrow.makeData({
    type: new arrow.Struct(schema.fields),
    length: rows.length,
    nullCount: 0,
    children,
  });
  return new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
}

function columnData(type: DataType, values: readonly unknown[]): arrow.Data {
  const n = values.length;
  const nullBitmap = validity(values);
  const nullCount = values.reduce<number>((c, v) => c + (v === null ? 1 : 0), 0);
  const arrowType = toArrowType(type);
  const fixed = (t: arrow.DataType, data: ArrayLike<unknown>) =>
    // biome-ignore lint/suspicious/noExplicitAny: makeData's props are a union keyed by the Arrow type
    arrow.makeData({ type: t, length: n, nullCount, nullBitmap, data } as any);
  switch (type.root) {
    case 'BIGINT':
      return fixed(
        arrowType,
        BigInt64Array.from(values, (v) => (v === null ? 0n : (v as bigint))),
      );
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const unit = (arrowType as arrow.Timestamp).unit;
      return fixed(
        arrowType,
        BigInt64Array.from(values, (v) => (v === null ? 0n : timestampIn(unit, v as Timestamp))),
      );
    }
    case 'DECIMAL': {
      const words = new Uint32Array(n * 4);
      values.forEach((v, i) => {
        if (v !== null) writeInt128(words, i, decimalToUnscaled(v as string, type.scale));
      });
      return fixed(arrowType, words);
    }
    case 'DATE':
      // Arrow's DateDay builder takes epoch millis; write the day numbers directly.
      return fixed(
        arrowType,
        Int32Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'TINYINT':
      return fixed(
        arrowType,
        Int8Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'SMALLINT':
      return fixed(
        arrowType,
        Int16Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'INT':
    case 'TIME':
      return fixed(
        arrowType,
        Int32Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'FLOAT':
      return fixed(
        arrowType,
        Float32Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'DOUBLE':
      return fixed(
        arrowType,
        Float64Array.from(values, (v) => (v === null ? 0 : (v as number))),
      );
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY': {
      const { offsets, bytes } = packVariableWidth(values);
      const props = { type: arrowType, length: n, nullCount, nullBitmap, valueOffsets: offsets, data: bytes };
      return arrow.makeData(props as Parameters<typeof arrow.makeData>[0]);
    }
    case 'BOOLEAN':
      return arrow.vectorFromArray(values as unknown[], arrowType).data[0]!;
    default: {
      const builder = arrow.makeBuilder({ type: arrowType, nullValues: [null, undefined] });
      for (const v of values) builder.append(toBuilderValue(type, v));
      return builder.finish().flush();
    }
  }
}

const utf8 = new TextEncoder();

/** Strings or byte arrays as Arrow's offsets + one data buffer, encoded in a single pass. */
function packVariableWidth(values: readonly unknown[]): { offsets: Int32Array; bytes: Uint8Array } {
  let capacity = 0;
  for (const v of values)
    if (v !== null) capacity += typeof v === 'string' ? v.length * 3 : (v as Uint8Array).length;
  const bytes = new Uint8Array(capacity);
  const offsets = new Int32Array(values.length + 1);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') at += utf8.encodeInto(v, bytes.subarray(at)).written;
    else if (v !== null) {
      bytes.set(v as Uint8Array, at);
      at += (v as Uint8Array).length;
    }
    offsets[i + 1] = at;
  }
  return { offsets, bytes: bytes.subarray(0, at) };
}

function validity(values: readonly unknown[]): Uint8Array | undefined {
  if (!values.some((v) => v === null)) return undefined;
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v !== null) bitmap[i >> 3]! |= 1 << (i & 7);
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

function writeInt128(words: Uint32Array, index: number, value: bigint): void {
  let v = BigInt.asUintN(128, value);
  for (let w = 0; w < 4; w++) {
    words[index * 4 + w] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

function readInt128(words: Uint32Array | Int32Array, index: number): bigint {
  let v = 0n;
  for (let w = 3; w >= 0; w--) v = (v << 32n) | BigInt(words[index * 4 + w]! >>> 0);
  return BigInt.asIntN(128, v);
}

/** Values for Arrow's builders inside nested columns (milliseconds for timestamps, as the builders take). */
function toBuilderValue(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'ARRAY':
      return (v as unknown[]).map((x) => toBuilderValue(type.element, x));
    case 'MAP':
      return new Map(
        [...(v as Map<unknown, unknown>)].map(([k, x]) => [
          toBuilderValue(type.key, k),
          toBuilderValue(type.value, x),
        ]),
      );
    case 'MULTISET':
      return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [toBuilderValue(type.element, k), x]));
    case 'ROW':
      return Object.fromEntries(type.fields.map((f) => [f.name, toBuilderValue(f.type, (v as Row)[f.name])]));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v as Timestamp).epochMillis;
    case 'DECIMAL': {
      const words = new Uint32Array(4);
      writeInt128(words, 0, decimalToUnscaled(v as string, type.scale));
      return words;
    }
    default:
      return v;
  }
}

export class ArrowConversionError extends PaimonSimError {}

/** Arrow table → rows, reading columns by name; `rowType` gives the Paimon types of the result. */
export function arrowToRows(table: arrow.Table, rowType: RowType): Row[] {
  const n = table.numRows;
  const rows: Row[] = Array.from({ length: n }, () => ({}));
  for (const field of rowType.fields) {
    const column = table.getChild(field.name);
    if (!column) {
      for (const row of rows) row[field.name] = null;
      continue;
    }
    let i = 0;
    for (const data of column.data) {
      const values = readData(field.type, data);
      for (const v of values) rows[i++]![field.name] = v;
    }
  }
  return rows;
}

function readData(type: DataType, data: arrow.Data): unknown[] {
  const out = new Array<unknown>(data.length);
  const t = data.type as arrow.DataType;
  const valid = (i: number) => data.getValid(i);
  switch (type.root) {
    case 'BIGINT': {
      const values = data.values as BigInt64Array | Int32Array;
      for (let i = 0; i < data.length; i++) out[i] = valid(i) ? BigInt(values[i]!) : null;
      return out;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const unit = (t as arrow.Timestamp).unit;
      const values = data.values as BigInt64Array;
      for (let i = 0; i < data.length; i++)
        out[i] = valid(i) ? fromTimestamp(unit, BigInt(values[i]!)) : null;
      return out;
    }
    case 'DECIMAL': {
      const values = data.values as Uint32Array;
      const scale = (t as arrow.Decimal).scale;
      for (let i = 0; i < data.length; i++) {
        out[i] = valid(i) ? rescale(decimalFromUnscaled(readInt128(values, i), scale), type.scale) : null;
      }
      return out;
    }
    case 'DATE': {
      const perDay = t.typeId === arrow.Type.Date && (t as arrow.Date_).unit === arrow.DateUnit.MILLISECOND;
      const values = data.values as Int32Array | BigInt64Array;
      for (let i = 0; i < data.length; i++)
        out[i] = valid(i) ? (perDay ? Number(values[i]) / 86_400_000 : Number(values[i])) : null;
      return out;
    }
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY': {
      if (t.typeId !== arrow.Type.Utf8 && t.typeId !== arrow.Type.Binary) break; // large/view variants below
      const offsets = data.valueOffsets as Int32Array;
      const values = data.values as Uint8Array;
      const buf = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      const text = type.root === 'CHAR' || type.root === 'VARCHAR';
      for (let i = 0; i < data.length; i++) {
        if (!valid(i)) out[i] = null;
        else if (text) out[i] = buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
        else out[i] = values.slice(offsets[i]!, offsets[i + 1]!);
      }
      return out;
    }
    case 'TIME': {
      const unit = (t as arrow.Time).unit;
      const values = data.values as Int32Array | BigInt64Array;
      const divisor = [1 / 1000, 1, 1000, 1_000_000][unit]!;
      for (let i = 0; i < data.length; i++)
        out[i] = valid(i) ? Math.floor(Number(values[i]) / divisor) : null;
      return out;
    }
    default:
      break;
  }
  const vector = arrow.makeVector(data);
  for (let i = 0; i < data.length; i++) out[i] = fromArrowValue(type, vector.get(i));
  return out;
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

/** Decimal text at the target scale (a file may store a different scale after schema evolution). */
function rescale(text: string, scale: number): string {
  const [whole, fraction = ''] = text.split('.');
  return scale === 0 ? whole! : `${whole}.${fraction.padEnd(scale, '0').slice(0, scale)}`;
}

function fromArrowValue(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'BOOLEAN':
    case 'CHAR':
    case 'VARCHAR':
      return v;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE':
      return Number(v);
    case 'BINARY':
    case 'VARBINARY':
      return new Uint8Array(v as Uint8Array);
    case 'BIGINT':
      return BigInt(v as bigint);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return new Timestamp(Math.floor(Number(v)), 0);
    case 'DECIMAL':
      return decimalFromUnscaled(readInt128(v as Uint32Array, 0), type.scale);
    case 'DATE':
      return Number(v) > 1e11 ? Number(v) / 86_400_000 : Number(v);
    case 'TIME':
      return Number(v);
    case 'ARRAY':
      return [...(v as Iterable<unknown>)].map((x) => fromArrowValue(type.element, x));
    case 'MAP':
    case 'MULTISET': {
      const keyType = type.root === 'MAP' ? type.key : type.element;
      const valueType: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      const entries = [...(v as Iterable<[unknown, unknown]>)];
      return new Map(entries.map(([k, x]) => [fromArrowValue(keyType, k), fromArrowValue(valueType, x)]));
    }
    case 'ROW': {
      const struct = v as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, fromArrowValue(f.type, struct[f.name])]));
    }
    default:
      throw new ArrowConversionError(`Cannot convert Arrow value of Paimon type ${(type as DataType).root}`);
  }
}
