/**
 * A snapshot file `snapshot/snapshot-<id>` (paimon-api `org.apache.paimon.Snapshot`, CURRENT_VERSION = 3).
 * Java longs that can exceed 2^53 (`commitIdentifier`, `watermark`) are bigints.
 * Optional keys are omitted from the JSON when absent (Jackson `@JsonInclude(NON_NULL)`).
 */
export type CommitKind = 'APPEND' | 'COMPACT' | 'OVERWRITE' | 'ANALYZE';

export interface Snapshot {
  readonly version: number;
  readonly id: number;
  readonly schemaId: number;
  /** Manifest list of all live files before this commit (possibly merged). */
  readonly baseManifestList: string;
  readonly baseManifestListSize?: number;
  /** Manifest list of this commit's changes. */
  readonly deltaManifestList: string;
  readonly deltaManifestListSize?: number;
  readonly changelogManifestList?: string | null;
  readonly changelogManifestListSize?: number;
  readonly indexManifest?: string;
  readonly commitUser: string;
  /** Flink checkpoint id for streaming commits; Long.MAX_VALUE (9223372036854775807) for batch commits. */
  readonly commitIdentifier: bigint;
  readonly commitKind: CommitKind;
  readonly timeMillis: number;
  /** Only in files written by old Paimon versions; kept so they re-encode unchanged. */
  readonly logOffsets?: Readonly<Record<string, number>>;
  readonly totalRecordCount: number;
  readonly deltaRecordCount: number;
  readonly changelogRecordCount?: number;
  readonly watermark?: bigint;
  readonly statistics?: string;
  readonly properties?: Readonly<Record<string, string>>;
  readonly nextRowId?: number;
  readonly writerVersion?: string;
  readonly operation?: string;
}

export const SNAPSHOT_CURRENT_VERSION = 3;

/** Long.MAX_VALUE: the commit identifier of batch commits (`BatchWriteBuilder.COMMIT_IDENTIFIER`). */
export const BATCH_COMMIT_IDENTIFIER = 9223372036854775807n;

/** Long.MIN_VALUE: the watermark of a job that has none. */
export const NO_WATERMARK = -9223372036854775808n;
