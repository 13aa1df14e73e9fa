import type { Table as ArrowTable } from 'apache-arrow';
import { SchemaMismatchError } from '../errors.js';
import { arrowToRows } from '../format/arrow-rows.js';
import { encodeBinaryRow } from '../spec/binary-row.js';
import type { DataFileMeta } from '../spec/data-file-meta.js';
import type { DataType } from '../spec/data-types.js';
import { type RowKind, type RowKindText, rowKindFromText } from '../spec/key-value.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import { normalizeRow, type Row } from '../spec/values.js';
import { AppendBucketWriter } from './append-writer.js';
import { conformArrowTable } from './arrow-input.js';
import { BucketRouter } from './bucket-router.js';
import type { CommitMessage } from './commit-message.js';
import { type AssignerSlot, BucketIndexMaintainer } from './dynamic-bucket-assigner.js';
import { hex } from './file-entry.js';
import type { IndexFileStore } from './index-file-store.js';
import { partitionPath, partitionValueText } from './partition-path.js';
import { type BucketIncrement, MergeTreeBucketWriter } from './pk/merge-tree-writer.js';
import { PrimaryKeyStore } from './pk/primary-key-store.js';
import type { WriteBufferPool } from './pk/write-buffer-memory.js';
import { RowBucketAssigner } from './row-bucket-assigner.js';
import type { TableContext } from './table-context.js';

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
  readonly writer: AppendBucketWriter | MergeTreeBucketWriter;
  /** A full compaction was asked for (`compact`) and runs at the next `prepareCommit`. */
  fullCompaction: boolean;
  /** Identifier of the last commit that carried files of this writer (Long.MIN_VALUE: never). */
  lastModifiedCommitIdentifier: bigint;
}

const LONG_MIN = -(2n ** 63n);
const BATCH_IDENTIFIER = 2n ** 63n - 1n;

/** Decides whether an idle writer (empty increment) is closed, given its last modified identifier. */
export type WriterCleanChecker = (lastModifiedCommitIdentifier: bigint) => boolean;

export interface TableWriteOptions {
  /** Wait for compactions at `prepareCommit` (batch writes do; streaming ones only without async compaction). */
  readonly waitCompaction: boolean;
  /** Dynamic bucket mode with several writers: the buckets this writer may create (default: all). */
  readonly assignerSlot?: AssignerSlot;
  /**
   * Start every bucket empty instead of from the table's files (`withIgnorePreviousFiles`): an INSERT
   * OVERWRITE replaces them, so it neither builds on them nor checks their bucket number (it may rescale).
   */
  readonly ignorePreviousFiles?: boolean;
}

/**
 * Writes rows (`TableWriteImpl`): routes each row to its partition and bucket, buffers, and on
 * `prepareCommit` flushes every open writer into data files and returns one commit message per partition +
 * bucket. Append tables append (`AppendFileStoreWrite`); primary-key tables write LSM trees with merging and
 * compaction (`KeyValueFileStoreWrite`). Nothing is visible until the messages are committed.
 */
export class TableWrite {
  private readonly writers = new Map<string, OpenWriter>();
  private readonly writersByValues = new Map<string, OpenWriter>();
  private readonly router: BucketRouter;
  private readonly partitionTypes: DataType[];
  private readonly pk: PrimaryKeyStore | undefined;
  /** `write-buffer-size`, shared by every primary-key writer of this write (`MemoryFileStoreWrite`). */
  private readonly writeBufferPool: WriteBufferPool | undefined;
  private readonly rowKindField: string | null;
  private restoredFiles: Map<string, ManifestEntry[]> | undefined;
  private commits = 0;
  private readonly assigner: RowBucketAssigner | undefined;
  private readonly indexMaintainer: BucketIndexMaintainer | undefined;
  private readonly indexes: IndexFileStore;
  private readonly notNullColumns: string[];
  private closed = false;
  private readonly ignorePreviousFiles: boolean;
  private bucketNumbers:
    | { restored: Map<string, ManifestEntry[]>; byPartition: Map<string, number[]> }
    | undefined;

  constructor(
    private readonly table: TableContext,
    private readonly options: TableWriteOptions = { waitCompaction: true },
  ) {
    this.router = new BucketRouter(table.schema, table.options);
    this.partitionTypes = table.partitionTypes;
    this.pk = table.schema.primaryKeys.length > 0 ? new PrimaryKeyStore(table) : undefined;
    this.writeBufferPool = this.pk?.newWriteBufferPool();
    this.indexes = table.newIndexFileStore();
    const dynamic = this.router.mode === 'dynamic';
    this.assigner = dynamic ? new RowBucketAssigner(table, options.assignerSlot) : undefined;
    this.indexMaintainer = dynamic
      ? new BucketIndexMaintainer(this.indexes, () => table.snapshotManager.latestSnapshot()?.indexManifest)
      : undefined;
    this.ignorePreviousFiles = options.ignorePreviousFiles ?? false;
    this.rowKindField = table.options.string('rowkind.field');
    this.notNullColumns = table.rowType.fields.filter((f) => !f.type.nullable).map((f) => f.name);
    if (this.rowKindField !== null && !table.schema.fields.some((f) => f.name === this.rowKindField))
      throw new SchemaMismatchError(
        `Option 'rowkind.field' names '${this.rowKindField}', which is not a column of table '${table.name}'`,
      );
  }

  /**
   * Checks and buffers rows (plain objects keyed by column name; see values.ts for value types). Rows of a
   * primary-key table carry `kind` (+I by default), or the value of their `rowkind.field` column.
   */
  write(rows: Iterable<Row>, kind: RowKindText = '+I'): void {
    this.writeRows(rows, kind, undefined);
  }

  /**
   * Writes rows whose bucket was chosen upstream (`TableWriteImpl.write(row, bucket)`): the Flink sink's
   * `dynamic-bucket-assigner` decides buckets of dynamic-bucket tables before the writers. The writer still
   * keeps the bucket's key index.
   */
  writeToBucket(rows: Iterable<Row>, bucket: number, kind: RowKindText = '+I'): void {
    if (!Number.isInteger(bucket) || bucket < 0)
      throw new SchemaMismatchError(`Bucket ${bucket} for table '${this.table.name}' is not a bucket number`);
    this.writeRows(rows, kind, bucket);
  }

  private writeRows(rows: Iterable<Row>, kind: RowKindText, givenBucket: number | undefined): void {
    if (this.closed) throw new Error('TableWrite is closed');
    const rowType = this.table.rowType;
    const keys = this.table.schema.partitionKeys;
    const pk = this.pk;
    const defaultKind = rowKindFromText(kind, `TableWrite.write on '${this.table.name}'`);
    if (!pk && defaultKind !== 0)
      throw new SchemaMismatchError(
        `Append table '${this.table.name}' only accepts +I rows (got ${kind}); updates and deletes need a primary key`,
      );
    const keyNames = pk?.keyNames ?? [];
    for (const input of rows) {
      this.checkNullability(input);
      const row = normalizeRow(rowType, input);
      const partitionValues = keys.length === 0 ? NO_VALUES : keys.map((k) => row[k]);
      const bucket = this.bucketOf(row, givenBucket);
      const writer = this.writerFor(partitionValues, bucket);
      if (writer instanceof MergeTreeBucketWriter) {
        writer.write(
          this.kindOf(row, defaultKind),
          keyNames.map((k) => row[k]),
          row,
        );
      } else writer.write(row);
    }
  }

  /** The row's bucket (given, assigned or hashed); dynamic buckets also record the key in the bucket's index. */
  private bucketOf(row: Row, given: number | undefined): number {
    if (!this.assigner) return given ?? this.router.bucket(row);
    if (given === undefined) {
      const at = this.assigner.place(row);
      this.indexMaintainer!.notify(at.partition, at.partitionKey, at.bucket, at.hash);
      return at.bucket;
    }
    const { bytes, key } = this.assigner.partitionOf(row);
    this.indexMaintainer!.notify(bytes, key, given, this.router.keyHash(row));
    return given;
  }

  /** Asks for a full compaction of one bucket, done (and waited for) at the next `prepareCommit`. */
  compact(partitionValues: readonly unknown[], bucket: number): void {
    if (!this.pk)
      throw new SchemaMismatchError(`Table '${this.table.name}' has no primary key: nothing to compact`);
    this.writerFor(partitionValues, bucket);
    const key = `${hex(encodeBinaryRow(this.partitionTypes, partitionValues))}|${bucket}`;
    this.writers.get(key)!.fullCompaction = true;
  }

  /** `TableWriteImpl.checkNullability`, with Paimon's text (primary key columns are NOT NULL). */
  private checkNullability(row: Row): void {
    if (typeof row !== 'object' || row === null) return; // normalizeRow reports it
    for (const column of this.notNullColumns) {
      if (row[column] === null || row[column] === undefined)
        throw new SchemaMismatchError(`Cannot write null to non-null column(${column})`);
    }
  }

  private kindOf(row: Row, fallback: RowKind): RowKind {
    if (this.rowKindField === null) return fallback;
    const text = row[this.rowKindField];
    return rowKindFromText(
      String(text),
      `Column '${this.rowKindField}' ('rowkind.field') of table '${this.table.name}'`,
    );
  }

  /**
   * Buffers the rows of an Arrow table whose columns are named and typed as the table's (pypaimon's
   * `write_arrow`; types as `toArrowSchema`, a missing nullable column is null). The table is checked as a
   * whole first (arrow-input.ts). An unpartitioned bucket-unaware append table keeps it columnar up to the
   * data files and their stats; every other table routes it as rows (partition and bucket are per row).
   * The columnar path keeps the table's buffers until `prepareCommit`: do not change them before.
   */
  writeArrow(table: ArrowTable): void {
    if (this.closed) throw new Error('TableWrite is closed');
    const rowType = this.table.rowType;
    const conformed = conformArrowTable(table, rowType, this.table.name);
    const columnar =
      !this.pk && this.router.mode === 'unaware' && this.table.schema.partitionKeys.length === 0;
    if (!columnar) {
      this.write(arrowToRows(conformed, rowType));
      return;
    }
    if (conformed.numRows === 0) return; // as write([]): no writer, no (empty) commit message
    const writer = this.writerFor(NO_VALUES, this.router.bucket({})) as AppendBucketWriter;
    writer.writeArrow(conformed);
  }

  /** Flushes all buffered rows; one message per open partition + bucket (empty ones included). */
  prepareCommit(
    identifier?: bigint,
    cleanChecker?: WriterCleanChecker,
    waitCompaction: boolean = this.options.waitCompaction,
  ): CommitMessage[] {
    const totalBuckets = this.router.numBuckets;
    const messages: CommitMessage[] = [];
    this.commits++;
    const fullNow = this.fullCompactionDue(identifier);
    // "If this is the first commit, no writer should be cleaned" (AbstractFileStoreWrite.prepareCommit).
    const anyModified = [...this.writers.values()].some((w) => w.lastModifiedCommitIdentifier !== LONG_MIN);
    for (const w of [...this.writers.values()]) {
      const increment: BucketIncrement =
        w.writer instanceof MergeTreeBucketWriter
          ? w.writer.prepareCommit(waitCompaction, w.fullCompaction || fullNow)
          : { newFiles: w.writer.flush(), compactBefore: [], compactAfter: [] };
      w.fullCompaction = false;
      const message: CommitMessage = {
        partition: w.partition,
        bucket: w.bucket,
        totalBuckets,
        newFiles: increment.newFiles,
        deletedFiles: [],
        compactBefore: increment.compactBefore,
        compactAfter: increment.compactAfter,
      };
      // The (possibly empty) message is emitted before the close check, as in Paimon.
      messages.push(message);
      if (message.newFiles.length + message.compactAfter.length + message.compactBefore.length > 0) {
        if (identifier !== undefined) w.lastModifiedCommitIdentifier = identifier;
      } else if (cleanChecker && anyModified && cleanChecker(w.lastModifiedCommitIdentifier)) {
        this.closeWriter(w);
      }
    }
    if (this.indexMaintainer) this.attachIndexFiles(messages);
    // Writers created from now on restore from the snapshot these messages will be part of.
    this.restoredFiles = undefined;
    return messages;
  }

  /**
   * `full-compaction.delta-commits` = n: a full compaction (waited for) at every n-th commit; with
   * identifiers (Flink checkpoint ids) at ids divisible by n, as `GlobalFullCompactionSinkWrite` does, so the
   * rhythm survives a failover. Paimon compacts only buckets written since; here every open bucket.
   */
  private fullCompactionDue(identifier: bigint | undefined): boolean {
    const o = this.table.options;
    if (o.get('full-compaction.delta-commits') === null) return false;
    const n = o.int('full-compaction.delta-commits');
    if (identifier === undefined || identifier === BATCH_IDENTIFIER) return this.commits % n === 0;
    return identifier % BigInt(n) === 0n;
  }

  /** Dynamic bucket mode: a new HASH index file for every bucket that got new keys, on its message. */
  private attachIndexFiles(messages: CommitMessage[]): void {
    for (const change of this.indexMaintainer!.drainChanges()) {
      const entry = this.indexes.writeHashes(change.partition, change.bucket, change.hashes);
      const key = hex(change.partition);
      const i = messages.findIndex((m) => m.bucket === change.bucket && hex(m.partition) === key);
      const m = messages[i]!; // a bucket with new keys had rows, hence a writer and a message
      messages[i] = { ...m, newIndexFiles: [...(m.newIndexFiles ?? []), entry] };
    }
  }

  /** Open writers, for idle-writer bookkeeping and tests. */
  openWriterCount(): number {
    return this.writers.size;
  }

  private closeWriter(w: OpenWriter): void {
    if (w.writer instanceof MergeTreeBucketWriter) w.writer.close();
    this.writers.delete(w.key);
    for (const [k, v] of [...this.writersByValues]) if (v === w) this.writersByValues.delete(k);
    // A closed writer is recreated on new data; its files and sequence numbers come from the table again.
    this.restoredFiles = undefined;
  }

  /** Drops buffered rows; data files already written but not committed stay as orphans. */
  close(): void {
    this.closed = true;
    for (const w of this.writers.values()) if (w.writer instanceof MergeTreeBucketWriter) w.writer.close();
    this.writers.clear();
    this.writersByValues.clear();
  }

  private writerFor(
    partitionValues: readonly unknown[],
    bucket: number,
  ): AppendBucketWriter | MergeTreeBucketWriter {
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
      // Bucket-unaware append writers always start empty, their sequence numbers from 0: Paimon 1.3
      // `AppendFileStoreWrite` forces `withIgnorePreviousFiles(true)` ("in unaware bucket mode, we need all
      // writers to be empty"), so opening one never scans the table.
      const ignorePrevious = this.ignorePreviousFiles || this.router.mode === 'unaware';
      if (!ignorePrevious) this.checkBucketNumber(partition, partitionValues);
      const restored = ignorePrevious ? [] : (this.restoredFilesByBucket().get(key) ?? []).map((e) => e.file);
      const bucketDir = table.paths.bucketDir(path, bucket);
      open = {
        key,
        partition,
        bucket,
        fullCompaction: false,
        lastModifiedCommitIdentifier: LONG_MIN,
        writer: this.pk
          ? new MergeTreeBucketWriter(this.pk, bucketDir, restored, {
              writeOnly: table.options.bool('write-only'),
              stopTrigger: this.stopTrigger(),
              writeBufferPool: this.writeBufferPool!,
            })
          : new AppendBucketWriter(table.appendWriterContext(), bucketDir, maxSequence(restored) + 1),
      };
      this.writers.set(key, open);
    }
    this.writersByValues.set(quickKey, open);
    return open.writer;
  }

  /**
   * `AbstractFileStoreWrite.scanExistingFileMetas`: a writer must not add to data laid out for another bucket
   * number (after `ALTER TABLE … SET ('bucket' = …)`): keys would hash to other buckets than their existing
   * records and be duplicated. The number the files were written with is their manifest entries'
   * `totalBuckets`. Paimon compares it per restored bucket; here every bucket of the partition counts, so a
   * key landing in a bucket id the old layout did not have is refused too (in Paimon it slips through and
   * later commits fail). Bucket-unaware append tables never restore files (`AppendFileStoreWrite`).
   */
  private checkBucketNumber(partition: Uint8Array, partitionValues: readonly unknown[]): void {
    if (this.router.mode === 'unaware') return;
    const numBuckets = this.router.numBuckets;
    const previous = this.previousBucketNumbers()
      .get(hex(partition))
      ?.find((n) => n !== numBuckets);
    if (previous === undefined) return;
    const keys = this.table.schema.partitionKeys;
    // `PartitionComputer.generatePartValues` with PARTITION_DEFAULT_NAME's default value, as a Java Map.
    const where =
      keys.length === 0
        ? 'table'
        : `partition {${keys.map((k, i) => `${k}=${partitionValueText(this.partitionTypes[i]!, partitionValues[i], '__DEFAULT_PARTITION__')}`).join(', ')}}`;
    throw new SchemaMismatchError(
      `Try to write ${where} with a new bucket num ${numBuckets}, but the previous bucket num is ${previous}. Please switch to batch mode, and perform INSERT OVERWRITE to rescale current data layout first.`,
    );
  }

  /** The distinct `totalBuckets` of the live files per partition (hex of its BinaryRow), per restore. */
  private previousBucketNumbers(): Map<string, number[]> {
    const restored = this.restoredFilesByBucket();
    if (this.bucketNumbers?.restored === restored) return this.bucketNumbers.byPartition;
    const byPartition = new Map<string, number[]>();
    for (const [key, entries] of restored) {
      const partition = key.slice(0, key.lastIndexOf('|'));
      const numbers = byPartition.get(partition) ?? [];
      for (const e of entries) if (!numbers.includes(e.totalBuckets)) numbers.push(e.totalBuckets);
      byPartition.set(partition, numbers);
    }
    this.bucketNumbers = { restored, byPartition };
    return byPartition;
  }

  /** `num-sorted-run.stop-trigger`, default `num-sorted-run.compaction-trigger` + 3. */
  private stopTrigger(): number {
    const o = this.table.options;
    return o.get('num-sorted-run.stop-trigger') === null
      ? o.int('num-sorted-run.compaction-trigger') + 3
      : o.int('num-sorted-run.stop-trigger');
  }

  /** Live files per partition + bucket, read once from the latest snapshot (`restoreFiles`). */
  private restoredFilesByBucket(): Map<string, ManifestEntry[]> {
    if (!this.restoredFiles) {
      this.restoredFiles = new Map();
      for (const e of this.table.newScan().plan(this.table.snapshotManager.latestSnapshot())) {
        const key = `${hex(e.partition)}|${e.bucket}`;
        const list = this.restoredFiles.get(key);
        if (list) list.push(e);
        else this.restoredFiles.set(key, [e]);
      }
    }
    return this.restoredFiles;
  }
}

function maxSequence(files: readonly DataFileMeta[]): number {
  return files.reduce((m, f) => Math.max(m, f.maxSequenceNumber), -1);
}
