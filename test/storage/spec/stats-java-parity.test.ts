import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues } from '../../../src/storage/spec/binary-row.js';
import { type DataType, isAtomic, parseDataType } from '../../../src/storage/spec/data-types.js';
import {
  DEFAULT_STATS_MODE,
  decodeSimpleStats,
  decodeValueStats,
  SimpleStatsCollector,
  type StatsMode,
  type StatsSource,
  statsSourceOf,
} from '../../../src/storage/spec/simple-stats.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import { dataType, value } from '../format/arrow-arbitraries.js';

/** Stats of one column over `values`, decoded. */
function columnStats(
  type: string,
  values: readonly unknown[],
  source: StatsSource,
  mode = DEFAULT_STATS_MODE,
) {
  const t = parseDataType(type);
  const c = new SimpleStatsCollector([t], mode, source);
  for (const v of values) c.add([v]);
  const { min, max, nullCounts } = decodeSimpleStats([t], c.result());
  return { min: min[0], max: max[0], nullCount: nullCounts?.[0] };
}

const ts9 = (text: string) => Timestamp.parse(text);

/**
 * What Paimon Java 1.3.1 stores for one column in the default mode truncate(16): `footer` as
 * `ParquetSimpleStatsExtractor` + `TruncateSimpleColStatsCollector.convert` (Parquet files), `rows` as
 * `SimpleStatsCollector` + `TruncateSimpleColStatsCollector.collect` (Avro files).
 */
const CASES: readonly {
  type: string;
  values: readonly unknown[];
  footer: { min: unknown; max: unknown; nullCount: number | null };
  rows: { min: unknown; max: unknown; nullCount: number | null };
}[] = [
  // DECIMAL bounds are exact and ordered by value, never cut like strings (issue 10 item 1).
  {
    type: 'DECIMAL(18, 4)',
    values: ['-12345678901234.0000', '9.5000', null],
    footer: { min: '-12345678901234.0000', max: '9.5000', nullCount: 1 },
    rows: { min: '-12345678901234.0000', max: '9.5000', nullCount: 1 },
  },
  {
    type: 'DECIMAL(20, 0)',
    values: ['12345678901234567890', '9', '10'],
    footer: { min: '9', max: '12345678901234567890', nullCount: 0 },
    rows: { min: '9', max: '12345678901234567890', nullCount: 0 },
  },
  {
    type: 'STRING',
    values: ['abcdefghijklmnopqrstuvwxyz', 'b'],
    footer: { min: 'abcdefghijklmnop', max: 'b', nullCount: 0 },
    rows: { min: 'abcdefghijklmnop', max: 'b', nullCount: 0 },
  },
  // byte[] is not Comparable and Parquet BINARY stats are not converted: null count only.
  {
    type: 'BYTES',
    values: [Uint8Array.of(1), null],
    footer: { min: null, max: null, nullCount: 1 },
    rows: { min: null, max: null, nullCount: 1 },
  },
  {
    type: 'BINARY(20)',
    values: [new Uint8Array(20).fill(7)],
    footer: { min: null, max: null, nullCount: 0 },
    rows: { min: null, max: null, nullCount: 0 },
  },
  // TIMESTAMP(7..9) is INT96 in Parquet, whose statistics Paimon ignores; Avro has no such precision.
  {
    type: 'TIMESTAMP(9)',
    values: [ts9('2024-01-01T00:00:00.123456789'), null],
    footer: { min: null, max: null, nullCount: 1 },
    rows: {
      min: ts9('2024-01-01T00:00:00.123456789'),
      max: ts9('2024-01-01T00:00:00.123456789'),
      nullCount: 1,
    },
  },
  {
    type: 'TIMESTAMP_LTZ(6)',
    values: [ts9('1969-12-31T23:59:59.999999'), ts9('2024-01-01T00:00:00.000001')],
    footer: { min: ts9('1969-12-31T23:59:59.999999'), max: ts9('2024-01-01T00:00:00.000001'), nullCount: 0 },
    rows: { min: ts9('1969-12-31T23:59:59.999999'), max: ts9('2024-01-01T00:00:00.000001'), nullCount: 0 },
  },
  // Nested columns: no Parquet column chunk of their name, so no stats at all; the row collector counts nulls.
  {
    type: 'ARRAY<INT>',
    values: [[1], null],
    footer: { min: null, max: null, nullCount: null },
    rows: { min: null, max: null, nullCount: 1 },
  },
  {
    type: 'MAP<STRING, INT>',
    values: [new Map([['a', 1]])],
    footer: { min: null, max: null, nullCount: null },
    rows: { min: null, max: null, nullCount: 0 },
  },
  {
    type: 'ROW<a INT>',
    values: [{ a: 1 }, null, null],
    footer: { min: null, max: null, nullCount: null },
    rows: { min: null, max: null, nullCount: 2 },
  },
  // Parquet float bounds: NaN never replaces a bound after the first value; zeros read back as -0.0 / +0.0.
  {
    type: 'DOUBLE',
    values: [1, Number.NaN, -0, 0],
    footer: { min: -0, max: 1, nullCount: 0 },
    rows: { min: -0, max: Number.NaN, nullCount: 0 },
  },
  {
    type: 'FLOAT',
    values: [Number.NaN, 1],
    footer: { min: null, max: null, nullCount: 0 },
    rows: { min: 1, max: Number.NaN, nullCount: 0 },
  },
  {
    type: 'DOUBLE',
    values: [0, 0],
    footer: { min: -0, max: 0, nullCount: 0 },
    rows: { min: 0, max: 0, nullCount: 0 },
  },
];

describe('value stats as Paimon Java 1.3.1 writes them', () => {
  for (const c of CASES) {
    for (const source of ['footer', 'rows'] as const) {
      it(`${c.type} (${source})`, () => {
        const got = columnStats(c.type, c.values, source);
        expect(got).toEqual(c[source]);
        // toEqual does not tell -0 from 0
        if (typeof c[source].min === 'number') expect(Object.is(got.min, c[source].min)).toBe(true);
        if (typeof c[source].max === 'number') expect(Object.is(got.max, c[source].max)).toBe(true);
      });
    }
  }

  it('picks the stats source of the file format', () => {
    expect([statsSourceOf('parquet'), statsSourceOf('AVRO'), statsSourceOf('orc')]).toEqual([
      'footer',
      'rows',
      'footer',
    ]);
  });

  it('property: for every type, source and mode, bounds hold every value and exist only where Java keeps them', () => {
    const modes: StatsMode[] = [DEFAULT_STATS_MODE, { kind: 'truncate', length: 2 }, { kind: 'full' }];
    const sample = dataType({ depth: 1 }).chain((type) =>
      fc.tuple(
        fc.constant(type),
        fc.array(value({ ...type, nullable: true }), { maxLength: 12 }),
        fc.constantFrom<StatsSource>('footer', 'rows'),
        fc.constantFrom(...modes),
      ),
    );
    fc.assert(
      fc.property(sample, ([type, values, source, mode]) => {
        const c = new SimpleStatsCollector([type], mode, source);
        for (const v of values) c.add([v]);
        const { min, max, nullCounts } = decodeSimpleStats([type], c.result());
        const present = values.filter((v) => v !== null);
        const nested = !isAtomic(type);
        expect(nullCounts).toEqual([source === 'footer' && nested ? null : values.length - present.length]);
        if (!keepsBounds(type, source) || present.length === 0) {
          expect([min[0], max[0]]).toEqual([null, null]);
          return;
        }
        expect(min[0]).not.toBeNull();
        for (const v of present) {
          expect(compareValues(type, min[0], v)).toBeLessThanOrEqual(0);
          expect(compareValues(type, max[0], v)).toBeGreaterThanOrEqual(0);
        }
        // Only strings are ever cut: every other bound is one of the values.
        const cut = mode.kind === 'truncate' && (type.root === 'CHAR' || type.root === 'VARCHAR');
        if (!cut) {
          expect(present.some((v) => compareValues(type, v, min[0]) === 0)).toBe(true);
          expect(present.some((v) => compareValues(type, v, max[0]) === 0)).toBe(true);
        }
      }),
      { seed: 10, numRuns: 400 },
    );
  });
});

/** Whether Java keeps min/max for a column of `type` (values here have no NaN). */
function keepsBounds(type: DataType, source: StatsSource): boolean {
  if (!isAtomic(type) || type.root === 'BINARY' || type.root === 'VARBINARY') return false;
  return !(
    source === 'footer' &&
    (type.root === 'TIMESTAMP' || type.root === 'TIMESTAMP_LTZ') &&
    type.precision > 6
  );
}

describe('dense value stats (_VALUE_STATS_COLS)', () => {
  const fields = [
    { id: 0, name: 'a', type: parseDataType('INT') },
    { id: 1, name: 'n', type: parseDataType('ARRAY<INT>') },
    { id: 2, name: 's', type: parseDataType('STRING') },
  ];

  it('leaves out columns without stats and names the others, as SimpleStatsConverter.toBinaryDenseMode', () => {
    const c = new SimpleStatsCollector(
      fields.map((f) => f.type),
      DEFAULT_STATS_MODE,
      'footer',
    );
    c.add([1, [1], 'x']);
    c.add([2, null, null]);
    const dense = c.denseResult(fields.map((f) => f.name));
    expect(dense.cols).toEqual(['a', 's']);
    expect(decodeValueStats(fields, dense.stats, dense.cols)).toEqual({
      min: [1, null, 'x'],
      max: [2, null, 'x'],
      nullCounts: [0, null, 1],
    });
    // The same stats decoded as if they covered every field fail as Java's BinaryRow would.
    expect(() => decodeValueStats(fields, dense.stats, null)).toThrow(/2 fields but 3 types/);
    // All columns with stats: the names are left out (null), as Java does.
    const all = new SimpleStatsCollector([fields[0]!.type], DEFAULT_STATS_MODE, 'footer');
    all.add([5]);
    expect(all.denseResult(['a']).cols).toBeNull();
  });

  it('reads an empty dense column list as no stats at all', () => {
    const none = new SimpleStatsCollector(
      fields.map((f) => f.type),
      { kind: 'none' },
      'footer',
    );
    none.add([1, [1], 'x']);
    const dense = none.denseResult(fields.map((f) => f.name));
    expect(dense.cols).toEqual([]);
    expect(decodeValueStats(fields, dense.stats, dense.cols)).toEqual({
      min: [null, null, null],
      max: [null, null, null],
      nullCounts: [null, null, null],
    });
  });

  it('names an unknown dense column', () => {
    const c = new SimpleStatsCollector([fields[0]!.type], DEFAULT_STATS_MODE, 'footer');
    c.add([1]);
    expect(() => decodeValueStats(fields, c.result(), ['zz'])).toThrow(/'zz'/);
  });
});
