import type { Clock } from '../../common/clock.js';
import type { JobVertex } from '../api/job-graph.js';
import type { SubtaskState } from '../checkpoint/metadata.js';
import { type EmitStatus, isSourceOperator } from '../connectors/source.js';
import {
  type CheckpointOptions,
  isSynchronous,
  MAX_WATERMARK,
  MIN_WATERMARK,
  type StreamElement,
} from '../records.js';
import { KeyedStateBackend } from '../state/keyed-state.js';
import { OperatorStateBackend } from '../state/operator-state.js';
import type { StreamOperator } from './operator.js';

/** What a subtask needs from the job that runs it. */
export interface TaskHost {
  readonly clock: Clock;
  /** Sends an element produced by `from` to its downstream channels. */
  emit(from: Subtask, element: StreamElement): void;
  acknowledge(task: Subtask, checkpointId: number, state: SubtaskState): void;
  decline(task: Subtask, checkpointId: number, reason: string): void;
  /** The task has seen end of data on all inputs (and called endInput). */
  endOfData(task: Subtask): void;
  /** A barrier reached this task (for the trace). */
  barrier(task: Subtask, checkpointId: number): void;
  readonly alignment: 'exactly-once' | 'at-least-once';
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
 * One parallel instance of a vertex (`StreamTask`): input channels (one per upstream subtask), a mailbox for
 * control actions (trigger, notifications), and the operator. `step()` does one unit of work; the scheduler
 * decides which subtask steps next. Barriers align per Flink's `SingleCheckpointBarrierHandler` (exactly-once:
 * a channel blocks from its barrier until all channels delivered it) or `CheckpointBarrierTracker`
 * (at-least-once: no blocking).
 */
export class Subtask {
  readonly channels: StreamElement[][];
  readonly mailbox: MailboxAction[] = [];
  readonly keyedState: KeyedStateBackend | undefined;
  readonly operatorState = new OperatorStateBackend();
  private readonly blocked = new Set<number>();
  private readonly ended = new Set<number>();
  private readonly channelWatermarks: number[];
  private watermark = MIN_WATERMARK;
  private alignment: Alignment | undefined;
  private lastCheckpointId = 0;
  private lastNotified = 0;
  private sourceStatus: EmitStatus = 'more';
  private idleUntilMs = 0;
  /** End of data seen (sources: their input is exhausted or drained). */
  inputEnded = false;
  /** Stopped by a synchronous savepoint: emits nothing more. */
  stopped = false;

  constructor(
    readonly vertex: JobVertex,
    readonly index: number,
    readonly operator: StreamOperator,
    channelCount: number,
    keyGroups: [number, number] | undefined,
    private readonly host: TaskHost,
  ) {
    this.channels = Array.from({ length: channelCount }, () => []);
    this.channelWatermarks = new Array(channelCount).fill(MIN_WATERMARK);
    this.keyedState = keyGroups ? new KeyedStateBackend(vertex.maxParallelism, keyGroups) : undefined;
  }

  get name(): string {
    return `${this.vertex.name} (${this.index + 1}/${this.vertex.parallelism})`;
  }

  isRunnable(): boolean {
    if (this.mailbox.length > 0) return true;
    if (this.stopped) return false;
    if (this.vertex.isSource) return !this.inputEnded && this.host.clock.nowMs() >= this.idleUntilMs;
    return this.channels.some((c, i) => c.length > 0 && !this.blocked.has(i));
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
    if (!this.stopped) this.operator.advanceProcessingTime(nowMs);
  }

  private nextChannel(): number | undefined {
    // Channels are served in order of their first pending element's arrival would need timestamps; a fixed
    // rotation keeps it deterministic and fair.
    for (let k = 0; k < this.channels.length; k++) {
      const i = (this.rotation + k) % this.channels.length;
      if (this.channels[i]!.length > 0 && !this.blocked.has(i)) {
        this.rotation = (i + 1) % this.channels.length;
        return i;
      }
    }
    return undefined;
  }
  private rotation = 0;

  private emitFromSource(): void {
    if (!isSourceOperator(this.operator)) return;
    this.sourceStatus = this.operator.emitNext();
    if (this.sourceStatus === 'idle') this.idleUntilMs = this.host.clock.nowMs() + 1;
    if (this.sourceStatus === 'end') this.endSource();
  }

  /** A source is exhausted (or drained): MAX_WATERMARK, endInput, end of data downstream. */
  private endSource(): void {
    if (this.inputEnded) return;
    this.operator.processWatermark(MAX_WATERMARK);
    this.inputEnded = true;
    this.operator.endInput();
    this.host.emit(this, { kind: 'end' });
    this.host.endOfData(this);
  }

  private processElement(channel: number, element: StreamElement): void {
    switch (element.kind) {
      case 'record':
        if (this.keyedState) this.keyedState.setCurrentKey(this.keyOf(element.value));
        this.operator.processElement(element.value, element.timestamp);
        return;
      case 'watermark': {
        this.channelWatermarks[channel] = Math.max(this.channelWatermarks[channel]!, element.timestamp);
        this.advanceWatermark();
        return;
      }
      case 'barrier':
        this.onBarrier(channel, element.checkpointId, element.options);
        return;
      case 'end': {
        this.ended.add(channel);
        this.channelWatermarks[channel] = MAX_WATERMARK;
        this.advanceWatermark();
        if (this.alignment) this.completeAlignmentIfReady();
        if (this.ended.size === this.channels.length && !this.inputEnded) {
          this.inputEnded = true;
          this.operator.endInput();
          this.host.emit(this, { kind: 'end' });
          this.host.endOfData(this);
        }
        return;
      }
    }
  }

  private keyOf(value: unknown): unknown {
    const edge = this.vertex.inputs.find((e) => e.keySelector);
    return edge!.keySelector!(value);
  }

  private advanceWatermark(): void {
    const combined = Math.min(...this.channelWatermarks);
    if (combined > this.watermark) {
      this.watermark = combined;
      this.operator.processWatermark(combined);
    }
  }

  private onBarrier(channel: number, checkpointId: number, options: CheckpointOptions): void {
    if (checkpointId <= this.lastCheckpointId) return; // obsolete barrier of an aborted or older checkpoint
    this.host.barrier(this, checkpointId);
    if (this.alignment && checkpointId > this.alignment.checkpointId) {
      // "Received checkpoint barrier for checkpoint {} before completing current checkpoint {}. Skipping current checkpoint."
      this.host.decline(this, this.alignment.checkpointId, 'CHECKPOINT_DECLINED_SUBSUMED');
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
        if (action.options.kind === 'stop-savepoint-drain') this.endSource();
        this.performCheckpoint(action.checkpointId, action.options);
        return;
      case 'notify-complete':
        this.notifyComplete(action.checkpointId);
        return;
      case 'notify-aborted':
        // Catch up on a lost completion first (`StreamTask.notifyCheckpointAbortAsync`).
        if (action.latestCompleted > 0) this.notifyComplete(action.latestCompleted);
        if (action.checkpointId > this.lastNotified)
          this.operator.notifyCheckpointAborted(action.checkpointId);
        return;
    }
  }

  private notifyComplete(checkpointId: number): void {
    if (checkpointId <= this.lastNotified) return; // notifications are monotonic per task
    this.lastNotified = checkpointId;
    this.operator.notifyCheckpointComplete(checkpointId);
  }

  /** prepareSnapshotPreBarrier → barrier downstream → snapshotState → state snapshot → ack (`checkpointState`). */
  private performCheckpoint(checkpointId: number, options: CheckpointOptions): void {
    if (checkpointId <= this.lastCheckpointId) return;
    this.lastCheckpointId = checkpointId;
    this.operator.prepareSnapshotPreBarrier(checkpointId);
    this.host.emit(this, { kind: 'barrier', checkpointId, options });
    this.operator.snapshotState(checkpointId, options.kind);
    const state: SubtaskState = {
      keyed: this.keyedState?.snapshot() ?? null,
      operator: this.operatorState.snapshot(),
    };
    if (isSynchronous(options.kind) && this.vertex.isSource) this.stopped = true;
    this.host.acknowledge(this, checkpointId, state);
  }

  /** Inputs delivered by upstream subtasks. */
  deliver(channel: number, element: StreamElement): void {
    this.channels[channel]!.push(element);
  }
}
