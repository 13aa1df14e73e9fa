import type { ModelSavepoint, RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * An action on one of the restorable savepoints while no job runs (restore it, roll back to its tag): `pick`
 * chooses among them, so a shrunk command keeps naming a savepoint that exists.
 */
export abstract class PickedSavepointCommand extends OperatorCommand {
  constructor(readonly pick: number) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running === undefined && model.restorable().length > 0;
  }
  protected target(model: Readonly<RecoveryModel>): ModelSavepoint {
    const list = model.restorable();
    return list[this.pick % list.length]!;
  }
}
