import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError, InvalidOptionError } from '../../../src/storage/errors.js';
import { getFileFormat } from '../../../src/storage/format/file-format.js';
import { readParquetAsArrow } from '../../../src/storage/format/parquet-format.js';
import { type DataField, parseDataType, rowType } from '../../../src/storage/spec/data-types.js';
import { decimalFromUnscaled, type Row, Timestamp } from '../../../src/storage/spec/values.js';

const fields: DataField[] = [
  ['b', 'BOOLEAN'],
  ['i8', 'TINYINT'],
  ['i16', 'SMALLINT'],
  ['i32', 'INT NOT NULL'],
  ['i64', 'BIGINT'],
  ['f32', 'FLOAT'],
  ['f64', 'DOUBLE'],
  ['dec', 'DECIMAL(10, 2)'],
  ['wide', 'DECIMAL(38, 10)'],
  ['s', 'STRING'],
  ['bin', 'BYTES'],
  ['d', 'DATE'],
  ['t', 'TIME(3)'],
  ['ts3', 'TIMESTAMP(3)'],
  ['ts6', 'TIMESTAMP(6)'],
  ['ts9', 'TIMESTAMP(9)'],
  ['ltz', 'TIMESTAMP(6) WITH LOCAL TIME ZONE'],
  ['arr', 'ARRAY<BIGINT>'],
  ['m', 'MAP<STRING, INT>'],
  ['r', 'ROW<x INT, y STRING>'],
].map(([name, type], id) => ({ id, name: name!, type: parseDataType(type!) }));
const TYPE = rowType(fields);

const FULL: Row = {
  b: true,
  i8: -128,
  i16: 32767,
  i32: -2147483648,
  i64: -9223372036854775808n,
  f32: Math.fround(1.5),
  f64: -2.25e-300,
  dec: '-12345678.90',
  wide: '1234567890123456789012345678.0123456789',
  s: 'grüße 東京',
  bin: Uint8Array.from([0, 255, 7]),
  d: -719162,
  t: 86_399_999,
  ts3: new Timestamp(-1),
  ts6: new Timestamp(1_700_000_000_123, 456_000),
  ts9: new Timestamp(1_700_000_000_123, 456_789),
  ltz: new Timestamp(0, 1000),
  arr: [1n, -2n],
  m: new Map([['k', 1]]),
  r: { x: 1, y: 'z' },
};
const EMPTY: Row = Object.fromEntries(fields.map((f) => [f.name, f.name === 'i32' ? 0 : null]));

/** Avro has no TIMESTAMP(9) in Paimon; the rest of the types are shared. */
const AVRO_TYPE = rowType(fields.filter((x) => x.name !== 'ts9'));
const withoutTs9 = (r: Row): Row => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'ts9'));

describe.each([
  ['parquet', TYPE, (r: Row) => r],
  ['avro', AVRO_TYPE, withoutTs9],
] as const)('%s data files', (format, TYPE, adapt) => {
  const f = getFileFormat(format);
  const full = adapt(FULL);
  const empty = adapt(EMPTY);
  const write = (rows: Row[], compression = 'zstd') =>
    f.write(TYPE, rows, { compression, random: new SeededRandom(1) });

  it('round-trip every type, extremes and nulls', () => {
    expect(f.read(write([full, empty]), TYPE, 'x')).toEqual([full, empty]);
  });

  it('project columns by name', () => {
    expect(f.read(write([full]), TYPE, 'x', ['s', 'i64'])).toEqual([{ s: full.s, i64: full.i64 }]);
  });

  it.each(['zstd', 'snappy', 'none'])('compress with %s', (compression) => {
    expect(f.read(write([full], compression), TYPE, 'x')).toEqual([full]);
  });

  it('reject a corrupt file naming it', () => {
    const bytes = write([full, full]);
    expect(() => f.read(bytes.subarray(0, bytes.length - 9), TYPE, '/t/bucket-0/data-1')).toThrow(
      CorruptFileError,
    );
    expect(() =>
      f.read(
        Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]),
        TYPE,
        '/t/x',
      ),
    ).toThrow(/\/t\/x/);
  });

  it('property: generated flat rows round-trip', () => {
    const flat = rowType(fields.filter((x) => ['i64', 'dec', 's', 'ts6', 'd', 'f64'].includes(x.name)));
    const row = fc.record({
      i64: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
      dec: fc.option(
        fc.bigInt({ min: -(10n ** 10n) + 1n, max: 10n ** 10n - 1n }).map((u) => decimalFromUnscaled(u, 2)),
        { nil: null },
      ),
      s: fc.option(fc.string(), { nil: null }),
      ts6: fc.option(
        fc
          .tuple(fc.integer({ min: -1e12, max: 1e13 }), fc.integer({ min: 0, max: 999 }))
          .map(([ms, us]) => new Timestamp(ms, us * 1000)),
        { nil: null },
      ),
      d: fc.option(fc.integer({ min: -100000, max: 100000 }), { nil: null }),
      f64: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        expect(
          f.read(f.write(flat, rows, { compression: 'zstd', random: new SeededRandom(2) }), flat, 'p'),
        ).toEqual(rows);
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe('parquet specifics', () => {
  it('stores Paimon logical types (decimal, timestamp units, date, utf8) and field ids', () => {
    const bytes = getFileFormat('parquet').write(TYPE, [FULL], {
      compression: 'zstd',
      random: new SeededRandom(1),
    });
    const schema = readParquetAsArrow(bytes, 'x').schema;
    const typeOf = (name: string) => String(schema.fields.find((x) => x.name === name)!.type);
    expect(typeOf('dec')).toBe('Decimal[10e+2]');
    expect(typeOf('ts3')).toBe('Timestamp<MILLISECOND>');
    expect(typeOf('ts6')).toBe('Timestamp<MICROSECOND>');
    expect(typeOf('ts9')).toBe('Timestamp<NANOSECOND>');
    expect(typeOf('ltz')).toBe('Timestamp<MICROSECOND, UTC>');
    expect(typeOf('d')).toBe('Date32<DAY>');
    expect(typeOf('s')).toBe('Utf8');
    expect(schema.fields.find((x) => x.name === 's')!.metadata.get('PARQUET:field_id')).toBe('9');
  });

  it('rejects unknown formats and compressions with the option named', () => {
    expect(() => getFileFormat('orc')).toThrow(
      new InvalidOptionError('file.format', 'orc', 'parquet or avro'),
    );
    expect(() =>
      getFileFormat('parquet').write(TYPE, [FULL], { compression: 'brotli9', random: new SeededRandom(1) }),
    ).toThrow(/file.compression/);
    expect(() =>
      getFileFormat('avro').write(TYPE, [FULL], { compression: 'zstd', random: new SeededRandom(1) }),
    ).toThrow(
      'Avro does not support TIMESTAMP type with precision: 9, it only supports precision less than 6.',
    );
  });
});
