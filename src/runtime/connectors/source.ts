import { checkKeys } from '../option-keys.js';
import { MIN_WATERMARK } from '../records.js';
import { AbstractStreamOperator, type StreamOperator } from '../task/operator.js';

/** Result of one source step. */
export type EmitStatus = 'more' | 'idle' | 'end';

/** A source operator: the task asks it to emit when the scheduler gives it a turn. */
export interface SourceOperator extends StreamOperator {
  emitNext(): EmitStatus;
}

export function isSourceOperator(op: StreamOperator): op is SourceOperator {
  return typeof (op as SourceOperator).emitNext === 'function';
}

export interface WatermarkStrategy<T> {
  /** Event time of a record. */
  readonly timestamp: (value: T) => number;
  /** Bounded out-of-orderness: watermark = max timestamp - this - 1 (`BoundedOutOfOrdernessWatermarks`). */
  readonly outOfOrdernessMs?: number;
}

/** Base for sources: emits records with timestamps and the watermarks they imply. */
export abstract class AbstractSource<T> extends AbstractStreamOperator implements SourceOperator {
  private maxTimestamp = MIN_WATERMARK;
  private lastWatermark = MIN_WATERMARK;

  constructor(private readonly watermarks?: WatermarkStrategy<T>) {
    super();
    checkKeys('the watermark strategy', watermarks, ['timestamp', 'outOfOrdernessMs']);
  }

  abstract emitNext(): EmitStatus;

  processElement(): void {
    throw new Error('a source has no input');
  }

  protected emit(value: T): void {
    if (!this.watermarks) {
      this.ctx.output.collect(value, null);
      return;
    }
    const ts = this.watermarks.timestamp(value);
    this.ctx.output.collect(value, ts);
    this.maxTimestamp = Math.max(this.maxTimestamp, ts);
    const watermark = this.maxTimestamp - (this.watermarks.outOfOrdernessMs ?? 0) - 1;
    if (watermark > this.lastWatermark) {
      this.lastWatermark = watermark;
      this.ctx.output.emitWatermark(watermark);
    }
  }
}
