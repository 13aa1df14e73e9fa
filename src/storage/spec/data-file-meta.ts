import type { SimpleStats } from './simple-stats.js';

/** `FileSource`: whether a file was written by a writer or produced by compaction. */
export const FileSource = { APPEND: 0, COMPACT: 1 } as const;
export type FileSource = (typeof FileSource)[keyof typeof FileSource];

/**
 * Metadata of one data file, nested in a manifest entry as `_FILE` (`org.apache.paimon.io.DataFileMeta`).
 */
export interface DataFileMeta {
  readonly fileName: string;
  readonly fileSize: number;
  readonly rowCount: number;
  /** Smallest and largest key as BinaryRow bytes (primary key; empty row for append tables). */
  readonly minKey: Uint8Array;
  readonly maxKey: Uint8Array;
  readonly keyStats: SimpleStats;
  readonly valueStats: SimpleStats;
  readonly minSequenceNumber: number;
  readonly maxSequenceNumber: number;
  readonly schemaId: number;
  /** LSM level: 0 for new flushes; compaction writes higher levels. */
  readonly level: number;
  readonly extraFiles: readonly string[];
  /** `_CREATION_TIME`: Avro timestamp-millis of a local date-time (epoch millis of the wall-clock reading). */
  readonly creationTimeMs: number | null;
  readonly deleteRowCount: number | null;
  readonly embeddedIndex: Uint8Array | null;
  readonly fileSource: FileSource | null;
  /** Columns the value stats cover, when not all (`metadata.stats-mode` / dense stats); null = all. */
  readonly valueStatsCols: readonly string[] | null;
  readonly externalPath: string | null;
  readonly firstRowId: number | null;
  readonly writeCols: readonly string[] | null;
  /**
   * `_WRITE_COLS_SEQUENCES` (Paimon after 2.0, pypaimon 2.1.0): per written column, the largest sequence
   * number; absent (undefined) or null when not recorded.
   */
  readonly writeColsSequences?: readonly number[] | null;
}
