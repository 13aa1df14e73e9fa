import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/common/random.js';
import { CorruptFileError, InvalidOptionError, UnsupportedTypeError } from '../../../src/storage/errors.js';
import { readAvroContainer } from '../../../src/storage/format/avro/container.js';
import { avroDataSchema } from '../../../src/storage/format/avro-data-format.js';
import { getFileFormat } from '../../../src/storage/format/registry.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { allTypes, FULL_VALUES, NULL_VALUES, restrict, typeAndRows } from './arrow-arbitraries.js';

const avro = getFileFormat('avro');
const TYPE = allTypes({ avro: true });
const FULL = restrict(FULL_VALUES, TYPE);
const NULLS = restrict(NULL_VALUES, TYPE);
const write = (type: RowType, rows: readonly Row[], compression = 'zstd') =>
  avro.write(type, rows, { compression, random: new SeededRandom(1) });
const type = (fields: [string, string][], nullable = true) =>
  rowType(
    fields.map(([name, t], id) => ({ id, name, type: parseDataType(t) })),
    nullable,
  );

describe('avro data files', () => {
  it('round-trip every type Avro holds, extremes, nulls and nested values', () => {
    expect(avro.read(write(TYPE, [FULL, NULLS]), TYPE, 'x')).toEqual([FULL, NULLS]);
  });

  it('write the same bytes for the same rows and seed', () => {
    expect(Buffer.from(write(TYPE, [FULL])).equals(Buffer.from(write(TYPE, [FULL])))).toBe(true);
  });

  it("use Paimon's schema: the top-level record in a null union, nested records named after their path", () => {
    const schema = readAvroContainer(write(TYPE, [FULL]), 'x', { bigintLongs: true }).schema as unknown[];
    expect(schema).toEqual(avroDataSchema(TYPE));
    expect(schema[0]).toBe('null');
    const record = schema[1] as {
      name: string;
      fields: { name: string; type: unknown; default?: unknown }[];
    };
    expect(record.name).toBe('org.apache.paimon.avro.generated.record');
    const f = (name: string) => record.fields.find((x) => x.name === name)!;
    expect(f('i32')).toEqual({ name: 'i32', type: 'int' });
    expect(f('i64')).toEqual({ name: 'i64', type: ['null', 'long'], default: null });
    expect(f('dec').type).toEqual([
      'null',
      { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 },
    ]);
    expect(f('d').type).toEqual(['null', { type: 'int', logicalType: 'date' }]);
    expect(f('t').type).toEqual(['null', { type: 'int', logicalType: 'time-millis' }]);
    expect(f('ts3').type).toEqual(['null', { type: 'long', logicalType: 'timestamp-millis' }]);
    expect(f('ts6').type).toEqual(['null', { type: 'long', logicalType: 'timestamp-micros' }]);
    expect(f('ltz3').type).toEqual(['null', { type: 'long', logicalType: 'local-timestamp-millis' }]);
    expect(f('m').type).toEqual(['null', { type: 'map', values: ['null', 'int'] }]);
    expect(f('r').type).toMatchObject([
      'null',
      { type: 'record', name: 'org.apache.paimon.avro.generated.record_r' },
    ]);
  });

  it('write maps with non-string keys, and multisets, as arrays of key/value records (logical type map)', () => {
    const t = type([
      ['mi', 'MAP<INT, STRING NOT NULL>'],
      ['ms', 'MULTISET<BIGINT>'],
    ]);
    const record = (avroDataSchema(t) as unknown[])[1] as { fields: { type: unknown }[] };
    expect(record.fields[0]!.type).toEqual([
      'null',
      {
        type: 'array',
        logicalType: 'map',
        items: {
          type: 'record',
          name: 'org.apache.paimon.avro.generated.record_mi',
          fields: [
            { name: 'key', type: ['null', 'int'] },
            { name: 'value', type: 'string' },
          ],
        },
      },
    ]);
    // A multiset's count is `new IntType()`: a nullable int.
    expect(record.fields[1]!.type).toMatchObject([
      'null',
      { items: { fields: [{ name: 'key' }, { name: 'value', type: ['null', 'int'], default: null }] } },
    ]);
    const rows = [{ mi: new Map([[3, 'x']]), ms: new Map([[-4n, 2]]) }];
    expect(avro.read(write(t, rows), t, 'x')).toEqual(rows);
  });

  it('round-trip NOT NULL BIGINT columns (e.g. _SEQUENCE_NUMBER) over the whole Java long range', () => {
    const t = type([
      ['_SEQUENCE_NUMBER', 'BIGINT NOT NULL'],
      ['m', 'MAP<BIGINT NOT NULL, BIGINT NOT NULL>'],
    ]);
    const rows = [{ _SEQUENCE_NUMBER: -(2n ** 63n), m: new Map([[2n ** 63n - 1n, 1n]]) }];
    expect(avro.read(write(t, rows), t, 'x')).toEqual(rows);
  });

  it('write a NOT NULL row type as a bare record', () => {
    const t = type([['a', 'INT']], false);
    expect(avroDataSchema(t)).toMatchObject({
      type: 'record',
      name: 'org.apache.paimon.avro.generated.record',
    });
    expect(avro.read(write(t, [{ a: 1 }]), t, 'x')).toEqual([{ a: 1 }]);
  });

  it.each([
    ['zstd', 'zstandard'],
    ['snappy', 'snappy'],
    ['deflate', 'deflate'],
    ['none', 'null'],
  ])('compress with file.compression = %s (Avro codec %s)', (compression, codec) => {
    const bytes = write(TYPE, [FULL, NULLS], compression);
    expect(readAvroContainer(bytes, 'x', { bigintLongs: true }).codec).toBe(codec);
    expect(avro.read(bytes, TYPE, 'x')).toEqual([FULL, NULLS]);
  });

  it('reject compressions Avro has no codec for, and types Paimon cannot write to Avro', () => {
    expect(() => write(TYPE, [FULL], 'lz4')).toThrow(InvalidOptionError);
    expect(() => write(type([['t', 'TIME(6)']]), [])).toThrow(
      new UnsupportedTypeError(
        'Avro does not support TIME type with precision: 6, it only supports precision less than 3.',
      ),
    );
    expect(() => write(type([['ts', 'TIMESTAMP(9) WITH LOCAL TIME ZONE']]), [])).toThrow(
      'Avro does not support TIMESTAMP type with precision: 9, it only supports precision less than 6.',
    );
  });

  it('project columns by name', () => {
    expect(avro.read(write(TYPE, [FULL]), TYPE, 'x', ['s', 'i64'])).toEqual([
      { s: FULL['s'], i64: FULL['i64'] },
    ]);
  });

  it('reject a truncated or corrupt file with CorruptFileError naming its path', () => {
    const bytes = write(TYPE, [FULL, NULLS]);
    const path = '/warehouse/db.db/t/bucket-0/data-1.avro';
    for (const attempt of [
      bytes.subarray(0, bytes.length - 9),
      bytes.subarray(0, 3),
      Uint8Array.of(1, 2, 3, 4, 5),
    ]) {
      expect(() => avro.read(attempt, TYPE, path)).toThrow(CorruptFileError);
      expect(() => avro.read(attempt, TYPE, path)).toThrow(path);
    }
  });

  it('property: generated row types and rows round-trip', () => {
    fc.assert(
      fc.property(typeAndRows({ avro: true }), ({ type: t, rows }) => {
        expect(avro.read(write(t, rows), t, 'p')).toEqual(rows);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
