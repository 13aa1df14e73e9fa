import type { Step } from '../../scenario/steps.js';
import type { RecoveryProcedure } from '../procedures.js';
import type { RecoveryModel } from '../recovery-model.js';
import { PickedSavepointCommand } from './picked-savepoint-command.js';

/**
 * `flink run -s <savepoint>`: a new job resumes from one of the savepoints, after the procedure's steps
 * (for the recipe: `rollback_to` that savepoint's tag). `pick` chooses among the restorable savepoints.
 */
export class RestoreCommand extends PickedSavepointCommand {
  constructor(
    readonly procedure: RecoveryProcedure,
    pick: number,
  ) {
    super(pick);
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    const sp = this.target(model);
    return [
      ...this.procedure.beforeRestore(sp),
      { op: 'start', job: `j${model.jobs}`, restore: { savepoint: sp.name } },
    ];
  }
  protected apply(model: RecoveryModel): void {
    const sp = this.target(model);
    if (this.procedure.beforeRestore(sp).some((s) => s.op === 'rollback-to')) model.rolledBackTo(sp.name);
    model.running = model.nextJob();
  }
}
