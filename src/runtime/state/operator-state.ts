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
   * Redistribution on restore: list state elements of all old subtasks are concatenated and split into
   * contiguous even parts (round-robin repartitioning of Flink); union state goes whole to every subtask.
   */
  restore(snapshots: readonly OperatorStateSnapshot[], index: number, parallelism: number): void {
    const names = new Set(snapshots.flatMap((s) => Object.keys(s.list)));
    for (const name of names) {
      const all = snapshots.flatMap((s) => s.list[name] ?? []).map(decodeState);
      const per = Math.ceil(all.length / parallelism);
      this.lists.set(name, all.slice(index * per, (index + 1) * per));
    }
    const unionNames = new Set(snapshots.flatMap((s) => Object.keys(s.union)));
    for (const name of unionNames)
      this.unions.set(name, snapshots.flatMap((s) => s.union[name] ?? []).map(decodeState));
  }
}
