import type { ByteSink } from './byte-sink.js';

/**
 * Parquet's RLE / bit-packing hybrid encoding (parquet-format Encodings.md, "RLE"), as data pages v1 store
 * definition levels: a sequence of runs, each a ULEB128 header then either
 *   - an RLE run: header `count << 1`, the value in ceil(bitWidth / 8) bytes (little-endian), or
 *   - a bit-packed run: header `groups << 1 | 1`, then `groups` groups of 8 values, each packed into
 *     `bitWidth` bytes, least significant bit first.
 * A run of 8 or more equal values starting at a group boundary is written as an RLE run, anything else
 * bit-packed; the last group is padded with zeros (readers stop at the page's value count).
 * `bitWidth` is 1..8 (a flat column's definition levels are 0 or 1).
 */
export function writeRleHybrid(sink: ByteSink, values: Uint8Array, count: number, bitWidth: number): void {
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 8)
    throw new RangeError(`RLE hybrid bit width ${bitWidth} not in 1..8`);
  let packedFrom = 0; // start of the values not yet written, all to be bit-packed
  let i = 0;
  while (i < count) {
    const value = values[i]!;
    let run = i + 1;
    while (run < count && values[run] === value) run++;
    const length = run - i;
    if (length >= 8) {
      writeBitPacked(sink, values, packedFrom, i, bitWidth);
      sink.varint(length * 2);
      sink.byte(value);
      i = run;
      packedFrom = i;
    } else {
      // Not worth a run: the group of 8 from here (or what is left) goes bit-packed, so `i` stays on a
      // group boundary of the pending bit-packed values, where the next run may start.
      i = Math.min(i + 8, count);
    }
  }
  writeBitPacked(sink, values, packedFrom, count, bitWidth);
}

/** Values [from, to) as one bit-packed run (nothing when empty). */
function writeBitPacked(
  sink: ByteSink,
  values: Uint8Array,
  from: number,
  to: number,
  bitWidth: number,
): void {
  if (to <= from) return;
  const groups = Math.ceil((to - from) / 8);
  sink.varint(groups * 2 + 1);
  sink.reserve(groups * bitWidth);
  let accumulator = 0;
  let bits = 0;
  const end = from + groups * 8;
  for (let i = from; i < end; i++) {
    accumulator |= (i < to ? values[i]! : 0) << bits;
    bits += bitWidth;
    while (bits >= 8) {
      sink.byte(accumulator & 0xff);
      accumulator >>>= 8;
      bits -= 8;
    }
  }
}
