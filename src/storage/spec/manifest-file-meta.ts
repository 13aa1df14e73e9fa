import type { SimpleStats } from './simple-stats.js';

/**
 * One record of a manifest list `manifest/manifest-list-<uuid>-<n>`: a manifest file and a summary of it
 * (`org.apache.paimon.manifest.ManifestFileMeta`).
 */
export interface ManifestFileMeta {
  readonly fileName: string;
  readonly fileSize: number;
  readonly numAddedFiles: number;
  readonly numDeletedFiles: number;
  /** Min/max of partition values over the manifest's entries. */
  readonly partitionStats: SimpleStats;
  readonly schemaId: number;
  readonly minBucket: number | null;
  readonly maxBucket: number | null;
  readonly minLevel: number | null;
  readonly maxLevel: number | null;
  readonly minRowId: number | null;
  readonly maxRowId: number | null;
}
