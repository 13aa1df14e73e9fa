import { SchemaMismatchError } from '../../../storage/errors.js';
import { type RowKindText, rowKindFromText } from '../../../storage/spec/key-value.js';
import type { Row } from '../../../storage/spec/values.js';
import type { FileStoreTable } from '../../../storage/table/table.js';
import type { TableWrite } from '../../../storage/table/table-write.js';
import { SinkWriteError } from '../../errors.js';
import { AbstractStreamOperator } from '../../task/operator.js';
import type { BucketedRecord } from './bucket-assigner-operator.js';
import { restoreCommitUser } from './commit-user.js';
import { COMMIT_USER_STATE, type Committable, END_INPUT_CHECKPOINT_ID } from './committable.js';
import { showRecord } from './restored-state.js';

/**
 * `Writer : <table>` (`TableWriteOperator` / `PrepareCommitOperator`): writes rows; in
 * `prepareSnapshotPreBarrier(checkpointId)` flushes and emits one committable per open partition + bucket (empty
 * ones included), before the barrier; closes idle writers as Paimon does (an increment with only compaction
 * changes counts as modified); at end of input emits committables with id Long.MAX_VALUE. Records may carry
 * their row kind (sink option `rowKindProperty`). Writers start from the table's latest snapshot, never from
 * the savepoint: the only state is the commit user.
 */
export class PaimonWriterOperator extends AbstractStreamOperator {
  private write!: TableWrite;
  private tableName!: string;
  private commitUser!: string;
  private endOfInput = false;

  constructor(
    private readonly table: () => FileStoreTable,
    private readonly initialCommitUser: string,
    /** Sink option `rowKindProperty`: the record property holding the row kind, removed before writing. */
    private readonly rowKindProperty?: string,
    /** Inputs are `BucketedRecord`s from the dynamic-bucket assigner: write each to its bucket. */
    private readonly bucketed = false,
    /**
     * Unaware-bucket append tables (`RowAppendTableSink.createNoStateRowWriteOperatorFactory`): no writer state,
     * the commit user is the job's initial one ("No conflicts will occur in append only unaware bucket writer, so
     * commitUser does not matter"); the committer still restores the user from its own state.
     */
    private readonly stateless = false,
  ) {
    super();
  }

  override initializeState(): void {
    super.initializeState();
    if (this.stateless) {
      this.commitUser = this.initialCommitUser;
    } else {
      const userState = this.ctx.operatorState.getUnionListState<string>(COMMIT_USER_STATE);
      this.commitUser = restoreCommitUser(this.ctx, userState, this.initialCommitUser);
    }
    const table = this.table();
    this.tableName = table.name;
    this.write = table.newStreamWriteBuilder().withCommitUser(this.commitUser).newWrite();
  }

  processElement(value: unknown): void {
    const bucket = this.bucketed ? (value as BucketedRecord).bucket : undefined;
    const row = (this.bucketed ? (value as BucketedRecord).record : value) as Row;
    const write = (rows: Row[], kind: RowKindText = '+I') =>
      bucket === undefined ? this.write.write(rows, kind) : this.write.writeToBucket(rows, bucket, kind);
    try {
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new SchemaMismatchError('Record expects an object keyed by column name');
      const property = this.rowKindProperty;
      if (property === undefined || !(property in row)) {
        write([row]);
        return;
      }
      const { [property]: kind, ...fields } = row;
      const text = kind === undefined ? '+I' : String(kind);
      rowKindFromText(text, `Record property '${property}' (sink option rowKindProperty)`);
      write([fields], text as RowKindText);
    } catch (e) {
      if (!(e instanceof SchemaMismatchError)) throw e;
      // The storage message names column and value; the table and the record tell the user which input.
      throw new SinkWriteError(`${e.message} (table ${this.tableName}, record ${showRecord(row)})`, {
        cause: e,
      });
    }
  }

  override prepareSnapshotPreBarrier(checkpointId: number): void {
    if (!this.endOfInput) this.emitCommittables(BigInt(checkpointId));
  }

  override endInput(): void {
    this.endOfInput = true;
    // `StoreSinkWriteImpl.prepareCommit(waitCompaction = true)` at end of input: the last commit includes
    // every compaction that was running.
    this.emitCommittables(END_INPUT_CHECKPOINT_ID, true);
  }

  override close(): void {
    this.write?.close();
  }

  private emitCommittables(checkpointId: bigint, waitCompaction?: boolean): void {
    const table = this.table();
    // Conflict-aware clean check for bucketed tables (fixed or dynamic buckets); unaware-bucket append
    // writers close whenever idle (`createWriteCleanChecker`). The newest identifier of this user is looked
    // up only when an idle writer asks: Paimon skips it on the first commit and for unaware-bucket tables,
    // and it walks the snapshot history (`SnapshotManager.latestSnapshotOfUser`).
    const unaware = table.options.int('bucket') <= 0 && table.schema.primaryKeys.length === 0;
    let latestCommitted: { id: bigint | undefined } | undefined;
    const checker = (lastModified: bigint) => {
      if (unaware) return true;
      latestCommitted ??= {
        id: table.snapshotManager.latestSnapshotOfUser(this.commitUser)?.commitIdentifier,
      };
      return latestCommitted.id !== undefined && lastModified < latestCommitted.id;
    };
    for (const message of this.write.prepareCommit(checkpointId, checker, waitCompaction)) {
      const committable: Committable = { checkpointId, message };
      this.ctx.output.collect(committable, null);
    }
  }
}
