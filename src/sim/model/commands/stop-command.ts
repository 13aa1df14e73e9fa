import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * `flink stop` (stop-with-savepoint): a synchronous savepoint that is notified, so Paimon commits it and tags
 * it before the job ends. With `--drain` the sources end first: the last commit carries identifier
 * Long.MAX_VALUE, no `savepoint-<id>` tag is made, and Flink says not to resume such a savepoint.
 */
export class StopCommand extends OperatorCommand {
  constructor(readonly drain: boolean) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    // a drained savepoint is no way back: drain only when another savepoint is
    return model.running !== undefined && (!this.drain || model.restorable().length > 0);
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    return [
      {
        op: 'stop-with-savepoint',
        job: model.running!,
        name: model.nextSavepoint(),
        ...(this.drain ? { drain: true } : {}),
      },
    ];
  }
  protected apply(model: RecoveryModel): void {
    model.savepoints.push({
      name: model.nextSavepoint(),
      job: model.running!,
      drained: this.drain,
      tagged: !this.drain,
    });
    model.running = undefined;
  }
}
