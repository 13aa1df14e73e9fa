import type { ByteSink } from './byte-sink.js';
import type { MinMax } from './parquet-value-encoders.js';

/** What the Arrow-input encoders (parquet-arrow-encoders.ts, parquet-arrow-byte-encoders.ts) share. */

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

export const isNull = (bits: Uint8Array, i: number) => ((bits[i >> 3]! >> (i & 7)) & 1) === 0;

/** How many values of `width` bytes a page takes before `sink` reaches `maxBytes` (checked before each). */
export function valuesBefore(sink: ByteSink, maxBytes: number, width: number): number {
  return Math.max(0, Math.ceil((maxBytes - sink.length) / width));
}

/** The bytes of `values[from, from + n)` of a typed array. */
export function rawBytes(values: ArrayBufferView, from: number, n: number, width: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset + from * width, n * width);
}
