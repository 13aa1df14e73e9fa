import type { DataFileMeta } from '../spec/data-file-meta.js';

/**
 * What one writer (one partition + bucket) hands to the committer for one commit
 * (`org.apache.paimon.table.sink.CommitMessageImpl`): files it added, and what a compaction replaced.
 */
export interface CommitMessage {
  /** Partition values as BinaryRow bytes. */
  readonly partition: Uint8Array;
  readonly bucket: number;
  readonly totalBuckets: number;
  readonly newFiles: readonly DataFileMeta[];
  readonly deletedFiles: readonly DataFileMeta[];
  readonly compactBefore: readonly DataFileMeta[];
  readonly compactAfter: readonly DataFileMeta[];
}

export function isEmptyMessage(m: CommitMessage): boolean {
  return m.newFiles.length + m.deletedFiles.length + m.compactBefore.length + m.compactAfter.length === 0;
}
