import { RuntimeError } from '../../errors.js';
import type { ListState } from '../../state/keyed-state.js';
import type { OperatorContext } from '../../task/operator.js';
import { COMMIT_USER_STATE } from './committable.js';
import { checkRestored, commitUser } from './restored-state.js';

/**
 * `StateUtils.getSingleValueFromState`: the commit user restored from union state (all subtasks wrote the same
 * value), or the job's initial user on a fresh start. A restored job keeps the old user.
 */
export function restoreCommitUser(
  ctx: OperatorContext,
  state: ListState<string>,
  initialCommitUser: string,
): string {
  const values = checkRestored<string>(ctx, COMMIT_USER_STATE, state.get(), commitUser);
  if (ctx.restoredCheckpointId === undefined) {
    if (values.length > 0)
      throw new RuntimeError(
        `Expecting 0 value for a fresh state but found ${values.length}. This is unexpected.`,
      );
    state.update([initialCommitUser]);
    return initialCommitUser;
  }
  if (values.length === 0) {
    state.update([initialCommitUser]);
    return initialCommitUser;
  }
  if (new Set(values).size > 1)
    throw new RuntimeError('Values in list state are not the same. This is unexpected.');
  state.update([values[0]!]);
  return values[0]!;
}
