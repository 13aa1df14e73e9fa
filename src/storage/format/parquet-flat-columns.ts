import type { DataField } from '../spec/data-types.js';
import { decimalToUnscaled, type Timestamp } from '../spec/values.js';
import { Physical } from './parquet-metadata.js';
import {
  BooleanEncoder,
  ByteArrayEncoder,
  FixedDecimalEncoder,
  FloatEncoder,
  Int32Encoder,
  Int64Encoder,
  Int96Encoder,
  type ValueEncoder,
} from './parquet-value-encoders.js';
import type { CompactWriter } from './thrift-compact-writer.js';

/**
 * The leaf columns of a flat Parquet schema: for each primitive Paimon type, its Parquet schema element
 * (physical, converted and logical type, as arrow-schema.ts's table and as parquet-wasm writes them from
 * that Arrow schema) and an encoder of PLAIN values that keeps the column chunk's min/max statistics in
 * the type's sort order (parquet-format LogicalTypes.md; arrow-rs `ColumnOrder::get_sort_order`):
 *   - signed: integers, DATE, TIME, TIMESTAMP, DECIMAL (by numeric value, also when stored as bytes), floats;
 *     min/max are also written to the deprecated `min`/`max` fields, whose order old readers take as signed;
 *   - unsigned: BOOLEAN, strings and binaries (byte-wise), only in `min_value`/`max_value`;
 *   - none: INT96 (no defined order; no statistics at all, as parquet-int96.ts leaves them).
 */

/** Parquet `ConvertedType` values used by flat Paimon types. */
const Converted = {
  UTF8: 0,
  DECIMAL: 5,
  DATE: 6,
  TIME_MILLIS: 7,
  TIMESTAMP_MILLIS: 9,
  TIMESTAMP_MICROS: 10,
  INT_8: 15,
  INT_16: 16,
} as const;

/** Parquet `LogicalType` union members (field ids of the union). */
const Logical = { STRING: 1, DECIMAL: 5, DATE: 6, TIME: 7, TIMESTAMP: 8, INTEGER: 10 } as const;
/** Parquet `TimeUnit` union members. */
const Unit = { MILLIS: 1, MICROS: 2 } as const;

export type SortOrder = 'signed' | 'unsigned' | 'none';

export interface FlatLeaf {
  readonly field: DataField;
  readonly name: Uint8Array;
  readonly physical: number;
  readonly order: SortOrder;
  /** Writes the fields of its SchemaElement (type, repetition, name, annotations, field_id). */
  writeSchemaElement(w: CompactWriter): void;
  newEncoder(): ValueEncoder;
}

const utf8 = new TextEncoder();

/** The leaf of a top-level field, or undefined when its type is nested (ARRAY, MAP, MULTISET, ROW). */
export function flatLeafOf(field: DataField): FlatLeaf | undefined {
  const type = field.type;
  const leaf = (
    physical: number,
    order: SortOrder,
    newEncoder: () => ValueEncoder,
    annotations: Annotations = {},
  ): FlatLeaf => ({
    field,
    name: utf8.encode(field.name),
    physical,
    order,
    newEncoder,
    writeSchemaElement: (w) => writeElement(w, field, physical, annotations),
  });
  const int32 = (convert: (v: unknown) => number, annotations?: Annotations) =>
    leaf(Physical.INT32, 'signed', () => new Int32Encoder(convert), annotations);
  const int64 = (convert: (v: unknown) => number | bigint, annotations?: Annotations) =>
    leaf(Physical.INT64, 'signed', () => new Int64Encoder(convert), annotations);
  switch (type.root) {
    case 'BOOLEAN':
      return leaf(Physical.BOOLEAN, 'unsigned', () => new BooleanEncoder());
    case 'TINYINT':
      return int32(asNumber, integer(Converted.INT_8, 8));
    case 'SMALLINT':
      return int32(asNumber, integer(Converted.INT_16, 16));
    case 'INT':
      return int32(asNumber);
    case 'BIGINT':
      return int64(asInt64);
    case 'FLOAT':
      return leaf(Physical.FLOAT, 'signed', () => new FloatEncoder(false));
    case 'DOUBLE':
      return leaf(Physical.DOUBLE, 'signed', () => new FloatEncoder(true));
    case 'DECIMAL': {
      const { precision, scale } = type;
      const annotations = decimal(precision, scale);
      // INT32 up to precision 9 (Paimon's `ParquetSchemaConverter.is32BitDecimal`). parquet-wasm (arrow-rs
      // `arrow_to_parquet_type`: `precision > 1 && precision <= 9`) writes DECIMAL(1, s) as INT64; readers
      // take either (Paimon's `ParquetVectorUpdaterFactory` picks its decimal updater by physical type).
      if (precision <= 9) return int32((v) => Number(unscaledOf(v as string, scale)), annotations);
      if (precision <= 18) return int64((v) => unscaledOf(v as string, scale), annotations);
      const width = decimalByteWidth(precision);
      const unscaled = (v: unknown) => BigInt(unscaledOf(v as string, scale));
      return leaf(Physical.FIXED_LEN_BYTE_ARRAY, 'signed', () => new FixedDecimalEncoder(width, unscaled), {
        ...annotations,
        typeLength: width,
      });
    }
    case 'CHAR':
    case 'VARCHAR':
      return leaf(Physical.BYTE_ARRAY, 'unsigned', () => new ByteArrayEncoder(true), {
        converted: Converted.UTF8,
        logical: (w) => w.emptyStruct(Logical.STRING),
      });
    case 'BINARY':
    case 'VARBINARY':
      return leaf(Physical.BYTE_ARRAY, 'unsigned', () => new ByteArrayEncoder(false));
    case 'DATE':
      return int32(asNumber, { converted: Converted.DATE, logical: (w) => w.emptyStruct(Logical.DATE) });
    case 'TIME':
      // TIME(p) of any p is time32[ms] (arrow-schema.ts): INT32 TIME(MILLIS), isAdjustedToUTC false.
      return int32(asNumber, {
        converted: Converted.TIME_MILLIS,
        logical: (w) => timeLike(w, Logical.TIME, false, Unit.MILLIS),
      });
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const utc = type.root === 'TIMESTAMP_LTZ';
      if (type.precision > 6) return leaf(Physical.INT96, 'none', () => new Int96Encoder());
      const millis = type.precision <= 3;
      return int64(millis ? timestampMillis : timestampMicros, {
        converted: millis ? Converted.TIMESTAMP_MILLIS : Converted.TIMESTAMP_MICROS,
        logical: (w) => timeLike(w, Logical.TIMESTAMP, utc, millis ? Unit.MILLIS : Unit.MICROS),
      });
    }
    default:
      return undefined;
  }
}

/** Bytes of a FIXED_LEN_BYTE_ARRAY decimal: the fewest whose two's complement holds 10^p - 1 (Paimon's
 * `ParquetSchemaConverter.computeMinBytesForDecimalPrecision`, arrow-rs `decimal_length_from_precision`). */
export function decimalByteWidth(precision: number): number {
  const limit = 10n ** BigInt(precision);
  let width = 1;
  while (1n << BigInt(8 * width - 1) < limit) width++;
  return width;
}

// ---------------------------------------------------------------------------------------------------------
// Schema elements

interface Annotations {
  readonly typeLength?: number;
  readonly converted?: number;
  readonly scale?: number;
  readonly precision?: number;
  readonly logical?: (w: CompactWriter) => void;
}

const integer = (converted: number, bitWidth: number): Annotations => ({
  converted,
  logical: (w) => {
    w.beginStruct(Logical.INTEGER);
    w.i8(1, bitWidth);
    w.bool(2, true);
    w.end();
  },
});

const decimal = (precision: number, scale: number): Annotations => ({
  converted: Converted.DECIMAL,
  scale,
  precision,
  logical: (w) => {
    w.beginStruct(Logical.DECIMAL);
    w.i32(1, scale);
    w.i32(2, precision);
    w.end();
  },
});

/** TimeType / TimestampType: isAdjustedToUTC, unit. */
function timeLike(w: CompactWriter, member: number, utc: boolean, unit: number): void {
  w.beginStruct(member);
  w.bool(1, utc);
  w.beginStruct(2);
  w.emptyStruct(unit);
  w.end();
  w.end();
}

/** SchemaElement: 1 type, 2 type_length, 3 repetition_type, 4 name, 6 converted_type, 7 scale,
 * 8 precision, 9 field_id, 10 logicalType. REQUIRED for NOT NULL, else OPTIONAL. */
function writeElement(w: CompactWriter, field: DataField, physical: number, a: Annotations): void {
  w.i32(1, physical);
  if (a.typeLength !== undefined) w.i32(2, a.typeLength);
  w.i32(3, field.type.nullable ? 1 : 0);
  w.string(4, field.name);
  if (a.converted !== undefined) w.i32(6, a.converted);
  if (a.scale !== undefined) w.i32(7, a.scale);
  if (a.precision !== undefined) w.i32(8, a.precision);
  w.i32(9, field.id);
  if (a.logical) {
    w.beginStruct(10);
    a.logical(w);
    w.end();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Value conversions (values are normalized to the value model of values.ts)

const asNumber = (v: unknown) => v as number;
const asInt64 = (v: unknown) => v as bigint | number;
const timestampMillis = (v: unknown) => (v as Timestamp).epochMillis;

/** Epoch microseconds: a plain number while exact (|millis| < 9e12, i.e. years -283,000..287,000). */
function timestampMicros(v: unknown): number | bigint {
  const ts = v as Timestamp;
  if (Math.abs(ts.epochMillis) < 9e12) return ts.epochMillis * 1000 + Math.floor(ts.nanoOfMillisecond / 1000);
  return ts.toEpochMicros();
}

/** Unscaled value of a decimal string of `scale` fraction digits: a number when exact, else a bigint. */
function unscaledOf(text: string, scale: number): number | bigint {
  const point = text.indexOf('.');
  const fraction = point < 0 ? 0 : text.length - point - 1;
  // Normalized values have exactly `scale` fraction digits; anything else takes the general path.
  if (fraction === scale && text.length <= 16) {
    const unscaled = Number(point < 0 ? text : text.slice(0, point) + text.slice(point + 1));
    if (Number.isSafeInteger(unscaled)) return unscaled;
  }
  return decimalToUnscaled(text, scale);
}
