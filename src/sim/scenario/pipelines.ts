import type { Row, SchemaDefinition } from '../../storage/index.js';

/**
 * Standard workloads: each event has a unique id (0, 1, 2, … in publication order) that stays traceable in
 * the table (Jepsen/Elle: unique values make a history checkable; FoundationDB's Cycle workload). Each
 * workload knows its model: the table a correct, exactly-once pipeline produces from the events.
 */
export type WorkloadName = 'orders-append' | 'customer-totals-sum' | 'keyed-upserts' | 'partial-updates';

/** One published event: its id, the key that decides its partition, and the record the source emits. */
export interface PublishedEvent {
  readonly id: number;
  readonly topic: string;
  readonly partition: number;
  readonly key: number;
}

/** A row as checkers see it: column → text (bigints and decimals as their decimal text). */
export type CanonicalRow = Readonly<Record<string, string | null>>;

export interface Workload {
  readonly name: WorkloadName;
  readonly description: string;
  readonly kind: 'append' | 'primary-key';
  readonly table: string;
  /** Schema without options; options come from the workload's defaults then the scenario's table options. */
  readonly fields: SchemaDefinition['fields'];
  readonly primaryKeys?: string[];
  readonly options: Readonly<Record<string, string>>;
  /** The key of event `id` (partition = key % partitions, so each key keeps its order). */
  key(id: number): number;
  record(id: number): Row;
  canonical(row: Row): CanonicalRow;
  /** Event ids a row shows (a sum row shows every order it summed). */
  idsOf(row: CanonicalRow): number[];
  /** The table an exactly-once run produces from these events, sorted. */
  model(events: readonly PublishedEvent[]): CanonicalRow[];
  /** Ids the model keeps visible (upserts hide all but the latest event of a key). */
  visible(events: readonly PublishedEvent[]): number[];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const byKey = (a: CanonicalRow, b: CanonicalRow, k: string) => Number(a[k]) - Number(b[k]);
const ids = (list: string | null) => (list ? list.split(',').map(Number) : []);

const ordersAppend: Workload = {
  name: 'orders-append',
  description:
    'an append table of orders: order i has order_id i and amount i.00 (replays show as duplicates)',
  kind: 'append',
  table: 'shop.orders',
  fields: [
    { name: 'order_id', type: 'BIGINT NOT NULL' },
    { name: 'amount', type: 'DECIMAL(10, 2)' },
  ],
  options: {},
  key: (id) => id,
  record: (id) => ({ order_id: BigInt(id), amount: `${id}.00` }),
  canonical: (r) => ({ order_id: text(r.order_id), amount: text(r.amount) }),
  idsOf: (r) => [Number(r.order_id)],
  model: (events) => events.map((e) => ordersAppend.canonical(ordersAppend.record(e.id))),
  visible: (events) => events.map((e) => e.id),
};

const CUSTOMERS = 4;
const customerTotals: Workload = {
  name: 'customer-totals-sum',
  description:
    'a primary-key table of customer totals (merge-engine aggregation): order i adds i to customer i % 4 and lists its id in order_ids (listagg), so a replayed order shows up twice',
  kind: 'primary-key',
  table: 'shop.customer_totals',
  fields: [
    { name: 'customer_id', type: 'BIGINT NOT NULL' },
    { name: 'total', type: 'BIGINT' },
    { name: 'order_ids', type: 'STRING' },
  ],
  primaryKeys: ['customer_id'],
  options: {
    bucket: '2',
    'merge-engine': 'aggregation',
    'fields.total.aggregate-function': 'sum',
    'fields.order_ids.aggregate-function': 'listagg',
  },
  key: (id) => id % CUSTOMERS,
  record: (id) => ({ customer_id: BigInt(id % CUSTOMERS), total: BigInt(id), order_ids: String(id) }),
  // order_ids sorted: the merge order of one key follows sequence numbers, which a model need not repeat
  canonical: (r) => ({
    customer_id: text(r.customer_id),
    total: text(r.total),
    order_ids: ids(text(r.order_ids))
      .sort((a, b) => a - b)
      .join(','),
  }),
  idsOf: (r) => ids(r.order_ids ?? null),
  model: (events) => {
    const byCustomer = new Map<number, number[]>();
    for (const e of events) byCustomer.set(e.key, [...(byCustomer.get(e.key) ?? []), e.id]);
    return [...byCustomer]
      .map(([c, list]) => ({
        customer_id: String(c),
        total: String(list.reduce((s, x) => s + x, 0)),
        order_ids: [...list].sort((a, b) => a - b).join(','),
      }))
      .sort((a, b) => byKey(a, b, 'customer_id'));
  },
  visible: (events) => events.map((e) => e.id),
};

const KEYS = 5;
const keyedUpserts: Workload = {
  name: 'keyed-upserts',
  description:
    'a primary-key table (deduplicate): event i upserts key i % 5 with event_id i; the latest event of each key wins',
  kind: 'primary-key',
  table: 'db.kv',
  fields: [
    { name: 'k', type: 'BIGINT NOT NULL' },
    { name: 'event_id', type: 'BIGINT' },
    { name: 'v', type: 'STRING' },
  ],
  primaryKeys: ['k'],
  options: { bucket: '2' },
  key: (id) => id % KEYS,
  record: (id) => ({ k: BigInt(id % KEYS), event_id: BigInt(id), v: `v${id}` }),
  canonical: (r) => ({ k: text(r.k), event_id: text(r.event_id), v: text(r.v) }),
  idsOf: (r) => [Number(r.event_id)],
  model: (events) => lastPerKey(events).map((e) => keyedUpserts.canonical(keyedUpserts.record(e.id))),
  visible: (events) => lastPerKey(events).map((e) => e.id),
};

const PROFILE_KEYS = 3;
const partialUpdates: Workload = {
  name: 'partial-updates',
  description:
    'a primary-key table (merge-engine partial-update): even events set column a, odd events set column b of key i % 3 to the event id',
  kind: 'primary-key',
  table: 'db.profiles',
  fields: [
    { name: 'k', type: 'BIGINT NOT NULL' },
    { name: 'a', type: 'BIGINT' },
    { name: 'b', type: 'BIGINT' },
  ],
  primaryKeys: ['k'],
  options: { bucket: '2', 'merge-engine': 'partial-update' },
  key: (id) => id % PROFILE_KEYS,
  record: (id) => ({
    k: BigInt(id % PROFILE_KEYS),
    a: id % 2 === 0 ? BigInt(id) : null,
    b: id % 2 === 1 ? BigInt(id) : null,
  }),
  canonical: (r) => ({ k: text(r.k), a: text(r.a), b: text(r.b) }),
  idsOf: (r) => [r.a, r.b].filter((v) => v !== null).map(Number),
  model: (events) => {
    const rows = new Map<number, { a: string | null; b: string | null }>();
    for (const e of events) {
      const row = rows.get(e.key) ?? { a: null, b: null };
      if (e.id % 2 === 0) row.a = String(e.id);
      else row.b = String(e.id);
      rows.set(e.key, row);
    }
    return [...rows].sort(([x], [y]) => x - y).map(([k, r]) => ({ k: String(k), ...r }));
  },
  visible: (events) =>
    partialUpdates
      .model(events)
      .flatMap((r) => partialUpdates.idsOf(r))
      .sort((a, b) => a - b),
};

function lastPerKey(events: readonly PublishedEvent[]): PublishedEvent[] {
  const last = new Map<number, PublishedEvent>();
  for (const e of events) last.set(e.key, e);
  return [...last.values()].sort((a, b) => a.key - b.key);
}

export const WORKLOADS: Readonly<Record<WorkloadName, Workload>> = {
  'orders-append': ordersAppend,
  'customer-totals-sum': customerTotals,
  'keyed-upserts': keyedUpserts,
  'partial-updates': partialUpdates,
};

export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];

/**
 * Whether the table shows every event of `events` the model keeps visible — or, for upsert workloads, a
 * later event that superseded it (what `run until committed: n` waits for).
 */
export function covers(
  workload: Workload,
  rows: readonly CanonicalRow[],
  events: readonly PublishedEvent[],
): boolean {
  const seen = new Set(rows.flatMap((r) => workload.idsOf(r)));
  if (workload.kind === 'append' || workload.name === 'customer-totals-sum')
    return workload.visible(events).every((id) => seen.has(id));
  // upserts: each expected id, or a later id in the same key (and same column parity for partial updates)
  const later = (id: number, key: number) =>
    [...seen].some(
      (s) => s >= id && workload.key(s) === key && (workload.name !== 'partial-updates' || s % 2 === id % 2),
    );
  return workload.visible(events).every((id) => later(id, workload.key(id)));
}

/** Canonical rows sorted by their JSON text: a stable order for comparing tables. */
export function sortRows(rows: readonly CanonicalRow[]): CanonicalRow[] {
  return [...rows].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
