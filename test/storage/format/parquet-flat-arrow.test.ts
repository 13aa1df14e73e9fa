import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaMismatchError } from '../../../src/storage/errors.js';
import { arrowToRows, rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import {
  writeFlatParquetArrow,
  writesArrowDirectly,
} from '../../../src/storage/format/parquet-flat-arrow.js';
import {
  DEFAULT_FLAT_LAYOUT,
  type FlatParquetCodec,
  type FlatParquetLayout,
  writeFlatParquet,
} from '../../../src/storage/format/parquet-flat-writer.js';
import { parquetFormat } from '../../../src/storage/format/parquet-format.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { FULL_VALUES, NULL_VALUES, restrict, rowValue, tableRowType } from './arrow-arbitraries.js';

/**
 * The flat Parquet writer from Arrow input (parquet-flat-arrow.ts) must write the very bytes it writes from
 * the same data as rows (`writeFlatParquet(type, arrowToRows(table, type))`), whatever the table's batches
 * and slices: `TableWrite.writeArrow` and the row path write byte-identical files
 * (test/storage/table/arrow-write.test.ts).
 */

const CODECS: readonly FlatParquetCodec[] = ['ZSTD', 'SNAPPY', 'UNCOMPRESSED'];

/** Layouts that cut row groups and pages (by rows and by value bytes) inside and across batches. */
const LAYOUTS: readonly FlatParquetLayout[] = [
  DEFAULT_FLAT_LAYOUT,
  { rowGroupRows: 7, pageRows: 3, pageValueBytes: 1 << 20 },
  { rowGroupRows: 1000, pageRows: 1000, pageValueBytes: 13 },
  { rowGroupRows: 5, pageRows: 64, pageValueBytes: 1 },
  { rowGroupRows: 11, pageRows: 4, pageValueBytes: 24 },
];

const FLAT_TYPE = tableRowType({ depth: 0 });

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** A table of `rows` as the given pieces (lengths summing to rows.length), each batch a slice (offset
 * `pad`) of a bigger table with `pad` rows of `filler` before and after. */
function piecewise(type: RowType, rows: readonly Row[], cuts: readonly number[], pad: number, filler: Row) {
  const schema = rowsToArrow(type, []).schema;
  const batches: arrow.RecordBatch[] = [];
  let at = 0;
  for (const cut of [...cuts, rows.length]) {
    const end = Math.max(at, Math.min(cut, rows.length));
    const padding = Array.from({ length: pad }, () => filler);
    const whole = rowsToArrow(type, [...padding, ...rows.slice(at, end), ...padding]);
    for (const b of whole.slice(pad, pad + end - at).batches)
      batches.push(new arrow.RecordBatch(schema, b.data));
    at = end;
  }
  return new arrow.Table(schema, batches);
}

describe('flat Parquet writer from Arrow', () => {
  it('property: the bytes from an Arrow table equal the bytes from its rows (batches, slices, layouts)', () => {
    const input = FLAT_TYPE.chain((type) =>
      fc.record({
        type: fc.constant(type),
        rows: fc.array(rowValue(type), { maxLength: 40 }),
        filler: rowValue(type),
        cuts: fc.array(fc.nat(40), { maxLength: 4 }).map((c) => [...c].sort((a, b) => a - b)),
        pad: fc.constantFrom(0, 1, 3, 8, 13),
        codec: fc.constantFrom(...CODECS),
        layout: fc.constantFrom(...LAYOUTS),
      }),
    );
    fc.assert(
      fc.property(input, ({ type, rows, filler, cuts, pad, codec, layout }) => {
        const table = piecewise(type, rows, cuts, pad, filler);
        expect(table.numRows).toBe(rows.length);
        expect(writesArrowDirectly(type, table)).toBe(true);
        const fromRows = writeFlatParquet(type, rows, codec, layout);
        expect(same(writeFlatParquetArrow(type, table, codec, layout), fromRows)).toBe(true);
      }),
      { seed: 1414, numRuns: 300 },
    );
  });

  it('property: all-null columns and no rows, one batch or several', () => {
    const input = FLAT_TYPE.chain((type) =>
      fc.record({
        type: fc.constant(type),
        n: fc.constantFrom(0, 1, 9, 30),
        cuts: fc.array(fc.nat(30), { maxLength: 3 }).map((c) => [...c].sort((a, b) => a - b)),
        layout: fc.constantFrom(...LAYOUTS),
      }),
    );
    fc.assert(
      fc.property(input, ({ type, n, cuts, layout }) => {
        const nullable = rowType(type.fields.map((f) => ({ ...f, type: { ...f.type, nullable: true } })));
        const rows = Array.from({ length: n }, () =>
          Object.fromEntries(nullable.fields.map((f) => [f.name, null])),
        );
        const table = piecewise(nullable, rows, cuts, 2, rows[0] ?? {});
        const fromRows = writeFlatParquet(nullable, rows, 'ZSTD', layout);
        expect(same(writeFlatParquetArrow(nullable, table, 'ZSTD', layout), fromRows)).toBe(true);
      }),
      { seed: 1415, numRuns: 100 },
    );
  });

  const typeOf = (...types: string[]) =>
    rowType(types.map((t, id) => ({ id, name: `c${id}`, type: parseDataType(t) })));

  /** Writes `table` both ways: from the table, and from `arrowToRows` of it. */
  const bothWays = (type: RowType, table: arrow.Table, layout = DEFAULT_FLAT_LAYOUT) => ({
    arrow: writeFlatParquetArrow(type, table, 'ZSTD', layout),
    rows: writeFlatParquet(type, arrowToRows(table, type), 'ZSTD', layout),
  });

  it('reads absent columns and columns of the Arrow null type as null, as arrowToRows does', () => {
    const type = typeOf('INT', 'STRING', 'DOUBLE');
    const table = new arrow.Table({
      c0: arrow.makeVector(Int32Array.of(1, 2, 3)),
      c2: arrow.makeVector(arrow.makeData({ type: new arrow.Null(), length: 3 })),
    });
    expect(writesArrowDirectly(type, table)).toBe(true);
    const { arrow: a, rows } = bothWays(type, table);
    expect(same(a, rows)).toBe(true);
    expect(parquetFormat.read(a, type, 'x.parquet')).toEqual([
      { c0: 1, c1: null, c2: null },
      { c0: 2, c1: null, c2: null },
      { c0: 3, c1: null, c2: null },
    ]);
  });

  it('finds a column by field id when its name differs, as arrowToRows does', () => {
    const type = typeOf('BIGINT');
    const field = new arrow.Field('renamed', new arrow.Int64(), true, new Map([['PARQUET:field_id', '0']]));
    const data = arrow.makeData({ type: new arrow.Int64(), length: 2, data: BigInt64Array.of(5n, -5n) });
    const schema = new arrow.Schema([field]);
    const struct = arrow.makeData({ type: new arrow.Struct([field]), length: 2, children: [data] });
    const table = new arrow.Table(schema, new arrow.RecordBatch(schema, struct));
    const { arrow: a, rows } = bothWays(type, table);
    expect(same(a, rows)).toBe(true);
    expect(parquetFormat.read(a, type, 'x.parquet')).toEqual([{ c0: 5n }, { c0: -5n }]);
  });

  it('writes NaN as the one canonical NaN, whatever payload the Arrow buffer or the row value carries', () => {
    const type = typeOf('FLOAT', 'DOUBLE');
    const f32 = new Float32Array(3);
    const f64 = new Float64Array(3);
    new Uint32Array(f32.buffer).set([0x7f812345, 0xffc00001, 0x3f800000]);
    new Uint32Array(f64.buffer).set([1, 0x7ff12345, 5, 0xfff80000, 0, 0x3ff00000]);
    const table = new arrow.Table({ c0: arrow.makeVector(f32), c1: arrow.makeVector(f64) });
    for (const layout of [DEFAULT_FLAT_LAYOUT, { rowGroupRows: 2, pageRows: 2, pageValueBytes: 4 }]) {
      const { arrow: a, rows } = bothWays(type, table, layout);
      expect(same(a, rows)).toBe(true);
    }
    const bytes = writeFlatParquet(type, [{ c0: Number.NaN, c1: Number.NaN }], 'UNCOMPRESSED');
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain('0000c07f'); // float 0x7fc00000, little-endian
    expect(hex).toContain('000000000000f87f'); // double 0x7ff8000000000000
  });

  it('goes through rows for Arrow types that are not the mapped ones, with the same bytes', () => {
    const cases: [RowType, arrow.Table][] = [
      // timestamp[us] for TIMESTAMP(3): arrowToRows keeps the millis
      [
        typeOf('TIMESTAMP(3)'),
        new arrow.Table({
          c0: arrow.makeVector(
            arrow.makeData({
              type: new arrow.TimestampMicrosecond(),
              length: 2,
              data: BigInt64Array.of(1_234_567n, -1n),
            }),
          ),
        }),
      ],
      // time32[s] for TIME(0): arrowToRows makes milliseconds of it
      [
        typeOf('TIME(0)'),
        new arrow.Table({
          c0: arrow.makeVector(
            arrow.makeData({ type: new arrow.TimeSecond(), length: 2, data: Int32Array.of(0, 86_399) }),
          ),
        }),
      ],
      // int32 for BIGINT
      [typeOf('BIGINT'), new arrow.Table({ c0: arrow.makeVector(Int32Array.of(1, -1)) })],
    ];
    for (const [type, table] of cases) {
      expect(writesArrowDirectly(type, table)).toBe(false);
      const { arrow: a, rows } = bothWays(type, table);
      expect(same(a, rows)).toBe(true);
    }
  });

  it('goes through rows for text that is not well-formed UTF-8 (rows hold U+FFFD there)', () => {
    const type = typeOf('STRING', 'BYTES');
    const text = (bytes: number[], offsets: number[]) =>
      arrow.makeData({
        type: new arrow.Utf8(),
        length: offsets.length - 1,
        valueOffsets: Int32Array.from(offsets),
        data: Uint8Array.from(bytes),
      });
    const binary = (bytes: number[], offsets: number[]) =>
      arrow.makeData({
        type: new arrow.Binary(),
        length: offsets.length - 1,
        valueOffsets: Int32Array.from(offsets),
        data: Uint8Array.from(bytes),
      });
    const tableOf = (bytes: number[], offsets: number[]) =>
      new arrow.Table({
        c0: arrow.makeVector(text(bytes, offsets)),
        c1: arrow.makeVector(binary(bytes, offsets)),
      });
    const e9 = [0xc3, 0xa9]; // é
    const cases = [
      { bytes: [0x61, 0xff], offsets: [0, 1, 2], direct: false }, // a byte UTF-8 never has
      { bytes: [...e9, 0x62], offsets: [0, 1, 3], direct: false }, // é cut between two values
      { bytes: [0xed, 0xa0, 0x80], offsets: [0, 3], direct: false }, // an encoded surrogate
      { bytes: [...e9, 0x62, ...e9], offsets: [0, 2, 3, 3, 5], direct: true },
    ];
    for (const { bytes, offsets, direct } of cases) {
      const table = tableOf(bytes, offsets);
      expect(writesArrowDirectly(type, table)).toBe(direct);
      const { arrow: a, rows } = bothWays(type, table);
      expect(same(a, rows)).toBe(true);
    }
  });

  it('refuses a null in a NOT NULL column with the row path error', () => {
    const type = typeOf('INT NOT NULL');
    const table = rowsToArrow(typeOf('INT'), [{ c0: 1 }, { c0: null }]);
    const message = "Field 'c0' is NOT NULL but the value is null";
    expect(() => writeFlatParquetArrow(type, table, 'ZSTD')).toThrow(SchemaMismatchError);
    expect(() => writeFlatParquetArrow(type, table, 'ZSTD')).toThrow(message);
    expect(() => writeFlatParquet(type, arrowToRows(table, type), 'ZSTD')).toThrow(message);
    // an absent NOT NULL column is all null
    const absent = new arrow.Table({ other: arrow.makeVector(Int32Array.of(1)) });
    expect(() => writeFlatParquetArrow(type, absent, 'ZSTD')).toThrow(message);
  });

  it('writes every flat type and edge value of the all-types row the same way from Arrow', () => {
    const types = rowType(
      Object.entries({
        b: 'BOOLEAN',
        i8: 'TINYINT',
        i16: 'SMALLINT',
        i32: 'INT NOT NULL',
        i64: 'BIGINT',
        f32: 'FLOAT',
        f64: 'DOUBLE',
        dec5: 'DECIMAL(5, 2)',
        dec: 'DECIMAL(10, 2)',
        wide: 'DECIMAL(38, 10)',
        c: 'CHAR(3)',
        s: 'STRING',
        bin: 'BINARY(3)',
        vb: 'BYTES',
        d: 'DATE',
        t: 'TIME(3)',
        ts0: 'TIMESTAMP(0)',
        ts6: 'TIMESTAMP(6)',
        ts9: 'TIMESTAMP(9)',
        ltz3: 'TIMESTAMP(3) WITH LOCAL TIME ZONE',
      }).map(([name, t], id) => ({ id, name, type: parseDataType(t) })),
    );
    const rows = [restrict(FULL_VALUES, types), restrict(NULL_VALUES, types), restrict(FULL_VALUES, types)];
    const table = rowsToArrow(types, rows);
    for (const layout of LAYOUTS) {
      const { arrow: a, rows: r } = bothWays(types, table, layout);
      expect(same(a, r)).toBe(true);
      expect(same(a, writeFlatParquet(types, rows, 'ZSTD', layout))).toBe(true);
    }
  });
});
