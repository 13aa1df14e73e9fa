import fc from 'fast-check';
import { type FileMetaData, parquetMetadata, type SchemaElement } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError, InvalidOptionError } from '../../../src/storage/errors.js';
import {
  arrayElementFieldId,
  mapKeyFieldId,
  mapValueFieldId,
} from '../../../src/storage/format/arrow-schema.js';
import { PARQUET_COMPRESSIONS } from '../../../src/storage/format/parquet-format.js';
import { getFileFormat } from '../../../src/storage/format/registry.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../../../src/storage/spec/values.js';
import { allTypes, FULL_VALUES, NULL_VALUES, typeAndRows } from './arrow-arbitraries.js';

const parquet = getFileFormat('parquet');
const TYPE = allTypes();
const write = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  parquet.write(type, rows, { compression, random: new SeededRandom(1) });

/** The footer as an independent reader (hyparquet) decodes it. */
function footer(bytes: Uint8Array): FileMetaData {
  return parquetMetadata(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
}

function element(meta: FileMetaData, name: string): SchemaElement {
  const found = meta.schema.find((e) => e.name === name);
  if (!found) throw new Error(`no schema element ${name}`);
  return found;
}

function chunk(meta: FileMetaData, path: string) {
  const found = meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema.join('.') === path);
  if (!found) throw new Error(`no column chunk ${path}`);
  return found.meta_data!;
}

describe('parquet data files', () => {
  it('round-trip every type, extremes, nulls and nested values', () => {
    expect(parquet.read(write(TYPE, [FULL_VALUES, NULL_VALUES]), TYPE, 'x')).toEqual([
      FULL_VALUES,
      NULL_VALUES,
    ]);
  });

  it('round-trip no rows', () => {
    expect(parquet.read(write(TYPE, []), TYPE, 'x')).toEqual([]);
  });

  it('write the same bytes for the same rows', () => {
    expect(Buffer.from(write(TYPE, [FULL_VALUES])).equals(Buffer.from(write(TYPE, [FULL_VALUES])))).toBe(
      true,
    );
  });

  it('store the logical and physical types Paimon writes (ParquetSchemaConverter)', () => {
    const meta = footer(write(TYPE, [FULL_VALUES]));
    const t = (name: string) => {
      const e = element(meta, name);
      return { type: e.type, logical: e.logical_type, repetition: e.repetition_type };
    };
    expect(t('i8')).toEqual({
      type: 'INT32',
      logical: { type: 'INTEGER', bitWidth: 8, isSigned: true },
      repetition: 'OPTIONAL',
    });
    expect(t('i16').logical).toEqual({ type: 'INTEGER', bitWidth: 16, isSigned: true });
    expect(t('i32')).toEqual({ type: 'INT32', logical: undefined, repetition: 'REQUIRED' });
    expect(t('i64').type).toBe('INT64');
    expect(t('f32').type).toBe('FLOAT');
    expect(t('f64').type).toBe('DOUBLE');
    // DECIMAL: INT32 up to precision 9, INT64 up to 18, FIXED_LEN_BYTE_ARRAY above
    expect(t('dec5')).toMatchObject({ type: 'INT32', logical: { type: 'DECIMAL', precision: 5, scale: 2 } });
    expect(t('dec')).toMatchObject({ type: 'INT64', logical: { type: 'DECIMAL', precision: 10, scale: 2 } });
    expect(t('wide')).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      logical: { type: 'DECIMAL', precision: 38, scale: 10 },
    });
    expect(element(meta, 'wide').type_length).toBe(16);
    expect(t('c')).toMatchObject({ type: 'BYTE_ARRAY', logical: { type: 'STRING' } });
    expect(t('s')).toMatchObject({ type: 'BYTE_ARRAY', logical: { type: 'STRING' } });
    expect(t('bin')).toMatchObject({ type: 'BYTE_ARRAY', logical: undefined });
    expect(t('vb')).toMatchObject({ type: 'BYTE_ARRAY', logical: undefined });
    expect(t('d')).toMatchObject({ type: 'INT32', logical: { type: 'DATE' } });
    expect(t('t')).toMatchObject({ type: 'INT32', logical: { type: 'TIME', unit: 'MILLIS' } });
    const ts = (adjusted: boolean, unit: string) => ({
      type: 'INT64',
      logical: { type: 'TIMESTAMP', isAdjustedToUTC: adjusted, unit },
    });
    expect(t('ts0')).toMatchObject(ts(false, 'MILLIS'));
    expect(t('ts3')).toMatchObject(ts(false, 'MILLIS'));
    expect(t('ts6')).toMatchObject(ts(false, 'MICROS'));
    // precision > 6: INT96 without a logical type (Paimon 1.3 misreads INT64 NANOS as millis)
    expect(t('ts9')).toEqual({ type: 'INT96', logical: undefined, repetition: 'OPTIONAL' });
    expect(t('ltz3')).toMatchObject(ts(true, 'MILLIS'));
    expect(t('ltz6')).toMatchObject(ts(true, 'MICROS'));
    expect(t('arr').logical).toEqual({ type: 'LIST' });
    expect(t('m').logical).toEqual({ type: 'MAP' });
    expect(t('ms').logical).toEqual({ type: 'MAP' });
    expect(meta.schema.filter((e) => e.name === 'key_value')).toHaveLength(3);
  });

  it('store Paimon field ids, with SpecialFields ids for list elements and map keys/values', () => {
    const meta = footer(write(TYPE, [FULL_VALUES]));
    for (const f of TYPE.fields) expect(element(meta, f.name).field_id).toBe(f.id);
    const ids = meta.schema.map((e) => e.field_id);
    const arr = TYPE.fields.find((f) => f.name === 'arr')!.id;
    const m = TYPE.fields.find((f) => f.name === 'm')!.id;
    expect(ids).toContain(arrayElementFieldId(arr, 1));
    expect(ids).toContain(mapKeyFieldId(m, 1));
    expect(ids).toContain(mapValueFieldId(m, 1));
    // nested ROW fields keep their own ids: r is ROW<x, y ROW<z, w>> → x = 0, y = 1
    const r = meta.schema.findIndex((e) => e.name === 'r');
    expect(meta.schema[r + 1]).toMatchObject({ name: 'x', field_id: 0 });
    expect(meta.schema[r + 2]).toMatchObject({ name: 'y', field_id: 1 });
  });

  it('store column statistics: min, max and null count per column chunk', () => {
    const type = rowType(
      [
        ['id', 'BIGINT NOT NULL'],
        ['name', 'STRING'],
        ['amount', 'DECIMAL(10, 2)'],
        ['ts', 'TIMESTAMP(3)'],
        ['d', 'DATE'],
      ].map(([name, t], id) => ({ id, name: name!, type: parseDataType(t!) })),
    );
    const rows: Row[] = [
      { id: 5n, name: 'b', amount: '-1.50', ts: new Timestamp(1_700_000_000_000), d: 3 },
      { id: -7n, name: null, amount: '20.25', ts: null, d: -2 },
      { id: 9n, name: 'a', amount: null, ts: new Timestamp(-1), d: null },
    ];
    const meta = footer(write(type, rows));
    expect(meta.num_rows).toBe(3n);
    const stats = (path: string) => chunk(meta, path).statistics!;
    expect(stats('id')).toMatchObject({ min_value: -7n, max_value: 9n, null_count: 0n });
    expect(stats('name')).toMatchObject({ min_value: 'a', max_value: 'b', null_count: 1n });
    expect(stats('amount')).toMatchObject({ min_value: -1.5, max_value: 20.25, null_count: 1n });
    expect(stats('ts')).toMatchObject({
      min_value: new Date(-1),
      max_value: new Date(1_700_000_000_000),
      null_count: 1n,
    });
    expect(stats('d')).toMatchObject({ min_value: new Date(-2 * 86_400_000), null_count: 1n });
  });

  it.each([
    ['zstd', 'ZSTD'],
    ['snappy', 'SNAPPY'],
    ['gzip', 'GZIP'],
    ['lz4', 'LZ4'],
    ['lz4_raw', 'LZ4_RAW'],
    ['brotli', 'BROTLI'],
    ['none', 'UNCOMPRESSED'],
    ['uncompressed', 'UNCOMPRESSED'],
    ['ZSTD', 'ZSTD'],
  ])('compress with file.compression = %s (%s in the footer)', (compression, codec) => {
    const bytes = write(TYPE, [FULL_VALUES, NULL_VALUES], compression);
    expect(chunk(footer(bytes), 's').codec).toBe(codec);
    expect(parquet.read(bytes, TYPE, 'x')).toEqual([FULL_VALUES, NULL_VALUES]);
  });

  it('lists the compressions it takes and rejects others naming the option', () => {
    expect(PARQUET_COMPRESSIONS).toEqual(
      expect.arrayContaining(['zstd', 'snappy', 'gzip', 'lz4', 'none', 'uncompressed']),
    );
    expect(() => write(TYPE, [FULL_VALUES], 'lzo')).toThrow(InvalidOptionError);
    expect(() => write(TYPE, [FULL_VALUES], 'lzo')).toThrow(/'file.compression'/);
  });

  it('project columns by name, in projection order', () => {
    expect(parquet.read(write(TYPE, [FULL_VALUES]), TYPE, 'x', ['s', 'i64'])).toEqual([
      { s: FULL_VALUES['s'], i64: FULL_VALUES['i64'] },
    ]);
    const table = parquet.readArrow!(write(TYPE, [FULL_VALUES]), TYPE, 'x', ['ts9', 'b']);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['ts9', 'b']);
  });

  it('project every column, reordered (the file is then read whole, in one decode)', () => {
    const names = TYPE.fields.map((f) => f.name).reverse();
    const bytes = write(TYPE, [FULL_VALUES, NULL_VALUES]);
    const rows = parquet.read(bytes, TYPE, 'x', names);
    expect(rows.map((r) => Object.keys(r))).toEqual([names, names]);
    expect(rows).toEqual([FULL_VALUES, NULL_VALUES]);
    const table = parquet.readArrow!(bytes, TYPE, 'x', names);
    expect(table.schema.fields.map((f) => f.name)).toEqual(names);
    expect(table.numRows).toBe(2);
  });

  it('read a renamed column by field id and a column the file lacks as null', () => {
    const written = rowType([
      { id: 0, name: 'k', type: parseDataType('INT') },
      { id: 1, name: 'before', type: parseDataType('STRING') },
    ]);
    const reading = rowType([
      { id: 1, name: 'after', type: parseDataType('STRING') },
      { id: 7, name: 'added', type: parseDataType('DOUBLE') },
    ]);
    const bytes = write(written, [
      { k: 1, before: 'x' },
      { k: 2, before: null },
    ]);
    expect(parquet.read(bytes, reading, 'x')).toEqual([
      { after: 'x', added: null },
      { after: null, added: null },
    ]);
    const onlyAdded = rowType([{ id: 7, name: 'added', type: parseDataType('DOUBLE') }]);
    expect(parquet.read(bytes, onlyAdded, 'x')).toEqual([{ added: null }, { added: null }]);
  });

  it('write an Arrow table straight to Parquet (writeArrow)', () => {
    const rows = [FULL_VALUES, NULL_VALUES];
    const table = parquet.readArrow!(write(TYPE, rows), TYPE, 'x');
    const again = parquet.writeArrow!(TYPE, table, { compression: 'zstd', random: new SeededRandom(1) });
    expect(parquet.read(again, TYPE, 'x')).toEqual(rows);
  });

  it('reject a truncated, corrupt or empty file with CorruptFileError naming its path', () => {
    const bytes = write(TYPE, [FULL_VALUES, NULL_VALUES]);
    const path = '/warehouse/db.db/t/bucket-0/data-1.parquet';
    const attempts: Uint8Array[] = [
      bytes.subarray(0, bytes.length - 9),
      bytes.subarray(0, 8),
      Uint8Array.from({ length: 64 }, (_, i) => i),
      new Uint8Array(0),
    ];
    for (const attempt of attempts) {
      expect(() => parquet.read(attempt, TYPE, path)).toThrow(CorruptFileError);
      expect(() => parquet.read(attempt, TYPE, path)).toThrow(path);
    }
    // A damaged footer length: the magic is intact but the metadata is not where it says.
    const damaged = Uint8Array.from(bytes);
    damaged[damaged.length - 8] = damaged[damaged.length - 8]! ^ 0xff;
    expect(() => parquet.read(damaged, TYPE, path)).toThrow(CorruptFileError);
  });

  it('property: generated row types and rows round-trip', () => {
    fc.assert(
      fc.property(typeAndRows(), ({ type, rows }) => {
        expect(parquet.read(write(type, rows), type, 'p')).toEqual(rows);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
