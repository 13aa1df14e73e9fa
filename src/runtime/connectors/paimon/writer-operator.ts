import type { FileStoreTable } from '../../../storage/table/table.js';
import type { TableWrite } from '../../../storage/table/table-write.js';
import type { ListState } from '../../state/keyed-state.js';
import { AbstractStreamOperator } from '../../task/operator.js';
import { restoreCommitUser } from './commit-user.js';
import { COMMIT_USER_STATE, type Committable, END_INPUT_CHECKPOINT_ID } from './committable.js';

/**
 * `Writer : <table>` (`TableWriteOperator` / `PrepareCommitOperator`): writes rows; in
 * `prepareSnapshotPreBarrier(checkpointId)` flushes and emits one committable per open partition + bucket (empty
 * ones included), before the barrier; closes idle writers as Paimon does; at end of input emits committables with
 * id Long.MAX_VALUE. Writers start from the table's latest snapshot, never from the savepoint: the only state is
 * the commit user.
 */
export class PaimonWriterOperator extends AbstractStreamOperator {
  private write!: TableWrite;
  private commitUser!: string;
  private userState!: ListState<string>;
  private endOfInput = false;

  constructor(
    private readonly table: () => FileStoreTable,
    private readonly initialCommitUser: string,
  ) {
    super();
  }

  override initializeState(): void {
    super.initializeState();
    this.userState = this.ctx.operatorState.getUnionListState<string>(COMMIT_USER_STATE);
    this.commitUser = restoreCommitUser(
      this.userState,
      this.initialCommitUser,
      this.ctx.restoredCheckpointId !== undefined,
    );
    this.write = this.table().newStreamWriteBuilder().withCommitUser(this.commitUser).newWrite();
  }

  processElement(value: unknown): void {
    this.write.write([value as Record<string, unknown>]);
  }

  override prepareSnapshotPreBarrier(checkpointId: number): void {
    if (!this.endOfInput) this.emitCommittables(BigInt(checkpointId));
  }

  override endInput(): void {
    this.endOfInput = true;
    this.emitCommittables(END_INPUT_CHECKPOINT_ID);
  }

  override close(): void {
    this.write?.close();
  }

  private emitCommittables(checkpointId: bigint): void {
    const table = this.table();
    const latestCommitted = table.snapshotManager.latestSnapshotOfUser(this.commitUser)?.commitIdentifier;
    // Conflict-aware clean check for fixed buckets; unaware-bucket append writers close whenever idle.
    const fixed = table.options.int('bucket') > 0;
    const checker = (lastModified: bigint) =>
      !fixed || (latestCommitted !== undefined && lastModified < latestCommitted);
    for (const message of this.write.prepareCommit(checkpointId, checker)) {
      const committable: Committable = { checkpointId, message };
      this.ctx.output.collect(committable, null);
    }
  }
}
