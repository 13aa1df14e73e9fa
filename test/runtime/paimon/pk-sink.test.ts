import { describe, expect, it } from 'vitest';
import { PaimonCommitterOperator } from '../../../src/runtime/connectors/paimon/committer-operator.js';
import { PaimonWriterOperator } from '../../../src/runtime/connectors/paimon/writer-operator.js';
import {
  LogSource,
  OperatorTestHarness,
  type SinkWriteError,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import { rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { CommitMessage } from '../../../src/storage/table/commit-message.js';
import { TableRead } from '../../../src/storage/table/table-read.js';
import { changes, type Engine, fileSystems, model, type Op, type PkLab, pkLab } from './pk-helpers.js';

const INTENTIONAL =
  'This exception is intentionally thrown after committing the restored checkpoints. By restarting the job we hope that writers can start writing based on these new commits.';

/** Publishes `chunks` of changes, one chunk per completed checkpoint; returns every op published. */
function feed(l: PkLab, job: { coordinator: { latestCompleted: number } }, chunks: Op[][]): Op[] {
  const all: Op[] = [];
  for (const ops of chunks) {
    all.push(...ops);
    l.publish(ops);
    const c = job.coordinator.latestCompleted;
    l.cluster.run({ until: () => job.coordinator.latestCompleted > c + 1, maxSteps: 200_000 });
  }
  return all;
}

const chunksOf = (engine: Engine, from: number, count: number, size = 8) =>
  Array.from({ length: count }, (_, k) => changes(engine, from + k * size, from + (k + 1) * size));

/** A failure-free run of the same changes on a fresh cluster and table: the reference table. */
function failureFree(engine: Engine, ops: Op[], options: Record<string, string>): [number, number][] {
  const l = pkLab(99, engine, options);
  l.publish(ops);
  const job = l.cluster.submit(l.job());
  const rows = l.settle(model(engine, ops), job);
  expect(l.failures()).toEqual([]);
  return rows;
}

describe.each(fileSystems)('Paimon sink into a fixed-bucket primary-key table on %s', (_name, fileIO) => {
  const lab = (seed: number, engine: Engine, options: Record<string, string> = {}) =>
    pkLab(seed, engine, { 'num-sorted-run.compaction-trigger': '2', ...options }, fileIO());

  it.each(['deduplicate', 'sum'] as const)(
    '(a) %s: upserts and deletes give the merged table; $snapshots has APPEND and COMPACT snapshots with checkpoint ids as identifiers, one commit user',
    (engine) => {
      const l = lab(1, engine);
      const job = l.cluster.submit(l.job());
      const all = feed(l, job, chunksOf(engine, 0, 6));
      expect(l.settle(model(engine, all), job)).toEqual(model(engine, all));
      expect(l.failures()).toEqual([]);
      const snaps = l.snapshots();
      expect(new Set(snaps.map((s) => s[2])).size).toBe(1);
      const appends = snaps.filter((s) => s[1] === 'APPEND').map((s) => Number(s[3]));
      // one APPEND per checkpoint while writers are open: identifiers 1, 2, 3, … (checkpoint ids)
      expect(appends).toEqual(appends.map((_, i) => i + 1));
      const compacts = snaps.filter((s) => s[1] === 'COMPACT');
      expect(compacts.length).toBeGreaterThan(2);
      for (const c of compacts) {
        // a COMPACT snapshot directly follows the APPEND snapshot of the same checkpoint
        const previous = snaps.find((s) => s[0] === c[0] - 1)!;
        expect([previous[1], previous[3]]).toEqual(['APPEND', c[3]]);
      }
      // the sum table is not a deduplicated one: some key was written several times and summed
      if (engine === 'sum') expect(model('sum', all)).not.toEqual(model('deduplicate', all));
    },
  );

  it.each(['deduplicate', 'sum'] as const)(
    '(b) %s: failovers mid-stream (source and writer crashes) give the failure-free table',
    (engine) => {
      const l = lab(2, engine);
      const job = l.cluster.submit(l.job({ intervalMs: 30 }));
      const all = feed(l, job, chunksOf(engine, 0, 3));
      job.failTask('source', 0);
      all.push(...feed(l, job, chunksOf(engine, 24, 3)));
      const writer = job.tasks.find((t) => t.hasOperator('Writer_kv'))?.index ?? 1;
      job.failTask('Writer_kv', writer);
      all.push(...feed(l, job, chunksOf(engine, 48, 2)));
      const rows = l.settle(model(engine, all), job);
      expect(l.failures().filter((f) => f === 'injected failure')).toHaveLength(2);
      expect(job.status).toBe('RUNNING');
      expect(rows).toEqual(model(engine, all));
      expect(rows).toEqual(failureFree(engine, all, { 'num-sorted-run.compaction-trigger': '2' }));
    },
  );

  it('(b) a restored committable carrying a compaction is re-committed as APPEND + COMPACT, one intentional failover', () => {
    const l = lab(3, 'deduplicate');
    const job = l.cluster.submit(l.job());
    const all = feed(l, job, chunksOf('deduplicate', 0, 3));
    // the notifications of the next two checkpoints never reach the committer; then a task crashes
    const k = job.coordinator.latestCompleted + 1;
    l.cluster.faults.dropNotification = (id, task) => task.startsWith('Global Committer') && id >= k;
    for (const chunk of chunksOf('deduplicate', 24, 2)) {
      all.push(...chunk);
      l.publish(chunk);
      const c = job.coordinator.latestCompleted;
      l.cluster.run({ until: () => job.coordinator.latestCompleted > c, maxSteps: 200_000 });
    }
    const last = job.coordinator.latestCompleted;
    expect(l.snapshots().every((s) => Number(s[3]) < k)).toBe(true);
    l.cluster.faults.dropNotification = undefined;
    job.failTask('source', 0);
    const rows = l.settle(model('deduplicate', all), job);
    expect(l.failures()).toEqual(['injected failure', INTENTIONAL]);
    expect(rows).toEqual(model('deduplicate', all));
    // checkpoints k..last, restored from the committer's state, are committed on restore; the compactions that
    // finished in them land as COMPACT snapshots with their identifiers
    const restoredIds = l.snapshots().filter((s) => Number(s[3]) >= k && Number(s[3]) <= last);
    expect(restoredIds.filter((s) => s[1] === 'APPEND').map((s) => Number(s[3]))).toEqual(
      Array.from({ length: last - k + 1 }, (_, i) => k + i),
    );
    expect(restoredIds.some((s) => s[1] === 'COMPACT')).toBe(true);
  });

  it('(c) sum: an OLD savepoint restored WITHOUT rollback double-counts the replayed changes; WITH rollback_to savepoint-<id> it equals the failure-free run', () => {
    const outcome = (rollback: boolean) => {
      const l = lab(4, 'sum');
      const job = l.cluster.submit(l.job());
      const before = feed(l, job, chunksOf('sum', 0, 3));
      // savepoint right after `before` is committed, while the writers are still open (idle writers close
      // two checkpoints after their last data; a savepoint without committables gets no tag)
      l.settle(model('sum', before), job, 0);
      let path = '';
      const s = job.triggerSavepoint((r) => {
        path = r.path;
      });
      const between = feed(l, job, chunksOf('sum', 24, 3));
      l.settle(model('sum', [...before, ...between]), job);
      expect(path).not.toBe('');
      expect(l.tags().some((t) => t.startsWith(`savepoint-${s}@`))).toBe(true);
      job.cancel();
      if (rollback) rollbackToTag(l.table(), `savepoint-${s}`);
      const after = changes('sum', 48, 60);
      l.publish(after);
      const restored = l.cluster.submit(l.job(), { restoreFrom: path });
      // replays `between` (the source restarts at the savepoint's offsets), then `after`
      const expected = rollback
        ? model('sum', [...before, ...between, ...after])
        : model('sum', [...before, ...between, ...between, ...after]);
      const rows = l.settle(expected, restored);
      expect(rows).toEqual(expected);
      expect(l.failures()).toEqual([]); // committable s is filtered (s <= the user's latest identifier): no error
      expect(restored.status).toBe('RUNNING');
      return { rows, all: [...before, ...between, ...after] };
    };
    const wrong = outcome(false);
    const right = outcome(true);
    expect(wrong.rows).not.toEqual(model('sum', wrong.all)); // double-counted
    expect(right.rows).toEqual(model('sum', right.all));
    expect(right.rows).toEqual(failureFree('sum', right.all, { 'num-sorted-run.compaction-trigger': '2' }));
  });

  it('(d1) deduplicate: an OLD savepoint restored WITHOUT rollback after later compactions: no error, re-upserts give the failure-free table', () => {
    // Paimon rule (TableCommitImpl.filterAndCommitMultiple): restored committables with identifier <= the
    // identifier of the commit user's latest snapshot are skipped, so nothing of the old savepoint is
    // re-committed (no conflict is possible), and writers restore their LSM trees from the table's LATEST
    // (compacted) snapshot, not from the savepoint. The source replays from the savepoint's offsets; replayed
    // upserts get higher sequence numbers, so `deduplicate` ends where a failure-free run ends.
    const l = lab(5, 'deduplicate');
    const job = l.cluster.submit(l.job());
    const before = feed(l, job, chunksOf('deduplicate', 0, 3));
    l.settle(model('deduplicate', before), job);
    let path = '';
    const s = job.triggerSavepoint((r) => {
      path = r.path;
    });
    const between = feed(l, job, chunksOf('deduplicate', 24, 4));
    l.settle(model('deduplicate', [...before, ...between]), job);
    job.cancel();
    const compactedSince = l.snapshots().filter((x) => x[1] === 'COMPACT' && Number(x[3]) > s);
    expect(compactedSince.length).toBeGreaterThan(0);
    const after = changes('deduplicate', 56, 64);
    l.publish(after);
    const restored = l.cluster.submit(l.job(), { restoreFrom: path });
    const all = [...before, ...between, ...after];
    const rows = l.settle(model('deduplicate', all), restored);
    expect(l.failures()).toEqual([]);
    expect(restored.status).toBe('RUNNING');
    expect(rows).toEqual(model('deduplicate', all));
    const snaps = l.snapshots();
    const firstNew = snaps.findIndex((x, i) => i > 0 && BigInt(x[3]) < BigInt(snaps[i - 1]![3]));
    expect(snaps[firstNew]![3]).toBe(String(s + 1)); // identifiers restart at s + 1, same commit user
    expect(new Set(snaps.map((x) => x[2])).size).toBe(1);
    // the restored job compacts on top of the compacted table without any conflict
    expect(snaps.slice(firstNew).some((x) => x[1] === 'COMPACT')).toBe(true);
  });

  it('(d2) a savepoint whose uncommitted committable carries a compaction, restored after another writer compacted the table: "File deletion conflicts detected!" once, then the job runs', () => {
    // Paimon rules: the savepoint's committable s was never committed (cancel before the next checkpoint), so
    // filterAndCommit keeps it (s > the user's latest identifier) and its files still exist (orphans), so the
    // existence check passes. Its APPEND part (new level-0 files) commits. Its COMPACT part deletes
    // compactBefore files that the dedicated compaction (another commit user) already removed:
    // ConflictDetection → "Trying to delete file … which is not previously added." wrapped in "File deletion
    // conflicts detected! Give up committing." The task fails; on the restart identifier s has a snapshot
    // (the APPEND), so s is filtered and the job runs: exactly one failover, the compaction result is dropped.
    const l = lab(6, 'deduplicate');
    const job = l.cluster.submit(l.job({ intervalMs: 1_000_000 }));
    const checkpoint = (ops: Op[]) => {
      l.publish(ops);
      l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 100 });
      const id = job.triggerCheckpoint();
      l.cluster.run({ until: () => l.snapshots().some((x) => x[3] === String(id)), maxSteps: 200_000 });
    };
    const all: Op[] = [];
    for (let k = 0; k < 3; k++) {
      const ops = changes('deduplicate', k * 8, k * 8 + 8);
      all.push(...ops);
      checkpoint(ops);
    }
    const last = changes('deduplicate', 24, 32);
    all.push(...last);
    l.publish(last);
    l.cluster.run({ untilMs: l.cluster.clock.nowMs() + 100 });
    let path = '';
    const s = job.triggerSavepoint((r) => {
      path = r.path;
    });
    l.cluster.run({ until: () => path !== '', maxSteps: 200_000 });
    job.cancel(); // savepoint s committed nothing
    expect(l.snapshots().some((x) => x[3] === String(s))).toBe(false);
    // a dedicated compaction job (its own commit user) fully compacts both buckets
    const table = l.table();
    const builder = table.newBatchWriteBuilder();
    const write = builder.newWrite();
    write.compact([], 0);
    write.compact([], 1);
    builder.newCommit().commit(write.prepareCommit());
    const user = l.snapshots()[0]![2];
    expect(l.snapshots().at(-1)!.slice(1, 3)).toEqual(['COMPACT', expect.not.stringMatching(user)]);

    const restored = l.cluster.submit(l.job(), { restoreFrom: path });
    const rows = l.settle(model('deduplicate', all), restored);
    const failures = l.failures();
    expect(failures).toHaveLength(1);
    expect(failures[0]!.split('\n')[0]).toBe('File deletion conflicts detected! Give up committing.');
    const cause = restored.failureCause!;
    expect(cause.message).toContain(`Current commit user is: ${user}`);
    expect((cause.cause as Error).message).toMatch(
      /^Trying to delete file data-.* for table db\.kv which is not previously added\.$/,
    );
    expect(restored.status).toBe('RUNNING');
    expect(rows).toEqual(model('deduplicate', all));
    const ofS = l.snapshots().filter((x) => x[3] === String(s));
    expect(ofS.map((x) => x[1])).toEqual(['APPEND']); // the COMPACT part was given up
    expect(l.tags()).toEqual([`savepoint-${s}@${l.snapshots().find((x) => x[3] === String(s))![0]}`]);
  });
});

describe('Paimon sink writer on a primary-key table (operator harness)', () => {
  const setup = (options: Record<string, string>) => {
    const l = pkLab(7, 'deduplicate', { bucket: '1', 'num-sorted-run.compaction-trigger': '2', ...options });
    const open = () => l.catalog.getTable('db.kv');
    const writer = new OperatorTestHarness(new PaimonWriterOperator(open, 'u', 'op')).initializeState();
    const committer = new OperatorTestHarness(
      new PaimonCommitterOperator(open, 'u', false),
    ).initializeState();
    const messages: CommitMessage[][] = [];
    const checkpoint = (id: number, ops: Op[]) => {
      for (const op of ops) writer.processElement({ id: BigInt(op.id), v: BigInt(op.v), op: op.kind });
      writer.snapshot(id);
      const out = writer.output.splice(0).map((c) => c.value as { message: CommitMessage });
      messages.push(out.map((c) => c.message));
      for (const c of out) committer.processElement(c);
      committer.snapshot(id);
      committer.notifyOfCompletedCheckpoint(id);
    };
    const shape = (i: number) =>
      messages[i]!.map((m) => [m.newFiles.length, m.compactBefore.length, m.compactAfter.length]);
    return { l, checkpoint, shape, messages };
  };

  it('a compaction started at checkpoint n is committed at n + 1 as COMPACT; a compaction-only increment keeps the writer open', () => {
    const { l, checkpoint, shape } = setup({});
    checkpoint(1, [{ id: 1, v: 1, kind: '+I' }]);
    checkpoint(2, [{ id: 1, v: 2, kind: '+U' }]); // 2 sorted runs: compaction submitted, still running
    checkpoint(3, []);
    checkpoint(4, []);
    checkpoint(5, []);
    checkpoint(6, []);
    // [newFiles, compactBefore, compactAfter] per committable
    expect([1, 2, 3, 4, 5].map((i) => shape(i - 1))).toEqual([
      [[1, 0, 0]],
      [[1, 0, 0]],
      [[0, 2, 1]], // only compaction changes: counts as modified at 3
      [[0, 0, 0]], // 3 < 3 is false: stays open
      [[0, 0, 0]], // 3 < 4: emitted, then closed
    ]);
    expect(shape(5)).toEqual([]); // closed: nothing more
    expect(l.snapshots().map((s) => `${s[3]}:${s[1]}`)).toEqual([
      '1:APPEND',
      '2:APPEND',
      '3:APPEND',
      '3:COMPACT',
      '4:APPEND',
      '5:APPEND',
    ]);
    expect(l.rows()).toEqual([[1, 2]]);
  });

  it("with sim.compaction.async = 'false' the compaction lands in the checkpoint that started it", () => {
    const { checkpoint, shape } = setup({ 'sim.compaction.async': 'false' });
    checkpoint(1, [{ id: 1, v: 1, kind: '+I' }]);
    checkpoint(2, [{ id: 2, v: 2, kind: '+I' }]);
    expect(shape(1)).toEqual([[1, 2, 1]]);
  });

  it('rejects an unknown kind in the record property, naming the table and record', () => {
    const { l } = setup({});
    const open = () => l.catalog.getTable('db.kv');
    const writer = new OperatorTestHarness(new PaimonWriterOperator(open, 'u', 'op')).initializeState();
    let error: SinkWriteError | undefined;
    try {
      writer.processElement({ id: 1n, v: 1n, op: 'X' });
    } catch (e) {
      error = e as SinkWriteError;
    }
    expect(error?.message).toBe(
      "Record property 'op' (sink option rowKindProperty): unknown row kind 'X' (expected one of +I, -U, +U, -D) (table db.kv, record {id: 1, v: 1, op: \"X\"})",
    );
  });

  it("takes the kind from the table's rowkind.field column when the table has one", () => {
    const l = pkLab(8, 'deduplicate');
    l.catalog.createTable('db.kinds', {
      fields: [
        { name: 'id', type: 'BIGINT NOT NULL' },
        { name: 'v', type: 'BIGINT' },
        { name: 'k', type: 'STRING' },
      ],
      primaryKeys: ['id'],
      options: { bucket: '1', 'rowkind.field': 'k' },
    });
    const open = () => l.catalog.getTable('db.kinds');
    const writer = new OperatorTestHarness(new PaimonWriterOperator(open, 'u')).initializeState();
    const committer = new OperatorTestHarness(
      new PaimonCommitterOperator(open, 'u', false),
    ).initializeState();
    for (const [id, k] of [
      [1n, '+I'],
      [2n, '+I'],
      [1n, '-D'],
    ] as const)
      writer.processElement({ id, v: 5n, k });
    writer.snapshot(1);
    for (const c of writer.output.splice(0)) committer.processElement(c.value);
    committer.snapshot(1);
    committer.notifyOfCompletedCheckpoint(1);
    expect(open().newReadBuilder().readRows()).toEqual([{ id: 2n, v: 5n, k: '+I' }]);
  });
});

describe('Paimon sink: end of input and dynamic buckets', () => {
  it('stop-with-savepoint --drain commits every row: EndOfData reaches writers before the drain barrier completes', () => {
    const l = pkLab(1, 'deduplicate', { 'num-sorted-run.compaction-trigger': '2' });
    const job = l.cluster.submit(l.job());
    const all = changes('deduplicate', 0, 30);
    l.publish(all.slice(0, 15));
    l.cluster.run({ untilMs: 120 });
    l.publish(all.slice(15));
    l.cluster.run({ untilMs: 135 });
    job.stopWithSavepoint(true);
    l.cluster.run({ until: () => job.status === 'FINISHED' });
    expect(l.snapshots().some(([, kind, , id]) => kind === 'APPEND' && id === '9223372036854775807')).toBe(
      true,
    );
    // Resuming from the savepoint reads on after the savepoint's offsets: rows the drained job read but did
    // not commit would be lost for good.
    const savepoint = (job.stopResult as { path: string }).path;
    const resumed = l.cluster.submit(l.job(), { restoreFrom: savepoint });
    expect(l.settle(model('deduplicate', all), resumed)).toEqual(model('deduplicate', all));
  });

  it('writes a dynamic-bucket table (bucket = -1) with parallel writers: each key in one bucket, equal to the model', () => {
    const l = pkLab(3, 'deduplicate', { bucket: '-1', 'dynamic-bucket.target-row-num': '2' });
    const job = l.cluster.submit(l.job());
    const all = changes('deduplicate', 0, 40);
    l.publish(all);
    expect(l.settle(model('deduplicate', all), job)).toEqual(model('deduplicate', all));
    const table = l.table();
    const entries = table.newReadBuilder().plan();
    expect(new Set(entries.map((e) => e.bucket)).size).toBeGreaterThan(2);
    expect(entries.every((e) => e.totalBuckets === -1)).toBe(true);
    expect(table.snapshotManager.latestSnapshot()!.indexManifest).toBeDefined();
  });

  it('a dynamic-bucket table restored at a different parallelism: assigners keep known keys, each bucket one writer', () => {
    const l = pkLab(5, 'deduplicate', { bucket: '-1', 'dynamic-bucket.target-row-num': '2' });
    const build = (parallelism: number) => {
      const env = new StreamEnvironment({ parallelism, checkpointing: { intervalMs: 30 } });
      const stream = env.fromSource<Row>(() => new LogSource(l.topic), { uid: 'source' });
      sinkToPaimon(stream, l.table, { rowKindProperty: 'op' });
      return env.build('dynamic');
    };
    const job = l.cluster.submit(build(2));
    expect(job.tasks.some((t) => t.hasOperator('dynamic-bucket-assigner_kv'))).toBe(true);
    const first = changes('deduplicate', 0, 30);
    l.publish(first);
    l.settle(model('deduplicate', first), job);
    const savepointId = job.stopWithSavepoint();
    l.cluster.run({ until: () => job.status === 'FINISHED' });
    expect(savepointId).toBeGreaterThan(0);
    const resumed = l.cluster.submit(build(3), { restoreFrom: (job.stopResult as { path: string }).path });
    const second = changes('deduplicate', 30, 70);
    l.publish(second);
    const all = [...first, ...second];
    expect(l.settle(model('deduplicate', all), resumed)).toEqual(model('deduplicate', all));
    const seen = new Map<bigint, Set<number>>();
    const table = l.table();
    for (const e of table.newReadBuilder().plan())
      for (const row of new TableRead(table).read([e]))
        seen.set(row.id as bigint, new Set([...(seen.get(row.id as bigint) ?? []), e.bucket]));
    for (const set of seen.values()) expect(set.size).toBe(1);
    expect(l.failures()).toEqual([]);
  });

  it('a dynamic-bucket table survives writer and source failovers: no key in two buckets, equal to the model', () => {
    const l = pkLab(4, 'sum', { bucket: '-1', 'dynamic-bucket.target-row-num': '2' });
    const job = l.cluster.submit(l.job({ intervalMs: 30 }));
    const first = changes('sum', 0, 20);
    l.publish(first);
    l.cluster.run({ untilMs: 150 });
    const writer = job.tasks.find((t) => t.hasOperator('Writer_kv'))?.index ?? 1;
    job.failTask('Writer_kv', writer);
    const second = changes('sum', 20, 40);
    l.publish(second);
    l.cluster.run({ untilMs: 400 });
    job.failTask('source', 0);
    const all = [...first, ...second];
    expect(l.settle(model('sum', all), job)).toEqual(model('sum', all));
    expect(l.failures().filter((f) => f === 'injected failure')).toHaveLength(2);
    const buckets = new Map<bigint, Set<number>>();
    const table = l.table();
    for (const e of table.newReadBuilder().plan())
      for (const row of new TableRead(table).read([e]))
        buckets.set(row.id as bigint, new Set([...(buckets.get(row.id as bigint) ?? []), e.bucket]));
    for (const set of buckets.values()) expect(set.size).toBe(1);
  });
});
