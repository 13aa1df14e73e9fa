import { afterEach, describe, expect, it, vi } from 'vitest';
import { arrowToRows } from '../../../src/storage/format/arrow-rows.js';
import { parquetFormat } from '../../../src/storage/format/parquet-format.js';
import { batchWrite, createTable, memoryCatalog } from './helpers.js';

/** A table written under schema 0 (k, qty, name), then evolved: note added, name renamed to label. */
function evolvedTable(extra: { kind: 'updateColumnType'; name: string; type: string }[] = []) {
  const { catalog } = memoryCatalog();
  createTable(catalog, {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'qty', type: 'INT' },
      { name: 'name', type: 'STRING' },
    ],
  });
  batchWrite(catalog.getTable('db.t'), [
    { k: 1, qty: 10, name: 'ab' },
    { k: 2, qty: null, name: null },
  ]);
  const table = catalog.alterTable('db.t', [
    { kind: 'addColumn', name: 'note', type: 'STRING' },
    { kind: 'renameColumn', from: 'name', to: 'label' },
    ...extra,
  ]);
  batchWrite(table, [{ k: 3, qty: 5, label: 'c', note: 'n' }]);
  return table;
}

afterEach(() => vi.restoreAllMocks());

describe('ReadBuilder.readArrow on an append table', () => {
  it('reads files of an older schema columnar: renamed columns by field id, added ones as null', () => {
    const table = evolvedTable();
    const rowRead = vi.spyOn(parquetFormat, 'read');
    const arrow = table.newReadBuilder().readArrow();
    expect(rowRead).not.toHaveBeenCalled();
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(['k', 'qty', 'label', 'note']);
    expect(arrowToRows(arrow, table.rowType)).toEqual([
      { k: 1, qty: 10, label: 'ab', note: null },
      { k: 2, qty: null, label: null, note: null },
      { k: 3, qty: 5, label: 'c', note: 'n' },
    ]);
  });

  it('projects columnar, also onto columns an old file does not have at all', () => {
    const table = evolvedTable();
    const rowRead = vi.spyOn(parquetFormat, 'read');
    const notes = table.newReadBuilder().withProjection(['note']).readArrow();
    const labels = table.newReadBuilder().withProjection(['label', 'k']).readArrow();
    expect(rowRead).not.toHaveBeenCalled();
    expect(notes.numRows).toBe(3);
    expect(notes.getChild('note')!.toArray()).toEqual([null, null, 'n']);
    expect(labels.schema.fields.map((f) => f.name)).toEqual(['label', 'k']);
    expect(labels.getChild('label')!.toArray()).toEqual(['ab', null, 'c']);
  });

  it('falls back to rows for a file whose column type changed since (widening)', () => {
    const table = evolvedTable([{ kind: 'updateColumnType', name: 'qty', type: 'BIGINT' }]);
    const rowRead = vi.spyOn(parquetFormat, 'read');
    const arrow = table.newReadBuilder().readArrow();
    expect(rowRead).toHaveBeenCalledTimes(1);
    expect(arrowToRows(arrow, table.rowType)).toEqual(table.newReadBuilder().readRows());
    expect(arrowToRows(arrow, table.rowType).map((r) => r.qty)).toEqual([10n, null, 5n]);
  });

  it('reads a file as one Arrow batch per row group, not per 1024 rows (the Parquet reader default)', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { fields: [{ name: 'id', type: 'INT' }] });
    batchWrite(
      table,
      Array.from({ length: 3000 }, (_, id) => ({ id })),
    );
    const arrow = table.newReadBuilder().readArrow();
    expect(arrow.numRows).toBe(3000);
    expect(arrow.batches).toHaveLength(1);
  });

  it('reads a partitioned table columnar, partition columns from the files', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, {
      fields: [
        { name: 'id', type: 'BIGINT' },
        { name: 'dt', type: 'STRING' },
      ],
      partitionKeys: ['dt'],
    });
    batchWrite(table, [
      { id: 1n, dt: 'a' },
      { id: 2n, dt: 'b' },
    ]);
    const rowRead = vi.spyOn(parquetFormat, 'read');
    const arrow = table.newReadBuilder().readArrow();
    expect(rowRead).not.toHaveBeenCalled();
    expect(arrowToRows(arrow, table.rowType)).toEqual(table.newReadBuilder().readRows());
  });
});
