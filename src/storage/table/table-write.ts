import { encodeBinaryRow } from '../spec/binary-row.js';
import type { DataType } from '../spec/data-types.js';
import { normalizeRow, type Row } from '../spec/values.js';
import { AppendBucketWriter } from './append-writer.js';
import { BucketRouter } from './bucket-router.js';
import type { CommitMessage } from './commit-message.js';
import { hex } from './file-entry.js';
import { partitionPath } from './partition-path.js';
import type { FileStoreTable } from './table.js';

interface OpenWriter {
  readonly partition: Uint8Array;
  readonly bucket: number;
  readonly writer: AppendBucketWriter;
}

/**
 * Writes rows of an append table (`TableWriteImpl` over `AppendFileStoreWrite`): routes each row to its
 * partition and bucket, buffers, and on `prepareCommit` flushes every open writer into data files and
 * returns one commit message per partition + bucket. Nothing is visible until the messages are committed.
 */
export class TableWrite {
  private readonly writers = new Map<string, OpenWriter>();
  private readonly router: BucketRouter;
  private readonly partitionTypes: DataType[];
  private maxSequenceByBucket: Map<string, number> | undefined;
  private closed = false;

  constructor(private readonly table: FileStoreTable) {
    if (table.schema.primaryKeys.length > 0) {
      throw new Error(`Writing primary-key table '${table.name}' is not supported yet`);
    }
    this.router = new BucketRouter(table.schema, table.options);
    this.partitionTypes = table.partitionTypes;
  }

  /** Checks and buffers rows (plain objects keyed by column name; see values.ts for value types). */
  write(rows: Iterable<Row>): void {
    if (this.closed) throw new Error('TableWrite is closed');
    const rowType = this.table.rowType;
    for (const input of rows) {
      const row = normalizeRow(rowType, input);
      const partitionValues = this.table.schema.partitionKeys.map((k) => row[k]);
      const partition = encodeBinaryRow(this.partitionTypes, partitionValues);
      const bucket = this.router.bucket(row);
      this.writerFor(partition, partitionValues, bucket).write(row);
    }
  }

  /** Flushes all buffered rows; one message per open partition + bucket (empty ones included). */
  prepareCommit(): CommitMessage[] {
    const totalBuckets = this.router.numBuckets;
    return [...this.writers.values()].map((w) => ({
      partition: w.partition,
      bucket: w.bucket,
      totalBuckets,
      newFiles: w.writer.flush(),
      deletedFiles: [],
      compactBefore: [],
      compactAfter: [],
    }));
  }

  /** Drops buffered rows; data files already written but not committed stay as orphans. */
  close(): void {
    this.closed = true;
    this.writers.clear();
  }

  private writerFor(partition: Uint8Array, partitionValues: unknown[], bucket: number): AppendBucketWriter {
    const key = `${hex(partition)}|${bucket}`;
    let open = this.writers.get(key);
    if (!open) {
      const table = this.table;
      const path = partitionPath(
        table.schema.partitionKeys,
        this.partitionTypes,
        partitionValues,
        table.options.string('partition.default-name')!,
      );
      const nextSequence = (this.restoredMaxSequences().get(key) ?? -1) + 1;
      open = {
        partition,
        bucket,
        writer: new AppendBucketWriter(
          table.appendWriterContext(),
          table.paths.bucketDir(path, bucket),
          nextSequence,
        ),
      };
      this.writers.set(key, open);
    }
    return open.writer;
  }

  /** Largest committed sequence number per partition + bucket, read once from the latest snapshot. */
  private restoredMaxSequences(): Map<string, number> {
    if (!this.maxSequenceByBucket) {
      this.maxSequenceByBucket = new Map();
      for (const e of this.table.newScan().plan(this.table.snapshotManager.latestSnapshot())) {
        const key = `${hex(e.partition)}|${e.bucket}`;
        this.maxSequenceByBucket.set(
          key,
          Math.max(this.maxSequenceByBucket.get(key) ?? -1, e.file.maxSequenceNumber),
        );
      }
    }
    return this.maxSequenceByBucket;
  }
}
