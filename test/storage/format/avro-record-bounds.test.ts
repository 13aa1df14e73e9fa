import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroType } from '../../../src/storage/format/avro/container.js';
import { checkValueBounds } from '../../../src/storage/format/avro/record-bounds.js';

const SCHEMA = {
  type: 'record',
  name: 'r',
  fields: [
    { name: 'n', type: 'long' },
    { name: 's', type: 'string' },
    { name: 'xs', type: { type: 'array', items: 'long' } },
    { name: 'o', type: ['null', 'long'] },
  ],
};

/** Zig-zag varint of a safe integer, as Avro writes longs, lengths and counts. */
function varint(n: number): number[] {
  let z = n >= 0 ? BigInt(n) * 2n : -BigInt(n) * 2n - 1n;
  const out: number[] = [];
  do {
    out.push(Number(z & 0x7fn) | (z > 0x7fn ? 0x80 : 0));
    z >>= 7n;
  } while (z > 0n);
  return out;
}

describe('Avro bounds walk (record-bounds.ts)', () => {
  const type = avroType(SCHEMA);
  // Around every varint width (1..10 bytes) and the safe-integer ends, both signs.
  const edges = [
    0,
    1,
    -1,
    63,
    -64,
    64,
    -65,
    2 ** 48 - 1,
    -(2 ** 48),
    2 ** 48,
    2 ** 49,
    -(2 ** 49) - 1,
    2 ** 52,
  ];
  const longs = [...edges, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];

  it('ends where avsc ends for longs of every varint width, strings and arrays of any length', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...longs), fc.maxSafeInteger()),
        fc.string({ maxLength: 300, size: 'max' }),
        fc.array(fc.constantFrom(...longs), { maxLength: 70, size: 'max' }),
        fc.option(fc.constantFrom(...longs)),
        (n, s, xs, o) => {
          const bytes = type.toBuffer({ n, s, xs, o });
          expect(checkValueBounds(type, bytes, 0)).toBe(bytes.length);
          expect(type.decode(bytes, 0).offset).toBe(bytes.length);
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });

  it('reads array blocks with a negative count (count then byte size) as Avro allows', () => {
    const items = [5, -300, 2 ** 50];
    const body = items.flatMap(varint);
    const bytes = Uint8Array.from([
      ...varint(7),
      ...varint(0), // empty string
      ...varint(-items.length),
      ...varint(body.length),
      ...body,
      0, // end of the array
      ...varint(0), // union branch null
    ]);
    expect(checkValueBounds(type, bytes, 0)).toBe(bytes.length);
  });

  it('refuses lengths and counts past the end of the block', () => {
    const longString = Uint8Array.from([...varint(1), ...varint(2 ** 40), 0x61]);
    expect(() => checkValueBounds(type, longString, 0)).toThrow(/runs past the end/);
    const negative = Uint8Array.from([...varint(1), ...varint(-3)]);
    expect(() => checkValueBounds(type, negative, 0)).toThrow(/runs past the end/);
    const manyItems = Uint8Array.from([...varint(1), ...varint(0), ...varint(2 ** 45), 1, 1]);
    expect(() => checkValueBounds(type, manyItems, 0)).toThrow(/claims \d+ items/);
    const truncatedVarint = Uint8Array.from([0xff, 0xff]);
    expect(() => checkValueBounds(type, truncatedVarint, 0)).toThrow(/varint runs past the end/);
  });
});
