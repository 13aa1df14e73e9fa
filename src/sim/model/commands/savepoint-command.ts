import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * An intermediate savepoint of the running job. Flink (>= 1.15) sends no `notifyCheckpointComplete` for it,
 * so Paimon commits it and creates `savepoint-<id>` when the next checkpoint completes
 * (`AutoTagForSavepointCommitterOperator`): the step waits for that checkpoint, as an operator reading the
 * docs would ("tags will be created after the next checkpoint succeeds").
 */
export class SavepointCommand extends OperatorCommand {
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running !== undefined;
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    const job = model.running!;
    return [
      { op: 'savepoint', job, name: model.nextSavepoint() },
      { op: 'run', until: { checkpoints: 1, job }, maxMs: 2_000 },
    ];
  }
  protected apply(model: RecoveryModel): void {
    model.savepoints.push({ name: model.nextSavepoint(), job: model.running!, drained: false, tagged: true });
  }
}
