import { ManualClock } from '../../common/clock.js';
import type { SubtaskState } from '../checkpoint/metadata.js';
import { checkKeys } from '../option-keys.js';
import { MIN_WATERMARK, type SnapshotKind } from '../records.js';
import { defaultMaxParallelism, keyGroupRange } from '../state/key-groups.js';
import { KeyedStateBackend } from '../state/keyed-state.js';
import { OperatorStateBackend } from '../state/operator-state.js';
import type { StreamOperator } from '../task/operator.js';

export interface HarnessOptions {
  /** Makes the operator keyed: the key of each input record. */
  readonly keySelector?: (value: unknown) => unknown;
  readonly parallelism?: number;
  readonly subtaskIndex?: number;
  readonly maxParallelism?: number;
  readonly clock?: ManualClock;
  /** The job id operators see (default `harness-job`). */
  readonly jobId?: string;
}

/**
 * Tests one operator in isolation, like Flink's `OneInputStreamOperatorTestHarness` /
 * `KeyedOneInputStreamOperatorTestHarness`: feed elements and watermarks, snapshot, restore into a fresh
 * instance, deliver notifications, and inspect what it emitted.
 */
export class OperatorTestHarness {
  readonly output: { value: unknown; timestamp: number | null }[] = [];
  readonly watermarks: number[] = [];
  readonly clock: ManualClock;
  private keyed: KeyedStateBackend | undefined;
  private operatorState = new OperatorStateBackend();
  private readonly maxParallelism: number;
  private readonly parallelism: number;
  private readonly index: number;
  private opened = false;

  constructor(
    readonly operator: StreamOperator,
    private readonly options: HarnessOptions = {},
  ) {
    checkKeys('the harness options', options, [
      'keySelector',
      'parallelism',
      'subtaskIndex',
      'maxParallelism',
      'clock',
      'jobId',
    ]);
    this.clock = options.clock ?? new ManualClock(0);
    this.parallelism = options.parallelism ?? 1;
    this.index = options.subtaskIndex ?? 0;
    this.maxParallelism = options.maxParallelism ?? defaultMaxParallelism(this.parallelism);
    this.keyed = options.keySelector
      ? new KeyedStateBackend(
          this.maxParallelism,
          keyGroupRange(this.index, this.maxParallelism, this.parallelism),
        )
      : undefined;
  }

  /** setup + initializeState (from `restored`, if given) + open. */
  initializeState(restored?: SubtaskState[], restoredCheckpointId?: number): this {
    if (restored) {
      this.keyed?.restore(restored);
      this.operatorState.restore(
        restored.map((s) => s.operator),
        this.index,
        this.parallelism,
      );
    }
    this.operator.setup({
      jobId: this.options.jobId ?? 'harness-job',
      uid: 'harness',
      name: 'harness',
      subtaskIndex: this.index,
      parallelism: this.parallelism,
      maxParallelism: this.maxParallelism,
      attemptNumber: 0,
      restoredCheckpointId,
      keyedState: this.keyed,
      operatorState: this.operatorState,
      clock: this.clock,
      output: {
        collect: (value, timestamp) => this.output.push({ value, timestamp: timestamp ?? null }),
        emitWatermark: (w) => this.watermarks.push(w),
      },
    });
    this.operator.initializeState();
    this.operator.open();
    this.opened = true;
    return this;
  }

  processElement(value: unknown, timestamp: number | null = null): void {
    this.ensureOpen();
    if (this.keyed) this.keyed.setCurrentKey(this.options.keySelector!(value));
    this.operator.processElement(value, timestamp);
  }

  processWatermark(watermark: number): void {
    this.ensureOpen();
    this.operator.processWatermark(watermark);
  }

  setProcessingTime(nowMs: number): void {
    this.clock.set(nowMs);
    this.operator.advanceProcessingTime(nowMs);
  }

  /** prepareSnapshotPreBarrier + snapshotState, then the state a checkpoint would hold. */
  snapshot(checkpointId: number, kind: SnapshotKind = 'checkpoint'): SubtaskState {
    this.ensureOpen();
    this.operator.prepareSnapshotPreBarrier(checkpointId);
    this.operator.snapshotState(checkpointId, kind);
    return {
      keyed: this.keyed?.snapshot() ?? null,
      ...(this.keyed ? { keyedKinds: this.keyed.stateKinds() } : {}),
      operator: this.operatorState.snapshot(),
    };
  }

  notifyOfCompletedCheckpoint(checkpointId: number): void {
    this.operator.notifyCheckpointComplete(checkpointId);
  }

  notifyOfAbortedCheckpoint(checkpointId: number): void {
    this.operator.notifyCheckpointAborted(checkpointId);
  }

  endInput(): void {
    this.operator.endInput();
  }

  close(): void {
    this.operator.finish();
    this.operator.close();
  }

  /** Values emitted so far, without timestamps. */
  values(): unknown[] {
    return this.output.map((o) => o.value);
  }

  private ensureOpen(): void {
    if (!this.opened) this.initializeState();
  }
}

export { MIN_WATERMARK };
