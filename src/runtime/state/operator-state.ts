import { CorruptStateError, StateMigrationError } from '../errors.js';
import { isPlainObject } from './keyed-snapshot.js';
import type { ListState } from './keyed-state.js';
import { decodeStateAt, type Encoded, encodeState, showEncoded } from './state-codec.js';

export interface OperatorStateSnapshot {
  readonly list: Record<string, Encoded[]>;
  readonly union: Record<string, Encoded[]>;
}

/** Flink's `OperatorStateHandle.Mode` of a list state. */
type AssignmentMode = 'SPLIT_DISTRIBUTE' | 'UNION';

export interface DecodedOperatorState {
  readonly list: ReadonlyMap<string, unknown[]>;
  readonly union: ReadonlyMap<string, unknown[]>;
}

/**
 * Decodes one subtask's operator state: `list` and `union` map state names to arrays, and a name has one
 * assignment mode. Damage is a `CorruptStateError` saying where.
 */
export function decodeOperatorState(snapshot: unknown): DecodedOperatorState {
  if (!isPlainObject(snapshot)) fail('operator state', 'an object with list and union', snapshot);
  const decode = (part: 'list' | 'union') => {
    const states = (snapshot as Record<string, unknown>)[part];
    if (!isPlainObject(states)) fail(`operator state ${part}`, 'an object of state name to array', states);
    const out = new Map<string, unknown[]>();
    for (const [name, values] of Object.entries(states as Record<string, unknown>)) {
      const at = `${part === 'list' ? 'list' : 'union list'} state '${name}'`;
      if (!Array.isArray(values)) fail(at, 'an array', values);
      out.set(
        name,
        (values as Encoded[]).map((v, i) => decodeStateAt(v, `${at}[${i}]`)),
      );
    }
    return out;
  };
  const list = decode('list');
  const union = decode('union');
  for (const name of list.keys())
    if (union.has(name))
      fail(`operator state '${name}'`, 'one assignment mode (list or union, not both)', name);
  return { list, union };
}

/**
 * Operator (non-keyed) state of one subtask (`DefaultOperatorStateBackend`): named list states, split among
 * subtasks on restore, and union list states, of which every subtask gets the whole union on restore.
 */
export class OperatorStateBackend {
  private readonly lists = new Map<string, unknown[]>();
  private readonly unions = new Map<string, unknown[]>();

  getListState<T>(name: string): ListState<T> {
    this.checkMode(name, 'SPLIT_DISTRIBUTE', this.unions);
    return this.view<T>(this.lists, name);
  }

  getUnionListState<T>(name: string): ListState<T> {
    this.checkMode(name, 'UNION', this.lists);
    return this.view<T>(this.unions, name);
  }

  /** `DefaultOperatorStateBackend.checkStateNameAndMode`: a name keeps the mode it was registered with. */
  private checkMode(name: string, mode: AssignmentMode, other: Map<string, unknown[]>): void {
    if (!other.has(name)) return;
    const was: AssignmentMode = mode === 'UNION' ? 'SPLIT_DISTRIBUTE' : 'UNION';
    throw new StateMigrationError(
      `Error while getting operator state '${name}': Incompatible state assignment modes. Was [${was}], registered with [${mode}].`,
    );
  }

  private view<T>(store: Map<string, unknown[]>, name: string): ListState<T> {
    if (!store.has(name)) store.set(name, []);
    return {
      get: () => [...(store.get(name) as T[])],
      add: (v) => store.get(name)!.push(v),
      update: (vs) => store.set(name, [...vs]),
      clear: () => store.set(name, []),
    };
  }

  snapshot(): OperatorStateSnapshot {
    const encode = (m: Map<string, unknown[]>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, v.map(encodeState)]));
    return { list: encode(this.lists), union: encode(this.unions) };
  }

  /**
   * Redistribution on restore (`RoundRobinOperatorStateRepartitioner`): at unchanged parallelism each subtask
   * gets its own list state back; after rescaling, the elements of all old subtasks (in subtask order) are split
   * into contiguous parts, the first `total % parallelism` parts one element longer. Union state goes whole to
   * every subtask.
   */
  restore(snapshots: readonly OperatorStateSnapshot[], index: number, parallelism: number): void {
    const decoded = snapshots.map(decodeOperatorState);
    const names = new Set(decoded.flatMap((s) => [...s.list.keys()]));
    const unionNames = new Set(decoded.flatMap((s) => [...s.union.keys()]));
    for (const name of names)
      if (unionNames.has(name))
        throw new CorruptStateError(
          `operator state '${name}' is a list state in one subtask and union in another`,
        );
    for (const name of names) {
      if (decoded.length === parallelism) {
        this.lists.set(name, [...(decoded[index]!.list.get(name) ?? [])]);
        continue;
      }
      const all = decoded.flatMap((s) => s.list.get(name) ?? []);
      const base = Math.floor(all.length / parallelism);
      const extra = all.length % parallelism;
      const start = index * base + Math.min(index, extra);
      const end = start + base + (index < extra ? 1 : 0);
      this.lists.set(name, all.slice(start, end));
    }
    for (const name of unionNames)
      this.unions.set(
        name,
        decoded.flatMap((s) => s.union.get(name) ?? []),
      );
  }
}

function fail(at: string, expected: string, value: unknown): never {
  throw new CorruptStateError(`${at}: expected ${expected}, got ${showEncoded(value)}`);
}
