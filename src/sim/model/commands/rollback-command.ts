import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * `CALL sys.rollback_to(tag => 'savepoint-<id>')` while no job runs: the table goes back to a savepoint's
 * snapshot, and the tags of later snapshots go (`RollbackHelper.cleanLargerThan`).
 */
export class RollbackCommand extends OperatorCommand {
  constructor(readonly pick: number) {
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
    return [{ op: 'rollback-to', savepointTag: this.target(model).name }];
  }
  protected apply(model: RecoveryModel): void {
    model.rolledBackTo(this.target(model).name);
  }
}
