import type { TraceEvent } from '../../common/index.js';
import type { FiredFault } from '../faults/injector.js';
import type { CanonicalRow, PublishedEvent } from '../scenario/pipelines.js';
import type { Scenario } from '../scenario/scenario.js';

/** A row of `$snapshots`, as text. */
export interface SnapshotRow {
  readonly id: number;
  readonly commitUser: string;
  readonly commitIdentifier: string;
  readonly commitKind: string;
}

/** A tag of `$tags` and whether it can be read. */
export interface TagRow {
  readonly name: string;
  readonly snapshotId: number;
  /** Why reading the table at the tag failed, if it did. */
  readonly error?: string;
}

/** What one snapshot or tag references on disk, and which of those files are gone. */
export interface References {
  /** `snapshot 4` or `tag savepoint-3`. */
  readonly by: string;
  readonly files: number;
  readonly missing: readonly string[];
  /** The manifests could not be read (a missing or corrupt manifest). */
  readonly error?: string;
}

export interface Failure {
  readonly atMs: number;
  /** `task Writer_orders#1`, `job 3f2a1b`, `step 7 (rollback-to)`. */
  readonly source: string;
  readonly text: string;
}

/** How a bounded wait ended: `met`, or which bound stopped it while waiting for what. */
export interface WaitOutcome {
  readonly step: number;
  readonly waitingFor: string;
  readonly met: boolean;
  readonly reason: string;
}

export interface StepOutcome {
  readonly index: number;
  readonly op: string;
  /** The step as written (one line). */
  readonly text: string;
  readonly atMs: number;
  /** What happened, one line: `savepoint 3 at /flink/savepoints/…`, `snapshot 7 -> 4, 10 rows`. */
  readonly outcome: string;
}

export interface JobRecord {
  readonly name: string;
  readonly id: string;
  readonly status: string;
  readonly restoredFrom?: string;
  readonly cause?: string;
}

export interface Liveness {
  /** When faults stopped (the healed phase began); undefined: no job was left running. */
  readonly healedAtMs?: number;
  readonly boundMs: number;
  /** When every running job had completed a checkpoint and the table showed every published event. */
  readonly progressAtMs?: number;
  /** Why not, when there was no progress within the bound. */
  readonly reason?: string;
}

/**
 * A recorded run: everything checkers read (Jepsen's history). Checkers never see the environment, so they
 * can be tested on hand-made records, and a record can be saved as JSON and checked again later.
 */
export interface RunRecord {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly banner: string;
  readonly table: string;
  /** Runtime, storage and simulator events, in the order they happened. */
  readonly trace: readonly TraceEvent[];
  readonly digest: string;
  readonly steps: readonly StepOutcome[];
  readonly waits: readonly WaitOutcome[];
  /** The source log: every event published, in order. */
  readonly published: readonly PublishedEvent[];
  /** The table at the end (canonical rows, sorted) and what an exactly-once run would hold. */
  readonly rows: readonly CanonicalRow[];
  readonly expectedRows: readonly CanonicalRow[];
  /** Event ids the rows show, with repeats (a duplicate shows twice), and those the model keeps visible. */
  readonly observedIds: readonly number[];
  readonly visibleIds: readonly number[];
  readonly snapshots: readonly SnapshotRow[];
  readonly tags: readonly TagRow[];
  readonly references: readonly References[];
  readonly failures: readonly Failure[];
  readonly faults: readonly FiredFault[];
  readonly jobs: readonly JobRecord[];
  readonly liveness: Liveness;
}
