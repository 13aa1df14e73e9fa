import type { Scenario } from '../../scenario/scenario.js';
import { LOST_EVENTS } from './shared.js';

/**
 * Restoring a savepoint into a job whose Paimon sink operators have other uids (see restore-conflicts.ts for
 * the shape). Flink maps state by operator uid and refuses state it cannot map ("Failed to rollback to
 * checkpoint/savepoint … Cannot map checkpoint/savepoint state for operator … to the new program",
 * `Checkpoints.loadAndValidateCheckpoint`, Flink 1.20) unless `--allowNonRestoredState`, which drops it.
 * Paimon's sink sets uids only from `sink.operator-uid.suffix` (`FlinkSink`, Paimon 1.3.1: `Writer_<table>_<suffix>`,
 * `Global Committer_<table>_<suffix>`); without it Flink hashes the topology, so any change of the job moves them.
 */

/**
 * The committer restores its commit user and its un-committed committables from its own state
 * (`CommitterOperator.initializeState`: `StateUtils.getSingleValueFromState(context, "commit_user_state", …,
 * initialCommitUser)`; `RestoreCommittableStateManager`). With that state dropped it starts restored but empty:
 * a new commit user, nothing to re-commit, while the source resumes at the savepoint's offsets.
 */
function committerStateDropped(fixed: boolean): Scenario {
  return {
    name: `committer-state-dropped${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "The restored job keeps the sink's uids (same 'sink.operator-uid.suffix'): the committer restores its commit user and commits the savepoint's pending checkpoint."
      : "The sink's uid suffix changed before the restore: Flink refuses the savepoint, the operator adds --allowNonRestoredState, and the committer's state is dropped. The savepoint's checkpoint, never committed, is gone with it; the source resumes after its events.",
    pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 1000, restarts: 3 },
    table: { options: { 'sink.operator-uid.suffix': 'v1' } },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'publish', count: 6 },
      { op: 'run', until: { forMs: 50 } },
      // cancelled right after the savepoint: its checkpoint is in the savepoint, not yet in the table
      { op: 'savepoint', job: 'a', name: 'sp' },
      { op: 'cancel', job: 'a' },
      ...(fixed
        ? ([{ op: 'start', job: 'b', restore: { savepoint: 'sp' } }] as const)
        : ([
            { op: 'set-option', key: 'sink.operator-uid.suffix', value: 'v2' },
            {
              op: 'start',
              job: 'refused',
              restore: { savepoint: 'sp' },
              expectError: 'Cannot map checkpoint/savepoint state for operator',
            },
            { op: 'start', job: 'b', restore: { savepoint: 'sp' }, allowNonRestoredState: true },
          ] as const)),
      { op: 'publish', count: 4 },
      { op: 'run', until: { forMs: 3000 } },
    ],
    ...(fixed
      ? {}
      : { expect: { failure: 'Cannot map checkpoint/savepoint state for operator', verdicts: LOST_EVENTS } }),
  };
}

/**
 * The auto-tag operator deletes `savepoint-<id>` whenever checkpoint <id> is aborted, whatever job made the tag
 * (`AutoTagForSavepointCommitterOperator.notifyCheckpointAborted`: `tagManager.tagExists(tagName)` then
 * `deleteTag`, Paimon 1.3.1), and Flink notifies every running task of an aborted checkpoint (declined, expired).
 * A job started without state counts checkpoint ids from 1 again: its aborted checkpoint <id> deletes the tag
 * of another job's savepoint <id>, the rollback point of an upgrade.
 */
function tagDeletedByAbort(fixed: boolean): Scenario {
  return {
    name: `savepoint-tag-deleted-by-abort${fixed ? '-fixed' : ''}`,
    description: fixed
      ? "Before starting the new version the operator tags the savepoint's snapshot under a name of its own ('before-upgrade'): the auto-tag operator deletes only 'savepoint-<id>' tags, so the rollback finds it and the old job resumes on its own rows."
      : "A job is stopped with a savepoint (tag 'savepoint-<id>') and a new version is started without state; it re-reads the topic, and one of its checkpoints, with the savepoint's id, is declined: its committer deletes the old job's tag. Rolling back the failed upgrade then fails, and the old job resumes on a table that keeps the new version's rows.",
    // a declined checkpoint does not fail the job over: its tasks are told it was aborted
    pipeline: {
      workload: 'orders-append',
      parallelism: 2,
      checkpointIntervalMs: 30,
      restarts: 3,
      tolerableFailedCheckpoints: 3,
    },
    table: { options: { 'sink.savepoint.auto-tag': 'true' } },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { committed: 10 } },
      { op: 'publish', count: 4 },
      { op: 'run', until: { forMs: 5 } },
      { op: 'stop-with-savepoint', job: 'a', name: 'v1' },
      ...(fixed ? [{ op: 'create-tag', name: 'before-upgrade' } as const] : []),
      // the new version, started without state, reads the topic from its start
      { op: 'start', job: 'v2' },
      { op: 'run', until: { checkpoints: 6, job: 'v2' } },
      { op: 'cancel', job: 'v2' },
      fixed
        ? { op: 'rollback-to', tag: 'before-upgrade' }
        : { op: 'rollback-to', savepointTag: 'v1', expectError: "doesn't exist" },
      { op: 'publish', count: 6 },
      { op: 'start', job: 'b', restore: { savepoint: 'v1' } },
      { op: 'run', until: { checkpoints: 3, job: 'b' } },
    ],
    faults: {
      kind: 'script',
      // savepoint v1 is checkpoint 2 of job a (finished at t=80); v2's checkpoint 2 is declined
      faults: [{ point: 'coordinator.decline', checkpoint: 2, afterMs: 80 }],
    },
    ...(fixed
      ? {}
      : {
          expect: {
            failure: "doesn't exist",
            verdicts: { 'exactly-once': 'fail', 'no-duplicates': 'fail' },
          },
        }),
  };
}

export const STATE_MAPPING_CONFLICTS: readonly (readonly [Scenario, Scenario])[] = [
  [committerStateDropped(false), committerStateDropped(true)],
  [tagDeletedByAbort(false), tagDeletedByAbort(true)],
];
