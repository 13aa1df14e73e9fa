import { ManualClock } from '../../../src/common/clock.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import { FileSystemCatalog } from '../../../src/storage/catalog.js';
import type { SchemaDefinition } from '../../../src/storage/meta/schema-manager.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';

/** A catalog on a deterministic in-memory filesystem with a virtual clock. */
export function memoryCatalog(seed = 1) {
  const clock = new ManualClock(1_700_000_000_000);
  const io = new MemoryFileIO(clock);
  const catalog = new FileSystemCatalog({
    warehouse: '/warehouse',
    fileIO: io,
    clock,
    random: new SeededRandom(seed),
  });
  catalog.createDatabase('db');
  return { catalog, io, clock };
}

export function createTable(
  catalog: FileSystemCatalog,
  definition: SchemaDefinition,
  name = 'db.t',
): FileStoreTable {
  return catalog.createTable(name, definition);
}

/** One batch commit of `rows`; returns the snapshots created. */
export function batchWrite(table: FileStoreTable, rows: Row[], overwrite?: Record<string, unknown>) {
  const builder =
    overwrite === undefined
      ? table.newBatchWriteBuilder()
      : table.newBatchWriteBuilder().withOverwrite(overwrite);
  const write = builder.newWrite();
  write.write(rows);
  return builder.newCommit().commit(write.prepareCommit());
}

/** Rows sorted by their JSON text (bigints as strings), for order-insensitive comparison. */
export function sorted(rows: readonly Row[]): Row[] {
  const key = (r: Row) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
