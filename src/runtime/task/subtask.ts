import type { Clock } from '../../common/clock.js';
import type { JobVertex } from '../api/job-graph.js';
import { type CheckpointFailure, checkpointFailure } from '../checkpoint/failure-reason.js';
import type { OperatorSnapshot, SubtaskState } from '../checkpoint/metadata.js';
import { type EmitStatus, isSourceOperator } from '../connectors/source.js';
import { RuntimeError } from '../errors.js';
import {
  type CheckpointOptions,
  isSynchronous,
  MAX_WATERMARK,
  MIN_WATERMARK,
  type StreamElement,
} from '../records.js';
import { KeyedStateBackend } from '../state/keyed-state.js';
import { OperatorChain } from './operator-chain.js';

/** Named points where the simulator may make a task fail (see `RuntimeFaults.failAt`). */
export type TaskFaultPoint =
  | 'initialize-state'
  | 'end-input'
  | 'before-snapshot'
  | 'after-snapshot'
  | 'before-notify-complete'
  | 'after-notify-complete'
  | 'process-element';

/** What a subtask needs from the job that runs it. */
export interface TaskHost {
  readonly jobId: string;
  readonly clock: Clock;
  readonly alignment: 'exactly-once' | 'at-least-once';
  /** Sends an element produced by `from` to its downstream channels. */
  emit(from: Subtask, element: StreamElement): void;
  acknowledge(task: Subtask, checkpointId: number, state: Record<string, SubtaskState>): void;
  decline(task: Subtask, checkpointId: number, failure: CheckpointFailure): void;
  /** The task has seen end of data on all inputs (and called endInput). */
  endOfData(task: Subtask): void;
  /** A barrier reached this task (for the trace). */
  barrier(task: Subtask, checkpointId: number): void;
  /** Throws when the simulator wants this task to fail at `point`. */
  fault(task: Subtask, point: TaskFaultPoint, checkpointId: number): void;
}

type MailboxAction =
  | { readonly kind: 'trigger'; readonly checkpointId: number; readonly options: CheckpointOptions }
  | { readonly kind: 'notify-complete'; readonly checkpointId: number }
  | { readonly kind: 'notify-aborted'; readonly checkpointId: number; readonly latestCompleted: number };

interface Alignment {
  readonly checkpointId: number;
  readonly options: CheckpointOptions;
  readonly arrived: Set<number>;
}

/**
 * One parallel instance of a chain of operators (`StreamTask`): input channels (one per upstream subtask), a
 * mailbox for control actions (trigger, notifications) and the operator chain. `step()` does one unit of work;
 * the scheduler decides which subtask steps next. Barriers align as in Flink's `SingleCheckpointBarrierHandler`
 * (exactly-once: a channel blocks from its barrier until all channels delivered it) or `CheckpointBarrierTracker`
 * (at-least-once: no blocking).
 */
export class Subtask {
  readonly channels: StreamElement[][];
  readonly mailbox: MailboxAction[] = [];
  readonly keyedState: KeyedStateBackend | undefined;
  readonly chain: OperatorChain;
  /** `<uid>#<index>` (`<head uid>-><next uid>…#<index>` for a chain): the task's name in acks and traces. */
  readonly key: string;
  private readonly blocked = new Set<number>();
  private readonly ended = new Set<number>();
  private readonly channelWatermarks: number[];
  private watermark = MIN_WATERMARK;
  private alignment: Alignment | undefined;
  private lastCheckpointId = 0;
  private lastNotified = 0;
  private syncSavepointId: number | undefined;
  private idleUntilMs = 0;
  private rotation = 0;
  /** End of data seen (sources: their input is exhausted or drained). */
  inputEnded = false;
  /** Stopped by a synchronous savepoint: emits nothing more. */
  stopped = false;

  constructor(
    vertices: readonly JobVertex[],
    readonly index: number,
    channelCount: number,
    keyGroups: [number, number] | undefined,
    private readonly host: TaskHost,
  ) {
    const head = vertices[0]!;
    this.channels = Array.from({ length: channelCount }, () => []);
    this.channelWatermarks = new Array(channelCount).fill(MIN_WATERMARK);
    this.key = `${vertices.map((v) => v.uid).join('->')}#${index}`;
    this.keyedState = keyGroups
      ? new KeyedStateBackend(head.maxParallelism, keyGroups, `operator '${head.uid}' (subtask ${index})`)
      : undefined;
    this.chain = new OperatorChain(vertices, this.keyedState);
  }

  /** The head vertex: its inputs are the task's inputs. */
  get vertex(): JobVertex {
    return this.chain.head.vertex;
  }

  /** The tail vertex: its consumers are the task's consumers. */
  get outputVertex(): JobVertex {
    return this.chain.tail.vertex;
  }

  hasOperator(uid: string): boolean {
    return this.chain.members.some((m) => m.vertex.uid === uid);
  }

  /** Restores state (if any), sets up and opens the chain. */
  open(
    operators: Readonly<Record<string, OperatorSnapshot>> | undefined,
    restoredCheckpointId: number | undefined,
    attemptNumber: number,
  ): void {
    if (operators) this.chain.restore(operators, this.index);
    this.host.fault(this, 'initialize-state', restoredCheckpointId ?? 0);
    this.chain.setupAndOpen(
      {
        jobId: this.host.jobId,
        subtaskIndex: this.index,
        attemptNumber,
        restoredCheckpointId,
        clock: this.host.clock,
      },
      {
        collect: (value, timestamp) =>
          this.host.emit(this, { kind: 'record', value, timestamp: timestamp ?? null }),
        emitWatermark: (timestamp) => this.host.emit(this, { kind: 'watermark', timestamp }),
      },
    );
  }

  isRunnable(): boolean {
    if (this.mailbox.length > 0) return true;
    if (this.stopped) return false;
    if (this.vertex.isSource) return !this.inputEnded && this.host.clock.nowMs() >= this.idleUntilMs;
    for (let i = 0; i < this.channels.length; i++)
      if (this.channels[i]!.length > 0 && !this.blocked.has(i)) return true;
    return false;
  }

  /** When this task wants to run again although nothing arrives: an idle source's next poll, a timer. */
  nextWakeupMs(): number | undefined {
    const poll =
      this.vertex.isSource && !this.inputEnded && !this.stopped && this.idleUntilMs > this.host.clock.nowMs()
        ? this.idleUntilMs
        : undefined;
    const timer = this.stopped ? undefined : this.chain.nextProcessingTimeMs();
    if (poll === undefined) return timer;
    return timer === undefined ? poll : Math.min(poll, timer);
  }

  /** Does one unit of work: a mailbox action first (they have priority), else one input element or emission. */
  step(): void {
    const action = this.mailbox.shift();
    if (action) {
      this.runAction(action);
      return;
    }
    if (this.vertex.isSource) {
      this.emitFromSource();
      return;
    }
    const channel = this.nextChannel();
    if (channel !== undefined) this.processElement(channel, this.channels[channel]!.shift()!);
  }

  /** Processing-time timers fire as virtual time moves. */
  advanceTime(nowMs: number): void {
    if (!this.stopped) this.chain.advanceProcessingTime(nowMs);
  }

  /** Inputs delivered by upstream subtasks. */
  deliver(channel: number, element: StreamElement): void {
    this.channels[channel]!.push(element);
  }

  /** Channels take turns (a fixed rotation keeps it deterministic and fair). */
  private nextChannel(): number | undefined {
    for (let k = 0; k < this.channels.length; k++) {
      const i = (this.rotation + k) % this.channels.length;
      if (this.channels[i]!.length > 0 && !this.blocked.has(i)) {
        this.rotation = (i + 1) % this.channels.length;
        return i;
      }
    }
    return undefined;
  }

  private emitFromSource(): void {
    const source = this.chain.head.operator;
    if (!isSourceOperator(source)) return;
    this.host.fault(this, 'process-element', this.lastCheckpointId);
    const status: EmitStatus = source.emitNext();
    if (status === 'idle') this.idleUntilMs = this.host.clock.nowMs() + 1;
    if (status === 'end') this.endOfData();
  }

  /** End of data (`endData(DRAIN)`): MAX_WATERMARK, endInput + finish along the chain, then downstream. */
  private endOfData(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.host.fault(this, 'end-input', this.lastCheckpointId);
    if (this.vertex.isSource) this.chain.head.operator.processWatermark(MAX_WATERMARK);
    this.chain.endInputAndFinish();
    this.host.emit(this, { kind: 'end' });
    this.host.endOfData(this);
  }

  private processElement(channel: number, element: StreamElement): void {
    switch (element.kind) {
      case 'record':
        this.host.fault(this, 'process-element', this.lastCheckpointId);
        if (this.keyedState) this.keyedState.setCurrentKey(this.keyOf(element.value));
        this.chain.head.operator.processElement(element.value, element.timestamp);
        return;
      case 'watermark':
        this.channelWatermarks[channel] = Math.max(this.channelWatermarks[channel]!, element.timestamp);
        this.advanceWatermark();
        return;
      case 'barrier':
        this.onBarrier(channel, element.checkpointId, element.options);
        return;
      case 'end':
        this.ended.add(channel);
        this.channelWatermarks[channel] = MAX_WATERMARK;
        this.advanceWatermark();
        // EndOfData of the last channel reaches the operators before a pending (drain) barrier completes, as
        // in Flink: `endInput`/`finish` run before the snapshot, so the final committables are in it.
        if (this.ended.size === this.channels.length) this.endOfData();
        if (this.alignment) this.completeAlignmentIfReady();
        return;
    }
  }

  private keyOf(value: unknown): unknown {
    const edge = this.vertex.inputs.find((e) => e.keySelector);
    return edge!.keySelector!(value);
  }

  private advanceWatermark(): void {
    let combined = Number.POSITIVE_INFINITY;
    for (const w of this.channelWatermarks) if (w < combined) combined = w;
    if (combined > this.watermark) {
      this.watermark = combined;
      this.chain.head.operator.processWatermark(combined);
    }
  }

  private onBarrier(channel: number, checkpointId: number, options: CheckpointOptions): void {
    if (checkpointId <= this.lastCheckpointId) return; // obsolete barrier of an aborted or older checkpoint
    this.host.barrier(this, checkpointId);
    if (this.alignment && checkpointId > this.alignment.checkpointId) {
      // "Received checkpoint barrier for checkpoint {} before completing current checkpoint {}. Skipping current checkpoint."
      this.host.decline(this, this.alignment.checkpointId, checkpointFailure('CHECKPOINT_DECLINED_SUBSUMED'));
      this.releaseAlignment();
    }
    if (!this.alignment) this.alignment = { checkpointId, options, arrived: new Set() };
    this.alignment.arrived.add(channel);
    if (this.host.alignment === 'exactly-once') this.blocked.add(channel);
    this.completeAlignmentIfReady();
  }

  private completeAlignmentIfReady(): void {
    const a = this.alignment!;
    for (let i = 0; i < this.channels.length; i++) if (!a.arrived.has(i) && !this.ended.has(i)) return;
    this.releaseAlignment();
    this.performCheckpoint(a.checkpointId, a.options);
  }

  private releaseAlignment(): void {
    this.alignment = undefined;
    this.blocked.clear();
  }

  private runAction(action: MailboxAction): void {
    switch (action.kind) {
      case 'trigger':
        // `--drain`: sources end their input (MAX_WATERMARK, endInput, finish) before the final barrier.
        if (action.options.kind === 'stop-savepoint-drain') this.endOfData();
        this.performCheckpoint(action.checkpointId, action.options);
        return;
      case 'notify-complete':
        this.notifyComplete(action.checkpointId);
        return;
      case 'notify-aborted':
        // Catch up on a lost completion first (`StreamTask.notifyCheckpointAbortAsync`).
        if (action.latestCompleted > 0) this.notifyComplete(action.latestCompleted);
        if (action.checkpointId === this.syncSavepointId)
          throw new RuntimeError('Stop-with-savepoint failed.');
        // Aborts always reach the operators, whatever was completed since: Flink 1.20 filters only completions
        // (`StreamTask.notifyCheckpointComplete`); `SubtaskCheckpointCoordinatorImpl.notifyCheckpoint(ABORT)`
        // calls `operatorChain.notifyCheckpointAborted(id)` unconditionally (Paimon's auto-tag operator then
        // deletes `savepoint-<id>`, tagged when a later checkpoint completed first).
        this.chain.notifyCheckpointAborted(action.checkpointId);
        return;
    }
  }

  private notifyComplete(checkpointId: number): void {
    if (checkpointId <= this.lastNotified) return; // notifications are monotonic per task
    this.lastNotified = checkpointId;
    this.host.fault(this, 'before-notify-complete', checkpointId);
    this.chain.notifyCheckpointComplete(checkpointId);
    this.host.fault(this, 'after-notify-complete', checkpointId);
  }

  /** prepareSnapshotPreBarrier → barrier downstream → snapshotState → state snapshot → ack (`checkpointState`). */
  private performCheckpoint(checkpointId: number, options: CheckpointOptions): void {
    if (checkpointId <= this.lastCheckpointId) return;
    this.lastCheckpointId = checkpointId;
    this.host.fault(this, 'before-snapshot', checkpointId);
    this.chain.prepareSnapshotPreBarrier(checkpointId);
    this.host.emit(this, { kind: 'barrier', checkpointId, options });
    const state = this.chain.snapshotState(checkpointId, options.kind);
    if (isSynchronous(options.kind)) {
      // The task waits for this savepoint's notification before it finishes; sources emit nothing more.
      this.syncSavepointId = checkpointId;
      if (this.vertex.isSource) this.stopped = true;
    }
    this.host.fault(this, 'after-snapshot', checkpointId);
    this.host.acknowledge(this, checkpointId, state);
  }
}
