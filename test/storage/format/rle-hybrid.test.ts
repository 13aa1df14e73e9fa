import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteSink } from '../../../src/storage/format/byte-sink.js';
import { writeRleHybrid } from '../../../src/storage/format/rle-hybrid.js';

/** A decoder written from parquet-format's Encodings.md ("Run Length Encoding / Bit-Packing Hybrid"). */
function decode(bytes: Uint8Array, bitWidth: number, count: number): number[] {
  const out: number[] = [];
  let at = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return v;
      shift += 7;
    }
  };
  while (out.length < count) {
    if (at >= bytes.length) throw new Error(`ran out of runs after ${out.length} values`);
    const header = varint();
    if (header % 2 === 0) {
      const value = bytes[at++]!; // ceil(bitWidth / 8) = 1 byte
      for (let i = 0; i < header / 2; i++) out.push(value);
    } else {
      const values = ((header - 1) / 2) * 8;
      for (let i = 0; i < values; i++) {
        const bit = i * bitWidth;
        let v = 0;
        for (let b = 0; b < bitWidth; b++) {
          const at2 = at * 8 + bit + b;
          v |= ((bytes[at2 >> 3]! >> (at2 & 7)) & 1) << b;
        }
        out.push(v);
      }
      at += ((header - 1) / 2) * bitWidth;
    }
  }
  if (at !== bytes.length) throw new Error(`${bytes.length - at} bytes left over`);
  return out.slice(0, count);
}

function encode(values: readonly number[], bitWidth: number): Uint8Array {
  const sink = new ByteSink(4);
  writeRleHybrid(sink, Uint8Array.from(values), values.length, bitWidth);
  return sink.bytes();
}

describe('RLE / bit-packing hybrid encoder', () => {
  it('writes a run of equal levels as one RLE run', () => {
    expect([...encode(Array(10).fill(1), 1)]).toEqual([10 << 1, 1]);
    expect([...encode(Array(300).fill(0), 1)]).toEqual([0xd8, 0x04, 0]); // varint 600
  });

  it('bit-packs short runs, least significant bit first, padding the last group', () => {
    // 1,0,1,1,0 → one group: 0b01101
    expect([...encode([1, 0, 1, 1, 0], 1)]).toEqual([(1 << 1) | 1, 0b01101]);
  });

  it('mixes bit-packed groups and runs that start on group boundaries', () => {
    const values = [1, 0, 1, 0, 1, 0, 1, 0, ...Array(20).fill(1), 0];
    expect([...encode(values, 1)]).toEqual([3, 0b01010101, 40, 1, 3, 0]);
  });

  it('property: decodes to what was encoded, bit widths 1..8', () => {
    const runs = fc.array(fc.tuple(fc.nat({ max: 255 }), fc.integer({ min: 1, max: 30 })), { maxLength: 20 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), runs, (bitWidth, pieces) => {
        const values = pieces.flatMap(([v, n]) => Array<number>(n).fill(v & ((1 << bitWidth) - 1)));
        expect(decode(encode(values, bitWidth), bitWidth, values.length)).toEqual(values);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects bit widths it cannot write', () => {
    expect(() => encode([0], 0)).toThrow(RangeError);
    expect(() => encode([0], 9)).toThrow(RangeError);
  });
});
