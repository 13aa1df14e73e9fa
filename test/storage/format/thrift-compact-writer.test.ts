import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThriftError } from '../../../src/storage/errors.js';
import { ByteSink } from '../../../src/storage/format/byte-sink.js';
import {
  decodeThriftStruct,
  encodeThriftStruct,
  ThriftList,
  ThriftStruct,
  TType,
} from '../../../src/storage/format/parquet-thrift.js';
import { CompactWriter } from '../../../src/storage/format/thrift-compact-writer.js';

/** The generic codec of parquet-thrift.ts reads what the streaming writer wrote. */
function written(write: (w: CompactWriter) => void): ThriftStruct {
  const sink = new ByteSink(1);
  const w = new CompactWriter(sink);
  w.beginMessage();
  write(w);
  w.end();
  const { struct, end } = decodeThriftStruct(sink.bytes(), 'test');
  expect(end).toBe(sink.length);
  return struct;
}

describe('Thrift compact writer', () => {
  it('writes every field kind a Parquet footer uses, as the generic codec encodes them', () => {
    const bytes = new Uint8Array([1, 2, 255]);
    const struct = written((w) => {
      w.i32(1, -2147483648);
      w.i64(2, 9223372036854775807n);
      w.i64(3, -(2 ** 52));
      w.i16(4, -3);
      w.i8(5, 16);
      w.bool(6, true);
      w.bool(7, false);
      w.binary(8, bytes);
      w.string(9, 'grüße');
      w.beginList(10, TType.I32, 20);
      for (let i = 0; i < 20; i++) w.elementI32(i - 10);
      w.beginList(11, TType.STRUCT, 1);
      w.beginElementStruct();
      w.emptyStruct(1);
      w.end();
      w.beginStruct(40); // a field id delta above 15
      w.beginList(2, TType.BINARY, 1);
      w.elementBinary(bytes);
      w.end();
    });
    expect(struct.get(1)).toBe(-2147483648);
    expect(struct.get(2)).toBe(9223372036854775807n);
    expect(struct.get(3)).toBe(-(2n ** 52n));
    expect(struct.get(4)).toBe(-3);
    expect(struct.get(5)).toBe(16);
    expect([struct.get(6), struct.get(7)]).toEqual([true, false]);
    expect(struct.get(8)).toEqual(bytes);
    expect(Buffer.from(struct.get(9) as Uint8Array).toString('utf8')).toBe('grüße');
    expect(struct.list(10)!.items).toEqual(Array.from({ length: 20 }, (_, i) => i - 10));
    const element = struct.list(11)!.items[0] as ThriftStruct;
    expect(element.struct(1)?.fields.size).toBe(0);
    expect(struct.struct(40)!.list(2)!.items).toEqual([bytes]);
  });

  it('property: i32 and i64 values and field ids survive, and bytes equal the generic encoder', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
        fc.integer(),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        (ids, i32, i64) => {
          const sorted = [...ids].sort((a, b) => a - b);
          const expected = new ThriftStruct();
          const sink = new ByteSink(1);
          const w = new CompactWriter(sink);
          w.beginMessage();
          sorted.forEach((id, k) => {
            if (k % 2 === 0) {
              w.i32(id, i32);
              expected.set(id, TType.I32, i32);
            } else {
              w.i64(id, i64);
              expected.set(id, TType.I64, i64);
            }
          });
          w.end();
          expect(Buffer.from(sink.bytes()).equals(Buffer.from(encodeThriftStruct(expected)))).toBe(true);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });

  it('rejects field ids out of order and an end() without a struct', () => {
    const w = new CompactWriter(new ByteSink(1));
    w.beginMessage();
    w.i32(2, 0);
    expect(() => w.i32(2, 0)).toThrow(ThriftError);
    w.end();
    expect(() => w.end()).toThrow(ThriftError);
  });

  it('writes lists of 15 and more elements with a size varint', () => {
    const struct = written((w) => {
      w.beginList(1, TType.I32, 15);
      for (let i = 0; i < 15; i++) w.elementI32(i);
    });
    expect(struct.list(1)).toBeInstanceOf(ThriftList);
    expect(struct.list(1)!.items).toHaveLength(15);
  });
});
