import type { Table as ArrowTable } from 'apache-arrow';
import { SchemaMismatchError } from '../errors.js';
import { arrowToRows } from '../format/arrow-rows.js';
import { encodeBinaryRow } from '../spec/binary-row.js';
import type { DataType } from '../spec/data-types.js';
import { normalizeRow, type Row } from '../spec/values.js';
import { AppendBucketWriter } from './append-writer.js';
import { BucketRouter } from './bucket-router.js';
import type { CommitMessage } from './commit-message.js';
import { hex } from './file-entry.js';
import { partitionPath } from './partition-path.js';
import type { FileStoreTable } from './table.js';

const NO_VALUES: readonly unknown[] = [];

/** A partition value as map-key text (bigint and Timestamp print exactly; bytes as hex). */
function valueKey(v: unknown): string {
  if (v instanceof Uint8Array) return `x${hex(v)}`;
  return typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`;
}

interface OpenWriter {
  readonly key: string;
  readonly partition: Uint8Array;
  readonly bucket: number;
  readonly writer: AppendBucketWriter;
  /** Identifier of the last commit that carried files of this writer (Long.MIN_VALUE: never). */
  lastModifiedCommitIdentifier: bigint;
}

const LONG_MIN = -(2n ** 63n);

/** Decides whether an idle writer (empty increment) is closed, given its last modified identifier. */
export type WriterCleanChecker = (lastModifiedCommitIdentifier: bigint) => boolean;

/**
 * Writes rows of an append table (`TableWriteImpl` over `AppendFileStoreWrite`): routes each row to its
 * partition and bucket, buffers, and on `prepareCommit` flushes every open writer into data files and
 * returns one commit message per partition + bucket. Nothing is visible until the messages are committed.
 */
export class TableWrite {
  private readonly writers = new Map<string, OpenWriter>();
  private readonly writersByValues = new Map<string, OpenWriter>();
  private readonly router: BucketRouter;
  private readonly partitionTypes: DataType[];
  private maxSequenceByBucket: Map<string, number> | undefined;
  private closed = false;

  constructor(private readonly table: FileStoreTable) {
    if (table.schema.primaryKeys.length > 0) {
      throw new SchemaMismatchError(
        `Writing primary-key table '${table.name}' is not supported yet (primary-key tables are a later issue)`,
      );
    }
    this.router = new BucketRouter(table.schema, table.options);
    this.partitionTypes = table.partitionTypes;
  }

  /** Checks and buffers rows (plain objects keyed by column name; see values.ts for value types). */
  write(rows: Iterable<Row>): void {
    if (this.closed) throw new Error('TableWrite is closed');
    const rowType = this.table.rowType;
    const keys = this.table.schema.partitionKeys;
    for (const input of rows) {
      const row = normalizeRow(rowType, input);
      const partitionValues = keys.length === 0 ? NO_VALUES : keys.map((k) => row[k]);
      this.writerFor(partitionValues, this.router.bucket(row)).write(row);
    }
  }

  /** Buffers the rows of an Arrow table whose columns are named as the table's (pypaimon's `write_arrow`). */
  writeArrow(table: ArrowTable): void {
    this.write(arrowToRows(table, this.table.rowType));
  }

  /** Flushes all buffered rows; one message per open partition + bucket (empty ones included). */
  prepareCommit(identifier?: bigint, cleanChecker?: WriterCleanChecker): CommitMessage[] {
    const totalBuckets = this.router.numBuckets;
    const messages: CommitMessage[] = [];
    // "If this is the first commit, no writer should be cleaned" (AbstractFileStoreWrite.prepareCommit).
    const anyModified = [...this.writers.values()].some((w) => w.lastModifiedCommitIdentifier !== LONG_MIN);
    for (const w of [...this.writers.values()]) {
      const message: CommitMessage = {
        partition: w.partition,
        bucket: w.bucket,
        totalBuckets,
        newFiles: w.writer.flush(),
        deletedFiles: [],
        compactBefore: [],
        compactAfter: [],
      };
      // The (possibly empty) message is emitted before the close check, as in Paimon.
      messages.push(message);
      if (message.newFiles.length > 0) {
        if (identifier !== undefined) w.lastModifiedCommitIdentifier = identifier;
      } else if (cleanChecker && anyModified && cleanChecker(w.lastModifiedCommitIdentifier)) {
        this.closeWriter(w);
      }
    }
    return messages;
  }

  /** Open writers, for idle-writer bookkeeping and tests. */
  openWriterCount(): number {
    return this.writers.size;
  }

  private closeWriter(w: OpenWriter): void {
    this.writers.delete(w.key);
    for (const [k, v] of [...this.writersByValues]) if (v === w) this.writersByValues.delete(k);
    // A closed writer is recreated on new data; its sequence numbers continue from the table.
    this.maxSequenceByBucket = undefined;
  }

  /** Drops buffered rows; data files already written but not committed stay as orphans. */
  close(): void {
    this.closed = true;
    this.writers.clear();
    this.writersByValues.clear();
  }

  private writerFor(partitionValues: readonly unknown[], bucket: number): AppendBucketWriter {
    // Looked up by the values' text first: encoding a BinaryRow per row would dominate the write path.
    const quickKey = `${partitionValues.map(valueKey).join('\u0000')}|${bucket}`;
    const cached = this.writersByValues.get(quickKey);
    if (cached) return cached.writer;
    const partition = encodeBinaryRow(this.partitionTypes, partitionValues);
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
        key,
        partition,
        bucket,
        lastModifiedCommitIdentifier: LONG_MIN,
        writer: new AppendBucketWriter(
          table.appendWriterContext(),
          table.paths.bucketDir(path, bucket),
          nextSequence,
        ),
      };
      this.writers.set(key, open);
    }
    this.writersByValues.set(quickKey, open);
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
