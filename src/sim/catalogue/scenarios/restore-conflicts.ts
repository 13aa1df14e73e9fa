import type { Scenario } from '../../scenario/scenario.js';
import type { Step } from '../../scenario/steps.js';
import { AUTO_TAG } from './shared.js';

/**
 * Ways restoring a savepoint goes wrong, each derived from one of Paimon's or Flink's rules, and each with a
 * fixed twin (`-fixed`) that differs only in what the operator does. The conflict scenarios state the
 * verdicts the checkers must give; the twins expect every checker to pass.
 */

/** Job `b` restores savepoint `sp` and checkpoints twice. */
const RESTORE_SP_IN_B: Step[] = [
  { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
  { op: 'run', until: { checkpoints: 2, job: 'b' } },
];

/** No `savepoint-<id>` tag to roll back to: the rollback fails and the restore replays what the table has. */
const REPLAYED_WITHOUT_TAG = {
  failure: "doesn't exist",
  verdicts: { 'exactly-once': 'fail', 'no-duplicates': 'fail', 'commit-identifiers': 'fail' },
} as const;

/** A job `a` commits 10 events, takes savepoint `sp` (tagged at the next checkpoint), commits 10 more. */
const savepointThenMore = (extra: Step[] = []): Step[] => [
  { op: 'publish', count: 10 },
  { op: 'start', job: 'a' },
  { op: 'run', until: { committed: 10 } },
  { op: 'publish', count: 4 },
  { op: 'savepoint', job: 'a', name: 'sp' },
  { op: 'run', until: { checkpoints: 1, job: 'a' } },
  ...extra,
  { op: 'publish', count: 10 },
  { op: 'run', until: { allCommitted: true } },
  { op: 'cancel', job: 'a' },
];

/**
 * Filtering uses the newest snapshot of the commit user (`FileStoreCommitImpl.filterCommitted`), and a restored
 * job's identifiers restart at savepoint id + 1 (Flink `CheckpointCoordinator.restoreSavepoint`). Until the
 * restored job commits once, its checkpoints look "already committed": a failover in that window drops them.
 */
function identifiersBackwards(fixed: boolean): Scenario {
  return {
    name: `identifiers-backwards${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Rolled back to the savepoint's tag first: the restored job's checkpoints are above the user's latest identifier, and a failover re-commits them."
      : "Restored as is: the restored job's identifiers start below the table's; its first checkpoint completes but the job fails before committing it, and the failover skips it as already committed: the events it carried are lost.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 5 },
    table: { options: AUTO_TAG },
    steps: [
      ...savepointThenMore([{ op: 'run', until: { checkpoints: 8, job: 'a' } }]),
      ...(fixed ? [{ op: 'rollback-to', savepointTag: 'sp' } as const] : []),
      { op: 'publish', count: 6 },
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
      { op: 'heal' },
      { op: 'run', until: { forMs: 300 } },
    ],
    faults: {
      kind: 'script',
      // savepoint 2 restored: b's first checkpoint is 3, whose notification job a received long before
      faults: [{ point: 'task.before-notify-complete', task: 'Global Committer', checkpoint: 3, hit: 2 }],
    },
    ...(fixed
      ? {}
      : {
          expect: {
            verdicts: {
              'exactly-once': 'fail',
              'no-loss': 'fail',
              liveness: 'fail',
              'bounded-waits': 'fail',
            },
          },
        }),
  };
}

/**
 * `checkFilesExistence` (Paimon >= 0.6): a restored committable that the table lacks is re-committed only if
 * its files exist. Files of a savepoint that was never committed are orphans, and `remove_orphan_files`
 * deletes them.
 */
function deletedFiles(fixed: boolean): Scenario {
  return {
    name: `cannot-recover-deleted-files${fixed ? '-fixed' : ''}`,
    description: fixed
      ? 'The savepoint is restored before anyone cleans orphan files: its uncommitted files are committed on restore (one intentional failover).'
      : "The job is cancelled before the savepoint's checkpoint is committed, then remove_orphan_files deletes its files: the restore fails on every attempt with 'Cannot recover from this checkpoint'.",
    pipeline: { workload: 'keyed-upserts', parallelism: 2, checkpointIntervalMs: 1000, restarts: 100 },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'publish', count: 6 },
      { op: 'run', until: { forMs: 50 } },
      { op: 'savepoint', job: 'a', name: 'sp' },
      { op: 'cancel', job: 'a' },
      ...(fixed ? [] : [{ op: 'remove-orphan-files' } as const]),
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      { op: 'run', until: { forMs: 3000 } },
    ],
    ...(fixed
      ? {}
      : {
          expect: {
            failure: 'Cannot recover from this checkpoint because some files in the snapshot',
            verdicts: { liveness: 'fail', 'no-loss': 'fail', 'exactly-once': 'fail' },
          },
        }),
  };
}

/**
 * `latestSnapshotOfUser` stops at the first expired snapshot: once another commit user wrote more commits
 * than the table retains, the savepoint's user is not found and nothing is filtered. Its committable is
 * re-committed with append checks (`checkAppendFiles`): its files are already in the table
 * (`FileEntry.mergeEntries`), a conflict on every attempt.
 */
function recommitAfterExpiry(fixed: boolean): Scenario {
  return {
    name: `recommit-conflict-after-expiry${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Snapshots are kept longer than the other job's writes (snapshot.num-retained.min): the savepoint's commit is found and skipped."
      : "Another job (its own commit user) writes until the savepoint's snapshots expire; the restored committable is committed again and Paimon gives up: 'File deletion conflicts detected!'.",
    pipeline: { workload: 'orders-append', parallelism: 1, checkpointIntervalMs: 100, restarts: 100 },
    table: {
      options: fixed
        ? { 'snapshot.num-retained.min': '100', 'snapshot.num-retained.max': '200' }
        : { 'snapshot.num-retained.min': '1', 'snapshot.num-retained.max': '2' },
    },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'publish', count: 5 },
      // the writer holds new rows when the savepoint's barrier comes: its committable has files
      { op: 'run', until: { forMs: 20 } },
      { op: 'stop-with-savepoint', job: 'a', name: 'sp' },
      { op: 'publish', count: 8, topic: 'other' },
      { op: 'start', job: 'other', topic: 'other' },
      { op: 'run', until: { checkpoints: 6, job: 'other' } },
      { op: 'cancel', job: 'other' },
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      { op: 'run', until: { forMs: 300 } },
    ],
    ...(fixed
      ? {}
      : {
          expect: {
            failure: 'File deletion conflicts detected! Give up committing.',
            verdicts: { liveness: 'fail', 'bounded-waits': 'fail' },
          },
        }),
  };
}

/**
 * `createTagForIdentifiers` tags the snapshot of the savepoint's identifier; with no committable at that
 * checkpoint (idle writers are closed, `AbstractFileStoreWrite.prepareCommit`) there is no such snapshot, and
 * no tag: `rollback_to` fails, and restoring as is replays.
 */
function idleSavepoint(fixed: boolean): Scenario {
  return {
    name: `idle-savepoint-no-tag${fixed ? '-fixed' : ''}`,
    description: fixed
      ? 'The operator tags the latest snapshot right after the idle savepoint (nothing commits while writers are idle) and rolls back to that tag.'
      : "A savepoint taken while the writers were idle produces no 'savepoint-<id>' tag; the rollback fails and the restore writes the later events again.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 3 },
    table: { options: AUTO_TAG },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'run', until: { checkpoints: 4, job: 'a' } },
      { op: 'savepoint', job: 'a', name: 'sp' },
      ...(fixed ? [{ op: 'create-tag', name: 'at-sp' } as const] : []),
      { op: 'run', until: { checkpoints: 1, job: 'a' } },
      { op: 'publish', count: 10 },
      { op: 'run', until: { allCommitted: true } },
      { op: 'cancel', job: 'a' },
      fixed
        ? { op: 'rollback-to', tag: 'at-sp' }
        : { op: 'rollback-to', savepointTag: 'sp', expectError: "doesn't exist" },
      ...RESTORE_SP_IN_B,
    ],
    ...(fixed ? {} : { expect: REPLAYED_WITHOUT_TAG }),
  };
}

/**
 * `tag.default-time-retained` applies to savepoint tags too (`AutoTagForSavepointCommitterOperator` passes
 * it; `TagTimeExpire` runs after each commit): the tag can expire before it is needed.
 */
function tagExpired(fixed: boolean): Scenario {
  return {
    name: `savepoint-tag-expired${fixed ? '-fixed' : ''}`,
    description: fixed
      ? 'No tag retention (tags never expire by time): the savepoint tag is there when the operator rolls back.'
      : "tag.default-time-retained = 200 ms: the committer expires 'savepoint-<id>' before the operator needs it; the rollback fails and the restore replays.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 3 },
    table: { options: fixed ? AUTO_TAG : { ...AUTO_TAG, 'tag.default-time-retained': '200 ms' } },
    steps: [
      ...savepointThenMore([{ op: 'run', until: { forMs: 400 } }]),
      fixed
        ? { op: 'rollback-to', savepointTag: 'sp' }
        : { op: 'rollback-to', savepointTag: 'sp', expectError: "doesn't exist" },
      ...RESTORE_SP_IN_B,
    ],
    ...(fixed ? {} : { expect: REPLAYED_WITHOUT_TAG }),
  };
}

/**
 * The commit user lives in the savepoint (`commit_user_state`): two jobs started from one savepoint share it,
 * both replay the same source offsets, and their identifiers interleave under one user.
 */
function sameCommitUser(fixed: boolean): Scenario {
  return {
    name: `two-jobs-same-commit-user${fixed ? '-fixed' : ''}`,
    description: fixed
      ? 'The second job starts without state on its own topic: its own commit user, its own events.'
      : 'Two jobs started from the same savepoint write the same table under one commit user: every replayed event is written twice.',
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 3 },
    table: { options: AUTO_TAG },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'stop-with-savepoint', job: 'a', name: 'sp' },
      { op: 'rollback-to', savepointTag: 'sp' },
      { op: 'publish', count: 10 },
      { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
      ...(fixed
        ? ([
            { op: 'start', job: 'c', topic: 'other' },
            { op: 'publish', count: 5, topic: 'other' },
          ] as const)
        : ([{ op: 'start', job: 'c', restore: { savepoint: 'sp' } }] as const)),
      { op: 'run', until: { allCommitted: true } },
      { op: 'run', until: { checkpoints: 2, job: 'c' } },
    ],
    ...(fixed
      ? {}
      : {
          expect: {
            verdicts: { 'exactly-once': 'fail', 'no-duplicates': 'fail', 'commit-identifiers': 'fail' },
          },
        }),
  };
}

/**
 * `rollback_to` an older tag and then restoring a newer savepoint: only identifiers above the tag's are
 * re-committed (the savepoint's own), and the sources resume at the newer savepoint's offsets: everything
 * committed between the two is gone.
 */
function rolledBackTooFar(fixed: boolean): Scenario {
  return {
    name: `rolled-back-too-far${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Rolled back to the restored savepoint's own tag: the table and the sources agree."
      : 'Rolled back to an older savepoint tag, then a newer savepoint restored: the events committed between the two savepoints are lost.',
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 30, restarts: 3 },
    table: { options: AUTO_TAG },
    steps: [
      ...savepointThenMore([
        { op: 'publish', count: 6 },
        { op: 'savepoint', job: 'a', name: 'sp2' },
        { op: 'run', until: { checkpoints: 1, job: 'a' } },
      ]),
      { op: 'rollback-to', savepointTag: fixed ? 'sp2' : 'sp' },
      { op: 'start', job: 'b', restore: { savepoint: 'sp2' } },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
    ],
    ...(fixed
      ? {}
      : {
          expect: {
            verdicts: {
              'exactly-once': 'fail',
              'no-loss': 'fail',
              liveness: 'fail',
              'bounded-waits': 'fail',
            },
          },
        }),
  };
}

export const RESTORE_CONFLICTS: readonly (readonly [Scenario, Scenario])[] = [
  [identifiersBackwards(false), identifiersBackwards(true)],
  [deletedFiles(false), deletedFiles(true)],
  [recommitAfterExpiry(false), recommitAfterExpiry(true)],
  [idleSavepoint(false), idleSavepoint(true)],
  [tagExpired(false), tagExpired(true)],
  [sameCommitUser(false), sameCommitUser(true)],
  [rolledBackTooFar(false), rolledBackTooFar(true)],
];
