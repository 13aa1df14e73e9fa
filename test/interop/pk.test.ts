/**
 * Primary-key tables against real Paimon (pypaimon 2.1.0), both directions:
 *  A. paimon-sim writes (streaming commits with row kinds, asynchronous and full compactions, so files sit at
 *     several LSM levels) → pypaimon reads the same merged rows at every snapshot.
 *  B. pypaimon writes (batch commits with +I/+U/-D through `rowkind.field`) → paimon-sim reads the same merged
 *     rows at every snapshot; then paimon-sim continues writing the pypaimon table (sequence numbers continue,
 *     compaction rewrites pypaimon's files) and pypaimon reads the result.
 * Expected rows come from a plain model of each merge engine, not from either implementation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FileStoreTable, FileSystemCatalog } from '../../src/storage/index.js';
import type { RowKindText } from '../../src/storage/spec/key-value.js';
import { type Row, Timestamp } from '../../src/storage/spec/values.js';
import type { TableWrite } from '../../src/storage/table/table-write.js';
import { encodeRows, type InteropCase, type PkCommit, pypaimonReadPk, pypaimonWritePk } from './harness.js';

const root = mkdtempSync(join(tmpdir(), 'paimon-sim-interop-pk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small deterministic generator (the cases must not depend on a seed library's version). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

interface PkCase {
  readonly c: InteropCase;
  readonly commits: PkCommit[];
  /** The merged rows after the first n commits, by the engine's rules. */
  readonly model: (n: number) => Row[];
}

function keyOf(c: InteropCase, r: Row): string {
  return (c.primaryKeys ?? []).map((k) => String(r[k])).join('|');
}

function dedupModel(c: InteropCase, commits: PkCommit[]) {
  return (n: number) => {
    const m = new Map<string, Row>();
    for (const commit of commits.slice(0, n))
      commit.rows.forEach((r, i) => {
        const kind = commit.kinds[i]!;
        if (kind === '-D' || kind === '-U') m.delete(keyOf(c, r));
        else m.set(keyOf(c, r), { ...r, rk: kind });
      });
    return [...m.values()];
  };
}

const DEDUP: PkCase = (() => {
  const c: InteropCase = {
    name: 'deduplicate, partitioned, 2 buckets, +I/+U/-D',
    table: 'db.pk_dedup',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'dt', type: 'STRING NOT NULL' },
      { name: 'name', type: 'STRING' },
      { name: 'price', type: 'DECIMAL(10, 2)' },
      { name: 'ts', type: 'TIMESTAMP(6)' },
      { name: 'rk', type: 'STRING' },
    ],
    partitionKeys: ['dt'],
    primaryKeys: ['id', 'dt'],
    options: { bucket: '2', 'rowkind.field': 'rk', 'num-sorted-run.compaction-trigger': '2' },
    commits: [],
  };
  const next = lcg(7);
  const live = new Set<string>();
  const commits: PkCommit[] = [];
  for (let i = 0; i < 6; i++) {
    const rows: Row[] = [];
    const kinds: RowKindText[] = [];
    for (let j = 0; j < 8; j++) {
      const id = next(10);
      const dt = next(2) === 0 ? 'a' : 'b';
      const key = `${id}|${dt}`;
      const kind: RowKindText = live.has(key) ? (['+U', '+U', '-D'] as const)[next(3)]! : '+I';
      if (kind === '-D') live.delete(key);
      else live.add(key);
      rows.push({
        id: BigInt(id),
        dt,
        name: next(4) === 0 ? null : `n${i}-${j}`,
        price: `${next(1000)}.${String(next(100)).padStart(2, '0')}`,
        ts: new Timestamp(1_700_000_000_000 + next(100_000), next(1000) * 1000),
        rk: kind,
      });
      kinds.push(kind);
    }
    commits.push({ rows, kinds });
  }
  return { c, commits, model: dedupModel(c, commits) };
})();

const AGGREGATION: PkCase = (() => {
  const c: InteropCase = {
    name: 'aggregation: sum, max, last_non_null_value',
    table: 'db.pk_agg',
    fields: [
      { name: 'id', type: 'INT NOT NULL' },
      { name: 'cnt', type: 'BIGINT' },
      { name: 'total', type: 'DOUBLE' },
      { name: 'top', type: 'INT' },
      { name: 'last', type: 'STRING' },
    ],
    primaryKeys: ['id'],
    options: {
      bucket: '1',
      'merge-engine': 'aggregation',
      'fields.cnt.aggregate-function': 'sum',
      'fields.total.aggregate-function': 'sum',
      'fields.top.aggregate-function': 'max',
      'num-sorted-run.compaction-trigger': '2',
    },
    commits: [],
  };
  const next = lcg(11);
  const commits: PkCommit[] = Array.from({ length: 5 }, (_, i) => {
    const rows = Array.from({ length: 6 }, (_, j) => ({
      id: next(4),
      cnt: 1n,
      total: next(8) * 0.5,
      top: next(100),
      last: next(3) === 0 ? null : `v${i}-${j}`,
    }));
    return { rows, kinds: rows.map(() => '+I' as const) };
  });
  const model = (n: number) => {
    const m = new Map<number, Row>();
    for (const commit of commits.slice(0, n))
      for (const r of commit.rows) {
        const old = m.get(r.id as number);
        m.set(
          r.id as number,
          old
            ? {
                id: r.id,
                cnt: (old.cnt as bigint) + (r.cnt as bigint),
                total: (old.total as number) + (r.total as number),
                top: Math.max(old.top as number, r.top as number),
                last: r.last ?? old.last,
              }
            : { ...r },
        );
      }
    return [...m.values()];
  };
  return { c, commits, model };
})();

const PARTIAL_UPDATE: PkCase = (() => {
  const c: InteropCase = {
    name: 'partial-update',
    table: 'db.pk_partial',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'a', type: 'STRING' },
      { name: 'b', type: 'INT' },
    ],
    primaryKeys: ['id'],
    options: { bucket: '2', 'merge-engine': 'partial-update' },
    commits: [],
  };
  const commits: PkCommit[] = [
    {
      rows: [
        { id: 1n, a: 'x', b: null },
        { id: 2n, a: null, b: 2 },
      ],
      kinds: ['+I', '+I'],
    },
    {
      rows: [
        { id: 1n, a: null, b: 10 },
        { id: 3n, a: 'z', b: null },
      ],
      kinds: ['+I', '+I'],
    },
    {
      rows: [
        { id: 2n, a: 'y', b: null },
        { id: 1n, a: 'x2', b: null },
      ],
      kinds: ['+I', '+I'],
    },
  ];
  const model = (n: number) => {
    const m = new Map<bigint, Row>();
    for (const commit of commits.slice(0, n))
      for (const r of commit.rows) {
        const old = m.get(r.id as bigint) ?? { id: r.id, a: null, b: null };
        m.set(r.id as bigint, { id: r.id, a: r.a ?? old.a, b: r.b ?? old.b });
      }
    return [...m.values()];
  };
  return { c, commits, model };
})();

function simCatalog(warehouse: string): FileSystemCatalog {
  const catalog = new FileSystemCatalog({ warehouse });
  catalog.createDatabase('db', true);
  return catalog;
}

/** Streams the commits into a new table (identifier = commit number), compacting fully at `fullAt`. */
function simWrite(warehouse: string, k: PkCase, fullAt?: number): FileStoreTable {
  const table = simCatalog(warehouse).createTable(k.c.table, {
    fields: k.c.fields.map((f) => ({ name: f.name, type: f.type })),
    partitionKeys: k.c.partitionKeys ?? [],
    primaryKeys: k.c.primaryKeys ?? [],
    options: k.c.options ?? {},
  });
  streamInto(table, k.commits, 1, fullAt);
  return table;
}

function streamInto(
  table: FileStoreTable,
  commits: readonly PkCommit[],
  firstId: number,
  fullAt?: number,
): void {
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  commits.forEach((commit, i) => {
    commit.rows.forEach((r, j) => {
      write.write([r], commit.kinds[j]!);
    });
    const id = firstId + i;
    if (id === fullAt) compactAll(table, write);
    builder.newCommit().commit(BigInt(id), write.prepareCommit(BigInt(id)));
  });
  write.close();
}

function compactAll(
  table: FileStoreTable,
  write: ReturnType<FileStoreTable['newStreamWriteBuilder']>['newWrite'] extends () => infer W ? W : never,
) {
  const scan = table.newScan();
  const seen = new Set<string>();
  for (const e of table.newReadBuilder().plan()) {
    const values = scan.partitionValues(e.partition);
    const key = `${JSON.stringify(values)}|${e.bucket}`;
    if (seen.has(key)) continue;
    seen.add(key);
    write.compact(values, e.bucket);
  }
}

const expected = (k: PkCase, n: number) => encodeRows(k.c.fields, k.model(n));

describe.each([DEDUP, AGGREGATION, PARTIAL_UPDATE])('primary-key interop: $c.name', (k) => {
  it('A: paimon-sim writes with compaction, pypaimon reads the merged rows at every snapshot', () => {
    const warehouse = join(root, `a-${k.c.table}`);
    const table = simWrite(warehouse, k, 3);
    const snapshots = table.snapshotManager.snapshots();
    expect(snapshots.some((s) => s.commitKind === 'COMPACT')).toBe(true);
    for (const s of snapshots) {
      const read = pypaimonReadPk(warehouse, k.c.table, s.id);
      expect(read.rows, `snapshot ${s.id} (${s.commitKind} ${s.commitIdentifier})`).toEqual(
        expected(k, Number(s.commitIdentifier)),
      );
    }
    const files = pypaimonReadPk(warehouse, k.c.table).files;
    expect(files.some((f) => f.level > 0)).toBe(true);
  });

  it('B: pypaimon writes, paimon-sim reads; then paimon-sim continues the table and pypaimon reads it', () => {
    const warehouse = join(root, `b-${k.c.table}`);
    const split = k.commits.length - 2;
    pypaimonWritePk(warehouse, k.c, k.commits.slice(0, split));
    const table = simCatalog(warehouse).getTable(k.c.table);
    const ids = table.snapshotManager.snapshots().map((s) => s.id);
    expect(ids).toHaveLength(split);
    for (const id of ids) {
      expect(
        encodeRows(k.c.fields, table.newReadBuilder().withSnapshot(id).readRows()),
        `snapshot ${id}`,
      ).toEqual(expected(k, id));
    }
    const before = pypaimonReadPk(warehouse, k.c.table).files;
    streamInto(table, k.commits.slice(split), split + 1, split + 2);
    expect(encodeRows(k.c.fields, table.newReadBuilder().readRows())).toEqual(expected(k, k.commits.length));
    const after = pypaimonReadPk(warehouse, k.c.table);
    expect(after.rows).toEqual(expected(k, k.commits.length));
    // sequence numbers continued from pypaimon's files in every bucket
    for (const f of after.files.filter(
      (x) => x.level === 0 && !before.some((b) => b.fileName === x.fileName),
    )) {
      const old = before.filter((b) => b.bucket === f.bucket);
      if (old.length > 0)
        expect(f.minSequenceNumber).toBeGreaterThan(Math.max(...old.map((b) => b.maxSequenceNumber)));
    }
  });
});

describe('primary-key interop: first-row', () => {
  it('paimon-sim writes and fully compacts; pypaimon (which reads first-row tables above level 0 only) reads the first rows', () => {
    const c: InteropCase = {
      name: 'first-row',
      table: 'db.pk_first',
      fields: [
        { name: 'id', type: 'BIGINT NOT NULL' },
        { name: 'v', type: 'STRING' },
      ],
      primaryKeys: ['id'],
      options: { bucket: '1', 'merge-engine': 'first-row' },
      commits: [],
    };
    const commits: PkCommit[] = [
      {
        rows: [
          { id: 1n, v: 'first' },
          { id: 2n, v: 'b' },
        ],
        kinds: ['+I', '+I'],
      },
      {
        rows: [
          { id: 1n, v: 'second' },
          { id: 3n, v: 'c' },
        ],
        kinds: ['+I', '+I'],
      },
      { rows: [{ id: 2n, v: 'late' }], kinds: ['+I'] },
    ];
    const warehouse = join(root, 'first-row');
    const k: PkCase = { c, commits, model: () => [] };
    simWrite(warehouse, k, 3);
    expect(pypaimonReadPk(warehouse, c.table).rows).toEqual(
      encodeRows(c.fields, [
        { id: 1n, v: 'first' },
        { id: 2n, v: 'b' },
        { id: 3n, v: 'c' },
      ]),
    );
  });
});

describe('primary-key interop: dynamic bucket mode (bucket = -1)', () => {
  const c: InteropCase = {
    name: 'dynamic bucket',
    table: 'db.pk_dynamic',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'v', type: 'STRING' },
      { name: 'rk', type: 'STRING' },
    ],
    primaryKeys: ['id'],
    options: { 'dynamic-bucket.target-row-num': '3', 'rowkind.field': 'rk' },
    commits: [],
  };
  const commit = (ids: number[], tag: string): PkCommit => ({
    rows: ids.map((id) => ({ id: BigInt(id), v: `${tag}${id}`, rk: '+I' })),
    kinds: ids.map(() => '+I' as const),
  });
  const commits = [commit([0, 1, 2, 3, 4], 'a'), commit([3, 4, 5, 6, 7], 'b'), commit([0, 7, 8], 'c')];
  const k: PkCase = { c, commits, model: dedupModel(c, commits) };

  it('paimon-sim writes (index files, several buckets), pypaimon reads', () => {
    const warehouse = join(root, 'dynamic-a');
    simWrite(warehouse, k);
    const read = pypaimonReadPk(warehouse, c.table);
    expect(read.rows).toEqual(expected(k, commits.length));
    expect(new Set(read.files.map((f) => f.bucket)).size).toBeGreaterThan(2);
  });

  it("pypaimon writes, paimon-sim continues with pypaimon's key index (no key lands in two buckets)", () => {
    const warehouse = join(root, 'dynamic-b');
    pypaimonWritePk(warehouse, c, commits.slice(0, 2));
    const table = simCatalog(warehouse).getTable(c.table);
    expect(encodeRows(c.fields, table.newReadBuilder().readRows())).toEqual(expected(k, 2));
    streamInto(table, commits.slice(2), 3);
    const read = pypaimonReadPk(warehouse, c.table);
    expect(read.rows).toEqual(expected(k, commits.length));
  });
});
