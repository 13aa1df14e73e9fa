import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { expireSnapshots } from '../../src/storage/lifecycle/expire-snapshots.js';
import { rollbackToTag } from '../../src/storage/lifecycle/rollback.js';
import type { Row } from '../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import {
  encodeRows,
  pypaimonCreateTag,
  pypaimonRead,
  pypaimonReadTag,
  pypaimonTags,
  pypaimonWrite,
  sortRows,
} from './harness.js';

const FIELDS = [
  { name: 'k', type: 'BIGINT' },
  { name: 'p', type: 'STRING' },
];

function commit(table: FileStoreTable, rows: Row[], overwrite?: Record<string, string>) {
  const builder = overwrite
    ? table.newBatchWriteBuilder().withOverwrite(overwrite)
    : table.newBatchWriteBuilder();
  const write = builder.newWrite();
  write.write(rows);
  builder.newCommit().commit(write.prepareCommit());
}

describe('interop: snapshot lifecycle', () => {
  it('after tags, expiration and rollback done here, pypaimon reads the same rows, snapshots and tags', () => {
    const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-interop-life-'));
    const catalog = new FileSystemCatalog({ warehouse });
    catalog.createDatabase('db');
    const table = catalog.createTable('db.life', {
      fields: FIELDS,
      partitionKeys: ['p'],
      options: { 'write-only': 'true' },
    });
    commit(table, [{ k: 1n, p: 'a' }]);
    commit(table, [{ k: 2n, p: 'b' }]);
    commit(table, [{ k: 3n, p: 'a' }], { p: 'a' });
    commit(table, [{ k: 4n, p: 'b' }]);
    commit(table, [{ k: 5n, p: 'a' }]);
    const tags = table.tagManager();
    tags.createTag(table.snapshotManager.snapshot(2), 'savepoint-2', null, false);
    tags.createTag(table.snapshotManager.snapshot(4), 'savepoint-4', 3_600_000, false);
    expireSnapshots(table, { retainMin: 2, retainMax: 100, timeRetainedMs: 0, expireLimit: 50 });
    expect(table.snapshotManager.listIds()).toEqual([4, 5]);

    const tagRows = (name: string) =>
      sortRows(encodeRows(FIELDS, table.newReadBuilder().withTag(name).readRows()));
    expect(pypaimonTags(warehouse, 'db.life')).toEqual([
      { name: 'savepoint-2', snapshotId: 2, timeRetainedSeconds: null },
      { name: 'savepoint-4', snapshotId: 4, timeRetainedSeconds: 3600 },
    ]);
    expect(sortRows(pypaimonReadTag(warehouse, 'db.life', 'savepoint-2'))).toEqual(tagRows('savepoint-2'));
    expect(sortRows(pypaimonRead(warehouse, 'db.life').rows)).toEqual(
      sortRows(encodeRows(FIELDS, table.newReadBuilder().readRows())),
    );

    rollbackToTag(table, 'savepoint-2'); // snapshot 2 had expired: re-created from the tag
    const read = pypaimonRead(warehouse, 'db.life');
    expect(read.snapshots.map((s) => s.id)).toEqual([2]);
    expect(read.latestSnapshotId).toBe(2);
    expect(sortRows(read.rows)).toEqual(tagRows('savepoint-2'));
    expect(pypaimonTags(warehouse, 'db.life').map((t) => t.name)).toEqual(['savepoint-2']);
  });

  it('tags created by pypaimon are read here, with their retention', () => {
    const warehouse = mkdtempSync(join(tmpdir(), 'paimon-sim-interop-pytags-'));
    pypaimonWrite(warehouse, {
      name: 'tags',
      table: 'db.pytags',
      fields: FIELDS,
      commits: [{ rows: [{ k: 1n, p: 'a' }] }, { rows: [{ k: 2n, p: 'a' }] }, { rows: [{ k: 3n, p: 'b' }] }],
    });
    pypaimonCreateTag(warehouse, 'db.pytags', 'py-first', 1);
    pypaimonCreateTag(warehouse, 'db.pytags', 'py-second', 2, '2h');
    const table = new FileSystemCatalog({ warehouse }).getTable('db.pytags');
    const tags = table.tagManager().tags();
    expect(tags.map((t) => [t.name, t.snapshot.id, t.tag.tagTimeRetainedMs])).toEqual([
      ['py-first', 1, null],
      ['py-second', 2, 7_200_000],
    ]);
    expect(tags[1]!.tag.tagCreateTimeMs).not.toBeNull();
    for (const name of ['py-first', 'py-second']) {
      expect(sortRows(encodeRows(FIELDS, table.newReadBuilder().withTag(name).readRows()))).toEqual(
        sortRows(pypaimonReadTag(warehouse, 'db.pytags', name)),
      );
    }
  });
});
