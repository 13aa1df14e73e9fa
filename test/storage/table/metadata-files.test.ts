import { describe, expect, it } from 'vitest';
import { readUtf8, utf8 } from '../../../src/common/io/file-io.js';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

/** Snapshot and schema files whose names or contents are not what Paimon writes. */
describe('snapshot and schema files as listed and read by their managers', () => {
  function twoSnapshots() {
    const env = memoryCatalog();
    createTable(env.catalog, { fields: [{ name: 'a', type: 'INT' }] });
    const table = env.catalog.getTable('db.t');
    batchWrite(table, [{ a: 1 }]);
    batchWrite(table, [{ a: 2 }]);
    return { ...env, table };
  }

  it('list only canonical snapshot-<id> names: leading zeros, 0, ids beyond 2^53 and non-digits are skipped', () => {
    const { io, table, catalog } = twoSnapshots();
    const text = readUtf8(io, table.paths.snapshotFile(1));
    for (const name of [
      'snapshot-004',
      'snapshot-0',
      'snapshot-99999999999999999999',
      'snapshot-1x',
      'snapshot-',
    ])
      io.writeFile(`${table.paths.snapshotDir}/${name}`, utf8(text));
    expect(table.snapshotManager.listIds()).toEqual([1, 2]);
    expect(table.snapshotManager.earliestSnapshotId()).toBe(1);
    expect(
      catalog
        .getSystemTable('db.t$snapshots')
        .readRows()
        .map((r) => r['snapshot_id']),
    ).toEqual([1n, 2n]);
    expect(sorted(table.newReadBuilder().readRows())).toEqual([{ a: 1 }, { a: 2 }]);
    // A hint that is not a canonical id is ignored, not parsed (Number('04') would be 4).
    io.writeAtomic(table.paths.hintFile('EARLIEST'), utf8('01'));
    expect(table.snapshotManager.earliestSnapshotId()).toBe(1);
  });

  it('list only canonical schema-<id> names', () => {
    const { io, table, catalog } = twoSnapshots();
    const text = readUtf8(io, table.paths.schemaFile(0));
    for (const name of ['schema-00', 'schema-01', 'schema-99999999999999999999', 'schema-x'])
      io.writeFile(`${table.paths.schemaDir}/${name}`, utf8(text));
    expect(table.schemaManager.listIds()).toEqual([0]);
    expect(catalog.getTable('db.t').schema.id).toBe(0);
    expect(catalog.getSystemTable('db.t$schemas').readRows()).toHaveLength(1);
  });

  it('a snapshot file holding another id fails reads and commits with a CorruptFileError naming it', () => {
    const { io, table } = twoSnapshots();
    const path = table.paths.snapshotFile(2);
    io.writeAtomic(path, utf8(readUtf8(io, path).replace('"id" : 2', '"id" : 1')));
    expect(() => table.newReadBuilder().readRows()).toThrow(CorruptFileError);
    expect(() => table.newReadBuilder().readRows()).toThrow(
      `Cannot decode a snapshot from '${path}': id 1 does not match the file name (snapshot-2)`,
    );
    // Before, the commit re-claimed snapshot-2 forever and ended in "commit conflicts between multiple jobs".
    expect(() => batchWrite(table, [{ a: 3 }])).toThrow(CorruptFileError);
  });

  it('a schema file holding another id fails loading the table with a CorruptFileError naming it', () => {
    const { io, table, catalog } = twoSnapshots();
    catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'b', type: 'INT' }]);
    const path = table.paths.schemaFile(1);
    io.writeAtomic(path, utf8(readUtf8(io, path).replace('"id" : 1,\n  "fields"', '"id" : 0,\n  "fields"')));
    expect(() => catalog.getTable('db.t')).toThrow(
      `Cannot decode a table schema from '${path}': id 0 does not match the file name (schema-1)`,
    );
  });

  it('a schema file with duplicate field ids is refused, not read as shifted columns', () => {
    const { io, table, catalog } = twoSnapshots();
    catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'b', type: 'INT' }]);
    const path = table.paths.schemaFile(1);
    io.writeAtomic(
      path,
      utf8(readUtf8(io, path).replace('"id" : 1,\n    "name" : "b"', '"id" : 0,\n    "name" : "b"')),
    );
    expect(() => catalog.getTable('db.t').newReadBuilder().readRows()).toThrow(
      /Cannot decode a table schema from '.*schema-1': Broken schema, field id 0 is duplicated/,
    );
  });

  it('ALTER TABLE ADD COLUMN of a ROW type gives its nested fields fresh ids (ReassignFieldId)', () => {
    const { catalog } = twoSnapshots();
    catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'r', type: 'ROW<x INT, y ARRAY<ROW<z INT>>>' }]);
    catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'c', type: 'INT' }]);
    const schema = catalog.getTable('db.t').schema; // decoding checks ids are unique at every level
    const ids = (type: unknown): number[] =>
      JSON.stringify(type)
        .match(/"id":\d+/g)!
        .map((m) => Number(m.slice(5)));
    expect(ids(schema.fields)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(schema.highestFieldId).toBe(5);
    expect(sorted(catalog.getTable('db.t').newReadBuilder().readRows())).toEqual([
      { a: 1, r: null, c: null },
      { a: 2, r: null, c: null },
    ]);
  });
});
