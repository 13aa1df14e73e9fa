import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * `CALL sys.create_tag` on the latest snapshot, while no job runs and after a savepoint (so the table has a
 * snapshot: the savepoint's own, tagged).
 */
export class CreateTagCommand extends OperatorCommand {
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running === undefined && model.restorable().length > 0;
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    return [{ op: 'create-tag', name: `t${model.tagCount}` }];
  }
  protected apply(model: RecoveryModel): void {
    model.userTags.push(`t${model.tagCount++}`);
  }
}
