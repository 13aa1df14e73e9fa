import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { typeToString } from '../../src/storage/spec/data-types.js';
import { BucketRouter } from '../../src/storage/table/bucket-router.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import { TableRead } from '../../src/storage/table/table-read.js';
import { CASES } from './cases.js';
import {
  decodeRow,
  duckdbColumnTypes,
  encodeRows,
  expectedRows,
  type InteropCase,
  pypaimonRead,
  pypaimonWrite,
  sortRows,
} from './harness.js';

function simWrite(catalog: FileSystemCatalog, c: InteropCase): FileStoreTable {
  catalog.createDatabase(c.table.split('.')[0]!, true);
  const table = catalog.createTable(c.table, {
    fields: c.fields,
    partitionKeys: c.partitionKeys,
    primaryKeys: c.primaryKeys,
    options: c.options,
  });
  for (const commit of c.commits) {
    const builder =
      commit.overwrite === undefined
        ? table.newBatchWriteBuilder()
        : table.newBatchWriteBuilder().withOverwrite(commit.overwrite);
    const write = builder.newWrite();
    write.write(commit.rows);
    builder.newCommit().commit(write.prepareCommit());
  }
  return table;
}

/** The DuckDB type a Parquet column of each Paimon type must read as (logical types written correctly). */
function duckdbTypeOf(paimonType: string): string {
  const base = paimonType.replace(/ NOT NULL$/, '');
  const decimal = /^DECIMAL\((\d+), (\d+)\)$/.exec(base);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  if (base.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  const map: Record<string, string> = {
    BIGINT: 'BIGINT',
    BOOLEAN: 'BOOLEAN',
    INT: 'INTEGER',
    STRING: 'VARCHAR',
    DOUBLE: 'DOUBLE',
    DATE: 'DATE',
    BYTES: 'BLOB',
  };
  return map[base] ?? `unmapped ${base}`;
}

describe.each(CASES)('interop: $name', (c) => {
  let warehouse: string;
  beforeAll(() => {
    warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-interop-'));
  });

  it('paimon-sim writes, pypaimon reads the same rows, schema and snapshots', () => {
    const catalog = new FileSystemCatalog({ warehouse: join(warehouse, 'sim') });
    const table = simWrite(catalog, c);
    const read = pypaimonRead(join(warehouse, 'sim'), c.table);
    expect(sortRows(read.rows)).toEqual(sortRows(encodeRows(c.fields, expectedRows(c))));
    expect(read.schema.fields).toEqual(
      table.schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type) })),
    );
    expect(read.schema.partitionKeys).toEqual(c.partitionKeys ?? []);
    expect(read.schema.options).toEqual(c.options ?? {});
    const ours = table.snapshotManager.snapshots();
    expect(read.snapshots).toEqual(
      ours.map((s) => ({
        id: s.id,
        schemaId: s.schemaId,
        commitUser: s.commitUser,
        commitIdentifier: s.commitIdentifier.toString(),
        commitKind: s.commitKind,
        totalRecordCount: s.totalRecordCount,
        deltaRecordCount: s.deltaRecordCount,
      })),
    );
    expect(read.latestSnapshotId).toBe(ours.at(-1)!.id);
    // every older snapshot reads the same on both sides too
    for (const s of ours.slice(0, -1)) {
      const old = pypaimonRead(join(warehouse, 'sim'), c.table, s.id);
      expect(sortRows(old.rows)).toEqual(
        encodeRows(c.fields, table.newReadBuilder().withSnapshot(s.id).readRows()),
      );
    }
  });

  it('pypaimon writes, paimon-sim reads the same rows', () => {
    pypaimonWrite(join(warehouse, 'py'), c);
    const table = new FileSystemCatalog({ warehouse: join(warehouse, 'py') }).getTable(c.table);
    const rows = table.newReadBuilder().readRows();
    expect(sortRows(encodeRows(c.fields, rows))).toEqual(sortRows(encodeRows(c.fields, expectedRows(c))));
    const py = pypaimonRead(join(warehouse, 'py'), c.table);
    expect(
      table.snapshotManager
        .snapshots()
        .map((s) => [s.id, s.commitKind, s.commitIdentifier.toString(), s.totalRecordCount]),
    ).toEqual(py.snapshots.map((s) => [s.id, s.commitKind, s.commitIdentifier, s.totalRecordCount]));
    expect(rows.map((r) => decodeRow(c.fields, encodeRows(c.fields, [r])[0]!))).toEqual(rows);
  });

  it('routes rows to the same buckets as pypaimon and writes Parquet that DuckDB reads', () => {
    const table = new FileSystemCatalog({ warehouse: join(warehouse, 'py') }).getTable(c.table);
    const router = new BucketRouter(table.schema, table.options);
    const read = new TableRead(table);
    for (const entry of table.newReadBuilder().plan()) {
      for (const row of read.read([entry])) expect(router.bucket(row)).toBe(entry.bucket);
    }
    const sim = new FileSystemCatalog({ warehouse: join(warehouse, 'sim') }).getTable(c.table);
    const files = sim
      .newReadBuilder()
      .plan()
      .map((e) => new TableRead(sim).dataFilePath(e));
    if ((c.options?.['file.format'] ?? 'parquet') !== 'parquet') return;
    const types = duckdbColumnTypes(files);
    const expected = Object.fromEntries(c.fields.map((f) => [f.name, duckdbTypeOf(f.type)]));
    for (const file of files) expect(types[file]).toEqual(expected);
  });
});
