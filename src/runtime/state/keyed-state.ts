import { RuntimeError } from '../errors.js';
import { keyGroupOf } from './key-groups.js';
import { decodeState, type Encoded, encodeState, keyText } from './state-codec.js';

/** Flink's keyed state primitives, scoped to the key of the record being processed. */
export interface ValueState<T> {
  value(): T | undefined;
  update(value: T): void;
  clear(): void;
}

export interface ListState<T> {
  get(): T[];
  add(value: T): void;
  update(values: readonly T[]): void;
  clear(): void;
}

export interface MapState<K, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): [K, V][];
  clear(): void;
}

interface Entry {
  readonly key: unknown;
  readonly keyGroup: number;
  value: unknown;
}

/** Snapshot of keyed state: per key group, per state name, the [key, value] pairs (JSON-encoded). */
export type KeyedStateSnapshot = Record<string, Record<string, [Encoded, Encoded][]>>;

/**
 * Heap keyed state of one subtask (`HeapKeyedStateBackend`): values per state name and key. The task sets the
 * current key before each record or timer, as Flink's `setCurrentKey` does.
 */
export class KeyedStateBackend {
  private readonly states = new Map<string, Map<string, Entry>>();
  private currentKeyText: string | undefined;
  private currentKey: unknown;
  private currentGroup = 0;

  constructor(
    readonly maxParallelism: number,
    readonly keyGroups: readonly [number, number],
  ) {}

  setCurrentKey(key: unknown): void {
    this.currentKey = key;
    this.currentKeyText = keyText(key);
    this.currentGroup = keyGroupOf(key, this.maxParallelism);
  }

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  private table(name: string): Map<string, Entry> {
    let t = this.states.get(name);
    if (!t) {
      t = new Map();
      this.states.set(name, t);
    }
    return t;
  }

  private requireKey(): string {
    if (this.currentKeyText === undefined)
      throw new RuntimeError(
        'Keyed state can only be used on a keyed stream (after keyBy), inside processing of a record or timer',
      );
    return this.currentKeyText;
  }

  private get(name: string): unknown {
    return this.table(name).get(this.requireKey())?.value;
  }

  private set(name: string, value: unknown): void {
    const k = this.requireKey();
    if (value === undefined) this.table(name).delete(k);
    else this.table(name).set(k, { key: this.currentKey, keyGroup: this.currentGroup, value });
  }

  valueState<T>(name: string): ValueState<T> {
    return {
      value: () => this.get(name) as T | undefined,
      update: (v) => this.set(name, v),
      clear: () => this.set(name, undefined),
    };
  }

  listState<T>(name: string): ListState<T> {
    return {
      get: () => [...((this.get(name) as T[] | undefined) ?? [])],
      add: (v) => this.set(name, [...((this.get(name) as T[] | undefined) ?? []), v]),
      update: (vs) => this.set(name, vs.length === 0 ? undefined : [...vs]),
      clear: () => this.set(name, undefined),
    };
  }

  mapState<K, V>(name: string): MapState<K, V> {
    const current = () => (this.get(name) as Map<string, [K, V]> | undefined) ?? new Map<string, [K, V]>();
    const write = (m: Map<string, [K, V]>) => this.set(name, m.size === 0 ? undefined : m);
    return {
      get: (k) => current().get(keyText(k))?.[1],
      put: (k, v) => write(new Map(current()).set(keyText(k), [k, v])),
      remove: (k) => {
        const m = new Map(current());
        m.delete(keyText(k));
        write(m);
      },
      contains: (k) => current().has(keyText(k)),
      entries: () => [...current().values()],
      clear: () => this.set(name, undefined),
    };
  }

  /** All keys that have a value in state `name` (for timers and tests). */
  keysOf(name: string): unknown[] {
    return [...this.table(name).values()].map((e) => e.key);
  }

  /** [key, value] of every key in state `name`, without touching the current key. */
  entriesOf(name: string): [unknown, unknown][] {
    return [...this.table(name).values()].map((e) => [e.key, e.value]);
  }

  snapshot(): KeyedStateSnapshot {
    const out: KeyedStateSnapshot = {};
    for (const [name, entries] of [...this.states].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const entry of [...entries.values()].sort(byKeyText)) {
        const groupKey = String(entry.keyGroup);
        const group = out[groupKey] ?? {};
        out[groupKey] = group;
        const pairs = group[name] ?? [];
        group[name] = pairs;
        pairs.push([encodeState(entry.key), encodeState(entry.value)]);
      }
    }
    return out;
  }

  /** Loads the groups this subtask owns from the snapshots of any number of old subtasks (rescaling). */
  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    const [from, to] = this.keyGroups;
    for (const snapshot of snapshots) {
      for (const [group, states] of Object.entries(snapshot)) {
        const g = Number(group);
        if (g < from || g > to) continue;
        for (const [name, pairs] of Object.entries(states)) {
          for (const [k, v] of pairs) {
            const key = decodeState(k);
            this.table(name).set(keyText(key), { key, keyGroup: g, value: decodeState(v) });
          }
        }
      }
    }
  }
}

function byKeyText(a: Entry, b: Entry): number {
  const x = keyText(a.key);
  const y = keyText(b.key);
  return x < y ? -1 : x > y ? 1 : 0;
}
