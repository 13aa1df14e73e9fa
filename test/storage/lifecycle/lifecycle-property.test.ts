import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { rollbackToSnapshot, rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { runs } from '../../sweep-runs.js';
import { batchWrite, createTable, memoryCatalog, sorted } from '../table/helpers.js';

type Op =
  | { kind: 'append'; rows: Row[] }
  | { kind: 'overwrite'; p: string; rows: Row[] }
  | { kind: 'tag'; name: string; pick: number }
  | { kind: 'untag'; name: string }
  | { kind: 'expire'; retainMin: number }
  | { kind: 'rollbackSnapshot'; pick: number }
  | { kind: 'rollbackTag'; name: string };

const partition = fc.constantFrom('a', 'b');
const row = fc.record({ k: fc.integer({ min: 0, max: 99 }), p: partition });
const tagName = fc.constantFrom('t1', 't2', 'savepoint-3');
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      rows: fc.array(row, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: partition.chain((p) =>
      fc.record({
        kind: fc.constant('overwrite' as const),
        p: fc.constant(p),
        rows: fc.array(
          row.map((r) => ({ ...r, p })),
          { maxLength: 3 },
        ),
      }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tag' as const), name: tagName, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('untag' as const), name: tagName }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('expire' as const), retainMin: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollbackSnapshot' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollbackTag' as const), name: tagName }) },
);

describe('snapshot lifecycle property', () => {
  it('every retained snapshot and every tag reads exactly what it had, whatever the sequence of commits, tags, expirations and rollbacks', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        const { catalog, clock } = memoryCatalog();
        const table = createTable(catalog, {
          fields: [
            { name: 'k', type: 'INT NOT NULL' },
            { name: 'p', type: 'STRING' },
          ],
          partitionKeys: ['p'],
          options: { 'write-only': 'true', 'snapshot.time-retained': '1 ms' },
        });
        const tags = table.tagManager();
        const sm = table.snapshotManager;
        const bySnapshot = new Map<number, Row[]>(); // model: rows of every snapshot that exists
        const byTag = new Map<string, Row[]>();
        let current: Row[] = [];
        const commit = (rows: Row[], overwrite?: string) => {
          clock.advance(1000);
          const created = batchWrite(table, rows, overwrite === undefined ? undefined : { p: overwrite });
          current =
            overwrite === undefined
              ? [...current, ...rows]
              : [...current.filter((r) => r.p !== overwrite), ...rows];
          for (const s of created) bySnapshot.set(s.id, sorted(current));
        };
        for (const o of ops) {
          const ids = sm.listIds();
          switch (o.kind) {
            case 'append':
              commit(o.rows);
              break;
            case 'overwrite':
              commit(o.rows, o.p);
              break;
            case 'tag':
              if (ids.length > 0 && !tags.tagExists(o.name)) {
                const id = ids[o.pick % ids.length]!;
                tags.createTag(sm.snapshot(id), o.name, null, false);
                byTag.set(o.name, bySnapshot.get(id)!);
              }
              break;
            case 'untag':
              tags.deleteTag(o.name);
              byTag.delete(o.name);
              break;
            case 'expire': {
              clock.advance(1000);
              const { expired } = expireSnapshots(table, {
                retainMin: o.retainMin,
                retainMax: 1000,
                timeRetainedMs: 1,
                expireLimit: 50,
              });
              for (const id of expired) bySnapshot.delete(id);
              break;
            }
            case 'rollbackSnapshot':
            case 'rollbackTag': {
              let target: number | undefined;
              if (o.kind === 'rollbackSnapshot' && ids.length > 0) target = ids[o.pick % ids.length]!;
              if (o.kind === 'rollbackTag' && tags.tagExists(o.name)) target = tags.tag(o.name).snapshot.id;
              if (target === undefined) break;
              const rows = o.kind === 'rollbackTag' ? byTag.get(o.name)! : bySnapshot.get(target)!;
              if (o.kind === 'rollbackTag') rollbackToTag(table, o.name);
              else rollbackToSnapshot(table, target);
              for (const id of [...bySnapshot.keys()]) if (id > target) bySnapshot.delete(id);
              bySnapshot.set(target, rows);
              for (const [name] of [...byTag]) if (!tags.tagExists(name)) byTag.delete(name);
              current = rows;
              break;
            }
          }
          expect(sm.listIds()).toEqual([...bySnapshot.keys()].sort((a, b) => a - b));
          for (const [id, rows] of bySnapshot)
            expect(sorted(table.newReadBuilder().withSnapshot(id).readRows())).toEqual(rows);
          for (const [name, rows] of byTag)
            expect(sorted(table.newReadBuilder().withTag(name).readRows())).toEqual(rows);
          expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted(current));
        }
      }),
      { seed: 42, numRuns: runs(60, 15) },
    );
  });
});
