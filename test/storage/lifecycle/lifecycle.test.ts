import { describe, expect, it } from 'vitest';
import { FileNotFoundError, InjectedFaultError } from '../../../src/storage/errors.js';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { removeOrphanFiles } from '../../../src/storage/lifecycle/orphan-files.js';
import {
  rollbackToSnapshot,
  rollbackToTag,
  rollbackToTimestamp,
} from '../../../src/storage/lifecycle/rollback.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { batchWrite, createTable, memoryCatalog, sorted } from '../table/helpers.js';

const SCHEMA = {
  fields: [
    { name: 'k', type: 'INT NOT NULL' },
    { name: 'p', type: 'STRING' },
  ],
  partitionKeys: ['p'],
};

/** Five snapshots: appends to a and b, then an overwrite of a (which deletes a's first files), then more. */
function history(options: Record<string, string> = {}) {
  const env = memoryCatalog();
  // write-only: no maintenance after commits, so each test runs expiration itself
  const table = createTable(env.catalog, { ...SCHEMA, options: { 'write-only': 'true', ...options } });
  const states: Row[][] = [];
  const step = (rows: Row[], overwrite?: Record<string, string>) => {
    env.clock.advance(60_000);
    batchWrite(table, rows, overwrite);
    states.push(sorted(table.newReadBuilder().readRows()));
  };
  step([{ k: 1, p: 'a' }]);
  step([{ k: 2, p: 'b' }]);
  step([{ k: 3, p: 'a' }], { p: 'a' });
  step([{ k: 4, p: 'b' }]);
  step([{ k: 5, p: 'a' }]);
  return { ...env, table, states };
}

const dataFiles = (io: { allFiles(): string[] }) => io.allFiles().filter((p) => p.includes('/bucket-'));
const readAt = (table: FileStoreTable, id: number) =>
  sorted(table.newReadBuilder().withSnapshot(id).readRows());

describe('tags', () => {
  it('create, list, rename and delete with Paimon messages', () => {
    const { table } = history();
    const tags = table.tagManager();
    tags.createTag(table.snapshotManager.snapshot(2), 'first', null, false);
    tags.createTag(table.snapshotManager.snapshot(4), 'second', 3_600_000, false);
    expect(tags.tags().map((t) => [t.name, t.snapshot.id, t.tag.tagTimeRetainedMs])).toEqual([
      ['first', 2, null],
      ['second', 4, 3_600_000],
    ]);
    expect(() => tags.createTag(table.snapshotManager.snapshot(3), 'first', null, false)).toThrow(
      "Tag 'first' already exists.",
    );
    tags.createTag(table.snapshotManager.snapshot(3), 'first', null, true); // ignored: still on snapshot 2
    expect(tags.tag('first').snapshot.id).toBe(2);
    expect(() => tags.createTag(table.snapshotManager.snapshot(3), '  ', null, false)).toThrow(
      "Tag name shouldn't be blank.",
    );
    expect(() => tags.createTag(table.snapshotManager.snapshot(3), '123', null, false)).toThrow(
      /pure numeric/,
    );
    tags.renameTag('first', 'renamed');
    expect(tags.tagsOnSnapshot(2)).toEqual(['renamed']);
    expect(() => tags.tag('first')).toThrow("Tag 'first' doesn't exist.");
    expect(tags.deleteTag('renamed')).toBe(true);
    expect(tags.deleteTag('renamed')).toBe(false);
  });
});

describe('snapshot expiration', () => {
  it('keeps num-retained.min snapshots and deletes files only expired snapshots used', () => {
    const { table, io, states } = history({
      'snapshot.num-retained.min': '2',
      'snapshot.time-retained': '1 ms',
    });
    const before = dataFiles(io).length;
    const result = expireSnapshots(table);
    expect(result.expired).toEqual([1, 2, 3]);
    expect(table.snapshotManager.listIds()).toEqual([4, 5]);
    expect(table.snapshotManager.earliestSnapshotId()).toBe(4);
    expect(result.deletedDataFiles).toBe(1); // k=1's file, overwritten in snapshot 3
    expect(dataFiles(io).length).toBe(before - 1);
    expect(readAt(table, 4)).toEqual(states[3]);
    expect(readAt(table, 5)).toEqual(states[4]);
  });

  it('never deletes what a tag can read, and keeps snapshots younger than time-retained', () => {
    const { table, clock, states } = history({
      'snapshot.num-retained.min': '1',
      'snapshot.time-retained': '150 s',
    });
    table.tagManager().createTag(table.snapshotManager.snapshot(1), 'keep', null, false);
    const result = expireSnapshots(table);
    // snapshot 4 was committed 60 s before 5, so with 150 s retention 3..5 are young enough
    expect(result.expired).toEqual([1, 2]);
    expect(sorted(table.newReadBuilder().withTag('keep').readRows())).toEqual(states[0]);
    clock.advance(10 * 60_000);
    expect(expireSnapshots(table).expired).toEqual([3, 4]);
    expect(sorted(table.newReadBuilder().withTag('keep').readRows())).toEqual(states[0]);
    // deleting the tag of an expired snapshot frees what only it needed
    table.tagManager().deleteTag('keep');
    expect(readAt(table, 5)).toEqual(states[4]);
  });

  it('fails, deleting nothing, when a kept snapshot cannot be read (not the files it would keep)', () => {
    // Found by the storage mutation test: with a manifest of the latest snapshot missing, expiration read it
    // "quietly" as empty and deleted data files the latest snapshot still uses.
    const { table, io } = history({ 'snapshot.num-retained.min': '2', 'snapshot.time-retained': '1 ms' });
    const store = table.newManifestStore();
    // The manifest that added k=2 in snapshot 2: snapshots 4 and 5 still read that file.
    const [added] = store.readList(table.snapshotManager.snapshot(2).deltaManifestList);
    expect(
      store.readList(table.snapshotManager.snapshot(5).baseManifestList).map((m) => m.fileName),
    ).toContain(added!.fileName);
    io.delete(table.paths.manifestFile(added!.fileName));
    const before = io.allFiles();
    expect(() => expireSnapshots(table)).toThrow(FileNotFoundError);
    expect(io.allFiles()).toEqual(before);
  });

  it('a crash at any IO step leaves tags and retained snapshots readable; re-running finishes the job', () => {
    const probe = history({ 'snapshot.num-retained.min': '2', 'snapshot.time-retained': '1 ms' });
    probe.table.tagManager().createTag(probe.table.snapshotManager.snapshot(2), 't', null, false);
    let total = 0;
    probe.io.setHook(() => {
      total++;
    });
    expireSnapshots(probe.table);
    probe.io.setHook(undefined);
    for (let crashAt = 0; crashAt < total; crashAt++) {
      const { table, io, states } = history({
        'snapshot.num-retained.min': '2',
        'snapshot.time-retained': '1 ms',
      });
      table.tagManager().createTag(table.snapshotManager.snapshot(2), 't', null, false);
      let n = 0;
      io.setHook(() => {
        if (n++ === crashAt) throw new InjectedFaultError(`op ${crashAt}`);
      });
      expect(() => expireSnapshots(table)).toThrow(InjectedFaultError);
      io.setHook(undefined);
      expect(readAt(table, 5)).toEqual(states[4]);
      expect(sorted(table.newReadBuilder().withTag('t').readRows())).toEqual(states[1]);
      expireSnapshots(table);
      expect(table.snapshotManager.listIds()).toEqual([4, 5]);
      expect(readAt(table, 4)).toEqual(states[3]);
      expect(sorted(table.newReadBuilder().withTag('t').readRows())).toEqual(states[1]);
    }
  });
});

describe('maintenance after commit', () => {
  it('expires snapshots after each commit unless write-only', () => {
    const { table } = history({
      'write-only': 'false',
      'snapshot.num-retained.min': '2',
      'snapshot.time-retained': '1 ms',
    });
    expect(table.snapshotManager.listIds()).toEqual([4, 5]);
  });

  it('creates daily tags by commit time, keeps tag.num-retained-max of them, and ignores other tags', () => {
    const { catalog, clock } = memoryCatalog(); // clock starts at 2023-11-14T22:13:20Z
    const table = createTable(catalog, {
      ...SCHEMA,
      options: { 'tag.automatic-creation': 'process-time', 'tag.num-retained-max': '2' },
    });
    const tags = table.tagManager();
    batchWrite(table, [{ k: 1, p: 'a' }]);
    tags.createTag(table.snapshotManager.latestSnapshot()!, 'savepoint-1', null, false);
    expect(tags.tags().map((t) => t.name)).toEqual(['2023-11-13', 'savepoint-1']);
    clock.advance(3_600_000); // same day: no new tag
    batchWrite(table, [{ k: 2, p: 'a' }]);
    expect(tags.tags().map((t) => t.name)).toEqual(['2023-11-13', 'savepoint-1']);
    clock.advance(24 * 3_600_000);
    batchWrite(table, [{ k: 3, p: 'a' }]);
    clock.advance(24 * 3_600_000);
    batchWrite(table, [{ k: 4, p: 'a' }]);
    expect(tags.tags().map((t) => [t.name, t.snapshot.id])).toEqual([
      ['savepoint-1', 1],
      ['2023-11-14', 3],
      ['2023-11-15', 4],
    ]);
  });

  it('expires tags whose retention passed (tag.default-time-retained) and tags batch writes', () => {
    const { catalog, clock } = memoryCatalog();
    const table = createTable(catalog, {
      ...SCHEMA,
      options: { 'tag.automatic-creation': 'batch', 'tag.default-time-retained': '1 h' },
    });
    const tags = table.tagManager();
    batchWrite(table, [{ k: 1, p: 'a' }]);
    tags.createTag(table.snapshotManager.latestSnapshot()!, 'forever', null, false);
    expect(tags.tags().map((t) => [t.name, t.tag.tagTimeRetainedMs])).toEqual([
      ['batch-write-2023-11-14', 3_600_000],
      ['forever', null],
    ]);
    clock.advance(2 * 3_600_000);
    batchWrite(table, [{ k: 2, p: 'a' }]); // re-tags batch-write-2023-11-15, expires the old one
    expect(tags.tags().map((t) => t.name)).toEqual(['forever', 'batch-write-2023-11-15']);
  });
});

describe('rollback', () => {
  it('to a snapshot: later snapshots and tags go, LATEST moves, ids are reused, data files stay (Paimon >= 1.2)', () => {
    const { table, io, states } = history();
    const tags = table.tagManager();
    tags.createTag(table.snapshotManager.snapshot(2), 'early', null, false);
    tags.createTag(table.snapshotManager.snapshot(4), 'late', null, false);
    const files = dataFiles(io);
    expect(rollbackToSnapshot(table, 2)).toEqual({ previousSnapshotId: 5, currentSnapshotId: 2 });
    expect(table.snapshotManager.listIds()).toEqual([1, 2]);
    expect(tags.tags().map((t) => t.name)).toEqual(['early']);
    expect(sorted(table.newReadBuilder().readRows())).toEqual(states[1]);
    expect(dataFiles(io)).toEqual(files);
    const [next] = batchWrite(table, [{ k: 9, p: 'c' }]);
    expect(next!.id).toBe(3);
  });

  it('to a tag whose snapshot expired re-creates the snapshot file', () => {
    const { table, states } = history({ 'snapshot.num-retained.min': '1', 'snapshot.time-retained': '1 ms' });
    table.tagManager().createTag(table.snapshotManager.snapshot(2), 'sp', null, false);
    expireSnapshots(table);
    expect(table.snapshotManager.snapshotExists(2)).toBe(false);
    rollbackToTag(table, 'sp');
    expect(table.snapshotManager.listIds()).toEqual([2]);
    expect(table.snapshotManager.earliestSnapshotId()).toBe(2);
    expect(sorted(table.newReadBuilder().readRows())).toEqual(states[1]);
  });

  it('by timestamp, and refuses what cannot be done with Paimon messages', () => {
    const { table, states } = history();
    rollbackToTimestamp(table, table.snapshotManager.snapshot(3).timeMillis + 1);
    expect(sorted(table.newReadBuilder().readRows())).toEqual(states[2]);
    expect(() => rollbackToSnapshot(table, 9)).toThrow("Rollback snapshot '9' doesn't exist.");
    expect(() => rollbackToTimestamp(table, 0)).toThrow('count not find snapshot earlier than 0');
    const empty = createTable(memoryCatalog().catalog, SCHEMA);
    expect(() => rollbackToSnapshot(empty, 1)).toThrow('Latest snapshot is null, can not rollback.');
  });

  it('leaves orphans that remove_orphan_files deletes once they are old enough', () => {
    const { table, io, clock, states } = history();
    rollbackToSnapshot(table, 2);
    const referenced = dataFiles(io).filter((p) => !p.includes('p=a') || true);
    expect(removeOrphanFiles(table, clock.nowMs() - 24 * 3_600_000)).toEqual([]);
    clock.advance(2 * 24 * 3_600_000);
    const deleted = removeOrphanFiles(table);
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.every((p) => !p.includes('/snapshot/'))).toBe(true);
    expect(dataFiles(io).length).toBeLessThan(referenced.length);
    expect(sorted(table.newReadBuilder().readRows())).toEqual(states[1]);
    expect(readAt(table, 1)).toEqual(states[0]);
  });
});

describe('time travel', () => {
  it('by snapshot id, tag or timestamp, with methods or scan.* options, and Paimon messages when out of range', () => {
    const { table, states } = history();
    table.tagManager().createTag(table.snapshotManager.snapshot(2), 't2', null, false);
    const at3 = table.snapshotManager.snapshot(3).timeMillis;
    expect(
      sorted(
        table
          .newReadBuilder()
          .withTimestamp(at3 + 1)
          .readRows(),
      ),
    ).toEqual(states[2]);
    expect(
      sorted(
        table
          .copy({ 'scan.timestamp-millis': String(at3) })
          .newReadBuilder()
          .readRows(),
      ),
    ).toEqual(states[2]);
    expect(sorted(table.copy({ 'scan.tag-name': 't2' }).newReadBuilder().readRows())).toEqual(states[1]);
    expect(sorted(table.copy({ 'scan.snapshot-id': '1' }).newReadBuilder().readRows())).toEqual(states[0]);
    expect(() => table.newReadBuilder().withSnapshot(9).readRows()).toThrow(
      'Specified parameter scan.snapshot-id = 9 is not exist, you can set it in range from 1 to 5',
    );
    expect(() => table.newReadBuilder().withTimestamp(0).readRows()).toThrow(
      "There is currently no snapshot earlier than or equal to timestamp [0], the earliest snapshot's timestamp is [1700000060000]",
    );
    expect(() => table.copy({ 'scan.snapshot-id': 'x' })).toThrow(/scan.snapshot-id/);
  });
});

describe('rollback crash safety', () => {
  it('a crash at any IO step of rollback_to a tag leaves every remaining snapshot readable; re-running finishes it', () => {
    const setup = () => {
      const h = history({ 'snapshot.num-retained.min': '2', 'snapshot.time-retained': '1 ms' });
      h.table.tagManager().createTag(h.table.snapshotManager.snapshot(2), 'sp', null, false);
      h.table.tagManager().createTag(h.table.snapshotManager.snapshot(5), 'late', null, false);
      expireSnapshots(h.table); // snapshot 2 now lives only in its tag
      return h;
    };
    const probe = setup();
    let total = 0;
    probe.io.setHook(() => {
      total++;
    });
    rollbackToTag(probe.table, 'sp');
    probe.io.setHook(undefined);
    expect(total).toBeGreaterThan(3);
    for (let crashAt = 0; crashAt < total; crashAt++) {
      const { table, io, states } = setup();
      let n = 0;
      io.setHook(() => {
        if (n++ === crashAt) throw new InjectedFaultError(`op ${crashAt}`);
      });
      expect(() => rollbackToTag(table, 'sp')).toThrow(InjectedFaultError);
      io.setHook(undefined);
      for (const id of table.snapshotManager.listIds()) expect(readAt(table, id)).toEqual(states[id - 1]);
      rollbackToTag(table, 'sp');
      expect(table.snapshotManager.listIds()).toEqual([2]);
      expect(sorted(table.newReadBuilder().readRows())).toEqual(states[1]);
      expect(
        table
          .tagManager()
          .tags()
          .map((t) => t.name),
      ).toEqual(['sp']);
    }
  });
});

describe('lifecycle bad input and concurrency', () => {
  it('tags by snapshot id with Paimon messages; negative retention is rejected', () => {
    const { table } = history({ 'tag.default-time-retained': '30 min' });
    const tags = table.tagManager();
    tags.createTagAt('latest');
    tags.createTagAt('two', 2);
    expect(tags.tags().map((t) => [t.name, t.snapshot.id, t.tag.tagTimeRetainedMs])).toEqual([
      ['two', 2, 1_800_000],
      ['latest', 5, 1_800_000],
    ]);
    expect(() => tags.createTagAt('nine', 9)).toThrow(
      "Cannot create tag because given snapshot #9 doesn't exist.",
    );
    expect(() =>
      createTable(memoryCatalog().catalog, { ...SCHEMA, options: { 'snapshot.time-retained': '-1 h' } }),
    ).toThrow(/snapshot.time-retained/);
    expect(() =>
      createTable(memoryCatalog().catalog, { ...SCHEMA, options: { 'tag.num-retained-max': '0' } }),
    ).toThrow(/tag.num-retained-max/);
  });

  it('two expirations running at once (one inside the other) finish with a consistent table', () => {
    for (let at = 0; at < 40; at += 3) {
      const { table, io, states } = history({
        'snapshot.num-retained.min': '2',
        'snapshot.time-retained': '1 ms',
      });
      table.tagManager().createTag(table.snapshotManager.snapshot(1), 'keep', null, false);
      let n = 0;
      io.setHook(() => {
        if (n++ === at) {
          io.setHook(undefined);
          expireSnapshots(table); // the second process runs to completion in the middle of the first
        }
      });
      expireSnapshots(table);
      io.setHook(undefined);
      expect(table.snapshotManager.listIds()).toEqual([4, 5]);
      expect(readAt(table, 4)).toEqual(states[3]);
      expect(readAt(table, 5)).toEqual(states[4]);
      expect(sorted(table.newReadBuilder().withTag('keep').readRows())).toEqual(states[0]);
    }
  });

  it('creates watermark tags only from snapshots that carry a watermark', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, {
      ...SCHEMA,
      options: { 'tag.automatic-creation': 'watermark', 'tag.creation-period': 'hourly' },
    });
    const stream = table.newStreamWriteBuilder().withCommitUser('job');
    const write = stream.newWrite();
    const commit = stream.newCommit();
    write.write([{ k: 1, p: 'a' }]);
    commit.commit(1n, write.prepareCommit()); // no watermark: no tag
    expect(table.tagManager().tags()).toEqual([]);
    commit.commit(2n, write.prepareCommit(), BigInt(Date.UTC(2024, 0, 2, 10, 30)));
    commit.commit(3n, write.prepareCommit(), BigInt(Date.UTC(2024, 0, 2, 11, 5)));
    commit.commit(4n, write.prepareCommit(), BigInt(Date.UTC(2024, 0, 2, 12, 1)));
    expect(
      table
        .tagManager()
        .tags()
        .map((t) => [t.name, t.snapshot.id]),
    ).toEqual([
      ['2024-01-02 09', 2],
      ['2024-01-02 10', 3],
      ['2024-01-02 11', 4],
    ]);
  });
});
