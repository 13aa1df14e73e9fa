/**
 * Job configuration, with Flink's keys, defaults and meaning (`ExecutionCheckpointingOptions`,
 * `RestartStrategyOptions`). Durations are milliseconds of virtual time.
 */
export interface CheckpointConfig {
  /** `execution.checkpointing.interval`; checkpointing is off when absent. */
  readonly intervalMs: number;
  /** `execution.checkpointing.timeout` (default 10 min). */
  readonly timeoutMs?: number;
  /** `execution.checkpointing.min-pause` (default 0): pause after a completion before the next periodic trigger. */
  readonly minPauseMs?: number;
  /** `execution.checkpointing.max-concurrent-checkpoints` (default 1). */
  readonly maxConcurrent?: number;
  /** `execution.checkpointing.tolerable-failed-checkpoints` (default 0). */
  readonly tolerableFailures?: number;
  /** `execution.checkpointing.num-retained` (default 1). */
  readonly numRetained?: number;
  /** `execution.checkpointing.mode` (default exactly-once). */
  readonly mode?: 'exactly-once' | 'at-least-once';
  /** `execution.checkpointing.unaligned.enabled` (default false; unaligned checkpoints are not simulated). */
  readonly unaligned?: boolean;
}

export type RestartStrategyConfig =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts?: number; readonly delayMs?: number }
  | {
      readonly type: 'failure-rate';
      readonly maxFailuresPerInterval?: number;
      readonly intervalMs?: number;
      readonly delayMs?: number;
    }
  | {
      readonly type: 'exponential-delay';
      readonly initialBackoffMs?: number;
      readonly maxBackoffMs?: number;
      readonly multiplier?: number;
      readonly jitterFactor?: number;
      readonly resetBackoffThresholdMs?: number;
    };

export interface JobConfig {
  /** Default parallelism of operators (`parallelism.default`, 1). */
  readonly parallelism?: number;
  readonly checkpointing?: CheckpointConfig;
  /** `restart-strategy.type`: exponential-delay when checkpointing is on, none otherwise (Flink's defaults). */
  readonly restartStrategy?: RestartStrategyConfig;
}

export const CHECKPOINT_DEFAULTS = {
  timeoutMs: 10 * 60_000,
  minPauseMs: 0,
  maxConcurrent: 1,
  tolerableFailures: 0,
  numRetained: 1,
  mode: 'exactly-once' as const,
};
