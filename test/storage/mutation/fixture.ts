import { ManualClock } from '../../../src/common/clock.js';
import type { FileIO, FileStatus } from '../../../src/common/io/file-io.js';
import { MemoryFileIO } from '../../../src/common/io/memory-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import { FileSystemCatalog } from '../../../src/storage/catalog.js';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';

/**
 * The warehouse every mutation starts from: three small tables that together hold every kind of file
 * paimon-sim reads (schema, snapshot, LATEST/EARLIEST hints, tag, manifest list, manifest, index manifest,
 * HASH index, Parquet and Avro data files), all built deterministically on a MemoryFileIO.
 *
 * - `db.app`: append table, partitioned by `p`, 2 fixed buckets, uncompressed Parquet and manifests; 5 commits
 *   with an ALTER TABLE (schema-1) in between, a tag on snapshot 2, snapshots 1-2 expired (EARLIEST = 3).
 * - `db.pk`: primary-key table in dynamic bucket mode (HASH index files, index manifests), commits with
 *   updates and deletes, a full compaction, a tag; zstd Parquet and manifests (the defaults).
 * - `db.avr`: append table with `file.format` = avro (uncompressed), snappy manifests, a tag.
 */
export const WAREHOUSE = '/warehouse';
export const START_MS = 1_700_000_000_000;
export const TABLES = ['db.app', 'db.pk', 'db.avr'] as const;
export type TableName = (typeof TABLES)[number];

/** The tag each table has (operations read it and roll back to it). */
export const TAG_OF: Readonly<Record<TableName, string>> = { 'db.app': 't2', 'db.pk': 'tpk', 'db.avr': 'ta' };

export interface Fixture {
  /** Every file of the warehouse, by absolute path. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Clock time when the fixture was finished. */
  readonly nowMs: number;
}

export interface Env {
  readonly catalog: FileSystemCatalog;
  readonly io: RecordingFileIO;
  readonly clock: ManualClock;
}

/** A catalog over a private copy of `files` (each operation gets its own, so writes do not leak). */
export function envOf(files: ReadonlyMap<string, Uint8Array>, nowMs: number, seed = 7): Env {
  const clock = new ManualClock(nowMs);
  const memory = new MemoryFileIO(clock);
  for (const [path, data] of files) memory.writeFile(path, data, true);
  const io = new RecordingFileIO(memory);
  const catalog = new FileSystemCatalog({
    warehouse: WAREHOUSE,
    fileIO: io,
    clock,
    random: new SeededRandom(seed),
  });
  return { catalog, io, clock };
}

/**
 * A FileIO that remembers every path it was asked about: `path:<p>` for a call on one path (read, write,
 * exists, status, delete, …), `list:<dir>` for a listing, `tree:<dir>` for a recursive delete. What an
 * operation saw of the filesystem is exactly the answers to these calls.
 */
export class RecordingFileIO implements FileIO {
  readonly accessed = new Set<string>();

  constructor(private readonly inner: MemoryFileIO) {}

  /** Every file as `<path> <size>`, sorted (not recorded: for results, not for the code under test). */
  files(): string[] {
    return this.inner.allFiles().map((p) => `${p} ${this.inner.status(p)?.size}`);
  }

  private at<T>(path: string, result: () => T): T {
    this.accessed.add(`path:${path}`);
    return result();
  }

  readFile(path: string): Uint8Array {
    return this.at(path, () => this.inner.readFile(path));
  }
  writeFile(path: string, data: Uint8Array, overwrite?: boolean): void {
    this.at(path, () => this.inner.writeFile(path, data, overwrite));
  }
  writeAtomic(path: string, data: Uint8Array): void {
    this.at(path, () => this.inner.writeAtomic(path, data));
  }
  createExclusive(path: string, data: Uint8Array): boolean {
    return this.at(path, () => this.inner.createExclusive(path, data));
  }
  exists(path: string): boolean {
    return this.at(path, () => this.inner.exists(path));
  }
  status(path: string): FileStatus | undefined {
    return this.at(path, () => this.inner.status(path));
  }
  list(dir: string): FileStatus[] {
    this.accessed.add(`list:${dir.replace(/\/+$/, '')}`);
    return this.inner.list(dir);
  }
  delete(path: string): boolean {
    return this.at(path, () => this.inner.delete(path));
  }
  deleteDirectory(path: string): boolean {
    this.accessed.add(`tree:${path.replace(/\/+$/, '')}`);
    return this.inner.deleteDirectory(path);
  }
  mkdirs(dir: string): void {
    this.at(dir, () => this.inner.mkdirs(dir));
  }
}

function batch(table: FileStoreTable, rows: Row[], kind: '+I' | '-D' = '+I'): void {
  const builder = table.newBatchWriteBuilder();
  const write = builder.newWrite();
  write.write(rows, kind);
  builder.newCommit().commit(write.prepareCommit());
}

export function buildFixture(): Fixture {
  const clock = new ManualClock(START_MS);
  const io = new MemoryFileIO(clock);
  const catalog = new FileSystemCatalog({
    warehouse: WAREHOUSE,
    fileIO: io,
    clock,
    random: new SeededRandom(42),
  });
  catalog.createDatabase('db');
  const tick = () => clock.advance(60_000);

  // Append table: partitioned, fixed buckets, a schema change, a tag, an expiration.
  let app = catalog.createTable('db.app', {
    fields: [
      { name: 'k', type: 'INT NOT NULL' },
      { name: 'v', type: 'STRING' },
      { name: 'p', type: 'STRING' },
    ],
    partitionKeys: ['p'],
    // Uncompressed manifests and pages: corrupt bytes reach the Avro and Parquet decoders unfiltered.
    options: {
      bucket: '2',
      'bucket-key': 'k',
      'write-only': 'true',
      'manifest.compression': 'none',
      'file.compression': 'none',
    },
  });
  const appRows = (from: number, n: number): Row[] =>
    Array.from({ length: n }, (_, i) => ({ k: from + i, v: `v${from + i}`, p: (from + i) % 2 ? 'a' : 'b' }));
  tick();
  batch(app, appRows(0, 4));
  tick();
  batch(app, appRows(4, 3));
  app.tagManager().createTag(app.snapshotManager.snapshot(2), TAG_OF['db.app'], null, false);
  app = catalog.alterTable('db.app', [{ kind: 'addColumn', name: 'extra', type: 'BIGINT' }]);
  tick();
  batch(app, [{ k: 10, v: 'x', p: 'a', extra: 5n }]);
  tick();
  batch(app, appRows(20, 2));
  tick();
  batch(app, [{ k: 30, v: null, p: 'b', extra: -1n }]);
  expireSnapshots(app, { retainMin: 3, retainMax: 100, timeRetainedMs: 0, expireLimit: 50 });

  // Primary-key table, dynamic bucket mode: HASH index, updates, deletes, a full compaction.
  const pk = catalog.createTable('db.pk', {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'name', type: 'STRING' },
      { name: 'qty', type: 'INT' },
    ],
    primaryKeys: ['id'],
    options: { 'dynamic-bucket.target-row-num': '3' },
  });
  const pkRow = (id: number, name: string | null, qty: number | null): Row => ({ id: BigInt(id), name, qty });
  const stream = pk.newStreamWriteBuilder().withCommitUser('pk-job');
  const write = stream.newWrite();
  const commit = stream.newCommit();
  tick();
  write.write([0, 1, 2, 3, 4].map((i) => pkRow(i, `n${i}`, i)));
  commit.commit(1n, write.prepareCommit(1n));
  tick();
  write.write([pkRow(1, 'n1b', 10), pkRow(5, 'n5', 5)]);
  write.write([pkRow(3, null, null)], '-D');
  commit.commit(2n, write.prepareCommit(2n));
  pk.tagManager().createTag(pk.snapshotManager.latestSnapshot()!, TAG_OF['db.pk'], null, false);
  tick();
  write.write([pkRow(2, 'n2c', null), pkRow(6, 'n6', 6)]);
  write.compact([], 0);
  write.compact([], 1);
  commit.commit(3n, write.prepareCommit(3n));
  tick();
  commit.commit(4n, write.prepareCommit(4n)); // lands the compaction if it finished after commit 3

  // Append table with Avro data files and snappy-compressed manifests.
  const avr = catalog.createTable('db.avr', {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 's', type: 'STRING' },
      { name: 'd', type: 'DOUBLE' },
    ],
    options: {
      'file.format': 'avro',
      'file.compression': 'none',
      'manifest.compression': 'snappy',
      bucket: '1',
      'bucket-key': 'id',
    },
  });
  tick();
  batch(avr, [
    { id: 1n, s: 'a', d: 1.5 },
    { id: 2n, s: null, d: -0.25 },
  ]);
  avr.tagManager().createTag(avr.snapshotManager.latestSnapshot()!, TAG_OF['db.avr'], null, false);
  tick();
  batch(avr, [{ id: 3n, s: 'ccc', d: null }]);
  tick();

  const files = new Map<string, Uint8Array>();
  for (const path of io.allFiles()) files.set(path, io.readFile(path));
  return { files, nowMs: clock.nowMs() };
}

/** The kinds of file a table directory holds, by where they live and how they are named. */
export const FILE_KINDS = [
  'schema',
  'snapshot',
  'hint',
  'tag',
  'manifest-list',
  'manifest',
  'index-manifest',
  'hash-index',
  'data-parquet',
  'data-avro',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function fileKindOf(path: string): FileKind {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (path.includes('/schema/')) return 'schema';
  if (path.includes('/snapshot/')) return name === 'LATEST' || name === 'EARLIEST' ? 'hint' : 'snapshot';
  if (path.includes('/tag/')) return 'tag';
  if (path.includes('/manifest/')) {
    if (name.startsWith('manifest-list-')) return 'manifest-list';
    if (name.startsWith('index-manifest-')) return 'index-manifest';
    return 'manifest';
  }
  if (path.includes('/index/')) return 'hash-index';
  if (name.endsWith('.parquet')) return 'data-parquet';
  if (name.endsWith('.avro')) return 'data-avro';
  throw new Error(`unclassified fixture file ${path}`);
}

/** `db.app` for `/warehouse/db.db/app/...`. */
export function tableOf(path: string): TableName {
  const m = /^\/warehouse\/db\.db\/([^/]+)\//.exec(path);
  const name = `db.${m?.[1]}` as TableName;
  if (!TABLES.includes(name)) throw new Error(`file ${path} is not in a fixture table`);
  return name;
}
