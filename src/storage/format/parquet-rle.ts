import { ParquetCorruption } from './parquet-metadata.js';

/**
 * Parquet's RLE / bit-packing hybrid (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing
 * Hybrid"): definition levels, dictionary indices and RLE booleans. A run header is a ULEB128 varint; its low
 * bit says bit-packed (groups of 8 values, `bitWidth` bits each, least significant bit first) or RLE (one
 * value, `ceil(bitWidth / 8)` little-endian bytes, repeated header >> 1 times).
 */

/** 2^k for k in 0..32: bit-packed values wider than 30 bits do not fit JS's 32-bit shifts. */
const POW2 = Array.from({ length: 33 }, (_, k) => 2 ** k);

/**
 * Decodes `count` values of `bitWidth` bits from `bytes[at..end)` into `out[0..count)`; returns the position
 * after the last run read. Runs beyond `count` values are not read.
 */
export function readHybrid(
  bytes: Uint8Array,
  at: number,
  end: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint32Array | Uint8Array,
): number {
  if (bitWidth < 0 || bitWidth > 32) throw new ParquetCorruption(`bit width ${bitWidth} is not in 0..32`);
  const valueBytes = (bitWidth + 7) >> 3;
  const mask = bitWidth >= 31 ? -1 : (1 << bitWidth) - 1;
  let pos = at;
  let n = 0;
  while (n < count) {
    // ULEB128 run header
    let header = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end) throw new ParquetCorruption(`RLE/bit-packed data ends after ${n} of ${count} values`);
      if (shift > 28) throw new ParquetCorruption('RLE/bit-packed run header too long');
      const b = bytes[pos++]!;
      header += (b & 0x7f) * POW2[shift]!;
      if ((b & 0x80) === 0) break;
    }
    if (header === 0) throw new ParquetCorruption('RLE run of length 0');
    if (header % 2 === 0) {
      const run = Math.min(header / 2, count - n);
      if (pos + valueBytes > end) throw new ParquetCorruption('RLE run value runs past the end of the data');
      let value = 0;
      for (let b = 0; b < valueBytes; b++) value += bytes[pos + b]! * POW2[8 * b]!;
      pos += valueBytes;
      out.fill(value, n, n + run);
      n += run;
    } else {
      const groupBytes = ((header - 1) / 2) * bitWidth; // (groups of 8 values) × bitWidth bits / 8
      const values = Math.min(((header - 1) / 2) * 8, count - n);
      if (header === 1) throw new ParquetCorruption('bit-packed run of 0 groups');
      // The last run may stop short of its padded groups: only the bytes of the values needed must be there.
      const needed = Math.ceil((values * bitWidth) / 8);
      if (pos + needed > end) throw new ParquetCorruption('bit-packed run runs past the end of the data');
      if (bitWidth === 0) out.fill(0, n, n + values);
      else if (bitWidth <= 24) unpackNarrow(bytes, pos, bitWidth, mask, values, out, n);
      else unpackWide(bytes, pos, bitWidth, values, out, n);
      n += values;
      pos = Math.min(pos + groupBytes, end);
    }
  }
  return pos;
}

/** Bit-unpacking through a 32-bit accumulator (enough for widths up to 24 bits). */
function unpackNarrow(
  bytes: Uint8Array,
  at: number,
  bitWidth: number,
  mask: number,
  count: number,
  out: Int32Array | Uint32Array | Uint8Array,
  outAt: number,
): void {
  let pos = at;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < count; i++) {
    while (bits < bitWidth) {
      buffer |= bytes[pos++]! << bits;
      bits += 8;
    }
    out[outAt + i] = buffer & mask;
    buffer >>>= bitWidth;
    bits -= bitWidth;
  }
}

/** Bit-unpacking of widths 25..32, value by value with arithmetic instead of shifts. */
function unpackWide(
  bytes: Uint8Array,
  at: number,
  bitWidth: number,
  count: number,
  out: Int32Array | Uint32Array | Uint8Array,
  outAt: number,
): void {
  let bit = at * 8;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let got = 0;
    while (got < bitWidth) {
      const offset = bit & 7;
      const take = Math.min(8 - offset, bitWidth - got);
      value += ((bytes[(bit - offset) / 8]! >> offset) & ((1 << take) - 1)) * POW2[got]!;
      got += take;
      bit += take;
    }
    out[outAt + i] = value;
  }
}

/** Bits needed for values 0..max (the bit width of dictionary indices or levels). */
export function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}
