/**
 * Min/max/null-count statistics of some columns (`org.apache.paimon.stats.SimpleStats`), as stored in
 * manifests: min and max values as serialized BinaryRow bytes (see binary-row.ts), null counts per column.
 */
export interface SimpleStats {
  readonly minValues: Uint8Array;
  readonly maxValues: Uint8Array;
  /** One entry per column; null entries mean unknown. The whole array is null for old files. */
  readonly nullCounts: readonly (number | null)[] | null;
}
