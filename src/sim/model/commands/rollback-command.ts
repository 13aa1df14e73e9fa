import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { PickedSavepointCommand } from './picked-savepoint-command.js';

/**
 * `CALL sys.rollback_to(tag => 'savepoint-<id>')` while no job runs: the table goes back to a savepoint's
 * snapshot, and the tags of later snapshots go (`RollbackHelper.cleanLargerThan`).
 */
export class RollbackCommand extends PickedSavepointCommand {
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    return [{ op: 'rollback-to', savepointTag: this.target(model).name }];
  }
  protected apply(model: RecoveryModel): void {
    model.rolledBackTo(this.target(model).name);
  }
}
