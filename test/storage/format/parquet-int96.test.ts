import { createRequire } from 'node:module';
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { type FileMetaData, parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import { int96FromEpochNanos, int96ToEpochNanos } from '../../../src/storage/format/parquet-int96.js';
import { decodeThriftStruct, encodeThriftStruct } from '../../../src/storage/format/parquet-thrift.js';
import { getFileFormat } from '../../../src/storage/format/registry.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../../../src/storage/spec/values.js';
import { allTypes, FULL_VALUES, NULL_VALUES } from './arrow-arbitraries.js';

const wasm = createRequire(import.meta.url)('parquet-wasm') as typeof import('parquet-wasm');
const parquet = getFileFormat('parquet');
const write = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  parquet.write(type, rows, { compression, random: new SeededRandom(1) });
const footer = (bytes: Uint8Array): FileMetaData =>
  parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const TYPE = rowType(
  [
    ['ts7', 'TIMESTAMP(7)'],
    ['ts9', 'TIMESTAMP(9)'],
    ['ltz9', 'TIMESTAMP(9) WITH LOCAL TIME ZONE'],
    ['arr', 'ARRAY<TIMESTAMP(9)>'],
    ['m', 'MAP<TIMESTAMP(8) NOT NULL, TIMESTAMP(9)>'],
    ['r', 'ROW<x TIMESTAMP(9), y INT>'],
    ['i', 'INT'],
  ].map(([name, t], id) => ({ id, name: name!, type: parseDataType(t!) })),
);

/** Timestamps of precision 9 from year 1700 to 2250 (what nanoseconds since the epoch in a long can hold). */
const ts9 = fc
  .tuple(
    fc.integer({ min: -8_520_000_000_000, max: 8_800_000_000_000 }),
    fc.integer({ min: 0, max: 999_999 }),
  )
  .map(([ms, ns]) => new Timestamp(ms, ns));

describe('TIMESTAMP(7..9) in Parquet as INT96 (ParquetRowDataWriter.TimestampInt96Writer)', () => {
  it('encodes an instant as Java does: nanos of day (long) then Julian day (int), truncating division', () => {
    // Expected bytes worked out from `timestampToInt96`: julianDay = millis / 86400000 + 2440588 and
    // nanosOfDay = (millis % 86400000) * 1000000 + nanoOfMillisecond, with Java's truncating / and %.
    const cases: [Timestamp, bigint, number][] = [
      [new Timestamp(0), 0n, 2_440_588],
      [new Timestamp(86_400_000 + 1, 2), 1_000_002n, 2_440_589],
      [new Timestamp(-1, 999_999), -1n, 2_440_588], // -1 ns: same day number, negative nanos of day
      [new Timestamp(-86_400_001, 0), -1_000_000n, 2_440_587],
    ];
    for (const [ts, nanosOfDay, julianDay] of cases) {
      const expected = new Uint8Array(12);
      new DataView(expected.buffer).setBigInt64(0, nanosOfDay, true);
      new DataView(expected.buffer).setInt32(8, julianDay, true);
      expect(hex(int96FromEpochNanos(ts.toEpochNanos()))).toBe(hex(expected));
      expect(int96ToEpochNanos(expected)).toBe(ts.toEpochNanos());
    }
  });

  it('writes INT96 leaves without statistics or an ARROW:schema hint, nested ones too', () => {
    const row: Row = {
      ts7: new Timestamp(1_700_000_000_123, 400),
      ts9: new Timestamp(-1, 999_999),
      ltz9: new Timestamp(0, 1),
      arr: [new Timestamp(5, 6), null],
      m: new Map([[new Timestamp(7, 800), new Timestamp(9, 10)]]),
      r: { x: new Timestamp(-86_400_001), y: 3 },
      i: 1,
    };
    const bytes = write(TYPE, [row, { ...row, ts9: null, arr: null }], 'none');
    const meta = footer(bytes);
    const leaves = meta.schema.filter((e) => e.num_children === undefined);
    expect(leaves.map((e) => [e.name, e.type, e.logical_type, e.type_length])).toEqual([
      ['ts7', 'INT96', undefined, undefined],
      ['ts9', 'INT96', undefined, undefined],
      ['ltz9', 'INT96', undefined, undefined],
      ['element', 'INT96', undefined, undefined],
      ['key', 'INT96', undefined, undefined],
      ['value', 'INT96', undefined, undefined],
      ['x', 'INT96', undefined, undefined],
      ['y', 'INT32', undefined, undefined],
      ['i', 'INT32', undefined, undefined],
    ]);
    for (const c of meta.row_groups[0]!.columns.slice(0, 7)) {
      expect(c.meta_data!.type).toBe('INT96');
      expect(c.meta_data!.statistics).toBeUndefined();
      expect(c.column_index_offset).toBeUndefined();
    }
    expect(meta.row_groups[0]!.columns[7]!.meta_data!.statistics).toBeDefined();
    expect((meta.key_value_metadata ?? []).map((kv) => kv.key)).not.toContain('ARROW:schema');
    // The values are stored as Java's 12 bytes (uncompressed here, so they can be found in the file).
    expect(
      Buffer.from(bytes).includes(Buffer.from(int96FromEpochNanos((row.ts7 as Timestamp).toEpochNanos()))),
    ).toBe(true);
    expect(parquet.read(bytes, TYPE, 'x')).toEqual([row, { ...row, ts9: null, arr: null }]);
  });

  it('property: round-trip to the nanosecond, top-level and nested, through rows and Arrow', () => {
    const value = (nullable: boolean) => (nullable ? fc.option(ts9, { nil: null }) : ts9);
    const rowArb = fc.record({
      ts7: value(true).map((t) =>
        t === null ? null : new Timestamp(t.epochMillis, t.nanoOfMillisecond - (t.nanoOfMillisecond % 100)),
      ),
      ts9: value(true),
      ltz9: value(true),
      arr: fc.option(fc.array(value(true), { maxLength: 3 }), { nil: null }),
      m: fc.option(
        fc
          .uniqueArray(
            fc.tuple(
              ts9.map((t) => new Timestamp(t.epochMillis, t.nanoOfMillisecond - (t.nanoOfMillisecond % 10))),
              value(true),
            ),
            {
              maxLength: 3,
              selector: ([k]) => k.toEpochNanos(),
            },
          )
          .map((e) => new Map(e)),
        { nil: null },
      ),
      r: fc.option(fc.record({ x: value(true), y: fc.option(fc.integer(), { nil: null }) }), { nil: null }),
      i: fc.option(fc.integer(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), (rows) => {
        const bytes = write(TYPE, rows);
        expect(parquet.read(bytes, TYPE, 'x')).toEqual(rows);
        if (rows.length > 1) {
          // a sliced Arrow table (offsets into shared buffers) written straight to Parquet
          const sliced = rowsToArrow(TYPE, rows).slice(1);
          const viaArrow = parquet.writeArrow!(TYPE, sliced, {
            compression: 'zstd',
            random: new SeededRandom(1),
          });
          expect(parquet.read(viaArrow, TYPE, 'x')).toEqual(rows.slice(1));
        }
      }),
      { seed: 96, numRuns: 60 },
    );
  });

  it('still reads INT64 NANOS timestamps (files written before INT96)', () => {
    const rows: Row[] = [{ ts7: new Timestamp(-1, 999_900), ts9: new Timestamp(1_700_000_000_123, 456_789) }];
    const type = rowType(TYPE.fields.slice(0, 2));
    const table = wasm.Table.fromIPCStream(arrow.tableToIPC(rowsToArrow(type, rows), 'stream'));
    const int64Nanos = wasm.writeParquet(table);
    expect(footer(int64Nanos).schema[1]).toMatchObject({ type: 'INT64', logical_type: { unit: 'NANOS' } });
    expect(parquet.read(int64Nanos, type, 'x')).toEqual(rows);
  });

  it('the footer codec re-encodes every footer it decodes to the same bytes', () => {
    for (const bytes of [write(allTypes(), [FULL_VALUES, NULL_VALUES]), write(TYPE, [])]) {
      const n = bytes.length;
      const length = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
      const raw = bytes.subarray(n - 8 - length, n - 8);
      const { struct, end } = decodeThriftStruct(raw, 'footer');
      expect(end).toBe(raw.length);
      expect(hex(encodeThriftStruct(struct))).toBe(hex(raw));
    }
  });
});
