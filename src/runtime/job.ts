import type { JobGraph, JobVertex } from './api/job-graph.js';
import type { CompletedCheckpoint } from './checkpoint/coordinator.js';
import type { JobMaster, JobStatus, SavepointResult } from './job-master.js';

export type { JobStatus, SavepointResult, SubmitOptions } from './job-master.js';

/** What a job's checkpoint coordinator shows its users (read only; a fresh copy of the store on each read). */
export interface CheckpointInfo {
  /** The id the next checkpoint or savepoint gets (one counter for both, never reset by failover). */
  readonly nextId: number;
  /** The highest id whose completion was notified (0 before the first). */
  readonly latestCompleted: number;
  /** The completed checkpoints kept for failover, oldest first (`state.checkpoints.num-retained`). */
  readonly store: readonly CompletedCheckpoint[];
  /** The newest of `store` (what a failover restores). */
  latest(): CompletedCheckpoint | undefined;
}

/** One subtask of the current attempt, as users and the simulator see it. */
export interface TaskInfo {
  /** `<uid>#<index>` (`<head uid>-><next uid>…#<index>` for a chain): the task's name in acks and traces. */
  readonly key: string;
  readonly index: number;
  /** The head operator of the task's chain. */
  readonly vertex: JobVertex;
  /** Control actions (trigger, notifications) waiting to run: empty once the task caught up. */
  readonly mailbox: readonly unknown[];
  hasOperator(uid: string): boolean;
}

/**
 * The handle of a submitted job (Flink's `JobClient`), returned by `MiniCluster.submit`: reads the job's state
 * and asks its job master for operations — checkpoints, savepoints, stop, cancel — and, for the simulator,
 * faults (a failed task, a declined checkpoint). Everything it shows is read only; the job master owns it.
 */
export class JobClient {
  readonly coordinator: CheckpointInfo;

  constructor(private readonly master: JobMaster) {
    const coordinator = master.coordinator;
    this.coordinator = Object.freeze({
      get nextId() {
        return coordinator.nextId;
      },
      get latestCompleted() {
        return coordinator.latestCompleted;
      },
      get store() {
        return [...coordinator.store];
      },
      latest: () => coordinator.latest(),
    });
  }

  get jobId(): string {
    return this.master.jobId;
  }

  /** The first 6 characters of the job id: the job's name in the trace and in savepoint directories. */
  get shortId(): string {
    return this.master.shortId;
  }

  get name(): string {
    return this.master.graph.name;
  }

  /** The job as it runs: max parallelism may have been adopted from the restored snapshot. */
  get graph(): JobGraph {
    return this.master.graph;
  }

  get status(): JobStatus {
    return this.master.status;
  }

  /** The subtasks of the current attempt. */
  get tasks(): readonly TaskInfo[] {
    return this.master.tasks;
  }

  /** How many times the job restarted (the operators' `attemptNumber`). */
  get attempt(): number {
    return this.master.attempt;
  }

  /** Id of the snapshot the current attempt restored (undefined for a fresh start). */
  get restoredCheckpointId(): number | undefined {
    return this.master.restoredCheckpointId;
  }

  /** The latest failure (kept after a restart). */
  get failureCause(): Error | undefined {
    return this.master.failureCause;
  }

  /** Every failure of this job, in order (the trace keeps only their messages). */
  get failures(): readonly Error[] {
    return this.master.failures;
  }

  /**
   * Outcome of the last stop-with-savepoint: the savepoint, or a `CheckpointFailedError` (its `failure` holds
   * the `CheckpointFailureReason`); undefined while it runs.
   */
  get stopResult(): SavepointResult | Error | undefined {
    return this.master.stopResult;
  }

  triggerCheckpoint(): number {
    return this.master.triggerCheckpoint();
  }

  /** An intermediate savepoint; its path arrives in `onComplete` (not stored for failover, no notification). */
  triggerSavepoint(onComplete?: (r: SavepointResult) => void): number {
    return this.master.triggerSavepoint(onComplete);
  }

  /**
   * Stop-with-savepoint (synchronous): sources stop at the barrier (with `drain`, they first emit MAX_WATERMARK,
   * endInput and finish); the savepoint's notifyCheckpointComplete runs before the tasks close. If the savepoint
   * fails, the tasks fail ("Stop-with-savepoint failed.") and the job fails over.
   */
  stopWithSavepoint(drain = false): number {
    return this.master.stopWithSavepoint(drain);
  }

  cancel(): void {
    this.master.cancel();
  }

  // Faults for the simulator --------------------------------------------------------------------------------

  /** Fails the subtask that runs operator `uid` #index, as a crashed TaskManager would: the job fails over. */
  failTask(uid: string, subtaskIndex: number, reason = 'injected failure'): void {
    this.master.failTask(uid, subtaskIndex, reason);
  }

  /**
   * The task `taskKey` declines checkpoint `checkpointId` (`CheckpointCoordinator.receiveDeclineMessage`): a
   * pending checkpoint aborts with CHECKPOINT_DECLINED, shown as `message`, and counts towards
   * `tolerable-failed-checkpoints`; a checkpoint no longer pending is left alone.
   */
  declineCheckpoint(checkpointId: number, taskKey: string, message: string): void {
    this.master.declineCheckpoint(checkpointId, taskKey, message);
  }
}
