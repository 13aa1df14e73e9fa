import { describe, expect, it } from 'vitest';
import { SchemaMismatchError } from '../../../src/storage/errors.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

describe('schema evolution', () => {
  it('adds, renames and widens columns; old files are read by field id with the new schema', () => {
    const { catalog } = memoryCatalog();
    createTable(catalog, {
      fields: [
        { name: 'k', type: 'INT NOT NULL' },
        { name: 'qty', type: 'INT' },
        { name: 'name', type: 'VARCHAR(5)' },
      ],
    });
    batchWrite(catalog.getTable('db.t'), [{ k: 1, qty: 10, name: 'ab' }]);
    const evolved = catalog.alterTable('db.t', [
      { kind: 'addColumn', name: 'note', type: 'STRING' },
      { kind: 'renameColumn', from: 'name', to: 'label' },
      { kind: 'updateColumnType', name: 'qty', type: 'BIGINT' },
      { kind: 'updateColumnType', name: 'label', type: 'STRING' },
    ]);
    expect(evolved.schema.id).toBe(1);
    expect(evolved.schema.fields.map((f) => [f.id, f.name])).toEqual([
      [0, 'k'],
      [1, 'qty'],
      [2, 'label'],
      [3, 'note'],
    ]);
    expect(evolved.schema.highestFieldId).toBe(3);
    batchWrite(evolved, [{ k: 2, qty: 5_000_000_000n, label: 'a longer label', note: 'n' }]);
    expect(sorted(evolved.newReadBuilder().readRows())).toEqual(
      sorted([
        { k: 1, qty: 10n, label: 'ab', note: null },
        { k: 2, qty: 5_000_000_000n, label: 'a longer label', note: 'n' },
      ]),
    );
    expect(evolved.snapshotManager.latestSnapshot()!.schemaId).toBe(1);
    expect(catalog.getSystemTable('db.t$schemas').readRows()).toHaveLength(2);
  });

  it('refuses changes that would lose information or break keys', () => {
    const { catalog } = memoryCatalog();
    createTable(catalog, {
      fields: [
        { name: 'k', type: 'BIGINT' },
        { name: 'p', type: 'STRING' },
      ],
      partitionKeys: ['p'],
    });
    expect(() => catalog.alterTable('db.t', [{ kind: 'updateColumnType', name: 'k', type: 'INT' }])).toThrow(
      'Column type k[BIGINT] cannot be converted to INT without loosing information.',
    );
    expect(() => catalog.alterTable('db.t', [{ kind: 'renameColumn', from: 'p', to: 'q' }])).toThrow(
      'Cannot rename partition column: [p]',
    );
    expect(() => catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'k', type: 'INT' }])).toThrow(
      SchemaMismatchError,
    );
    expect(() =>
      catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'z', type: 'INT NOT NULL' }]),
    ).toThrow(/NOT NULL/);
    expect(() => catalog.alterTable('db.t', [{ kind: 'setOption', key: 'bucket', value: 'x' }])).toThrow(
      /bucket/,
    );
    expect(catalog.getTable('db.t').schema.id).toBe(0);
  });
});
