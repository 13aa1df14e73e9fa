/**
 * paimon-sim against real Paimon (pypaimon 2.1.0), both directions, for every case in cases.ts:
 *  A. paimon-sim writes → pypaimon reads the same rows (latest and every snapshot), schema and snapshot
 *     metadata; DuckDB reads each Parquet file paimon-sim wrote, with the right column types and values.
 *  B. pypaimon writes → paimon-sim reads the same rows (latest and every snapshot) and snapshot metadata, and
 *     routes every row to the bucket pypaimon put it in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arrowToRows } from '../../src/storage/format/arrow-rows.js';
import { type FileStoreTable, FileSystemCatalog } from '../../src/storage/index.js';
import { typeToString } from '../../src/storage/spec/data-types.js';
import { type Row, Timestamp } from '../../src/storage/spec/values.js';
import { BucketRouter } from '../../src/storage/table/bucket-router.js';
import { TableRead } from '../../src/storage/table/table-read.js';
import { CASES } from './cases.js';
import {
  decodeRow,
  duckdbRead,
  encodeRow,
  encodeRows,
  expectedCommitKinds,
  expectedRows,
  type InteropCase,
  type InteropField,
  type JsonRow,
  pypaimonRead,
  pypaimonWrite,
  simWriteCase,
  sortRows,
} from './harness.js';

const BATCH = '9223372036854775807';
const root = mkdtempSync(join(tmpdir(), 'paimon-sim-interop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function simRows(table: FileStoreTable, fields: readonly InteropField[], snapshotId?: number): JsonRow[] {
  return encodeRows(fields, table.newReadBuilder().withSnapshot(snapshotId).readRows());
}

function simSnapshots(table: FileStoreTable) {
  return table.snapshotManager.snapshots().map((s) => ({
    id: s.id,
    schemaId: s.schemaId,
    commitUser: s.commitUser,
    commitIdentifier: s.commitIdentifier.toString(),
    commitKind: s.commitKind,
    totalRecordCount: s.totalRecordCount,
    deltaRecordCount: s.deltaRecordCount,
    baseManifestList: s.baseManifestList,
    deltaManifestList: s.deltaManifestList,
  }));
}

/** The DuckDB type a Parquet column of each Paimon type must read as (logical types written correctly). */
function duckdbTypeOf(paimonType: string): string {
  const base = paimonType.replace(/ NOT NULL$/, '');
  const decimal = /^DECIMAL\((\d+), (\d+)\)$/.exec(base);
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  if (base.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  if (base.startsWith('VARCHAR') || base.startsWith('CHAR')) return 'VARCHAR';
  const map: Record<string, string> = {
    BOOLEAN: 'BOOLEAN',
    TINYINT: 'TINYINT',
    SMALLINT: 'SMALLINT',
    INT: 'INTEGER',
    BIGINT: 'BIGINT',
    FLOAT: 'FLOAT',
    DOUBLE: 'DOUBLE',
    STRING: 'VARCHAR',
    DATE: 'DATE',
    BYTES: 'BLOB',
  };
  return map[base] ?? `unmapped ${base}`;
}

/** A value DuckDB printed (CAST AS VARCHAR) → paimon-sim's JS model. */
function fromDuckdb(paimonType: string, text: string | null): unknown {
  if (text === null) return null;
  const base = paimonType.replace(/ NOT NULL$/, '');
  if (base === 'BIGINT') return BigInt(text);
  if (['TINYINT', 'SMALLINT', 'INT', 'FLOAT', 'DOUBLE'].includes(base)) return Number(text);
  if (base === 'BOOLEAN') return text === 'true';
  if (base.startsWith('DECIMAL')) return text;
  if (base === 'DATE') return Math.round(Date.parse(`${text}T00:00:00Z`) / 86_400_000);
  if (base.startsWith('TIMESTAMP')) return Timestamp.parse(text.replace(' ', 'T'));
  if (base === 'BYTES') {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; ) {
      if (text.startsWith('\\x', i)) {
        bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else {
        bytes.push(text.charCodeAt(i));
        i += 1;
      }
    }
    return Uint8Array.from(bytes);
  }
  return text;
}

/** Runs `make` once, on first use (so each test also runs alone, e.g. with -t). */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

describe.each(CASES)('interop with pypaimon: $name', (c) => {
  const dir = join(root, c.table.replace('.', '_'));
  /** The case written by paimon-sim. */
  const simTable = once(() => simWriteCase(join(dir, 'sim'), c));
  /** The case written by pypaimon: its warehouse. */
  const pyWarehouse = once(() => {
    pypaimonWrite(join(dir, 'py'), c);
    return join(dir, 'py');
  });

  it('A: paimon-sim writes; pypaimon reads the same rows, schema and snapshots', () => {
    const warehouse = join(dir, 'sim');
    const table = simTable();
    const read = pypaimonRead(warehouse, c.table);

    expect(sortRows(read.rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
    expect(read.schema.fields).toEqual(c.fields.map((f, id) => ({ id, name: f.name, type: f.type })));
    expect(read.schema.fields).toEqual(
      table.schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type) })),
    );
    expect(read.schema.partitionKeys).toEqual(c.partitionKeys ?? []);
    expect(read.schema.primaryKeys).toEqual(c.primaryKeys ?? []);
    expect(read.schema.options).toEqual(c.options ?? {});

    const ours = simSnapshots(table);
    expect(read.snapshots).toEqual(ours);
    expect(ours.map((s) => s.commitKind)).toEqual(expectedCommitKinds(c));
    expect(ours.map((s) => s.commitIdentifier)).toEqual(c.commits.map(() => BATCH));
    expect(ours.map((s) => s.totalRecordCount)).toEqual(
      c.commits.map((_, i) => expectedRows(c, i + 1).length),
    );
    expect(read.latestSnapshotId).toBe(ours.at(-1)!.id);
    for (const [i, s] of ours.entries()) {
      const old = pypaimonRead(warehouse, c.table, { snapshot: s.id });
      expect(sortRows(old.rows)).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
      expect(simRows(table, c.fields, s.id)).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
    }
  });

  it.runIf((c.options?.['file.format'] ?? 'parquet') === 'parquet')(
    'A: every Parquet file paimon-sim wrote reads in DuckDB with the right column types and values',
    () => {
      const table = simTable();
      const tableRead = new TableRead(table);
      const files = table
        .newReadBuilder()
        .plan()
        .map((e) => tableRead.dataFilePath(e));
      expect(files.length).toBeGreaterThan(0);
      const duck = duckdbRead(files);
      const expectedTypes = Object.fromEntries(c.fields.map((f) => [f.name, duckdbTypeOf(f.type)]));
      const rows: Row[] = [];
      for (const file of files) {
        expect(duck[file]!.types).toEqual(expectedTypes);
        for (const r of duck[file]!.rows) {
          rows.push(Object.fromEntries(c.fields.map((f) => [f.name, fromDuckdb(f.type, r[f.name] ?? null)])));
        }
      }
      expect(encodeRows(c.fields, rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
    },
  );

  const columnar =
    (c.partitionKeys ?? []).length === 0 &&
    (c.primaryKeys ?? []).length === 0 &&
    Number(c.options?.['bucket'] ?? '-1') === -1 &&
    (c.options?.['file.format'] ?? 'parquet') === 'parquet';
  it.runIf(columnar)('A: paimon-sim writes Arrow tables (columnar); pypaimon reads the same rows', () => {
    const warehouse = join(dir, 'sim-arrow');
    const table = simWriteCase(warehouse, c, 'arrow');
    const read = pypaimonRead(warehouse, c.table);
    expect(sortRows(read.rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
    expect(read.snapshots).toEqual(simSnapshots(table));
    expect(encodeRows(c.fields, arrowToRows(table.newReadBuilder().readArrow(), table.rowType))).toEqual(
      encodeRows(c.fields, table.newReadBuilder().readRows()),
    );
  });

  it('B: pypaimon writes; paimon-sim reads the same rows and snapshots', () => {
    const warehouse = pyWarehouse();
    const table = new FileSystemCatalog({ warehouse }).getTable(c.table);
    const rows = table.newReadBuilder().readRows();
    expect(encodeRows(c.fields, rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
    // values come back in paimon-sim's model (bigint, Timestamp, Uint8Array, ...), not just equal encodings
    for (const r of rows) expect(decodeRow(c.fields, encodeRow(c.fields, r))).toEqual(r);
    expect(table.schema.fields.map((f) => ({ id: f.id, name: f.name, type: typeToString(f.type) }))).toEqual(
      c.fields.map((f, id) => ({ id, name: f.name, type: f.type })),
    );
    expect(table.schema.partitionKeys).toEqual(c.partitionKeys ?? []);

    const py = pypaimonRead(warehouse, c.table);
    expect(simSnapshots(table)).toEqual(py.snapshots);
    for (const [i, s] of py.snapshots.entries()) {
      expect(simRows(table, c.fields, s.id)).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
    }
  });

  it('B: paimon-sim routes every row of the pypaimon table to the bucket pypaimon wrote it to', () => {
    const table = new FileSystemCatalog({ warehouse: pyWarehouse() }).getTable(c.table);
    const router = new BucketRouter(table.schema, table.options);
    const read = new TableRead(table);
    const entries = table.newReadBuilder().plan();
    expect(entries.length).toBeGreaterThan(0);
    const bucket = Number(c.options?.['bucket'] ?? '-1');
    for (const entry of entries) {
      expect(entry.totalBuckets).toBe(bucket);
      if (bucket > 0) expect(entry.bucket).toBeLessThan(bucket);
      for (const row of read.read([entry])) expect(router.bucket(row)).toBe(entry.bucket);
    }
    if (bucket > 1) expect(new Set(entries.map((e) => e.bucket)).size).toBe(bucket);
  });
});
