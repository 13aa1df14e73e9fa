import type { CanonicalRow, PublishedEvent, Workload } from '../scenario/pipelines.js';

/** A savepoint as the model knows it: the scenario's name for it, the job that took it, how it was taken. */
export interface ModelSavepoint {
  readonly name: string;
  readonly job: string;
  /** `stop-with-savepoint --drain`: Flink says not to resume it, and Paimon makes no `savepoint-<id>` tag. */
  readonly drained: boolean;
  /** Its `savepoint-<id>` tag may still exist: no rollback to an earlier savepoint removed it. */
  tagged: boolean;
}

/**
 * The model of model-based testing (fast-check's `fc.commands`): a deliberately simpler picture of what the
 * operator has done, enough to keep every generated step valid (a job runs before it is cancelled, a
 * savepoint exists before it is restored). What the table must hold is not tracked step by step: the
 * workloads already model it from the source log (`expectedTable`), and with every published event
 * committed at the end, exactly-once means the table equals that model.
 */
export class RecoveryModel {
  published = 0;
  /** The job that runs now (at most one: the pipeline is stopped and restored, never doubled). */
  running: string | undefined;
  jobs = 0;
  readonly savepoints: ModelSavepoint[] = [];
  /** Tags the operator created (`t<n>`) and that still exist. */
  readonly userTags: string[] = [];
  tagCount = 0;

  constructor(readonly workload: Workload) {}

  nextJob(): string {
    return `j${this.jobs++}`;
  }

  nextSavepoint(): string {
    return `sp${this.savepoints.length}`;
  }

  /** Savepoints a job may resume from with the procedure: not drained, their tag not removed by a rollback. */
  restorable(): ModelSavepoint[] {
    return this.savepoints.filter((s) => !s.drained && s.tagged);
  }

  /**
   * `rollback_to` a savepoint's tag removes the tags of every later snapshot (`RollbackHelper.cleanLargerThan`):
   * the savepoints taken after it, and every operator tag (conservatively: they may sit on later snapshots).
   */
  rolledBackTo(name: string): void {
    const at = this.savepoints.findIndex((s) => s.name === name);
    for (const s of this.savepoints.slice(at + 1)) s.tagged = false;
    this.userTags.length = 0;
  }
}

/** What an exactly-once run of these events leaves in the table: the workload's own model. */
export function expectedTable(workload: Workload, events: readonly PublishedEvent[]): CanonicalRow[] {
  return workload.model(events);
}
