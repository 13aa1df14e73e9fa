import { nextBytes, nextInt } from '../common/random.js';
import { joinPath } from '../storage/fs/file-io.js';
import { isKeyed, type JobGraph, type JobVertex } from './api/job-graph.js';
import { CheckpointCoordinator, type CompletedCheckpoint } from './checkpoint/coordinator.js';
import {
  type CheckpointMetadata,
  type OperatorSnapshot,
  readMetadata,
  type SubtaskState,
  writeMetadata,
} from './checkpoint/metadata.js';
import type { ClusterContext } from './cluster.js';
import { RestoreError, RuntimeError } from './errors.js';
import { createRestartStrategy, type RestartStrategy } from './failover/restart-strategy.js';
import { isSavepoint, type SnapshotKind, type StreamElement } from './records.js';
import { keyGroupRange } from './state/key-groups.js';
import type { OperatorContext } from './task/operator.js';
import { Router } from './task/router.js';
import { Subtask, type TaskHost } from './task/subtask.js';
import type { TraceEventType } from './trace.js';

export type JobStatus = 'RUNNING' | 'RESTARTING' | 'FINISHED' | 'FAILED' | 'CANCELED';

export interface SubmitOptions {
  /** A savepoint or retained checkpoint directory (or its `_metadata`) to start from (`-s`). */
  readonly restoreFrom?: string;
  /** Skip state of operators that are not in the job (`--allowNonRestoredState`). */
  readonly allowNonRestoredState?: boolean;
  /** `execution.savepoint-restore-mode`: NO_CLAIM (default) never deletes the snapshot; CLAIM may. */
  readonly claimMode?: 'NO_CLAIM' | 'CLAIM';
}

export interface SavepointResult {
  readonly checkpointId: number;
  readonly path: string;
}

/**
 * A submitted job (`JobMaster` + `ExecutionGraph` + tasks, in one object): runs its subtasks when the cluster
 * schedules them, checkpoints, fails over, takes savepoints, stops. A restored submission gets a new job id and
 * continues checkpoint ids at the restored id + 1.
 */
export class JobClient {
  readonly jobId: string;
  status: JobStatus = 'RUNNING';
  tasks: Subtask[] = [];
  attempt = 0;
  /** Id of the snapshot the current attempt restored (undefined for a fresh start). */
  restoredCheckpointId: number | undefined;
  failureCause: Error | undefined;
  readonly coordinator: CheckpointCoordinator;
  private readonly restart: RestartStrategy;
  private restartAtMs: number | undefined;
  private finalCheckpointId: number | undefined;
  private finishAfterNotify:
    | { checkpointId: number; drain: boolean; resolve?: (r: SavepointResult) => void; path?: string }
    | undefined;
  private router!: Router;
  /** A stop-with-savepoint is in progress: its savepoint is the last snapshot (no final checkpoint). */
  private stopping = false;
  /** Outcome of the last stop-with-savepoint (path), or its error. */
  stopResult: SavepointResult | Error | undefined;

  constructor(
    readonly graph: JobGraph,
    private readonly cluster: ClusterContext,
    private readonly options: SubmitOptions,
  ) {
    this.jobId = Buffer.from(nextBytes(cluster.random, 16)).toString('hex');
    const config = graph.config;
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
    let initial: CompletedCheckpoint | undefined;
    if (options.restoreFrom) {
      const metadata = readMetadata(cluster.fileIO, options.restoreFrom);
      this.validateRestore(metadata);
      initial = {
        checkpointId: metadata.checkpointId,
        path: options.restoreFrom,
        metadata,
        owned: options.claimMode === 'CLAIM',
      };
      // `restoreSavepoint`: the snapshot goes into the store (a failover target) and ids continue after it.
      this.coordinator.addToStore(initial);
      this.coordinator.nextId = metadata.checkpointId + 1;
      this.trace('job.restore', {
        id: metadata.checkpointId,
        kind: metadata.kind,
        nextCheckpointId: this.coordinator.nextId,
      });
    }
    this.deploy(initial?.metadata);
  }

  get shortId(): string {
    return this.jobId.slice(0, 6);
  }

  // -------------------------------------------------------------------------------------------------------
  // Operations a user (or the simulator) performs on a running job

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
   * Stop-with-savepoint (synchronous): sources stop at the barrier (with `drain`, they first emit MAX_WATERMARK
   * and end of input); the savepoint's notifyCheckpointComplete runs before the tasks finish.
   */
  stopWithSavepoint(drain = false): number {
    this.requireRunning('stop with a savepoint');
    const kind: SnapshotKind = drain ? 'stop-savepoint-drain' : 'stop-savepoint';
    this.stopping = true;
    return this.coordinator.trigger(kind, {
      onComplete: (c) => {
        this.finishAfterNotify = { checkpointId: c.checkpointId, drain, path: c.path };
      },
      onAbort: () => {
        this.stopping = false;
        this.stopResult = new RuntimeError('Stop-with-savepoint failed.');
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

  /** Fails one subtask, as a crashed TaskManager would: the job fails over (or fails). */
  failTask(vertexUid: string, subtaskIndex: number, reason = 'injected failure'): void {
    const task = this.tasks.find((t) => t.vertex.uid === vertexUid && t.index === subtaskIndex);
    if (!task) throw new RuntimeError(`No subtask ${vertexUid}#${subtaskIndex} in job ${this.graph.name}`);
    this.fail(new RuntimeError(reason), task);
  }

  // -------------------------------------------------------------------------------------------------------
  // Driven by the cluster

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
    this.guard(() => {
      this.coordinator.onTime(nowMs);
      for (const t of this.tasks) t.advanceTime(nowMs);
    });
    this.maybeFinish();
  }

  nextWakeupMs(): number | undefined {
    if (this.status === 'RESTARTING') return this.restartAtMs;
    return this.status === 'RUNNING' ? this.coordinator.nextWakeupMs() : undefined;
  }

  step(task: Subtask): void {
    this.guard(() => task.step(), task);
    this.maybeFinish();
  }

  // -------------------------------------------------------------------------------------------------------

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
    this.trace('task.failure', {
      task: task ? `${task.vertex.uid}#${task.index}` : 'job',
      error: error.message.split('\n')[0]!,
    });
    this.failureCause = error;
    this.coordinator.stop();
    this.closeTasks();
    const delay = this.restart.onFailure(this.cluster.clock.nowMs());
    if (delay === undefined) {
      this.status = 'FAILED';
      this.trace('job.failed', { error: error.message.split('\n')[0]! });
      return;
    }
    this.status = 'RESTARTING';
    this.restartAtMs = this.cluster.clock.nowMs() + delay;
    this.trace('job.failover', { delayMs: delay, restoreFrom: this.coordinator.latest()?.checkpointId ?? 0 });
  }

  private closeTasks(): void {
    for (const t of this.tasks) {
      try {
        t.operator.close();
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
    this.finishAfterNotify = undefined;
    const host = this.taskHost();
    this.tasks = this.graph.vertices.flatMap((v) =>
      Array.from({ length: v.parallelism }, (_, index) => {
        const channels = v.inputs.reduce((n, e) => n + this.graph.vertices[e.from]!.parallelism, 0);
        const groups = isKeyed(v) ? keyGroupRange(index, v.maxParallelism, v.parallelism) : undefined;
        return new Subtask(v, index, v.factory(), channels, groups, host);
      }),
    );
    this.router = new Router(this.graph, this.tasks);
    // Deploying counts as running: a failure while restoring state fails over like any task failure.
    this.status = 'RUNNING';
    this.guard(() => {
      for (const task of this.tasks) {
        const snapshot = metadata?.operators[task.vertex.uid];
        if (snapshot) {
          task.keyedState?.restore(snapshot.subtasks.map((s) => s.keyed ?? {}));
          task.operatorState.restore(
            snapshot.subtasks.map((s) => s.operator),
            task.index,
            task.vertex.parallelism,
          );
        }
        task.operator.setup(this.operatorContext(task));
        task.operator.initializeState();
        task.operator.open();
      }
    });
    if (this.status !== 'RUNNING') return;
    this.trace('job.running', { attempt: this.attempt, tasks: this.tasks.length });
    this.coordinator.start();
  }

  private operatorContext(task: Subtask): OperatorContext {
    return {
      uid: task.vertex.uid,
      name: task.vertex.name,
      subtaskIndex: task.index,
      parallelism: task.vertex.parallelism,
      maxParallelism: task.vertex.maxParallelism,
      attemptNumber: this.attempt,
      restoredCheckpointId: this.restoredCheckpointId,
      keyedState: task.keyedState,
      operatorState: task.operatorState,
      clock: this.cluster.clock,
      output: {
        collect: (value, timestamp) =>
          this.route(task, { kind: 'record', value, timestamp: timestamp ?? null }),
        emitWatermark: (watermark) => this.route(task, { kind: 'watermark', timestamp: watermark }),
      },
    };
  }

  /** `StateAssignmentOperation` checks: every state maps to an operator, max parallelism unchanged. */
  private validateRestore(metadata: CheckpointMetadata): void {
    for (const [uid, snapshot] of Object.entries(metadata.operators)) {
      const vertex = this.graph.vertices.find((v) => v.uid === uid);
      if (!vertex) {
        if (this.options.allowNonRestoredState) continue;
        throw new RestoreError(
          `Failed to rollback to checkpoint/savepoint ${this.options.restoreFrom}. Cannot map checkpoint/savepoint state for operator ${uid} to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
        );
      }
      if (vertex.maxParallelism !== snapshot.maxParallelism) {
        throw new RestoreError(
          `The maximum parallelism (${snapshot.maxParallelism}) with which the latest checkpoint of the execution job vertex ${vertex.name} has been taken and the current maximum parallelism (${vertex.maxParallelism}) changed. This is currently not supported.`,
        );
      }
    }
  }

  /** Sends an element from `from` to the channels of its consumers. */
  private route(from: Subtask, element: StreamElement): void {
    this.router.route(from, element);
  }

  private taskHost(): TaskHost {
    return {
      clock: this.cluster.clock,
      alignment: this.graph.config.checkpointing?.mode ?? 'exactly-once',
      emit: (from, element) => this.route(from, element),
      acknowledge: (task, id, state) => {
        this.trace('checkpoint.ack', { id, task: `${task.vertex.uid}#${task.index}` });
        this.coordinator.acknowledge(id, `${task.vertex.uid}#${task.index}`, state);
      },
      decline: (_task, id, reason) => this.coordinator.decline(id, reason),
      barrier: (task, id) =>
        this.trace('checkpoint.barrier', { id, task: `${task.vertex.uid}#${task.index}` }),
      endOfData: () => {
        // FLIP-147: after end of data everywhere, a final checkpoint lets 2PC sinks commit before tasks exit.
        if (
          this.tasks.every((t) => t.inputEnded) &&
          this.finalCheckpointId === undefined &&
          !this.finishAfterNotify &&
          !this.stopping
        ) {
          if (this.graph.config.checkpointing)
            this.finalCheckpointId = this.coordinator.trigger('checkpoint');
          else this.finishAfterNotify = { checkpointId: 0, drain: true };
        }
      },
    };
  }

  private coordinatorHost() {
    return {
      taskKeys: () => this.tasks.map((t) => `${t.vertex.uid}#${t.index}`),
      nowMs: () => this.cluster.clock.nowMs(),
      triggerSources: (checkpointId: number, kind: SnapshotKind) => {
        for (const t of this.tasks)
          if (t.vertex.isSource) t.mailbox.push({ kind: 'trigger', checkpointId, options: { kind } });
      },
      persist: (
        checkpointId: number,
        kind: SnapshotKind,
        operators: Record<string, OperatorSnapshot>,
      ): CompletedCheckpoint => {
        const dir = isSavepoint(kind)
          ? joinPath(
              this.cluster.savepointDir,
              `savepoint-${this.shortId}-${Buffer.from(nextBytes(this.cluster.random, 6)).toString('hex')}`,
            )
          : joinPath(this.cluster.checkpointDir, this.jobId, `chk-${checkpointId}`);
        const metadata: CheckpointMetadata = {
          format: 'paimon-sim-checkpoint-1',
          jobId: this.jobId,
          jobName: this.graph.name,
          checkpointId,
          kind,
          timestampMs: this.cluster.clock.nowMs(),
          operators,
        };
        writeMetadata(this.cluster.fileIO, dir, metadata);
        return { checkpointId, path: dir, metadata, owned: !isSavepoint(kind) };
      },
      discard: (c: CompletedCheckpoint) => {
        this.cluster.fileIO.deleteDirectory(c.path);
      },
      notifyComplete: (checkpointId: number) => {
        for (const t of this.tasks) {
          const key = `${t.vertex.uid}#${t.index}`;
          if (this.cluster.faults.dropNotification?.(checkpointId, key)) {
            this.trace('checkpoint.notify-dropped', { id: checkpointId, task: key });
            continue;
          }
          t.mailbox.push({ kind: 'notify-complete', checkpointId });
        }
        this.trace('checkpoint.notify', { id: checkpointId });
      },
      notifyAborted: (checkpointId: number, latestCompleted: number) => {
        for (const t of this.tasks) t.mailbox.push({ kind: 'notify-aborted', checkpointId, latestCompleted });
      },
      assemble: (acks: Map<string, SubtaskState>) => {
        const operators: Record<string, OperatorSnapshot> = {};
        for (const v of this.graph.vertices) {
          operators[v.uid] = {
            name: v.name,
            parallelism: v.parallelism,
            maxParallelism: v.maxParallelism,
            subtasks: Array.from({ length: v.parallelism }, (_, i) => acks.get(`${v.uid}#${i}`)!),
          };
        }
        return operators;
      },
      failJob: (reason: string) => this.fail(new RuntimeError(reason)),
      trace: (type: TraceEventType, details: Record<string, string | number | boolean>) =>
        this.trace(type, details),
    };
  }

  /** Finishes the job once the final checkpoint's (or the stop savepoint's) notifications were delivered. */
  private maybeFinish(): void {
    if (this.status !== 'RUNNING') return;
    if (
      this.finalCheckpointId !== undefined &&
      this.coordinator.latestCompleted >= this.finalCheckpointId &&
      !this.finishAfterNotify
    ) {
      this.finishAfterNotify = { checkpointId: this.finalCheckpointId, drain: true };
    }
    const f = this.finishAfterNotify;
    if (!f || this.tasks.some((t) => t.mailbox.length > 0)) return;
    this.guard(() => {
      for (const t of this.tasks) {
        if (f.drain) t.operator.finish();
        t.operator.close();
      }
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
