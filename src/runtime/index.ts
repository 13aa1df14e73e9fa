export type { JobEdge, JobGraph, JobVertex, Partitioning } from './api/job-graph.js';
export { DataStream, KeyedStream, type OperatorOptions, StreamEnvironment } from './api/stream.js';
export { CheckpointCoordinator, type CompletedCheckpoint } from './checkpoint/coordinator.js';
export { type CheckpointMetadata, METADATA_FILE, readMetadata } from './checkpoint/metadata.js';
export { type ClusterOptions, MiniCluster, type RunLimits, type RuntimeFaults } from './cluster.js';
export { CollectResult, CollectSink } from './connectors/collect-sink.js';
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
export { InvalidJobError, JobFailedError, RestoreError, RuntimeError } from './errors.js';
export { createRestartStrategy, type RestartStrategy } from './failover/restart-strategy.js';
export { JobClient, type JobStatus, type SavepointResult, type SubmitOptions } from './job.js';
export type { CheckpointConfig, JobConfig, RestartStrategyConfig } from './options.js';
export { MAX_WATERMARK, type SnapshotKind } from './records.js';
export type { ListState, MapState, ValueState } from './state/keyed-state.js';
export {
  AbstractStreamOperator,
  type OperatorContext,
  type Output,
  type ProcessContext,
  type StreamOperator,
} from './task/operator.js';
export type { ProcessFunction } from './task/user-operators.js';
export { OperatorTestHarness } from './testing/operator-harness.js';
export { Trace, type TraceEvent, type TraceEventType } from './trace.js';
