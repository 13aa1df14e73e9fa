import { CorruptStateError, RestoreError } from '../errors.js';
import type { SnapshotKind } from '../records.js';
import { keyGroupRange, UPPER_BOUND_MAX_PARALLELISM } from '../state/key-groups.js';
import { decodeKeyedState, isPlainObject, type StateKind } from '../state/keyed-snapshot.js';
import { decodeOperatorState } from '../state/operator-state.js';
import { showEncoded } from '../state/state-codec.js';
import type { CheckpointMetadata } from './checkpoint-metadata.js';

const KINDS: readonly SnapshotKind[] = ['checkpoint', 'savepoint', 'stop-savepoint', 'stop-savepoint-drain'];

/**
 * Checks a parsed `_metadata` completely before any task exists (Flink's typed serializers would refuse damaged
 * bytes while loading the metadata; here the file is JSON a user can edit): the header (format, a checkpoint id
 * >= 1, kind, job, time), every operator's parallelism and max parallelism (<= 32768,
 * `KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM`), one state per subtask, and all state decoded: codec
 * tags, key groups inside the writing subtask's range, keys in their groups, state kinds and shapes. A damage
 * is a `RestoreError` (`CorruptStateError` for state) naming the file, the operator uid, the subtask and the
 * state, so a bad snapshot restores nothing.
 */
export function validateMetadata(parsed: unknown, path: string): CheckpointMetadata {
  const bad = (where: string, expected: string, value: unknown): never => {
    throw new RestoreError(
      `Corrupt checkpoint metadata '${path}': ${where}: expected ${expected}, got ${showEncoded(value)}`,
    );
  };
  if (!isPlainObject(parsed) || parsed.format !== 'paimon-sim-checkpoint-1') {
    throw new RestoreError(
      `Corrupt checkpoint metadata '${path}': not a paimon-sim checkpoint (format, checkpointId and operators expected)`,
    );
  }
  const m = parsed;
  if (!Number.isSafeInteger(m.checkpointId) || (m.checkpointId as number) < 1)
    bad('checkpointId', 'an integer >= 1', m.checkpointId);
  if (!KINDS.includes(m.kind as SnapshotKind)) bad('kind', `one of ${KINDS.join(', ')}`, m.kind);
  if (typeof m.jobId !== 'string') bad('jobId', 'a string', m.jobId);
  if (typeof m.jobName !== 'string') bad('jobName', 'a string', m.jobName);
  if (!Number.isSafeInteger(m.timestampMs) || (m.timestampMs as number) < 0)
    bad('timestampMs', 'an integer >= 0', m.timestampMs);
  if (!isPlainObject(m.operators))
    bad('operators', 'an object of operator uid to operator state', m.operators);
  for (const [uid, op] of Object.entries(m.operators as Record<string, unknown>)) {
    const at = `operator '${uid}'`;
    if (!isPlainObject(op)) bad(at, 'an object with name, parallelism, maxParallelism and subtasks', op);
    const { name, parallelism, maxParallelism, subtasks } = op as Record<string, unknown>;
    if (typeof name !== 'string') bad(`${at}, name`, 'a string', name);
    if (!isIntIn(maxParallelism, 1, UPPER_BOUND_MAX_PARALLELISM))
      bad(`${at}, maxParallelism`, `an integer in 1..${UPPER_BOUND_MAX_PARALLELISM}`, maxParallelism);
    const maxP = maxParallelism as number;
    if (!isIntIn(parallelism, 1, maxP))
      bad(`${at}, parallelism`, `an integer in 1..${maxP} (its max parallelism)`, parallelism);
    const p = parallelism as number;
    if (!Array.isArray(subtasks) || subtasks.length !== p)
      bad(`${at}, subtasks`, `an array of ${p} subtask states (one per subtask)`, subtasks);
    checkSubtasks(path, uid, subtasks as unknown[], p, maxP, bad);
  }
  return parsed as unknown as CheckpointMetadata;
}

type Bad = (where: string, expected: string, value: unknown) => never;

function checkSubtasks(
  path: string,
  uid: string,
  subtasks: readonly unknown[],
  parallelism: number,
  maxParallelism: number,
  bad: Bad,
): void {
  const kinds = new Map<string, StateKind>();
  const modes = new Map<string, 'list' | 'union'>();
  for (const [i, s] of subtasks.entries()) {
    const at = `operator '${uid}', subtask ${i}`;
    if (!isPlainObject(s)) bad(at, 'an object with keyed and operator state', s);
    const state = s as Record<string, unknown>;
    try {
      const owned = keyGroupRange(i, maxParallelism, parallelism);
      const keyed = decodeKeyedState(
        { keyed: state.keyed as never, keyedKinds: state.keyedKinds as never },
        maxParallelism,
        owned,
      );
      for (const [name, kind] of keyed.kinds) {
        const other = kinds.get(name);
        if (other !== undefined && other !== kind)
          bad(`${at}, keyedKinds '${name}'`, `${other}, as in the other subtasks`, kind);
        kinds.set(name, kind);
      }
      const operator = decodeOperatorState(state.operator);
      for (const [mode, names] of [
        ['list', operator.list.keys()],
        ['union', operator.union.keys()],
      ] as const) {
        for (const name of names) {
          const other = modes.get(name);
          if (other !== undefined && other !== mode)
            bad(`${at}, operator state '${name}'`, `a ${other} state, as in the other subtasks`, mode);
          modes.set(name, mode);
        }
      }
    } catch (e) {
      if (!(e instanceof CorruptStateError)) throw e;
      throw new CorruptStateError(`Corrupt checkpoint metadata '${path}': ${at}, ${e.message}`, { cause: e });
    }
  }
}

function isIntIn(value: unknown, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}
