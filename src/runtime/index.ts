export { Trace, type TraceEvent, type TraceEventType } from '../common/trace.js';
export type { ChainingStrategy, JobEdge, JobGraph, JobVertex, Partitioning } from './api/job-graph.js';
export { DataStream, KeyedStream, type OperatorOptions, StreamEnvironment } from './api/stream.js';
export { CheckpointCoordinator, type CompletedCheckpoint, type TaskState } from './checkpoint/coordinator.js';
export {
  CHECKPOINT_FAILURE_MESSAGES,
  type CheckpointFailure,
  type CheckpointFailureReason,
} from './checkpoint/failure-reason.js';
export {
  type CheckpointMetadata,
  METADATA_FILE,
  type OperatorSnapshot,
  readMetadata,
  type SubtaskState,
} from './checkpoint/metadata.js';
export { CheckpointStorage } from './checkpoint/storage.js';
export { type ClusterOptions, MiniCluster, type RunLimits } from './cluster.js';
export type { RuntimeFaults } from './cluster-context.js';
export { CollectResult, CollectSink, type Transaction } from './connectors/collect-sink.js';
export { collectionSource, generatorSource, SequenceSource } from './connectors/collection-source.js';
export { LogSource, type LogSourceOptions, LogTopic } from './connectors/log-source.js';
export { END_INPUT_CHECKPOINT_ID } from './connectors/paimon/committable.js';
export { PaimonCommitterOperator, SAVEPOINT_TAG_PREFIX } from './connectors/paimon/committer-operator.js';
export { type PaimonSinkOptions, sinkToPaimon } from './connectors/paimon/paimon-sink.js';
export { PaimonWriterOperator } from './connectors/paimon/writer-operator.js';
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
export { createRestartStrategy, type RestartStrategy } from './failover/restart-strategy.js';
export { chainsOf, type TaskChain } from './graph/chaining.js';
export {
  type CheckpointInfo,
  JobClient,
  type JobStatus,
  type SavepointResult,
  type SubmitOptions,
  type TaskInfo,
} from './job.js';
export {
  CHECKPOINT_DEFAULTS,
  type CheckpointConfig,
  type JobConfig,
  jobConfigFromFlink,
  type OptionSpec,
  parseDuration,
  RESTART_DEFAULTS,
  type RestartStrategyConfig,
  RUNTIME_OPTIONS,
} from './options.js';
export { MAX_WATERMARK, type SnapshotKind } from './records.js';
export {
  defaultMaxParallelism,
  keyGroupOf,
  keyGroupRange,
  subtaskForKeyGroup,
  UPPER_BOUND_MAX_PARALLELISM,
} from './state/key-groups.js';
export type { ListState, MapState, ValueState } from './state/keyed-state.js';
export { decodeState, type Encoded, encodeState } from './state/state-codec.js';
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
