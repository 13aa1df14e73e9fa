/**
 * A growable little-endian byte buffer: what the Parquet writer (parquet-flat-writer.ts) encodes pages and
 * its footer into. Appends are amortized O(1) (the buffer doubles); `bytes()` is a view, not a copy.
 */
export class ByteSink {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 256) {
    this.buffer = new Uint8Array(capacity);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const needed = this.length + n;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Bytes it can hold before growing. */
  get capacity(): number {
    return this.buffer.length;
  }

  /** Empties the sink, keeping its capacity. */
  reset(): void {
    this.length = 0;
  }

  /** The whole underlying buffer (valid up to `length`): for reading back what was just written. */
  get raw(): Uint8Array {
    return this.buffer;
  }

  /** The bytes written so far: a view that the next write may invalidate. */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** `source[start, end)`, without making a subarray of it for short ranges (a subarray costs ~100 ns). */
  appendRange(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const buffer = this.buffer;
    let at = this.length;
    if (n > 32) buffer.set(source.subarray(start, end), at);
    else for (let i = start; i < end; i++) buffer[at++] = source[i]!;
    this.length += n;
  }

  /** UTF-8 of `text` at the current end; returns the number of bytes written. */
  utf8(text: string): number {
    this.reserve(text.length * 3);
    const written = encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
    this.length += written;
    return written;
  }

  int32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }

  /** A 64-bit integer given as a bigint or as a safe integer number. */
  int64(v: number | bigint): void {
    this.reserve(8);
    if (typeof v === 'bigint') this.view.setBigInt64(this.length, v, true);
    else {
      const high = Math.floor(v / 0x1_0000_0000);
      this.view.setUint32(this.length, v - high * 0x1_0000_0000, true);
      this.view.setInt32(this.length + 4, high, true);
    }
    this.length += 8;
  }

  float32(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }

  float64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  varint(n: number): void {
    this.reserve(8);
    let v = n;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /** Overwrites 4 bytes at `at` (a length prefix reserved earlier). */
  setUint32(at: number, v: number): void {
    this.view.setUint32(at, v, true);
  }
}

const encoder = new TextEncoder();
