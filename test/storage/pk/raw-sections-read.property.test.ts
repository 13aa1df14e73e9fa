import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/storage/spec/values.js';
import { createTable, memoryCatalog } from '../table/helpers.js';

/**
 * Reading a primary-key table reads a file that overlaps no other file of its bucket and holds no -U/-D as it
 * is (Paimon's raw-convertible split), the rest merged: random upserts and deletes over a few keys, random
 * compactions in between; the rows (and the Arrow read) equal those of a model that keeps the last version
 * of each key, and equal the fully merged read (`readWithKinds`).
 */
const FIELDS = [
  { name: 'id', type: 'BIGINT NOT NULL' },
  { name: 'name', type: 'STRING' },
  { name: 'qty', type: 'INT' },
];

function table(bucket: number) {
  const { catalog } = memoryCatalog();
  return createTable(catalog, { fields: FIELDS, primaryKeys: ['id'], options: { bucket: String(bucket) } });
}

const byId = (rows: readonly Row[]) =>
  [...rows].sort((a, b) => Number((a['id'] as bigint) - (b['id'] as bigint)));

describe('primary-key read: raw sections', () => {
  it('a fully compacted bucket is read straight from its file (one Arrow batch per file)', () => {
    const t = table(4);
    const builder = t.newStreamWriteBuilder();
    const write = builder.newWrite();
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: BigInt(i % 50), name: `n${i}`, qty: i }));
    write.write(rows);
    builder.newCommit().commit(1n, write.prepareCommit(1n));
    for (let b = 0; b < 4; b++) write.compact([], b);
    builder.newCommit().commit(2n, write.prepareCommit(2n));
    const files = t.newReadBuilder().plan();
    expect(files.every((e) => e.file.level > 0 && e.file.deleteRowCount === 0)).toBe(true);
    // Merged rows are converted to Arrow once per read; raw files come as their own batches.
    expect(t.newReadBuilder().readArrow().batches.length).toBe(files.length);
    expect(byId(t.newReadBuilder().readRows())).toEqual(byId(rows.slice(150)));
  });

  it('equals the model and the merged read, with compactions at random points', () => {
    const op = fc.record({
      id: fc.integer({ min: 0, max: 12 }),
      del: fc.boolean(),
      qty: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(op, { minLength: 1, maxLength: 10 }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (commits) => {
          const t = table(2);
          const builder = t.newStreamWriteBuilder();
          const write = builder.newWrite();
          const model = new Map<bigint, Row>();
          let id = 0n;
          for (const [ops, compact] of commits) {
            for (const o of ops) {
              const row = { id: BigInt(o.id), name: `k${o.id}`, qty: o.qty };
              if (o.del) model.delete(row.id);
              else model.set(row.id, row);
              write.write([row], o.del ? '-D' : '+I');
            }
            if (compact) for (let b = 0; b < 2; b++) write.compact([], b);
            id++;
            builder.newCommit().commit(id, write.prepareCommit(id));
          }
          const expected = byId([...model.values()]);
          const rows = t.newReadBuilder().readRows();
          expect(byId(rows)).toEqual(expected);
          expect(rows).toEqual(
            t
              .newReadBuilder()
              .readWithKinds(false)
              .map((r) => r.row),
          );
          const arrow = t.newReadBuilder().readArrow();
          expect(arrow.toArray().map((r) => ({ id: r.id, name: r.name, qty: r.qty }))).toEqual(rows);
        },
      ),
      { seed: 1403, numRuns: 60 },
    );
  });
});

describe('primary-key read: files whose metadata undercounts deletes', () => {
  it('merges a file holding -D records although its deleteRowCount says 0 (as pypaimon 2.x writes it)', () => {
    const t = table(1);
    const builder = t.newStreamWriteBuilder();
    const write = builder.newWrite();
    write.write([
      { id: 1n, name: 'a', qty: 1 },
      { id: 2n, name: 'b', qty: 2 },
    ]);
    write.write([{ id: 2n, name: 'b', qty: 2 }], '-D');
    // what pypaimon's writer records for every file (data_writer.py: delete_row_count=0)
    const messages = write.prepareCommit(1n).map((m) => ({
      ...m,
      newFiles: m.newFiles.map((f) => ({ ...f, deleteRowCount: 0 })),
    }));
    builder.newCommit().commit(1n, messages);
    expect(
      t
        .newReadBuilder()
        .plan()
        .map((e) => e.file.deleteRowCount),
    ).toEqual([0]);
    expect(t.newReadBuilder().readRows()).toEqual([{ id: 1n, name: 'a', qty: 1 }]);
    expect(
      t
        .newReadBuilder()
        .readArrow()
        .toArray()
        .map((r) => r.toJSON()),
    ).toEqual([{ id: 1n, name: 'a', qty: 1 }]);
  });
});
