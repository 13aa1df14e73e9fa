import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { FileReferences } from '../../../src/storage/lifecycle/file-references.js';
import { rollbackToSnapshot, rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import type { Snapshot } from '../../../src/storage/spec/snapshot.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { runs } from '../../sweep-runs.js';
import { batchWrite, createTable, memoryCatalog } from '../table/helpers.js';

/**
 * Expiration finds what to delete from the deltas up to the first retained snapshot (O(expired)). It must
 * delete exactly what the definition says: every data file, index file and manifest that an expired snapshot
 * referenced and no retained snapshot or tag references, whatever came before (overwrites, compactions that
 * upgrade files, tags, rollbacks, earlier expirations).
 */
type Op =
  | { kind: 'write'; keys: number[]; p: string; overwrite: boolean }
  | { kind: 'tag'; pick: number }
  | { kind: 'untag' }
  | { kind: 'rollback'; pick: number; toTag: boolean }
  | { kind: 'expire'; retainMin: number; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      keys: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
      p: fc.constantFrom('a', 'b'),
      overwrite: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tag' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('untag' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rollback' as const), pick: fc.nat(), toTag: fc.boolean() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      retainMin: fc.integer({ min: 1, max: 3 }),
      limit: fc.integer({ min: 1, max: 4 }),
    }),
  },
);

/** Table files the definition says expiring `expired` must delete (snapshot files and hints aside). */
function unreferenced(table: FileStoreTable, expired: readonly Snapshot[], kept: readonly Snapshot[]) {
  const refs = new FileReferences(table);
  const paths = (s: Snapshot) => [
    ...refs.dataFilesOf(s, true),
    ...[...refs.manifestsOf(s, true)].map((m) => table.paths.manifestFile(m)),
  ];
  const keep = new Set(kept.flatMap(paths));
  return [...new Set(expired.flatMap(paths))].filter((p) => !keep.has(p)).sort();
}

const SCHEMAS = {
  // overwrites delete files; no compaction
  append: {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    options: { 'write-only': 'true' },
  },
  // compactions delete and upgrade files (COMPACT snapshots), dynamic buckets add index files
  primaryKey: {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'p', type: 'STRING NOT NULL' },
    ],
    partitionKeys: ['p'],
    primaryKeys: ['k', 'p'],
    options: { 'num-sorted-run.compaction-trigger': '2', 'snapshot.num-retained.min': '1000' },
  },
};

describe('expiring snapshots from their deltas', () => {
  it.each(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[])(
    '%s table: deletes exactly the files only expired snapshots referenced',
    (kind) => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
          const { catalog, clock, io } = memoryCatalog();
          const table = createTable(catalog, SCHEMAS[kind]);
          const tags = table.tagManager();
          const sm = table.snapshotManager;
          for (const o of ops) {
            const ids = sm.listIds();
            clock.advance(1000);
            if (o.kind === 'write') {
              const rows = o.keys.map((k) => ({ k, p: o.p }));
              batchWrite(table, rows, o.overwrite ? { p: o.p } : undefined);
            } else if (o.kind === 'tag' && ids.length > 0 && !tags.tagExists('t')) {
              tags.createTag(sm.snapshot(ids[o.pick % ids.length]!), 't', null, false);
            } else if (o.kind === 'untag') {
              tags.deleteTag('t');
            } else if (o.kind === 'rollback' && ids.length > 0) {
              if (o.toTag && tags.tagExists('t')) rollbackToTag(table, 't');
              else rollbackToSnapshot(table, ids[o.pick % ids.length]!);
            } else if (o.kind === 'expire' && ids.length > 0) {
              const end = Math.min(ids[ids.length - 1]! - o.retainMin + 1, ids[0]! + o.limit);
              const expiring = ids.filter((id) => id < end).map((id) => sm.snapshot(id));
              const kept = [
                ...ids.filter((id) => id >= end).map((id) => sm.snapshot(id)),
                ...tags.tags().map((t) => t.snapshot),
              ];
              const expected = unreferenced(table, expiring, kept);
              const before = new Set(io.allFiles());
              const { expired } = expireSnapshots(table, {
                retainMin: o.retainMin,
                retainMax: 1000,
                timeRetainedMs: 0,
                expireLimit: o.limit,
              });
              expect(expired).toEqual(expiring.map((s) => s.id));
              const gone = [...before]
                .filter((p) => !io.allFiles().includes(p))
                .filter((p) => !p.includes('/snapshot/'))
                .sort();
              expect(gone).toEqual(expected);
            }
          }
        }),
        { seed: 14, numRuns: runs(25, 8) },
      );
    },
  );
});
