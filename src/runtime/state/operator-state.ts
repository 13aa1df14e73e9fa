import type { ListState } from './keyed-state.js';
import { decodeState, type Encoded, encodeState } from './state-codec.js';

export interface OperatorStateSnapshot {
  readonly list: Record<string, Encoded[]>;
  readonly union: Record<string, Encoded[]>;
}

/**
 * Operator (non-keyed) state of one subtask (`DefaultOperatorStateBackend`): named list states, split among
 * subtasks on restore, and union list states, of which every subtask gets the whole union on restore.
 */
export class OperatorStateBackend {
  private readonly lists = new Map<string, unknown[]>();
  private readonly unions = new Map<string, unknown[]>();

  getListState<T>(name: string): ListState<T> {
    return this.view<T>(this.lists, name);
  }

  getUnionListState<T>(name: string): ListState<T> {
    return this.view<T>(this.unions, name);
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
    const names = new Set(snapshots.flatMap((s) => Object.keys(s.list)));
    for (const name of names) {
      if (snapshots.length === parallelism) {
        this.lists.set(name, (snapshots[index]!.list[name] ?? []).map(decodeState));
        continue;
      }
      const all = snapshots.flatMap((s) => s.list[name] ?? []);
      const base = Math.floor(all.length / parallelism);
      const extra = all.length % parallelism;
      const start = index * base + Math.min(index, extra);
      const end = start + base + (index < extra ? 1 : 0);
      this.lists.set(name, all.slice(start, end).map(decodeState));
    }
    const unionNames = new Set(snapshots.flatMap((s) => Object.keys(s.union)));
    for (const name of unionNames)
      this.unions.set(name, snapshots.flatMap((s) => s.union[name] ?? []).map(decodeState));
  }
}
