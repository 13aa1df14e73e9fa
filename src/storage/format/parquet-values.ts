import type { DataType } from '../spec/data-types.js';
import { decimalFromUnscaled, Timestamp } from '../spec/values.js';
import {
  type Annotation,
  ParquetCorruption,
  ParquetFallback,
  Physical,
  type TopField,
} from './parquet-metadata.js';

/**
 * PLAIN decoding of each Parquet physical type, and the conversion of each decoded value into the value model
 * (values.ts) of the Paimon type read. The conversions reproduce, value for value, what the parquet-wasm path
 * returns: the Arrow type arrow-rs gives the column (its logical type, else its converted type), then
 * arrow-rows.ts `readColumn` from that Arrow type to the Paimon type. Pairs of Paimon type and column without
 * such an exact mapping here are left to parquet-wasm (ParquetFallback).
 */

/** A decoded physical value: number (INT32, FLOAT, DOUBLE), bigint (INT64, INT96 as epoch nanos), boolean, bytes. */
export type Raw = number | bigint | boolean | Uint8Array;

export interface ColumnConversion {
  readonly physical: number;
  readonly typeLength: number;
  /** Raw value → value-model value. */
  readonly convert: (raw: never) => unknown;
  /** Values are Uint8Arrays: one taken from a dictionary is copied for each row (rows never share bytes). */
  readonly bytesOut: boolean;
}

const identity = (v: unknown) => v;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** How column `field` reads as Paimon `type`, or ParquetFallback where only parquet-wasm can read it exactly. */
export function conversionFor(field: TopField, type: DataType, int96Hinted: boolean): ColumnConversion {
  const { physical, annotation: a } = field;
  const fallback = (): never => {
    throw new ParquetFallback(
      `column '${field.name}' (physical ${physical}, ${a.kind}) as ${type.root} is read by parquet-wasm`,
    );
  };
  const make = (convert: (raw: never) => unknown, bytesOut = false): ColumnConversion => ({
    physical,
    typeLength: field.typeLength,
    convert,
    bytesOut,
  });
  if (field.column < 0) return fallback();
  switch (type.root) {
    case 'BOOLEAN':
      return physical === Physical.BOOLEAN && a.kind === 'none' ? make(identity) : fallback();
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      if (physical === Physical.INT32) return make(int32As(a) ?? fallback());
      if (physical === Physical.INT64) {
        const big = int64As(a) ?? fallback();
        return make((v: bigint) => Number(big(v)));
      }
      return fallback();
    case 'BIGINT':
      if (physical === Physical.INT64) return make(int64As(a) ?? fallback());
      if (physical === Physical.INT32) {
        const small = int32As(a) ?? fallback();
        return make((v: number) => BigInt(small(v)));
      }
      return fallback();
    case 'FLOAT':
    case 'DOUBLE':
      return (physical === Physical.FLOAT || physical === Physical.DOUBLE) && a.kind === 'none'
        ? make(identity)
        : fallback();
    case 'DECIMAL':
      return a.kind === 'decimal' && a.precision <= 38
        ? make(decimalConversion(physical, a.scale, type.scale) ?? fallback())
        : fallback();
    case 'CHAR':
    case 'VARCHAR':
      // arrow-rs reads STRING columns as Utf8 and rejects invalid UTF-8; an unannotated one would be Binary.
      return physical === Physical.BYTE_ARRAY && a.kind === 'string' ? make(utf8Strict) : fallback();
    case 'BINARY':
    case 'VARBINARY':
      return (physical === Physical.BYTE_ARRAY || physical === Physical.FIXED_LEN_BYTE_ARRAY) &&
        a.kind === 'none'
        ? make((v: Uint8Array) => v.slice(), true)
        : fallback();
    case 'DATE':
      return physical === Physical.INT32 && (a.kind === 'date' || a.kind === 'none')
        ? make(identity)
        : fallback();
    case 'TIME':
      if (a.kind !== 'time') return fallback();
      if (physical === Physical.INT32 && a.unit === 'ms') return make(identity);
      if (physical === Physical.INT64 && a.unit !== 'ms') {
        // readColumn: Math.floor(Number(v) / perMilli)
        const perMilli = a.unit === 'us' ? 1000 : 1_000_000;
        return make((v: bigint) => Math.floor(Number(v) / perMilli));
      }
      return fallback();
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      if (physical === Physical.INT64 && a.kind === 'timestamp') return make(timestampOf(a.unit, fallback));
      // With an ARROW:schema hint arrow-rs reads INT96 in the hint's unit, which may drop digits.
      if (physical === Physical.INT96 && a.kind === 'none' && !int96Hinted)
        return make(timestampOf('ns', fallback));
      return fallback();
    default:
      return fallback();
  }
}

/** INT32 → the integer arrow-rs holds for its logical type (Int8/16/32, UInt8/16/32: `as` casts). */
function int32As(a: Annotation): ((v: number) => number) | undefined {
  if (a.kind === 'none') return identity as (v: number) => number;
  if (a.kind !== 'int') return undefined;
  switch (a.bits) {
    case 8:
      return a.signed ? (v) => (v << 24) >> 24 : (v) => v & 0xff;
    case 16:
      return a.signed ? (v) => (v << 16) >> 16 : (v) => v & 0xffff;
    case 32:
      return a.signed ? (identity as (v: number) => number) : (v) => v >>> 0;
    default:
      return undefined;
  }
}

/** INT64 → Int64 or UInt64 as arrow-rs holds it. */
function int64As(a: Annotation): ((v: bigint) => bigint) | undefined {
  if (a.kind === 'none' || (a.kind === 'int' && a.bits === 64 && a.signed))
    return identity as (v: bigint) => bigint;
  if (a.kind === 'int' && a.bits === 64) return (v) => BigInt.asUintN(64, v);
  return undefined;
}

/**
 * Timestamps as readColumn makes them from an Arrow timestamp of `unit`. Values whose epoch millis are not a
 * safe integer make `Timestamp` throw there; they are left to that path so the outcome stays the same.
 */
function timestampOf(unit: 'ms' | 'us' | 'ns', fallback: () => never): (v: bigint) => Timestamp {
  switch (unit) {
    case 'ms':
      return (v) => (v > MAX_SAFE || v < -MAX_SAFE ? fallback() : new Timestamp(Number(v)));
    case 'us':
      return (v) =>
        v > MAX_SAFE * 1000n || v < -MAX_SAFE * 1000n ? fallback() : Timestamp.fromEpochMicros(v);
    case 'ns':
      return (v) => Timestamp.fromEpochNanos(v);
  }
}

/** Unscaled decimal (INT32, INT64 or big-endian two's complement bytes) → text at the Paimon scale. */
function decimalConversion(
  physical: number,
  fileScale: number,
  scale: number,
): ((v: never) => string) | undefined {
  const at = (text: string) => (fileScale === scale ? text : rescale(text, scale));
  switch (physical) {
    case Physical.INT32:
      return (v: number) => at(decimalText(v, fileScale));
    case Physical.INT64:
      return (v: bigint) =>
        at(
          v <= MAX_SAFE && v >= -MAX_SAFE
            ? decimalText(Number(v), fileScale)
            : decimalFromUnscaled(v, fileScale),
        );
    case Physical.FIXED_LEN_BYTE_ARRAY:
    case Physical.BYTE_ARRAY:
      return (v: Uint8Array) => at(bigEndianDecimal(v, fileScale));
    default:
      return undefined;
  }
}

function bigEndianDecimal(bytes: Uint8Array, scale: number): string {
  const n = bytes.length;
  // arrow-rs sign-extends into 16 bytes; wider or empty values are left to it.
  if (n === 0 || n > 16) throw new ParquetFallback(`decimal of ${n} bytes is read by parquet-wasm`);
  if (n <= 6) {
    let v = bytes[0]! >= 0x80 ? -1 : 0;
    for (let i = 0; i < n; i++) v = v * 256 + bytes[i]!;
    return decimalText(v, scale);
  }
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return decimalFromUnscaled(BigInt.asIntN(n * 8, v), scale);
}

/** As arrow-rows.ts `decimalText` for an unscaled value below 2^53. */
function decimalText(unscaled: number, scale: number): string {
  const digits = Math.abs(unscaled)
    .toString()
    .padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return unscaled < 0 ? `-${text}` : text;
}

/** As arrow-rows.ts `rescale`: decimal text at another scale (files written before a type change). */
function rescale(text: string, scale: number): string {
  const [whole, fraction = ''] = text.split('.');
  return scale === 0 ? whole! : `${whole}.${fraction.padEnd(scale, '0').slice(0, scale)}`;
}

// `ignoreBOM`: a leading U+FEFF is part of the value (arrow-rs and Buffer.toString keep it).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 → string; invalid UTF-8 makes arrow-rs fail, so parquet-wasm decides (it reports the corrupt file). */
function utf8Strict(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n <= 24) {
    // Short ASCII strings: building them directly is several times faster than a TextDecoder call.
    let ascii = true;
    for (let i = 0; i < n; i++) if (bytes[i]! >= 0x80) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch (e) {
    throw new ParquetFallback(`invalid UTF-8 in a STRING column: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// PLAIN

/**
 * Decodes `count` PLAIN values of `physical` from `bytes[at..end)`, converted, into `out[outAt..)`.
 * Returns the position after the last value.
 */
export function decodePlain(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  end: number,
  count: number,
  c: ColumnConversion,
  out: unknown[],
  outAt: number,
): number {
  const convert = c.convert as (raw: Raw) => unknown;
  const fixed = (width: number) => {
    if (at + count * width > end)
      throw new ParquetCorruption(`${count} PLAIN values of ${width} bytes run past the end of the page`);
  };
  let pos = at;
  switch (c.physical) {
    case Physical.BOOLEAN: {
      if (at + Math.ceil(count / 8) > end) throw new ParquetCorruption('PLAIN booleans run past the end');
      for (let i = 0; i < count; i++)
        out[outAt + i] = convert(((bytes[at + (i >> 3)]! >> (i & 7)) & 1) === 1);
      return at + Math.ceil(count / 8);
    }
    case Physical.INT32:
      fixed(4);
      for (let i = 0; i < count; i++, pos += 4) out[outAt + i] = convert(view.getInt32(pos, true));
      return pos;
    case Physical.INT64:
      fixed(8);
      for (let i = 0; i < count; i++, pos += 8) out[outAt + i] = convert(view.getBigInt64(pos, true));
      return pos;
    case Physical.INT96:
      fixed(12);
      for (let i = 0; i < count; i++, pos += 12) out[outAt + i] = convert(int96Nanos(view, pos));
      return pos;
    case Physical.FLOAT:
      fixed(4);
      for (let i = 0; i < count; i++, pos += 4) out[outAt + i] = convert(view.getFloat32(pos, true));
      return pos;
    case Physical.DOUBLE:
      fixed(8);
      for (let i = 0; i < count; i++, pos += 8) out[outAt + i] = convert(view.getFloat64(pos, true));
      return pos;
    case Physical.BYTE_ARRAY:
      for (let i = 0; i < count; i++) {
        if (pos + 4 > end)
          throw new ParquetCorruption('PLAIN byte array length runs past the end of the page');
        const length = view.getUint32(pos, true);
        pos += 4;
        if (pos + length > end)
          throw new ParquetCorruption(`PLAIN byte array of ${length} bytes runs past the end`);
        out[outAt + i] = convert(bytes.subarray(pos, pos + length));
        pos += length;
      }
      return pos;
    case Physical.FIXED_LEN_BYTE_ARRAY: {
      const width = c.typeLength;
      if (width <= 0) throw new ParquetCorruption(`FIXED_LEN_BYTE_ARRAY of length ${width}`);
      fixed(width);
      for (let i = 0; i < count; i++, pos += width)
        out[outAt + i] = convert(bytes.subarray(pos, pos + width));
      return pos;
    }
    default:
      throw new ParquetCorruption(`unknown physical type ${c.physical}`);
  }
}

const JULIAN_EPOCH_DAY = 2_440_588n;
const NANOS_PER_DAY = 86_400_000_000_000n;

/** INT96 (nanos of day, Julian day) as epoch nanos in 64-bit arithmetic, as arrow-rs `Int96::to_nanos`. */
function int96Nanos(view: DataView, at: number): bigint {
  const nanosOfDay = view.getBigInt64(at, true);
  const julianDay = BigInt(view.getInt32(at + 8, true));
  return BigInt.asIntN(64, (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay);
}
