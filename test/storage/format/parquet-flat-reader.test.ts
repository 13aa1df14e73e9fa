import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { arrowToRows, rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import { readFlatParquet } from '../../../src/storage/format/parquet-flat-reader.js';
import {
  parquetFormat,
  projectedType,
  readParquetColumns,
  readWithFlatReader,
} from '../../../src/storage/format/parquet-format.js';
import {
  int96LeafOrdinals,
  patchInt96Footer,
  withInt96Placeholders,
} from '../../../src/storage/format/parquet-int96.js';
import { ParquetCorruption, ParquetFallback } from '../../../src/storage/format/parquet-metadata.js';
import { decodeThriftStruct, type ThriftStruct } from '../../../src/storage/format/parquet-thrift.js';
import {
  type DataField,
  parseDataType,
  type RowType,
  rowType,
} from '../../../src/storage/spec/data-types.js';
import { keyValueRowType } from '../../../src/storage/spec/key-value.js';
import { decodeSchema } from '../../../src/storage/spec/table-schema.js';
import { type Row, Timestamp } from '../../../src/storage/spec/values.js';
import { decodeRow, type InteropField } from '../../interop/harness.js';
import { ALL_TYPE_STRINGS, FULL_VALUES, NULL_VALUES, rowValue } from './arrow-arbitraries.js';

type ParquetWasm = typeof import('parquet-wasm');
const wasm = createRequire(import.meta.url)('parquet-wasm') as ParquetWasm;

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

/** The flat (non-nested) part of the all-types row type, plus TIME of each precision and TIMESTAMP_LTZ(9). */
const FLAT = rowType(
  [
    ...ALL_TYPE_STRINGS.filter(([, t]) => !/ARRAY|MAP|MULTISET|ROW/.test(t)),
    ['t6', 'TIME(6)'],
    ['ltz9', 'TIMESTAMP(9) WITH LOCAL TIME ZONE'],
  ].map(([name, type], id) => ({ id, name: name!, type: parseDataType(type!) })),
);

const restrict = (row: Row, type: RowType): Row =>
  Object.fromEntries(type.fields.map((f) => [f.name, row[f.name] ?? null]));

const FULL: Row = { ...restrict(FULL_VALUES, FLAT), t6: 0, ltz9: new Timestamp(-9_000_000_000_000, 1) };
const NULLS: Row = restrict(NULL_VALUES, FLAT);
/** Special floats, UTF-8 (a leading BOM is part of the value), empty values, the other extremes. */
const ODD: Row = {
  ...FULL,
  b: false,
  i8: 127,
  i16: -32768,
  i32: 2147483647,
  i64: 9223372036854775807n,
  f32: Number.NaN,
  f64: Number.NEGATIVE_INFINITY,
  dec5: '0.00',
  dec: '99999999.99',
  wide: '-9999999999999999999999999999.9999999999',
  c: '',
  s: '\uFEFF😀 naïve 中文 \u0000',
  bin: Uint8Array.from([]),
  vb: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  d: 2932896,
  t: 0,
  t6: 86_399_999,
  ts0: new Timestamp(253402300799000),
  ts9: new Timestamp(1_700_000_000_000, 1),
  ltz9: new Timestamp(-1, 0),
};
const MORE: Row = { ...ODD, f32: -0, f64: 0 };

const write = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  parquetFormat.write(type, rows, { compression, random: new SeededRandom(1) });

/** What `parquetFormat.read` returned before the flat reader: parquet-wasm → Arrow → rows. */
function wasmRows(bytes: Uint8Array, type: RowType, projection?: readonly string[]): Row[] {
  const wanted = projectedType(type, projection);
  return arrowToRows(
    readParquetColumns(bytes, 'x', wanted, wanted.fields.length === type.fields.length),
    wanted,
  );
}

/** The flat reader alone (no fallback): it must read the file itself. */
const flatRows = (bytes: Uint8Array, type: RowType, projection?: readonly string[]) =>
  readFlatParquet(bytes, projectedType(type, projection));

/** A Parquet file through parquet-wasm with explicit writer properties (row groups, pages, v2, encodings). */
function writeWith(
  type: RowType,
  rows: readonly Row[],
  configure: (
    b: InstanceType<ParquetWasm['WriterPropertiesBuilder']>,
  ) => InstanceType<ParquetWasm['WriterPropertiesBuilder']>,
): Uint8Array {
  const table = rowsToArrow(type, rows);
  const int96 = int96LeafOrdinals(table.schema);
  const written = int96.length === 0 ? table : withInt96Placeholders(table);
  const properties = configure(new wasm.WriterPropertiesBuilder()).build();
  const bytes = wasm.writeParquet(wasm.Table.fromIPCStream(arrow.tableToIPC(written, 'stream')), properties);
  return int96.length === 0 ? bytes : patchInt96Footer(bytes, int96, 'test');
}

function manyRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) =>
    i % 5 === 4 ? NULLS : i % 3 === 0 ? FULL : i % 3 === 1 ? ODD : MORE,
  );
}

describe('flat Parquet reader: files written by parquet-format.ts (parquet-wasm)', () => {
  it('reads every flat type, nulls, NaN, extremes and UTF-8 as written and as the wasm path does', () => {
    const rows = [FULL, NULLS, ODD, MORE];
    for (const compression of ['zstd', 'snappy', 'none']) {
      const bytes = write(FLAT, rows, compression);
      const flat = flatRows(bytes, FLAT);
      expect(flat).toEqual(rows);
      expect(flat).toEqual(wasmRows(bytes, FLAT));
      expect(parquetFormat.read(bytes, FLAT, 'x')).toEqual(rows);
    }
  });

  it('keeps a field order, -0 and NaN exactly (Object.is), and BINARY values unshared', () => {
    const bytes = write(FLAT, [MORE, MORE]);
    const [a, b] = flatRows(bytes, FLAT) as [Row, Row];
    expect(Object.keys(a)).toEqual(FLAT.fields.map((f) => f.name));
    expect(Object.is(a.f32, -0)).toBe(true);
    expect(Number.isNaN(flatRows(write(FLAT, [ODD]), FLAT)[0]!.f32)).toBe(true);
    expect(a.vb).not.toBe(b.vb);
    (a.vb as Uint8Array)[0] = 99;
    expect((b.vb as Uint8Array)[0]).toBe(1);
  });

  it('reads no rows, and the row count when no column is requested', () => {
    expect(flatRows(write(FLAT, []), FLAT)).toEqual([]);
    const bytes = write(FLAT, [FULL, NULLS, ODD]);
    expect(flatRows(bytes, FLAT, [])).toEqual([{}, {}, {}]);
    expect(flatRows(bytes, FLAT, [])).toEqual(wasmRows(bytes, FLAT, []));
  });

  it('resolves columns as readParquetColumns: projection order, by name, else by field id, missing → null', () => {
    const bytes = write(FLAT, [FULL, ODD]);
    const projection = ['s', 'i64', 'ts9', 'nope'];
    expect(flatRows(bytes, FLAT, projection)).toEqual(wasmRows(bytes, FLAT, projection));
    expect(Object.keys(flatRows(bytes, FLAT, projection)[0]!)).toEqual(['s', 'i64', 'ts9']);
    // A renamed column (same id), an added one (new id), one whose name matches another column's id.
    const evolved = rowType([
      { id: 11, name: 'renamed_s', type: parseDataType('STRING') },
      { id: 999, name: 'added', type: parseDataType('INT') },
      { id: 4, name: 'i8', type: parseDataType('TINYINT') },
      { id: 3, name: 'i64', type: parseDataType('BIGINT') },
    ]);
    const rows = flatRows(bytes, evolved);
    expect(rows).toEqual(wasmRows(bytes, evolved));
    expect(rows[0]).toEqual({ renamed_s: FULL.s, added: null, i8: FULL.i8, i64: FULL.i64 });
  });

  it('reads values at another decimal scale and integer width as the wasm path does (type evolution)', () => {
    const bytes = write(FLAT, [FULL, ODD, NULLS]);
    const evolved = rowType([
      { id: 8, name: 'dec', type: parseDataType('DECIMAL(12, 4)') },
      { id: 7, name: 'dec5', type: parseDataType('DECIMAL(5, 1)') },
      { id: 3, name: 'i32', type: parseDataType('BIGINT') },
      { id: 4, name: 'i64', type: parseDataType('BIGINT') },
      { id: 1, name: 'i8', type: parseDataType('INT') },
      { id: 5, name: 'f32', type: parseDataType('DOUBLE') },
    ]);
    expect(flatRows(bytes, evolved)).toEqual(wasmRows(bytes, evolved));
  });

  it('reads several row groups, many pages, data page v2, plain and dictionary encodings', () => {
    const rows = manyRows(203);
    const variants: [string, Parameters<typeof writeWith>[2]][] = [
      [
        'row groups of 7, pages of 3 rows',
        (b) => b.setMaxRowGroupSize(7).setDataPageSizeLimit(1).setWriteBatchSize(3),
      ],
      [
        'page v2, zstd',
        (b) =>
          b
            .setWriterVersion(wasm.WriterVersion.V2)
            .setCompression(wasm.Compression.ZSTD)
            .setDataPageSizeLimit(64)
            .setWriteBatchSize(5),
      ],
      ['page v2, uncompressed', (b) => b.setWriterVersion(wasm.WriterVersion.V2).setMaxRowGroupSize(50)],
      [
        'no dictionary, snappy',
        (b) =>
          b
            .setDictionaryEnabled(false)
            .setCompression(wasm.Compression.SNAPPY)
            .setMaxRowGroupSize(64)
            .setDataPageSizeLimit(100),
      ],
      [
        'dictionary fallback to plain mid-chunk',
        (b) => b.setDictionaryPageSizeLimit(16).setDataPageSizeLimit(32).setWriteBatchSize(4),
      ],
    ];
    for (const [name, configure] of variants) {
      const bytes = writeWith(FLAT, rows, configure);
      const flat = flatRows(bytes, FLAT);
      expect(flat, name).toEqual(rows);
      expect(flat, name).toEqual(wasmRows(bytes, FLAT));
    }
  });

  it('agrees with the wasm path on random flat row types and rows (fast-check, fixed seed)', () => {
    const field = fc.tuple(fc.constantFrom(...FLAT.fields.map((f) => f.type)), fc.boolean());
    const arbitrary = fc
      .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), field), {
        minLength: 1,
        maxLength: 8,
        selector: ([name]) => name,
      })
      .map((fs) =>
        rowType(
          fs.map(([name, [type, nullable]], id): DataField => ({ id, name, type: { ...type, nullable } })),
        ),
      )
      .chain((type) =>
        fc.tuple(
          fc.constant(type),
          fc.array(rowValue(type), { maxLength: 40 }),
          fc.constantFrom('zstd', 'snappy', 'none'),
          fc.integer({ min: 1, max: 16 }),
        ),
      );
    fc.assert(
      fc.property(arbitrary, ([type, rows, compression, groupRows]) => {
        for (const bytes of [
          write(type, rows, compression),
          writeWith(type, rows, (b) =>
            b.setMaxRowGroupSize(groupRows).setDataPageSizeLimit(1).setWriteBatchSize(2),
          ),
        ]) {
          const flat = flatRows(bytes, type);
          expect(flat).toEqual(wasmRows(bytes, type));
          expect(flat).toEqual(rows);
        }
      }),
      { seed: 14, numRuns: 150 },
    );
  });
});

describe('flat Parquet reader: files written by Paimon Java and pypaimon', () => {
  const javaDir = join(FIXTURES, 'paimon-java', 'parquet');
  const javaExpected = JSON.parse(readFileSync(join(javaDir, 'expected.json'), 'utf8')) as Record<
    string,
    { fields: InteropField[]; rows: Record<string, unknown>[] }
  >;

  it.each(['dict', 'plain'])(
    'Paimon Java 1.3.1 %s file reads as Java read it and as the wasm path',
    (name) => {
      const { fields, rows } = javaExpected[name]!;
      const type = rowType(fields.map((f, id) => ({ id, name: f.name, type: parseDataType(f.type) })));
      const bytes = new Uint8Array(readFileSync(join(javaDir, `${name}-0.parquet`)));
      const flat = flatRows(bytes, type);
      expect(flat).toEqual(wasmRows(bytes, type));
      const key = (r: Row) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
      const expected = rows.map((r) => decodeRow(fields, r));
      expect(flat.map(key).sort()).toEqual(expected.map(key).sort());
    },
  );

  it('Paimon Java INT96 timestamps keep their nanoseconds', () => {
    const fields = javaExpected.dict!.fields;
    const type = rowType(fields.map((f, id) => ({ id, name: f.name, type: parseDataType(f.type) })));
    const rows = flatRows(new Uint8Array(readFileSync(join(javaDir, 'dict-0.parquet'))), type, [
      'ts9',
      'ltz9',
    ]);
    expect(rows[0]).toEqual({ ts9: new Timestamp(-1, 999_999), ltz9: new Timestamp(-9_000_000_000_000, 1) });
  });

  const warehouse = join(FIXTURES, 'pypaimon', 'warehouse', 'db.db');
  const pypaimonFiles = readdirSync(warehouse, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .sort();

  it.each(pypaimonFiles)('pypaimon file %s reads as the wasm path', (file) => {
    const table = file.split('/')[0]!;
    const schema = decodeSchema(
      readFileSync(join(warehouse, table, 'schema', 'schema-0'), 'utf8'),
      'schema-0',
    );
    const type =
      schema.primaryKeys.length > 0
        ? keyValueRowType(schema.fields, schema.primaryKeys)
        : rowType(schema.fields);
    const bytes = new Uint8Array(readFileSync(join(warehouse, file)));
    const flat = flatRows(bytes, type);
    expect(flat.length).toBeGreaterThan(0);
    expect(flat).toEqual(wasmRows(bytes, type));
  });
});

describe('flat Parquet reader: dispatch and footer decoding', () => {
  it('parquetFormat.read takes flat files through the TypeScript reader, others through parquet-wasm', () => {
    expect(readWithFlatReader(write(FLAT, [FULL]), FLAT)).toEqual([FULL]);
    expect(readWithFlatReader(write(FLAT, [FULL], 'gzip'), FLAT)).toBeUndefined();
    expect(readWithFlatReader(new Uint8Array(16), FLAT)).toBeUndefined();
  });

  it('a Thrift shape decodes the named fields as the full decode does and skips the rest', () => {
    for (const bytes of [write(FLAT, [FULL, NULLS]), write(FLAT, [FULL], 'snappy')]) {
      const n = bytes.length;
      const length = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
      const footer = bytes.subarray(n - 8 - length, n - 8);
      const full = decodeThriftStruct(footer, 'footer');
      // schema names and types, row group columns' codec, and num_rows only
      const shape = { 2: { 1: true, 4: true }, 3: true, 4: { 1: { 3: { 4: true } } } } as const;
      const shaped = decodeThriftStruct(footer, 'footer', shape);
      expect(shaped.end).toBe(full.end);
      expect([...shaped.struct.fields.keys()]).toEqual([2, 3, 4]);
      expect(shaped.struct.get(3)).toBe(full.struct.get(3));
      const names = (s: ThriftStruct) =>
        (s.list(2)!.items as ThriftStruct[]).map((e) => [e.get(1), e.get(4), e.get(5)]);
      expect(names(shaped.struct)).toEqual(names(full.struct).map(([t, name]) => [t, name, undefined]));
      const codecs = (s: ThriftStruct) =>
        (s.list(4)!.items as ThriftStruct[]).flatMap((g) =>
          (g.list(1)!.items as ThriftStruct[]).map(
            (c) => [...c.struct(3)!.fields.keys()].includes(4) && c.struct(3)!.get(4),
          ),
        );
      expect(codecs(shaped.struct)).toEqual(codecs(full.struct));
      const firstChunk = (
        (shaped.struct.list(4)!.items[0] as ThriftStruct).list(1)!.items[0] as ThriftStruct
      ).struct(3)!;
      expect([...firstChunk.fields.keys()]).toEqual([4]);
    }
  });
});

describe('flat Parquet reader: fallback and corrupt files', () => {
  it('leaves nested columns, GZIP and other encodings to parquet-wasm, which still reads them', () => {
    const nested = rowType([
      { id: 0, name: 'id', type: parseDataType('BIGINT') },
      { id: 1, name: 'tags', type: parseDataType('ARRAY<STRING>') },
    ]);
    const nestedRows = [
      { id: 1n, tags: ['a', null] },
      { id: 2n, tags: null },
    ];
    const bytes = write(nested, nestedRows);
    expect(() => flatRows(bytes, nested)).toThrow(ParquetFallback);
    expect(parquetFormat.read(bytes, nested, 'x')).toEqual(nestedRows);
    // The flat columns of a file with nested ones are the reader's own.
    expect(flatRows(bytes, nested, ['id'])).toEqual([{ id: 1n }, { id: 2n }]);

    const rows = [FULL, NULLS];
    const gzip = write(FLAT, rows, 'gzip');
    expect(() => flatRows(gzip, FLAT)).toThrow(/compression codec 2/);
    expect(parquetFormat.read(gzip, FLAT, 'x')).toEqual(rows);

    const delta = writeWith(FLAT, rows, (b) =>
      b.setDictionaryEnabled(false).setColumnEncoding('i64', wasm.Encoding.DELTA_BINARY_PACKED),
    );
    expect(() => flatRows(delta, FLAT)).toThrow(/value encoding 5/);
    expect(parquetFormat.read(delta, FLAT, 'x')).toEqual(rows);
  });

  it('leaves Paimon types without an exact mapping from the column to parquet-wasm', () => {
    const bytes = write(FLAT, [FULL]);
    const asString = rowType([{ id: 3, name: 'i64', type: parseDataType('STRING') }]);
    expect(() => flatRows(bytes, asString)).toThrow(ParquetFallback);
    expect(() => parquetFormat.read(bytes, asString, 'x')).toThrow(); // as before: the wasm path's answer
  });

  it('reports truncated and corrupt files as CorruptFileError naming the path', () => {
    const bytes = write(FLAT, [FULL, NULLS, ODD]);
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated', bytes.subarray(0, bytes.length - 10)],
      ['no footer magic', Uint8Array.from([...bytes.subarray(0, bytes.length - 1), 0])],
      ['footer length too large', patch(bytes, bytes.length - 8, [0xff, 0xff, 0xff, 0x7f])],
      ['garbled footer', garble(bytes, bytes.length - 60, 40)],
      ['garbled pages', garble(bytes, 4, 200)],
    ];
    for (const [name, corrupt] of cases) {
      let flatError: unknown;
      try {
        flatRows(corrupt, FLAT);
      } catch (e) {
        flatError = e;
      }
      expect(flatError, name).toBeInstanceOf(Error);
      expect(() => parquetFormat.read(corrupt, FLAT, 'dir/data-1.parquet'), name).toThrow(CorruptFileError);
      expect(() => parquetFormat.read(corrupt, FLAT, 'dir/data-1.parquet'), name).toThrow(
        /dir\/data-1\.parquet/,
      );
    }
    expect(() => flatRows(new Uint8Array(4), FLAT)).toThrow(ParquetCorruption);
  });
});

function patch(bytes: Uint8Array, at: number, values: number[]): Uint8Array {
  const out = bytes.slice();
  out.set(values, at);
  return out;
}

function garble(bytes: Uint8Array, at: number, length: number): Uint8Array {
  const out = bytes.slice();
  for (let i = at; i < at + length; i++) out[i] = (out[i]! * 31 + 7) & 0xff;
  return out;
}
