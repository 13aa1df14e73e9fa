import type { DataFileMeta } from './data-file-meta.js';

/** `FileKind`: an entry adds a file to the table or deletes it. */
export const FileKind = { ADD: 0, DELETE: 1 } as const;
export type FileKind = (typeof FileKind)[keyof typeof FileKind];

/** One record of a manifest file `manifest/manifest-<uuid>-<n>` (`org.apache.paimon.manifest.ManifestEntry`). */
export interface ManifestEntry {
  readonly kind: FileKind;
  /** Partition values as BinaryRow bytes (empty row for unpartitioned tables). */
  readonly partition: Uint8Array;
  readonly bucket: number;
  /** Number of buckets when written (`bucket` option; -1 for unaware/dynamic). */
  readonly totalBuckets: number;
  readonly file: DataFileMeta;
}
