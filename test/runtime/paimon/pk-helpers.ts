import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileIO } from '../../../src/common/io/file-io.js';
import { LocalFileIO } from '../../../src/common/io/local-file-io.js';
import { SeededRandom } from '../../../src/common/random.js';
import {
  type JobClient,
  LogSource,
  LogTopic,
  type MiniCluster,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import { SimEnv } from '../../../src/sim/index.js';
import type { FileSystemCatalog } from '../../../src/storage/catalog.js';
import type { RowKindText } from '../../../src/storage/spec/key-value.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';

/** One change of the input stream: key, value and row kind. */
export interface Op {
  readonly id: number;
  readonly v: number;
  readonly kind: RowKindText;
}

export type Engine = 'deduplicate' | 'sum';

/** The merged table a correct pipeline produces: [id, v] sorted by id. */
export function model(engine: Engine, ops: readonly Op[]): [number, number][] {
  const table = new Map<number, number>();
  for (const op of ops) {
    const retract = op.kind === '-U' || op.kind === '-D';
    if (engine === 'deduplicate') {
      if (retract) table.delete(op.id);
      else table.set(op.id, op.v);
    } else table.set(op.id, (table.get(op.id) ?? 0) + (retract ? -op.v : op.v));
  }
  return [...table].sort(([a], [b]) => a - b);
}

export interface PkLab {
  readonly cluster: MiniCluster;
  readonly catalog: FileSystemCatalog;
  readonly topic: LogTopic<Row>;
  table(): FileStoreTable;
  /** Appends changes to the topic, each key to one partition (id % 2) so that per-key order is kept. */
  publish(ops: readonly Op[]): void;
  /** Builds the job anew, as a fresh `flink run` would (a new commit user unless state restores the old one). */
  job(options?: { intervalMs?: number; restarts?: number }): ReturnType<StreamEnvironment['build']>;
  rows(): [number, number][];
  /** `$snapshots`: [snapshot_id, commit_kind, commit_user, commit_identifier]. */
  snapshots(): [number, string, string, string][];
  tags(): string[];
  failures(): string[];
  /** Runs until the table equals `expected` (checked every 25 ms), then `extraMs` more; returns the rows. */
  settle(expected: readonly [number, number][], job?: JobClient, extraMs?: number): [number, number][];
}

/**
 * A MiniCluster and a fixed-bucket primary-key table `db.kv` (id BIGINT PK, v BIGINT), written by the Paimon
 * sink with parallelism 2. Records carry their row kind in property `op` (sink option `rowKindProperty`).
 */
export function pkLab(
  seed: number,
  engine: Engine,
  tableOptions: Record<string, string> = {},
  fileIO?: FileIO,
): PkLab {
  // the kit's environment: one seed, a forked random stream per component, one trace
  const env = SimEnv.create(seed, fileIO ? { storage: { fileIO } } : {});
  const { cluster, catalog, clock } = env;
  catalog.createDatabase('db');
  catalog.createTable('db.kv', {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'v', type: 'BIGINT' },
    ],
    primaryKeys: ['id'],
    options: {
      bucket: '2',
      'sink.savepoint.auto-tag': 'true',
      ...(engine === 'sum' ? { 'merge-engine': 'aggregation', 'fields.v.aggregate-function': 'sum' } : {}),
      ...tableOptions,
    },
  });
  const topic = new LogTopic<Row>('changes', 2);
  const table = () => catalog.getTable('db.kv');
  const rows = () =>
    table()
      .newReadBuilder()
      .readRows()
      .map((r): [number, number] => [Number(r.id), Number(r.v)])
      .sort(([a], [b]) => a - b);
  const same = (a: readonly [number, number][], b: readonly [number, number][]) =>
    JSON.stringify(a) === JSON.stringify(b);
  const lab: PkLab = {
    cluster,
    catalog,
    topic,
    table,
    publish(ops) {
      for (const op of ops) topic.append(op.id % 2, { id: BigInt(op.id), v: BigInt(op.v), op: op.kind });
    },
    job(options = {}) {
      const env = new StreamEnvironment({
        parallelism: 2,
        checkpointing: { intervalMs: options.intervalMs ?? 50 },
        restartStrategy: { type: 'fixed-delay', attempts: options.restarts ?? 5, delayMs: 10 },
      });
      const stream = env.fromSource<Row>(() => new LogSource(topic), { uid: 'source' });
      sinkToPaimon(stream, table, { rowKindProperty: 'op' });
      return env.build('pk-job');
    },
    rows,
    snapshots: () =>
      catalog
        .getSystemTable('db.kv$snapshots')
        .readRows()
        .map((s) => [
          Number(s.snapshot_id),
          String(s.commit_kind),
          String(s.commit_user),
          String(s.commit_identifier),
        ]),
    tags: () =>
      catalog
        .getSystemTable('db.kv$tags')
        .readRows()
        .map((t) => `${t.tag_name}@${t.snapshot_id}`),
    failures: () => cluster.trace.ofType('task.failure').map((e) => String(e.details.error)),
    settle(expected, job, extraMs = 300) {
      const end = clock.nowMs() + 20_000;
      while (clock.nowMs() < end && !same(rows(), expected) && job?.status !== 'FAILED')
        cluster.run({ untilMs: Math.min(end, clock.nowMs() + 25) });
      if (extraMs > 0) cluster.run({ untilMs: clock.nowMs() + extraMs });
      return rows();
    },
  };
  return lab;
}

/** Ops [from, to) of a deterministic upsert/delete stream over `keys` keys (retractions only of live keys). */
export function changes(engine: Engine, from: number, to: number, keys = 6): Op[] {
  const ops: Op[] = [];
  for (let i = from; i < to; i++) {
    const id = i % keys;
    const v = i + 1;
    const kind: RowKindText =
      engine === 'deduplicate'
        ? i % 5 === 4
          ? '-D'
          : i % 3 === 0
            ? '+I'
            : '+U'
        : i % 4 === 3 && i >= keys
          ? '-U' // after every key's first +I: a lone retraction would be a hidden row, not a negative sum
          : '+I';
    ops.push({ id, v, kind });
  }
  return ops;
}

/** A FileIO whose absolute paths live under `root` (so '/warehouse' and '/flink' land in a temp directory). */
export function rooted(io: FileIO, root: string): FileIO {
  const p = (path: string) => join(root, path);
  return {
    readFile: (x) => io.readFile(p(x)),
    writeFile: (x, d, o) => io.writeFile(p(x), d, o),
    writeAtomic: (x, d) => io.writeAtomic(p(x), d),
    createExclusive: (x, d) => io.createExclusive(p(x), d),
    exists: (x) => io.exists(p(x)),
    status: (x) => {
      const st = io.status(p(x));
      return st && { ...st, path: x };
    },
    list: (x) => io.list(p(x)).map((st) => ({ ...st, path: st.path.slice(root.length) })),
    delete: (x) => io.delete(p(x)),
    deleteDirectory: (x) => io.deleteDirectory(p(x)),
    mkdirs: (x) => io.mkdirs(p(x)),
  };
}

/** Both FileIOs of the scenario suite: in memory, and the real disk under a fresh temp directory. */
export const fileSystems: [string, () => FileIO | undefined][] = [
  ['MemoryFileIO', () => undefined],
  [
    'LocalFileIO',
    () => rooted(new LocalFileIO(new SeededRandom(9)), mkdtempSync(join(tmpdir(), 'paimon-sim-pk-'))),
  ],
];
