import type fc from 'fast-check';
import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import type { ScenarioDraft } from '../scenario-draft.js';

/**
 * One operator action (fast-check's model-based `Command`): `check` says whether the action makes sense in
 * the model's state, `steps` is what the operator types (scenario steps), `apply` moves the model on. `run`
 * appends the steps to the draft; `toString` prints them as JSON, so a shrunk counterexample reads as the
 * scenario's own steps.
 */
export abstract class OperatorCommand implements fc.Command<RecoveryModel, ScenarioDraft> {
  private planned: Step[] | undefined;

  abstract check(model: Readonly<RecoveryModel>): boolean;
  protected abstract steps(model: Readonly<RecoveryModel>): Step[];
  protected abstract apply(model: RecoveryModel): void;

  run(model: RecoveryModel, draft: ScenarioDraft): void {
    this.planned = this.steps(model);
    draft.append(...this.planned);
    this.apply(model);
  }

  toString(): string {
    // before it ran (fast-check prints commands of a failing run after running them) the names are unknown
    return this.planned ? this.planned.map((s) => JSON.stringify(s)).join(', ') : this.constructor.name;
  }
}
