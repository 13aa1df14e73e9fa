import type { Step } from '../../scenario/steps.js';
import { OperatorCommand } from './operator-command.js';

/** Time passes: the running job reads, checkpoints and commits (`run until forMs`). */
export class WaitCommand extends OperatorCommand {
  constructor(readonly ms: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  protected steps(): Step[] {
    return [{ op: 'run', until: { forMs: this.ms } }];
  }
  protected apply(): void {}
}
