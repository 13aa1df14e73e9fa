import type { Clock } from '../../common/clock.js';
import { RuntimeError } from '../errors.js';
import { MIN_WATERMARK, type SnapshotKind } from '../records.js';
import { EVENT_TIMERS, PROCESSING_TIMERS } from '../state/keyed-snapshot.js';
import type { KeyedStateBackend, ListState, MapState, ValueState } from '../state/keyed-state.js';
import type { OperatorStateBackend } from '../state/operator-state.js';

/** Where an operator's results go. */
export interface Output {
  collect(value: unknown, timestamp?: number | null): void;
  emitWatermark(watermark: number): void;
}

/** What the runtime gives an operator (`StreamingRuntimeContext` + `StateInitializationContext`). */
export interface OperatorContext {
  /** The job this operator runs in (a new id for every submission, also from a savepoint). */
  readonly jobId: string;
  readonly uid: string;
  readonly name: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly attemptNumber: number;
  /** Id of the checkpoint/savepoint this run restored from; undefined on a fresh start. */
  readonly restoredCheckpointId: number | undefined;
  readonly output: Output;
  readonly keyedState: KeyedStateBackend | undefined;
  readonly operatorState: OperatorStateBackend;
  readonly clock: Clock;
}

/**
 * A stream operator with Flink's lifecycle (`StreamOperator`): setup → initializeState → open →
 * processElement/processWatermark … → (per checkpoint) prepareSnapshotPreBarrier, [barrier emitted],
 * snapshotState → notifyCheckpointComplete/Aborted between records → endInput → finish → close.
 */
export interface StreamOperator {
  setup(context: OperatorContext): void;
  initializeState(): void;
  open(): void;
  processElement(value: unknown, timestamp: number | null): void;
  processWatermark(watermark: number): void;
  /** Fires due processing-time timers (called by the task as virtual time advances). */
  advanceProcessingTime(nowMs: number): void;
  /** The earliest pending processing-time timer, so the scheduler can wake up for it. */
  nextProcessingTimeMs?(): number | undefined;
  prepareSnapshotPreBarrier(checkpointId: number): void;
  snapshotState(checkpointId: number, kind: SnapshotKind): void;
  notifyCheckpointComplete(checkpointId: number): void;
  notifyCheckpointAborted(checkpointId: number): void;
  endInput(): void;
  finish(): void;
  close(): void;
}

/**
 * Base class with no-op hooks, watermark forwarding and keyed timers (`AbstractStreamOperator` +
 * `InternalTimerServiceImpl`). Timers live in keyed state, so they are checkpointed and rescaled with their keys.
 */
export abstract class AbstractStreamOperator implements StreamOperator {
  protected ctx!: OperatorContext;
  protected currentWatermark = MIN_WATERMARK;

  setup(context: OperatorContext): void {
    this.ctx = context;
  }
  initializeState(): void {
    // Restored processing-time timers must fire too.
    if (this.ctx.keyedState && this.ctx.keyedState.keysOf(PROCESSING_TIMERS).length > 0)
      this.processingTimers = 1;
  }
  open(): void {}
  abstract processElement(value: unknown, timestamp: number | null): void;

  processWatermark(watermark: number): void {
    this.currentWatermark = watermark;
    this.fireTimers(EVENT_TIMERS, watermark, (ts) => this.onEventTime(ts));
    this.ctx.output.emitWatermark(watermark);
  }

  advanceProcessingTime(nowMs: number): void {
    if (this.processingTimers > 0)
      this.fireTimers(PROCESSING_TIMERS, nowMs, (ts) => this.onProcessingTime(ts));
  }
  private processingTimers = 0;

  nextProcessingTimeMs(): number | undefined {
    if (this.processingTimers === 0 || !this.ctx.keyedState) return undefined;
    let next: number | undefined;
    for (const [, timers] of this.ctx.keyedState.entriesOf(PROCESSING_TIMERS))
      for (const ts of timers as number[]) if (next === undefined || ts < next) next = ts;
    if (next === undefined) this.processingTimers = 0;
    return next;
  }

  prepareSnapshotPreBarrier(_checkpointId: number): void {}
  snapshotState(_checkpointId: number, _kind: SnapshotKind): void {}
  notifyCheckpointComplete(_checkpointId: number): void {}
  notifyCheckpointAborted(_checkpointId: number): void {}
  endInput(): void {}
  finish(): void {}
  close(): void {}

  /** Called for each due event-time timer with the timer's key set as current key. */
  protected onEventTime(_timestamp: number): void {}
  protected onProcessingTime(_timestamp: number): void {}

  protected keyed(): KeyedStateBackend {
    if (!this.ctx.keyedState)
      throw new RuntimeError(
        `Operator '${this.ctx.name}' uses keyed state or timers but its input is not keyed (use keyBy first)`,
      );
    return this.ctx.keyedState;
  }

  protected registerEventTimeTimer(timestamp: number): void {
    this.addTimer(EVENT_TIMERS, timestamp);
  }

  protected registerProcessingTimeTimer(timestamp: number): void {
    this.processingTimers++;
    this.addTimer(PROCESSING_TIMERS, timestamp);
  }

  private addTimer(name: string, timestamp: number): void {
    const timers = this.keyed().listState<number>(name);
    if (!timers.get().includes(timestamp)) timers.add(timestamp);
  }

  private fireTimers(name: string, upTo: number, fire: (ts: number) => void): void {
    const backend = this.ctx.keyedState;
    if (!backend) return;
    const due: [number, unknown][] = [];
    for (const key of backend.keysOf(name)) {
      backend.setCurrentKey(key);
      for (const ts of backend.listState<number>(name).get()) if (ts <= upTo) due.push([ts, key]);
    }
    due.sort((a, b) => a[0] - b[0]);
    for (const [ts, key] of due) {
      backend.setCurrentKey(key);
      const timers = backend.listState<number>(name);
      timers.update(timers.get().filter((t) => t !== ts));
      fire(ts);
    }
  }
}

/** Context handed to user functions of `process(...)`. */
export interface ProcessContext {
  readonly timestamp: number | null;
  readonly currentKey: unknown;
  readonly currentWatermark: number;
  readonly subtaskIndex: number;
  valueState<T>(name: string): ValueState<T>;
  listState<T>(name: string): ListState<T>;
  mapState<K, V>(name: string): MapState<K, V>;
  registerEventTimeTimer(timestamp: number): void;
  registerProcessingTimeTimer(timestamp: number): void;
  currentProcessingTime(): number;
}
