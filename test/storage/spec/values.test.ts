import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaMismatchError } from '../../../src/storage/errors.js';
import { parseDataType, rowType } from '../../../src/storage/spec/data-types.js';
import {
  dateFromIso,
  dateToIso,
  decimalFromUnscaled,
  decimalToUnscaled,
  normalizeRow,
  normalizeValue,
  Timestamp,
  truncateTimestamp,
} from '../../../src/storage/spec/values.js';

const t = parseDataType;

describe('value model', () => {
  it('round-trips decimals through unscaled bigints', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 10 }),
        (unscaled, scale) => {
          expect(decimalToUnscaled(decimalFromUnscaled(unscaled, scale), scale)).toBe(unscaled);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
    expect(decimalFromUnscaled(-5n, 2)).toBe('-0.05');
    expect(() => decimalToUnscaled('1.234', 2)).toThrow(/more than 2 fraction digits/);
  });

  it('normalizes convenient inputs to canonical values', () => {
    expect(normalizeValue(t('BIGINT'), 5, 'x')).toBe(5n);
    expect(normalizeValue(t('DECIMAL(5, 2)'), '1.5', 'x')).toBe('1.50');
    expect(normalizeValue(t('DATE'), '1970-01-02', 'x')).toBe(1);
    expect(normalizeValue(t('TIMESTAMP(3)'), '2024-01-01T00:00:00.123456', 'x')).toEqual(
      Timestamp.parse('2024-01-01T00:00:00.123'),
    );
    expect(normalizeValue(t('MAP<STRING, INT>'), { a: 1 }, 'x')).toEqual(new Map([['a', 1]]));
    expect(normalizeValue(t('FLOAT'), 0.1, 'x')).toBe(Math.fround(0.1));
  });

  it('rejects values that do not fit, naming the field', () => {
    const type = rowType([
      { id: 0, name: 'id', type: t('INT NOT NULL') },
      { id: 1, name: 'amount', type: t('DECIMAL(4, 2)') },
    ]);
    expect(() => normalizeRow(type, { id: null, amount: '1' })).toThrow(
      new SchemaMismatchError("Field 'id' is NOT NULL but the value is null"),
    );
    expect(() => normalizeRow(type, { id: 1, amount: '123.4' })).toThrow(
      /Field 'amount' expects at most 4 digits/,
    );
    expect(() => normalizeRow(type, { id: 2 ** 31, amount: null })).toThrow(/Field 'id' expects an integer/);
    expect(() => normalizeRow(type, { id: 1, amount: null, extra: 1 })).toThrow(
      /'extra' that is not in the schema/,
    );
  });

  it('timestamps: micros/nanos round trip, Java-style text, truncation to precision', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (nanos) => {
        expect(Timestamp.fromEpochNanos(nanos).toEpochNanos()).toBe(nanos);
      }),
      { seed: 42, numRuns: 300 },
    );
    expect(Timestamp.parse('2024-01-02T03:04:05.000001').toString()).toBe('2024-01-02T03:04:05.000001');
    expect(new Timestamp(0).toString()).toBe('1970-01-01T00:00');
    expect(truncateTimestamp(new Timestamp(1999, 999_999), 0)).toEqual(new Timestamp(1000));
    expect(truncateTimestamp(new Timestamp(-1, 5), 3)).toEqual(new Timestamp(-1));
    expect(dateToIso(dateFromIso('2000-02-29'))).toBe('2000-02-29');
  });
});
