import { describe, expect, it } from 'vitest';
import { systemTable } from '../../../src/storage/system/system-tables.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

/**
 * A time-travel read returns the rows in the schema of the snapshot it travels to (`snapshot.schemaId`), as
 * Paimon's `AbstractFileStoreTable.tryTimeTravel` does; files of older schemas still evolve to it by field id.
 */
describe('time travel reads in the snapshot schema', () => {
  /** s1 under schema 0 (k, qty INT, name); s2 under schema 1 (+ note); s3 under schema 2 (name → label, BIGINT). */
  function threeSchemas(primaryKey: boolean) {
    const env = memoryCatalog();
    createTable(env.catalog, {
      fields: [
        { name: 'k', type: 'INT NOT NULL' },
        { name: 'qty', type: 'INT' },
        { name: 'name', type: 'STRING' },
      ],
      ...(primaryKey ? { primaryKeys: ['k'], options: { bucket: '1' } } : {}),
    });
    batchWrite(env.catalog.getTable('db.t'), [{ k: 1, qty: 10, name: 'a' }]);
    const s1Time = env.catalog.getTable('db.t').snapshotManager.latestSnapshot()!.timeMillis;
    env.catalog.getTable('db.t').tagManager().createTagAt('t1', 1);
    env.clock.advance(1000);
    const t1 = env.catalog.alterTable('db.t', [{ kind: 'addColumn', name: 'note', type: 'STRING' }]);
    batchWrite(t1, [{ k: 2, qty: 20, name: 'b', note: 'n' }]);
    env.clock.advance(1000);
    const t2 = env.catalog.alterTable('db.t', [
      { kind: 'renameColumn', from: 'name', to: 'label' },
      { kind: 'updateColumnType', name: 'qty', type: 'BIGINT' },
    ]);
    batchWrite(t2, [{ k: 3, qty: 30n, label: 'c', note: null }]);
    return { ...env, table: t2, s1Time };
  }

  for (const primaryKey of [false, true]) {
    describe(primaryKey ? 'primary-key table' : 'append table', () => {
      it('by snapshot id, tag and timestamp, through ReadBuilder and scan.* options', () => {
        const { table, s1Time } = threeSchemas(primaryKey);
        const atS1 = [{ k: 1, qty: 10, name: 'a' }];
        expect(table.newReadBuilder().withSnapshot(1).readRows()).toEqual(atS1);
        expect(table.newReadBuilder().withTag('t1').readRows()).toEqual(atS1);
        expect(table.newReadBuilder().withTimestamp(s1Time).readRows()).toEqual(atS1);
        const travels: Record<string, string>[] = [
          { 'scan.snapshot-id': '1' },
          { 'scan.tag-name': 't1' },
          { 'scan.timestamp-millis': String(s1Time) },
        ];
        for (const options of travels) {
          const travelled = table.copy(options);
          expect(travelled.schema.id).toBe(0);
          expect(travelled.rowType.fields.map((f) => f.name)).toEqual(['k', 'qty', 'name']);
          expect(travelled.newReadBuilder().readRows()).toEqual(atS1);
        }
        expect(
          table
            .newReadBuilder()
            .withSnapshot(1)
            .readType()
            .fields.map((f) => f.name),
        ).toEqual(['k', 'qty', 'name']);
      });

      it('files of older schemas evolve by field id to the snapshot schema, not the latest', () => {
        const { table } = threeSchemas(primaryKey);
        expect(sorted(table.newReadBuilder().withSnapshot(2).readRows())).toEqual([
          { k: 1, qty: 10, name: 'a', note: null },
          { k: 2, qty: 20, name: 'b', note: 'n' },
        ]);
        // Without time travel the read is in the table's (latest) schema.
        expect(sorted(table.newReadBuilder().readRows())).toEqual([
          { k: 1, qty: 10n, label: 'a', note: null },
          { k: 2, qty: 20n, label: 'b', note: 'n' },
          { k: 3, qty: 30n, label: 'c', note: null },
        ]);
        expect(sorted(table.newReadBuilder().withSnapshot(3).readRows())).toEqual(
          sorted(table.newReadBuilder().readRows()),
        );
        // Projection names are the snapshot schema's.
        expect(table.newReadBuilder().withSnapshot(1).withProjection(['name']).readRows()).toEqual([
          { name: 'a' },
        ]);
        expect(() => table.newReadBuilder().withSnapshot(1).withProjection(['label']).readRows()).toThrow(
          /Projected field 'label' is not in table/,
        );
      });

      it('system tables reading data at a snapshot use its schema ($audit_log, $files)', () => {
        const { catalog, table } = threeSchemas(primaryKey);
        const audit = catalog.getSystemTable('db.t$audit_log');
        expect(audit.rowType.fields.map((f) => f.name)).toEqual(['rowkind', 'k', 'qty', 'label', 'note']);
        expect(audit.readRows()).toHaveLength(3);
        const travelled = table.copy({ 'scan.snapshot-id': '1' });
        const atS1 = systemTable(travelled, '$audit_log');
        expect(atS1.rowType.fields.map((f) => f.name)).toEqual(['rowkind', 'k', 'qty', 'name']);
        expect(atS1.readRows()).toEqual([{ rowkind: '+I', k: 1, qty: 10, name: 'a' }]);
        const files = systemTable(travelled, '$files').readRows();
        // FilesTable prints stats in a TreeMap: by column name
        expect(files.map((f) => f['min_value_stats'])).toEqual(['{k=1, name=a, qty=10}']);
        // `ManifestsTable` lists the travelled-to snapshot's manifests (`tryTravelOrLatest`).
        const manifestsOf = (id: number) =>
          table
            .newScan()
            .dataManifests(table.snapshotManager.snapshot(id))
            .map((m) => m.fileName);
        expect(
          systemTable(travelled, '$manifests')
            .readRows()
            .map((m) => m['file_name']),
        ).toEqual(manifestsOf(1));
        expect(manifestsOf(1)).not.toEqual(manifestsOf(3));
      });
    });
  }

  it('a table-level scan option travels too; a missing target is reported by the read', () => {
    const { catalog } = threeSchemas(false);
    const table = catalog.alterTable('db.t', [{ kind: 'setOption', key: 'scan.snapshot-id', value: '2' }]);
    expect(
      table
        .newReadBuilder()
        .readType()
        .fields.map((f) => f.name),
    ).toEqual(['k', 'qty', 'name', 'note']);
    expect(table.newReadBuilder().readRows()).toHaveLength(2);
    expect(() => table.copy({ 'scan.snapshot-id': '9' }).newReadBuilder().readRows()).toThrow(
      'Specified parameter scan.snapshot-id = 9 is not exist, you can set it in range from 1 to 3',
    );
  });
});
