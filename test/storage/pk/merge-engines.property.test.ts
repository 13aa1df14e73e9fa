import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowKindText } from '../../../src/storage/spec/key-value.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import type { TableWrite } from '../../../src/storage/table/table-write.js';
import { runs } from '../../sweep-runs.js';
import { createTable, memoryCatalog, sorted } from '../table/helpers.js';

/**
 * For random upserts/deletes over a small key space, with random flush (commit), compaction, writer-restart
 * and batch/stream points, the merged scan equals a plain in-memory model of the merge engine. Inputs are
 * limited where Paimon itself is not order-independent under partial compaction (documented per engine).
 */
type Op =
  | { op: 'write'; kind: RowKindText; key: number; name: string | null; qty: number | null }
  | { op: 'bulk'; rows: number }
  | { op: 'commit' }
  | { op: 'compact'; bucket: number }
  | { op: 'restart' };

interface Engine {
  options: Record<string, string>;
  kinds: RowKindText[];
  /** Applies one written row to the model. */
  apply(model: Map<number, Row>, kind: RowKindText, row: Row): void;
  /** Whether retractions may only follow an insert of the same key (aggregation). */
  retractOnlyKnownKeys?: boolean;
}

const row = (key: number, name: string | null, qty: number | null): Row => ({ id: BigInt(key), name, qty });

const ENGINES: Record<string, Engine> = {
  deduplicate: {
    options: {},
    kinds: ['+I', '+U', '-U', '-D'],
    apply(m, kind, r) {
      if (kind === '-D' || kind === '-U') m.delete(Number(r.id));
      else m.set(Number(r.id), r);
    },
  },
  // Without deletes: a -D that a full compaction drops no longer shadows a later row of smaller sequence.field.
  'deduplicate, sequence.field': {
    options: { 'sequence.field': 'qty' },
    kinds: ['+I', '+U'],
    apply(m, _kind, r) {
      const old = m.get(Number(r.id));
      // the largest qty wins (nulls lowest); equal qty: the later write
      if (!old || old.qty === null || (r.qty !== null && (r.qty as number) >= (old.qty as number)))
        m.set(Number(r.id), r);
    },
  },
  // Deletes ignored (`ignore-delete`): Paimon's partial-update forgets a removal once a partial compaction
  // merges the -D with a later insert, so removal is not order-independent.
  'partial-update': {
    options: { 'merge-engine': 'partial-update', 'ignore-delete': 'true' },
    kinds: ['+I', '+U', '-D'],
    apply(m, kind, r) {
      if (kind === '-D' || kind === '-U') return;
      const old = m.get(Number(r.id)) ?? row(Number(r.id), null, null);
      m.set(Number(r.id), { id: r.id, name: r.name ?? old.name, qty: r.qty ?? old.qty });
    },
  },
  // sum retracts; last_non_null_value sees retractions with a null value only (otherwise not associative).
  aggregation: {
    options: { 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'sum' },
    kinds: ['+I', '+U', '-U', '-D'],
    retractOnlyKnownKeys: true,
    apply(m, kind, r) {
      const old = m.get(Number(r.id));
      const retract = kind === '-D' || kind === '-U';
      const qtyIn = r.qty as number | null;
      let qty = old?.qty ?? null;
      if (qtyIn !== null)
        qty = qty === null ? (retract ? -qtyIn : qtyIn) : (qty as number) + (retract ? -qtyIn : qtyIn);
      const name = retract ? (old?.name ?? null) : (r.name ?? old?.name ?? null);
      m.set(Number(r.id), { id: r.id, name, qty });
    },
  },
  'first-row': {
    options: { 'merge-engine': 'first-row', 'ignore-delete': 'true' },
    kinds: ['+I', '-D'],
    apply(m, kind, r) {
      if (kind === '+I' && !m.has(Number(r.id))) m.set(Number(r.id), r);
    },
  },
};

const opArb = (kinds: RowKindText[]) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        op: fc.constant('write' as const),
        kind: fc.constantFrom(...kinds),
        key: fc.integer({ min: 0, max: 7 }),
        name: fc.constantFrom('a', 'b', 'c', null),
        qty: fc.option(fc.integer({ min: -3, max: 9 }), { nil: null }),
      }),
    },
    // Many keys at once: a large oldest run, so universal compaction also picks partial (middle-level) units.
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('bulk' as const), rows: fc.integer({ min: 50, max: 300 }) }),
    },
    { weight: 3, arbitrary: fc.constant({ op: 'commit' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('compact' as const), bucket: fc.integer({ min: 0, max: 2 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  );

function run(engine: Engine, settings: Settings, ops: Op[]): { actual: Row[]; expected: Row[] } {
  const { catalog } = memoryCatalog(settings.seed);
  const table: FileStoreTable = createTable(catalog, {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'name', type: 'STRING' },
      { name: 'qty', type: 'INT' },
    ],
    primaryKeys: ['id'],
    options: {
      bucket: String(settings.buckets),
      'num-sorted-run.compaction-trigger': String(settings.trigger),
      'sim.compaction.async': String(settings.async),
      'compaction.max-size-amplification-percent': String(settings.maxSizeAmp),
      'num-levels': String(settings.levels),
      ...engine.options,
    },
  });
  const model = new Map<number, Row>();
  const known = new Set<number>();
  const stream = table.newStreamWriteBuilder();
  let write: TableWrite = settings.batch ? table.newBatchWriteBuilder().newWrite() : stream.newWrite();
  let identifier = 0n;
  const commit = () => {
    if (settings.batch) {
      const b = table.newBatchWriteBuilder();
      b.newCommit().commit(write.prepareCommit());
      write = b.newWrite();
    } else {
      identifier++;
      stream.newCommit().commit(identifier, write.prepareCommit(identifier));
    }
  };
  for (const o of ops) {
    if (o.op === 'write') {
      const retract = o.kind === '-D' || o.kind === '-U';
      if (engine.retractOnlyKnownKeys && retract && !known.has(o.key)) continue;
      const r = row(o.key, retract && engine.retractOnlyKnownKeys ? null : o.name, o.qty);
      write.write([r], o.kind);
      engine.apply(model, o.kind, r);
      if (!retract) known.add(o.key);
    } else if (o.op === 'bulk') {
      for (let k = 0; k < o.rows; k++) {
        const r = row(k, `bulk-${k}`, k % 10);
        write.write([r], '+I');
        engine.apply(model, '+I', r);
        known.add(k);
      }
    } else if (o.op === 'commit') commit();
    else if (o.op === 'compact') {
      if (o.bucket < settings.buckets) write.compact([], o.bucket);
    } else {
      commit();
      write.close();
      write = settings.batch ? table.newBatchWriteBuilder().newWrite() : stream.newWrite();
    }
  }
  commit();
  commit(); // lets an asynchronous compaction land
  return { actual: sorted(table.newReadBuilder().readRows()), expected: sorted([...model.values()]) };
}

interface Settings {
  seed: number;
  buckets: number;
  trigger: number;
  async: boolean;
  batch: boolean;
  maxSizeAmp: number;
  levels: number;
}

const settingsArb = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  buckets: fc.integer({ min: 1, max: 3 }),
  trigger: fc.integer({ min: 2, max: 5 }),
  async: fc.boolean(),
  batch: fc.boolean(),
  // a huge amplification limit makes universal compaction pick by size ratio: partial compactions to middle levels
  maxSizeAmp: fc.constantFrom(200, 100_000),
  levels: fc.integer({ min: 2, max: 6 }),
});

describe('merge engines equal an in-memory model (property)', () => {
  for (const [name, engine] of Object.entries(ENGINES)) {
    it(name, () => {
      fc.assert(
        fc.property(
          settingsArb,
          fc.array(opArb(engine.kinds), { minLength: 10, maxLength: 120, size: 'max' }),
          (settings, ops) => {
            const { actual, expected } = run(engine, settings, ops);
            expect(actual).toEqual(expected);
          },
        ),
        { seed: 20261130, numRuns: runs(30, 10) },
      );
    });
  }
});
