import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { type DataField, parseDataType } from '../../../src/storage/spec/data-types.js';
import { javaHashMapOrder, javaStringHash } from '../../../src/storage/spec/java-hash-map.js';
import { decodeSchema, encodeSchema, type TableSchema } from '../../../src/storage/spec/table-schema.js';

const TABLES = join(import.meta.dirname, '../../fixtures/pypaimon/warehouse/db.db');

describe('schema files', () => {
  it('decode a pypaimon 2.1.0 schema and write it as Paimon does', () => {
    const schema = decodeSchema(readFileSync(join(TABLES, 'stats_t/schema/schema-0'), 'utf8'), 'schema-0');
    expect(schema.fields.map((f) => [f.id, f.name])).toEqual(
      ['b', 'i8', 'i16', 'i32', 'i64', 'f32', 'f64', 's', 'bin', 'd10', 'd28', 'ts3', 'ts6', 'day'].map(
        (n, i) => [i, n],
      ),
    );
    expect(schema.fields[10]!.type).toEqual(parseDataType('DECIMAL(28, 6)'));
    expect(schema.comment).toBeNull(); // "comment": null (Java would read the text "null")
    // Paimon 1.2.0's JsonSerdeUtil.toJson(fromJson(this file)) printed the same text with `"comment" : "null"`.
    const text = encodeSchema(schema);
    expect(text.split('\n').slice(0, 8)).toEqual([
      '{',
      '  "version" : 3,',
      '  "id" : 0,',
      '  "fields" : [ {',
      '    "id" : 0,',
      '    "name" : "b",',
      '    "type" : "BOOLEAN"',
      '  }, {',
    ]);
    expect(text.split('\n').slice(-13)).toEqual(
      [
        '  }, {',
        '    "id" : 13,',
        '    "name" : "day",',
        '    "type" : "DATE"',
        '  } ],',
        '  "highestFieldId" : 13,',
        '  "partitionKeys" : [ ],',
        '  "primaryKeys" : [ ],',
        '  "options" : {\n    "metadata.stats-mode" : "full"\n  },',
        '  "timeMillis" : 1795540955348',
        '}',
      ]
        .join('\n')
        .split('\n'),
    );
    expect(decodeSchema(text, 'x')).toEqual(schema);
  });

  it('write options in Java HashMap order (as Paimon, which holds them in a HashMap)', () => {
    // Printed by Java 17 for a HashMap filled with these keys in this order (`keySet()`).
    const keys = [
      'bucket',
      'file.format',
      'manifest.compression',
      'metadata.stats-mode',
      'bucket-key',
      'snapshot.num-retained.min',
      'snapshot.num-retained.max',
      'partition.default-name',
      'tag.automatic-creation',
      'tag.creation-period',
      'sink.parallelism',
      'write-only',
    ];
    const javaOrder = [
      'bucket',
      'tag.automatic-creation',
      'write-only',
      'bucket-key',
      'snapshot.num-retained.max',
      'tag.creation-period',
      'file.format',
      'snapshot.num-retained.min',
      'metadata.stats-mode',
      'sink.parallelism',
      'manifest.compression',
      'partition.default-name',
    ];
    expect(javaHashMapOrder(keys)).toEqual(javaOrder);
    const more = [...keys, 'changelog-producer', 'merge-engine', ...'abcdefghijklmno'];
    expect(javaHashMapOrder(more).join(',')).toBe(
      'write-only,snapshot.num-retained.min,partition.default-name,file.format,metadata.stats-mode,' +
        'sink.parallelism,a,b,c,d,e,f,g,tag.automatic-creation,h,changelog-producer,i,tag.creation-period,j,k,l,' +
        'm,n,manifest.compression,o,bucket,merge-engine,bucket-key,snapshot.num-retained.max',
    );
    expect(javaStringHash('bucket')).toBe(-1378203158);
    const schema = sample({ options: Object.fromEntries(keys.map((k) => [k, `v-${k}`])) });
    const options = Object.keys(JSON.parse(encodeSchema(schema)).options);
    expect(options).toEqual(javaOrder);
  });

  it('write comment only when set and field description/defaultValue after the type', () => {
    const fields: DataField[] = [
      { id: 0, name: 'a', type: parseDataType('INT NOT NULL'), description: 'the key', defaultValue: '0' },
    ];
    const text = encodeSchema(sample({ fields, comment: 'hello', options: {} }));
    expect(text).toContain(
      '  "fields" : [ {\n    "id" : 0,\n    "name" : "a",\n    "type" : "INT NOT NULL",\n    "description" : "the key",\n    "defaultValue" : "0"\n  } ],',
    );
    expect(text).toContain('  "options" : { },\n  "comment" : "hello",\n  "timeMillis" : 5\n}');
    expect(encodeSchema(sample({ comment: null }))).not.toContain('comment');
  });

  it('fill the defaults of old schema versions as SchemaSerializer does', () => {
    const v1 =
      '{"id": 0, "fields": [], "highestFieldId": -1, "partitionKeys": [], "primaryKeys": [], "options": {"a": 1}}';
    expect(decodeSchema(v1, 'x')).toMatchObject({
      version: 1,
      options: { a: '1', bucket: '1', 'file.format': 'orc' },
      timeMillis: 0,
      comment: null,
    });
    const v2 = v1.replace('{"id"', '{"version": 2, "id"').replace('{"a": 1}', '{"bucket": "-1"}');
    expect(decodeSchema(v2, 'x').options).toEqual({ bucket: '-1', 'file.format': 'orc' });
  });

  it('property: schemas round-trip', () => {
    const field = fc.record(
      {
        id: fc.nat({ max: 1000 }),
        name: fc.string({ minLength: 1 }),
        type: fc
          .constantFrom(
            'INT',
            'BIGINT NOT NULL',
            'STRING',
            'DECIMAL(38, 10)',
            'ARRAY<MAP<STRING, ROW<`x` INT>>>',
          )
          .map(parseDataType),
        description: fc.string(),
        defaultValue: fc.string(),
      },
      { requiredKeys: ['id', 'name', 'type'] },
    );
    const schema: fc.Arbitrary<TableSchema> = fc.record({
      version: fc.constant(3),
      id: fc.nat(),
      fields: fc.array(field, { maxLength: 5 }),
      highestFieldId: fc.integer({ min: -1, max: 10_000 }),
      partitionKeys: fc.array(fc.string()),
      primaryKeys: fc.array(fc.string()),
      options: fc.dictionary(fc.string(), fc.string(), { maxKeys: 30 }),
      comment: fc.option(fc.string(), { nil: null }),
      timeMillis: fc.nat(),
    });
    fc.assert(
      fc.property(schema, (s) => {
        expect(decodeSchema(encodeSchema(s), 'p')).toEqual(s);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('reject corrupt schema files with a typed error naming the path', () => {
    const good = encodeSchema(sample({}));
    for (const [text, detail] of [
      ['{', /expected a string key at offset 1/],
      [good.replace('"fields" : [ ]', '"fields" : 3'), /fields must be an array/],
      [good.replace('"options" : { }', '"options" : [ ]'), /options must be an object/],
      [good.replace('"id" : 0', '"id" : "0"'), /id must be an integer/],
      [good.replace('"fields" : [ ]', '"fields" : [ { "id" : 1, "name" : "x", "type" : "TEXT" } ]'), /TEXT/],
    ] as const) {
      expect(() => decodeSchema(text, '/t/schema/schema-3')).toThrow(CorruptFileError);
      expect(() => decodeSchema(text, '/t/schema/schema-3')).toThrow(/schema-3/);
      expect(() => decodeSchema(text, '/t/schema/schema-3')).toThrow(detail);
    }
  });
});

function sample(over: Partial<TableSchema>): TableSchema {
  return {
    version: 3,
    id: 0,
    fields: [],
    highestFieldId: -1,
    partitionKeys: [],
    primaryKeys: [],
    options: {},
    comment: null,
    timeMillis: 5,
    ...over,
  };
}
