import type { ListState } from '../state/keyed-state.js';
import { checkRestoredEntries, isIndex } from '../task/restored-state.js';
import { AbstractSource, type EmitStatus, type WatermarkStrategy } from './source.js';

/**
 * A bounded source over an array (`fromCollection`) or a generator function (`DataGeneratorSource`): subtask i
 * emits the elements with index i, i + p, i + 2p, … Its position is checkpointed in list state.
 */
export class SequenceSource<T> extends AbstractSource<T> {
  private position = 0;
  private state!: ListState<number>;

  constructor(
    private readonly count: number,
    private readonly element: (index: number) => T,
    watermarks?: WatermarkStrategy<T>,
  ) {
    super(watermarks);
  }

  override initializeState(): void {
    this.state = this.ctx.operatorState.getListState<number>('sequence-position');
    const restored = checkRestoredEntries<number>(
      this.ctx,
      'sequence-position',
      this.state.get(),
      isIndex,
      'a position (integer >= 0)',
    );
    // After rescaling, positions no longer line up with subtasks: resume from the smallest (may replay).
    this.position = restored.length === 0 ? this.ctx.subtaskIndex : Math.min(...restored);
    if (restored.length > 0 && this.position % this.ctx.parallelism !== this.ctx.subtaskIndex) {
      this.position +=
        (this.ctx.subtaskIndex - (this.position % this.ctx.parallelism) + this.ctx.parallelism) %
        this.ctx.parallelism;
    }
  }

  emitNext(): EmitStatus {
    if (this.position >= this.count) return 'end';
    const index = this.position;
    this.position += this.ctx.parallelism;
    this.emit(this.element(index));
    return this.position >= this.count ? 'end' : 'more';
  }

  override snapshotState(): void {
    this.state.update([this.position]);
  }
}

export function collectionSource<T>(
  values: readonly T[],
  watermarks?: WatermarkStrategy<T>,
): SequenceSource<T> {
  return new SequenceSource<T>(values.length, (i) => values[i] as T, watermarks);
}

/** Unbounded when `count` is Infinity. */
export function generatorSource<T>(
  count: number,
  generate: (index: number) => T,
  watermarks?: WatermarkStrategy<T>,
): SequenceSource<T> {
  return new SequenceSource(count, generate, watermarks);
}
