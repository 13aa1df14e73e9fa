import { describe, expect, it } from 'vitest';
import { SchemaMismatchError } from '../../../src/storage/errors.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

const rescaleHint =
  'Please switch to batch mode, and perform INSERT OVERWRITE to rescale current data layout first.';

/** Changing `bucket` of a table with data: writers refuse the old layout until an INSERT OVERWRITE rescales it. */
describe('bucket number changes', () => {
  const rows = Array.from({ length: 12 }, (_, k) => ({ k, v: `v${k}` }));

  function pkTable() {
    const env = memoryCatalog();
    createTable(env.catalog, {
      fields: [
        { name: 'k', type: 'INT NOT NULL' },
        { name: 'v', type: 'STRING' },
      ],
      primaryKeys: ['k'],
      options: { bucket: '2' },
    });
    batchWrite(env.catalog.getTable('db.t'), rows);
    return env;
  }

  it('a primary-key table refuses upserts after ALTER TABLE SET bucket; reads keep one row per key', () => {
    const { catalog } = pkTable();
    const table = catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: '3' }]);
    const updates = rows.map((r) => ({ ...r, v: 'new' }));
    expect(() => batchWrite(table, updates)).toThrow(SchemaMismatchError);
    expect(() => batchWrite(table, updates)).toThrow(
      `Try to write table with a new bucket num 3, but the previous bucket num is 2. ${rescaleHint}`,
    );
    const stream = table.newStreamWriteBuilder().newWrite();
    expect(() => stream.write([updates[0]!])).toThrow(/new bucket num 3, but the previous bucket num is 2/);
    expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted(rows));
  });

  it('an INSERT OVERWRITE rescales; later upserts then go to the new layout without duplicates', () => {
    const { catalog } = pkTable();
    const table = catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: '3' }]);
    batchWrite(table, rows, {});
    const entries = table.newReadBuilder().plan();
    expect(new Set(entries.map((e) => e.totalBuckets))).toEqual(new Set([3]));
    expect(new Set(entries.map((e) => e.bucket)).size).toBe(3);
    batchWrite(table, [{ k: 1, v: 'updated' }]);
    const read = sorted(table.newReadBuilder().readRows());
    expect(read).toHaveLength(rows.length);
    expect(read.find((r) => r['k'] === 1)).toEqual({ k: 1, v: 'updated' });
  });

  it('a fixed-bucket append table refuses too, naming the partition; $partitions shows each layout', () => {
    const { catalog } = memoryCatalog();
    createTable(catalog, {
      fields: [
        { name: 'k', type: 'INT' },
        { name: 'dt', type: 'STRING' },
      ],
      partitionKeys: ['dt'],
      options: { bucket: '2', 'bucket-key': 'k' },
    });
    batchWrite(catalog.getTable('db.t'), [
      { k: 1, dt: 'a' },
      { k: 2, dt: 'b' },
    ]);
    const table = catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: '4' }]);
    expect(() => batchWrite(table, [{ k: 3, dt: 'a' }])).toThrow(
      `Try to write partition {dt=a} with a new bucket num 4, but the previous bucket num is 2. ${rescaleHint}`,
    );
    batchWrite(table, [{ k: 5, dt: 'b' }], { dt: 'b' }); // rescale partition b only
    batchWrite(table, [{ k: 6, dt: 'b' }]);
    batchWrite(table, [{ k: 7, dt: 'c' }]); // a new partition takes the new number
    const partitions = catalog.getSystemTable('db.t$partitions').readRows();
    expect(Object.fromEntries(partitions.map((p) => [p['partition'], p['total_buckets']]))).toEqual({
      'dt=a': 2,
      'dt=b': 4,
      'dt=c': 4,
    });
    expect(sorted(table.newReadBuilder().readRows())).toEqual(
      sorted([
        { k: 1, dt: 'a' },
        { k: 5, dt: 'b' },
        { k: 6, dt: 'b' },
        { k: 7, dt: 'c' },
      ]),
    );
  });

  it('refuses bucket changes Paimon refuses (SchemaManager.checkAlterTableOption, FileStoreTable.copy)', () => {
    const { catalog } = pkTable();
    const table = catalog.getTable('db.t');
    expect(() => table.copy({ bucket: '3' })).toThrow(
      'Cannot change bucket number through dynamic options. You might need to rescale bucket.',
    );
    expect(table.copy({ bucket: '2' }).options.int('bucket')).toBe(2); // unchanged value: allowed
    expect(() => catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: '-1' }])).toThrow(
      'Cannot change bucket to -1.',
    );
    expect(() => catalog.alterTable('db.t', [{ kind: 'removeOption', key: 'bucket' }])).toThrow(
      'Cannot reset bucket.',
    );
    expect(() =>
      catalog.alterTable('db.t', [{ kind: 'setOption', key: 'merge-engine', value: 'first-row' }]),
    ).toThrow("Change 'merge-engine' is not supported yet.");
    expect(catalog.getTable('db.t').schema.id).toBe(0);

    const { catalog: dynamic } = memoryCatalog();
    createTable(dynamic, { fields: [{ name: 'k', type: 'INT NOT NULL' }], primaryKeys: ['k'] });
    // Without snapshots every option may change; with them a dynamic-bucket table keeps bucket = -1.
    dynamic.alterTable('db.t', [{ kind: 'setOption', key: 'merge-engine', value: 'first-row' }]);
    batchWrite(dynamic.getTable('db.t'), [{ k: 1 }]);
    expect(() => dynamic.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: '4' }])).toThrow(
      'Cannot change bucket when it is -1.',
    );
  });
});
