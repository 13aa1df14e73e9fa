import type { Step } from '../scenario/steps.js';
import type { ModelSavepoint } from './recovery-model.js';

/** What the operator does to the table before restoring a savepoint (steps inserted before the `start`). */
export interface RecoveryProcedure {
  readonly name: string;
  /** Table options the procedure relies on (merged over the pipeline's). */
  readonly options: Readonly<Record<string, string>>;
  beforeRestore(savepoint: ModelSavepoint): Step[];
}

/**
 * Paimon's documented recipe (docs `flink/savepoint.md`, "Tag with Savepoint"): with `sink.savepoint.auto-tag`
 * each savepoint's snapshot is tagged `savepoint-<id>`; `CALL sys.rollback_to(tag => 'savepoint-<id>')` before
 * restoring that savepoint makes the table exactly what the savepoint saw.
 */
export const ROLLBACK_TO_SAVEPOINT_TAG: RecoveryProcedure = {
  name: 'rollback_to savepoint-<id> before restoring',
  options: { 'sink.savepoint.auto-tag': 'true' },
  beforeRestore: (sp) => [{ op: 'rollback-to', savepointTag: sp.name }],
};

/** Restore as is: what happens when nobody follows the recipe. */
export const RESTORE_AS_IS: RecoveryProcedure = {
  name: 'restore as is',
  options: { 'sink.savepoint.auto-tag': 'true' },
  beforeRestore: () => [],
};
