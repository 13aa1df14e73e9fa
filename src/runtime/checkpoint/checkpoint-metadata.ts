import type { SnapshotKind } from '../records.js';
import type { KeyedStateKinds, KeyedStateSnapshot } from '../state/keyed-state.js';
import type { OperatorStateSnapshot } from '../state/operator-state.js';

export interface SubtaskState {
  readonly keyed: KeyedStateSnapshot | null;
  /** The kind (VALUE, LIST, MAP) of every keyed state; present whenever `keyed` is. */
  readonly keyedKinds?: KeyedStateKinds;
  readonly operator: OperatorStateSnapshot;
}

export interface OperatorSnapshot {
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly subtasks: SubtaskState[];
}

/**
 * A completed checkpoint or savepoint as written to `_metadata` (Flink's `CheckpointMetadata`, here as JSON so a
 * user can read it): the id, its kind, and per operator uid the state of every subtask.
 */
export interface CheckpointMetadata {
  readonly format: 'paimon-sim-checkpoint-1';
  readonly jobId: string;
  readonly jobName: string;
  readonly checkpointId: number;
  readonly kind: SnapshotKind;
  readonly timestampMs: number;
  readonly operators: Record<string, OperatorSnapshot>;
}
