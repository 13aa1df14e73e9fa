import { CorruptStateError, RuntimeError, StateMigrationError } from '../errors.js';
import { keyGroupOf } from './key-groups.js';
import {
  decodeKeyedState,
  type KeyedStateKinds,
  type KeyedStateSnapshot,
  type KeyedSubtaskState,
  type StateKind,
} from './keyed-snapshot.js';
import { encodeState, keyText } from './state-codec.js';

export type { KeyedStateKinds, KeyedStateSnapshot, KeyedSubtaskState, StateKind };

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

/**
 * Heap keyed state of one subtask (`HeapKeyedStateBackend`): values per state name and key. The task sets the
 * current key before each record or timer, as Flink's `setCurrentKey` does.
 */
export class KeyedStateBackend {
  private readonly states = new Map<string, Map<string, Entry>>();
  /** The kind each state was registered (or restored) with (`RegisteredKeyValueStateBackendMetaInfo`). */
  private readonly kinds = new Map<string, StateKind>();
  private currentKeyText: string | undefined;
  private currentKey: unknown;
  private currentGroup = 0;

  constructor(
    readonly maxParallelism: number,
    readonly keyGroups: readonly [number, number],
    /** Names the owner (`<uid>#<subtask>`) in errors. */
    private readonly owner = 'keyed state backend',
  ) {}

  /**
   * A state is read with the kind it was written with: `RegisteredKeyValueStateBackendMetaInfo.checkStateMetaInfo`
   * ("Incompatible key/value state types. Was [..], registered with [..].", wrapped by Flink's
   * `DefaultKeyedStateStore` as "Error while getting state").
   */
  private register(name: string, kind: StateKind): void {
    const was = this.kinds.get(name);
    if (was === kind) return;
    if (was === undefined) {
      this.kinds.set(name, kind);
      return;
    }
    throw new StateMigrationError(
      `Error while getting state '${name}' of ${this.owner}: Incompatible key/value state types. Was [${was}], registered with [${kind}].`,
    );
  }

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
    this.register(name, 'VALUE');
    return {
      value: () => this.get(name) as T | undefined,
      update: (v) => this.set(name, v),
      clear: () => this.set(name, undefined),
    };
  }

  listState<T>(name: string): ListState<T> {
    this.register(name, 'LIST');
    return {
      get: () => [...((this.get(name) as T[] | undefined) ?? [])],
      add: (v) => this.set(name, [...((this.get(name) as T[] | undefined) ?? []), v]),
      update: (vs) => this.set(name, vs.length === 0 ? undefined : [...vs]),
      clear: () => this.set(name, undefined),
    };
  }

  mapState<K, V>(name: string): MapState<K, V> {
    this.register(name, 'MAP');
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

  /** The kind of every registered or restored state, written with each snapshot. */
  stateKinds(): KeyedStateKinds {
    return Object.fromEntries([...this.kinds].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /**
   * Loads the groups this subtask owns from the snapshots of any number of old subtasks (rescaling), with the
   * kind of each state. Damaged state is a `CorruptStateError` (submit checks the same before any task exists).
   */
  restore(snapshots: readonly KeyedSubtaskState[]): void {
    const [from, to] = this.keyGroups;
    for (const snapshot of snapshots) {
      const { kinds, entries } = decodeKeyedState(snapshot, this.maxParallelism);
      for (const [name, kind] of kinds) {
        const was = this.kinds.get(name);
        if (was !== undefined && was !== kind)
          throw new CorruptStateError(
            `keyed state '${name}' is ${was} in one restored subtask and ${kind} in another`,
          );
        this.kinds.set(name, kind);
      }
      for (const { keyGroup, name, key, value } of entries) {
        if (keyGroup < from || keyGroup > to) continue;
        this.table(name).set(keyText(key), { key, keyGroup, value });
      }
    }
  }
}

function byKeyText(a: Entry, b: Entry): number {
  const x = keyText(a.key);
  const y = keyText(b.key);
  return x < y ? -1 : x > y ? 1 : 0;
}
