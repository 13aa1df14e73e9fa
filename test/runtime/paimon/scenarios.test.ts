import { describe, expect, it } from 'vitest';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { removeOrphanFiles } from '../../../src/storage/lifecycle/orphan-files.js';
import { rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import { events, ids, lab, range } from './scenario-helpers.js';

const savedPath = (job: { stopResult: unknown }) => (job.stopResult as { path: string }).path;

describe('Paimon sink: the savepoint scenarios (paimon-flink-sink.md §11)', () => {
  it('1. checkpoints 1..k commit APPEND snapshots with identifiers 1..k by one user', () => {
    const l = lab();
    l.topic.appendAll(events(0, 10));
    const job = l.cluster.submit(l.job());
    l.cluster.run({ until: () => job.coordinator.latestCompleted >= 3 });
    l.cluster.run({ until: () => l.snapshots().length >= 3 });
    const snaps = l.snapshots();
    expect(snaps.slice(0, 3).map((s) => [s[1], s[3]])).toEqual([
      ['APPEND', '1'],
      ['APPEND', '2'],
      ['APPEND', '3'],
    ]);
    expect(new Set(snaps.map((s) => s[2])).size).toBe(1);
    expect(ids(l.rows())).toEqual(range(0, 10));
  });

  it('2. failure after a checkpoint completed but before its commit: committed on restore, one intentional failover, exactly once', () => {
    const l = lab();
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
    expect(failures).toEqual([
      'injected failure',
      'This exception is intentionally thrown after committing the restored checkpoints. By restarting the job we hope that writers can start writing based on these new commits.',
    ]);
    expect(job.status).toBe('RUNNING');
    expect(ids(l.rows())).toEqual(range(0, 20));
    expect(l.snapshots().some((s) => s[3] === String(k))).toBe(true);
  });

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

  it('6. savepoint then cancel before the next checkpoint: restore commits it (and tags it), one intentional failover', () => {
    const l = lab();
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
    expect(l.cluster.trace.ofType('task.failure').map((e) => e.details.error)).toEqual([
      'This exception is intentionally thrown after committing the restored checkpoints. By restarting the job we hope that writers can start writing based on these new commits.',
    ]);
    expect(l.tags()).toEqual([`savepoint-${s}@1`]);
    expect(ids(l.rows())).toEqual(range(0, 10));
  });

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
    l.cluster.clock.advance(2 * 24 * 3_600_000);
    removeOrphanFiles(l.catalog.getTable('db.events'));
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
});
