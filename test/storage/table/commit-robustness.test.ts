import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InjectedFaultError } from '../../../src/storage/errors.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { batchWrite, createTable, memoryCatalog, sorted } from './helpers.js';

const SCHEMA = {
  fields: [
    { name: 'k', type: 'INT NOT NULL' },
    { name: 'v', type: 'STRING' },
    { name: 'p', type: 'STRING' },
  ],
  partitionKeys: ['p'],
};

describe('commit robustness', () => {
  it('retries on a lost race for the snapshot id', () => {
    const { catalog, io } = memoryCatalog();
    const table = createTable(catalog, SCHEMA);
    batchWrite(table, [{ k: 1, v: 'a', p: 'x' }]);
    let raced = false;
    io.setHook((op) => {
      if (!raced && op.kind === 'createExclusive' && op.path.endsWith('snapshot-2')) {
        raced = true; // a concurrent writer claims snapshot-2 just before us
        batchWrite(table, [{ k: 2, v: 'b', p: 'y' }]);
      }
    });
    const [snapshot] = batchWrite(table, [{ k: 3, v: 'c', p: 'x' }]);
    io.setHook(undefined);
    expect(snapshot!.id).toBe(3);
    expect(
      table
        .newReadBuilder()
        .readRows()
        .map((r) => r.k)
        .sort(),
    ).toEqual([1, 2, 3]);
    // the losing attempt's manifests were removed: every manifest file is referenced by some snapshot
    const referenced = new Set<string>();
    for (const s of table.snapshotManager.snapshots()) {
      for (const list of [s.baseManifestList, s.deltaManifestList]) {
        referenced.add(list);
        for (const m of table.newManifestStore().readList(list)) referenced.add(m.fileName);
      }
    }
    const manifestFiles = io
      .allFiles()
      .filter((p) => p.includes('/manifest/'))
      .map((p) => p.slice(p.lastIndexOf('/') + 1));
    expect(manifestFiles.filter((f) => !referenced.has(f))).toEqual([]);
  });

  it('a crash at any IO step of a commit leaves the previous snapshot readable and loses nothing committed', () => {
    // Count the IO operations of one commit, then crash at each of them in turn.
    const countOps = () => {
      const { catalog, io } = memoryCatalog();
      const table = createTable(catalog, SCHEMA);
      batchWrite(table, [{ k: 1, v: 'a', p: 'x' }]);
      let n = 0;
      io.setHook(() => {
        n++;
      });
      batchWrite(table, [{ k: 2, v: 'b', p: 'x' }]);
      return n;
    };
    const total = countOps();
    expect(total).toBeGreaterThan(5);
    for (let crashAt = 0; crashAt < total; crashAt++) {
      const { catalog, io } = memoryCatalog();
      const table = createTable(catalog, SCHEMA);
      batchWrite(table, [{ k: 1, v: 'a', p: 'x' }]);
      let n = 0;
      io.setHook((op) => {
        if (n++ === crashAt) throw new InjectedFaultError(`${op.kind} ${op.path}`);
      });
      let crashed = false;
      try {
        batchWrite(table, [{ k: 2, v: 'b', p: 'x' }]);
      } catch (e) {
        if (!(e instanceof InjectedFaultError)) throw e;
        crashed = true;
      }
      io.setHook(undefined);
      expect(crashed).toBe(true);
      const reopened = catalog.getTable('db.t');
      const keys = reopened
        .newReadBuilder()
        .readRows()
        .map((r) => r.k);
      // Either the commit had claimed its snapshot before the crash (both rows) or it had not (only the old row).
      expect([[1], [1, 2]]).toContainEqual(keys.sort());
      batchWrite(reopened, [{ k: 3, v: 'c', p: 'x' }]);
      expect(
        reopened
          .newReadBuilder()
          .readRows()
          .map((r) => r.k),
      ).toContain(3);
    }
  });

  it('keeps the number of manifests bounded by merging (manifest.merge-min-count)', () => {
    const { catalog } = memoryCatalog();
    const table = createTable(catalog, { ...SCHEMA, options: { 'manifest.merge-min-count': '3' } });
    for (let i = 0; i < 12; i++) batchWrite(table, [{ k: i, v: `v${i}`, p: `p${i % 2}` }]);
    const latest = table.snapshotManager.latestSnapshot()!;
    const manifests = table.newScan().dataManifests(latest);
    expect(manifests.length).toBeLessThanOrEqual(4);
    expect(table.newReadBuilder().readRows()).toHaveLength(12);
  });

  it('property: any sequence of appends and overwrites reads back like a simple model', () => {
    type Op = { kind: 'append'; rows: Row[] } | { kind: 'overwrite'; partition: string; rows: Row[] };
    const row = fc.record({
      k: fc.integer({ min: 0, max: 1000 }),
      v: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
      p: fc.constantFrom('a', 'b', 'c'),
    });
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), rows: fc.array(row, { maxLength: 8 }) }),
      fc.constantFrom('a', 'b', 'c').chain((partition) =>
        fc.record({
          kind: fc.constant('overwrite' as const),
          partition: fc.constant(partition),
          rows: fc.array(
            row.map((r) => ({ ...r, p: partition })),
            { maxLength: 5 },
          ),
        }),
      ),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), fc.constantFrom('-1', '2'), (ops, bucket) => {
        const { catalog } = memoryCatalog();
        const table = createTable(catalog, {
          ...SCHEMA,
          // Paimon refuses 'bucket-key' with bucket = -1 (SchemaValidation.validateBucket).
          options: {
            bucket,
            ...(bucket === '-1' ? {} : { 'bucket-key': 'k' }),
            'manifest.merge-min-count': '2',
          },
        });
        let model: Row[] = [];
        const history: Row[][] = [];
        for (const o of ops) {
          if (o.kind === 'append') {
            const created = batchWrite(table, o.rows);
            model = [...model, ...o.rows];
            if (created.length > 0) history.push(model);
          } else {
            batchWrite(table, o.rows, { p: o.partition });
            model = [...model.filter((r) => r.p !== o.partition), ...o.rows];
            history.push(model);
          }
          expect(sorted(table.newReadBuilder().readRows())).toEqual(sorted(model));
        }
        // every snapshot still reads exactly what it had when committed
        for (const [i, rows] of history.entries()) {
          expect(
            sorted(
              table
                .newReadBuilder()
                .withSnapshot(i + 1)
                .readRows(),
            ),
          ).toEqual(sorted(rows));
        }
      }),
      { seed: 42, numRuns: 40 },
    );
  });
});
