import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/common/io/file-io.js';
import {
  CatalogError,
  CommitConflictError,
  CorruptFileError,
  DataFileNotFoundError,
  SchemaMismatchError,
} from '../../../src/storage/errors.js';
import { arrowToRows } from '../../../src/storage/format/arrow-rows.js';
import { rowType } from '../../../src/storage/spec/data-types.js';
import { BATCH_COMMIT_IDENTIFIER } from '../../../src/storage/spec/snapshot.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

const ORDERS = {
  fields: [
    { name: 'id', type: 'BIGINT NOT NULL' },
    { name: 'name', type: 'STRING' },
    { name: 'amount', type: 'DECIMAL(10, 2)' },
    { name: 'ts', type: 'TIMESTAMP(3)' },
    { name: 'dt', type: 'STRING' },
  ],
};

function order(id: number, dt: string) {
  return {
    id: BigInt(id),
    name: `n${id}`,
    amount: `${id}.50`,
    ts: new Timestamp(1_700_000_000_000 + id),
    dt,
  };
}

describe('append table: write, commit, read', () => {
  it('reads back what a batch commit wrote, with Paimon snapshot metadata', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    const rows = [order(1, 'a'), order(2, 'b'), { ...order(3, 'a'), name: null }];
    const [snapshot] = batchWrite(table, rows);
    expect(snapshot).toMatchObject({
      id: 1,
      schemaId: 0,
      commitKind: 'APPEND',
      commitIdentifier: BATCH_COMMIT_IDENTIFIER,
      totalRecordCount: 3,
      deltaRecordCount: 3,
    });
    expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted(rows));
    expect(table.snapshotManager.latestSnapshotId()).toBe(1);
  });

  it('accumulates commits and time-travels by snapshot id', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a')]);
    batchWrite(table, [order(2, 'a'), order(3, 'b')]);
    expect(table.newReadBuilder().readRows()).toHaveLength(3);
    expect(table.newReadBuilder().withSnapshot(1).readRows()).toEqual([order(1, 'a')]);
    expect(table.snapshotManager.snapshot(2).totalRecordCount).toBe(3);
  });

  it('an empty batch commit creates no snapshot', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    expect(batchWrite(table, [])).toEqual([]);
    expect(table.snapshotManager.latestSnapshot()).toBeUndefined();
    expect(table.newReadBuilder().readRows()).toEqual([]);
  });

  it('lays files out as <partition>/bucket-<b> and routes fixed buckets by the bucket key', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, {
      ...ORDERS,
      partitionKeys: ['dt'],
      options: { bucket: '3', 'bucket-key': 'id' },
    });
    batchWrite(
      table,
      Array.from({ length: 30 }, (_, i) => order(i, i % 2 === 0 ? 'x y/z' : 'b')),
    );
    const dataFiles = io.allFiles().filter((p) => p.includes('/data-'));
    for (const path of dataFiles)
      expect(path).toMatch(
        /\/warehouse\/db\.db\/t\/dt=(x y%2Fz|b)\/bucket-[0-2]\/data-[0-9a-f-]+-0\.parquet$/,
      );
    expect(new Set(dataFiles.map((p) => p.split('/bucket-')[1]![0])).size).toBeGreaterThan(1);
    // rows of one id always land in the same bucket: the same id written again goes to the same directory
    const plan = table.newReadBuilder().plan();
    expect(plan.every((e) => e.totalBuckets === 3)).toBe(true);
    expect(sorted(table.newReadBuilder().withPartitionFilter({ dt: 'x y/z' }).readRows())).toHaveLength(15);
  });

  it('projects columns and filters partitions', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...ORDERS, partitionKeys: ['dt'] });
    batchWrite(table, [order(1, 'a'), order(2, 'b')]);
    expect(
      table.newReadBuilder().withPartitionFilter({ dt: 'b' }).withProjection(['dt', 'id']).readRows(),
    ).toEqual([{ dt: 'b', id: 2n }]);
    expect(() => table.newReadBuilder().withProjection(['nope']).readRows()).toThrow(
      /'nope' is not in table/,
    );
    expect(() => table.newReadBuilder().withPartitionFilter({ id: 1 }).plan()).toThrow(
      /'id' is not a partition key/,
    );
  });

  it('reads to Arrow straight from Parquet and writes from Arrow', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...ORDERS, partitionKeys: ['dt'] });
    batchWrite(table, [order(1, 'a'), order(2, 'b'), { ...order(3, 'a'), name: null }]);
    const arrow = table.newReadBuilder().withProjection(['id', 'name']).readArrow();
    expect(arrow.numRows).toBe(3);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(sorted(arrowToRows(arrow, rowType(table.rowType.fields.slice(0, 2))))).toEqual(
      sorted(table.newReadBuilder().withProjection(['id', 'name']).readRows()),
    );
    const copy = createTable(catalog, { ...ORDERS, partitionKeys: ['dt'] }, 'db.copy');
    const builder = copy.newBatchWriteBuilder();
    const write = builder.newWrite();
    write.writeArrow(table.newReadBuilder().readArrow());
    builder.newCommit().commit(write.prepareCommit());
    expect(sorted(copy.newReadBuilder().readRows())).toEqual(sorted(table.newReadBuilder().readRows()));
  });
});

describe('INSERT OVERWRITE', () => {
  it('overwrites a static partition only', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...ORDERS, partitionKeys: ['dt'] });
    batchWrite(table, [order(1, 'a'), order(2, 'b')]);
    const [snapshot] = batchWrite(table, [order(3, 'a')], { dt: 'a' });
    expect(snapshot).toMatchObject({ commitKind: 'OVERWRITE', totalRecordCount: 2, deltaRecordCount: 0 });
    expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted([order(3, 'a'), order(2, 'b')]));
    expect(() => batchWrite(table, [order(4, 'b')], { dt: 'a' })).toThrow(
      /does not belong to this partition/,
    );
  });

  it('without a static partition replaces only the partitions written (dynamic-partition-overwrite)', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...ORDERS, partitionKeys: ['dt'] });
    batchWrite(table, [order(1, 'a'), order(2, 'b')]);
    batchWrite(table, [order(5, 'b')], {});
    expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted([order(1, 'a'), order(5, 'b')]));
  });

  it('replaces an unpartitioned table whole', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a'), order(2, 'b')]);
    batchWrite(table, [order(9, 'z')], {});
    expect(table.newReadBuilder().readRows()).toEqual([order(9, 'z')]);
    expect(table.newReadBuilder().withSnapshot(1).readRows()).toHaveLength(2);
  });
});

describe('streaming commits', () => {
  it('keeps the commit user, uses caller identifiers and writes empty snapshots', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    const builder = table.newStreamWriteBuilder().withCommitUser('job-user');
    const write = builder.newWrite();
    const commit = builder.newCommit();
    write.write([order(1, 'a')]);
    commit.commit(1n, write.prepareCommit());
    commit.commit(2n, write.prepareCommit());
    write.write([order(2, 'a')]);
    commit.commit(3n, write.prepareCommit());
    const snapshots = table.snapshotManager.snapshots();
    expect(snapshots.map((s) => [s.id, s.commitUser, s.commitIdentifier, s.deltaRecordCount])).toEqual([
      [1, 'job-user', 1n, 1],
      [2, 'job-user', 2n, 0],
      [3, 'job-user', 3n, 1],
    ]);
    expect(table.snapshotManager.latestSnapshotOfUser('job-user')?.commitIdentifier).toBe(3n);
    // sequence numbers continue within a bucket across flushes
    const files = table
      .newReadBuilder()
      .plan()
      .map((e) => [e.file.minSequenceNumber, e.file.maxSequenceNumber]);
    expect(files).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('continues sequence numbers from the table after a writer of a fixed bucket restarts', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...ORDERS, options: { bucket: '1', 'bucket-key': 'id' } });
    batchWrite(table, [order(1, 'a'), order(2, 'a')]);
    batchWrite(table, [order(3, 'a')]);
    expect(
      table
        .newReadBuilder()
        .plan()
        .map((e) => e.file.minSequenceNumber),
    ).toEqual([0, 2]);
  });

  it('starts every bucket-unaware writer empty, at sequence number 0, without scanning the table', () => {
    // Paimon 1.3 `AppendFileStoreWrite`: "in unaware bucket mode, we need all writers to be empty".
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a'), order(2, 'a')]);
    const reads: string[] = [];
    io.setHook((op) => {
      if (op.kind === 'read') reads.push(op.path);
    });
    batchWrite(table, [order(3, 'a')]);
    io.setHook(undefined);
    expect(
      table
        .newReadBuilder()
        .plan()
        .map((e) => e.file.minSequenceNumber),
    ).toEqual([0, 0]);
    // Only the commit reads manifests (the previous snapshot's lists, to build the next base list): no
    // manifest of data entries is read to open the writer.
    expect(reads.filter((p) => /\/manifest\/manifest-(?!list-)/.test(p))).toEqual([]);
  });
});

describe('conflicts and bad input', () => {
  it("refuses to delete a file that is not in the table, with Paimon's message", () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a')]);
    const [live] = table.newReadBuilder().plan();
    batchWrite(table, [order(2, 'a')], {}); // the overwrite deletes `live`
    const commit = table.newCommit();
    const attempt = () =>
      commit.commit({
        commitUser: 'u',
        identifier: 7n,
        messages: [
          {
            partition: live!.partition,
            bucket: 0,
            totalBuckets: -1,
            newFiles: [],
            deletedFiles: [],
            compactBefore: [live!.file],
            compactAfter: [],
          },
        ],
      });
    expect(attempt).toThrow(CommitConflictError);
    expect(attempt).toThrow(/^File deletion conflicts detected! Give up committing\.\n\nDon't panic!/);
    try {
      attempt();
    } catch (e) {
      expect(((e as Error).cause as Error).message).toBe(
        `Trying to delete file ${live!.file.fileName} for table db.t which is not previously added.`,
      );
    }
  });

  it('refuses to add a file that is already live when append files are checked (recovery)', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a')]);
    const [live] = table.newReadBuilder().plan();
    const message = {
      partition: live!.partition,
      bucket: 0,
      totalBuckets: -1,
      newFiles: [live!.file],
      deletedFiles: [],
      compactBefore: [],
      compactAfter: [],
    };
    expect(() =>
      table
        .newCommit()
        .commit({ commitUser: 'u', identifier: 3n, messages: [message], checkAppendFiles: true }),
    ).toThrow(/File deletion conflicts detected/);
  });

  it('rejects rows that do not fit the schema and bad table definitions', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    expect(() => batchWrite(table, [{ ...order(1, 'a'), id: null }])).toThrow(SchemaMismatchError);
    expect(() =>
      catalog.createTable('db.bad', { fields: [{ name: 'a', type: 'INT' }], partitionKeys: ['b'] }),
    ).toThrow(/should include all partition fields/);
    // Refused at CREATE TABLE, as Paimon's SchemaValidation.validateBucket does (before: at the first write).
    expect(() =>
      catalog.createTable('db.bad', { fields: [{ name: 'a', type: 'INT' }], options: { bucket: '2' } }),
    ).toThrow("You should define a 'bucket-key' for bucketed append mode.");
    expect(catalog.tableExists('db.bad')).toBe(false);
    expect(() => catalog.createTable('db.t', ORDERS)).toThrow(CatalogError);
    expect(() =>
      catalog.createTable('db.x', {
        fields: [{ name: 'a', type: 'INT' }],
        options: { 'file.format': 'csv' },
      }),
    ).toThrow(/file.format/);
  });

  it('names the file when a snapshot is corrupt or a data file is missing', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, ORDERS);
    batchWrite(table, [order(1, 'a')]);
    const [entry] = table.newReadBuilder().plan();
    const dataPath = io.allFiles().find((p) => p.endsWith(entry!.file.fileName))!;
    io.delete(dataPath);
    expect(() => table.newReadBuilder().readRows()).toThrow(new DataFileNotFoundError(dataPath));
    io.writeFile('/warehouse/db.db/t/snapshot/snapshot-1', utf8('{"version": 3, "id": '), true);
    expect(() => table.snapshotManager.snapshot(1)).toThrow(CorruptFileError);
    expect(() => table.snapshotManager.snapshot(1)).toThrow(/snapshot-1/);
  });
});
