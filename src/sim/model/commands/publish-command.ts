import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/** New events arrive on the source topic (each with a unique id, so replays are visible). */
export class PublishCommand extends OperatorCommand {
  constructor(readonly count: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  protected steps(): Step[] {
    return [{ op: 'publish', count: this.count }];
  }
  protected apply(model: RecoveryModel): void {
    model.published += this.count;
  }
}
