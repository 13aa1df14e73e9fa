import { CorruptStateError } from '../errors.js';
import { showEncoded } from '../state/state-codec.js';
import type { OperatorContext } from './operator.js';

/**
 * Checks the entries of a restored list state an operator of the runtime reads (source offsets, pending
 * transactions): the file decoded, but its meaning is the operator's. A wrong entry is a `CorruptStateError`
 * naming the operator, subtask, state and entry (same text as the Paimon sink's checks), never a TypeError or
 * a silently wrong position.
 */
export function checkRestoredEntries<T>(
  ctx: OperatorContext,
  state: string,
  values: readonly unknown[],
  ok: (value: unknown) => boolean,
  expected: string,
): T[] {
  for (const [i, value] of values.entries()) {
    if (!ok(value)) {
      throw new CorruptStateError(
        `Corrupt state '${state}' of operator '${ctx.uid}' (subtask ${ctx.subtaskIndex}) restored from checkpoint ${ctx.restoredCheckpointId}: entry ${i}: expected ${expected}, got ${showEncoded(value)}`,
      );
    }
  }
  return values as T[];
}

export const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
