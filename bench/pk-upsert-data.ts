/**
 * The data of the primary-key upsert benchmarks (bench/pk-upsert.ts, bench/pk-upsert-memory.ts): the table, and
 * row i with the values bench/py/pk_upsert_bench.py gives it (key i % keys), so every engine writes the same rows.
 */
import { type FileStoreTable, FileSystemCatalog, LocalFileIO, type Row, Timestamp } from '../src/index.js';

export const COMMITS = 10;
export const BUCKETS = 4;
export const TS_BASE = 1_700_000_000_000;

/** Row i of the upsert stream. */
export function upsertRow(i: number, keys: number): Row {
  return {
    id: BigInt(i % keys),
    name: `name-${i % 1000}`,
    qty: i % 100,
    price: (i % 10000) / 100,
    ts: new Timestamp(TS_BASE + i),
  };
}

/** `bench.pk` in a local warehouse: (id, name, qty, price, ts), primary key id, BUCKETS buckets. */
export function createUpsertTable(warehouse: string): FileStoreTable {
  const catalog = new FileSystemCatalog({ warehouse, fileIO: new LocalFileIO() });
  catalog.createDatabase('bench', true);
  return catalog.createTable('bench.pk', {
    fields: [
      { name: 'id', type: 'BIGINT' },
      { name: 'name', type: 'STRING' },
      { name: 'qty', type: 'INT' },
      { name: 'price', type: 'DOUBLE' },
      { name: 'ts', type: 'TIMESTAMP(3)' },
    ],
    primaryKeys: ['id'],
    options: { bucket: String(BUCKETS) },
  });
}
