import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryRowError } from '../../../src/storage/errors.js';
import {
  compareValues,
  decodeBinaryRow,
  EMPTY_BINARY_ROW,
  encodeBinaryRow,
} from '../../../src/storage/spec/binary-row.js';
import { type DataType, parseDataType } from '../../../src/storage/spec/data-types.js';
import { decimalFromUnscaled, Timestamp } from '../../../src/storage/spec/values.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('BinaryRow', () => {
  it('matches the documented Paimon vector: arity 2, ("1", 1)', () => {
    const bytes = encodeBinaryRow([parseDataType('STRING'), parseDataType('INT')], ['1', 1]);
    expect(hex(bytes)).toBe('00000002' + '0000000000000000' + '3100000000000081' + '0100000000000000');
  });

  it('writes the empty row as Paimon does and puts long strings in the variable part', () => {
    expect(hex(EMPTY_BINARY_ROW)).toBe('000000000000000000000000');
    const bytes = encodeBinaryRow([parseDataType('STRING')], ['longer than 7']);
    // slot = offset 16 << 32 | length 13; variable part padded to 8 bytes
    expect(hex(bytes)).toBe(
      '00000001' +
        '0000000000000000' +
        '0d00000010000000' +
        Buffer.from('longer than 7').toString('hex') +
        '000000',
    );
    expect(hex(encodeBinaryRow([parseDataType('INT')], [null]))).toBe(
      '00000001' + '0001000000000000' + '0000000000000000',
    );
  });

  const atomic: fc.Arbitrary<[DataType, fc.Arbitrary<unknown>]> = fc.constantFrom(
    ...(
      [
        ['BOOLEAN', fc.boolean()],
        ['TINYINT', fc.integer({ min: -128, max: 127 })],
        ['SMALLINT', fc.integer({ min: -32768, max: 32767 })],
        ['INT', fc.integer()],
        ['BIGINT', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
        ['BOOLEAN', fc.boolean()],
        ['TINYINT', fc.integer({ min: -128, max: 127 })],
        ['SMALLINT', fc.integer({ min: -32768, max: 32767 })],
        ['BIGINT', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
        ['CHAR(3)', fc.string({ maxLength: 3 })],
        ['VARBINARY(9)', fc.uint8Array({ maxLength: 9 })],
        ['TIME', fc.integer({ min: 0, max: 86_399_999 })],
        [
          'DECIMAL(38, 0)',
          fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }).map((u) => decimalFromUnscaled(u, 0)),
        ],
        [
          'TIMESTAMP_LTZ(6)',
          fc
            .tuple(fc.integer({ min: -1e12, max: 1e13 }), fc.integer({ min: 0, max: 999 }))
            .map(([ms, us]) => new Timestamp(ms, us * 1000)),
        ],
        ['FLOAT', fc.float({ noNaN: true }).map(Math.fround)],
        ['DOUBLE', fc.double({ noNaN: true })],
        ['STRING', fc.string({ maxLength: 30 })],
        ['BYTES', fc.uint8Array({ maxLength: 20 })],
        [
          'DECIMAL(10, 2)',
          fc.bigInt({ min: -(10n ** 10n) + 1n, max: 10n ** 10n - 1n }).map((u) => decimalFromUnscaled(u, 2)),
        ],
        [
          'DECIMAL(30, 4)',
          fc.bigInt({ min: -(10n ** 30n) + 1n, max: 10n ** 30n - 1n }).map((u) => decimalFromUnscaled(u, 4)),
        ],
        ['DATE', fc.integer({ min: -100000, max: 100000 })],
        ['TIMESTAMP(3)', fc.integer({ min: -1e12, max: 1e13 }).map((ms) => new Timestamp(ms))],
        [
          'TIMESTAMP(9)',
          fc
            .tuple(fc.integer({ min: -1e12, max: 1e13 }), fc.integer({ min: 0, max: 999_999 }))
            .map(([ms, ns]) => new Timestamp(ms, ns)),
        ],
      ] as const
    ).map(
      ([t, arb]) => [parseDataType(t), arb as fc.Arbitrary<unknown>] as [DataType, fc.Arbitrary<unknown>],
    ),
  );

  it('round-trips generated rows of every supported type, with nulls', () => {
    const row = fc
      .array(atomic, { maxLength: 12 })
      .chain((cols) =>
        fc.tuple(
          fc.constant(cols.map((c) => c[0])),
          fc.tuple(...cols.map((c) => fc.option(c[1], { nil: null }))),
        ),
      );
    fc.assert(
      fc.property(row, ([types, values]) => {
        expect(decodeBinaryRow(types, encodeBinaryRow(types, values))).toEqual(values);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('reserves the variable part for nulls of non-compact decimals and timestamps, as BinaryRowWriter', () => {
    // RowHelper hands these nulls to writeDecimal/writeTimestamp: 16 (8) zero bytes, slot = offset << 32.
    const types = ['DECIMAL(20, 2)', 'TIMESTAMP(6)', 'DECIMAL(18, 2)', 'TIMESTAMP(3)'].map(parseDataType);
    expect(hex(encodeBinaryRow(types, [null, null, null, null]))).toBe(
      '00000004' +
        '000f000000000000' +
        '0000000028000000' +
        '0000000038000000' +
        '0000000000000000' +
        '0000000000000000' +
        '00'.repeat(16) +
        '00'.repeat(8),
    );
    expect(decodeBinaryRow(types, encodeBinaryRow(types, [null, null, null, null]))).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('writes the other fixed-size types little-endian in their slot', () => {
    const types = ['BOOLEAN', 'SMALLINT', 'DOUBLE', 'DECIMAL(10, 2)', 'TIMESTAMP(6)'].map(parseDataType);
    const bytes = encodeBinaryRow(types, [true, -2, 1.5, '-0.01', new Timestamp(1, 2000)]);
    expect(hex(bytes)).toBe(
      '00000005' +
        '0000000000000000' +
        '0100000000000000' +
        'feff000000000000' +
        '000000000000f83f' +
        'ffffffffffffffff' +
        'd007000030000000' +
        '0100000000000000',
    );
  });

  it('orders values as Java compareTo does', () => {
    const double = parseDataType('DOUBLE');
    const sorted = [Number.NEGATIVE_INFINITY, -1, -0, 0, 1, Number.POSITIVE_INFINITY, Number.NaN];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++) {
        expect(compareValues(double, sorted[i], sorted[j]), `${sorted[i]} vs ${sorted[j]}`).toBe(
          Math.sign(i - j),
        );
      }
    }
    const s = parseDataType('STRING');
    expect(compareValues(s, '\uffff', '😀')).toBe(-1); // UTF-8 bytes EF BF BF < F0 9F 98 80
    expect(compareValues(s, 'ab', 'abc')).toBe(-1);
    expect(compareValues(parseDataType('BYTES'), Uint8Array.of(0x80), Uint8Array.of(0x7f))).toBe(1);
    expect(compareValues(parseDataType('DECIMAL(5, 2)'), '-1.50', '-1.05')).toBe(-1);
    expect(compareValues(parseDataType('TIMESTAMP(9)'), new Timestamp(5, 1), new Timestamp(5, 0))).toBe(1);
    expect(compareValues(parseDataType('BOOLEAN'), false, true)).toBe(-1);
    expect(compareValues(parseDataType('BIGINT'), -(2n ** 63n), 2n ** 63n - 1n)).toBe(-1);
    expect(() => compareValues(parseDataType('ARRAY<INT>'), [1], [2])).toThrow(BinaryRowError);
  });

  it('rejects nested types with a typed error', () => {
    expect(() => encodeBinaryRow([parseDataType('ROW<a INT>')], [{ a: 1 }])).toThrow(BinaryRowError);
  });

  it('names the problem on bad bytes', () => {
    expect(() => decodeBinaryRow([parseDataType('INT')], Uint8Array.from([0, 0, 0, 2]))).toThrow(
      /2 fields but 1 types/,
    );
    expect(() => decodeBinaryRow([parseDataType('INT')], Uint8Array.from([0, 0, 0, 1, 0]))).toThrow(
      /needs 16 bytes/,
    );
    const long = encodeBinaryRow([parseDataType('STRING')], ['longer than 7']);
    expect(() => decodeBinaryRow([parseDataType('STRING')], long.subarray(0, 24))).toThrow(/out of range/);
    expect(() => decodeBinaryRow([parseDataType('INT')], Uint8Array.of(0, 0))).toThrow(BinaryRowError);
  });

  it('gives a typed error, not a TypeError or RangeError, for corrupt strings and timestamps', () => {
    // Found by the storage mutation test (test/storage/mutation): a flipped byte in a manifest's partition stats.
    const inline = encodeBinaryRow([parseDataType('STRING')], ['abc']);
    const badUtf8 = inline.slice();
    badUtf8[4 + 8] = 0xff; // first byte of the inline string (after arity and header)
    expect(() => decodeBinaryRow([parseDataType('STRING')], badUtf8)).toThrow(
      new BinaryRowError('BinaryRow field 0 is not valid UTF-8'),
    );
    const tooLong = inline.slice();
    tooLong[4 + 8 + 7] = 0x80 | 12; // an inline length that does not fit the 8-byte slot
    expect(() => decodeBinaryRow([parseDataType('STRING')], tooLong)).toThrow(/claims 12 inline bytes/);

    const millis = encodeBinaryRow([parseDataType('TIMESTAMP(3)')], [new Timestamp(1)]);
    new DataView(millis.buffer).setBigInt64(4 + 8, 2n ** 60n, true);
    expect(() => decodeBinaryRow([parseDataType('TIMESTAMP(3)')], millis)).toThrow(
      new BinaryRowError(`BinaryRow field 0 has timestamp millis ${2n ** 60n} out of range`),
    );
    const micros = encodeBinaryRow([parseDataType('TIMESTAMP(6)')], [new Timestamp(1, 5)]);
    new DataView(micros.buffer).setUint32(4 + 8, 1_000_000, true); // nanos live in the slot
    expect(() => decodeBinaryRow([parseDataType('TIMESTAMP(6)')], micros)).toThrow(/1000000 nanos/);
  });
});
