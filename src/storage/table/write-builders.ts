import { nextUuid } from '../../common/random.js';
import { PaimonSimError } from '../errors.js';
import { encodeBinaryRow } from '../spec/binary-row.js';
import { BATCH_COMMIT_IDENTIFIER, type Snapshot } from '../spec/snapshot.js';
import type { CommitMaintenance } from './commit-maintenance.js';
import type { CommitMessage } from './commit-message.js';
import { type CommitWarning, runPostCommitStep } from './commit-warnings.js';
import type { AssignerSlot } from './dynamic-bucket-assigner.js';
import { hex } from './file-entry.js';
import type { PartitionPredicate } from './file-store-scan.js';
import { partitionPredicate } from './read-builder.js';
import type { TableContext } from './table-context.js';
import { TableWrite } from './table-write.js';

/** `CoreOptions.createCommitUser`: a random UUID, or `<commit.user-prefix>_<uuid>`. */
export function createCommitUser(table: TableContext): string {
  const uuid = nextUuid(table.env.random);
  const prefix = table.options.string('commit.user-prefix');
  return prefix ? `${prefix}_${uuid}` : uuid;
}

/**
 * One-shot batch writes (`BatchWriteBuilder`): commit identifier Long.MAX_VALUE, empty commits skipped.
 * `withOverwrite(partition)` makes the commit an INSERT OVERWRITE of that static partition; with no partition,
 * a partitioned table overwrites only the partitions present in the new data (`dynamic-partition-overwrite`,
 * default true), an unpartitioned one is replaced whole.
 */
export class BatchWriteBuilder {
  constructor(
    private readonly table: TableContext,
    private readonly overwritePartition?: Readonly<Record<string, unknown>>,
    readonly commitUser: string = createCommitUser(table),
  ) {}

  withOverwrite(staticPartition: Readonly<Record<string, unknown>> = {}): BatchWriteBuilder {
    return new BatchWriteBuilder(this.table, staticPartition, this.commitUser);
  }

  /** An overwrite's writer starts from empty buckets (`withIgnorePreviousFiles(staticPartition != null)`). */
  newWrite(): TableWrite {
    return new TableWrite(this.table, {
      waitCompaction: true,
      ignorePreviousFiles: this.overwritePartition !== undefined,
    });
  }

  newCommit(): BatchTableCommit {
    return new BatchTableCommit(
      this.table,
      this.commitUser,
      this.table.newCommitMaintenance(),
      this.overwritePartition,
    );
  }
}

/**
 * Batch commit. `commit()` throws only when the commit did not happen (or, for a CommitConflictError or
 * PartialCommitError with `committedSnapshotIds`, happened in part); once its snapshots are in the table,
 * failures of the LATEST hint or of maintenance are returned by `lastCommitWarnings()` instead.
 */
export class BatchTableCommit {
  private committed = false;
  private warnings: CommitWarning[] = [];

  constructor(
    private readonly table: TableContext,
    private readonly commitUser: string,
    /** Tags and expiration after the commit, handed in by the table (`TableCommitImpl`'s maintenance). */
    private readonly maintenance: CommitMaintenance,
    private readonly overwritePartition?: Readonly<Record<string, unknown>>,
  ) {}

  /** Commits once; returns the snapshots created (none when there was nothing to commit). */
  commit(messages: readonly CommitMessage[]): Snapshot[] {
    if (this.committed) throw new PaimonSimError('BatchTableCommit only support one-time committing.');
    this.committed = true;
    const request = { commitUser: this.commitUser, identifier: BATCH_COMMIT_IDENTIFIER, messages };
    const commit = this.table.newCommit();
    const created =
      this.overwritePartition === undefined
        ? commit.commit(request)
        : commit.overwrite({ ...request, partitionFilter: this.overwriteFilter(messages) });
    const ids = created.map((s) => s.id);
    this.warnings = [...commit.warnings];
    if (created.length > 0)
      runPostCommitStep('tag-batch-creation', ids, this.warnings, () => this.maintenance.createBatchTag());
    this.warnings.push(...this.maintenance.maintain(ids));
    return created;
  }

  /** What failed after the snapshots of the last `commit()` were in the table (see CommitWarning). */
  lastCommitWarnings(): readonly CommitWarning[] {
    return this.warnings;
  }

  private overwriteFilter(messages: readonly CommitMessage[]): PartitionPredicate | undefined {
    const spec = this.overwritePartition!;
    const table = this.table;
    if (Object.keys(spec).length > 0) {
      const predicate = partitionPredicate(table, spec)!;
      const scan = table.newScan();
      for (const m of messages) {
        if (m.newFiles.length > 0 && !predicate(scan.partitionValues(m.partition))) {
          throw new PaimonSimError(
            `Trying to overwrite partition ${JSON.stringify(spec)}, but the changes in ${JSON.stringify(scan.partitionValues(m.partition), jsonSafe)} does not belong to this partition`,
          );
        }
      }
      return predicate;
    }
    if (table.schema.partitionKeys.length === 0 || !table.options.bool('dynamic-partition-overwrite'))
      return undefined;
    // Partitions compare by their BinaryRow bytes: re-encoding decoded values yields the same bytes.
    const written = new Set(messages.filter((m) => m.newFiles.length > 0).map((m) => hex(m.partition)));
    return (values) => written.has(hex(encodeBinaryRow(table.partitionTypes, values)));
  }
}

/**
 * Streaming writes (`StreamWriteBuilder`): a fixed commit user across commits, caller-chosen identifiers
 * (Flink checkpoint ids), empty commits written unless `ignoreEmptyCommit(true)`.
 */
export class StreamWriteBuilder {
  constructor(
    private readonly table: TableContext,
    readonly commitUser: string = createCommitUser(table),
  ) {}

  withCommitUser(commitUser: string): StreamWriteBuilder {
    return new StreamWriteBuilder(this.table, commitUser);
  }

  /**
   * Compactions land in a later commit unless `sim.compaction.async` is false (see MergeTreeBucketWriter).
   * `assignerSlot`: one of several parallel writers of a dynamic-bucket table (it creates only its buckets).
   */
  newWrite(assignerSlot?: AssignerSlot): TableWrite {
    return new TableWrite(this.table, {
      waitCompaction: !this.table.options.bool('sim.compaction.async'),
      ...(assignerSlot ? { assignerSlot } : {}),
    });
  }

  newCommit(): StreamTableCommit {
    return new StreamTableCommit(this.table, this.commitUser, this.table.newCommitMaintenance());
  }
}

/** Streaming commit; like BatchTableCommit, post-commit failures are in `lastCommitWarnings()`, not thrown. */
export class StreamTableCommit {
  private ignoreEmpty = false;
  private warnings: CommitWarning[] = [];

  constructor(
    private readonly table: TableContext,
    readonly commitUser: string,
    /** Tags and expiration after each commit, handed in by the table (`TableCommitImpl`'s maintenance). */
    private readonly maintenance: CommitMaintenance,
  ) {}

  ignoreEmptyCommit(ignore: boolean): this {
    this.ignoreEmpty = ignore;
    return this;
  }

  commit(identifier: bigint, messages: readonly CommitMessage[], watermark?: bigint): Snapshot[] {
    this.warnings = [];
    const commit = this.table.newCommit();
    const created = commit.commit({
      commitUser: this.commitUser,
      identifier,
      messages,
      allowEmpty: !this.ignoreEmpty,
      ...(watermark === undefined ? {} : { watermark }),
    });
    this.warnings = [...commit.warnings, ...this.maintenance.maintain(created.map((s) => s.id))];
    return created;
  }

  /** What failed after the snapshots of the last `commit()` were in the table (see CommitWarning). */
  lastCommitWarnings(): readonly CommitWarning[] {
    return this.warnings;
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
