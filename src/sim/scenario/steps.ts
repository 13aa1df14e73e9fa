import type { JobStatus } from '../../runtime/index.js';

/** Where a restored job starts: a savepoint taken by an earlier step, a job's latest retained checkpoint, or a path. */
export type Restore =
  | { readonly savepoint: string }
  | { readonly checkpointOf: string }
  | { readonly path: string };

/** What a `run` step waits for (always bounded by its `maxMs`). */
export type Condition =
  /** The first n published events are in the table (for upserts: they or later events of their keys). */
  | { readonly committed: number }
  /** Every event published so far is in the table. */
  | { readonly allCommitted: true }
  /** Virtual time passes. */
  | { readonly forMs: number }
  | { readonly atMs: number }
  /** `checkpoints` more checkpoints complete (of `job`, default any). */
  | { readonly checkpoints: number; readonly job?: string }
  | { readonly status: JobStatus; readonly job: string };

interface StepBase {
  /** The step must fail with an error containing this text (recorded as a failure; the run goes on). */
  readonly expectError?: string;
}

/** One operator action or wait. Job names (`job`) and savepoint names (`name`) are the scenario's own. */
export type Step = StepBase &
  (
    | { readonly op: 'publish'; readonly count: number; readonly topic?: string }
    | {
        readonly op: 'start';
        readonly job: string;
        readonly restore?: Restore;
        readonly allowNonRestoredState?: boolean;
        readonly topic?: string;
      }
    | { readonly op: 'run'; readonly until?: Condition; readonly maxMs?: number }
    | { readonly op: 'checkpoint'; readonly job: string }
    | { readonly op: 'savepoint'; readonly job: string; readonly name: string }
    | {
        readonly op: 'stop-with-savepoint';
        readonly job: string;
        readonly name: string;
        readonly drain?: boolean;
      }
    | { readonly op: 'cancel'; readonly job: string }
    | {
        readonly op: 'fail-task';
        readonly job: string;
        readonly operator: 'source' | 'writer' | 'committer';
        readonly subtask?: number;
      }
    | {
        readonly op: 'rollback-to';
        readonly tag?: string;
        readonly savepointTag?: string;
        readonly snapshot?: number;
      }
    | {
        readonly op: 'expire-snapshots';
        readonly retainMin?: number;
        readonly retainMax?: number;
        readonly olderThanMs?: number;
      }
    | { readonly op: 'expire-tags' }
    /** `CALL sys.remove_orphan_files`: files no snapshot or tag references, older than `olderThanMs` ago (default: all). */
    | { readonly op: 'remove-orphan-files'; readonly olderThanMs?: number }
    | { readonly op: 'create-tag'; readonly name: string; readonly snapshot?: number }
    /** `CALL sys.delete_tag`: a tag by `name`, or the auto-tag `savepoint-<id>` of savepoint `savepointTag`. */
    | { readonly op: 'delete-tag'; readonly name?: string; readonly savepointTag?: string }
    | { readonly op: 'set-option'; readonly key: string; readonly value: string }
    /** Ends the faulty phase: faults stop, and the healed phase checks liveness. Default: after the last step. */
    | { readonly op: 'heal' }
  );

export type StepOp = Step['op'];

/** Fields each op accepts (besides `op` and `expectError`). */
export const STEP_FIELDS: Readonly<Record<StepOp, readonly string[]>> = {
  publish: ['count', 'topic'],
  start: ['job', 'restore', 'allowNonRestoredState', 'topic'],
  run: ['until', 'maxMs'],
  checkpoint: ['job'],
  savepoint: ['job', 'name'],
  'stop-with-savepoint': ['job', 'name', 'drain'],
  cancel: ['job'],
  'fail-task': ['job', 'operator', 'subtask'],
  'rollback-to': ['tag', 'savepointTag', 'snapshot'],
  'expire-snapshots': ['retainMin', 'retainMax', 'olderThanMs'],
  'expire-tags': [],
  'remove-orphan-files': ['olderThanMs'],
  'create-tag': ['name', 'snapshot'],
  'delete-tag': ['name', 'savepointTag'],
  'set-option': ['key', 'value'],
  heal: [],
};

export const STEP_OPS = Object.keys(STEP_FIELDS) as StepOp[];

/** One line for narration and errors: `start b (restore savepoint sp1)`. */
export function describeStep(step: Step): string {
  const { op, expectError: _e, ...rest } = step as Step & Record<string, unknown>;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
  return [op, ...args].join(' ');
}
