import { nextBytes, nextInt } from '../common/random.js';
import type { TraceEventType } from '../common/trace.js';
import { isKeyed, type JobGraph, type JobVertex } from './api/job-graph.js';
import {
  CheckpointCoordinator,
  type CompletedCheckpoint,
  type CoordinatorHost,
} from './checkpoint/coordinator.js';
import type { CheckpointMetadata } from './checkpoint/metadata.js';
import { planRestore } from './checkpoint/restore.js';
import { assembleOperators, CheckpointStorage } from './checkpoint/storage.js';
import type { ClusterContext } from './cluster-context.js';
import { InvalidJobError, RuntimeError } from './errors.js';
import { createRestartStrategy, type RestartStrategy } from './failover/restart-strategy.js';
import { chainsOf, type TaskChain } from './graph/chaining.js';
import type { SnapshotKind } from './records.js';
import { keyGroupRange } from './state/key-groups.js';
import { Router } from './task/router.js';
import { Subtask, type TaskHost } from './task/subtask.js';

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
 * A submitted job (`JobMaster` + `ExecutionGraph` + tasks, in one object): runs its subtasks when the cluster
 * schedules them, checkpoints, fails over, takes savepoints, stops. A restored submission gets a new job id and
 * continues checkpoint ids at the restored id + 1. Failover restarts every task (Flink's default region
 * failover restarts the same set whenever a keyBy/rebalance connects all tasks into one region).
 */
export class JobClient {
  readonly jobId: string;
  /** The job as it runs: max parallelism may have been adopted from the restored snapshot. */
  readonly graph: JobGraph;
  readonly chains: readonly TaskChain[];
  status: JobStatus = 'RUNNING';
  tasks: Subtask[] = [];
  attempt = 0;
  /** Id of the snapshot the current attempt restored (undefined for a fresh start). */
  restoredCheckpointId: number | undefined;
  failureCause: Error | undefined;
  /** Every failure of this job, in order (the trace keeps only their messages). */
  readonly failures: Error[] = [];
  readonly coordinator: CheckpointCoordinator;
  /** Outcome of the last stop-with-savepoint (path), or its error. */
  stopResult: SavepointResult | Error | undefined;
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
      this.coordinator.nextId = plan.metadata.checkpointId + 1;
      this.trace('job.restore', {
        id: plan.metadata.checkpointId,
        kind: plan.metadata.kind,
        nextCheckpointId: this.coordinator.nextId,
        claimMode: options.claimMode ?? 'NO_CLAIM',
      });
    }
    this.deploy(plan?.metadata);
  }

  get shortId(): string {
    return this.jobId.slice(0, 6);
  }

  // Operations a user (or the simulator) performs on a running job -----------------------------------------

  triggerCheckpoint(): number {
    this.requireRunning('trigger a checkpoint');
    return this.coordinator.trigger('checkpoint');
  }

  /** An intermediate savepoint; its path arrives in `onComplete` (not stored for failover, no notification). */
  triggerSavepoint(onComplete?: (r: SavepointResult) => void): number {
    this.requireRunning('trigger a savepoint');
    return this.coordinator.trigger('savepoint', {
      onComplete: (c) => onComplete?.({ checkpointId: c.checkpointId, path: c.path }),
    });
  }

  /**
   * Stop-with-savepoint (synchronous): sources stop at the barrier (with `drain`, they first emit MAX_WATERMARK,
   * endInput and finish); the savepoint's notifyCheckpointComplete runs before the tasks close. If the savepoint
   * fails, the tasks fail ("Stop-with-savepoint failed.") and the job fails over.
   */
  stopWithSavepoint(drain = false): number {
    this.requireRunning('stop with a savepoint');
    const kind: SnapshotKind = drain ? 'stop-savepoint-drain' : 'stop-savepoint';
    // `SchedulerBase.stopWithSavepoint`: stop periodic checkpoints (aborting pending ones) so that only the
    // synchronous savepoint commits; a failover restarts the scheduler.
    this.coordinator.stop();
    this.stopping = true;
    this.stopResult = undefined;
    return this.coordinator.trigger(kind, {
      onComplete: (c) => {
        this.finishing = { checkpointId: c.checkpointId, path: c.path };
      },
      onAbort: (reason) => {
        this.stopping = false;
        this.stopResult = new RuntimeError(`Stop-with-savepoint failed: ${reason}`);
      },
    });
  }

  cancel(): void {
    if (this.status !== 'RUNNING' && this.status !== 'RESTARTING') return;
    this.coordinator.stop('CHECKPOINT_COORDINATOR_SHUTDOWN');
    this.closeTasks();
    this.status = 'CANCELED';
    this.trace('job.canceled');
  }

  /** Fails the subtask that runs operator `uid` #index, as a crashed TaskManager would: the job fails over. */
  failTask(uid: string, subtaskIndex: number, reason = 'injected failure'): void {
    const task = this.tasks.find((t) => t.hasOperator(uid) && t.index === subtaskIndex);
    if (!task) throw new RuntimeError(`No subtask ${uid}#${subtaskIndex} in job ${this.graph.name}`);
    this.fail(new RuntimeError(reason), task);
  }

  // Driven by the cluster ----------------------------------------------------------------------------------

  runnableTasks(): Subtask[] {
    return this.status === 'RUNNING' ? this.tasks.filter((t) => t.isRunnable()) : [];
  }

  /** Time-driven work due now: restarts, checkpoint triggers/timeouts, processing-time timers. */
  onTime(nowMs: number): void {
    if (this.status === 'RESTARTING' && this.restartAtMs !== undefined && nowMs >= this.restartAtMs) {
      this.restartAtMs = undefined;
      this.attempt++;
      this.trace('job.restart', { attempt: this.attempt });
      this.deploy(this.coordinator.latest()?.metadata);
    }
    if (this.status !== 'RUNNING') return;
    this.guard(() => this.coordinator.onTime(nowMs));
    for (const t of this.tasks) {
      if (this.status !== 'RUNNING') return;
      this.guard(() => t.advanceTime(nowMs), t);
    }
    this.maybeFinish();
  }

  nextWakeupMs(): number | undefined {
    if (this.status === 'RESTARTING') return this.restartAtMs;
    if (this.status !== 'RUNNING') return undefined;
    let next = this.coordinator.nextWakeupMs();
    for (const t of this.tasks) {
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

  private guard(work: () => void, task?: Subtask): void {
    try {
      work();
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)), task);
    }
  }

  /** Failover (`DefaultScheduler.handleTaskFailure`): all tasks restart from the latest completed checkpoint. */
  private fail(error: Error, task?: Subtask): void {
    if (this.status !== 'RUNNING') return;
    const message = error.message.split('\n')[0]!;
    this.trace('task.failure', { task: task ? task.key : 'job', error: message });
    this.failureCause = error;
    this.failures.push(error);
    this.coordinator.stop();
    this.closeTasks();
    const delay = this.restart.onFailure(this.cluster.clock.nowMs());
    if (delay === undefined) {
      this.status = 'FAILED';
      this.trace('job.failed', { error: message });
      return;
    }
    this.status = 'RESTARTING';
    this.restartAtMs = this.cluster.clock.nowMs() + delay;
    this.trace('job.failover', { delayMs: delay, restoreFrom: this.coordinator.latest()?.checkpointId ?? 0 });
  }

  private closeTasks(): void {
    for (const t of this.tasks) {
      try {
        t.chain.close();
      } catch {
        // closing after a failure is best effort, as in Flink
      }
    }
  }

  private requireRunning(what: string): void {
    if (this.status !== 'RUNNING')
      throw new RuntimeError(`Cannot ${what}: job ${this.shortId} is ${this.status}`);
  }

  /** Creates the subtasks of one attempt, restoring state from `metadata` when given. */
  private deploy(metadata: CheckpointMetadata | undefined): void {
    this.restoredCheckpointId = metadata?.checkpointId;
    this.finalCheckpointId = undefined;
    this.stopping = false;
    this.finishing = undefined;
    const host = this.taskHost();
    this.tasks = this.chains.flatMap(({ vertices }) => {
      const head = vertices[0]!;
      const channels = head.inputs.reduce((n, e) => n + this.graph.vertices[e.from]!.parallelism, 0);
      return Array.from({ length: head.parallelism }, (_, index) => {
        const groups = isKeyed(head)
          ? keyGroupRange(index, head.maxParallelism, head.parallelism)
          : undefined;
        return new Subtask(vertices, index, channels, groups, host);
      });
    });
    this.router = new Router(this.graph, this.tasks);
    // Deploying counts as running: a failure while restoring state fails over like any task failure.
    this.status = 'RUNNING';
    for (const task of this.tasks) {
      this.guard(() => task.open(metadata?.operators, this.restoredCheckpointId, this.attempt), task);
      if (this.status !== 'RUNNING') return;
    }
    this.trace('job.running', { attempt: this.attempt, tasks: this.tasks.length });
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
      decline: (_task, id, reason) => this.coordinator.decline(id, reason),
      barrier: (task, id) => this.trace('checkpoint.barrier', { id, task: task.key }),
      fault: (task, point, id) => {
        if (!faults.failAt?.(point, task.key, id)) return;
        this.trace('fault.injected', { point, task: task.key, id });
        throw new RuntimeError(`Injected failure at ${point} of ${task.key} (checkpoint ${id})`);
      },
      endOfData: () => {
        // FLIP-147: after end of data everywhere, a final checkpoint lets 2PC sinks commit before tasks exit.
        if (!this.tasks.every((t) => t.inputEnded)) return;
        if (this.finalCheckpointId !== undefined || this.finishing || this.stopping) return;
        if (this.graph.config.checkpointing) this.finalCheckpointId = this.coordinator.trigger('checkpoint');
        else this.finishing = { checkpointId: 0 };
      },
    };
  }

  private coordinatorHost(): CoordinatorHost {
    return {
      taskKeys: () => this.tasks.map((t) => t.key),
      nowMs: () => this.cluster.clock.nowMs(),
      triggerSources: (checkpointId, kind) => {
        for (const t of this.tasks)
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
        for (const t of this.tasks) {
          if (this.cluster.faults.dropNotification?.(checkpointId, t.key)) {
            this.trace('checkpoint.notify-dropped', { id: checkpointId, task: t.key });
            continue;
          }
          t.mailbox.push({ kind: 'notify-complete', checkpointId });
        }
        this.trace('checkpoint.notify', { id: checkpointId });
      },
      notifyAborted: (checkpointId, latestCompleted) => {
        for (const t of this.tasks) t.mailbox.push({ kind: 'notify-aborted', checkpointId, latestCompleted });
      },
      assemble: (acks) => assembleOperators(this.graph, this.tasks, acks),
      failJob: (reason) => this.fail(new RuntimeError(reason)),
      trace: (type, details) => this.trace(type, details),
    };
  }

  /** Finishes the job once the final checkpoint's (or the stop savepoint's) notifications were delivered. */
  private maybeFinish(): void {
    if (this.status !== 'RUNNING') return;
    if (
      this.finalCheckpointId !== undefined &&
      this.coordinator.latestCompleted >= this.finalCheckpointId &&
      !this.finishing
    ) {
      this.finishing = { checkpointId: this.finalCheckpointId };
    }
    const f = this.finishing;
    if (!f || this.tasks.some((t) => t.mailbox.length > 0)) return;
    this.guard(() => {
      for (const t of this.tasks) t.chain.close();
    });
    if (this.status !== 'RUNNING') return;
    this.coordinator.stop('CHECKPOINT_COORDINATOR_SHUTDOWN');
    if (f.path !== undefined) this.stopResult = { checkpointId: f.checkpointId, path: f.path };
    this.status = 'FINISHED';
    this.trace('job.finished', { ...(f.path ? { savepoint: f.path } : {}) });
  }

  private trace(type: TraceEventType, details: Record<string, string | number | boolean> = {}): void {
    this.cluster.trace.record(this.cluster.clock.nowMs(), this.shortId, type, details);
  }

  /** For tests: a random choice helper bound to the cluster's randomness. */
  pick<T>(items: readonly T[]): T {
    return items[nextInt(this.cluster.random, items.length)]!;
  }
}

export type { JobVertex };
