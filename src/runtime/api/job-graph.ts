import type { JobConfig } from '../options.js';
import type { StreamOperator } from '../task/operator.js';

export type Partitioning = 'forward' | 'rebalance' | 'hash';

/**
 * Flink's `ChainingStrategy`: `always` chains to the predecessor when legal, `head` starts a new chain (its
 * successors may still chain to it: `startNewChain()`), `never` chains to nothing (`disableChaining()`).
 */
export type ChainingStrategy = 'always' | 'head' | 'never';

export interface JobEdge {
  readonly from: number;
  readonly partitioning: Partitioning;
  /** For `hash`: the key of a record (`KeySelector`). */
  readonly keySelector?: (value: unknown) => unknown;
}

export interface JobVertex {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /**
   * Whether the user set the max parallelism. Flink adopts the max parallelism of restored state only when it
   * was not set (`ExecutionJobVertex.canRescaleMaxParallelism`).
   */
  readonly maxParallelismConfigured: boolean;
  readonly chaining: ChainingStrategy;
  /** Creates the operator of one subtask for one attempt. */
  readonly factory: () => StreamOperator;
  readonly inputs: readonly JobEdge[];
  readonly isSource: boolean;
}

/** A job as a value: submit it, stop it, submit it again from a snapshot. */
export interface JobGraph {
  readonly name: string;
  readonly vertices: readonly JobVertex[];
  readonly config: JobConfig;
}

export function isKeyed(vertex: JobVertex): boolean {
  return vertex.inputs.some((e) => e.partitioning === 'hash');
}
