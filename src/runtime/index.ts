/**
 * `paimon-sim/runtime`: the Flink-like streaming runtime — building jobs, the MiniCluster on virtual time,
 * job control and fault hooks, sources and sinks (the Paimon sink included), operators and keyed state, the
 * operator test harness, savepoint metadata, configuration and typed errors. Only names the README's
 * "API reference" documents are exported (test/readme/exports.test.ts checks it both ways); the scheduler,
 * chaining, key groups, the state codec's encoder and the Paimon sink's operators are internal.
 */
export type { ChainingStrategy, JobGraph } from './api/job-graph.js';
export { DataStream, KeyedStream, type OperatorOptions, StreamEnvironment } from './api/stream.js';
export {
  CHECKPOINT_FAILURE_MESSAGES,
  type CheckpointFailure,
  type CheckpointFailureReason,
} from './checkpoint/failure-reason.js';
export {
  type CheckpointMetadata,
  type OperatorSnapshot,
  readMetadata,
  type SubtaskState,
} from './checkpoint/metadata.js';
export { type ClusterOptions, MiniCluster, type RunLimits } from './cluster.js';
export type { RuntimeFaults } from './cluster-context.js';
export { CollectResult, type Transaction } from './connectors/collect-sink.js';
export { collectionSource, generatorSource } from './connectors/collection-source.js';
export { LogSource, type LogSourceOptions, LogTopic } from './connectors/log-source.js';
export { type PaimonSinkOptions, sinkToPaimon } from './connectors/paimon/paimon-sink.js';
export {
  AbstractSource,
  type EmitStatus,
  type SourceOperator,
  type WatermarkStrategy,
} from './connectors/source.js';
export {
  CheckpointFailedError,
  CorruptStateError,
  InvalidJobError,
  JobFailedError,
  RestoreError,
  RuntimeError,
  SinkWriteError,
  StateMigrationError,
} from './errors.js';
export {
  type CheckpointInfo,
  JobClient,
  type JobStatus,
  type SavepointResult,
  type SubmitOptions,
  type TaskInfo,
} from './job.js';
export {
  type CheckpointConfig,
  type JobConfig,
  jobConfigFromFlink,
  type RestartStrategyConfig,
  RUNTIME_OPTIONS,
} from './options.js';
export { MAX_WATERMARK } from './records.js';
export type { ListState, MapState, ValueState } from './state/keyed-state.js';
export { decodeState, type Encoded } from './state/state-codec.js';
export {
  AbstractStreamOperator,
  type OperatorContext,
  type Output,
  type ProcessContext,
  type StreamOperator,
} from './task/operator.js';
export type { TaskFaultPoint } from './task/subtask.js';
export type { ProcessFunction } from './task/user-operators.js';
export { type HarnessOptions, OperatorTestHarness } from './testing/operator-harness.js';
