import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/** `flink cancel`: the job ends without a savepoint (only when one exists to come back from). */
export class CancelCommand extends OperatorCommand {
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running !== undefined && model.restorable().length > 0;
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    return [{ op: 'cancel', job: model.running! }];
  }
  protected apply(model: RecoveryModel): void {
    model.running = undefined;
  }
}
