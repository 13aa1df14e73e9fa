/** What flows through channels: records, watermarks, checkpoint barriers and end of input. */
export type StreamElement =
  | { readonly kind: 'record'; readonly value: unknown; readonly timestamp: number | null }
  | { readonly kind: 'watermark'; readonly timestamp: number }
  | { readonly kind: 'barrier'; readonly checkpointId: number; readonly options: CheckpointOptions }
  | { readonly kind: 'end' };

/** Flink's `SnapshotType`: a periodic checkpoint, an intermediate savepoint, or a stop-with-savepoint. */
export type SnapshotKind = 'checkpoint' | 'savepoint' | 'stop-savepoint' | 'stop-savepoint-drain';

export interface CheckpointOptions {
  readonly kind: SnapshotKind;
}

export function isSavepoint(kind: SnapshotKind): boolean {
  return kind !== 'checkpoint';
}

export function isSynchronous(kind: SnapshotKind): boolean {
  return kind === 'stop-savepoint' || kind === 'stop-savepoint-drain';
}

/** Long.MAX_VALUE as a watermark: end of event time (`Watermark.MAX_WATERMARK`). */
export const MAX_WATERMARK = Number.MAX_SAFE_INTEGER;
export const MIN_WATERMARK = Number.MIN_SAFE_INTEGER;
