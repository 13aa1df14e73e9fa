import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileIO } from '../../../src/common/io/file-io.js';
import { LocalFileIO } from '../../../src/common/io/local-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { removeOrphanFiles } from '../../../src/storage/lifecycle/orphan-files.js';
import { rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import { rooted } from './pk-helpers.js';
import { events, ids, lab as makeLab, range } from './scenario-helpers.js';

const savedPath = (job: { stopResult: unknown }) => (job.stopResult as { path: string }).path;

/** Scenarios run on both FileIOs: the in-memory one and the real disk (under a temp directory). */
const fileSystems: [string, () => FileIO | undefined][] = [
  ['MemoryFileIO', () => undefined],
  [
    'LocalFileIO',
    () => rooted(new LocalFileIO(new SeededRandom(9)), mkdtempSync(join(tmpdir(), 'paimon-sim-scenario-'))),
  ],
];

const INTENTIONAL =
  'This exception is intentionally thrown after committing the restored checkpoints. By restarting the job we hope that writers can start writing based on these new commits.';

/**
 * The sink Paimon 1.3 builds depends on the bucket mode (`FlinkSinkBuilder.build`): a fixed-bucket append table
 * gets `FixedBucketSink` (`RestoreAndFailCommittableStateManager`: one intentional failover after re-committing);
 * an unaware-bucket append table (`bucket` = -1, the default without a primary key) gets `RowAppendTableSink`,
 * whose `RestoreCommittableStateManager` re-commits and goes on.
 */
const tableKinds: [string, Record<string, string>, string[]][] = [
  ['unaware-bucket append table: re-commit, no failover', {}, []],
  [
    'fixed-bucket append table: re-commit, then one intentional failover',
    { bucket: '2', 'bucket-key': 'id' },
    [INTENTIONAL],
  ],
];

describe.each(fileSystems)(
  'Paimon sink: the savepoint scenarios (paimon-flink-sink.md §11) on %s',
  (_name, fileIO) => {
    const lab = (seed = 1, options: Record<string, string> = {}) => makeLab(seed, options, fileIO());

    it('1. checkpoints 1..k commit APPEND snapshots with identifiers 1..k by one user', () => {
      const l = lab();
      const job = l.cluster.submit(l.job());
      // New data before every checkpoint keeps the writers open (idle writers close and stop committing).
      for (let k = 1; k <= 3; k++) {
        l.topic.appendAll(events((k - 1) * 10, k * 10));
        l.cluster.run({ until: () => job.coordinator.latestCompleted >= k, maxSteps: 100_000 });
      }
      l.cluster.run({ until: () => job.tasks.every((t) => t.mailbox.length === 0), maxSteps: 100_000 });
      const snaps = l.snapshots();
      expect(snaps.slice(0, 3).map((s) => [s[1], s[3]])).toEqual([
        ['APPEND', '1'],
        ['APPEND', '2'],
        ['APPEND', '3'],
      ]);
      expect(new Set(snaps.map((s) => s[2])).size).toBe(1);
      expect(ids(l.rows())).toEqual(range(0, 30));
    });

    it.each(tableKinds)(
      '2. failure after a checkpoint completed but before its commit: committed on restore, exactly once (%s)',
      (_kind, options, intentional) => {
        const l = lab(1, options);
        l.topic.appendAll(events(0, 10));
        const job = l.cluster.submit(l.job());
        l.cluster.run({ until: () => job.coordinator.latestCompleted >= 1 && l.snapshots().length >= 1 });
        // the notification of the next checkpoint never reaches the committer; then a task crashes
        l.cluster.faults.dropNotification = (id, task) =>
          task.startsWith('Global Committer') && id === job.coordinator.latestCompleted + 1;
        const k = job.coordinator.latestCompleted + 1;
        l.topic.appendAll(events(10, 20));
        l.cluster.run({ until: () => job.coordinator.latestCompleted >= k });
        l.cluster.faults.dropNotification = undefined;
        job.failTask('source', 0);
        l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
        const failures = l.cluster.trace.ofType('task.failure').map((e) => e.details.error);
        expect(failures).toEqual(['injected failure', ...intentional]);
        expect(job.status).toBe('RUNNING');
        expect(ids(l.rows())).toEqual(range(0, 20));
        expect(l.snapshots().some((s) => s[3] === String(k))).toBe(true);
      },
    );

    it('3. failure after the commit succeeded: restored committables are filtered, no extra failover', () => {
      const l = lab();
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => l.snapshots().length >= 2 });
      job.failTask('source', 1);
      l.topic.appendAll(events(10, 14));
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
      expect(l.cluster.trace.ofType('task.failure')).toHaveLength(1);
      expect(ids(l.rows())).toEqual(range(0, 14));
    });

    it('5. stop-with-savepoint commits and tags before stopping; restoring it: no failover, no duplicates', () => {
      const l = lab();
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => l.snapshots().length >= 1 });
      const s = job.stopWithSavepoint();
      l.cluster.run({ until: () => job.status === 'FINISHED' });
      expect(l.tags()).toContain(`savepoint-${s}@${l.snapshots().at(-1)![0]}`);
      expect(l.snapshots().at(-1)![3]).toBe(String(s));
      l.topic.appendAll(events(10, 15));
      const resumed = l.cluster.submit(l.job(), { restoreFrom: savedPath(job) });
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
      expect(l.cluster.trace.ofType('task.failure')).toHaveLength(0);
      expect(resumed.status).toBe('RUNNING');
      expect(ids(l.rows())).toEqual(range(0, 15));
      expect(new Set(l.snapshots().map((x) => x[2])).size).toBe(1); // the restored job kept the commit user
    });

    it.each(tableKinds)(
      '6. savepoint then cancel before the next checkpoint: restore commits it (and tags it) (%s)',
      (_kind, options, intentional) => {
        const l = lab(1, options);
        l.topic.appendAll(events(0, 10));
        const job = l.cluster.submit(l.job({ intervalMs: 1_000_000 }));
        l.cluster.run({ maxSteps: 60 });
        let path = '';
        const s = job.triggerSavepoint((r) => {
          path = r.path;
        });
        l.cluster.run({ until: () => path !== '' });
        job.cancel();
        expect(l.snapshots()).toEqual([]); // intermediate savepoints commit nothing by themselves
        l.cluster.submit(l.job(), { restoreFrom: path });
        l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
        expect(l.cluster.trace.ofType('task.failure').map((e) => e.details.error)).toEqual(intentional);
        expect(l.tags()).toEqual([`savepoint-${s}@1`]);
        expect(ids(l.rows())).toEqual(range(0, 10));
      },
    );

    it('4 + 7. restoring an OLD savepoint without rollback: no error, duplicates, identifiers restart at s+1', () => {
      const l = lab();
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => l.snapshots().length >= 1 });
      let path = '';
      const s = job.triggerSavepoint((r) => {
        path = r.path;
      });
      l.topic.appendAll(events(10, 20));
      l.cluster.run({ until: () => path !== '' && job.coordinator.latestCompleted > s });
      // 4: the intermediate savepoint's tag appears at the next checkpoint's notification
      l.cluster.run({ until: () => l.tags().some((t) => t.startsWith(`savepoint-${s}@`)) });
      l.cluster.run({ until: () => ids(l.rows()).length === 20 });
      const m = l.snapshots().at(-1)![3];
      job.cancel();
      l.cluster.submit(l.job(), { restoreFrom: path });
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
      expect(l.cluster.trace.ofType('task.failure')).toHaveLength(0);
      const rows = ids(l.rows());
      expect(rows.length).toBeGreaterThan(20); // replayed records appended again
      expect(new Set(rows)).toEqual(new Set(range(0, 20)));
      const identifiers = l.snapshots().map((x) => BigInt(x[3]));
      const firstNew = identifiers.findIndex((id, i) => i > 0 && id <= identifiers[i - 1]!);
      expect(firstNew).toBeGreaterThan(0); // not monotonic: restarted at s + 1
      expect(identifiers[firstNew]).toBe(BigInt(s) + 1n);
      expect(BigInt(m)).toBeGreaterThan(BigInt(s));
    });

    it('9. rollback_to savepoint-s then restore s: exactly the table at s, later snapshots and tags gone, no duplicates', () => {
      const l = lab();
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => l.snapshots().length >= 1 });
      let path = '';
      const s = job.triggerSavepoint((r) => {
        path = r.path;
      });
      l.topic.appendAll(events(10, 20));
      l.cluster.run({ until: () => path !== '' && l.tags().some((t) => t.startsWith(`savepoint-${s}@`)) });
      l.cluster.run({ until: () => ids(l.rows()).length === 20 });
      job.cancel();
      rollbackToTag(l.catalog.getTable('db.events'), `savepoint-${s}`);
      const atSavepoint = ids(l.rows());
      expect(l.snapshots().at(-1)![3]).toBe(String(s));
      l.cluster.submit(l.job(), { restoreFrom: path });
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
      expect(l.cluster.trace.ofType('task.failure')).toHaveLength(0);
      expect(ids(l.rows())).toEqual(range(0, 20));
      expect(atSavepoint.every((id) => id < 20)).toBe(true);
    });

    it('11. stop-with-savepoint --drain: the final commit has identifier Long.MAX_VALUE and no savepoint tag', () => {
      const l = lab();
      l.topic.appendAll(events(0, 6));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => l.snapshots().length >= 1 });
      job.stopWithSavepoint(true);
      l.cluster.run({ until: () => job.status === 'FINISHED' });
      expect(l.snapshots().at(-1)![3]).toBe('9223372036854775807');
      expect(l.tags()).toEqual([]);
      expect(ids(l.rows())).toEqual(range(0, 6));
    });

    it('8. an old savepoint whose uncommitted files were cleaned away: "Cannot recover from this checkpoint…" on every restart', () => {
      const l = lab(1, { 'snapshot.num-retained.min': '1', 'snapshot.time-retained': '1 ms' });
      l.topic.appendAll(events(0, 10));
      const job = l.cluster.submit(l.job({ intervalMs: 1_000_000 }));
      l.cluster.run({ maxSteps: 60 });
      let path = '';
      job.triggerSavepoint((r) => {
        path = r.path;
      });
      l.cluster.run({ until: () => path !== '' });
      job.cancel(); // savepoint committed nothing: its files are orphans
      const other = l.cluster.submit(l.job()); // another job (new user, from scratch) writes the table meanwhile
      l.cluster.run({ until: () => l.snapshots().length >= 1 });
      other.cancel();
      expireSnapshots(l.catalog.getTable('db.events'));
      // every unreferenced file, whatever its age (on the real disk, modification times are wall-clock times)
      removeOrphanFiles(l.catalog.getTable('db.events'), Number.MAX_SAFE_INTEGER);
      const restored = l.cluster.submit(l.job({ restarts: 2 }), { restoreFrom: path });
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
      expect(restored.status).toBe('FAILED');
      const errors = l.cluster.trace.ofType('task.failure').map((e) => String(e.details.error));
      expect(errors).toHaveLength(3);
      for (const e of errors)
        expect(e).toBe(
          'Cannot recover from this checkpoint because some files in the snapshot that need to be resubmitted have been deleted:',
        );
    });

    it('10. savepoint tags never expire without tag.default-time-retained; with it they do', () => {
      for (const retained of [undefined, '1 min']) {
        const l = lab(1, retained ? { 'tag.default-time-retained': retained } : {});
        l.topic.appendAll(events(0, 4));
        const job = l.cluster.submit(l.job());
        l.cluster.run({ until: () => l.snapshots().length >= 1 });
        job.stopWithSavepoint();
        l.cluster.run({ until: () => job.status === 'FINISHED' });
        expect(l.tags()).toHaveLength(1);
        l.cluster.clock.advance(10 * 60_000);
        const next = l.cluster.submit(l.job(), { restoreFrom: savedPath(job) });
        l.topic.appendAll(events(4, 6));
        l.cluster.run({ until: () => ids(l.rows()).length === 6 });
        next.cancel();
        expect(l.tags()).toHaveLength(retained ? 0 : 1); // expired by the maintenance after a commit
      }
    });

    it.each(tableKinds)(
      '12. rollback to an OLDER tag then restore a NEWER savepoint: its committable is re-committed on top, data in between is missing (%s)',
      (_kind, options, intentional) => {
        const l = lab(1, options);
        l.topic.appendAll(events(0, 5));
        const job = l.cluster.submit(l.job());
        let first = '';
        let second = '';
        l.cluster.run({ until: () => ids(l.rows()).length === 5 });
        const t = job.triggerSavepoint((r) => {
          first = r.path;
        });
        l.cluster.run({ until: () => first !== '' && l.tags().length === 1 });
        l.topic.appendAll(events(5, 10));
        l.cluster.run({ until: () => ids(l.rows()).length === 10 });
        l.topic.appendAll(events(10, 15));
        job.triggerSavepoint((r) => {
          second = r.path;
        });
        l.cluster.run({ until: () => second !== '' });
        job.cancel(); // the newer savepoint's own committable was never committed
        rollbackToTag(l.catalog.getTable('db.events'), `savepoint-${t}`);
        l.cluster.submit(l.job(), { restoreFrom: second });
        l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 1_000 });
        expect(l.cluster.trace.ofType('task.failure').map((e) => e.details.error)).toEqual(intentional);
        const got = new Set(ids(l.rows()));
        expect(range(0, 5).every((i) => got.has(i))).toBe(true);
        expect(range(5, 15).some((i) => !got.has(i))).toBe(true); // committed between the tag and the savepoint: lost
      },
    );

    it('13. idle writers: an unaware-bucket append table gets one empty snapshot after the last data, then none', () => {
      const l = lab();
      l.topic.appendAll(events(0, 4));
      const job = l.cluster.submit(l.job());
      l.cluster.run({ until: () => ids(l.rows()).length === 4 });
      const withData = l.snapshots().length;
      l.cluster.run({ until: () => job.coordinator.latestCompleted >= 8 });
      const after = l.snapshots().slice(withData);
      const table = l.catalog.getTable('db.events');
      const deltas = after.map(([id]) => table.snapshotManager.snapshot(id).deltaRecordCount);
      expect(deltas.every((d) => d === 0)).toBe(true);
      expect(after.length).toBeLessThanOrEqual(2); // writers close once idle, so checkpoints stop producing snapshots
    });
  },
);

describe('Paimon committer in isolation', () => {
  it('4b. a savepoint tagged at the next checkpoint, then declined: the tag is deleted', async () => {
    const { OperatorTestHarness } = await import('../../../src/runtime/index.js');
    const { PaimonCommitterOperator } = await import(
      '../../../src/runtime/connectors/paimon/committer-operator.js'
    );
    const { PaimonWriterOperator } = await import(
      '../../../src/runtime/connectors/paimon/writer-operator.js'
    );
    const l = makeLab();
    const open = () => l.catalog.getTable('db.events');
    const writer = new OperatorTestHarness(new PaimonWriterOperator(open, 'user-1')).initializeState();
    const committer = new OperatorTestHarness(
      new PaimonCommitterOperator(open, 'user-1', true),
    ).initializeState();
    const step = (id: number, kind: 'checkpoint' | 'savepoint', rows: number[]) => {
      for (const i of rows) writer.processElement({ id: BigInt(i), v: `e${i}` });
      writer.snapshot(id, kind);
      for (const c of writer.output.splice(0)) committer.processElement(c.value);
      committer.snapshot(id, kind);
    };
    step(1, 'savepoint', [1, 2]);
    step(2, 'checkpoint', [3]);
    committer.notifyOfCompletedCheckpoint(2); // commits 1 and 2, tags savepoint-1
    expect(l.tags()).toEqual(['savepoint-1@1']);
    committer.notifyOfAbortedCheckpoint(1);
    expect(l.tags()).toEqual([]);
    expect(l.snapshots().map((x) => x[3])).toEqual(['1', '2']);
  });

  it('refuses parallelism > 1 and repeated checkpoint files with Paimon messages', async () => {
    const { OperatorTestHarness } = await import('../../../src/runtime/index.js');
    const { PaimonCommitterOperator } = await import(
      '../../../src/runtime/connectors/paimon/committer-operator.js'
    );
    const l = makeLab();
    const open = () => l.catalog.getTable('db.events');
    expect(() =>
      new OperatorTestHarness(new PaimonCommitterOperator(open, 'u', false), {
        parallelism: 2,
      }).initializeState(),
    ).toThrow('Committer Operator parallelism in paimon MUST be one.');
    const committer = new OperatorTestHarness(
      new PaimonCommitterOperator(open, 'u', false),
    ).initializeState();
    const message = {
      partition: new Uint8Array(12),
      bucket: 0,
      totalBuckets: -1,
      newFiles: [],
      deletedFiles: [],
      compactBefore: [],
      compactAfter: [],
    };
    committer.processElement({ checkpointId: 1n, message });
    committer.snapshot(1);
    committer.processElement({ checkpointId: 1n, message });
    expect(() => committer.snapshot(2)).toThrow(
      /^Repeatedly commit the same checkpoint files\. \nThe previous files is/,
    );
  });
});
