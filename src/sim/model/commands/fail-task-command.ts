import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

export type FailedOperator = 'source' | 'writer' | 'committer';

/** A task of the running job fails: Flink restores the latest completed checkpoint (failover, same job). */
export class FailTaskCommand extends OperatorCommand {
  constructor(
    readonly operator: FailedOperator,
    readonly subtask: number,
  ) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running !== undefined;
  }
  protected steps(model: Readonly<RecoveryModel>): Step[] {
    // the committer has one subtask; sources and writers have the job's parallelism (subtask 0 always exists)
    const subtask = this.operator === 'committer' ? 0 : this.subtask;
    return [{ op: 'fail-task', job: model.running!, operator: this.operator, subtask }];
  }
  protected apply(): void {}
}
