import type { DataFileMeta } from '../spec/data-file-meta.js';
import type { IndexManifestEntry } from '../spec/index-manifest.js';

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
  /** New HASH index files of dynamic-bucket tables (`IndexIncrement`), replacing the bucket's previous one. */
  readonly newIndexFiles?: readonly IndexManifestEntry[];
}

export function isEmptyMessage(m: CommitMessage): boolean {
  return (
    m.newFiles.length +
      m.deletedFiles.length +
      m.compactBefore.length +
      m.compactAfter.length +
      (m.newIndexFiles?.length ?? 0) ===
    0
  );
}
