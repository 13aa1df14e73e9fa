import type { FileIO } from '../../../src/common/io/file-io.js';
import {
  LogSource,
  LogTopic,
  type MiniCluster,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import { SimEnv } from '../../../src/sim/index.js';
import type { FileSystemCatalog } from '../../../src/storage/catalog.js';
import type { Row } from '../../../src/storage/spec/values.js';

export interface Lab {
  readonly cluster: MiniCluster;
  readonly catalog: FileSystemCatalog;
  readonly topic: LogTopic<Row>;
  /** Builds the job anew, as a fresh `flink run` would (a new commit user unless state restores the old one). */
  job(options?: {
    autoTag?: boolean;
    intervalMs?: number;
    restarts?: number;
    /** `execution.checkpointing.timeout` (default 10 min). */
    timeoutMs?: number;
  }): ReturnType<StreamEnvironment['build']>;
  rows(): Row[];
  snapshots(): [number, string, string, string][];
  tags(): string[];
}

/** A MiniCluster and a Paimon append table on the same FileIO and clock: one lab per test. */
export function lab(seed = 1, tableOptions: Record<string, string> = {}, fileIO?: FileIO): Lab {
  // the kit's environment: one seed, a forked random stream per component, one trace
  const env = SimEnv.create(seed, fileIO ? { storage: { fileIO } } : {});
  const { cluster, catalog } = env;
  catalog.createDatabase('db');
  catalog.createTable('db.events', {
    fields: [
      { name: 'id', type: 'BIGINT NOT NULL' },
      { name: 'v', type: 'STRING' },
    ],
    options: tableOptions,
  });
  const topic = new LogTopic<Row>('events', 2);
  return {
    cluster,
    catalog,
    topic,
    job(options = {}) {
      const env = new StreamEnvironment({
        parallelism: 2,
        checkpointing: {
          intervalMs: options.intervalMs ?? 50,
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        },
        restartStrategy: { type: 'fixed-delay', attempts: options.restarts ?? 5, delayMs: 10 },
      });
      const stream = env.fromSource<Row>(() => new LogSource(topic), { uid: 'source' });
      sinkToPaimon(stream, () => catalog.getTable('db.events'), {
        autoTagForSavepoint: options.autoTag ?? true,
      });
      return env.build('paimon-job');
    },
    rows: () => catalog.getTable('db.events').newReadBuilder().readRows(),
    snapshots: () =>
      catalog
        .getTable('db.events')
        .snapshotManager.snapshots()
        .map((s) => [s.id, s.commitKind, s.commitUser.slice(0, 8), s.commitIdentifier.toString()]),
    tags: () =>
      catalog
        .getSystemTable('db.events$tags')
        .readRows()
        .map((t) => `${t.tag_name}@${t.snapshot_id}`),
  };
}

export function events(from: number, to: number): Row[] {
  return Array.from({ length: to - from }, (_, i) => ({ id: BigInt(from + i), v: `e${from + i}` }));
}

/** Ids in the table, sorted (duplicates kept). */
export function ids(rows: Row[]): number[] {
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Runs in 25 ms slices until `done()` holds (checked between slices: reading the table is not free). */
export function runUntil(l: Lab, done: () => boolean, limitMs = 20_000): boolean {
  const end = l.cluster.clock.nowMs() + limitMs;
  while (l.cluster.clock.nowMs() < end) {
    if (done()) return true;
    l.cluster.run({ untilMs: Math.min(end, l.cluster.clock.nowMs() + 25) });
  }
  return done();
}
