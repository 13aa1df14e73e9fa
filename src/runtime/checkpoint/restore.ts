import type { FileIO } from '../../common/io/file-io.js';
import type { JobGraph, JobVertex } from '../api/job-graph.js';
import { RestoreError } from '../errors.js';
import { type CheckpointMetadata, readMetadata } from './metadata.js';

export interface RestorePlan {
  readonly metadata: CheckpointMetadata;
  /** The job with max parallelism adopted from the snapshot where the user had not set one. */
  readonly graph: JobGraph;
}

/**
 * Loads and validates a snapshot for a fresh submission (`Checkpoints.loadAndValidateCheckpoint` +
 * `StateAssignmentOperation.checkParallelismPreconditions`). Everything is checked before any task is created,
 * so a bad snapshot never restores partially.
 */
export function planRestore(
  io: FileIO,
  path: string,
  graph: JobGraph,
  allowNonRestoredState: boolean,
): RestorePlan {
  const metadata = readMetadata(io, path); // checks the whole file: structure, ids, key groups, all state
  const adopted = new Map<string, number>();
  for (const [uid, snapshot] of Object.entries(metadata.operators)) {
    const vertex = graph.vertices.find((v) => v.uid === uid);
    if (!vertex) {
      if (allowNonRestoredState) continue;
      throw new RestoreError(
        `Failed to rollback to checkpoint/savepoint ${path}. Cannot map checkpoint/savepoint state for operator ${uid} to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.`,
      );
    }
    if (snapshot.maxParallelism < vertex.parallelism) {
      throw new RestoreError(
        `The state for task ${vertex.name} can not be restored. The maximum parallelism (${snapshot.maxParallelism}) of the restored state is lower than the configured parallelism (${vertex.parallelism}). Please reduce the parallelism of the task to be lower or equal to the maximum parallelism.`,
      );
    }
    if (snapshot.maxParallelism !== vertex.maxParallelism) {
      if (vertex.maxParallelismConfigured) {
        throw new RestoreError(
          `The maximum parallelism (${snapshot.maxParallelism}) with which the latest checkpoint of the execution job vertex ${vertex.name} has been taken and the current maximum parallelism (${vertex.maxParallelism}) changed. This is currently not supported.`,
        );
      }
      adopted.set(uid, snapshot.maxParallelism); // `ExecutionJobVertex.canRescaleMaxParallelism`
    }
  }
  if (adopted.size === 0) return { metadata, graph };
  const vertices: JobVertex[] = graph.vertices.map((v) =>
    adopted.has(v.uid) ? { ...v, maxParallelism: adopted.get(v.uid)! } : v,
  );
  return { metadata, graph: { ...graph, vertices } };
}
