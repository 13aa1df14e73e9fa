import { BinaryRowError } from '../errors.js';
import { type DataType, isAtomic } from './data-types.js';
import { decimalFromUnscaled, decimalToUnscaled, Timestamp } from './values.js';

/**
 * Paimon's BinaryRow (`org.apache.paimon.data.BinaryRow`, `BinaryRowWriter`) as serialized into Avro `bytes`
 * (`SerializationUtils.serializeBinaryRow`): a 4-byte big-endian arity, then the row, little-endian:
 *
 * - header: RowKind byte plus one null bit per field (bit `8 + i`), rounded up to whole 8-byte words;
 * - fixed part: one 8-byte slot per field;
 * - variable part: 8-byte aligned chunks that slots point to with `(offset << 32) | length`.
 *
 * Strings and binaries of at most 7 bytes live in their slot (top byte `0x80 | length`). Decimals of precision
 * <= 18 and timestamps of precision <= 3 are "compact" longs in the slot; larger ones use the variable part
 * (16 bytes for a decimal's two's-complement bytes; 8 bytes of millis with the nanos in the slot).
 * Partitions and min/max statistics use this encoding; nested types never appear in them here.
 */
const HEADER_BITS = 8;

export function headerBytes(arity: number): number {
  return Math.floor((arity + 63 + HEADER_BITS) / 64) * 8;
}

/** What Paimon writes for a row with no fields (`BinaryRow.EMPTY_ROW`): arity 0 and one zero header word. */
export const EMPTY_BINARY_ROW: Uint8Array = new Uint8Array(12);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBinaryRow(types: readonly DataType[], values: readonly unknown[]): Uint8Array {
  const arity = types.length;
  const fixedSize = headerBytes(arity) + 8 * arity;
  const chunks: Uint8Array[] = [];
  let cursor = fixedSize;
  const fixed = new Uint8Array(fixedSize);
  const view = new DataView(fixed.buffer);
  const appendVar = (bytes: Uint8Array, reserve = bytes.length): number => {
    const offset = cursor;
    const size = Math.ceil(reserve / 8) * 8;
    const chunk = new Uint8Array(size);
    chunk.set(bytes);
    chunks.push(chunk);
    cursor += size;
    return offset;
  };
  for (let i = 0; i < arity; i++) {
    const type = types[i]!;
    const value = values[i];
    const slot = headerBytes(arity) + 8 * i;
    if (value === null || value === undefined) {
      const bit = HEADER_BITS + i;
      fixed[bit >> 3]! |= 1 << (bit & 7);
      // Java's RowHelper passes nulls of non-compact decimals and timestamps to writeDecimal/writeTimestamp,
      // which still reserve their zeroed variable-part chunk and point the slot at it with size 0.
      const reserve = nullVarReservation(type);
      if (reserve > 0) view.setBigUint64(slot, BigInt(appendVar(new Uint8Array(0), reserve)) << 32n, true);
      continue;
    }
    switch (type.root) {
      case 'BOOLEAN':
        view.setUint8(slot, value ? 1 : 0);
        break;
      case 'TINYINT':
        view.setInt8(slot, value as number);
        break;
      case 'SMALLINT':
        view.setInt16(slot, value as number, true);
        break;
      case 'INT':
      case 'DATE':
      case 'TIME':
        view.setInt32(slot, value as number, true);
        break;
      case 'BIGINT':
        view.setBigInt64(slot, BigInt(value as bigint), true);
        break;
      case 'FLOAT':
        view.setFloat32(slot, value as number, true);
        break;
      case 'DOUBLE':
        view.setFloat64(slot, value as number, true);
        break;
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY': {
        const bytes = typeof value === 'string' ? encoder.encode(value) : (value as Uint8Array);
        if (bytes.length <= 7) {
          fixed.set(bytes, slot);
          view.setUint8(slot + 7, 0x80 | bytes.length);
        } else {
          view.setBigUint64(slot, (BigInt(appendVar(bytes)) << 32n) | BigInt(bytes.length), true);
        }
        break;
      }
      case 'DECIMAL': {
        const unscaled = decimalToUnscaled(value as string, type.scale);
        if (type.precision <= 18) {
          view.setBigInt64(slot, unscaled, true);
        } else {
          const bytes = twosComplement(unscaled);
          view.setBigUint64(slot, (BigInt(appendVar(bytes, 16)) << 32n) | BigInt(bytes.length), true);
        }
        break;
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        const ts = value as Timestamp;
        if (type.precision <= 3) {
          view.setBigInt64(slot, BigInt(ts.epochMillis), true);
        } else {
          const millis = new Uint8Array(8);
          new DataView(millis.buffer).setBigInt64(0, BigInt(ts.epochMillis), true);
          view.setBigUint64(slot, (BigInt(appendVar(millis)) << 32n) | BigInt(ts.nanoOfMillisecond), true);
        }
        break;
      }
      default:
        throw new BinaryRowError(
          `Type ${type.root} cannot be stored in a BinaryRow of partitions or statistics`,
        );
    }
  }
  const out = new Uint8Array(4 + cursor);
  new DataView(out.buffer).setInt32(0, arity, false);
  out.set(fixed, 4);
  let at = 4 + fixedSize;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function decodeBinaryRow(types: readonly DataType[], bytes: Uint8Array): unknown[] {
  if (bytes.length < 4) throw new BinaryRowError(`BinaryRow of ${bytes.length} bytes has no arity`);
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arity = data.getInt32(0, false);
  if (arity !== types.length) {
    throw new BinaryRowError(`BinaryRow has ${arity} fields but ${types.length} types were given`);
  }
  const row = bytes.subarray(4);
  const view = new DataView(row.buffer, row.byteOffset, row.byteLength);
  const need = headerBytes(arity) + 8 * arity;
  if (row.length < need)
    throw new BinaryRowError(`BinaryRow of arity ${arity} needs ${need} bytes, has ${row.length}`);
  const varBytes = (offset: number, length: number): Uint8Array => {
    if (offset + length > row.length)
      throw new BinaryRowError(`BinaryRow variable part out of range (${offset}+${length} > ${row.length})`);
    return row.subarray(offset, offset + length);
  };
  const out: unknown[] = [];
  for (let i = 0; i < arity; i++) {
    const bit = HEADER_BITS + i;
    if ((row[bit >> 3]! >> (bit & 7)) & 1) {
      out.push(null);
      continue;
    }
    const type = types[i]!;
    const slot = headerBytes(arity) + 8 * i;
    switch (type.root) {
      case 'BOOLEAN':
        out.push(view.getUint8(slot) !== 0);
        break;
      case 'TINYINT':
        out.push(view.getInt8(slot));
        break;
      case 'SMALLINT':
        out.push(view.getInt16(slot, true));
        break;
      case 'INT':
      case 'DATE':
      case 'TIME':
        out.push(view.getInt32(slot, true));
        break;
      case 'BIGINT':
        out.push(view.getBigInt64(slot, true));
        break;
      case 'FLOAT':
        out.push(view.getFloat32(slot, true));
        break;
      case 'DOUBLE':
        out.push(view.getFloat64(slot, true));
        break;
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY': {
        const mark = view.getUint8(slot + 7);
        // BinaryRowWriter inlines only values of at most 7 bytes (the slot minus its mark byte).
        if (mark & 0x80 && (mark & 0x7f) > 7)
          throw new BinaryRowError(`BinaryRow field ${i} claims ${mark & 0x7f} inline bytes, at most 7 fit`);
        const raw =
          mark & 0x80
            ? row.slice(slot, slot + (mark & 0x7f))
            : varBytes(view.getUint32(slot + 4, true), view.getUint32(slot, true)).slice();
        out.push(type.root === 'CHAR' || type.root === 'VARCHAR' ? utf8Field(raw, i) : raw);
        break;
      }
      case 'DECIMAL': {
        const unscaled =
          type.precision <= 18
            ? view.getBigInt64(slot, true)
            : fromTwosComplement(varBytes(view.getUint32(slot + 4, true), view.getUint32(slot, true)));
        out.push(decimalFromUnscaled(unscaled, type.scale));
        break;
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        if (type.precision <= 3) {
          out.push(timestampField(view.getBigInt64(slot, true), 0, i));
        } else {
          const millisAt = view.getUint32(slot + 4, true);
          const millis = new DataView(varBytes(millisAt, 8).slice().buffer).getBigInt64(0, true);
          out.push(timestampField(millis, view.getUint32(slot, true), i));
        }
        break;
      }
      default:
        throw new BinaryRowError(
          `Type ${type.root} cannot be read from a BinaryRow of partitions or statistics`,
        );
    }
  }
  return out;
}

/** A string field's bytes as text; bytes that are not UTF-8 are a corrupt row, not a TypeError. */
function utf8Field(raw: Uint8Array, index: number): string {
  try {
    return decoder.decode(raw);
  } catch (e) {
    throw new BinaryRowError(`BinaryRow field ${index} is not valid UTF-8`, { cause: e });
  }
}

/** A timestamp field; millis beyond JavaScript's exact range or nanos beyond 999,999 are a corrupt row. */
function timestampField(millis: bigint, nanoOfMillisecond: number, index: number): Timestamp {
  if (millis < BigInt(Number.MIN_SAFE_INTEGER) || millis > BigInt(Number.MAX_SAFE_INTEGER))
    throw new BinaryRowError(`BinaryRow field ${index} has timestamp millis ${millis} out of range`);
  if (nanoOfMillisecond > 999_999)
    throw new BinaryRowError(
      `BinaryRow field ${index} has ${nanoOfMillisecond} nanos of millisecond (max 999999)`,
    );
  return new Timestamp(Number(millis), nanoOfMillisecond);
}

/** Bytes of variable part that Java's BinaryRowWriter reserves for a null value of `type` (0: none). */
function nullVarReservation(type: DataType): number {
  if (type.root === 'DECIMAL') return type.precision > 18 ? 16 : 0;
  if (type.root === 'TIMESTAMP' || type.root === 'TIMESTAMP_LTZ') return type.precision > 3 ? 8 : 0;
  return 0;
}

/** Big-endian two's complement, minimal length (Java `BigInteger.toByteArray`). */
function twosComplement(value: bigint): Uint8Array {
  let hex = (value < 0n ? -value : value).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  if (value >= 0n) return bytes[0]! & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes;
  // negate: invert and add one
  const inverted = bytes.map((b) => ~b & 0xff);
  for (let i = inverted.length - 1; i >= 0; i--) {
    inverted[i] = (inverted[i]! + 1) & 0xff;
    if (inverted[i] !== 0) break;
  }
  bytes = inverted;
  return bytes[0]! & 0x80 ? bytes : Uint8Array.from([0xff, ...bytes]);
}

function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  if (bytes[0]! & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/**
 * Total order used for min/max statistics, as the Java objects' `compareTo` in `SimpleColStatsCollector`s:
 * integers numerically, FLOAT/DOUBLE as `Double.compare` (-0.0 < 0.0 < … < +Infinity < NaN), strings and
 * binaries by unsigned bytes (UTF-8 order, `BinaryString.compareTo`, `SortUtil.compareBinary`), decimals by
 * value, timestamps by millis then nanos, false < true. Returns -1, 0 or 1.
 */
export function compareValues(type: DataType, a: unknown, b: unknown): number {
  switch (type.root) {
    case 'BIGINT':
      return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case 'BOOLEAN':
      return Number(a) - Number(b);
    case 'CHAR':
    case 'VARCHAR':
      return compareUtf8(a as string, b as string);
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.compare(a as Uint8Array, b as Uint8Array);
    case 'DECIMAL': {
      const x = decimalToUnscaled(a as string, type.scale);
      const y = decimalToUnscaled(b as string, type.scale);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return Math.sign((a as Timestamp).compareTo(b as Timestamp));
    case 'FLOAT':
    case 'DOUBLE':
      return compareJavaDouble(a as number, b as number);
    default:
      if (!isAtomic(type)) throw new BinaryRowError(`Values of type ${type.root} have no order`);
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
}

/** Java's `Double.compare` (and `Float.compare`): -0.0 < 0.0, NaN above +Infinity and equal to itself. */
function compareJavaDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return a !== 0 ? 0 : Object.is(a, -0) === Object.is(b, -0) ? 0 : Object.is(a, -0) ? -1 : 1;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/**
 * Strings in UTF-8 byte order (= code point order). UTF-16 unit order agrees except when a surrogate pair
 * meets a character in U+E000..U+FFFF, so the byte comparison runs only for strings with surrogates.
 */
function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  if (hasSurrogate(a) || hasSurrogate(b))
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : 1;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}
