import { describe, expect, it } from 'vitest';
import { InvalidOptionError, SchemaValidationError } from '../../../src/storage/errors.js';
import type { SchemaDefinition } from '../../../src/storage/meta/schema-manager.js';
import { unknownOptionKeys } from '../../../src/storage/options.js';
import { createTable, memoryCatalog } from './helpers.js';

const FIELDS = [
  { name: 'id', type: 'INT NOT NULL' },
  { name: 'v', type: 'INT' },
  { name: 'tags', type: 'ARRAY<STRING>' },
  { name: 'p', type: 'STRING' },
];

const append = (options: Record<string, string>): SchemaDefinition => ({
  fields: FIELDS,
  partitionKeys: ['p'],
  options,
});
const pk = (options: Record<string, string>): SchemaDefinition => ({
  fields: FIELDS,
  partitionKeys: ['p'],
  primaryKeys: ['id', 'p'],
  options,
});

/** Creating `definition` fails with `message`, and leaves no table behind. */
function refusedAtCreate(definition: SchemaDefinition, message: string | RegExp, key?: string): void {
  const { catalog } = memoryCatalog();
  let error: unknown;
  try {
    createTable(catalog, definition);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(message);
  if (key !== undefined) {
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).key).toBe(key);
  }
  expect(catalog.tableExists('db.t')).toBe(false);
}

describe('CREATE TABLE validates as Paimon SchemaValidation does', () => {
  it('bucket: 0, -2 on an append table, above int32, and postpone buckets (not implemented) are refused', () => {
    const noBuckets = 'The number of buckets needs to be greater than 0.';
    refusedAtCreate(append({ bucket: '0', 'bucket-key': 'id' }), noBuckets, 'bucket');
    refusedAtCreate(pk({ bucket: '0' }), noBuckets, 'bucket');
    refusedAtCreate(append({ bucket: '-2', 'bucket-key': 'id' }), noBuckets, 'bucket');
    refusedAtCreate(pk({ bucket: '-2' }), /postpone bucket mode\) is not supported by paimon-sim/, 'bucket');
    const { catalog } = memoryCatalog();
    expect(() => createTable(catalog, append({ bucket: '3000000000', 'bucket-key': 'id' }))).toThrow(
      new InvalidOptionError('bucket', '3000000000', 'an integer between -2147483648 and 2147483647'),
    );
  });

  it('bucket-key: needed by fixed-bucket append tables, refused with bucket = -1, columns checked', () => {
    refusedAtCreate(append({ bucket: '2' }), "You should define a 'bucket-key' for bucketed append mode.");
    refusedAtCreate(
      append({ 'bucket-key': 'id' }),
      "Cannot define 'bucket-key' with bucket = -1, please remove the 'bucket-key' setting or specify a bucket number.",
    );
    refusedAtCreate(
      append({ bucket: '2', 'bucket-key': 'nope' }),
      'Field names [id, v, tags, p] should contains all bucket keys [nope].',
      'bucket-key',
    );
    refusedAtCreate(
      append({ bucket: '2', 'bucket-key': 'id,id' }),
      'Field names must be unique. Found duplicates: [id]',
    );
    refusedAtCreate(
      append({ bucket: '2', 'bucket-key': 'p' }),
      'Bucket keys [p] should not in partition keys [p].',
    );
    refusedAtCreate(
      pk({ bucket: '2', 'bucket-key': 'v' }),
      'Primary keys [id, p] should contains all bucket keys [v].',
    );
    refusedAtCreate(
      append({ bucket: '2', 'bucket-key': 'tags' }),
      'nested type can not in bucket-key, in your table these key are [tags]',
    );
    refusedAtCreate(
      append({ 'full-compaction.delta-commits': '2' }),
      "AppendOnlyTable of unaware or dynamic bucket does not support 'full-compaction.delta-commits'",
    );
  });

  it('options naming columns: rowkind.field, fields.<column>.*, sequence.field', () => {
    refusedAtCreate(
      append({ 'rowkind.field': 'kind' }),
      "Rowkind field: 'kind' can not be found in table schema.",
      'rowkind.field',
    );
    refusedAtCreate(
      pk({ 'merge-engine': 'aggregation', 'fields.total.aggregate-function': 'sum' }),
      'Field total can not be found in table schema.',
      'fields.total.aggregate-function',
    );
    refusedAtCreate(append({ 'fields.nope.ignore-retract': 'true' }), 'Field nope can not be found');
    refusedAtCreate(
      pk({ 'sequence.field': 'v,v' }),
      "Sequence field 'v' is defined repeatedly.",
      'sequence.field',
    );
    refusedAtCreate(
      pk({ 'merge-engine': 'aggregation', 'sequence.field': 'v', 'fields.v.aggregate-function': 'sum' }),
      "Should not define aggregation on sequence field: 'v'.",
    );
    // fields.default-aggregate-function is not a column key
    const { catalog } = memoryCatalog();
    expect(() =>
      createTable(catalog, pk({ 'merge-engine': 'aggregation', 'fields.default-aggregate-function': 'max' })),
    ).not.toThrow();
  });

  it('snapshot.num-retained.min > snapshot.num-retained.max is refused at CREATE and at ALTER', () => {
    const message = 'snapshot.num-retained.min should not be larger than snapshot.num-retained.max';
    refusedAtCreate(
      append({ 'snapshot.num-retained.min': '5', 'snapshot.num-retained.max': '2' }),
      message,
      'snapshot.num-retained.min',
    );
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, append({ 'snapshot.num-retained.max': '30' }));
    expect(() =>
      catalog.alterTable('db.t', [{ kind: 'setOption', key: 'snapshot.num-retained.min', value: '40' }]),
    ).toThrow(message);
    expect(table.schemaManager.listIds()).toEqual([0]); // nothing written
    // ALTER validates the whole new schema: a bucket-key on a bucket = -1 table is refused too
    expect(() => catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket-key', value: 'id' }])).toThrow(
      /Cannot define 'bucket-key' with bucket = -1/,
    );
    expect(
      catalog.alterTable('db.t', [{ kind: 'setOption', key: 'snapshot.num-retained.min', value: '20' }])
        .schema.id,
    ).toBe(1);
  });
});

describe('unknown option keys', () => {
  it('are kept, and listed with a suggestion for near misses', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(
      catalog,
      pk({
        buckets: '2',
        'merge-engine': 'aggregation',
        'fields.v.agregate-function': 'sum',
        'fields.v.aggregate-function': 'sum',
        'my.custom.key': 'x',
        'snapshot.num-retained-min': '3',
        'deduplicate.ignore-delete': 'true',
      }),
    );
    expect(table.schema.options['buckets']).toBe('2'); // kept, as Paimon keeps unknown keys
    expect(table.options.unknownKeys()).toEqual([
      { key: 'buckets', suggestion: 'bucket' },
      { key: 'fields.v.agregate-function', suggestion: 'fields.v.aggregate-function' },
      { key: 'my.custom.key', suggestion: null },
      { key: 'snapshot.num-retained-min', suggestion: 'snapshot.num-retained.min' },
    ]);
    expect(unknownOptionKeys({ bucket: '2', 'commit.max-retry-wait': '1 s' })).toEqual([]);
  });
});
