import { nextBytes } from '../common/random.js';
import type { TraceEventType } from '../common/trace.js';
import type { JobGraph } from './api/job-graph.js';
import {
  CheckpointCoordinator,
  type CompletedCheckpoint,
  type CoordinatorHost,
} from './checkpoint/coordinator.js';
import { type CheckpointFailure, checkpointFailure } from './checkpoint/failure-reason.js';
import type { CheckpointMetadata } from './checkpoint/metadata.js';
import { planRestore } from './checkpoint/restore.js';
import { assembleOperators, CheckpointStorage } from './checkpoint/storage.js';
import type { ClusterContext } from './cluster-context.js';
import { CheckpointFailedError, InvalidJobError, RuntimeError } from './errors.js';
import { createRestartStrategy, type RestartStrategy } from './failover/restart-strategy.js';
import { chainsOf, type TaskChain } from './graph/chaining.js';
import type { SnapshotKind } from './records.js';
import { createSubtasks } from './task/deploy.js';
import { Router } from './task/router.js';
import type { Subtask, TaskHost } from './task/subtask.js';

export type JobStatus = 'RUNNING' | 'RESTARTING' | 'FINISHED' | 'FAILED' | 'CANCELED';

export interface SubmitOptions {
  /** A savepoint or retained checkpoint directory (or its `_metadata`) to start from (`-s`). */
  readonly restoreFrom?: string;
  /** Skip state of operators that are not in the job (`--allowNonRestoredState`). */
  readonly allowNonRestoredState?: boolean;
  /** `execution.state-recovery.claim-mode`: NO_CLAIM (default) never deletes the snapshot; CLAIM may. */
  readonly claimMode?: 'NO_CLAIM' | 'CLAIM';
}

export interface SavepointResult {
  readonly checkpointId: number;
  readonly path: string;
}

interface Finishing {
  readonly checkpointId: number;
  readonly path?: string;
}

/**
 * The job master of one submitted job (`JobMaster` + `ExecutionGraph` + scheduler): owns everything that
 * changes while the job runs — status, subtasks, attempt, coordinator — and does deployment, failover,
 * stop-with-savepoint and restore. Internal: users hold a `JobClient`, which reads this state and asks for
 * operations; the cluster drives it (time, steps). A restored submission gets a new job id and continues
 * checkpoint ids at the restored id + 1. Failover restarts every task (Flink's default region failover
 * restarts the same set whenever a keyBy/rebalance connects all tasks into one region).
 */
export class JobMaster {
  readonly jobId: string;
  /** The job as it runs: max parallelism may have been adopted from the restored snapshot. */
  readonly graph: JobGraph;
  readonly chains: readonly TaskChain[];
  readonly coordinator: CheckpointCoordinator;
  /** Every failure of this job, in order (the trace keeps only their messages). */
  readonly failures: Error[] = [];
  private state: JobStatus = 'RUNNING';
  private subtasks: Subtask[] = [];
  private attemptNumber = 0;
  private restoredId: number | undefined;
  private lastFailure: Error | undefined;
  private stopOutcome: SavepointResult | Error | undefined;
  private readonly restart: RestartStrategy;
  private readonly storage: CheckpointStorage;
  private restartAtMs: number | undefined;
  private finalCheckpointId: number | undefined;
  private finishing: Finishing | undefined;
  /** A stop-with-savepoint is in progress: its savepoint is the last snapshot (no final checkpoint). */
  private stopping = false;
  private router!: Router;

  constructor(
    graph: JobGraph,
    private readonly cluster: ClusterContext,
    options: SubmitOptions = {},
  ) {
    if (graph.config.checkpointing?.unaligned) {
      throw new InvalidJobError(
        'Unaligned checkpoints are not simulated: set execution.checkpointing.unaligned.enabled to false.',
      );
    }
    // Validate the snapshot before anything else exists: a bad one restores nothing.
    const plan = options.restoreFrom
      ? planRestore(cluster.fileIO, options.restoreFrom, graph, options.allowNonRestoredState ?? false)
      : undefined;
    this.graph = plan?.graph ?? graph;
    this.chains = chainsOf(this.graph);
    this.jobId = Buffer.from(nextBytes(cluster.random, 16)).toString('hex');
    this.storage = new CheckpointStorage(
      cluster.fileIO,
      cluster.checkpointDir,
      cluster.savepointDir,
      cluster.random,
    );
    const config = this.graph.config;
    this.coordinator = new CheckpointCoordinator(
      config.checkpointing,
      this.coordinatorHost(),
      cluster.random,
    );
    this.restart = createRestartStrategy(
      config.restartStrategy ?? (config.checkpointing ? { type: 'exponential-delay' } : { type: 'none' }),
      cluster.random,
    );
    this.trace('job.submit', {
      name: graph.name,
      ...(options.restoreFrom ? { restoreFrom: options.restoreFrom } : {}),
    });
    if (plan && options.restoreFrom) {
      const initial: CompletedCheckpoint = {
        checkpointId: plan.metadata.checkpointId,
        path: options.restoreFrom,
        metadata: plan.metadata,
        owned: options.claimMode === 'CLAIM',
      };
      // `restoreSavepoint`: the snapshot goes into the store (a failover target) and ids continue after it.
      this.coordinator.addToStore(initial);
      this.coordinator.continueAfter(plan.metadata.checkpointId);
      this.trace('job.restore', {
        id: plan.metadata.checkpointId,
        kind: plan.metadata.kind,
        nextCheckpointId: this.coordinator.nextId,
        claimMode: options.claimMode ?? 'NO_CLAIM',
      });
    }
    this.deploy(plan?.metadata);
  }

  get status(): JobStatus {
    return this.state;
  }

  /** The subtasks of the current attempt (replaced, never changed in place, at each deployment). */
  get tasks(): readonly Subtask[] {
    return this.subtasks;
  }

  get attempt(): number {
    return this.attemptNumber;
  }

  /** Id of the snapshot the current attempt restored (undefined for a fresh start). */
  get restoredCheckpointId(): number | undefined {
    return this.restoredId;
  }

  get failureCause(): Error | undefined {
    return this.lastFailure;
  }

  /** Outcome of the last stop-with-savepoint (path), or its error. */
  get stopResult(): SavepointResult | Error | undefined {
    return this.stopOutcome;
  }

  get shortId(): string {
    return this.jobId.slice(0, 6);
  }

  // Operations asked for through the job's client ---------------------------------------------------------

  triggerCheckpoint(): number {
    this.requireRunning('trigger a checkpoint');
    return this.coordinator.trigger('checkpoint');
  }

  triggerSavepoint(onComplete?: (r: SavepointResult) => void): number {
    this.requireRunning('trigger a savepoint');
    return this.coordinator.trigger('savepoint', {
      onComplete: (c) => onComplete?.({ checkpointId: c.checkpointId, path: c.path }),
    });
  }

  stopWithSavepoint(drain: boolean): number {
    this.requireRunning('stop with a savepoint');
    const kind: SnapshotKind = drain ? 'stop-savepoint-drain' : 'stop-savepoint';
    // `SchedulerBase.stopWithSavepoint`: stop periodic checkpoints (aborting pending ones) so that only the
    // synchronous savepoint commits; a failover restarts the scheduler.
    this.coordinator.stop();
    this.stopping = true;
    this.stopOutcome = undefined;
    return this.coordinator.trigger(kind, {
      onComplete: (c) => {
        this.finishing = { checkpointId: c.checkpointId, path: c.path };
      },
      onAbort: (failure) => {
        this.stopping = false;
        this.stopOutcome = new CheckpointFailedError(
          `Stop-with-savepoint failed: ${failure.message}`,
          failure,
        );
      },
    });
  }

  cancel(): void {
    if (this.state !== 'RUNNING' && this.state !== 'RESTARTING') return;
    this.coordinator.stop('CHECKPOINT_COORDINATOR_SHUTDOWN');
    this.closeTasks();
    this.state = 'CANCELED';
    this.trace('job.canceled');
  }

  failTask(uid: string, subtaskIndex: number, reason: string): void {
    this.fail(new RuntimeError(reason), this.findTask(uid, subtaskIndex));
  }

  declineCheckpoint(checkpointId: number, taskKey: string, message: string): void {
    if (!this.subtasks.some((t) => t.key === taskKey))
      throw new RuntimeError(`No subtask ${taskKey} in job ${this.graph.name}`);
    this.coordinator.decline(checkpointId, checkpointFailure('CHECKPOINT_DECLINED', message));
  }

  // Driven by the cluster ----------------------------------------------------------------------------------

  runnableTasks(): Subtask[] {
    return this.state === 'RUNNING' ? this.subtasks.filter((t) => t.isRunnable()) : [];
  }

  /** Time-driven work due now: restarts, checkpoint triggers/timeouts, processing-time timers. */
  onTime(nowMs: number): void {
    if (this.state === 'RESTARTING' && this.restartAtMs !== undefined && nowMs >= this.restartAtMs) {
      this.restartAtMs = undefined;
      this.attemptNumber++;
      this.trace('job.restart', { attempt: this.attemptNumber });
      this.deploy(this.coordinator.latest()?.metadata);
    }
    if (this.state !== 'RUNNING') return;
    this.guard(() => this.coordinator.onTime(nowMs));
    for (const t of this.subtasks) {
      if (this.state !== 'RUNNING') return;
      this.guard(() => t.advanceTime(nowMs), t);
    }
    this.maybeFinish();
  }

  nextWakeupMs(): number | undefined {
    if (this.state === 'RESTARTING') return this.restartAtMs;
    if (this.state !== 'RUNNING') return undefined;
    let next = this.coordinator.nextWakeupMs();
    for (const t of this.subtasks) {
      const w = t.nextWakeupMs();
      if (w !== undefined && (next === undefined || w < next)) next = w;
    }
    return next;
  }

  step(task: Subtask): void {
    this.guard(() => task.step(), task);
    this.maybeFinish();
  }

  // --------------------------------------------------------------------------------------------------------

  private findTask(uid: string, subtaskIndex: number): Subtask {
    const task = this.subtasks.find((t) => t.hasOperator(uid) && t.index === subtaskIndex);
    if (!task) throw new RuntimeError(`No subtask ${uid}#${subtaskIndex} in job ${this.graph.name}`);
    return task;
  }

  private guard(work: () => void, task?: Subtask): void {
    try {
      work();
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)), task);
    }
  }

  /** Failover (`DefaultScheduler.handleTaskFailure`): all tasks restart from the latest completed checkpoint. */
  private fail(error: Error, task?: Subtask): void {
    if (this.state !== 'RUNNING') return;
    const message = error.message.split('\n')[0]!;
    this.trace('task.failure', { task: task ? task.key : 'job', error: message });
    this.lastFailure = error;
    this.failures.push(error);
    this.coordinator.stop();
    this.closeTasks();
    const delay = this.restart.onFailure(this.cluster.clock.nowMs());
    if (delay === undefined) {
      this.state = 'FAILED';
      this.trace('job.failed', { error: message });
      return;
    }
    this.state = 'RESTARTING';
    this.restartAtMs = this.cluster.clock.nowMs() + delay;
    this.trace('job.failover', { delayMs: delay, restoreFrom: this.coordinator.latest()?.checkpointId ?? 0 });
  }

  private closeTasks(): void {
    for (const t of this.subtasks) {
      try {
        t.chain.close();
      } catch {
        // closing after a failure is best effort, as in Flink
      }
    }
  }

  private requireRunning(what: string): void {
    if (this.state !== 'RUNNING')
      throw new RuntimeError(`Cannot ${what}: job ${this.shortId} is ${this.state}`);
  }

  /** Creates the subtasks of one attempt, restoring state from `metadata` when given. */
  private deploy(metadata: CheckpointMetadata | undefined): void {
    this.restoredId = metadata?.checkpointId;
    this.finalCheckpointId = undefined;
    this.stopping = false;
    this.finishing = undefined;
    this.subtasks = createSubtasks(this.graph, this.chains, this.taskHost());
    this.router = new Router(this.graph, this.subtasks);
    // Deploying counts as running: a failure while restoring state fails over like any task failure.
    this.state = 'RUNNING';
    for (const task of this.subtasks) {
      this.guard(() => task.open(metadata?.operators, this.restoredId, this.attemptNumber), task);
      if (this.state !== 'RUNNING') return;
    }
    this.trace('job.running', { attempt: this.attemptNumber, tasks: this.subtasks.length });
    this.coordinator.start();
  }

  private taskHost(): TaskHost {
    const faults = this.cluster.faults;
    return {
      jobId: this.jobId,
      clock: this.cluster.clock,
      alignment: this.graph.config.checkpointing?.mode ?? 'exactly-once',
      emit: (from, element) => this.router.route(from, element),
      acknowledge: (task, id, state) => {
        if (faults.dropAck?.(id, task.key)) {
          this.trace('checkpoint.ack-dropped', { id, task: task.key });
          return;
        }
        this.trace('checkpoint.ack', { id, task: task.key });
        this.coordinator.acknowledge(id, task.key, state);
      },
      decline: (_task, id, failure: CheckpointFailure) => this.coordinator.decline(id, failure),
      barrier: (task, id) => this.trace('checkpoint.barrier', { id, task: task.key }),
      fault: (task, point, id) => {
        if (!faults.failAt?.(point, task.key, id)) return;
        this.trace('fault.injected', { point, task: task.key, id });
        throw new RuntimeError(`Injected failure at ${point} of ${task.key} (checkpoint ${id})`);
      },
      endOfData: () => {
        // FLIP-147: after end of data everywhere, a final checkpoint lets 2PC sinks commit before tasks exit.
        if (!this.subtasks.every((t) => t.inputEnded)) return;
        if (this.finalCheckpointId !== undefined || this.finishing || this.stopping) return;
        if (this.graph.config.checkpointing) this.finalCheckpointId = this.coordinator.trigger('checkpoint');
        else this.finishing = { checkpointId: 0 };
      },
    };
  }

  private coordinatorHost(): CoordinatorHost {
    return {
      taskKeys: () => this.subtasks.map((t) => t.key),
      nowMs: () => this.cluster.clock.nowMs(),
      triggerSources: (checkpointId, kind) => {
        for (const t of this.subtasks)
          if (t.vertex.isSource) t.mailbox.push({ kind: 'trigger', checkpointId, options: { kind } });
      },
      persist: (checkpointId, kind, operators) =>
        this.storage.persist(
          { jobId: this.jobId, jobName: this.graph.name, timestampMs: this.cluster.clock.nowMs() },
          checkpointId,
          kind,
          operators,
        ),
      discard: (c) => this.storage.discard(c.path),
      notifyComplete: (checkpointId) => {
        for (const t of this.subtasks) {
          if (this.cluster.faults.dropNotification?.(checkpointId, t.key)) {
            this.trace('checkpoint.notify-dropped', { id: checkpointId, task: t.key });
            continue;
          }
          t.mailbox.push({ kind: 'notify-complete', checkpointId });
        }
        this.trace('checkpoint.notify', { id: checkpointId });
      },
      notifyAborted: (checkpointId, latestCompleted) => {
        for (const t of this.subtasks)
          t.mailbox.push({ kind: 'notify-aborted', checkpointId, latestCompleted });
      },
      assemble: (acks) => assembleOperators(this.graph, this.subtasks, acks),
      failJob: (reason) => this.fail(new RuntimeError(reason)),
      trace: (type, details) => this.trace(type, details),
    };
  }

  /** Finishes the job once the final checkpoint's (or the stop savepoint's) notifications were delivered. */
  private maybeFinish(): void {
    if (this.state !== 'RUNNING') return;
    if (
      this.finalCheckpointId !== undefined &&
      this.coordinator.latestCompleted >= this.finalCheckpointId &&
      !this.finishing
    ) {
      this.finishing = { checkpointId: this.finalCheckpointId };
    }
    const f = this.finishing;
    if (!f || this.subtasks.some((t) => t.mailbox.length > 0)) return;
    this.guard(() => {
      for (const t of this.subtasks) t.chain.close();
    });
    if (this.state !== 'RUNNING') return;
    this.coordinator.stop('CHECKPOINT_COORDINATOR_SHUTDOWN');
    if (f.path !== undefined) this.stopOutcome = { checkpointId: f.checkpointId, path: f.path };
    this.state = 'FINISHED';
    this.trace('job.finished', { ...(f.path ? { savepoint: f.path } : {}) });
  }

  private trace(type: TraceEventType, details: Record<string, string | number | boolean> = {}): void {
    this.cluster.trace.record(this.cluster.clock.nowMs(), this.shortId, type, details);
  }
}
