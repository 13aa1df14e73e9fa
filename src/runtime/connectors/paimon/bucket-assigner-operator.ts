import { normalizeRow, type Row } from '../../../storage/spec/values.js';
import type { RowBucketAssigner } from '../../../storage/table/row-bucket-assigner.js';
import type { FileStoreTable } from '../../../storage/table/table.js';
import { AbstractStreamOperator } from '../../task/operator.js';

/** A record with the bucket its dynamic-bucket table assigned, on its way to the bucket's writer. */
export interface BucketedRecord {
  readonly record: unknown;
  readonly bucket: number;
  /** Partition as BinaryRow hex: with the bucket, the writer routing key. */
  readonly partition: string;
}

/**
 * `dynamic-bucket-assigner` (`HashBucketAssignerOperator`) of Paimon's dynamic bucket sink: records arrive
 * keyed by key hash, so each key has one assigner; assigner i creates only buckets b with
 * b % parallelism == i, and loads the key → bucket index of the table's latest snapshot when it starts. Its
 * output is shuffled by bucket, so every bucket has exactly one writer whatever the parallelism. No state:
 * the index lives in the table.
 */
export class DynamicBucketAssignerOperator extends AbstractStreamOperator {
  private assigner!: RowBucketAssigner;
  private table!: FileStoreTable;

  constructor(
    private readonly openTable: () => FileStoreTable,
    private readonly rowKindProperty?: string,
  ) {
    super();
  }

  override initializeState(): void {
    super.initializeState();
    this.table = this.openTable();
    this.assigner = this.table.newBucketAssigner({
      assignId: this.ctx.subtaskIndex,
      numAssigners: this.ctx.parallelism,
    });
  }

  processElement(value: unknown): void {
    let out: BucketedRecord;
    try {
      let row = value as Row;
      const property = this.rowKindProperty;
      if (property !== undefined && property in row) {
        const { [property]: _kind, ...fields } = row;
        row = fields;
      }
      const at = this.assigner.place(normalizeRow(this.table.rowType, row));
      out = { record: value, bucket: at.bucket, partition: at.partitionKey };
    } catch {
      // A record that does not fit the table: its writer reports it with the table and the record.
      out = { record: value, bucket: 0, partition: '' };
    }
    this.ctx.output.collect(out, null);
  }
}
