import type { ByteSink } from './byte-sink.js';
import { decimalByteWidth, type FlatLeaf } from './parquet-flat-columns.js';
import { int96FromEpochNanos } from './parquet-int96.js';
import { truncatedMax, truncatedMin } from './parquet-stats-truncation.js';
import {
  BooleanEncoder,
  compareBytes,
  exact,
  floatMinMax,
  int32Bytes,
  type MinMax,
  putCanonicalNaN,
  setCanonicalNaN,
} from './parquet-value-encoders.js';

/**
 * PLAIN encoders of Parquet values read straight from Arrow buffers (parquet-flat-arrow.ts), one per kind
 * of flat leaf. Each writes the bytes and keeps the statistics that the ValueEncoder of the same leaf
 * (parquet-value-encoders.ts) writes and keeps for the values `arrowToRows` makes of those buffers, so
 * that a file is the same from rows or from Arrow; values stay in their buffers' form (32-bit words for
 * 64- and 128-bit integers) instead of becoming numbers, bigints, strings or Timestamps.
 */

/** One record batch's part of a column (see parquet-flat-arrow.ts `partOf`). */
export interface ArrowPart {
  readonly length: number;
  /** Bit of row 0 in `validity` (and in `values` for BOOLEAN): the Data's offset. */
  readonly bit: number;
  /** Validity bits, 1 = value; undefined when every row has a value. */
  readonly validity: Uint8Array | undefined;
  /** The Data's values buffer (undefined for an all-null part, whose values are never read). */
  readonly values:
    | Int8Array
    | Int16Array
    | Int32Array
    | Uint32Array
    | Uint8Array
    | BigInt64Array
    | Float32Array
    | Float64Array
    | undefined;
  /** utf8/binary offsets, sliced with the Data: row i spans [offsets[i], offsets[i + 1]). */
  readonly offsets?: Int32Array | undefined;
}

export interface ArrowValueEncoder {
  /** Null rows seen so far. */
  nullCount: number;
  /**
   * Encodes rows [from, to) of `part` (levels from `levels[at]`), stopping before the first row reached
   * when `sink` holds `maxBytes` bytes or more; returns the rows encoded.
   */
  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number;
  endPage(sink: ByteSink): void;
  minMax(): MinMax | undefined;
}

/** The encoder of `leaf`'s values as Arrow holds them (arrow-schema.ts). */
export function arrowValueEncoder(leaf: FlatLeaf): ArrowValueEncoder {
  const type = leaf.field.type;
  switch (type.root) {
    case 'BOOLEAN':
      return new BooleanValues();
    case 'FLOAT':
      return new FloatValues(false);
    case 'DOUBLE':
      return new FloatValues(true);
    case 'BIGINT':
      return new Int64Values(2);
    case 'DECIMAL':
      // decimal128: four little-endian 32-bit words per value; the Parquet width as parquet-flat-columns.ts.
      if (type.precision <= 9) return new Int32Values(4);
      if (type.precision <= 18) return new Int64Values(4);
      return new FixedDecimalValues(decimalByteWidth(type.precision));
    case 'CHAR':
    case 'VARCHAR':
      return new ByteArrayValues(true);
    case 'BINARY':
    case 'VARBINARY':
      return new ByteArrayValues(false);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      // timestamp[ms] / [us] hold the INT64 value itself; [ns] (p > 6) goes out as INT96.
      return type.precision > 6 ? new Int96Values() : new Int64Values(2);
    default:
      // TINYINT, SMALLINT, INT, DATE (date32: days), TIME (time32[ms]): INT32.
      return new Int32Values(1);
  }
}

const isNull = (bits: Uint8Array, i: number) => ((bits[i >> 3]! >> (i & 7)) & 1) === 0;

/** How many values of `width` bytes a page takes before `sink` reaches `maxBytes` (checked before each). */
function valuesBefore(sink: ByteSink, maxBytes: number, width: number): number {
  return Math.max(0, Math.ceil((maxBytes - sink.length) / width));
}

/** The bytes of `values[from, from + n)` of a typed array. */
function rawBytes(values: ArrayBufferView, from: number, n: number, width: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset + from * width, n * width);
}

/** INT32 from int8/int16/int32/date32/time32 values (`stride` 1) or decimal128 words (`stride` 4, low word). */
class Int32Values implements ArrowValueEncoder {
  nullCount = 0;
  private min = 0;
  private max = 0;
  private any = false;

  constructor(private readonly stride: number) {}

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const values = part.values as ArrayLike<number>;
    const { validity, bit } = part;
    const stride = this.stride;
    let { min, max, any } = this;
    let i = from;
    let level = at;
    if (validity === undefined && values instanceof Int32Array) {
      // No nulls: the page's values are the buffer's bytes.
      const n = Math.min(to - from, valuesBefore(sink, maxBytes, 4));
      sink.append(rawBytes(values, from, n, 4));
      levels.fill(1, at, at + n);
      if (!any && n > 0) {
        min = max = values[from]!;
        any = true;
      }
      for (i = from; i < from + n; i++) {
        const v = values[i]!;
        if (v < min) min = v;
        else if (v > max) max = v;
      }
    } else {
      for (; i < to && sink.length < maxBytes; i++, level++) {
        if (validity !== undefined && isNull(validity, bit + i)) {
          levels[level] = 0;
          this.nullCount++;
          continue;
        }
        levels[level] = 1;
        const v = values[i * stride]! | 0;
        sink.int32(v);
        if (!any) {
          min = max = v;
          any = true;
        } else if (v < min) min = v;
        else if (v > max) max = v;
      }
    }
    this.min = min;
    this.max = max;
    this.any = any;
    return i - from;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return this.any ? exact(int32Bytes(this.min), int32Bytes(this.max)) : undefined;
  }
}

const NO_WORDS = new Uint32Array(0);

/**
 * INT64 from int64/timestamp values (`words` 2 per value) or decimal128 (`words` 4, the low two): compared
 * as (high signed, low unsigned) 32-bit words, which orders them as the numbers they are.
 */
class Int64Values implements ArrowValueEncoder {
  nullCount = 0;
  private minHigh = 0;
  private minLow = 0;
  private maxHigh = 0;
  private maxLow = 0;
  private any = false;

  constructor(private readonly words: number) {}

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const { validity, bit } = part;
    const stride = this.words;
    const source = part.values;
    const w =
      source === undefined
        ? NO_WORDS
        : new Uint32Array(source.buffer, source.byteOffset, source.byteLength >> 2);
    let { minHigh, minLow, maxHigh, maxLow, any } = this;
    let i = from;
    let level = at;
    const bulk = validity === undefined && stride === 2;
    const n = bulk ? Math.min(to - from, valuesBefore(sink, maxBytes, 8)) : 0;
    if (bulk) {
      sink.append(rawBytes(source!, from, n, 8));
      levels.fill(1, at, at + n);
    }
    for (; i < to && (bulk ? i < from + n : sink.length < maxBytes); i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      const low = w[i * stride]!;
      const high = w[i * stride + 1]! | 0;
      if (!bulk) {
        levels[level] = 1;
        sink.int32(low | 0);
        sink.int32(high);
      }
      if (!any) {
        minHigh = maxHigh = high;
        minLow = maxLow = low;
        any = true;
      } else if (high < minHigh || (high === minHigh && low < minLow)) {
        minHigh = high;
        minLow = low;
      } else if (high > maxHigh || (high === maxHigh && low > maxLow)) {
        maxHigh = high;
        maxLow = low;
      }
    }
    this.minHigh = minHigh;
    this.minLow = minLow;
    this.maxHigh = maxHigh;
    this.maxLow = maxLow;
    this.any = any;
    return i - from;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    if (!this.any) return undefined;
    const bytes = (high: number, low: number) => {
      const b = new Uint8Array(8);
      const view = new DataView(b.buffer);
      view.setUint32(0, low, true);
      view.setInt32(4, high, true);
      return b;
    };
    return exact(bytes(this.minHigh, this.minLow), bytes(this.maxHigh, this.maxLow));
  }
}

/** FLOAT / DOUBLE from float32 / float64 values; NaN and min/max as FloatEncoder writes and keeps them. */
class FloatValues implements ArrowValueEncoder {
  nullCount = 0;
  private min = Number.NaN;
  private max = Number.NaN;

  constructor(private readonly double: boolean) {}

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const values = part.values as Float32Array | Float64Array;
    const { validity, bit } = part;
    const double = this.double;
    const width = double ? 8 : 4;
    let { min, max } = this;
    let i = from;
    let level = at;
    const bulk = validity === undefined;
    const n = bulk ? Math.min(to - from, valuesBefore(sink, maxBytes, width)) : 0;
    let start = sink.length;
    if (bulk) {
      sink.append(rawBytes(values, from, n, width));
      levels.fill(1, at, at + n);
    }
    for (; i < to && (bulk ? i < from + n : sink.length < maxBytes); i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      const v = values[i]!;
      if (bulk) {
        // the copied bytes may be any NaN: the one the row path writes instead
        if (Number.isNaN(v)) setCanonicalNaN(sink, start, double);
        start += width;
      } else {
        levels[level] = 1;
        if (Number.isNaN(v)) putCanonicalNaN(sink, double);
        else if (double) sink.float64(v);
        else sink.float32(v);
      }
      if (Number.isNaN(v)) continue;
      if (!(v >= min)) min = v;
      if (!(v <= max)) max = v;
    }
    this.min = min;
    this.max = max;
    return i - from;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return floatMinMax(this.min, this.max, this.double);
  }
}

/** DECIMAL(p > 18) from decimal128 words: the low `width` bytes, big-endian; ordered as 128-bit integers. */
class FixedDecimalValues implements ArrowValueEncoder {
  nullCount = 0;
  private readonly min = new Uint32Array(4);
  private readonly max = new Uint32Array(4);
  private any = false;
  private readonly scratch: Uint8Array;

  constructor(private readonly width: number) {
    this.scratch = new Uint8Array(width);
  }

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const words = part.values as Uint32Array;
    const { validity, bit } = part;
    let i = from;
    let level = at;
    for (; i < to && sink.length < maxBytes; i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      levels[level] = 1;
      const value = words.subarray(i * 4, i * 4 + 4);
      sink.append(this.bytes(value));
      if (!this.any) {
        this.min.set(value);
        this.max.set(value);
        this.any = true;
      } else if (compare128(value, this.min) < 0) this.min.set(value);
      else if (compare128(value, this.max) > 0) this.max.set(value);
    }
    return i - from;
  }

  private bytes(value: Uint32Array): Uint8Array {
    const out = this.scratch;
    for (let k = 0; k < this.width; k++) out[this.width - 1 - k] = (value[k >> 2]! >>> ((k & 3) * 8)) & 0xff;
    return out;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    if (!this.any) return undefined;
    const min = this.bytes(this.min).slice();
    return exact(min, this.bytes(this.max).slice());
  }
}

/** Two 128-bit two's-complement integers as four little-endian words each. */
function compare128(a: Uint32Array, b: Uint32Array): number {
  if (a[3] !== b[3]) return (a[3]! | 0) - (b[3]! | 0);
  for (let w = 2; w >= 0; w--) if (a[w] !== b[w]) return a[w]! - b[w]!;
  return 0;
}

/** BOOLEAN from Arrow's value bits (which start at the Data's offset, as its validity does). */
class BooleanValues implements ArrowValueEncoder {
  nullCount = 0;
  private readonly encoder = new BooleanEncoder();

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const bits = part.values as Uint8Array;
    const { validity, bit } = part;
    let i = from;
    let level = at;
    for (; i < to && sink.length < maxBytes; i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      levels[level] = 1;
      this.encoder.put(sink, !isNull(bits, bit + i));
    }
    return i - from;
  }

  endPage(sink: ByteSink): void {
    this.encoder.endPage(sink);
  }

  minMax(): MinMax | undefined {
    return this.encoder.minMax();
  }
}

/** BYTE_ARRAY from utf8/binary offsets and bytes (text already checked well-formed); byte-wise order. */
class ByteArrayValues implements ArrowValueEncoder {
  nullCount = 0;
  private min: Uint8Array | undefined;
  private max: Uint8Array | undefined;

  constructor(private readonly text: boolean) {}

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const bytes = part.values as Uint8Array;
    const offsets = part.offsets!;
    const { validity, bit } = part;
    let i = from;
    let level = at;
    for (; i < to && sink.length < maxBytes; i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      levels[level] = 1;
      const start = offsets[i]!;
      const length = offsets[i + 1]! - start;
      sink.int32(length);
      sink.appendRange(bytes, start, start + length);
      if (this.min === undefined || compareBytes(bytes, start, length, this.min) < 0)
        this.min = bytes.slice(start, start + length);
      if (this.max === undefined || compareBytes(bytes, start, length, this.max) > 0)
        this.max = bytes.slice(start, start + length);
    }
    return i - from;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    if (this.min === undefined || this.max === undefined) return undefined;
    const min = truncatedMin(this.min, this.text);
    const max = truncatedMax(this.max, this.text);
    return { min: min.bytes, max: max.bytes, minExact: min.exact, maxExact: max.exact };
  }
}

/** TIMESTAMP(7..9) from timestamp[ns] values: INT96, no statistics (as Int96Encoder). */
class Int96Values implements ArrowValueEncoder {
  nullCount = 0;

  put(
    sink: ByteSink,
    levels: Uint8Array,
    at: number,
    part: ArrowPart,
    from: number,
    to: number,
    maxBytes: number,
  ): number {
    const nanos = part.values as BigInt64Array;
    const { validity, bit } = part;
    let i = from;
    let level = at;
    for (; i < to && sink.length < maxBytes; i++, level++) {
      if (validity !== undefined && isNull(validity, bit + i)) {
        levels[level] = 0;
        this.nullCount++;
        continue;
      }
      levels[level] = 1;
      sink.append(int96FromEpochNanos(nanos[i]!));
    }
    return i - from;
  }

  endPage(): void {}

  minMax(): undefined {
    return undefined;
  }
}
