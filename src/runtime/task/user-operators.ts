import { AbstractStreamOperator, type ProcessContext } from './operator.js';

export type MapFunction<I, O> = (value: I) => O;
export type FilterFunction<I> = (value: I) => boolean;
export type FlatMapFunction<I, O> = (value: I, out: (value: O) => void) => void;

/** `KeyedProcessFunction` / `ProcessFunction`: records, state and timers. */
export interface ProcessFunction<I, O> {
  processElement(value: I, ctx: ProcessContext, out: (value: O, timestamp?: number) => void): void;
  onTimer?(timestamp: number, ctx: ProcessContext, out: (value: O, timestamp?: number) => void): void;
}

export class MapOperator<I, O> extends AbstractStreamOperator {
  constructor(private readonly fn: MapFunction<I, O>) {
    super();
  }
  processElement(value: unknown, timestamp: number | null): void {
    this.ctx.output.collect(this.fn(value as I), timestamp);
  }
}

export class FilterOperator<I> extends AbstractStreamOperator {
  constructor(private readonly fn: FilterFunction<I>) {
    super();
  }
  processElement(value: unknown, timestamp: number | null): void {
    if (this.fn(value as I)) this.ctx.output.collect(value, timestamp);
  }
}

export class FlatMapOperator<I, O> extends AbstractStreamOperator {
  constructor(private readonly fn: FlatMapFunction<I, O>) {
    super();
  }
  processElement(value: unknown, timestamp: number | null): void {
    this.fn(value as I, (o) => this.ctx.output.collect(o, timestamp));
  }
}

export class ProcessOperator<I, O> extends AbstractStreamOperator {
  private timestamp: number | null = null;

  constructor(private readonly fn: ProcessFunction<I, O>) {
    super();
  }

  processElement(value: unknown, timestamp: number | null): void {
    this.timestamp = timestamp;
    this.fn.processElement(value as I, this.context(), this.emit);
  }

  protected override onEventTime(timestamp: number): void {
    this.timestamp = timestamp;
    this.fn.onTimer?.(timestamp, this.context(), this.emit);
  }

  protected override onProcessingTime(timestamp: number): void {
    this.timestamp = null;
    this.fn.onTimer?.(timestamp, this.context(), this.emit);
  }

  private readonly emit = (value: O, timestamp?: number) =>
    this.ctx.output.collect(value, timestamp ?? this.timestamp);

  private cachedContext: ProcessContext | undefined;

  /** One context object per operator (not per record): its getters read the current record's values. */
  private context(): ProcessContext {
    if (this.cachedContext) return this.cachedContext;
    const op = this;
    this.cachedContext = {
      get timestamp() {
        return op.timestamp;
      },
      get currentKey() {
        return op.ctx.keyedState?.getCurrentKey();
      },
      get currentWatermark() {
        return op.currentWatermark;
      },
      get subtaskIndex() {
        return op.ctx.subtaskIndex;
      },
      valueState: (name) => op.keyed().valueState(name),
      listState: (name) => op.keyed().listState(name),
      mapState: (name) => op.keyed().mapState(name),
      registerEventTimeTimer: (ts) => op.registerEventTimeTimer(ts),
      registerProcessingTimeTimer: (ts) => op.registerProcessingTimeTimer(ts),
      currentProcessingTime: () => op.ctx.clock.nowMs(),
    };
    return this.cachedContext;
  }
}
