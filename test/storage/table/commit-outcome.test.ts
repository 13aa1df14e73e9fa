import { describe, expect, it } from 'vitest';
import type { FileIO } from '../../../src/common/io/file-io.js';
import { FileSystemCatalog } from '../../../src/storage/catalog.js';
import { CommitConflictError, InjectedFaultError } from '../../../src/storage/errors.js';
import type { Snapshot } from '../../../src/storage/spec/snapshot.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

const SCHEMA = {
  fields: [
    { name: 'k', type: 'INT NOT NULL' },
    { name: 'p', type: 'STRING' },
  ],
  partitionKeys: ['p'],
};

const keys = (table: FileStoreTable) =>
  table
    .newReadBuilder()
    .readRows()
    .map((r) => r.k as number)
    .sort((a, b) => a - b);

/** One batch commit through the public builder; returns its snapshots and the commit's warnings. */
function batchCommit(table: FileStoreTable, rows: Row[]) {
  const builder = table.newBatchWriteBuilder();
  const write = builder.newWrite();
  write.write(rows);
  const commit = builder.newCommit();
  const snapshots = commit.commit(write.prepareCommit());
  return { snapshots, warnings: commit.lastCommitWarnings() };
}

describe('a commit whose snapshot is claimed has happened', () => {
  it('an unwritable LATEST hint is a warning, not an error: the caller does not retry and write twice', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, SCHEMA);
    batchWrite(table, [{ k: 1, p: 'a' }]);
    io.setHook((op) => {
      if (op.path.endsWith('/snapshot/LATEST') && op.kind.startsWith('writeAtomic'))
        throw new Error('permission denied');
    });
    const { snapshots, warnings } = batchCommit(table, [{ k: 2, p: 'a' }]);
    expect(snapshots.map((s) => s.id)).toEqual([2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ step: 'latest-hint', committedSnapshotIds: [2] });
    expect(warnings[0]!.message).toBe(
      'Committed snapshot(s) [2], but latest-hint failed afterwards: permission denied',
    );
    // the stale hint is verified by readers: the table reads both rows, and the next commit takes id 3
    expect(keys(table)).toEqual([1, 2]);
    const next = batchCommit(table, [{ k: 3, p: 'a' }]);
    expect(next.snapshots.map((s) => s.id)).toEqual([3]);
    io.setHook(undefined);
    expect(keys(catalog.getTable('db.t'))).toEqual([1, 2, 3]);
  });

  it('failing maintenance (expiration, tag creation) is a warning naming the committed snapshot', () => {
    const { catalog, io, clock } = memoryCatalog();
    const table = createTable(catalog, {
      ...SCHEMA,
      options: {
        'snapshot.num-retained.min': '1',
        'snapshot.time-retained': '1 ms',
        'tag.automatic-creation': 'process-time',
      },
    });
    batchWrite(table, [{ k: 1, p: 'a' }]);
    clock.advance(2 * 86_400_000); // snapshot 1 may expire, and a daily tag is due
    io.setHook((op) => {
      const tagWrite = op.path.includes('/tag/') && op.kind !== 'list' && op.kind !== 'read';
      if (op.kind === 'delete' || tagWrite) throw new Error('quota exceeded');
    });
    const { snapshots, warnings } = batchCommit(table, [{ k: 2, p: 'a' }]);
    io.setHook(undefined);
    expect(snapshots.map((s) => s.id)).toEqual([2]);
    expect(warnings.map((w) => [w.step, w.committedSnapshotIds])).toEqual([
      ['tag-auto-creation', [2]],
      ['snapshot-expiration', [2]],
    ]);
    expect(keys(table)).toEqual([1, 2]);
    // the next commit's maintenance does what was left
    const next = batchCommit(table, [{ k: 3, p: 'a' }]);
    expect(next.warnings).toEqual([]);
    expect(table.snapshotManager.earliestSnapshotId()).toBe(2); // snapshot 1 expired now
    expect(
      table
        .tagManager()
        .tags()
        .map((t) => t.snapshot.id),
    ).toContain(2); // a daily tag
  });

  it('a table whose options make expiration throw (retain min > max, e.g. set dynamically) still commits', () => {
    const { catalog } = memoryCatalog();
    createTable(catalog, SCHEMA);
    const table = catalog
      .getTable('db.t')
      .copy({ 'snapshot.num-retained.min': '5', 'snapshot.num-retained.max': '2' });
    const stream = table.newStreamWriteBuilder().withCommitUser('job');
    const write = stream.newWrite();
    const commit = stream.newCommit();
    write.write([{ k: 1, p: 'a' }]);
    expect(commit.commit(1n, write.prepareCommit(1n)).map((s) => s.id)).toEqual([1]);
    expect(commit.lastCommitWarnings().map((w) => [w.step, w.committedSnapshotIds])).toEqual([
      ['snapshot-expiration', [1]],
    ]);
    expect(keys(table)).toEqual([1]);
  });

  it('a simulated crash after the claim is not swallowed (the process is gone)', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, SCHEMA);
    io.setHook((op) => {
      if (op.path.endsWith('/snapshot/LATEST')) throw new InjectedFaultError(op.path);
    });
    expect(() => batchWrite(table, [{ k: 1, p: 'a' }])).toThrow(InjectedFaultError);
    io.setHook(undefined);
    expect(keys(table)).toEqual([1]);
  });

  it('a claim whose outcome is unknown (IO error after the write) is retried and finds its own snapshot', () => {
    const { catalog, io, clock } = memoryCatalog();
    createTable(catalog, SCHEMA);
    let failures = 0;
    // createExclusive writes the snapshot, then reports an error (e.g. a timeout on an object store)
    const flaky = new Proxy(io, {
      get(target, prop, receiver) {
        if (prop === 'createExclusive') {
          return (path: string, data: Uint8Array) => {
            const created = target.createExclusive(path, data);
            if (path.endsWith('/snapshot-2') && failures++ === 0) throw new Error('request timed out');
            return created;
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as FileIO;
    const table = catalog.getTable('db.t');
    batchWrite(table, [{ k: 1, p: 'a' }]);
    const flakyTable = new FileSystemCatalog({ warehouse: '/warehouse', fileIO: flaky, clock }).getTable(
      'db.t',
    );
    const { snapshots } = batchCommit(flakyTable, [{ k: 2, p: 'a' }]);
    expect(failures).toBe(1);
    expect(snapshots.map((s) => s.id)).toEqual([2]); // found, not written again as snapshot 3
    expect(table.snapshotManager.listIds()).toEqual([1, 2]);
    // its manifests were kept: the snapshot reads
    expect(keys(table)).toEqual([1, 2]);
  });
});

describe('APPEND + COMPACT commit whose COMPACT part conflicts', () => {
  it('throws CommitConflictError naming the APPEND snapshot that is in the table', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, SCHEMA);
    batchWrite(table, [{ k: 1, p: 'a' }]);
    const [live] = table.newReadBuilder().plan();
    batchWrite(table, [{ k: 9, p: 'a' }], {}); // another job's overwrite deletes `live`
    // A writer's messages: new rows, and a compaction of `live`, which is gone by now.
    const write = table.newStreamWriteBuilder().newWrite();
    write.write([{ k: 2, p: 'a' }]);
    const [message] = write.prepareCommit(5n);
    const commit = table.newCommit();
    let error: unknown;
    try {
      commit.commit({
        commitUser: 'writer',
        identifier: 5n,
        messages: [{ ...message!, compactBefore: [live!.file] }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommitConflictError);
    const conflict = error as CommitConflictError;
    expect(conflict.committedSnapshotIds).toEqual([3]);
    expect(conflict.message).toMatch(/^File deletion conflicts detected! Give up committing\./);
    expect(conflict.message).toContain(
      'Committed snapshot ids: [3] (APPEND of commit user writer, identifier 5) are in the table although this commit failed',
    );
    const snapshot3: Snapshot = table.snapshotManager.snapshot(3);
    expect([snapshot3.commitKind, snapshot3.commitUser, snapshot3.commitIdentifier]).toEqual([
      'APPEND',
      'writer',
      5n,
    ]);
    expect(sorted(table.newReadBuilder().readRows()).map((r) => r.k)).toEqual([2, 9]);
  });
});
