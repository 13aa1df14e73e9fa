/**
 * THE registry of fault points: every way the simulator can perturb a run, named once, with its layer, what it
 * does, and what the system must survive when it fires (TigerBeetle's `testing/storage.zig` "Fault Injection"
 * section; FoundationDB's named BUGGIFY sites). Scenario files, swarm plans and coverage all use these names.
 *
 * What must survive, always: after the faulty phase the table equals a failure-free run (exactly once, for a
 * job that restores Flink state and Paimon's committed identifiers), every file a snapshot or tag references
 * exists, and the job makes progress again once faults stop. Faults never corrupt bytes: a write either
 * happens or not (MemoryFileIO and LocalFileIO writes are all-or-nothing; atomic writes are temp + rename).
 */
export type FaultLayer = 'storage' | 'task' | 'coordinator' | 'job';

export interface FaultPoint {
  readonly layer: FaultLayer;
  /** What happens when it fires. */
  readonly does: string;
  /** What the system must survive (the invariant the checkers hold it to). */
  readonly survives: string;
  /** Drawn by swarm plans; points that end a job for good are only scripted. */
  readonly swarm: boolean;
}

const io = (does: string, survives: string): FaultPoint => ({
  layer: 'storage',
  does,
  survives,
  swarm: true,
});
const task = (callback: string, survives: string): FaultPoint => ({
  layer: 'task',
  does: `the task throws ${callback} (an operator crash): the job fails over to its latest checkpoint`,
  survives,
  swarm: true,
});

export const FAULT_POINTS = {
  'fs.write.before': io(
    'a new file (data file, manifest, manifest list, checkpoint state) fails to be written: nothing is on disk',
    'the writing task fails over; data is rewritten from the restored source offsets, no duplicates',
  ),
  'fs.write.after': io(
    'the file is written, then the writer crashes before it can use it',
    'the file is an orphan: no snapshot references it, and the retried work writes new files',
  ),
  'fs.rename.before': io(
    'an atomic write (hint, tag, checkpoint _metadata) fails before its rename: readers see the old bytes',
    'hints are only hints (snapshots are listed when LATEST is stale); a tag or _metadata not written is retried',
  ),
  'fs.rename.after': io(
    'the atomic write lands, then the caller crashes',
    'an existing tag is left as is on retry (savepoint auto-tag ignores existing tags)',
  ),
  'fs.create-exclusive.before': io(
    'claiming snapshot-N fails: the commit did not happen',
    "the committer's retry after failover commits the same identifier once",
  ),
  'fs.create-exclusive.after': io(
    'snapshot-N is claimed, then the committer crashes before it learns so',
    'after failover Paimon finds the identifier already committed by this user and skips it (no duplicate)',
  ),
  'fs.delete.before': io(
    'a delete (expiry, tag deletion, rollback, checkpoint subsumption) fails: the file stays',
    'a file that stays is garbage at worst; nothing a snapshot or tag references is gone',
  ),
  'fs.delete.after': io(
    'the file is deleted, then the caller crashes',
    'deletion order (data, manifests, then snapshot) leaves every remaining snapshot readable',
  ),
  'fs.slow': {
    layer: 'storage',
    does: 'the IO call takes `delayMs` of virtual time (default 200): checkpoints may time out',
    survives: 'timeouts abort checkpoints, later checkpoints commit everything; no loss, no duplicates',
    swarm: true,
  },
  'task.initialize-state': task(
    'in initializeState (after restoring state, before open)',
    'restore is retried',
  ),
  'task.process-element': task(
    'in processElement (before a record)',
    'the record is replayed from the source',
  ),
  'task.before-snapshot': task('in snapshotState, before any state is taken', 'the checkpoint is aborted'),
  'task.after-snapshot': task('after snapshotState, before acknowledging', 'the checkpoint never completes'),
  'task.before-notify-complete': task(
    'before notifyCheckpointComplete (the Paimon commit)',
    'the committables are in the checkpoint: they are committed on restore (filterAndCommit)',
  ),
  'task.after-notify-complete': task(
    'after notifyCheckpointComplete (the commit is done)',
    'the restored committables are recognised as committed (same commit user and identifier)',
  ),
  'task.end-input': task(
    'in endInput (end of data, stop-with-savepoint --drain)',
    'the final commit still happens',
  ),
  'coordinator.decline': {
    layer: 'coordinator',
    does: 'a task declines the checkpoint: the coordinator aborts it and notifies the tasks',
    survives: 'nothing is committed for that checkpoint; the next one commits it all',
    swarm: true,
  },
  'coordinator.ack.lost': {
    layer: 'coordinator',
    does: "a task's acknowledgement is lost (or late beyond the timeout): the checkpoint can only expire",
    survives: 'the checkpoint expires (CHECKPOINT_EXPIRED); a later one commits everything',
    swarm: true,
  },
  'coordinator.notify.lost': {
    layer: 'coordinator',
    does: 'notifyCheckpointComplete is not delivered to one task: its commit comes late, at a later checkpoint',
    survives:
      'a later notification commits every earlier checkpoint (Paimon commits all committables up to it)',
    swarm: true,
  },
  'coordinator.crash': {
    layer: 'coordinator',
    does: 'the JobManager fails over (global failover): all tasks restart from the latest completed checkpoint',
    survives: 'committables of completed checkpoints are committed on restore; no loss, no duplicates',
    swarm: false,
  },
  'job.restart': {
    layer: 'job',
    does: 'a TaskManager is lost: the source task fails and the job restarts (restart strategy permitting)',
    survives: 'the job restarts from the latest checkpoint and catches up',
    swarm: false,
  },
  'job.cancel': {
    layer: 'job',
    does: 'the job is cancelled (no savepoint); only retained checkpoints and savepoints remain',
    survives: 'a later restore from a savepoint or retained checkpoint (with the recipe) is exactly once',
    swarm: false,
  },
} as const satisfies Record<string, FaultPoint>;

export type FaultPointName = keyof typeof FAULT_POINTS;

export const FAULT_POINT_NAMES = Object.keys(FAULT_POINTS) as FaultPointName[];

export function isFaultPoint(name: unknown): name is FaultPointName {
  return typeof name === 'string' && Object.hasOwn(FAULT_POINTS, name);
}

/** Points fired by time (`afterMs`) rather than by a hit of a code path. */
export const TIMED_POINTS: readonly FaultPointName[] = ['coordinator.crash', 'job.restart', 'job.cancel'];
