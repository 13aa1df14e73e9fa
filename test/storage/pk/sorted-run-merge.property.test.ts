import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DataField, parseDataType, rowType } from '../../../src/storage/spec/data-types.js';
import type { RowKind } from '../../../src/storage/spec/key-value.js';
import {
  createMergeFunction,
  type KeyValue,
  type MergeSettings,
} from '../../../src/storage/table/pk/merge-function.js';
import { keyComparator, mergeSorted, recordComparator } from '../../../src/storage/table/pk/record-order.js';
import { mergeSortedRuns } from '../../../src/storage/table/pk/sorted-run-merge.js';

/**
 * The k-way merge of sorted runs (compaction and merge-on-read) gives exactly what sorting the concatenated
 * runs and merging each key gives (the reference, how paimon-sim merged before): random runs over a small
 * two-column key space, every merge engine, with and without a `sequence.field`.
 */
const fields: DataField[] = [
  { id: 0, name: 'k1', type: parseDataType('INT NOT NULL') },
  { id: 1, name: 'k2', type: parseDataType('STRING NOT NULL') },
  { id: 2, name: 'name', type: parseDataType('STRING') },
  { id: 3, name: 'qty', type: parseDataType('INT') },
];
const keyTypes = [fields[0]!.type, fields[1]!.type];

const ENGINES: Record<string, { options: Record<string, string>; kinds: RowKind[]; seq?: boolean }> = {
  deduplicate: { options: {}, kinds: [0, 1, 2, 3] },
  'deduplicate, sequence.field': { options: {}, kinds: [0, 2, 3], seq: true },
  'partial-update': {
    options: { 'merge-engine': 'partial-update', 'ignore-delete': 'true' },
    kinds: [0, 2, 3],
  },
  'partial-update, remove-record-on-delete': {
    options: { 'merge-engine': 'partial-update', 'partial-update.remove-record-on-delete': 'true' },
    kinds: [0, 2, 3],
  },
  aggregation: {
    options: { 'merge-engine': 'aggregation', 'fields.qty.aggregate-function': 'sum' },
    kinds: [0, 1, 2, 3],
  },
  'first-row': { options: { 'merge-engine': 'first-row', 'ignore-delete': 'true' }, kinds: [0, 3] },
};

interface RawRecord {
  k1: number;
  k2: string;
  kind: RowKind;
  name: string | null;
  qty: number | null;
}

const recordArb = (kinds: RowKind[]) =>
  fc.record({
    k1: fc.integer({ min: 0, max: 5 }),
    k2: fc.constantFrom('a', 'b', 'ä', 'long-key-value'),
    kind: fc.constantFrom(...kinds),
    name: fc.constantFrom('x', 'y', null),
    qty: fc.option(fc.integer({ min: -5, max: 9 }), { nil: null }),
  });

/**
 * Runs as files hold them: in record order, one record per key (`unique`), or, as another engine's file might,
 * sorted by key only with several records of a key. Sequence numbers are unique across runs.
 */
function buildRuns(raw: RawRecord[][], unique: boolean, seqOf: (i: number) => number, engine: string) {
  const settings: MergeSettings = {
    engine: (ENGINES[engine]!.options['merge-engine'] ?? 'deduplicate') as MergeSettings['engine'],
    ignoreDelete: ENGINES[engine]!.options['ignore-delete'] === 'true',
    valueType: rowType(fields),
    primaryKeys: ['k1', 'k2'],
    options: ENGINES[engine]!.options,
  };
  const compareKeys = keyComparator(keyTypes);
  const sequenceFields = ENGINES[engine]!.seq ? [fields[3]!] : [];
  const compareRecords = recordComparator(compareKeys, sequenceFields);
  let n = 0;
  const runs = raw.map((records) => {
    let run: KeyValue[] = records.map((r) => ({
      key: [r.k1, r.k2],
      sequenceNumber: seqOf(n++),
      kind: r.kind,
      value: { k1: r.k1, k2: r.k2, name: r.name, qty: r.qty },
      level: 0,
    }));
    if (unique) {
      run.sort(compareRecords);
      run = mergeSorted(run, compareKeys, createMergeFunction(settings));
    } else run.sort((a, b) => compareKeys(a.key, b.key));
    return run;
  });
  return { runs, settings, compareKeys, compareRecords };
}

describe('k-way merge of sorted runs equals sort-and-merge (property)', () => {
  for (const [engine, spec] of Object.entries(ENGINES)) {
    it(engine, () => {
      fc.assert(
        fc.property(
          fc.array(fc.array(recordArb(spec.kinds), { maxLength: 12 }), { maxLength: 7 }),
          fc.boolean(),
          fc.integer({ min: 1, max: 1_000_000 }),
          (raw, unique, salt) => {
            // Unique sequence numbers in a scrambled order, so runs interleave in time.
            const total = raw.reduce((s, r) => s + r.length, 0);
            const seqOf = (i: number) => ((i * 7919 + salt) % (total * 7919 + 1)) + 1;
            const { runs, settings, compareKeys, compareRecords } = buildRuns(raw, unique, seqOf, engine);
            const concatenated = runs.flat().sort(compareRecords);
            const outcome = (f: () => KeyValue[]) => {
              try {
                return { records: f() };
              } catch (e) {
                return { error: (e as Error).message };
              }
            };
            const expected = outcome(() =>
              mergeSorted(concatenated, compareKeys, createMergeFunction(settings)),
            );
            const actual = outcome(() =>
              mergeSortedRuns(runs, compareRecords, compareKeys, createMergeFunction(settings)),
            );
            expect(actual).toEqual(expected);
          },
        ),
        { seed: 20261201, numRuns: 150 },
      );
    });
  }

  it('yields keys in order with one result per key across many runs', () => {
    const compareKeys = keyComparator(keyTypes);
    const compareRecords = recordComparator(compareKeys, []);
    const runs: KeyValue[][] = Array.from({ length: 9 }, (_, r) =>
      Array.from({ length: 50 }, (_, i) => ({
        key: [i * 3 + (r % 3), 'a'],
        sequenceNumber: r * 100 + i,
        kind: 0 as RowKind,
        value: { k1: i * 3 + (r % 3), k2: 'a', name: `run-${r}`, qty: i },
        level: 0,
      })),
    );
    const merged = mergeSortedRuns(
      runs,
      compareRecords,
      compareKeys,
      createMergeFunction({
        engine: 'deduplicate',
        ignoreDelete: false,
        valueType: rowType(fields),
        primaryKeys: ['k1', 'k2'],
        options: {},
      }),
    );
    expect(merged.map((kv) => kv.key[0])).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // Of runs 0, 3 and 6 (same keys), run 6 wrote last.
    expect(merged[0]!.value['name']).toBe('run-6');
  });
});
