import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { type DataField, parseDataType } from '../../../src/storage/spec/data-types.js';
import { javaHashMapOrder, javaStringHash } from '../../../src/storage/spec/java-hash-map.js';
import { decodeSchema, encodeSchema, type TableSchema } from '../../../src/storage/spec/table-schema.js';
import { reassignNestedIds } from '../../../src/storage/table/schema-change.js';

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
    // Valid schemas only (decodeSchema rejects others): distinct names, ids unique across nesting levels and at
    // most highestFieldId, keys naming columns.
    const field = fc.record(
      {
        name: fc.string({ minLength: 1 }).filter((n) => n.trim().length > 0),
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
        idGap: fc.nat({ max: 50 }),
      },
      { requiredKeys: ['name', 'type', 'idGap'] },
    );
    const schema: fc.Arbitrary<TableSchema> = fc
      .record({
        id: fc.nat(),
        specs: fc.uniqueArray(field, { maxLength: 5, selector: (f) => f.name }),
        spareIds: fc.nat({ max: 10_000 }),
        keyPicks: fc.array(fc.nat(), { maxLength: 3 }),
        partitionPicks: fc.array(fc.nat(), { maxLength: 2 }),
        options: fc.dictionary(fc.string(), fc.string(), { maxKeys: 30 }),
        comment: fc.option(fc.string(), { nil: null }),
        timeMillis: fc.nat(),
      })
      .map(({ specs, spareIds, keyPicks, partitionPicks, ...rest }) => {
        let highest = -1;
        const fields: DataField[] = specs.map(({ idGap, type, ...f }) => {
          const id = highest + 1 + idGap;
          const nested = reassignNestedIds(type, id);
          highest = nested.highestFieldId;
          return { ...f, id, type: nested.type };
        });
        const names = fields.map((f) => f.name);
        const pick = (picks: number[]) =>
          names.length === 0 ? [] : [...new Set(picks.map((i) => names[i % names.length]!))];
        const primaryKeys = pick(keyPicks);
        const partitionKeys = pick(partitionPicks).filter(
          (k) => primaryKeys.length === 0 || primaryKeys.includes(k),
        );
        return {
          version: 3,
          ...rest,
          fields,
          highestFieldId: highest + spareIds,
          partitionKeys,
          // A primary key must be more than the partition keys (TableSchema.trimmedPrimaryKeys).
          primaryKeys: primaryKeys.every((k) => partitionKeys.includes(k)) ? [] : primaryKeys,
        };
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

describe('schema files: field ids and keys reads rely on', () => {
  const two: DataField[] = [
    { id: 0, name: 'k', type: parseDataType('INT NOT NULL') },
    { id: 1, name: 'v', type: parseDataType('STRING') },
  ];
  const good = encodeSchema(sample({ fields: two, highestFieldId: 1, primaryKeys: ['k'] }));
  const withFields = (fields: string, highest = 5) =>
    good
      .replace(/"fields" : \[[\s\S]*?\} \],/, `"fields" : ${fields},`)
      .replace('"highestFieldId" : 1', `"highestFieldId" : ${highest}`);
  const f = (id: string | number, name: string, type = '"INT"') =>
    `{ "id" : ${id}, "name" : "${name}", "type" : ${type} }`;

  it('accept a schema whose ids are unique at every level and at most highestFieldId', () => {
    expect(decodeSchema(good, 'p', 0).fields).toEqual(two);
    const nested = `[ ${f(0, 'k')}, ${f(1, 'r', `{ "type" : "ROW", "fields" : [ ${f(2, 'a')}, ${f(3, 'b')} ] }`)} ]`;
    expect(decodeSchema(withFields(nested, 3), 'p').highestFieldId).toBe(3);
  });

  it('reject duplicate, negative, fractional or out-of-int ids and a highestFieldId below them', () => {
    const cases: [string, RegExp][] = [
      [withFields(`[ ${f(0, 'k')}, ${f(0, 'v')} ]`), /Broken schema, field id 0 is duplicated/],
      [
        withFields(`[ ${f(-1, 'k')}, ${f(1, 'v')} ]`),
        /field 'k' has id -1, expected an int in \[0, 2147483647\]/,
      ],
      [withFields(`[ ${f(0, 'k')}, ${f(2147483648, 'v')} ]`), /field 'v' has id 2147483648/],
      [withFields(`[ ${f(0, 'k')}, ${f('1.5', 'v')} ]`), /field 'v' has id 1.5/],
      [withFields(`[ ${f(0, 'k')}, ${f('99999999999999999999', 'v')} ]`), /numeric id/],
      [withFields(`[ ${f(0, 'k')}, ${f(1, 'v')} ]`, 0), /field 'v' has id 1, above highestFieldId 0/],
      [withFields(`[ ${f(0, 'k')}, ${f(1, 'v')} ]`, 2147483648), /highestFieldId must be within/],
      [
        withFields(`[ ${f(0, 'k')}, ${f(1, 'r', `{ "type" : "ROW", "fields" : [ ${f(0, 'a')} ] }`)} ]`),
        /Broken schema, field id 0 is duplicated/,
      ],
      [
        withFields(
          `[ ${f(0, 'k')}, ${f(1, 'm', `{ "type" : "ARRAY", "element" : { "type" : "ROW", "fields" : [ ${f(7, 'a')} ] } }`)} ]`,
        ),
        /field 'a' in 'm' has id 7, above highestFieldId 5/,
      ],
      [withFields(`[ ${f(0, 'k')}, ${f(1, 'k')} ]`), /Field names must be unique. Found duplicates: \[k\]/],
      [withFields(`[ ${f(0, 'k')}, ${f(1, ' ')} ]`), /non-whitespace/],
      [
        good.replace('"primaryKeys" : [ "k" ]', '"primaryKeys" : [ "x" ]'),
        /primaryKeys \["x"\] are not columns/,
      ],
      [
        good.replace('"partitionKeys" : [ ]', '"partitionKeys" : [ "v", "v" ]'),
        /partitionKeys \["v","v"\] has duplicates/,
      ],
      [
        good.replace('"partitionKeys" : [ ]', '"partitionKeys" : [ "k" ]'),
        /Primary key constraint \[k\] should not be same with partition fields \[k\]/,
      ],
      [good.replace('"id" : 0,\n  "fields"', '"id" : -1,\n  "fields"'), /id must be within \[0, /],
      [good.replace('"version" : 3', '"version" : 0'), /version must be within/],
      [good.replace('"timeMillis" : 5', '"timeMillis" : -5'), /timeMillis must be within/],
      [good.replace('"timeMillis" : 5', '"timeMillis" : 1.5'), /timeMillis must be an integer/],
      [good.replace('"options" : { }', '"options" : { "a" : null }'), /options.a must be a string/],
    ];
    for (const [text, detail] of cases) {
      expect(() => decodeSchema(text, '/t/schema/schema-0'), String(detail)).toThrow(CorruptFileError);
      expect(() => decodeSchema(text, '/t/schema/schema-0'), String(detail)).toThrow(detail);
    }
  });

  it('reject a schema whose id is not the one in its file name', () => {
    expect(() => decodeSchema(good, '/t/schema/schema-2', 2)).toThrow(
      "Cannot decode a table schema from '/t/schema/schema-2': id 0 does not match the file name (schema-2)",
    );
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
