import { CorruptStateError } from '../errors.js';
import { keyGroupOf } from './key-groups.js';
import { decodeStateAt, type Encoded, keyText, showEncoded } from './state-codec.js';

/** Flink's `StateDescriptor.Type` of a keyed state, recorded with each snapshot (`KEYED_STATE_TYPE`). */
export type StateKind = 'VALUE' | 'LIST' | 'MAP';

export const STATE_KINDS: readonly StateKind[] = ['VALUE', 'LIST', 'MAP'];

/** Snapshot of keyed state: per key group, per state name, the [key, value] pairs (JSON-encoded). */
export type KeyedStateSnapshot = Record<string, Record<string, [Encoded, Encoded][]>>;

/** The kind of every state name of a keyed state backend. */
export type KeyedStateKinds = Record<string, StateKind>;

/** The keyed part of one subtask's state as a snapshot holds it. */
export interface KeyedSubtaskState {
  readonly keyed: KeyedStateSnapshot | null;
  /** Written with every keyed snapshot; checked against the kind each state is read with. */
  readonly keyedKinds?: KeyedStateKinds;
}

export interface DecodedEntry {
  readonly keyGroup: number;
  readonly name: string;
  readonly key: unknown;
  readonly value: unknown;
}

export interface DecodedKeyedState {
  readonly kinds: ReadonlyMap<string, StateKind>;
  readonly entries: readonly DecodedEntry[];
}

const GROUP = /^(?:0|[1-9]\d*)$/;

/** The keyed list states where `AbstractStreamOperator` keeps each key's timers (timestamps in ms). */
export const EVENT_TIMERS = '__event_time_timers';
export const PROCESSING_TIMERS = '__processing_time_timers';
const TIMER_STATES = [EVENT_TIMERS, PROCESSING_TIMERS];

/**
 * Decodes and checks one subtask's keyed state: key groups are decimal integers below `maxParallelism` (and in
 * `owned`, the range of the subtask that wrote them, when known), every key hashes to its group, every state
 * has a recorded kind, and each value has its kind's shape (a list state holds an array, a map state a map of
 * its keys). Damage is a `CorruptStateError` saying where, never a TypeError later in an operator.
 */
export function decodeKeyedState(
  state: KeyedSubtaskState,
  maxParallelism: number,
  owned?: readonly [number, number],
): DecodedKeyedState {
  const kinds = decodeKinds(state.keyedKinds, state.keyed !== null);
  const entries: DecodedEntry[] = [];
  if (state.keyed === null) return { kinds, entries };
  if (!isPlainObject(state.keyed)) fail('keyed state', 'an object of key groups (or null)', state.keyed);
  for (const [group, states] of Object.entries(state.keyed)) {
    const g = Number(group);
    if (!GROUP.test(group) || g >= maxParallelism)
      fail(
        `keyed state, key group ${JSON.stringify(group)}`,
        `a key group in 0..${maxParallelism - 1}`,
        group,
      );
    if (owned && (g < owned[0] || g > owned[1]))
      fail(`keyed state, key group ${g}`, `a key group of this subtask (${owned[0]}..${owned[1]})`, group);
    if (!isPlainObject(states)) fail(`keyed state, key group ${g}`, 'an object of states', states);
    for (const [name, pairs] of Object.entries(states)) {
      const at = `keyed state '${name}', key group ${g}`;
      const kind = kinds.get(name);
      if (!kind) fail(at, 'a state whose kind is recorded in keyedKinds', name);
      if (!Array.isArray(pairs)) fail(at, 'an array of [key, value] pairs', pairs);
      for (const [i, pair] of (pairs as unknown[]).entries()) {
        const where = `${at}, entry ${i}`;
        if (!Array.isArray(pair) || pair.length !== 2) fail(where, 'a [key, value] pair', pair);
        const key = decodeStateAt((pair as Encoded[])[0]!, `${where}, key`);
        if (key === null || key === undefined || (typeof key === 'number' && Number.isNaN(key)))
          fail(`${where}, key`, 'a key (not null)', (pair as Encoded[])[0]);
        if (keyGroupOf(key, maxParallelism) !== g)
          fail(`${where}, key`, `a key of key group ${g}`, (pair as Encoded[])[0]);
        const value = decodeStateAt((pair as Encoded[])[1]!, `${where}, value`);
        checkShape(kind!, value, `${where}, value`, (pair as Encoded[])[1]);
        if (TIMER_STATES.includes(name) && !(value as unknown[]).every((t) => Number.isSafeInteger(t)))
          fail(`${where}, value`, 'timer timestamps (integers)', (pair as Encoded[])[1]);
        entries.push({ keyGroup: g, name, key, value });
      }
    }
  }
  return { kinds, entries };
}

function decodeKinds(kinds: unknown, required: boolean): Map<string, StateKind> {
  const out = new Map<string, StateKind>();
  if (kinds === undefined && !required) return out;
  if (!isPlainObject(kinds)) fail('keyedKinds', 'an object of state name to VALUE, LIST or MAP', kinds);
  for (const [name, kind] of Object.entries(kinds as object)) {
    if (!STATE_KINDS.includes(kind as StateKind)) fail(`keyedKinds '${name}'`, 'VALUE, LIST or MAP', kind);
    if (TIMER_STATES.includes(name) && kind !== 'LIST') fail(`keyedKinds '${name}'`, 'LIST (timers)', kind);
    out.set(name, kind as StateKind);
  }
  return out;
}

/** What `KeyedStateBackend` stores per kind: a list state an array, a map state `Map<keyText, [key, value]>`. */
function checkShape(kind: StateKind, value: unknown, at: string, encoded: unknown): void {
  if (value === undefined) fail(at, 'a value', encoded);
  if (kind === 'LIST' && !Array.isArray(value)) fail(at, 'a list (array) for a LIST state', encoded);
  if (kind !== 'MAP') return;
  if (!(value instanceof Map)) fail(at, 'a map ({"$map": …}) for a MAP state', encoded);
  for (const [text, entry] of value as Map<unknown, unknown>) {
    if (!Array.isArray(entry) || entry.length !== 2 || text !== keyText(entry[0]))
      fail(at, 'map entries keyed by the canonical text of their [key, value]', encoded);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(at: string, expected: string, value: unknown): never {
  throw new CorruptStateError(`${at}: expected ${expected}, got ${showEncoded(value)}`);
}
