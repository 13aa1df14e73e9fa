import type { Step } from '../../scenario/steps.js';
import type { RecoveryProcedure } from '../procedures.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * `flink run -s <savepoint>`: a new job resumes from one of the savepoints, after the procedure's steps
 * (for the recipe: `rollback_to` that savepoint's tag). `pick` chooses among the restorable savepoints.
 */
export class RestoreCommand extends OperatorCommand {
  constructor(
    readonly procedure: RecoveryProcedure,
    readonly pick: number,
  ) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running === undefined && model.restorable().length > 0;
  }
  private target(model: Readonly<RecoveryModel>) {
    const list = model.restorable();
    return list[this.pick % list.length]!;
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
