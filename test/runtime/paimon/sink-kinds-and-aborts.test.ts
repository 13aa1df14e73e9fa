import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../../src/runtime/checkpoint/metadata.js';
import { events, lab } from './scenario-helpers.js';

describe('notifyCheckpointAborted reaches the operators whatever completed since (Flink 1.20)', () => {
  it('a savepoint tagged at the next checkpoint, then expired: the cluster deletes its savepoint tag', () => {
    const l = lab();
    l.topic.appendAll(events(0, 10));
    const job = l.cluster.submit(l.job({ timeoutMs: 500 }));
    l.cluster.run({ until: () => l.snapshots().length >= 1 });
    let savepoint = 0;
    // The source task never acknowledges the savepoint: it can only expire; the committer has snapshotted it.
    l.cluster.faults.dropAck = (id, task) => id === savepoint && task.startsWith('source');
    savepoint = job.triggerSavepoint();
    l.topic.appendAll(events(10, 20));
    // The next checkpoint completes first: its notification commits and tags savepoint-<s>.
    l.cluster.run({ until: () => l.tags().some((t) => t.startsWith(`savepoint-${savepoint}@`)) });
    expect(job.coordinator.latestCompleted).toBeGreaterThan(savepoint);
    l.cluster.run({
      until: () => l.cluster.trace.ofType('checkpoint.abort').some((e) => e.details.id === savepoint),
    });
    // the abort notification (id below the last completed one) is delivered before the next record
    l.cluster.run({ until: () => job.tasks.every((t) => t.mailbox.length === 0) });
    const abort = l.cluster.trace.ofType('checkpoint.abort').find((e) => e.details.id === savepoint)!;
    expect(abort.details.reason).toBe('CHECKPOINT_EXPIRED');
    expect(l.tags()).toEqual([]);
    expect(job.status).toBe('RUNNING');
  });
});

describe('Paimon sink kinds differ in writer state (Paimon 1.3 FlinkSinkBuilder)', () => {
  const writerState = (options: Record<string, string>) => {
    const l = lab(1, options);
    l.topic.appendAll(events(0, 6));
    const job = l.cluster.submit(l.job());
    l.cluster.run({ until: () => l.snapshots().length >= 1 });
    job.stopWithSavepoint();
    l.cluster.run({ until: () => job.status === 'FINISHED' });
    const path = (job.stopResult as { path: string }).path;
    const m = readMetadata(l.cluster.fileIO, path);
    return m.operators.Writer_events!.subtasks.map((s) => Object.keys(s.operator.union));
  };

  it('unaware-bucket append writers keep no state (RowAppendTableSink: NoopStoreSinkWriteState, initial commit user)', () => {
    expect(writerState({})).toEqual([[], []]);
  });

  it('fixed-bucket writers keep the commit user in union state', () => {
    expect(writerState({ bucket: '2', 'bucket-key': 'id' })).toEqual([
      ['commit_user_state'],
      ['commit_user_state'],
    ]);
  });
});
