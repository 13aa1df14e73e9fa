import { checkKeys } from '../option-keys.js';
import type { ListState } from '../state/keyed-state.js';
import { checkRestoredEntries, isIndex, isRecord } from '../task/restored-state.js';
import { AbstractSource, type EmitStatus, type WatermarkStrategy } from './source.js';

/**
 * A replayable, partitioned log (a Kafka topic): records are appended to partitions and read by offset.
 * Committed offsets are kept for monitoring only, as Kafka's are for Flink.
 */
export class LogTopic<T = unknown> {
  readonly partitions: T[][];
  /** Offsets committed on checkpoint completion, per partition (for monitoring, never used for recovery). */
  readonly committedOffsets = new Map<number, number>();

  constructor(
    readonly name: string,
    partitionCount: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
  }

  append(partition: number, ...values: T[]): void {
    this.partitions[partition]!.push(...values);
  }

  /** Appends round-robin over partitions, starting at partition 0. */
  appendAll(values: readonly T[]): void {
    for (const [i, v] of values.entries()) this.partitions[i % this.partitions.length]!.push(v);
  }

  endOffsets(): number[] {
    return this.partitions.map((p) => p.length);
  }
}

export interface LogSourceOptions<T> {
  /** Where to start when nothing is restored (`OffsetsInitializer`): earliest (default) or latest. */
  readonly startingOffsets?: 'earliest' | 'latest';
  /** Stop at the end offsets seen at start (bounded) instead of waiting for more (unbounded, default). */
  readonly bounded?: boolean;
  readonly watermarks?: WatermarkStrategy<T>;
}

interface PartitionOffset {
  readonly partition: number;
  readonly offset: number;
}

/**
 * Reads a LogTopic: partition p is read by subtask p % parallelism. Offsets live in union list state
 * (`topic-partition-offsets`), so any parallelism can restore them; starting offsets apply only when nothing
 * was restored. On checkpoint completion the offsets of that checkpoint are committed to the topic.
 */
export class LogSource<T> extends AbstractSource<T> {
  private offsets = new Map<number, number>();
  private stopAt = new Map<number, number>();
  private state!: ListState<PartitionOffset>;
  private readonly pendingCommits = new Map<number, Map<number, number>>();
  private next = 0;

  constructor(
    private readonly topic: LogTopic<T>,
    private readonly options: LogSourceOptions<T> = {},
  ) {
    super(options?.watermarks);
    checkKeys('the options of LogSource', options, ['startingOffsets', 'bounded', 'watermarks']);
  }

  override initializeState(): void {
    this.state = this.ctx.operatorState.getUnionListState<PartitionOffset>('topic-partition-offsets');
    const entries = checkRestoredEntries<PartitionOffset>(
      this.ctx,
      'topic-partition-offsets',
      this.state.get(),
      (e) => isRecord(e) && isIndex(e.partition) && isIndex(e.offset),
      '{partition, offset} (integers >= 0)',
    );
    const restored = new Map(entries.map((p) => [p.partition, p.offset]));
    for (let p = 0; p < this.topic.partitions.length; p++) {
      if (p % this.ctx.parallelism !== this.ctx.subtaskIndex) continue;
      const start =
        restored.get(p) ?? (this.options.startingOffsets === 'latest' ? this.topic.partitions[p]!.length : 0);
      this.offsets.set(p, start);
      if (this.options.bounded) this.stopAt.set(p, this.topic.partitions[p]!.length);
    }
  }

  emitNext(): EmitStatus {
    const owned = [...this.offsets.keys()];
    for (let i = 0; i < owned.length; i++) {
      const p = owned[(this.next + i) % owned.length]!;
      const offset = this.offsets.get(p)!;
      const end = this.stopAt.get(p) ?? this.topic.partitions[p]!.length;
      if (offset < end) {
        this.next = (this.next + i + 1) % owned.length;
        this.offsets.set(p, offset + 1);
        this.emit(this.topic.partitions[p]![offset]!);
        return 'more';
      }
    }
    if (this.options.bounded) return 'end';
    return 'idle';
  }

  override snapshotState(checkpointId: number): void {
    // Union state: every subtask writes its own partitions; restore hands the union to all.
    this.state.update([...this.offsets].map(([partition, offset]) => ({ partition, offset })));
    this.pendingCommits.set(checkpointId, new Map(this.offsets));
  }

  override notifyCheckpointComplete(checkpointId: number): void {
    for (const [id, offsets] of [...this.pendingCommits]) {
      if (id > checkpointId) continue;
      for (const [p, o] of offsets) this.topic.committedOffsets.set(p, o);
      this.pendingCommits.delete(id);
    }
  }
}
