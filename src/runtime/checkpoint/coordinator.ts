import { nextInt, type Random } from '../../common/random.js';
import { CHECKPOINT_DEFAULTS, type CheckpointConfig } from '../options.js';
import { isSavepoint, isSynchronous, type SnapshotKind } from '../records.js';
import {
  type CheckpointFailure,
  type CheckpointFailureReason,
  checkpointFailure,
  checkpointFailureCausedBy,
  countsAsCheckpointFailure,
} from './failure-reason.js';
import type { CheckpointMetadata, OperatorSnapshot, SubtaskState } from './metadata.js';

/** A completed checkpoint in the store (or the snapshot a job was restored from). */
export interface CompletedCheckpoint {
  readonly checkpointId: number;
  readonly path: string;
  readonly metadata: CheckpointMetadata;
  /** Whether the runtime may delete it when subsumed: own checkpoints and CLAIMed snapshots. */
  readonly owned: boolean;
}

interface PendingCheckpoint {
  readonly checkpointId: number;
  readonly kind: SnapshotKind;
  readonly triggeredAtMs: number;
  readonly acks: Map<string, TaskState>;
  readonly onComplete?: (c: CompletedCheckpoint) => void;
  readonly onAbort?: (failure: CheckpointFailure) => void;
}

/** What one task acknowledges: the state of each of its (chained) operators, by uid. */
export type TaskState = Readonly<Record<string, SubtaskState>>;

/** What the coordinator needs from its job. */
export interface CoordinatorHost {
  readonly taskKeys: () => string[];
  readonly nowMs: () => number;
  /** Starts the checkpoint at the sources (trigger RPC). */
  triggerSources(checkpointId: number, kind: SnapshotKind): void;
  /** Writes `_metadata`; returns the directory. */
  persist(
    checkpointId: number,
    kind: SnapshotKind,
    operators: Record<string, OperatorSnapshot>,
  ): CompletedCheckpoint;
  /** Deletes a subsumed checkpoint's directory. */
  discard(checkpoint: CompletedCheckpoint): void;
  notifyComplete(checkpointId: number): void;
  notifyAborted(checkpointId: number, latestCompleted: number): void;
  /** Builds operator snapshots from per-task states. */
  assemble(acks: Map<string, TaskState>): Record<string, OperatorSnapshot>;
  failJob(reason: string): void;
  trace(
    type: 'checkpoint.trigger' | 'checkpoint.complete' | 'checkpoint.abort' | 'savepoint.complete',
    details: Record<string, string | number | boolean>,
  ): void;
}

/**
 * The checkpoint coordinator (`CheckpointCoordinator`) on virtual time: one id counter for checkpoints and
 * savepoints, consumed at trigger; periodic triggering with a random first delay in [minPause, interval],
 * min pause after completions, max concurrent, timeouts; completion → store (checkpoints only, num-retained)
 * → notify (checkpoints and synchronous savepoints only, Flink >= 1.15); aborts notified with the latest
 * completed id; failures beyond tolerable-failed-checkpoints fail the job.
 */
export class CheckpointCoordinator {
  /** Next id to hand out (`CheckpointIDCounter`: starts at 1, never reset by failover). */
  private idCounter = 1;
  private readonly completed: CompletedCheckpoint[] = [];
  private readonly pending = new Map<number, PendingCheckpoint>();
  private nextPeriodicMs: number | undefined;
  /** A periodic request waiting for a free slot (max concurrent reached). */
  private queuedPeriodic = false;
  private lastCompletionMs: number | undefined;
  private consecutiveFailures = 0;
  private latestCompletedId = 0;
  readonly config: Required<Omit<CheckpointConfig, 'unaligned'>> | undefined;

  constructor(
    config: CheckpointConfig | undefined,
    private readonly host: CoordinatorHost,
    private readonly random: Random,
  ) {
    this.config = config && {
      ...CHECKPOINT_DEFAULTS,
      ...config,
      intervalMs: Math.max(config.intervalMs, config.minPauseMs ?? 0),
    };
  }

  get latestCompleted(): number {
    return this.latestCompletedId;
  }

  /** The id the next checkpoint or savepoint gets. */
  get nextId(): number {
    return this.idCounter;
  }

  /** The completed checkpoints retained for failover, oldest first (`CompletedCheckpointStore`). */
  get store(): readonly CompletedCheckpoint[] {
    return this.completed;
  }

  /** After a restore, ids go on after the restored snapshot's (`restoreSavepoint`: `checkpointIdCounter.setCount`). */
  continueAfter(checkpointId: number): void {
    this.idCounter = checkpointId + 1;
  }

  /** Starts periodic checkpoints (job became RUNNING): first one after a random delay in [minPause, interval]. */
  start(): void {
    if (!this.config) return;
    const { minPauseMs, intervalMs } = this.config;
    this.queuedPeriodic = false;
    this.nextPeriodicMs = this.host.nowMs() + minPauseMs + nextInt(this.random, intervalMs - minPauseMs + 1);
  }

  /** Stops periodic checkpoints and aborts pending ones (job left RUNNING: `CHECKPOINT_COORDINATOR_SUSPEND`). */
  stop(reason: CheckpointFailureReason = 'CHECKPOINT_COORDINATOR_SUSPEND'): void {
    this.nextPeriodicMs = undefined;
    this.queuedPeriodic = false;
    for (const p of [...this.pending.values()]) this.abort(p, checkpointFailure(reason));
  }

  /** The virtual time of the next thing the coordinator will do, for the scheduler. */
  nextWakeupMs(): number | undefined {
    let next = this.nextPeriodicMs;
    const consider = (t: number) => {
      if (next === undefined || t < next) next = t;
    };
    if (this.queuedPeriodic && this.pendingCheckpoints() < this.config!.maxConcurrent)
      consider(this.host.nowMs());
    const timeout = this.config?.timeoutMs ?? CHECKPOINT_DEFAULTS.timeoutMs;
    for (const p of this.pending.values()) consider(p.triggeredAtMs + timeout);
    return next;
  }

  /**
   * Periodic triggers and timeouts due at `nowMs`. The periodic trigger runs at a fixed rate; a request that
   * finds `max-concurrent-checkpoints` pending waits in the queue and runs as soon as one completes; a request
   * before `lastCompletion + min-pause` is dropped and the schedule moves to that time
   * (`CheckpointRequestDecider`, `rescheduleTrigger`).
   */
  onTime(nowMs: number): void {
    const timeout = this.config?.timeoutMs ?? CHECKPOINT_DEFAULTS.timeoutMs;
    for (const p of [...this.pending.values()])
      if (nowMs >= p.triggeredAtMs + timeout) this.abort(p, checkpointFailure('CHECKPOINT_EXPIRED'));
    if (!this.config) return;
    const { intervalMs, minPauseMs, maxConcurrent } = this.config;
    let requested = this.queuedPeriodic;
    if (this.nextPeriodicMs !== undefined && nowMs >= this.nextPeriodicMs) {
      requested = true;
      while (this.nextPeriodicMs <= nowMs) this.nextPeriodicMs += intervalMs;
    }
    if (!requested || this.nextPeriodicMs === undefined) return;
    if (this.pendingCheckpoints() >= maxConcurrent) {
      this.queuedPeriodic = true;
    } else if (this.lastCompletionMs !== undefined && nowMs < this.lastCompletionMs + minPauseMs) {
      this.queuedPeriodic = false;
      this.nextPeriodicMs = this.lastCompletionMs + minPauseMs; // min pause counts from the last completion
    } else {
      this.queuedPeriodic = false;
      this.trigger('checkpoint');
    }
  }

  private pendingCheckpoints(): number {
    let n = 0;
    for (const p of this.pending.values()) if (!isSavepoint(p.kind)) n++;
    return n;
  }

  /** Triggers a checkpoint or savepoint now; returns its id (consumed even if it later fails). */
  trigger(
    kind: SnapshotKind,
    callbacks: {
      onComplete?: (c: CompletedCheckpoint) => void;
      onAbort?: (failure: CheckpointFailure) => void;
    } = {},
  ): number {
    const checkpointId = this.idCounter++;
    this.pending.set(checkpointId, {
      checkpointId,
      kind,
      triggeredAtMs: this.host.nowMs(),
      acks: new Map(),
      ...callbacks,
    });
    this.host.trace('checkpoint.trigger', { id: checkpointId, kind });
    this.host.triggerSources(checkpointId, kind);
    return checkpointId;
  }

  acknowledge(checkpointId: number, taskKey: string, state: TaskState): void {
    const p = this.pending.get(checkpointId);
    if (!p) return; // late ack of an aborted/subsumed checkpoint: its state is discarded
    p.acks.set(taskKey, state);
    if (p.acks.size === this.host.taskKeys().length) this.complete(p);
  }

  /** A task declined the checkpoint (`receiveDeclineMessage`): it aborts with the task's failure. */
  decline(checkpointId: number, failure: CheckpointFailure): void {
    const p = this.pending.get(checkpointId);
    if (p) this.abort(p, failure);
  }

  private complete(p: PendingCheckpoint): void {
    let completed: CompletedCheckpoint;
    try {
      completed = this.host.persist(p.checkpointId, p.kind, this.host.assemble(p.acks));
    } catch (e) {
      // `finalizeCheckpoint` failed: the checkpoint is aborted (counted as a failure). Flink 1.20 names this
      // FINALIZE_CHECKPOINT_FAILURE; the trace has always said IO_EXCEPTION (both count the same).
      this.abort(p, checkpointFailureCausedBy('IO_EXCEPTION', e));
      return;
    }
    this.pending.delete(p.checkpointId);
    const savepoint = isSavepoint(p.kind);
    if (!savepoint) this.addToStore(completed);
    this.consecutiveFailures = 0;
    this.host.trace(savepoint ? 'savepoint.complete' : 'checkpoint.complete', {
      id: p.checkpointId,
      kind: p.kind,
      path: completed.path,
    });
    if (!savepoint || isSynchronous(p.kind)) {
      this.lastCompletionMs = this.host.nowMs();
      this.latestCompletedId = Math.max(this.latestCompletedId, p.checkpointId);
      for (const lower of [...this.pending.values()])
        if (lower.checkpointId < p.checkpointId && !isSavepoint(lower.kind))
          this.abort(lower, checkpointFailure('CHECKPOINT_SUBSUMED'));
      this.host.notifyComplete(p.checkpointId);
    }
    p.onComplete?.(completed);
    this.runQueuedRequest();
  }

  /** `executeQueuedRequest`: a periodic request that waited for a free slot goes as soon as one frees up. */
  private runQueuedRequest(): void {
    if (this.queuedPeriodic && this.config && this.pendingCheckpoints() < this.config.maxConcurrent)
      this.onTime(this.host.nowMs());
  }

  /** Adds to the completed store and subsumes beyond num-retained (`addCheckpointAndSubsumeOldestOne`). */
  addToStore(c: CompletedCheckpoint): void {
    this.completed.push(c);
    const retained = this.config?.numRetained ?? CHECKPOINT_DEFAULTS.numRetained;
    while (this.completed.length > retained) {
      const old = this.completed.shift()!;
      try {
        if (old.owned) this.host.discard(old);
      } catch {
        // Flink only logs a failed discard of a subsumed checkpoint; its files stay behind.
      }
    }
  }

  private abort(p: PendingCheckpoint, failure: CheckpointFailure): void {
    if (!this.pending.delete(p.checkpointId)) return;
    this.host.trace('checkpoint.abort', { id: p.checkpointId, kind: p.kind, reason: failure.message });
    this.host.notifyAborted(p.checkpointId, this.latestCompletedId);
    p.onAbort?.(failure);
    // Only declines, expirations and IO errors count (`CheckpointFailureManager`), never savepoints (a failed
    // stop-with-savepoint fails its tasks instead).
    if (
      countsAsCheckpointFailure(failure.reason) &&
      !isSavepoint(p.kind) &&
      p.checkpointId > this.latestCompletedId
    ) {
      this.consecutiveFailures++;
      if (this.consecutiveFailures > (this.config?.tolerableFailures ?? 0))
        this.host.failJob('Exceeded checkpoint tolerable failure threshold.');
    }
    this.runQueuedRequest();
  }

  latest(): CompletedCheckpoint | undefined {
    return this.completed[this.completed.length - 1];
  }
}
