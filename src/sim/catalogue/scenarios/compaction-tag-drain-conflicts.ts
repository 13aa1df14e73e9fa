import type { Scenario } from '../../scenario/scenario.js';
import { AUTO_TAG, LOST_EVENTS } from './shared.js';

/**
 * Three more ways restoring goes wrong (see restore-conflicts.ts for the shape): a restored checkpoint whose
 * compaction the table can no longer apply, a savepoint tag name taken by another job, and a drained
 * savepoint resumed. Each twin differs only in what the operator does.
 */

/**
 * `FileStoreCommitImpl.commit` writes a checkpoint as an APPEND snapshot, then a COMPACT snapshot whose
 * conflict check is always on: a compaction deleting files the table no longer has fails with "File deletion
 * conflicts detected! Give up committing." (cause "Trying to delete file … which is not previously added.").
 * Rolled back to an older tag, the newer savepoint's checkpoint is re-committed (identifier above the user's
 * latest) and its compaction names files added after the tag: the APPEND part commits, the COMPACT part
 * fails once, the restart filters the identifier; what was committed between the two savepoints is lost.
 */
function compactionConflict(fixed: boolean): Scenario {
  return {
    name: `compaction-conflict-on-restore${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Rolled back to the restored savepoint's own tag: its checkpoint is already in the table and is skipped, the compaction included."
      : "Rolled back to an older savepoint's tag, then a newer savepoint restored whose checkpoint compacted files committed after that tag: 'File deletion conflicts detected!', one failover, and the orders between the two savepoints are gone from the totals.",
    pipeline: { workload: 'customer-totals-sum', parallelism: 2, checkpointIntervalMs: 30, restarts: 5 },
    // compact after every second sorted run, so the newer savepoint's checkpoint carries a compaction
    table: { options: { ...AUTO_TAG, 'num-sorted-run.compaction-trigger': '2' } },
    steps: [
      { op: 'publish', count: 8 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 8 } },
      { op: 'savepoint', job: 'a', name: 'sp1' },
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'publish', count: 4 },
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'publish', count: 4 },
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'publish', count: 4 },
      { op: 'run', until: { forMs: 10 } },
      { op: 'savepoint', job: 'a', name: 'sp2' },
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'publish', count: 6 },
      { op: 'run', until: { allCommitted: true } },
      { op: 'cancel', job: 'a' },
      { op: 'rollback-to', savepointTag: fixed ? 'sp2' : 'sp1' },
      { op: 'start', job: 'b', restore: { savepoint: 'sp2' } },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
    ],
    ...(fixed
      ? {}
      : {
          expect: { failure: 'File deletion conflicts detected! Give up committing.', verdicts: LOST_EVENTS },
        }),
  };
}

/**
 * Savepoint tags are named by checkpoint id only (`savepoint-<id>`), and the auto-tag operator skips a name
 * that exists (`AutoTagForSavepointCommitterOperator.createTagForIdentifiers`, `ignoreIfExists`, Paimon
 * 1.3.1). A job started without state counts checkpoints from 1 again (Flink `CheckpointIDCounter`), so its
 * savepoint can share the id of an older job's tagged savepoint: the tag stays on the older job's snapshot.
 */
function tagNameCollision(fixed: boolean): Scenario {
  return {
    name: `savepoint-tag-name-collision${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Before the new job's first savepoint, the operator deletes the old job's savepoint tags: the new job's savepoint gets its own tag, and the rollback to it is exact."
      : "A new job (started without state, its own commit user) takes a savepoint with the id of the old job's savepoint: 'savepoint-<id>' already exists and keeps pointing to the old job's snapshot. Rolling back to it throws away the new job's commits, which the restore does not read again.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 3 },
    table: { options: AUTO_TAG },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { checkpoints: 3, job: 'a' } },
      // rows in flight at the barrier: the savepoint's checkpoint commits, so it is tagged
      { op: 'publish', count: 4 },
      { op: 'run', until: { forMs: 5 } },
      { op: 'savepoint', job: 'a', name: 'old' },
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'cancel', job: 'a' },
      ...(fixed ? [{ op: 'delete-tag', savepointTag: 'old' } as const] : []),
      { op: 'publish', count: 8, topic: 'other' },
      { op: 'start', job: 'b', topic: 'other' },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
      { op: 'publish', count: 4, topic: 'other' },
      { op: 'run', until: { forMs: 5 } },
      { op: 'savepoint', job: 'b', name: 'sp' },
      { op: 'run', until: { checkpoints: 1, job: 'b' } },
      { op: 'publish', count: 6, topic: 'other' },
      { op: 'run', until: { allCommitted: true } },
      { op: 'cancel', job: 'b' },
      { op: 'rollback-to', savepointTag: 'sp' },
      { op: 'start', job: 'c', topic: 'other', restore: { savepoint: 'sp' } },
      { op: 'run', until: { checkpoints: 3, job: 'c' } },
    ],
    ...(fixed ? {} : { expect: { verdicts: LOST_EVENTS } }),
  };
}

/**
 * `stop --drain` ends the sources first: Paimon's writers flush at `endInput` and the last commit carries
 * identifier Long.MAX_VALUE (no `savepoint-<id>` tag). Flink 1.20 still resumes such a savepoint normally
 * (its operators are not recorded as finished: `DefaultCheckpointPlan` marks only vertices whose tasks were
 * FINISHED when the checkpoint was triggered, and a stop-with-savepoint's tasks finish after it), so the
 * sources read on. Until the resumed job commits once, `filterCommitted` compares with Long.MAX_VALUE: a
 * failover in that window skips the restored checkpoint as committed.
 */
function drainedResume(fixed: boolean): Scenario {
  return {
    name: `resume-drained-savepoint${fixed ? '-fixed' : ''}`,
    description: fixed
      ? 'Stopped with a savepoint without --drain: the last commit carries the savepoint id, and a failover before the first new commit re-commits the restored checkpoint.'
      : "Stopped with --drain, then resumed: the table's last commit has identifier Long.MAX_VALUE, the resumed job's first checkpoint completes but the job fails before committing it, and the failover skips it as already committed: its events are lost.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 5 },
    table: { options: AUTO_TAG },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'publish', count: 4 },
      { op: 'run', until: { forMs: 10 } },
      { op: 'stop-with-savepoint', job: 'a', name: 'sp', ...(fixed ? {} : { drain: true }) },
      { op: 'publish', count: 6 },
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
      { op: 'heal' },
      { op: 'run', until: { forMs: 300 } },
    ],
    faults: {
      kind: 'script',
      // savepoint 3 restored: b's first checkpoint is 4; the committer fails before it commits it
      faults: [{ point: 'task.before-notify-complete', task: 'Global Committer', checkpoint: 4, hit: 1 }],
    },
    ...(fixed ? {} : { expect: { verdicts: LOST_EVENTS } }),
  };
}

export const COMPACTION_TAG_DRAIN_CONFLICTS: readonly (readonly [Scenario, Scenario])[] = [
  [compactionConflict(false), compactionConflict(true)],
  [tagNameCollision(false), tagNameCollision(true)],
  [drainedResume(false), drainedResume(true)],
];
