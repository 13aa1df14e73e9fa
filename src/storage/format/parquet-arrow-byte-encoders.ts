import type { ByteSink } from './byte-sink.js';
import { type ArrowPart, type ArrowValueEncoder, isNull } from './parquet-arrow-part.js';
import { int96FromEpochNanos } from './parquet-int96.js';
import { truncatedMax, truncatedMin } from './parquet-stats-truncation.js';
import { BooleanEncoder, compareBytes, exact, type MinMax } from './parquet-value-encoders.js';

/** Arrow-input encoders of DECIMAL(p > 18), BOOLEAN, byte arrays and INT96 (see parquet-arrow-encoders.ts). */

/** DECIMAL(p > 18) from decimal128 words: the low `width` bytes, big-endian; ordered as 128-bit integers. */
export class FixedDecimalValues implements ArrowValueEncoder {
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
export class BooleanValues implements ArrowValueEncoder {
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
export class ByteArrayValues implements ArrowValueEncoder {
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
export class Int96Values implements ArrowValueEncoder {
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
