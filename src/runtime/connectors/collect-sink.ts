import type { ListState } from '../state/keyed-state.js';
import { AbstractStreamOperator } from '../task/operator.js';
import { checkRestoredEntries, isIndex, isRecord } from '../task/restored-state.js';

/**
 * Where a CollectSink publishes: the committed output, visible only after the checkpoint that covers it
 * completed. Shared by all subtasks, attempts and jobs (it plays the external system).
 */
export class CollectResult<T = unknown> {
  readonly committed: T[] = [];
  /** Transactions already committed, by id: commits are idempotent, as 2PC demands. */
  private readonly done = new Set<string>();
  /** Every commit in order, for traces and tests. */
  readonly commits: { id: string; subtask: number; checkpointId: number; count: number }[] = [];

  /**
   * Commits a transaction once. `id` names it across attempts and jobs (`<jobId>:<subtask>:<checkpointId>`,
   * like a Kafka transactional id): checkpoint ids alone repeat when a new job restores an older savepoint.
   */
  commit(id: string, subtask: number, checkpointId: number, values: readonly T[]): void {
    if (this.done.has(id)) return;
    this.done.add(id);
    this.committed.push(...values);
    this.commits.push({ id, subtask, checkpointId, count: values.length });
  }

  isCommitted(id: string): boolean {
    return this.done.has(id);
  }
}

/** A pre-committed transaction, kept in operator state until committed. */
export interface Transaction<T> {
  readonly id: string;
  readonly checkpointId: number;
  readonly subtask: number;
  readonly values: T[];
}

/**
 * A two-phase-commit sink (Flink's `TwoPhaseCommitSinkFunction` pattern): records go into the open transaction;
 * `snapshotState(n)` pre-commits it as transaction n (kept in state); `notifyCheckpointComplete(n)` commits
 * every pending transaction <= n (subsuming contract); on restore, pending transactions are committed again
 * (idempotently, by transaction id). `immediate` mode publishes each record at once instead.
 */
export class CollectSink<T> extends AbstractStreamOperator {
  private openTransaction: T[] = [];
  private pending: Transaction<T>[] = [];
  private state!: ListState<Transaction<T>>;
  private published = 0;

  constructor(
    private readonly result: CollectResult<T>,
    private readonly mode: 'exactly-once' | 'immediate' = 'exactly-once',
  ) {
    super();
  }

  override initializeState(): void {
    this.state = this.ctx.operatorState.getListState<Transaction<T>>('pending-transactions');
    // Recommit on restore: whatever was pre-committed in the restored snapshot must become visible.
    const restored = checkRestoredEntries<Transaction<T>>(
      this.ctx,
      'pending-transactions',
      this.state.get(),
      (t) =>
        isRecord(t) &&
        typeof t.id === 'string' &&
        Number.isSafeInteger(t.checkpointId) &&
        isIndex(t.subtask) &&
        Array.isArray(t.values),
      'a transaction {id, checkpointId, subtask, values}',
    );
    for (const t of restored) this.result.commit(t.id, t.subtask, t.checkpointId, t.values);
    this.state.clear();
  }

  processElement(value: unknown): void {
    if (this.mode === 'immediate') {
      const n = this.published++;
      const id = `${this.ctx.jobId}:${this.ctx.subtaskIndex}:a${this.ctx.attemptNumber}:r${n}`;
      this.result.commit(id, this.ctx.subtaskIndex, -1, [value as T]);
    } else this.openTransaction.push(value as T);
  }

  override snapshotState(checkpointId: number): void {
    if (this.mode === 'exactly-once') {
      const subtask = this.ctx.subtaskIndex;
      const id = `${this.ctx.jobId}:${subtask}:${checkpointId}`;
      this.pending.push({ id, checkpointId, subtask, values: this.openTransaction });
      this.openTransaction = [];
    }
    this.state.update(this.pending);
  }

  override notifyCheckpointComplete(checkpointId: number): void {
    for (const t of this.pending)
      if (t.checkpointId <= checkpointId) this.result.commit(t.id, t.subtask, t.checkpointId, t.values);
    this.pending = this.pending.filter((t) => t.checkpointId > checkpointId);
  }
}
