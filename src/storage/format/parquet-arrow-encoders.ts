import type { ByteSink } from './byte-sink.js';
import {
  BooleanValues,
  ByteArrayValues,
  FixedDecimalValues,
  Int96Values,
} from './parquet-arrow-byte-encoders.js';
import {
  type ArrowPart,
  type ArrowValueEncoder,
  isNull,
  rawBytes,
  valuesBefore,
} from './parquet-arrow-part.js';
import { decimalByteWidth, type FlatLeaf } from './parquet-flat-columns.js';
import {
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

export type { ArrowPart, ArrowValueEncoder };

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
