/**
 * Snapshot lifecycle, schema evolution and system tables against real Paimon Java 1.3.1 (java/), both ways:
 * tags, expiration and rollback done by one engine are read by the other; ALTER TABLE by one engine, then
 * rows read by the other at the latest snapshot and at every older one (with that snapshot's schema);
 * `$snapshots`, `$tags`, `$schemas`, `$files` computed by both from the same files agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { expireSnapshots } from '../../src/storage/lifecycle/expire-snapshots.js';
import { rollbackToTag } from '../../src/storage/lifecycle/rollback.js';
import { typeToString } from '../../src/storage/spec/data-types.js';
import type { Row } from '../../src/storage/spec/values.js';
import { systemTable } from '../../src/storage/system/system-tables.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import { encodeRows, type InteropCase, type InteropField, type JsonRow, sortRows } from './harness.js';
import { JavaOracle, normalizeRows } from './java-harness.js';
import { simWriteCase, statsEntries } from './java-model.js';

const root = mkdtempSync(join(tmpdir(), 'paimon-sim-java-life-'));
let java: JavaOracle;
beforeAll(() => {
  java = JavaOracle.start();
});
afterAll(async () => {
  await java.close();
  rmSync(root, { recursive: true, force: true });
});

const FIELDS: InteropField[] = [
  { name: 'k', type: 'BIGINT' },
  { name: 'p', type: 'STRING' },
];
const LIFE: InteropCase = {
  name: 'lifecycle',
  table: 'db.life',
  fields: FIELDS,
  partitionKeys: ['p'],
  commits: [
    { rows: [{ k: 1n, p: 'a' }] },
    { rows: [{ k: 2n, p: 'b' }] },
    { rows: [{ k: 3n, p: 'a' }], overwrite: { p: 'a' } },
    { rows: [{ k: 4n, p: 'b' }] },
    { rows: [{ k: 5n, p: 'a' }] },
  ],
};

function simRows(table: FileStoreTable, read = table.newReadBuilder()): JsonRow[] {
  return encodeRows(FIELDS, read.readRows());
}

/** A system table computed by paimon-sim, in the JSON encoding, restricted to `columns`. */
function simSystem(table: FileStoreTable, name: string, columns: readonly string[]): JsonRow[] {
  const sys = systemTable(table, name);
  const fields = sys.rowType.fields.map((f) => ({ name: f.name, type: typeToString(f.type) }));
  return sortRows(encodeRows(fields, sys.readRows()).map((r) => pick(r, columns)));
}

function pick(r: JsonRow, columns: readonly string[]): JsonRow {
  return Object.fromEntries(columns.map((c) => [c, r[c]]));
}

/**
 * Java's system tables fill TIMESTAMP(3) columns with the full value (a tag's `create_time` keeps its
 * nanoseconds); cut fractions to the column's precision, as the column type says.
 */
function cutFractions(fields: readonly InteropField[], rows: readonly JsonRow[]): JsonRow[] {
  return rows.map((r) => {
    const out = { ...r };
    for (const f of fields) {
      const m = /^TIMESTAMP\((\d)\)/.exec(f.type);
      const v = out[f.name];
      if (m && typeof v === 'string' && v.includes('.')) {
        const [base, fraction] = v.split('.') as [string, string];
        out[f.name] = Number(m[1]) === 0 ? base : `${base}.${fraction.slice(0, Number(m[1]))}`;
      }
    }
    return out;
  });
}

/** A system table read by Java and by paimon-sim: the columns both have, and both sides' rows on them. */
async function bothSystem(warehouse: string, tableName: string, name: string) {
  const table = new FileSystemCatalog({ warehouse }).getTable(tableName);
  const javaSys = await java.system(warehouse, tableName, name);
  javaSys.rows = cutFractions(javaSys.fields, javaSys.rows);
  const simColumns = systemTable(table, name).rowType.fields.map((f) => f.name);
  const columns = javaSys.fields.map((f) => f.name).filter((n) => simColumns.includes(n));
  const javaRows = sortRows(normalizeRows(javaSys.fields, javaSys.rows).map((r) => pick(r, columns)));
  return {
    columns,
    javaColumns: javaSys.fields.map((f) => f.name),
    simColumns,
    java: javaRows,
    sim: simSystem(table, name, columns),
  };
}

describe('lifecycle interop with Paimon Java', () => {
  it('paimon-sim tags, expires and rolls back; Java reads the same tags, snapshots and rows', async () => {
    const warehouse = join(root, 'sim-life');
    const table = simWriteCase(warehouse, { ...LIFE, options: { 'write-only': 'true' } });
    const tags = table.tagManager();
    tags.createTag(table.snapshotManager.snapshot(2), 'savepoint-2', null, false);
    tags.createTag(table.snapshotManager.snapshot(4), 'savepoint-4', 3_600_000, false);
    expireSnapshots(table, { retainMin: 2, retainMax: 100, timeRetainedMs: 0, expireLimit: 50 });
    expect((await java.snapshots(warehouse, LIFE.table)).map((s) => s.id)).toEqual([4, 5]);
    expect(
      (await java.tags(warehouse, LIFE.table)).map((t) => [t.name, t.snapshotId, t.timeRetainedMs]),
    ).toEqual([
      ['savepoint-2', 2, null],
      ['savepoint-4', 4, 3_600_000],
    ]);
    for (const name of ['savepoint-2', 'savepoint-4'])
      expect((await java.read(warehouse, LIFE.table, { tag: name })).rows, name).toEqual(
        simRows(table, table.newReadBuilder().withTag(name)),
      );
    expect((await java.read(warehouse, LIFE.table)).rows).toEqual(simRows(table));
    const sys = await bothSystem(warehouse, LIFE.table, 'tags');
    expect(sys.java).toEqual(sys.sim);

    rollbackToTag(table, 'savepoint-2'); // snapshot 2 had expired: re-created from the tag
    expect((await java.snapshots(warehouse, LIFE.table)).map((s) => s.id)).toEqual([2]);
    expect((await java.read(warehouse, LIFE.table)).rows).toEqual(simRows(table));
    expect((await java.tags(warehouse, LIFE.table)).map((t) => t.name)).toEqual(['savepoint-2']);
  });

  it('Java tags, expires and rolls back; paimon-sim reads the same tags, snapshots and rows', async () => {
    const warehouse = join(root, 'java-life');
    await java.writeCase(warehouse, LIFE);
    await java.createTag(warehouse, LIFE.table, 'savepoint-2', 2);
    await java.createTag(warehouse, LIFE.table, 'savepoint-4', 4, 7_200_000);
    expect(await java.expire(warehouse, LIFE.table, { retainMin: 2, retainMax: 2, timeRetainedMs: 0 })).toBe(
      3,
    );
    const table = new FileSystemCatalog({ warehouse }).getTable(LIFE.table);
    expect(table.snapshotManager.listIds()).toEqual([4, 5]);
    expect(
      table
        .tagManager()
        .tags()
        .map((t) => [t.name, t.snapshot.id, t.tag.tagTimeRetainedMs]),
    ).toEqual([
      ['savepoint-2', 2, null],
      ['savepoint-4', 4, 7_200_000],
    ]);
    for (const name of ['savepoint-2', 'savepoint-4'])
      expect(simRows(table, table.newReadBuilder().withTag(name)), name).toEqual(
        (await java.read(warehouse, LIFE.table, { tag: name })).rows,
      );
    expect(simRows(table)).toEqual((await java.read(warehouse, LIFE.table)).rows);

    await java.rollback(warehouse, LIFE.table, { tag: 'savepoint-2' });
    expect(table.snapshotManager.listIds()).toEqual([2]);
    expect(simRows(table)).toEqual((await java.read(warehouse, LIFE.table)).rows);
    expect(
      table
        .tagManager()
        .tags()
        .map((t) => t.name),
    ).toEqual(['savepoint-2']);
    await java.deleteTag(warehouse, LIFE.table, 'savepoint-2');
    expect(table.tagManager().tags()).toEqual([]);
  });

  it.each(['sim', 'java'] as const)(
    '$snapshots, $tags, $schemas and $options of a table written by %s: Java and paimon-sim agree',
    async (writer) => {
      const warehouse = join(root, `sys-${writer}`);
      const c = { ...LIFE, table: 'db.sys' };
      if (writer === 'sim') {
        const table = simWriteCase(warehouse, c);
        table.tagManager().createTag(table.snapshotManager.snapshot(3), 't3', 60_000, false);
      } else {
        await java.writeCase(warehouse, c);
        await java.createTag(warehouse, c.table, 't3', 3, 60_000);
      }
      for (const name of ['snapshots', 'tags', 'schemas', 'options']) {
        const sys = await bothSystem(warehouse, c.table, name);
        expect(
          sys.columns.length,
          `${name}: Java ${sys.javaColumns} / sim ${sys.simColumns}`,
        ).toBeGreaterThan(1);
        expect(sys.sim, `$${name}`).toEqual(sys.java);
      }
    },
  );
});

describe('$files interop with Paimon Java', () => {
  const c: InteropCase = {
    name: 'files',
    table: 'db.files',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 's', type: 'STRING' },
      { name: 'd', type: 'DECIMAL(10, 2)' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    options: { bucket: '2', 'bucket-key': 'id' },
    commits: [
      {
        rows: [
          { id: 1n, s: 'x', d: '1.50', p: 'a' },
          { id: 2n, s: null, d: '-2.00', p: 'a' },
          { id: 3n, s: 'a string longer than sixteen characters', d: null, p: 'b' },
        ],
      },
      { rows: [{ id: 4n, s: 'y', d: '0.01', p: 'b' }] },
    ],
  };
  const STATS = ['null_value_counts', 'min_value_stats', 'max_value_stats'];
  /** $files from both engines, the statistics compared as name → value maps (their text order aside). */
  async function compareFiles(warehouse: string) {
    const sys = await bothSystem(warehouse, c.table, 'files');
    expect(sys.columns).toEqual(expect.arrayContaining(STATS));
    const names = c.fields.map((f) => f.name);
    const asMaps = (rows: JsonRow[]) =>
      rows.map((r) => ({ ...r, ...Object.fromEntries(STATS.map((k) => [k, statsEntries(r[k], names)])) }));
    expect(asMaps(sys.sim)).toEqual(asMaps(sys.java));
    expect(sys.java.length).toBeGreaterThan(2);
    return sys;
  }

  it('written by paimon-sim', async () => {
    const warehouse = join(root, 'files-sim');
    simWriteCase(warehouse, c);
    await compareFiles(warehouse);
  });

  it('written by Java (statistics for every column)', async () => {
    const warehouse = join(root, 'files-java');
    await java.writeCase(warehouse, c);
    await compareFiles(warehouse);
  });

  it("written by Java with 'fields.s.stats-mode' = 'none' (dense statistics): paimon-sim reads the rows", async () => {
    const warehouse = join(root, 'files-java-dense-rows');
    const dense = { ...c, options: { ...c.options, 'fields.s.stats-mode': 'none' } };
    await java.writeCase(warehouse, dense);
    const table = new FileSystemCatalog({ warehouse }).getTable(c.table);
    expect(encodeRows(c.fields, table.newReadBuilder().readRows())).toEqual(
      (await java.read(warehouse, c.table)).rows,
    );
    expect(table.newReadBuilder().readRows()).toHaveLength(4);
  });

  // Java's FilesTable builds the statistics text from a TreeMap (FilesTable.LazyStatsGetter, 1.3.1 and
  // master), i.e. sorted by field name — `{d=1.50, id=2, p=a, s=x}`, not in field order
  it("the statistics text is in Java's order (sorted by field name)", async () => {
    const warehouse = join(root, 'files-sim-order');
    simWriteCase(warehouse, c);
    const sys = await compareFiles(warehouse);
    expect(sys.sim).toEqual(sys.java);
  });

  // Java writes dense statistics (only the columns in `_VALUE_STATS_COLS`) here: $files prints them by name
  it("written by Java with 'fields.s.stats-mode' = 'none': $files agrees with Java's", async () => {
    const warehouse = join(root, 'files-java-dense');
    await java.writeCase(warehouse, { ...c, options: { ...c.options, 'fields.s.stats-mode': 'none' } });
    await compareFiles(warehouse);
  });
});

describe('schema evolution interop with Paimon Java', () => {
  const V0: InteropField[] = [
    { name: 'id', type: 'BIGINT NOT NULL' },
    { name: 'v', type: 'INT' },
    { name: 's', type: 'STRING' },
  ];
  const V1: InteropField[] = [
    { name: 'id', type: 'BIGINT NOT NULL' },
    { name: 'value', type: 'BIGINT' },
    { name: 's', type: 'STRING' },
    { name: 'extra', type: 'DECIMAL(12, 3)' },
  ];
  const first: Row[] = [
    { id: 1n, v: 10, s: 'one' },
    { id: 2n, v: null, s: null },
  ];
  const second: Row[] = [{ id: 3n, value: 30_000_000_000n, s: 'three', extra: '1.250' }];
  /** The rows after both commits, in the V1 schema (old rows: renamed, widened, the new column null). */
  const latest = encodeRows(V1, [
    { id: 1n, value: 10n, s: 'one', extra: null },
    { id: 2n, value: null, s: null, extra: null },
    ...second,
  ]);
  const CHANGES = [
    { kind: 'renameColumn', from: 'v', to: 'value' },
    { kind: 'updateColumnType', name: 'value', type: 'BIGINT' },
    { kind: 'addColumn', name: 'extra', type: 'DECIMAL(12, 3)' },
    { kind: 'setOption', key: 'snapshot.num-retained.min', value: '5' },
  ] as const;
  const base: InteropCase = { name: 'evolve', table: 'db.evolve', fields: V0, commits: [] };

  it('paimon-sim alters the table between commits; Java reads the latest rows and each snapshot with its schema', async () => {
    const warehouse = join(root, 'evolve-sim');
    const catalog = new FileSystemCatalog({ warehouse });
    simWriteCase(warehouse, { ...base, commits: [{ rows: first }] });
    const table = catalog.alterTable(base.table, [...CHANGES]);
    const b = table.newBatchWriteBuilder();
    const w = b.newWrite();
    w.write(second);
    b.newCommit().commit(w.prepareCommit());
    const read = await java.read(warehouse, base.table);
    expect(read.schema.id).toBe(1);
    expect(read.schema.fields.map((f) => [f.id, f.name, f.type])).toEqual([
      [0, 'id', 'BIGINT NOT NULL'],
      [1, 'value', 'BIGINT'],
      [2, 's', 'STRING'],
      [3, 'extra', 'DECIMAL(12, 3)'],
    ]);
    expect(read.schema.options).toEqual({ 'snapshot.num-retained.min': '5' });
    expect(read.rows).toEqual(latest);
    const old = await java.read(warehouse, base.table, { snapshot: 1 });
    expect(old.schema.id).toBe(0);
    expect(old.rows).toEqual(encodeRows(V0, first));
  });

  async function javaEvolved(warehouse: string, drop: boolean) {
    await java.create(warehouse, base);
    await java.write(warehouse, base.table, V0, [{ rows: first }]);
    await java.alter(warehouse, base.table, [...CHANGES]);
    await java.write(warehouse, base.table, V1, [{ rows: second }]);
    if (drop) {
      await java.alter(warehouse, base.table, [{ kind: 'dropColumn', name: 's' }]);
      await java.write(
        warehouse,
        base.table,
        V1.filter((f) => f.name !== 's'),
        [{ rows: [{ id: 4n, value: -1n, extra: '-0.001' }] }],
      );
    }
    return new FileSystemCatalog({ warehouse }).getTable(base.table);
  }

  it('Java alters (rename, widen, add column, option) between commits; paimon-sim reads the latest rows and schema', async () => {
    const table = await javaEvolved(join(root, 'evolve-java'), false);
    expect(table.schema.id).toBe(1);
    expect(table.schema.fields.map((f) => [f.id, f.name, typeToString(f.type)])).toEqual([
      [0, 'id', 'BIGINT NOT NULL'],
      [1, 'value', 'BIGINT'],
      [2, 's', 'STRING'],
      [3, 'extra', 'DECIMAL(12, 3)'],
    ]);
    expect(encodeRows(V1, table.newReadBuilder().readRows())).toEqual(latest);
  });

  it('Java drops a column; paimon-sim reads the rows without it', async () => {
    const table = await javaEvolved(join(root, 'evolve-java-drop'), true);
    const V2 = V1.filter((f) => f.name !== 's');
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'value', 'extra']);
    expect(encodeRows(V2, table.newReadBuilder().readRows())).toEqual(
      encodeRows(V2, [
        { id: 1n, value: 10n, extra: null },
        { id: 2n, value: null, extra: null },
        { id: 3n, value: 30_000_000_000n, extra: '1.250' },
        { id: 4n, value: -1n, extra: '-0.001' },
      ]),
    );
  });

  // time travel reads an old snapshot in that snapshot's schema (AbstractFileStoreTable.copy → tryTimeTravel)
  it('Java alters the table; paimon-sim reads snapshot 1 with schema 0, as Java does', async () => {
    const warehouse = join(root, 'evolve-java-tt');
    const table = await javaEvolved(warehouse, false);
    const javaOld = await java.read(warehouse, base.table, { snapshot: 1 });
    expect(javaOld.rows).toEqual(encodeRows(V0, first));
    const rows = table.newReadBuilder().withSnapshot(1).readRows();
    expect(rows.map((r) => Object.keys(r).sort())).toEqual(first.map(() => ['id', 's', 'v']));
    expect(encodeRows(V0, rows)).toEqual(javaOld.rows);
  });
});
