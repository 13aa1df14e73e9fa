import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type FileMetaData, parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { SchemaMismatchError, UnsupportedTypeError } from '../../../src/storage/errors.js';
import { arrowToRows, rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import {
  FLAT_WRITER_CREATED_BY,
  type FlatParquetCodec,
  writeFlatParquet,
} from '../../../src/storage/format/parquet-flat-writer.js';
import {
  parquetFormat,
  readParquetAsArrow,
  readParquetColumns,
  writeArrowAsParquet,
} from '../../../src/storage/format/parquet-format.js';
import { decodeThriftStruct, type ThriftStruct } from '../../../src/storage/format/parquet-thrift.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../../../src/storage/spec/values.js';
import { ALL_TYPE_STRINGS, FULL_VALUES, NULL_VALUES, restrict, typeAndRows } from './arrow-arbitraries.js';

/** Every flat type of the all-types row type (arrow-arbitraries.ts), ids as there. */
const FLAT = rowType(
  ALL_TYPE_STRINGS.map(([name, type], id) => ({ id, name, type: parseDataType(type) })).filter(
    (f) => !['ARRAY', 'MAP', 'MULTISET', 'ROW'].includes(f.type.root),
  ),
);

const LONG_TEXT = `${'é'.repeat(31)}x${'東'.repeat(10)}`; // 93 bytes: 64 falls inside a character
const EXTREMES: Row = {
  b: false,
  i8: 127,
  i16: -32768,
  i32: 2147483647,
  i64: 9223372036854775807n,
  f32: Number.NaN,
  f64: Number.NaN,
  dec5: '999.99',
  dec: '99999999.99',
  wide: '-9999999999999999999999999999.9999999999',
  c: '',
  s: '',
  bin: Uint8Array.of(),
  vb: new Uint8Array(100).fill(0xff),
  d: 2932896,
  t: 0,
  ts0: new Timestamp(-62_135_596_800_000),
  ts3: new Timestamp(9_000_000_000_000),
  ts6: new Timestamp(-9_000_000_000_001, 999_000),
  ts9: new Timestamp(9_000_000_000_000, 999_999),
  ltz3: new Timestamp(-9_000_000_000_000),
  ltz6: new Timestamp(9_000_000_000_000, 1_000),
};
const ZEROS: Row = {
  ...restrict(NULL_VALUES, FLAT),
  i32: 0,
  f32: -0,
  f64: 0,
  dec5: '0.00',
  wide: '0.0000000000',
  s: LONG_TEXT,
  vb: new Uint8Array(70).fill(7),
};
const INFINITIES: Row = {
  ...restrict(NULL_VALUES, FLAT),
  i32: -1,
  f32: Number.POSITIVE_INFINITY,
  f64: Number.NEGATIVE_INFINITY,
  s: `${'a'.repeat(62)}\u{10FFFF}\u{FFFF}`, // the last characters cannot grow within their length
  c: `${'b'.repeat(63)}\u{D7FF}`, // U+D7FF + 1 is a surrogate
};
const ROWS: readonly Row[] = [
  restrict(FULL_VALUES, FLAT),
  EXTREMES,
  ZEROS,
  INFINITIES,
  restrict(NULL_VALUES, FLAT),
];

const CODECS: Record<string, FlatParquetCodec> = { zstd: 'ZSTD', snappy: 'SNAPPY', none: 'UNCOMPRESSED' };

const writeTs = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  writeFlatParquet(type, rows, CODECS[compression]!);
const writeWasm = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  writeArrowAsParquet(rowsToArrow(type, rows), compression);
const read = (bytes: Uint8Array, type: RowType) => parquetFormat.read(bytes, type, 'x.parquet');
const readWasm = (bytes: Uint8Array, type: RowType) =>
  arrowToRows(readParquetColumns(bytes, 'x.parquet', type, true), type);

function metadata(bytes: Uint8Array): FileMetaData {
  return parquetMetadata(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
}

/**
 * What both writers must agree on, as hyparquet decodes it: schema, row counts, per chunk type, codec,
 * value count and statistics (sizes, offsets, encodings, page layout and created_by may differ).
 * `paimonDecimals`: parquet-wasm's DECIMAL(1, s) columns taken as INT32, as Paimon Java and the TypeScript
 * writer write them (arrow-rs alone makes them INT64; see parquet-flat-columns.ts).
 */
function comparable(bytes: Uint8Array, paimonDecimals = false) {
  const meta = metadata(bytes);
  const narrowed = new Set<string>();
  const schema = meta.schema.map((e) => {
    if (!paimonDecimals || e.precision !== 1 || e.type !== 'INT64') return e;
    narrowed.add(e.name);
    return { ...e, type: 'INT32' as const };
  });
  return {
    schema,
    numRows: meta.num_rows,
    groups: meta.row_groups.map((g) => ({
      numRows: g.num_rows,
      columns: g.columns.map((c) => {
        const m = c.meta_data!;
        return {
          path: m.path_in_schema,
          type: narrowed.has(m.path_in_schema[0]!) ? 'INT32' : m.type,
          codec: m.codec,
          numValues: m.num_values,
          stats: m.statistics,
        };
      }),
    })),
  };
}

/** Leaf names of DECIMAL(1, s) fields, whose statistics the writers store in different widths. */
function oneDigitDecimals(type: RowType): Set<string> {
  const narrow = type.fields.filter((f) => f.type.root === 'DECIMAL' && f.type.precision === 1);
  return new Set(narrow.map((f) => f.name));
}

/** The footer's Statistics structs as raw bytes (exact where hyparquet converts, e.g. wide decimals),
 * of every column chunk but those of the leaves named in `skip`. */
function rawStatistics(bytes: Uint8Array, skip: ReadonlySet<string> = new Set()): unknown[] {
  const n = bytes.length;
  const length = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  const { struct } = decodeThriftStruct(bytes.subarray(n - 8 - length, n - 8), 'footer');
  const groups = (struct.list(4)?.items ?? []) as ThriftStruct[];
  return groups.flatMap((g) =>
    ((g.list(1)?.items ?? []) as ThriftStruct[]).flatMap((chunk) => {
      const path = (chunk.struct(3)?.list(3)?.items ?? []) as Uint8Array[];
      if (skip.has(Buffer.from(path[0]!).toString('utf8'))) return [];
      const stats = chunk.struct(3)?.struct(12);
      const hex = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
      return [stats && Object.fromEntries([...stats.fields].map(([id, f]) => [id, hex(f.value)]))];
    }),
  );
}

function createdBy(bytes: Uint8Array): string | undefined {
  return metadata(bytes).created_by;
}

describe('flat Parquet writer (TypeScript)', () => {
  it.each(Object.keys(CODECS))('round-trips every flat type and edge value (%s)', (compression) => {
    const bytes = writeTs(FLAT, ROWS, compression);
    // toEqual tells -0 from +0 and takes NaN as NaN
    expect(read(bytes, FLAT)).toEqual(ROWS);
  });

  it('round-trips no rows: a file without row groups', () => {
    const bytes = writeTs(FLAT, []);
    expect(read(bytes, FLAT)).toEqual([]);
    expect(metadata(bytes).row_groups).toEqual([]);
    expect(comparable(bytes)).toEqual(comparable(writeWasm(FLAT, [])));
  });

  it.each(Object.keys(CODECS))(
    'writes the footer parquet-wasm writes: schema, field ids, logical types, statistics (%s)',
    (compression) => {
      const ts = writeTs(FLAT, ROWS, compression);
      const wasm = writeWasm(FLAT, ROWS, compression);
      expect(comparable(ts)).toEqual(comparable(wasm));
      expect(rawStatistics(ts)).toEqual(rawStatistics(wasm));
    },
  );

  it('reads back as the same Arrow schema without an ARROW:schema entry in the footer', () => {
    const type = rowType([...FLAT.fields, { id: 99, name: 'd1', type: parseDataType('DECIMAL(1, 0)') }]);
    const ts = writeTs(type, []);
    expect(metadata(ts).key_value_metadata).toBeUndefined();
    const arrowOf = (bytes: Uint8Array) =>
      readParquetAsArrow(bytes, 'x.parquet').schema.fields.map((f) => ({
        name: f.name,
        type: String(f.type),
        nullable: f.nullable,
        metadata: [...f.metadata],
      }));
    expect(arrowOf(ts)).toEqual(arrowOf(writeWasm(type, [])));
  });

  it('keeps statistics exact where they must be and cut where they may be', () => {
    const meta = metadata(writeTs(FLAT, ROWS));
    const stats = (name: string) =>
      meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!
        .statistics!;
    expect(stats('i64')).toMatchObject({ min_value: -9223372036854775808n, max_value: 9223372036854775807n });
    expect(stats('i64').null_count).toBe(3n);
    expect(stats('i32')).toMatchObject({ min_value: -2147483648, max_value: 2147483647, null_count: 0n });
    // NaN takes no part; zeros widen to -0 / +0; infinities count
    expect(stats('f32')).toMatchObject({ min_value: -0, max_value: Number.POSITIVE_INFINITY });
    expect(Object.is(stats('f32').min_value, -0)).toBe(true);
    expect(stats('f64')).toMatchObject({ min_value: Number.NEGATIVE_INFINITY });
    // strings: byte-wise, the long max cut to 64 bytes and incremented; no deprecated signed min/max
    expect(stats('s')).toMatchObject({ min_value: '', is_min_value_exact: true, is_max_value_exact: false });
    expect(stats('s').max).toBeUndefined();
    // all 0xff: a max that cannot be incremented stays whole
    expect(stats('vb').is_max_value_exact).toBe(true);
    // INT96 has no order: no statistics at all
    expect(stats('ts9')).toBeUndefined();
  });

  // Long min/max values are cut to 64 bytes as arrow-rs cuts them (parquet-stats-truncation.ts): at a
  // character boundary for text, the max's last character (or byte) incremented, else kept whole.
  const long = (prefix: string, n: number, tail: string) => prefix.repeat(n) + tail;
  it.each([
    ['STRING', [long('a', 100, '')]],
    ['STRING', [long('é', 40, '')]],
    ['STRING', [long('東', 30, '')]],
    ['STRING', [long('a', 61, '\u{D7FF}zzz')]], // U+D7FF + 1 is a surrogate: the 'a' before it grows
    ['STRING', [long('a', 60, '\u{FFFF}\u{10FFFF}')]], // U+FFFF + 1 needs 4 bytes
    ['STRING', [long('a', 60, '\u{10FFFF}x')]], // nothing after U+10FFFF
    ['STRING', [long('\u{10FFFF}', 17, '')]], // nothing can grow: the max stays whole
    ['STRING', [long('b', 70, ''), long('a', 70, ''), 'c']],
    ['BYTES', [Uint8Array.of(1, ...new Uint8Array(70).fill(0xff))]], // 0xff carries
    ['BYTES', [new Uint8Array(65).fill(0xff), new Uint8Array(66)]],
  ] as const)('cuts long %s statistics as parquet-wasm does (%#)', (type, values) => {
    const t = rowType([{ id: 0, name: 'v', type: parseDataType(type) }]);
    const rows = values.map((v) => ({ v }));
    const ts = writeTs(t, rows);
    expect(read(ts, t)).toEqual(rows);
    expect(rawStatistics(ts)).toEqual(rawStatistics(writeWasm(t, rows)));
  });

  it('writes OPTIONAL columns with definition levels across pages and row groups', () => {
    const type = rowType([
      { id: 3, name: 'id', type: parseDataType('BIGINT NOT NULL') },
      { id: 5, name: 'flag', type: parseDataType('BOOLEAN') },
      { id: 7, name: 'name', type: parseDataType('STRING') },
    ]);
    // null runs longer than 8 (RLE runs), alternating nulls (bit-packed), a page with no value at all
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: BigInt(i),
      flag: i % 3 === 0 ? null : i % 2 === 0,
      name: (i >= 200 && i < 300) || i % 7 === 0 ? null : `n${i}`,
    }));
    const layout = { rowGroupRows: 400, pageRows: 64, pageValueBytes: 300 };
    const bytes = writeFlatParquet(type, rows, 'ZSTD', layout);
    expect(read(bytes, type)).toEqual(rows);
    const meta = metadata(bytes);
    expect(meta.row_groups.map((g) => g.num_rows)).toEqual([400n, 400n, 200n]);
    const pages = meta.row_groups[0]!.columns.map((c) => c.meta_data!.encoding_stats![0]!.count);
    expect(pages[0]).toBeGreaterThan(400 / 64); // ids: 8 bytes each, cut at 300 bytes
    expect(pages[1]).toBe(Math.ceil(400 / 64));
    // chunk statistics span all pages of the chunk, per row group
    const names = rows.slice(0, 400).map((r) => r.name);
    const present = names
      .filter((n) => n !== null)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(meta.row_groups[0]!.columns[2]!.meta_data!.statistics).toMatchObject({
      min_value: present[0],
      max_value: present.at(-1),
      null_count: BigInt(names.length - present.length),
    });
  });

  it('writes DECIMAL(1, s) as INT32, as Paimon Java does (parquet-wasm: INT64)', () => {
    const type = rowType([{ id: 0, name: 'd', type: parseDataType('DECIMAL(1, 1)') }]);
    const rows = [{ d: '-0.9' }, { d: '0.9' }, { d: null }];
    const bytes = writeTs(type, rows);
    expect(read(bytes, type)).toEqual(rows);
    const meta = metadata(bytes);
    expect(meta.schema[1]).toMatchObject({
      type: 'INT32',
      logical_type: { type: 'DECIMAL', precision: 1, scale: 1 },
    });
    expect(meta.row_groups[0]!.columns[0]!.meta_data!.statistics).toMatchObject({
      min_value: -0.9,
      max_value: 0.9,
    });
    expect(metadata(writeWasm(type, rows)).schema[1]!.type).toBe('INT64');
  });

  it('writes the same bytes for the same rows', () => {
    expect(Buffer.from(writeTs(FLAT, ROWS)).equals(Buffer.from(writeTs(FLAT, ROWS)))).toBe(true);
  });

  it('says who wrote the file in the form parquet-java parses, with this package version', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(FLAT_WRITER_CREATED_BY).toMatch(
      new RegExp(`^paimon-sim version ${pkg.version.replace(/\./g, '\\.')} `),
    );
    expect(createdBy(writeTs(FLAT, ROWS))).toBe(FLAT_WRITER_CREATED_BY);
  });

  it('rejects a null in a NOT NULL column and a nested row type, with typed errors', () => {
    expect(() => writeTs(FLAT, [{ ...restrict(FULL_VALUES, FLAT), i32: null }])).toThrow(SchemaMismatchError);
    expect(() => writeTs(FLAT, [{ ...restrict(FULL_VALUES, FLAT), i32: null }])).toThrow(/'i32'/);
    const nested = rowType([{ id: 0, name: 'a', type: parseDataType('ARRAY<INT>') }]);
    expect(() => writeTs(nested, [])).toThrow(UnsupportedTypeError);
  });

  it('property: random flat row types round-trip and carry parquet-wasm footers', () => {
    fc.assert(
      fc.property(
        typeAndRows({ depth: 0 }, 8),
        fc.constantFrom(...Object.keys(CODECS)),
        ({ type, rows }, compression) => {
          const ts = writeTs(type, rows, compression);
          expect(read(ts, type)).toEqual(rows);
          // both readers: parquetFormat.read takes the TypeScript reader first; parquet-wasm must agree
          expect(readWasm(ts, type)).toEqual(rows);
          const wasm = writeWasm(type, rows, compression);
          expect(comparable(ts)).toEqual(comparable(wasm, true));
          const skip = oneDigitDecimals(type);
          expect(rawStatistics(ts, skip)).toEqual(rawStatistics(wasm, skip));
        },
      ),
      { seed: 1414, numRuns: 80 },
    );
  });
});

describe('parquetFormat.write dispatch', () => {
  const write = (type: RowType, rows: readonly Row[], compression: string) =>
    parquetFormat.write(type, rows, { compression, random: new SeededRandom(1) });

  it.each(['zstd', 'snappy', 'none', 'uncompressed', 'ZSTD'])(
    'writes flat row types with the TypeScript writer (file.compression = %s)',
    (compression) => {
      const bytes = write(FLAT, ROWS, compression);
      expect(createdBy(bytes)).toBe(FLAT_WRITER_CREATED_BY);
      expect(read(bytes, FLAT)).toEqual(ROWS);
    },
  );

  it.each(['gzip', 'lz4', 'lz4_raw', 'brotli'])(
    'leaves codecs it has not to parquet-wasm (file.compression = %s)',
    (compression) => {
      const bytes = write(FLAT, ROWS, compression);
      expect(createdBy(bytes)).toMatch(/^parquet-rs/);
      expect(read(bytes, FLAT)).toEqual(ROWS);
    },
  );

  it('writes an Arrow table of a flat row type (writeArrow) with the same writer and bytes as its rows', () => {
    const options = { compression: 'zstd', random: new SeededRandom(1) };
    const viaArrow = parquetFormat.writeArrow!(FLAT, rowsToArrow(FLAT, ROWS), options);
    expect(createdBy(viaArrow)).toBe(FLAT_WRITER_CREATED_BY);
    expect(Buffer.from(viaArrow).equals(Buffer.from(write(FLAT, ROWS, 'zstd')))).toBe(true);
  });

  it('writes flat files of any size with the TypeScript writer, rows and Arrow alike, byte-identical', () => {
    // Until issue 14's Arrow-input writer, files above 1,024 rows went to parquet-wasm.
    const type = rowType([
      { id: 0, name: 'k', type: parseDataType('BIGINT NOT NULL') },
      { id: 1, name: 's', type: parseDataType('STRING') },
    ]);
    const rows = Array.from({ length: 3000 }, (_, i) => ({ k: BigInt(i), s: i % 5 === 0 ? null : `v${i}` }));
    const options = { compression: 'zstd', random: new SeededRandom(1) };
    const fromRows = write(type, rows, 'zstd');
    const fromArrow = parquetFormat.writeArrow!(type, rowsToArrow(type, rows), options);
    expect(createdBy(fromRows)).toBe(FLAT_WRITER_CREATED_BY);
    expect(Buffer.from(fromArrow).equals(Buffer.from(fromRows))).toBe(true);
    expect(read(fromRows, type)).toEqual(rows);
  });

  it('leaves nested row types to parquet-wasm', () => {
    const type = rowType([
      { id: 0, name: 'k', type: parseDataType('INT') },
      { id: 1, name: 'tags', type: parseDataType('ARRAY<STRING>') },
    ]);
    const rows = [{ k: 1, tags: ['a', null] }];
    const bytes = write(type, rows, 'zstd');
    expect(createdBy(bytes)).toMatch(/^parquet-rs/);
    expect(read(bytes, type)).toEqual(rows);
  });
});
