/**
 * Primary-key tables against real Paimon Java 1.3.1 (the oracle in java/), with the row kinds Java's API
 * writes directly (+I, -U, +U, -D; no `rowkind.field` column needed):
 *  A. paimon-sim streams commits with compaction → Java reads the merged rows at every snapshot.
 *  B. Java streams commits (one StreamTableWrite, full compaction at one commit) → paimon-sim reads every
 *     snapshot.
 *  C. Mixed histories: Java, then paimon-sim, then Java again on the same table (and the reverse); both read
 *     every snapshot; sequence numbers continue across engines.
 *  D. Dynamic bucket mode: each engine continues the other's key index (no key in two buckets).
 * Expected rows come from a plain model of the deduplicate merge engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { type Row, Timestamp } from '../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import { encodeRows, type InteropCase } from './harness.js';
import { type JavaCommit, JavaOracle, type RowKindText } from './java-harness.js';

const root = mkdtempSync(join(tmpdir(), 'paimon-sim-java-pk-'));
let java: JavaOracle;
beforeAll(() => {
  java = JavaOracle.start();
});
afterAll(async () => {
  await java.close();
  rmSync(root, { recursive: true, force: true });
});

function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const PK: InteropCase = {
  name: 'deduplicate, partitioned, 2 buckets',
  table: 'db.pk',
  fields: [
    { name: 'id', type: 'BIGINT NOT NULL' },
    { name: 'dt', type: 'STRING NOT NULL' },
    { name: 'name', type: 'STRING' },
    { name: 'price', type: 'DECIMAL(10, 2)' },
    { name: 'ts', type: 'TIMESTAMP(6)' },
    { name: 'tags', type: 'ARRAY<STRING>' },
  ],
  partitionKeys: ['dt'],
  primaryKeys: ['id', 'dt'],
  options: { bucket: '2', 'num-sorted-run.compaction-trigger': '3' },
  commits: [],
};

/** Eight commits of +I / +U / -U / -D over 12 keys in 2 partitions (a deterministic generator). */
const COMMITS: JavaCommit[] = (() => {
  const next = lcg(5);
  const live = new Set<string>();
  return Array.from({ length: 8 }, (_, i) => {
    const rows: Row[] = [];
    const kinds: RowKindText[] = [];
    for (let j = 0; j < 7; j++) {
      const id = next(12);
      const dt = next(2) === 0 ? '2024-01-01' : '2024-01-02';
      const key = `${id}|${dt}`;
      const kind: RowKindText = live.has(key) ? (['+U', '+U', '-D', '-U'] as const)[next(4)]! : '+I';
      if (kind === '-D' || kind === '-U') live.delete(key);
      else live.add(key);
      rows.push({
        id: BigInt(id),
        dt,
        name: next(5) === 0 ? null : `n${i}-${j}`,
        price: `${next(100000)}.${String(next(100)).padStart(2, '0')}`,
        ts: new Timestamp(1_700_000_000_000 + next(1_000_000), next(1000) * 1000),
        tags: next(3) === 0 ? null : [`t${i}`, `u${j}`],
      });
      kinds.push(kind);
    }
    return { rows, kinds };
  });
})();

/** The table after the first n commits: the last +I/+U of each key, unless a -D/-U came after it. */
function model(n: number): Row[] {
  const m = new Map<string, Row>();
  for (const c of COMMITS.slice(0, n))
    c.rows.forEach((r, i) => {
      const key = `${r.id}|${r.dt}`;
      if (c.kinds![i] === '-D' || c.kinds![i] === '-U') m.delete(key);
      else m.set(key, r);
    });
  return [...m.values()];
}
const expected = (n: number) => encodeRows(PK.fields, model(n));

function simCatalog(warehouse: string) {
  const catalog = new FileSystemCatalog({ warehouse });
  catalog.createDatabase('db', true);
  return catalog;
}

function simCreate(warehouse: string, c: InteropCase): FileStoreTable {
  return simCatalog(warehouse).createTable(c.table, {
    fields: c.fields.map((f) => ({ name: f.name, type: f.type })),
    partitionKeys: c.partitionKeys ?? [],
    primaryKeys: c.primaryKeys ?? [],
    options: c.options ?? {},
  });
}

/** paimon-sim streams `commits` (identifiers first, first + 1, ...), fully compacting every bucket at `fullAt`. */
function simStream(table: FileStoreTable, commits: readonly JavaCommit[], first: number, fullAt?: number) {
  const builder = table.newStreamWriteBuilder();
  const write = builder.newWrite();
  commits.forEach((commit, i) => {
    commit.rows.forEach((r, j) => {
      write.write([r], commit.kinds?.[j] ?? '+I');
    });
    const id = first + i;
    if (id === fullAt) {
      const scan = table.newScan();
      const seen = new Set<string>();
      for (const e of table.newReadBuilder().plan()) {
        const values = scan.partitionValues(e.partition);
        const key = `${JSON.stringify(values)}|${e.bucket}`;
        if (!seen.has(key)) write.compact(values, e.bucket);
        seen.add(key);
      }
    }
    builder.newCommit().commit(BigInt(id), write.prepareCommit(BigInt(id)));
  });
  write.close();
}

/** Every snapshot read by both engines equals the model at the snapshot's commit identifier. */
async function checkEverySnapshot(warehouse: string, table: string) {
  const sim = new FileSystemCatalog({ warehouse }).getTable(table);
  const snapshots = await java.snapshots(warehouse, table);
  expect(snapshots.map((s) => s.id)).toEqual(sim.snapshotManager.snapshots().map((s) => s.id));
  for (const s of snapshots) {
    const want = expected(Number(s.commitIdentifier));
    const what = `snapshot ${s.id} (${s.commitKind} ${s.commitIdentifier} by ${s.commitUser})`;
    expect((await java.read(warehouse, table, { snapshot: s.id })).rows, `Java, ${what}`).toEqual(want);
    expect(encodeRows(PK.fields, sim.newReadBuilder().withSnapshot(s.id).readRows()), `sim, ${what}`).toEqual(
      want,
    );
  }
  return snapshots;
}

/** Files of the latest snapshot as Java plans them: no two level-0 files of one bucket share sequence numbers. */
async function checkSequenceNumbers(warehouse: string, table: string) {
  const read = await java.read(warehouse, table);
  for (const split of read.splits) {
    const ranges = split.files.map((f) => [f.minSequenceNumber, f.maxSequenceNumber] as const);
    for (const [i, a] of ranges.entries())
      for (const b of ranges.slice(i + 1))
        expect(a[1] < b[0] || b[1] < a[0], `overlapping sequence numbers in ${JSON.stringify(split)}`).toBe(
          true,
        );
  }
  return read;
}

describe('primary-key interop with Paimon Java', () => {
  it('A: paimon-sim streams with compaction; Java reads the merged rows at every snapshot', async () => {
    const warehouse = join(root, 'a');
    simStream(simCreate(warehouse, PK), COMMITS, 1, 4);
    const snapshots = await checkEverySnapshot(warehouse, PK.table);
    expect(snapshots.some((s) => s.commitKind === 'COMPACT')).toBe(true);
    const read = await checkSequenceNumbers(warehouse, PK.table);
    expect(read.splits.some((s) => s.files.some((f) => f.level > 0))).toBe(true);
  });

  it('B: Java streams (full compaction at commit 4); paimon-sim reads the merged rows at every snapshot', async () => {
    const warehouse = join(root, 'b');
    await java.create(warehouse, PK);
    await java.write(
      warehouse,
      PK.table,
      PK.fields,
      COMMITS.map((c, i) => (i === 3 ? { ...c, compact: true } : c)),
      { firstIdentifier: 1 },
    );
    const snapshots = await checkEverySnapshot(warehouse, PK.table);
    expect(snapshots.some((s) => s.commitKind === 'COMPACT')).toBe(true);
    const sim = new FileSystemCatalog({ warehouse }).getTable(PK.table);
    expect(
      sim
        .newReadBuilder()
        .plan()
        .some((e) => e.file.level > 0),
    ).toBe(true);
  });

  it('C: Java, then paimon-sim, then Java on one table: every snapshot reads the same in both', async () => {
    const warehouse = join(root, 'c1');
    await java.create(warehouse, PK);
    await java.write(warehouse, PK.table, PK.fields, COMMITS.slice(0, 3), { firstIdentifier: 1 });
    simStream(new FileSystemCatalog({ warehouse }).getTable(PK.table), COMMITS.slice(3, 6), 4, 5);
    await java.write(
      warehouse,
      PK.table,
      PK.fields,
      COMMITS.slice(6).map((c, i) => (i === 1 ? { ...c, compact: true } : c)),
      { firstIdentifier: 7 },
    );
    const snapshots = await checkEverySnapshot(warehouse, PK.table);
    expect(new Set(snapshots.map((s) => s.commitUser)).size).toBe(3);
    await checkSequenceNumbers(warehouse, PK.table);
  });

  it('C: paimon-sim, then Java, then paimon-sim on one table: every snapshot reads the same in both', async () => {
    const warehouse = join(root, 'c2');
    simStream(simCreate(warehouse, PK), COMMITS.slice(0, 3), 1, 2);
    await java.write(
      warehouse,
      PK.table,
      PK.fields,
      COMMITS.slice(3, 6).map((c, i) => (i === 1 ? { ...c, compact: true } : c)),
      { firstIdentifier: 4 },
    );
    simStream(new FileSystemCatalog({ warehouse }).getTable(PK.table), COMMITS.slice(6), 7, 8);
    const snapshots = await checkEverySnapshot(warehouse, PK.table);
    expect(new Set(snapshots.map((s) => s.commitUser)).size).toBe(3);
    await checkSequenceNumbers(warehouse, PK.table);
  });
});

describe('primary-key interop with Paimon Java: dynamic bucket mode (bucket = -1)', () => {
  const c: InteropCase = {
    name: 'dynamic bucket',
    table: 'db.dyn',
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'v', type: 'STRING' },
    ],
    primaryKeys: ['id'],
    options: { bucket: '-1', 'dynamic-bucket.target-row-num': '3' },
    commits: [],
  };
  const commit = (ids: number[], tag: string): JavaCommit => ({
    rows: ids.map((id) => ({ id: BigInt(id), v: `${tag}${id}` })),
  });
  const commits = [commit([0, 1, 2, 3, 4], 'a'), commit([3, 4, 5, 6, 7], 'b'), commit([0, 7, 8, 9], 'c')];
  const want = () => {
    const m = new Map<bigint, Row>();
    for (const x of commits) for (const r of x.rows) m.set(r.id as bigint, r);
    return encodeRows(c.fields, [...m.values()]);
  };
  /**
   * Both engines read every key once (merging is per bucket, so a key assigned to two buckets would come back
   * twice), spread over several buckets.
   */
  async function checkOneBucketPerKey(warehouse: string) {
    const sim = new FileSystemCatalog({ warehouse }).getTable(c.table);
    expect(encodeRows(c.fields, sim.newReadBuilder().readRows())).toEqual(want());
    const read = await java.read(warehouse, c.table);
    expect(read.rows).toEqual(want());
    expect(new Set(read.splits.map((s) => s.bucket)).size).toBeGreaterThan(1);
  }

  it('Java writes two commits (its bucket assigner), paimon-sim continues with its key index', async () => {
    const warehouse = join(root, 'dyn-a');
    await java.create(warehouse, c);
    await java.write(warehouse, c.table, c.fields, commits.slice(0, 2));
    const table = new FileSystemCatalog({ warehouse }).getTable(c.table);
    const write = table.newBatchWriteBuilder();
    const w = write.newWrite();
    w.write(commits[2]!.rows);
    write.newCommit().commit(w.prepareCommit());
    await checkOneBucketPerKey(warehouse);
  });

  it('paimon-sim writes two commits, Java continues with its key index', async () => {
    const warehouse = join(root, 'dyn-b');
    const table = simCreate(warehouse, c);
    for (const x of commits.slice(0, 2)) {
      const b = table.newBatchWriteBuilder();
      const w = b.newWrite();
      w.write(x.rows);
      b.newCommit().commit(w.prepareCommit());
    }
    await java.write(warehouse, c.table, c.fields, commits.slice(2));
    await checkOneBucketPerKey(warehouse);
  });
});
