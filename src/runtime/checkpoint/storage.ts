import { type FileIO, joinPath } from '../../common/io/file-io.js';
import { nextBytes, type Random } from '../../common/random.js';
import type { JobGraph } from '../api/job-graph.js';
import { isSavepoint, type SnapshotKind } from '../records.js';
import type { Subtask } from '../task/subtask.js';
import type { CompletedCheckpoint, TaskState } from './coordinator.js';
import { type CheckpointMetadata, type OperatorSnapshot, writeMetadata } from './metadata.js';

/**
 * Where snapshots live (`FsCheckpointStorageAccess`): checkpoints under `<checkpointDir>/<jobId>/chk-<n>`,
 * savepoints under `<savepointDir>/savepoint-<first 6 chars of the job id>-<12 random hex chars>`, each with a
 * `_metadata` file written through FileIO, so a user can open it. Only checkpoints are ever deleted.
 */
export class CheckpointStorage {
  constructor(
    private readonly io: FileIO,
    private readonly checkpointDir: string,
    private readonly savepointDir: string,
    private readonly random: Random,
  ) {}

  /** Picks the directory of a new snapshot (a savepoint's random suffix comes from the seeded random). */
  locationOf(jobId: string, checkpointId: number, kind: SnapshotKind): string {
    if (!isSavepoint(kind)) return joinPath(this.checkpointDir, jobId, `chk-${checkpointId}`);
    const suffix = Buffer.from(nextBytes(this.random, 6)).toString('hex');
    return joinPath(this.savepointDir, `savepoint-${jobId.slice(0, 6)}-${suffix}`);
  }

  /** Writes a completed snapshot's `_metadata` (`CheckpointMetadata`); checkpoints are owned, savepoints not. */
  persist(
    job: { readonly jobId: string; readonly jobName: string; readonly timestampMs: number },
    checkpointId: number,
    kind: SnapshotKind,
    operators: Record<string, OperatorSnapshot>,
  ): CompletedCheckpoint {
    const path = this.locationOf(job.jobId, checkpointId, kind);
    const metadata: CheckpointMetadata = {
      format: 'paimon-sim-checkpoint-1',
      ...job,
      checkpointId,
      kind,
      operators,
    };
    writeMetadata(this.io, path, metadata);
    return { checkpointId, path, metadata, owned: kind === 'checkpoint' };
  }

  /** Deletes a subsumed checkpoint (never called for savepoints or NO_CLAIM snapshots). */
  discard(dir: string): void {
    this.io.deleteDirectory(dir);
  }
}

/** Regroups the tasks' acknowledgements (state by uid per task) into state per operator uid and subtask. */
export function assembleOperators(
  graph: JobGraph,
  tasks: readonly Subtask[],
  acks: ReadonlyMap<string, TaskState>,
): Record<string, OperatorSnapshot> {
  const operators: Record<string, OperatorSnapshot> = {};
  for (const v of graph.vertices) {
    const subtasks = Array.from({ length: v.parallelism }, (_, i) => {
      const task = tasks.find((t) => t.index === i && t.hasOperator(v.uid))!;
      return acks.get(task.key)![v.uid]!;
    });
    operators[v.uid] = {
      name: v.name,
      parallelism: v.parallelism,
      maxParallelism: v.maxParallelism,
      subtasks,
    };
  }
  return operators;
}
