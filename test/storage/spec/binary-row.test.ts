import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBinaryRow, EMPTY_BINARY_ROW, encodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import { type DataType, parseDataType } from '../../../src/storage/spec/data-types.js';
import { decodeSimpleStats, SimpleStatsCollector } from '../../../src/storage/spec/simple-stats.js';
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
      { seed: 42, numRuns: 400 },
    );
  });

  it('names the problem on bad bytes', () => {
    expect(() => decodeBinaryRow([parseDataType('INT')], Uint8Array.from([0, 0, 0, 2]))).toThrow(
      /2 fields but 1 types/,
    );
    expect(() => decodeBinaryRow([parseDataType('INT')], Uint8Array.from([0, 0, 0, 1, 0]))).toThrow(
      /needs 16 bytes/,
    );
  });
});

describe('SimpleStatsCollector', () => {
  it('collects min, max and null counts; truncates long strings to 16 characters', () => {
    const types = ['INT', 'STRING', 'ARRAY<INT>'].map(parseDataType);
    const c = new SimpleStatsCollector(types);
    c.add([3, 'abcdefghijklmnopqrstuvwxyz', [1]]);
    c.add([null, 'b', null]);
    c.add([-1, 'abc', [2]]);
    const stats = decodeSimpleStats(types, c.result());
    expect(stats.min).toEqual([-1, 'abc', null]);
    expect(stats.max).toEqual([3, 'b', null]);
    expect(stats.nullCounts).toEqual([1, 0, null]);
    const only = new SimpleStatsCollector([parseDataType('STRING')]);
    only.add(['abcdefghijklmnopqrstuvwxyz']);
    expect(decodeSimpleStats([parseDataType('STRING')], only.result())).toMatchObject({
      min: ['abcdefghijklmnop'],
      max: ['abcdefghijklmnoq'],
    });
  });
});
