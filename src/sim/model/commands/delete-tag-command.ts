import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/** `CALL sys.delete_tag` of an operator's tag (savepoint tags are the procedure's; they stay). */
export class DeleteTagCommand extends OperatorCommand {
  constructor(readonly pick: number) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    return model.userTags.length > 0;
  }
  private target(model: Readonly<RecoveryModel>): string {
    return model.userTags[this.pick % model.userTags.length]!;
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    return [{ op: 'delete-tag', name: this.target(model) }];
  }
  protected apply(model: RecoveryModel): void {
    model.userTags.splice(model.userTags.indexOf(this.target(model)), 1);
  }
}
