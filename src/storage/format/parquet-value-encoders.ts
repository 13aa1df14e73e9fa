import type { Timestamp } from '../spec/values.js';
import type { ByteSink } from './byte-sink.js';
import { int96FromEpochNanos } from './parquet-int96.js';
import { truncatedMax, truncatedMin } from './parquet-stats-truncation.js';

/**
 * PLAIN encoders of Parquet values (parquet-format Encodings.md, "Plain") that keep a column chunk's
 * min/max statistics in the sort order of the column's type (parquet-flat-columns.ts picks one per leaf).
 * Values come in the value model of values.ts, turned into the physical value by a converter where the
 * Paimon type needs one (decimals, timestamps).
 */

/** Min/max statistics of a column chunk as Parquet stores them (little-endian, or big-endian decimals). */
export interface MinMax {
  readonly min: Uint8Array;
  readonly max: Uint8Array;
  readonly minExact: boolean;
  readonly maxExact: boolean;
}

/** Encodes non-null values of one column, PLAIN, and tracks their min/max. */
export interface ValueEncoder {
  put(sink: ByteSink, value: unknown): void;
  /** Ends a data page (booleans flush their last partial byte). */
  endPage(sink: ByteSink): void;
  /** Statistics of every value put so far; undefined when none counts (all null, or all NaN). */
  minMax(): MinMax | undefined;
}

export function int32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

export function int64Bytes(v: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  const view = new DataView(b.buffer);
  if (typeof v === 'bigint') view.setBigInt64(0, v, true);
  else {
    const high = Math.floor(v / 0x1_0000_0000);
    view.setUint32(0, v - high * 0x1_0000_0000, true);
    view.setInt32(4, high, true);
  }
  return b;
}

export function exact(min: Uint8Array, max: Uint8Array): MinMax {
  return { min, max, minExact: true, maxExact: true };
}

export class BooleanEncoder implements ValueEncoder {
  private bits = 0;
  private count = 0;
  private seen = 0; // bit 0: false seen, bit 1: true seen

  put(sink: ByteSink, value: unknown): void {
    if (value === true) {
      this.bits |= 1 << this.count;
      this.seen |= 2;
    } else this.seen |= 1;
    if (++this.count === 8) this.flush(sink);
  }

  endPage(sink: ByteSink): void {
    if (this.count > 0) this.flush(sink);
  }

  private flush(sink: ByteSink): void {
    sink.byte(this.bits);
    this.bits = 0;
    this.count = 0;
  }

  minMax(): MinMax | undefined {
    if (this.seen === 0) return undefined;
    return exact(Uint8Array.of(this.seen & 1 ? 0 : 1), Uint8Array.of(this.seen & 2 ? 1 : 0));
  }
}

export class Int32Encoder implements ValueEncoder {
  private min = 0;
  private max = 0;
  private any = false;

  constructor(private readonly convert: (v: unknown) => number) {}

  put(sink: ByteSink, value: unknown): void {
    const v = this.convert(value);
    sink.int32(v);
    if (!this.any) {
      this.min = this.max = v;
      this.any = true;
    } else if (v < this.min) this.min = v;
    else if (v > this.max) this.max = v;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return this.any ? exact(int32Bytes(this.min), int32Bytes(this.max)) : undefined;
  }
}

/** INT64 values given as bigints or safe integers (JS compares the two kinds with each other exactly). */
export class Int64Encoder implements ValueEncoder {
  private min: number | bigint = 0;
  private max: number | bigint = 0;
  private any = false;

  constructor(private readonly convert: (v: unknown) => number | bigint) {}

  put(sink: ByteSink, value: unknown): void {
    const v = this.convert(value);
    sink.int64(v);
    if (!this.any) {
      this.min = this.max = v;
      this.any = true;
    } else if (v < this.min) this.min = v;
    else if (v > this.max) this.max = v;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return this.any ? exact(int64Bytes(this.min), int64Bytes(this.max)) : undefined;
  }
}

/**
 * FLOAT/DOUBLE. NaN takes no part in min/max (all NaN: no min/max); a zero min is written as -0 and a zero
 * max as +0 (parquet-format: "+0.0 and -0.0 ... min -0.0, max +0.0"; parquet-java's `FloatStatistics`
 * reader and arrow-rs' writer do the same), so that either zero matches a filter.
 */
export class FloatEncoder implements ValueEncoder {
  private min = Number.NaN;
  private max = Number.NaN;

  constructor(private readonly double: boolean) {}

  put(sink: ByteSink, value: unknown): void {
    const v = this.double ? (value as number) : Math.fround(value as number);
    if (Number.isNaN(v)) {
      putCanonicalNaN(sink, this.double);
      return;
    }
    if (this.double) sink.float64(v);
    else sink.float32(v);
    if (!(v >= this.min)) this.min = v; // also when min is still NaN
    if (!(v <= this.max)) this.max = v;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return floatMinMax(this.min, this.max, this.double);
  }
}

/** FLOAT/DOUBLE statistics of a chunk whose non-NaN values span [min, max] (NaN: none), zeros widened. */
export function floatMinMax(min: number, max: number, double: boolean): MinMax | undefined {
  if (Number.isNaN(min)) return undefined;
  const bytes = (v: number) => {
    const b = new Uint8Array(double ? 8 : 4);
    const view = new DataView(b.buffer);
    if (double) view.setFloat64(0, v, true);
    else view.setFloat32(0, v, true);
    return b;
  };
  return exact(bytes(min === 0 ? -0 : min), bytes(max === 0 ? 0 : max));
}

/**
 * Every NaN as the one quiet NaN (0x7fc00000, 0x7ff8000000000000): V8 keeps a NaN's payload bits in some
 * places and not in others (a NaN read from a Float64Array and stored in a JS array may change), so the
 * bytes of a NaN would depend on the path a value took; Parquet gives NaN payloads no meaning.
 */
export function putCanonicalNaN(sink: ByteSink, double: boolean): void {
  const at = sink.length;
  sink.reserve(double ? 8 : 4);
  sink.length += double ? 8 : 4;
  setCanonicalNaN(sink, at, double);
}

/** Overwrites the value at `at` (written earlier) with the canonical NaN. */
export function setCanonicalNaN(sink: ByteSink, at: number, double: boolean): void {
  if (double) {
    sink.setUint32(at, 0);
    sink.setUint32(at + 4, 0x7ff80000);
  } else sink.setUint32(at, 0x7fc00000);
}

/** DECIMAL(p > 18): big-endian two's complement in `width` bytes; ordered by value. */
export class FixedDecimalEncoder implements ValueEncoder {
  private min = 0n;
  private max = 0n;
  private any = false;

  constructor(
    private readonly width: number,
    private readonly convert: (v: unknown) => bigint,
  ) {}

  put(sink: ByteSink, value: unknown): void {
    const v = this.convert(value);
    sink.append(this.bytes(v));
    if (!this.any) {
      this.min = this.max = v;
      this.any = true;
    } else if (v < this.min) this.min = v;
    else if (v > this.max) this.max = v;
  }

  private bytes(v: bigint): Uint8Array {
    const out = new Uint8Array(this.width);
    let rest = BigInt.asUintN(this.width * 8, v);
    for (let i = this.width - 1; i >= 0; i--) {
      out[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return out;
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    return this.any ? exact(this.bytes(this.min), this.bytes(this.max)) : undefined;
  }
}

/** BYTE_ARRAY (strings as UTF-8): a 4-byte length then the bytes; ordered byte-wise, unsigned. */
export class ByteArrayEncoder implements ValueEncoder {
  private min: Uint8Array | undefined;
  private max: Uint8Array | undefined;

  constructor(private readonly text: boolean) {}

  put(sink: ByteSink, value: unknown): void {
    const at = sink.length;
    sink.int32(0);
    let length: number;
    if (this.text) length = sink.utf8(value as string);
    else {
      const bytes = value as Uint8Array;
      sink.append(bytes);
      length = bytes.length;
    }
    sink.setUint32(at, length);
    const buffer = sink.raw;
    const start = at + 4;
    if (this.min === undefined || compareBytes(buffer, start, length, this.min) < 0)
      this.min = buffer.slice(start, start + length);
    if (this.max === undefined || compareBytes(buffer, start, length, this.max) > 0)
      this.max = buffer.slice(start, start + length);
  }

  endPage(): void {}

  minMax(): MinMax | undefined {
    if (this.min === undefined || this.max === undefined) return undefined;
    const min = truncatedMin(this.min, this.text);
    const max = truncatedMax(this.max, this.text);
    return { min: min.bytes, max: max.bytes, minExact: min.exact, maxExact: max.exact };
  }
}

/** `a[start, start + length)` against `b`, byte-wise unsigned. */
export function compareBytes(a: Uint8Array, start: number, length: number, b: Uint8Array): number {
  const n = Math.min(length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[start + i]! - b[i]!;
    if (d !== 0) return d;
  }
  return length - b.length;
}

/** TIMESTAMP(7..9): INT96 as Paimon Java writes it (parquet-int96.ts); no order, so no statistics. */
export class Int96Encoder implements ValueEncoder {
  put(sink: ByteSink, value: unknown): void {
    sink.append(int96FromEpochNanos((value as Timestamp).toEpochNanos()));
  }

  endPage(): void {}

  minMax(): undefined {
    return undefined;
  }
}
