import type { Step } from '../../scenario/steps.js';
import type { RecoveryModel } from '../recovery-model.js';
import { OperatorCommand } from './operator-command.js';

/**
 * `CALL sys.expire_snapshots(retain_max => n)` while no job runs: old snapshots go; tags keep the files of
 * their snapshots (`ExpireSnapshotsImpl` skips files a tag still needs).
 */
export class ExpireCommand extends OperatorCommand {
  constructor(readonly retainMax: number) {
    super();
  }
  check(model: Readonly<RecoveryModel>): boolean {
    return model.running === undefined;
  }
  protected steps(): Step[] {
    return [{ op: 'expire-snapshots', retainMin: 1, retainMax: this.retainMax }];
  }
  protected apply(): void {}
}
