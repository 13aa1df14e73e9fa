import type { ListState } from '../state/keyed-state.js';
import { AbstractStreamOperator } from '../task/operator.js';

/**
 * Where a CollectSink publishes: the committed output, visible only after the checkpoint that covers it
 * completed. Shared by all subtasks and attempts of a job (it plays the external system).
 */
export class CollectResult<T = unknown> {
  readonly committed: T[] = [];
  /** Transactions already committed, `<subtask>:<checkpointId>`: commits are idempotent, as 2PC demands. */
  private readonly done = new Set<string>();
  /** Every commit in order, for traces and tests. */
  readonly commits: { subtask: number; checkpointId: number; count: number }[] = [];

  commit(subtask: number, checkpointId: number, values: readonly T[]): void {
    const id = `${subtask}:${checkpointId}`;
    if (this.done.has(id)) return;
    this.done.add(id);
    this.committed.push(...values);
    this.commits.push({ subtask, checkpointId, count: values.length });
  }
}

interface Transaction<T> {
  readonly checkpointId: number;
  readonly values: T[];
}

/**
 * A two-phase-commit sink (Flink's `TwoPhaseCommitSinkFunction` pattern): records go into the open transaction;
 * `snapshotState(n)` pre-commits it as transaction n (kept in state); `notifyCheckpointComplete(n)` commits
 * every pending transaction <= n (subsuming contract); on restore, pending transactions are committed again
 * (idempotently). `atLeastOnce` mode publishes each record immediately instead.
 */
export class CollectSink<T> extends AbstractStreamOperator {
  private openTransaction: T[] = [];
  private pending: Transaction<T>[] = [];
  private state!: ListState<Transaction<T>>;

  constructor(
    private readonly result: CollectResult<T>,
    private readonly mode: 'exactly-once' | 'immediate' = 'exactly-once',
  ) {
    super();
  }

  override initializeState(): void {
    this.state = this.ctx.operatorState.getListState<Transaction<T>>('pending-transactions');
    // Recommit on restore: whatever was pre-committed in the restored snapshot must become visible.
    for (const t of this.state.get()) this.result.commit(this.ctx.subtaskIndex, t.checkpointId, t.values);
    this.state.clear();
  }

  processElement(value: unknown): void {
    if (this.mode === 'immediate')
      this.result.commit(this.ctx.subtaskIndex, -(this.result.commits.length + 1), [value as T]);
    else this.openTransaction.push(value as T);
  }

  override snapshotState(checkpointId: number): void {
    if (this.mode === 'exactly-once') {
      this.pending.push({ checkpointId, values: this.openTransaction });
      this.openTransaction = [];
    }
    this.state.update(this.pending);
  }

  override notifyCheckpointComplete(checkpointId: number): void {
    for (const t of this.pending)
      if (t.checkpointId <= checkpointId) this.result.commit(this.ctx.subtaskIndex, t.checkpointId, t.values);
    this.pending = this.pending.filter((t) => t.checkpointId > checkpointId);
  }
}
